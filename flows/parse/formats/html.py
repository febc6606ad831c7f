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

import codecs
import re

from flows.parse.reading import ReportError, han_ratio

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


_HIGH = bytes(range(0x80, 0x100))
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def _high(data: bytes) -> int:
    """Bytes outside ASCII."""
    return len(data) - len(data.translate(None, _HIGH))


def _utf8_share(data: bytes) -> float:
    """Share of the non-ASCII bytes that make valid UTF-8 characters. Chinese text in GBK or any
    other legacy charset makes valid UTF-8 only by rare chance; UTF-8 text with a damaged
    paragraph still makes it almost everywhere."""
    return _high(data.decode("utf-8", "ignore").encode("utf-8")) / max(1, _high(data))


def _decodes(data: bytes, codec: str) -> bool:
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return codec == "utf-8" or han_ratio(text) >= 0.3 or not _high(data)


def decode_html(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding, flags) of a page's bytes.

    The declared charset is checked against the bytes, not trusted: UTF-8 bytes under
    ``<meta charset="gb2312">`` read as GB18030 give mojibake that parses "cleanly". Bytes that
    are mostly valid UTF-8 are UTF-8 whatever the page says; else the declaration, when its
    codec decodes them; else GB18030 when that does. A flag names a declaration overruled and
    counts byte sequences no codec decodes (read as U+FFFD, their rows lost), as a ``.txt``
    with them is refused."""
    from w3lib.encoding import html_body_declared_encoding, html_to_unicode, read_bom

    declared, _ = html_to_unicode(None, data, default_encoding="utf-8", auto_detect_fun=_guess)
    declared = codecs.lookup(declared).name
    said = read_bom(data)[0] or html_body_declared_encoding(data)
    if said and (named := _CHARSET.search(data[:4096])):  # named as the page writes it (gb2312)
        said = named.group(1).decode("ascii").lower()
    if not _high(data):
        codec = declared
    elif _utf8_share(data) > 0.5:
        codec = "utf-8"
    elif _decodes(data, declared):
        codec = declared
    else:
        codec = next((c for c in ("gb18030",) if c != declared and _decodes(data, c)), declared)
    flags = []
    if said and codec != declared:
        flags.append(f"declared charset {said} does not match the bytes: read as {codec}")
    text = data.decode(codec, "replace")
    if bad := text.count("\ufffd") - data.decode(codec, "ignore").count("\ufffd"):
        flags.append(f"{bad} byte sequence(s) not valid {codec} read as U+FFFD: the text there is lost")
    return text.lstrip("\ufeff"), codec, flags


def _parser():
    """lxml's HTML parser without libxml2's nesting limit of 255 levels (``huge_tree``): text
    nested deeper is read, not cut off."""
    import lxml.html

    return lxml.html.HTMLParser(huge_tree=True)


def _lines_of(fragment: str) -> list[str]:
    import lxml.html

    from flows.parse.formats import tidy_lines

    root = lxml.html.fromstring(fragment, parser=_parser())
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


def html_text(data: bytes) -> tuple[list[str], str, dict[str, int], list[str]]:
    """(lines of the report, encoding, counts, flags) of a saved web page."""
    import lxml.html
    from lxml.etree import ParserError
    from readability import Document

    text, encoding, flags = decode_html(data)
    try:
        # parsed here, not by readability: its parser stops at libxml2's depth limit (255) and
        # drops the text below it without a word
        article = Document(lxml.html.document_fromstring(text, parser=_parser())).summary(html_partial=True)
    except (ParserError, ValueError) as exc:
        raise ReportError(f"not a readable web page: {exc}") from exc
    lines = _lines_of(article)
    # readability keeps the block it scores highest; when that holds under a third of the page's
    # Chinese text (a page split into several blocks, a long comment list that outscored the
    # report), the whole page is read instead, its furniture left to the boilerplate rules:
    # a line of page navigation is cheaper than a lost part of the report.
    page = _lines_of(text)
    if lost := _unread_han(text, page):
        flags.append(lost)
    if _han(lines) < FALLBACK_SHARE * _han(page):
        return page, encoding, {"whole_page_read": 1}, flags
    if not lines:
        raise ReportError("no report text found in this web page")
    return lines, encoding, {}, flags


_NOT_TEXT = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_TAG = re.compile(r"<[!/?]?[A-Za-z][^<>]*>")
UNREAD_SHARE = 0.05


def _unread_han(text: str, page: list[str]) -> str | None:
    """A flag when the parsed page holds clearly fewer Chinese characters than the page's text
    between its tags: a page nested deeper than even ``huge_tree`` reads (libxml2 stops at a few
    thousand levels and drops what follows) loses text, and must not do so silently."""
    between = sum(1 for c in _TAG.sub("", _NOT_TEXT.sub("", text)) if "\u4e00" <= c <= "\u9fff")
    lost = between - _han(page)
    if lost > max(100, UNREAD_SHARE * between):
        return (f"{lost} of the page's {between} Chinese characters were not read "
                "(markup nested too deep or broken): rows there are lost")
    return None


def _han(lines: list[str]) -> int:
    return sum(1 for line in lines for c in line if "\u4e00" <= c <= "\u9fff")
