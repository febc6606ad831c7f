"""A saved web page: its declared charset, then the report's main content, one paragraph a line.

Charset: w3lib (Scrapy's) reads the byte-order mark and the page's own declaration
(``<meta charset>`` / ``http-equiv``), mapping GB2312 and GBK to their superset GB18030 as
browsers do; a page that declares nothing is tried as UTF-8, then GB18030.

Main content: readability-lxml, chosen by measuring three maintained extractors on
government-style pages built from real reports (navigation, 字号 and share widgets, 来源/时间,
相关链接, copyright footer; paragraphs as ``<p>`` or as one ``<div>`` with ``<br>``):

============================  ======================================  ====================
extractor                     report paragraphs kept, in order        page lines left over
============================  ======================================  ====================
trafilatura 2.3.1             lost 1-7 real paragraphs on 4 of 6      0-6
trafilatura, favor_recall     lost 7 of 60 paragraphs on 1 of 6       1 (责任编辑)
readability-lxml 0.8.4.1/0.9  all, on 6 of 6                          0 (<p>) to 7 (<br>)
selectolax 1.0 (whole body)   all (no main-content detection)         35-37
============================  ======================================  ====================

(0.8.4.1 is pinned: 0.9 requires chardet<6, frictionless chardet>=6.)
Losing a paragraph of the report loses its data silently; a leftover page line is caught by
the boilerplate rules (``flows/parse/boilerplate.py``) that run on every input. So
readability-lxml finds the article, and lxml turns it into lines: a line per block element
and ``<br>``, table cells apart by a tab (the flattened-table form ``flows.parse.tables``
reads).
"""
from __future__ import annotations

from flows.parse.reading import ReportError

FALLBACK_SHARE = 1 / 3
BLOCKS = {"p", "div", "section", "article", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
          "table", "blockquote", "pre", "ul", "ol", "dl", "dt", "dd", "center", "br", "hr"}


def _guess(data: bytes) -> str | None:
    """A page that declares no charset: UTF-8 if it decodes as UTF-8, else GB18030 (GBK)."""
    for codec in ("utf-8", "gb18030"):
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return codec
    return None


def decode_html(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a page's bytes, honouring its declared charset."""
    from w3lib.encoding import html_to_unicode

    encoding, text = html_to_unicode(None, data, default_encoding="utf-8", auto_detect_fun=_guess)
    return text, encoding


def _lines_of(fragment: str) -> list[str]:
    import lxml.html

    from flows.parse.formats import tidy_lines

    root = lxml.html.fromstring(fragment)
    for el in root.iter("script", "style", "noscript"):
        el.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in ("td", "th"):
            el.tail = "\t" + (el.tail or "")
        elif tag in BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if tag != "br":
                el.text = "\n" + (el.text or "")
    return tidy_lines(root.text_content())


def html_text(data: bytes) -> tuple[list[str], str, dict[str, int]]:
    """(lines of the report, encoding, counts) of a saved web page."""
    from lxml.etree import ParserError
    from readability import Document

    text, encoding = decode_html(data)
    try:
        article = Document(text).summary(html_partial=True)
    except (ParserError, ValueError) as exc:
        raise ReportError(f"not a readable web page: {exc}") from exc
    lines = _lines_of(article)
    # readability keeps the block it scores highest; when that holds under a third of the page's
    # Chinese text (a page split into several blocks, a long comment list that outscored the
    # report), the whole page is read instead, its furniture left to the boilerplate rules:
    # a line of page navigation is cheaper than a lost part of the report.
    page = _lines_of(text)
    if _han(lines) < FALLBACK_SHARE * _han(page):
        return page, encoding, {"whole_page_read": 1}
    if not lines:
        raise ReportError("no report text found in this web page")
    return lines, encoding, {}


def _han(lines: list[str]) -> int:
    return sum(1 for line in lines for c in line if "\u4e00" <= c <= "\u9fff")
