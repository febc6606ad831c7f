"""A report file in, the report's text out: plain text, saved web pages, PDFs, Word files.

``read_source`` gives the text every published offset refers to (``texts/<report_id>.txt`` in
a release) and what was left out:

- ``.txt``: the file decoded exactly as ``open(path, encoding=E).read()`` gives it (see
  ``flows.parse.reading``); nothing is deleted, so offsets stay those of the file. Its
  boilerplate lines (下载/打印, 【字号：大 中 小】, 来源：…, 相关报道 …) are listed in
  ``excluded`` and never read for rows.
- ``.html``/``.htm``, ``.pdf``, ``.docx``: the report's text as the extractor finds it
  (``html.py``, ``pdf.py``, ``docx.py``), one paragraph a line, with its boilerplate lines
  removed.

``removed`` counts what was excluded or removed, by kind, for ``quality.json``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from flows.parse.boilerplate import boilerplate_lines, count_kinds
from flows.parse.cleaning import split_paragraphs
from flows.parse.reading import ReportError, decode_report

SOURCE_TYPES = {".txt": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}
"""File suffix -> reports.source_type. Any other suffix is named as unsupported."""


@dataclass(frozen=True)
class SourceText:
    text: str  # what every offset refers to
    encoding: str  # the source's text encoding (utf-8 for PDF and Word files, which store Unicode)
    source_type: str  # txt | html | pdf | docx
    excluded: tuple[tuple[int, int], ...] = ()  # spans of text never read for rows (boilerplate lines)
    removed: dict[str, int] = field(default_factory=dict)  # what was excluded or removed, by kind
    flags: tuple[str, ...] = ()  # what the reader doubts (a wrong charset, bytes lost, pages unread)


def source_type_of(source_file: str) -> str | None:
    return SOURCE_TYPES.get(PurePath(source_file).suffix.lower())


def unsupported_reason(source_file: str) -> str:
    suffix = PurePath(source_file).suffix.lower() or "(no extension)"
    kinds = " ".join(sorted(SOURCE_TYPES))
    return f"unsupported file type {suffix}: reports are read from {kinds}"


def read_source(source_file: str, data: bytes) -> SourceText:
    """The text of one report file; ``ReportError`` with the reason when it cannot be read."""
    kind = source_type_of(source_file)
    if kind is None:
        raise ReportError(unsupported_reason(source_file))
    if not data.strip():
        raise ReportError("empty file")
    if kind == "txt":
        decoded = decode_report(data)
        spans = split_paragraphs(decoded.text)
        found = boilerplate_lines([decoded.text[s:e] for s, e in spans])
        return SourceText(decoded.text, decoded.encoding, kind,
                          excluded=tuple(spans[i] for i in sorted(found)),
                          removed={"boilerplate_lines": len(found), **_prefixed(count_kinds(found))})
    flags: list[str] = []
    if kind == "html":
        from flows.parse.formats.html import html_text
        lines, encoding, removed, flags = html_text(data)
    elif kind == "pdf":
        from flows.parse.formats.pdf import pdf_text
        lines, removed = pdf_text(data)
        encoding = "utf-8"
        if blank := removed.get("pages_without_text"):
            flags.append(f"partial read: {blank} PDF page(s) gave no text (scanned or damaged)")
    else:
        from flows.parse.formats.docx import docx_text
        lines, removed = docx_text(data)
        encoding = "utf-8"
    found = boilerplate_lines(lines)
    text = "\n".join(line for i, line in enumerate(lines) if i not in found)
    if not text.strip():
        raise ReportError(f"no report text found in this {kind.upper()} file")
    return SourceText(text + "\n", encoding, kind,
                      removed={**removed, "boilerplate_lines": len(found), **_prefixed(count_kinds(found))},
                      flags=tuple(flags))


def _prefixed(kinds: dict[str, int]) -> dict[str, int]:
    return {f"boilerplate_{kind}": n for kind, n in kinds.items()}


def tidy_lines(text: str) -> list[str]:
    """Extracted text as its non-blank lines: universal newlines, no-break and ideographic
    spaces at the ends stripped, runs of spaces inside a line left as they are."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    return [line.strip() for line in text.split("\n") if line.strip()]
