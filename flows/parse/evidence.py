"""Is this decoded file a report at all? Evidence, not length.

A file can decode cleanly and still be no report: a saved "404 Not Found" page, a file that
holds only a byte-order mark, a page of markup, a text in Chinese that has nothing of a
government work report in it. Parsed like a report, such a file gives a reports row with no
data, so its rows vanish from the release without the release gate noticing. These checks
make it a per-file error instead (``ReportError``), so the gate sees a report disappearing
while its file is still an input, and ``quality.json`` names the file with the reason.

The rule (short real reports must pass, so length alone decides nothing):

1. Text check, before parsing (``not_report_text``): the file must hold at least
   ``MIN_HAN_CHARS`` Chinese characters outside markup tags (``<...>``) and character
   entities (``&nbsp;``). A real report, even a three-sentence news summary, has far more;
   a BOM-only file, an HTML error page or an English text has none. The reason names what the
   file looks like (only invisible characters, an HTML/XML page with its <title>, no Chinese).
2. Content check, after parsing (``no_report_content``): the file must yield at least one
   piece of report content: a region, a year, a meeting, a speaker, a pledge or a figure.
   Chinese prose with none of these is not a work report.
"""
from __future__ import annotations

import re
import unicodedata

MIN_HAN_CHARS = 10
"""Fewer Chinese characters than this (outside markup) and a file is no report: the shortest
real summary names at least a region and a year in more characters than that."""

_TAG = re.compile(r"<[!/?]?[A-Za-z][^<>]*>|<!--.*?-->", re.S)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _visible(text: str) -> str:
    """The text without whitespace, control and format characters (BOM, zero-width, bidi)."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) not in {"Cc", "Cf"})


def not_report_text(text: str) -> str | None:
    """Why ``text`` (a decoded file) is no report, or None when it may be one."""
    if _HAN.search(text) is None and not _visible(text):  # Chinese text is visible: skip the character scan
        return "no report text found: the file holds only invisible characters (a byte-order mark, spaces)"
    tags = _TAG.findall(text)
    prose = _ENTITY.sub("", _TAG.sub("", text))
    n_han = len(_HAN.findall(prose))
    if n_han >= MIN_HAN_CHARS:
        return None
    if tags:
        title = _TITLE.search(text)
        named = f" titled {' '.join(title.group(1).split())[:60]!r}" if title else ""
        return (f"no report text found: looks like an HTML/XML page{named} "
                f"({len(tags)} tags, {n_han} Chinese characters outside them)")
    return f"no report text found: {n_han} Chinese characters, a report needs at least {MIN_HAN_CHARS}"


def no_report_content(meta: dict, counts: dict[str, int]) -> str | None:
    """Why a parsed file is no report (nothing a work report has), or None."""
    if any(meta.get(k) for k in ("region_name", "report_year", "review_year", "meeting", "delivered_by")):
        return None
    if counts.get("indicators") or counts.get("pledges"):
        return None
    return "no report content found: no region, year, meeting, speaker, pledge or figure"


# Characters no text report holds: C0 controls but tab, line feed, vertical tab, form feed and
# carriage return (PDF extractions use form feeds); DEL and C1 controls; bidirectional
# controls, which can make a name display as something else (U+202E turns text around).
_HOSTILE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
"""Invisible characters that real texts copied from web pages do carry (zero-width space,
joiners, word joiner, a byte-order mark inside the text). The file is kept; a figure or a place
they touch is not published (``touches_invisible``): 38\u200b80 is neither 38 nor 80."""


def hostile_characters(text: str) -> str | None:
    """Why ``text`` is refused for the characters it holds (NUL, control or bidi characters),
    naming the first and its offset, or None."""
    m = _HOSTILE.search(text)
    if m is None:
        return None
    char = m.group()
    name = "NUL" if char == "\x00" else unicodedata.name(char, "control character")
    return (f"control character U+{ord(char):04X} ({name}) at offset {m.start()}: "
            "not a plain text report (NUL, control and bidirectional-override characters are refused)")


def has_invisible(text: str) -> bool:
    """Whether ``text`` holds a zero-width character anywhere: when it does not, no span of it
    (nor a name read from it) can touch one, and ``touches_invisible`` need not be asked."""
    return any(c in text for c in ZERO_WIDTH)


def touches_invisible(text: str, start: int, end: int, *names: str | None) -> bool:
    """True when the span ``text[start:end]``, the character just before or after it, or one
    of ``names`` (the indicator the figure was read as) holds a zero-width character."""
    around = text[max(0, start - 1):end + 1]
    if start == 1 and text[:1] == "\ufeff":  # the byte-order mark at offset 0 is no part of it
        around = around[1:]
    return any(c in ZERO_WIDTH for c in around) or any(n and any(c in ZERO_WIDTH for c in n) for n in names)


def utf16_without_bom(data: bytes) -> str | None:
    """'UTF-16-LE' or 'UTF-16-BE' when ``data`` (with no byte-order mark) reads as Chinese text
    in that encoding, else None: named in the error so the operator knows how to re-save it."""
    if len(data) < 4 or len(data) % 2:
        return None
    for codec, high in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        # its line breaks, digits and ASCII punctuation leave NUL high bytes; any byte text
        # (ASCII, UTF-8, GB18030) has none, though its byte pairs may look like Han characters
        if high.count(0) < max(1, len(high) // 200):
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        visible = [c for c in text if not c.isspace()]
        if visible and len(_HAN.findall(text)) >= 0.3 * len(visible):
            return codec.upper()
    return None
