"""datapackage.json (Frictionless Data Package v2), generated from the pandera models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flows.publish.files import CSV_LINE_TERMINATOR, sha256_file
from flows.publish.workbook import WORKBOOK_FILE
from schemas import TABLES, Column, columns

DATABASE_FILE = "gwr.duckdb"
"""The ready-to-query DuckDB database in every release (built by flows.publish.database)."""

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
NAME = "gov-work-reports"
TITLE = "Chinese local-government work reports (政府工作报告) as open data"
DESCRIPTION = (
    "Quantitative facts, pledges and places extracted from Chinese local-government work "
    "reports, with character offsets back into the source texts. "
    "从中国地方政府工作报告中抽取的数量事实、承诺事项和地点，附源文本字符位置。"
)
LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0"}
TABLE_SCHEMA_TYPES = {"string": "string", "integer": "integer", "number": "number",
                      "boolean": "boolean", "date": "date"}


def describe(c: Column) -> str:
    text = f"{c.description} — {c.description_zh}"
    if c.unit:
        text += f" Unit 单位: {c.unit}."
    return text


def table_schema_field(c: Column, *, primary_key: str) -> dict[str, Any]:
    f: dict[str, Any] = {"name": c.name, "type": TABLE_SCHEMA_TYPES[c.type], "title": f"{c.title} {c.title_zh}",
                         "description": describe(c)}
    if c.type == "date":
        f["format"] = "default"  # ISO 8601 YYYY-MM-DD
    if c.type == "boolean":
        f["trueValues"], f["falseValues"] = ["true"], ["false"]
    constraints: dict[str, Any] = {}
    if not c.nullable:
        constraints["required"] = True
    if c.unique or c.name == primary_key:
        constraints["unique"] = True
    if c.enum:
        constraints["enum"] = list(c.enum)
    if c.pattern:
        constraints["pattern"] = c.pattern.removeprefix("^").removesuffix("$")
    if c.minimum is not None and c.type in ("integer", "number"):
        constraints["minimum"] = c.minimum
    if c.maximum is not None and c.type in ("integer", "number"):
        constraints["maximum"] = c.maximum
    if c.min_length is not None and c.type == "string":
        constraints["minLength"] = c.min_length
    if constraints:
        f["constraints"] = constraints
    return f


def table_schema(table: str, *, resource_suffix: str) -> dict[str, Any]:
    spec = TABLES[table]
    return {
        "fields": [table_schema_field(c, primary_key=spec.primary_key) for c in columns(spec)],
        "missingValues": [""],
        "primaryKey": [spec.primary_key],
        "foreignKeys": [
            {"fields": [fk.column],
             "reference": {"resource": fk.table + resource_suffix, "fields": [fk.ref_column]}}
            for fk in spec.foreign_keys
        ],
    }


def _source(s: dict) -> dict[str, Any]:
    """A Data Package source: the file, and where it was published when sources.csv says."""
    described = [f"sha256:{s['sha256']}, {s['bytes']} bytes"]
    if s.get("publisher"):
        described.append(f"published by {s['publisher']}")
    if s.get("published_on"):
        described.append(f"on {s['published_on']}")
    return {"title": s["source_file"], "path": s.get("source_url") or s["source_file"],
            "description": ", ".join(described)}


def build_datapackage(folder: Path, *, version: str, created: str, sources: list[dict]) -> dict[str, Any]:
    """Describe the data files in `folder` (they must already be written)."""
    resources = []
    for name, spec in TABLES.items():
        parquet, csv = folder / f"{name}.parquet", folder / f"{name}.csv"
        # The CSV files are the package's tables (full Table Schema with keys and constraints);
        # each Parquet file is described as a plain file of the same table, checked by bytes
        # and sha256. Why: frictionless 5.21's stock Parquet reader neither counts bytes nor
        # keeps nulls (NaN), so a Parquet *table* resource fails `frictionless validate` on
        # any machine without our plugin (flows/publish/frictionless_parquet.py).
        resources.append({
            "name": f"{name}-parquet",
            "type": "file",
            "path": parquet.name,
            "title": f"{spec.title} {spec.title_zh} (Parquet)",
            "description": (f"{spec.description} {spec.description_zh} Typed Parquet file with the same "
                            f"columns and rows as the `{name}` table (see its schema)."),
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "bytes": parquet.stat().st_size,
            "hash": f"sha256:{sha256_file(parquet)}",
        })
        resources.append({
            "name": name,
            "type": "table",
            "path": csv.name,
            "title": f"{spec.title} {spec.title_zh} (CSV)",
            "description": (f"{spec.description} {spec.description_zh} Text cells beginning with "
                            "= + - @ tab CR or ' carry one extra leading ' (formula-injection guard)."),
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "bytes": csv.stat().st_size,
            "hash": f"sha256:{sha256_file(csv)}",
            "dialect": {"delimiter": ",", "lineTerminator": CSV_LINE_TERMINATOR, "quoteChar": '"',
                        "doubleQuote": True, "header": True},
            "schema": table_schema(name, resource_suffix=""),
        })
    database = folder / DATABASE_FILE
    if database.exists():
        resources.append({
            "name": "gwr-duckdb",
            "type": "file",
            "path": DATABASE_FILE,
            "title": "DuckDB database (all tables)",
            "description": ("Every table in one DuckDB database with types, primary and foreign "
                            "keys and column comments, built from the Parquet files by load_duckdb.sql. "
                            "Open it read-only: duckdb.connect('gwr.duckdb', read_only=True)."),
            "format": "duckdb",
            "mediatype": "application/octet-stream",
            "bytes": database.stat().st_size,
            "hash": f"sha256:{sha256_file(database)}",
        })
    workbook = folder / WORKBOOK_FILE
    if workbook.exists():
        resources.append({
            "name": "gwr-xlsx",
            "type": "file",
            "path": WORKBOOK_FILE,
            "title": "Excel workbook (all tables)",
            "description": ("Every table on its own sheet (ids, codes and value_text as text cells, "
                            "Chinese intact), for Excel and LibreOffice; the 'about' sheet describes "
                            "every column. A table past Excel's 1,048,576 rows continues on "
                            "'<table> (2)'."),
            "format": "xlsx",
            "mediatype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "bytes": workbook.stat().st_size,
            "hash": f"sha256:{sha256_file(workbook)}",
        })
    return {
        "$schema": PROFILE,
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version.removeprefix("v"),
        "created": created,
        "licenses": [LICENSE],
        "sources": [_source(s) for s in sources],
        "resources": resources,
    }
