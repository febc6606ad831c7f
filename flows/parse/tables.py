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
