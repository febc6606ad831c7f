"""gwr.duckdb: the release's tables in a ready-to-query DuckDB database.

Built by running the release's own ``load_duckdb.sql`` (generated from the pandera models:
types, primary and foreign keys, CHECK constraints, column comments) against its Parquet
files, so the shipped database and the script users run for themselves cannot disagree.
"""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

import duckdb

from flows.publish.docs import DATABASE_FILE


def build_database(folder: Path, sql: str) -> Path:
    """Create ``folder/gwr.duckdb`` by running ``sql``, which names the Parquet files by their
    full paths (``load_duckdb_sql(parquet_dir=folder)``: any character in the path)."""
    folder = Path(folder)
    path = folder / DATABASE_FILE
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute(sql)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    fix_identifier(path)
    return path


# The one part of a DuckDB file that differs between two builds of the same tables (measured
# with DuckDB 2.0: 24 bytes, every time): its main header's random 16-byte database identifier
# and the header's checksum. DuckDB has no setting for it, so it is replaced by a digest of the
# rest of the file and the checksum recomputed: the same tables give the same bytes, which
# reproducible releases (SOURCE_DATE_EPOCH) need. Files written for the v1.0 storage format
# carry no identifier (zeros) and are left as they are, as is any header not laid out as below.
_HEADER = 4096  # the main header block: 8-byte checksum, then b"DUCK", version, ...
_IDENTIFIER = slice(124, 140)


def _checksum(block: bytes) -> int:
    """DuckDB's block checksum (``Checksum`` in src/common/checksum.cpp) of a block whose size
    is a multiple of 8: 5381, XOR of each little-endian 64-bit word times 0xbf58476d1ce4e5b9."""
    result = 5381
    for (word,) in struct.iter_unpack("<Q", block):
        result ^= (word * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    return result


def fix_identifier(path: Path) -> bool:
    """Replace the random database identifier of the DuckDB file ``path`` by a digest of its
    content; True when it did. A header it does not recognise is left alone."""
    with open(path, "r+b") as fh:
        header = bytearray(fh.read(_HEADER))
        if len(header) < _HEADER or header[8:12] != b"DUCK" \
                or struct.unpack("<Q", header[:8])[0] != _checksum(header[8:]) \
                or not any(header[_IDENTIFIER]):
            return False
        digest = hashlib.sha256()
        for chunk in iter(lambda: fh.read(2**20), b""):
            digest.update(chunk)
        header[_IDENTIFIER] = digest.digest()[:16]
        header[:8] = struct.pack("<Q", _checksum(header[8:]))
        fh.seek(0)
        fh.write(header)
    return True
