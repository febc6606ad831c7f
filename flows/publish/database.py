"""gwr.duckdb: the release's tables in a ready-to-query DuckDB database.

Built by running the release's own ``load_duckdb.sql`` (generated from the pandera models:
types, primary and foreign keys, CHECK constraints, column comments) against its Parquet
files, so the shipped database and the script users run for themselves cannot disagree.

The file is written in the storage format of DuckDB 1.1 (``STORAGE_VERSION``), the oldest
version ``pyproject.toml`` supports, so DuckDB 1.1 and later, and the BI tools that bundle a 1.x
driver, open it; a newer DuckDB writes its own newer format unless told.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from flows.publish.docs import DATABASE_FILE

STORAGE_VERSION = "v1.1.0"
"""The oldest DuckDB that must open gwr.duckdb (pyproject.toml: duckdb>=1.1)."""


def build_database(folder: Path, sql: str) -> Path:
    """Create ``folder/gwr.duckdb`` from the Parquet files in ``folder`` by running ``sql``."""
    folder = Path(folder)
    path = folder / DATABASE_FILE
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path), config={"storage_compatibility_version": STORAGE_VERSION})
    try:
        con.execute(f"SET file_search_path = '{_quote(str(folder))}'")
        con.execute(sql)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def _quote(text: str) -> str:
    return text.replace("'", "''")
