"""gwr.xlsx: the release's tables as one Excel workbook, for people who open data in Excel or
LibreOffice rather than import a CSV.

One sheet per table (its rows in primary-key order, read from the release's own Parquet file),
a header row of column names, and a last sheet ``about`` with every column's type and
description (EN + 中文) from the pandera models. Text columns are written as text cells (ids,
``adcode`` with its leading zeros, ``value_text`` "7.4%" stay exactly as published, Chinese
intact: xlsx stores Unicode, so no import dialog is needed); numbers as numbers, booleans as
booleans, dates as dates, nulls as empty cells. A text cell is never read as a formula, so the
CSV's ``'`` guard is not needed here: every cell holds exactly the published value.

Excel's limit is 1,048,576 rows a sheet (one of them the header): a table with more rows
continues on sheets ``<table> (2)``, ``<table> (3)`` …, each with the header, so nothing is
lost; the ``about`` sheet says which sheets hold which table.

Written with XlsxWriter (well kept, streams rows in ``constant_memory`` mode so memory does not
grow with the table) and the release's ``created`` time as the document's date, so the same
release gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq
import xlsxwriter

from schemas import TABLES, columns

WORKBOOK_FILE = "gwr.xlsx"
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CHARS = 32_767
"""Excel's limits: rows in a sheet, characters in a cell."""
ABOUT_SHEET = "about"


class WorkbookError(ValueError):
    """A value the workbook cannot hold as it is (the release is refused rather than cut)."""


def sheet_names(table: str, rows: int, *, max_rows: int = EXCEL_MAX_ROWS) -> list[str]:
    """The sheets a table of ``rows`` rows takes: ``table``, then ``table (2)`` … past the limit."""
    per_sheet = max_rows - 1
    n = max(1, -(-rows // per_sheet))
    return [table if k == 0 else f"{table} ({k + 1})" for k in range(n)]


def _created(created: str) -> dt.datetime:
    return dt.datetime.fromisoformat(created.replace("Z", "+00:00")).replace(tzinfo=None)


def write_workbook(folder: Path, *, created: str, max_rows: int = EXCEL_MAX_ROWS) -> Path:
    """Write ``folder/gwr.xlsx`` from the Parquet files in ``folder``."""
    folder = Path(folder)
    path = folder / WORKBOOK_FILE
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                           "strings_to_formulas": False, "strings_to_urls": False})
    try:
        book.set_properties({"title": "Government work reports as open data 政府工作报告开放数据",
                             "created": _created(created)})
        bold = book.add_format({"bold": True})
        date = book.add_format({"num_format": "yyyy-mm-dd"})
        placed: dict[str, list[str]] = {}
        for name in TABLES:
            cols = columns(name)
            kinds = [c.type for c in cols]
            table = pq.read_table(folder / f"{name}.parquet", columns=[c.name for c in cols])
            names = sheet_names(name, table.num_rows, max_rows=max_rows)
            placed[name] = names
            per_sheet = max_rows - 1
            rows = iter(zip(*(table.column(c.name).to_pylist() for c in cols))) if table.num_rows else iter(())
            for k, sheet_name in enumerate(names):
                sheet = book.add_worksheet(sheet_name)
                sheet.freeze_panes(1, 0)
                for j, c in enumerate(cols):
                    sheet.write_string(0, j, c.name, bold)
                for i in range(1, min(per_sheet, table.num_rows - k * per_sheet) + 1):
                    for j, (value, kind) in enumerate(zip(next(rows), kinds)):
                        _write(sheet, i, j, value, kind, date=date, where=f"{sheet_name}!{cols[j].name} row {i + 1}")
        _about(book, placed, bold=bold)
    finally:
        book.close()
    return path


def _write(sheet, i: int, j: int, value, kind: str, *, date, where: str) -> None:
    if value is None:
        return
    if kind == "string":
        if len(value) > EXCEL_MAX_CHARS:
            raise WorkbookError(f"{where}: {len(value)} characters, more than a spreadsheet cell holds "
                                f"({EXCEL_MAX_CHARS})")
        sheet.write_string(i, j, value)
    elif kind == "boolean":
        sheet.write_boolean(i, j, bool(value))
    elif kind == "date":
        sheet.write_datetime(i, j, dt.datetime.combine(value, dt.time()), date)
    else:
        sheet.write_number(i, j, value)


def _about(book, placed: dict[str, list[str]], *, bold) -> None:
    sheet = book.add_worksheet(ABOUT_SHEET)
    header = ["table", "sheets", "column", "type", "unit", "description", "说明"]
    for j, h in enumerate(header):
        sheet.write_string(0, j, h, bold)
    i = 1
    for name in TABLES:
        for c in columns(name):
            for j, v in enumerate([name, ", ".join(placed[name]), c.name, c.type, c.unit or "",
                                   c.description, c.description_zh]):
                sheet.write_string(i, j, v)
            i += 1
