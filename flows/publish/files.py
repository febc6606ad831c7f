"""Write one table as Parquet and CSV, byte for byte reproducibly.

Parquet: explicit Arrow schema generated from the pandera model (no pandas metadata),
zstd compression (level 3), dictionary-encoded string columns, rows sorted by primary key,
column descriptions in the Arrow field metadata, no timestamps.

CSV: UTF-8 with BOM, header row, comma, RFC 4180 quoting (csv.QUOTE_MINIMAL, ``"`` doubled),
``\\r\\n`` line endings, ISO 8601 dates, ``true``/``false``, floats in Python's shortest
round-trip form, codes as text, empty string for null. Text cells that begin with
``= + - @``, a tab, a carriage return or ``'`` get a leading ``'`` (formula-injection guard);
removing one leading ``'`` from a text cell gives back the original. Numeric columns are never
touched.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES, Column, columns

INJECTION_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "'")
CSV_LINE_TERMINATOR = "\r\n"
PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 3, "version": "2.6",
                   "data_page_version": "1.0", "write_statistics": True}

_ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}


def arrow_schema(table: str) -> pa.Schema:
    spec = TABLES[table]
    fields = [
        pa.field(c.name, _ARROW_TYPES[c.type], nullable=c.nullable, metadata={
            "title": c.title, "description": c.description, "description_zh": c.description_zh,
            **({"unit": c.unit} if c.unit else {}),
        })
        for c in columns(spec)
    ]
    return pa.schema(fields, metadata={"table": spec.name, "title": spec.title,
                                       "description": spec.description, "primary_key": spec.primary_key})


def _is_null(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _python(value: Any, kind: str) -> Any:
    if _is_null(value):
        return None
    if kind == "string":
        return str(value)
    if kind == "integer":
        return int(value)
    if kind == "number":
        number = float(value)
        if not math.isfinite(number):
            # the parser never yields one (it drops such figures); a last guard all the same:
            # INF in a CSV cell is no figure any reader can use
            raise ValueError(f"non-finite number {number!r} is never published")
        return number + 0.0  # -0.0 becomes 0.0: a sign on zero means nothing in a report
    if kind == "boolean":
        return bool(value)
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value)[:10])
    raise TypeError(kind)


def to_arrow(df: pd.DataFrame, table: str) -> pa.Table:
    """The table as Arrow, typed by the model. One column at a time: the plain Python values of
    a column (the canonical form shared with the CSV) live only until its array is built."""
    schema = arrow_schema(table)
    arrays = []
    for c, f in zip(columns(table), schema):
        try:
            arrays.append(_arrow_column(df[c.name], c, f.type))
        except ValueError as exc:
            raise ValueError(f"{table}.{c.name}: {exc}") from exc
    return pa.Table.from_arrays(arrays, schema=schema)


def _arrow_column(series: pd.Series, column: Column, arrow_type: pa.DataType) -> pa.Array:
    if column.type == "string" and isinstance(series.dtype, pd.StringDtype):
        # pandas keeps these strings in Arrow already: cast them, never making Python objects
        # (a 400,000-row column of sentences would take some 150 MB as Python strings)
        # one contiguous array, whatever chunks the frame was assembled from: the Parquet bytes
        # must not depend on how the rows were gathered
        array = pa.array(series, type=arrow_type, from_pandas=True)
        return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    return pa.array([_python(v, column.type) for v in series.tolist()], type=arrow_type)


def write_parquet(arrow: pa.Table, path: Path) -> None:
    strings = [f.name for f in arrow.schema if pa.types.is_string(f.type)]
    pq.write_table(arrow, path, use_dictionary=strings, **PARQUET_OPTIONS)


def csv_cell(value: Any, kind: str, *, guard: bool = True) -> str:
    """One CSV cell as text (see the module docstring for the conventions)."""
    if value is None:
        return ""
    if kind == "string":
        if guard and value.startswith(INJECTION_PREFIXES):
            return "'" + value
        return value
    if kind == "integer":
        return str(value)
    if kind == "number":
        if math.isinf(value):
            return "INF" if value > 0 else "-INF"
        return repr(value)
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "date":
        return value.isoformat()
    raise TypeError(kind)


CSV_BATCH_ROWS = 20_000
"""Rows turned into Python values at a time when writing CSV (bounds the memory it takes)."""


def _csv_rows(arrow: pa.Table, table: str) -> Iterator[list[str]]:
    kinds = [c.type for c in columns(table)]
    yield [c.name for c in columns(table)]
    for batch in arrow.to_batches(max_chunksize=CSV_BATCH_ROWS):
        data = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        for row in zip(*data):
            yield [csv_cell(v, k) for v, k in zip(row, kinds)]


def write_csv(arrow: pa.Table, table: str, path: Path) -> None:
    """Stream the rows of ``arrow`` (as made by ``to_arrow``) into ``path``."""
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator=CSV_LINE_TERMINATOR)
        writer.writerows(_csv_rows(arrow, table))


DIGEST_BATCH_ROWS = 50_000


def row_digests(arrow: pa.Table, key: str, names: list[str]) -> dict[str, int]:
    """Primary key -> hash of the row's values in ``names``, for counting the rows that changed
    between two releases without holding either as Python rows.

    Python's ``hash`` of the tuple of canonical values: salted per process, so digests are
    compared only within one run (both releases are hashed by the same process), and 64 bits
    make a missed change between two versions of one row practically impossible."""
    out: dict[str, int] = {}
    keys = arrow.column(key)
    offset = 0
    for batch in arrow.select(names).to_batches(max_chunksize=DIGEST_BATCH_ROWS):
        data = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        batch_keys = keys.slice(offset, batch.num_rows).to_pylist()
        out.update(zip(map(str, batch_keys), map(hash, zip(*data))))
        offset += batch.num_rows
    return out


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
