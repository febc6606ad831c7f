"""gwr.duckdb: the release's tables in a ready-to-query DuckDB database.

Built by running the release's own ``load_duckdb.sql`` (generated from the pandera models:
types, primary and foreign keys, CHECK constraints, column comments) against its Parquet
files, so the shipped database and the script users run for themselves cannot disagree.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from flows.publish.docs import DATABASE_FILE


def build_database(folder: Path, sql: str) -> Path:
    """Create ``folder/gwr.duckdb`` from the Parquet files in ``folder`` by running ``sql``."""
    folder = Path(folder)
    path = folder / DATABASE_FILE
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute(f"SET file_search_path = '{_quote(str(folder))}'")
        con.execute(sql)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def _quote(text: str) -> str:
    return text.replace("'", "''")
