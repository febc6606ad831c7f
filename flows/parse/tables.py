"""Tables flattened into lines of text: cells apart by tabs or runs of two or more spaces.

Statistical bulletins (and some reports) print tables this way:

    产品名称  单位  产量  比上年增长(%)
    原煤  万吨  120.5  -3.2

Structure uses ``is_table_row`` (a table line is neither a heading nor a pledge); indicator
extraction uses the header's labels and the cells' positions to measure bare numbers.
"""

from __future__ import annotations

import re

CELL_SEP_RE = re.compile(r"\t+|[ \u3000]{2,}")
# a header cell: a label without figures, or a year's column (2024年目标, 2023年)
_HEADER_CELL_RE = re.compile(r"[^0-9０-９]{1,16}|(?:19|20|１９|２０)[0-9０-９]{2}年[^0-9０-９]{0,10}")
# a cell holding a bare number (120.5, -3.2, １２０．５)
_NUMBER_CELL_RE = re.compile(r"[-+－]?[0-9０-９][0-9０-９,.．]*")


def table_cells(line: str) -> list[str]:
    """The cells of a flattened table line (粮食  52.6万吨  -1.2%); [] for a line of prose."""
    cells = [c for c in CELL_SEP_RE.split(line.strip()) if c]
    return cells if len(cells) >= 2 else []


def cell_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of ``line``, in order."""
    spans, pos = [], len(line) - len(line.lstrip())
    for m in CELL_SEP_RE.finditer(line, pos):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(line.rstrip()):
        spans.append((pos, len(line.rstrip())))
    return spans


def table_header(line: str) -> list[str] | None:
    """The column labels of a table's header line (产品名称  产量  比上年增长), else None."""
    cells = table_cells(line)
    if len(cells) < 2 or not all(_HEADER_CELL_RE.fullmatch(c.replace("(%)", "").replace("（%）", "")) for c in cells):
        return None
    return cells


def is_table_row(text: str) -> bool:
    """A line of a flattened table: a row with a bare number cell after its label
    (原煤  万吨  120.5  -3.2), or three cells or more without a sentence's punctuation
    (指标  单位  2024年目标)."""
    cells = table_cells(text)
    if any(_NUMBER_CELL_RE.fullmatch(c) for c in cells[1:]):
        return True
    return len(cells) >= 3 and not re.search(r"[。，,；;！!？?]", text)


# ---------------------------------------------------------------- one cell a line
# Bulletin tables copied from a web page often come one cell a line: the header's labels,
# then each row's cells on consecutive lines. Such a run is read as a table only when its
# header names a table's columns and every row that follows has exactly the header's width,
# a label first, its unit (if the header has a 单位 column) and bare numbers in the rest.
_LABEL_COLUMN = re.compile(r"指标|项目|名称")
_VALUE_COLUMN = re.compile(r"单位|绝对数|增长|比上年|总量|数值|%|％")
_MAX_COLUMNS = 8
_MAX_CELL = 20  # a cell of a copied table is short; a line of prose is not a cell
_SENTENCE_MARKS = re.compile(r"[。，,；;！!？?]")  # a label may hold a colon: 其中：小麦
_EMPTY_CELL = re.compile(r"[-－—–…/／]+")
_HEADER_ONLY = re.compile(r"单位|绝对数|比上年|[%％][)）]?$")
_YEAR_COLUMN = re.compile(r"(?:19|20)[0-9]{2}年")


def _header_widths(cells: list[str], start: int) -> list[int]:
    """The widths a one-cell-a-line header from ``start`` may have (指标名称⏎单位⏎绝对数⏎比上年增长(%)):
    a label column first, then cells naming values (单位, 绝对数, 比上年增长, 2024年). A row label
    that names a value too (…增长率) may look like one more header cell: every width is tried."""
    if not _LABEL_COLUMN.search(cells[start]) or re.search(r"[0-9０-９]", cells[start]):
        return []
    width = 1
    while (start + width < len(cells) and width < _MAX_COLUMNS
           and _HEADER_CELL_RE.fullmatch(cells[start + width].replace("(%)", "").replace("（%）", ""))
           and (_VALUE_COLUMN.search(cells[start + width]) or _YEAR_COLUMN.fullmatch(cells[start + width]))):
        width += 1
    # a cell no row label would be (单位, 绝对数, 比上年增长(%)) belongs to the header
    least = max((k + 1 for k in range(width) if _HEADER_ONLY.search(cells[start + k])), default=0)
    return list(range(width, max(least, 3) - 1, -1))


def _fits(row: list[str], unit_col: int | None) -> bool:
    """A row of a one-cell-a-line table: a label, its unit, bare numbers (or a dash for none)."""
    label, rest = row[0], row[1:]
    if _NUMBER_CELL_RE.fullmatch(label) or not any(_NUMBER_CELL_RE.fullmatch(c) for c in rest):
        return False
    for j, cell in enumerate(row[1:], start=1):
        if j == unit_col:
            if _NUMBER_CELL_RE.fullmatch(cell) or re.search(r"[0-9０-９]", cell):
                return False
        elif not (_NUMBER_CELL_RE.fullmatch(cell) or _EMPTY_CELL.fullmatch(cell)):
            return False
    return True


def cell_line_rows(lines: list[str]) -> list[tuple[int, int]]:
    """(first line, width) of each row — header included — of the one-cell-a-line tables in ``lines``."""
    rows: list[tuple[int, int]] = []
    i = 0
    short = [len(line.strip()) <= _MAX_CELL and not _SENTENCE_MARKS.search(line) for line in lines]
    cells = [line.strip() for line in lines]
    while i < len(lines):
        best: list[tuple[int, int]] = []
        for width in _header_widths(cells, i) if short[i] else []:
            if not all(short[i:i + width]):
                continue
            header = cells[i:i + width]
            unit_col = next((j for j, c in enumerate(header) if c in ("单位", "计量单位")), None)
            found, j = [(i, width)], i + width
            while j + width <= len(lines) and all(short[j:j + width]) and _fits(cells[j:j + width], unit_col):
                found.append((j, width))
                j += width
            if len(found) > 1 and len(found) * width > len(best) * (best[0][1] if best else 0):
                best = found
        if best:
            rows += best
            i = best[-1][0] + best[-1][1]
        else:
            i += 1
    return rows
