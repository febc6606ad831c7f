"""The release opens with the tools people already have: gwr.duckdb in DuckDB 1.1 (the oldest
version pyproject.toml supports) and gwr.xlsx in Excel or LibreOffice (read back here with
openpyxl, a reader other than the writer, and compared cell by cell with the CSVs)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from flows.publish.release import publish_release
from flows.publish.sample import sample_quality, sample_sources, sample_tables
from flows.publish.workbook import ABOUT_SHEET, EXCEL_MAX_ROWS, WorkbookError, sheet_names, write_workbook
from schemas import TABLES, columns

from conftest import REPO

T0 = dt.datetime(2024, 3, 1, 8, 0, 0, tzinfo=dt.timezone.utc)
OLD_DUCKDB_PYTHON = Path(os.environ.get("GWR_OLD_DUCKDB_PYTHON", REPO / ".venv-duckdb1.1" / "bin" / "python"))
"""A Python with duckdb 1.1.x installed (.ci/run makes one beside .venv)."""


def tricky_tables() -> dict[str, pd.DataFrame]:
    """The sample with cells a spreadsheet likes to change: a leading-zero code, a value that looks
    like a formula or a percentage, a date, a boolean, nulls."""
    tables = sample_tables()
    tables["pledges"].loc[0, "text"] = "=SUM(A1)＋“清废行动”，7.4%"
    tables["places"].loc[0, "adcode"] = "010800"
    return tables


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("open")
    publish_release(tricky_tables(), output_dir=out, sources=sample_sources(), quality=sample_quality(), now=T0)
    return out / "v1.0.0"


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def as_csv_text(value, kind: str) -> str:
    """A workbook cell as the CSV writes it (flows.publish.files conventions)."""
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "date":
        return value.date().isoformat()
    if kind == "integer":
        return str(int(value))
    if kind == "number":
        return repr(float(value))
    return value


def test_workbook_has_one_sheet_per_table_equal_to_its_csv(release):
    book = openpyxl.load_workbook(release / "gwr.xlsx", read_only=True)
    assert book.sheetnames == [*TABLES, ABOUT_SHEET]
    for name in TABLES:
        cols = columns(name)
        rows = list(book[name].iter_rows(values_only=True))
        assert list(rows[0]) == [c.name for c in cols]
        from_csv = read_csv(release / f"{name}.csv")
        assert len(rows) - 1 == len(from_csv) == len(tricky_tables()[name]), name
        for got, want in zip(rows[1:], from_csv):
            cells = {c.name: as_csv_text(v, c.type) for c, v in zip(cols, got)}
            # the CSV guards text that starts like a formula with a leading '; the workbook needs no guard
            want = {k: v[1:] if v.startswith("'") and cells[k] == v[1:] else v for k, v in want.items()}
            assert cells == want, name
    pledge = next(r for r in book["pledges"].iter_rows(min_row=2, values_only=True) if r[0] == "r-140825-2024-p001")
    assert "=SUM(A1)＋“清废行动”，7.4%" in pledge  # text, not a formula; Chinese intact
    place = next(r for r in book["places"].iter_rows(min_row=2, values_only=True) if r[0] == "pl-140800")
    assert "010800" in place  # a code keeps its leading zero


def test_workbook_cells_are_typed_text_where_the_schema_says_text(release):
    book = openpyxl.load_workbook(release / "gwr.xlsx")
    sheet = book["indicators"]
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2])}
    assert (row["value_text"].data_type, row["indicator_id"].data_type) == ("s", "s")
    assert (row["value"].data_type, row["is_main_target"].data_type) == ("n", "b")
    about = list(book[ABOUT_SHEET].iter_rows(min_row=2, values_only=True))
    assert ("indicators", "indicators", "value_text", "string") in {r[:4] for r in about}
    assert len(about) == sum(len(columns(t)) for t in TABLES)  # every column described


def test_a_table_past_the_row_limit_continues_on_numbered_sheets(release, tmp_path):
    assert sheet_names("indicators", EXCEL_MAX_ROWS - 1) == ["indicators"]
    assert sheet_names("indicators", EXCEL_MAX_ROWS) == ["indicators", "indicators (2)"]
    assert sheet_names("pledges", 0) == ["pledges"]
    for f in release.glob("*.parquet"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    write_workbook(tmp_path, created="2024-03-01T08:00:00Z", max_rows=3)  # 2 rows a sheet
    book = openpyxl.load_workbook(tmp_path / "gwr.xlsx", read_only=True)
    assert [n for n in book.sheetnames if n.startswith("indicators")] == ["indicators", "indicators (2)"]
    ids = [r[0] for n in ("indicators", "indicators (2)") for r in book[n].iter_rows(min_row=2, values_only=True)]
    assert ids == sorted(sample_tables()["indicators"]["indicator_id"])  # nothing lost, in key order
    assert [c.value for c in next(book["indicators (2)"].iter_rows(max_row=1))][0] == "indicator_id"


def test_the_same_release_gives_the_same_workbook(release, tmp_path):
    for f in release.glob("*.parquet"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    first = write_workbook(tmp_path, created="2024-03-01T08:00:00Z").read_bytes()
    assert write_workbook(tmp_path, created="2024-03-01T08:00:00Z").read_bytes() == first


def test_a_cell_longer_than_a_spreadsheet_holds_is_refused_with_its_place(release, tmp_path):
    for f in release.glob("*.parquet"):
        (tmp_path / f.name).write_bytes(f.read_bytes())
    table = pd.read_parquet(tmp_path / "pledges.parquet")
    table.loc[0, "text"] = "长" * 40_000
    import pyarrow as pa
    import pyarrow.parquet as pq
    from flows.publish.files import arrow_schema
    pq.write_table(pa.Table.from_pandas(table[[c.name for c in columns("pledges")]], schema=arrow_schema("pledges"),
                                        preserve_index=False), tmp_path / "pledges.parquet")
    with pytest.raises(WorkbookError, match=r"pledges!text row 2: 40000 characters, more than a spreadsheet "
                                            r"cell holds \(32767\)"):
        write_workbook(tmp_path, created="2024-03-01T08:00:00Z")


@pytest.mark.skipif(not OLD_DUCKDB_PYTHON.exists(), reason=f"no duckdb 1.1 at {OLD_DUCKDB_PYTHON} (.ci/run makes it)")
def test_gwr_duckdb_opens_in_duckdb_1_1(release):
    script = ("import duckdb, sys; assert duckdb.__version__.startswith('1.1'), duckdb.__version__; "
              "con = duckdb.connect(sys.argv[1], read_only=True); "
              "print(con.execute(\"SELECT count(*) FROM indicators WHERE indicator_code = 'gdp'\").fetchone()[0]); "
              "print(con.execute(\"SELECT region_name FROM reports\").fetchone()[0])")
    done = subprocess.run([str(OLD_DUCKDB_PYTHON), "-c", script, str(release / "gwr.duckdb")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["2", "新绛县"]
