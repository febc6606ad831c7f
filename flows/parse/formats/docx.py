"""A Word file (.docx): its body's paragraphs and tables in document order (python-docx).

Page headers and footers are not part of the body, so running heads and page numbers never
come in. A table row becomes one line with its cells apart by a tab (the flattened-table
form ``flows.parse.tables`` reads).
"""
from __future__ import annotations

import io
import zipfile

from flows.parse.reading import ReportError

MAX_INFLATED_MB = 256
"""A Word file whose members inflate to more than this is refused unread. A long report with
its photos inflates to a few tens of MB; a zip bomb of 2 MB to gigabytes."""
MAX_RATIO = 100
"""Refused when a member larger than ``RATIO_FLOOR_MB`` inflated is compressed more than this:
Word's XML compresses about 5-15 times, pictures hardly; 1,000 times is a bomb."""
RATIO_FLOOR_MB = 8


def zip_bomb(data: bytes) -> str | None:
    """Why the ZIP ``data`` would inflate beyond what a report needs, or None. Read from the
    central directory, before anything is inflated; Python's zipfile never inflates a member
    beyond the size the directory declares (``ZipExtFile`` stops there and checks the CRC),
    so these sizes bound the memory the reading takes."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError):
        return None  # not a ZIP: the reader below names that
    total = sum(m.file_size for m in members)
    if total > MAX_INFLATED_MB * 2**20:
        return (f"refused: inflates to {total / 2**20:,.0f} MB from {len(data) / 2**20:.1f} MB "
                f"(a zip bomb? the limit is {MAX_INFLATED_MB} MB)")
    for m in members:
        if m.file_size > RATIO_FLOOR_MB * 2**20 and m.file_size > MAX_RATIO * max(1, m.compress_size):
            return (f"refused: {m.filename} inflates to {m.file_size / 2**20:,.0f} MB from "
                    f"{m.compress_size / 2**20:.1f} MB (a zip bomb? over {MAX_RATIO} times)")
    return None


def docx_text(data: bytes) -> tuple[list[str], dict[str, int]]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    from flows.parse.formats import tidy_lines

    if reason := zip_bomb(data):
        raise ReportError(reason)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReportError(f"not a readable Word (.docx) file: {type(exc).__name__}: {exc}") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [" ".join(tidy_lines(cell.text)) for cell in row.cells]
                if any(cells):
                    lines.append("\t".join(cells))
        else:
            lines.extend(tidy_lines(block.text))
    if not lines:
        raise ReportError("no text in this Word file")
    return lines, {}
