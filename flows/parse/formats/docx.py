"""A Word file (.docx): its body's paragraphs and tables in document order (python-docx).

Page headers and footers are not part of the body, so running heads and page numbers never
come in. A table row becomes one line with its cells apart by a tab (the flattened-table
form ``flows.parse.tables`` reads).
"""
from __future__ import annotations

import io
import zipfile

from flows.parse.reading import ReportError


def docx_text(data: bytes) -> tuple[list[str], dict[str, int]]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    from flows.parse.formats import tidy_lines

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
