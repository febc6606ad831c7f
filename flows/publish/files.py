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
import io
import math
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
        return float(value)
    if kind == "boolean":
        return bool(value)
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return dt.date.fromisoformat(str(value)[:10])
    raise TypeError(kind)


def python_rows(df: pd.DataFrame, table: str) -> dict[str, list[Any]]:
    """Column name -> list of plain Python values (None for null), in the model's column order."""
    return {c.name: [_python(v, c.type) for v in df[c.name].tolist()] for c in columns(table)}


def to_arrow(df: pd.DataFrame, table: str) -> pa.Table:
    schema = arrow_schema(table)
    data = python_rows(df, table)
    arrays = [pa.array(data[f.name], type=f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def write_parquet(df: pd.DataFrame, table: str, path: Path) -> None:
    arrow = to_arrow(df, table)
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


def csv_text(df: pd.DataFrame, table: str) -> str:
    cols: list[Column] = columns(table)
    data = python_rows(df, table)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator=CSV_LINE_TERMINATOR)
    writer.writerow([c.name for c in cols])
    for i in range(len(df)):
        writer.writerow([csv_cell(data[c.name][i], c.type) for c in cols])
    return buf.getvalue()


def write_csv(df: pd.DataFrame, table: str, path: Path) -> None:
    path.write_bytes(csv_text(df, table).encode("utf-8-sig"))


def row_keys(df: pd.DataFrame, table: str) -> dict[str, tuple[str, ...]]:
    """Primary key -> the row as CSV cells (unguarded), for comparing releases row by row."""
    spec = TABLES[table]
    cols = [c for c in columns(table) if c.name in df.columns]
    data = {c.name: [_python(v, c.type) for v in df[c.name].tolist()] for c in cols}
    out = {}
    for i, key in enumerate(data[spec.primary_key]):
        out[str(key)] = tuple(f"{c.name}={csv_cell(data[c.name][i], c.type, guard=False)}" for c in cols)
    return out


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
