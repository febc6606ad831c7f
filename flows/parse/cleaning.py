"""Cleaning a report's text: paragraphs, repeated paragraphs, sentences cut in two.

Nothing here changes the source text. A cleaned paragraph is a list of source spans
(usually one; several when the lines of a hard-wrapped PDF copy are put back together, or
when a sentence cut by a paragraph break was joined to its continuation elsewhere in the
document), so every offset found later maps back to the exact source characters.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

from flows.parse.tables import cell_line_rows

# Characters that may close a sentence or paragraph (ASCII and full-width).
CLOSERS = set("。！？!?；;…”’」』）)】]：:.")
# Characters that end a sentence (a hard-wrapped line ending in one may end its paragraph).
SENTENCE_ENDERS = set("。！？!?")
# Clause punctuation that never opens a paragraph: a line starting with it continues another.
CONTINUATION_START = set("，,、；;：:）)%％”’」』")
# A heading number or bullet at the start of a line (一、 （一） 第一部分 ◆).
_HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．,，]|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分|[◆●■▲★□▶►▷▸◇☆])")
_WS = re.compile(r"\s+")
_LIST_START = re.compile(r"^\s*(?:\d+[.．、]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|[一二三四五六七八九十]{1,2}是|[①-⑳◆●■▲★▶►▷▸◇☆])")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the cleaned text, as a sequence of source spans."""

    pieces: tuple[tuple[int, int], ...]
    text: str

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    def to_source(self, offset: int) -> int:
        """Source index of the character at ``offset`` in this paragraph's text."""
        for start, end in self.pieces:
            if offset < end - start:
                return start + offset
            offset -= end - start
        last_start, last_end = self.pieces[-1]
        return last_end + offset  # one past the end

    def slice(self, start: int, end: int) -> "Paragraph":
        """The part ``text[start:end]`` as a paragraph of its own (same source characters)."""
        return Paragraph(tuple(self.source_spans(start, end)), self.text[start:end])

    def source_spans(self, start: int, end: int) -> list[tuple[int, int]]:
        """The source spans covering ``text[start:end]`` (more than one across a join)."""
        spans, base = [], 0
        for s, e in self.pieces:
            length = e - s
            lo, hi = max(start, base), min(end, base + length)
            if lo < hi:
                spans.append((s + lo - base, s + hi - base))
            base += length
        return spans


@dataclass
class CleanText:
    paragraphs: list[Paragraph]
    duplicate_paragraphs: int = 0
    joined_fragments: int = 0
    joins: list[dict] = field(default_factory=list)
    unjoined_fragments: list[dict] = field(default_factory=list)
    unwrapped_lines: int = 0  # line breaks of a hard-wrapped copy that were removed
    duplicate_sentences: int = 0  # verbatim repeats of a sentence inside its paragraph, removed


# Some copies hold a whole report on one line, its paragraphs apart only by the two ideographic
# spaces that indent a paragraph (　　). Such a line is long; a title line spaced out to align
# (市长　　王成) is not, so only lines longer than this are cut there.
_ONE_LINE_MIN = 300
_INDENT = re.compile(r"[ \u00a0]*\u3000{2,}[ \u00a0\u3000]*")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Source spans of the non-blank lines, without their surrounding whitespace; a long line
    holding several paragraphs apart by 　　 gives one span per paragraph."""
    spans = []
    for match in re.finditer(r"[^\r\n]+", text):
        line = match.group()
        pieces = [(0, len(line))]
        if len(line) > _ONE_LINE_MIN and _INDENT.search(line.strip()):
            cuts = [(m.start(), m.end()) for m in _INDENT.finditer(line)]
            bounds = [0, *[b for cut in cuts for b in cut], len(line)]
            pieces = list(zip(bounds[::2], bounds[1::2]))
        for a, b in pieces:
            piece = line[a:b]
            stripped = piece.strip()
            if not stripped:
                continue
            start = match.start() + a + len(piece) - len(piece.lstrip())
            spans.append((start, start + len(stripped)))
    return spans


@lru_cache(maxsize=1)
def _wide_bmp() -> re.Pattern:
    """The wide and full-width characters of the Basic Multilingual Plane as one character
    class, read from ``unicodedata`` (about 6 ms, once): a regex counts them in C, where a
    Python loop asking ``east_asian_width`` character by character took 5% of a report's parse."""
    runs, start = [], None
    for code in range(0x10000 + 1):
        wide = code < 0x10000 and not 0xD800 <= code <= 0xDFFF and unicodedata.east_asian_width(chr(code)) in "WF"
        if wide and start is None:
            start = code
        elif not wide and start is not None:
            runs.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    return re.compile("[" + "".join(runs) + "]")


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def display_width(text: str) -> int:
    """Columns a line takes in a fixed-width layout: two for CJK and full-width characters."""
    wide = len(_wide_bmp().findall(text))
    if _ASTRAL.search(text):  # rare: characters beyond the BMP, asked one by one
        wide += sum(unicodedata.east_asian_width(c) in "WF" for c in _ASTRAL.findall(text))
    return len(text) + wide


def wrap_width(lines: list[str]) -> int | None:
    """The width at which a copied PDF text was hard-wrapped, or None when it was not.

    A hard-wrapped text has most of its long lines within a few columns of one width
    (lines differ by a column or two where a full-width character did not fit); a text
    with one paragraph a line has no such width.
    """
    widths = [display_width(line) for line in lines]
    long = [w for w in widths if w >= 30]
    if len(long) < 5:
        return None
    best, count = None, 0
    for width, _ in Counter(long).most_common():
        if width > 160:
            continue
        n = sum(1 for w in long if width - 3 <= w <= width)
        if n > count or (n == count and best is not None and width > best):
            best, count = width, n
    if best is None or count < 5 or count < 0.5 * len(long):
        return None
    return best


def unwrap(text: str, spans: list[tuple[int, int]]) -> tuple[list[tuple[tuple[int, int], ...]], int]:
    """Lines of a hard-wrapped text put back into paragraphs (each a tuple of source spans).

    A full line (as wide as the wrap width) continues on the next line unless it ends a
    sentence or the next line is a heading; a line opening with clause punctuation always
    continues the line before it. Texts that are not hard-wrapped come back one line a paragraph.
    """
    lines = [text[s:e] for s, e in spans]
    width = wrap_width(lines)
    units: list[tuple[tuple[int, int], ...]] = []
    merged = 0
    for index, span in enumerate(spans):
        line = lines[index]
        if units and width is not None:
            before = lines[index - 1]
            full = display_width(before) >= width - 3 and before[-1] not in SENTENCE_ENDERS
            if (full and not _HEADING_START.match(line)) or line[0] in CONTINUATION_START:
                units[-1] = units[-1] + (span,)
                merged += 1
                continue
        units.append((span,))
    return units, merged


def _key(text: str) -> str:
    return _WS.sub("", text)


def _heading_like(text: str) -> bool:
    """A short line without closing punctuation: a heading, never a cut sentence."""
    return len(text) <= 40 and text[-1] not in CLOSERS and ("。" not in text) and (
        _HEADING_START.match(text) is not None or not any(p in text for p in "，,；;")
    )


def looks_cut_at_end(text: str) -> bool:
    """A paragraph that stops mid-sentence: long, with sentence punctuation inside, no closer."""
    if not text or text[-1] in CLOSERS:
        return False
    if len(text) <= 40 and _HEADING_START.match(text):
        return False  # a numbered heading such as （一）聚焦产业升级，加快建设现代化产业体系
    body = text[:-1]
    return len(text) >= 20 and any(p in body for p in "。，；,;")


@lru_cache(maxsize=1)
def _segmenter():
    # jieba's dictionary (350k words with frequencies) is the evidence that two pieces
    # belong together: 规|范 and 发|展 form words that no sentence start would split.
    import logging

    import jieba

    jieba.setLogLevel(logging.ERROR)
    jieba.initialize()
    return jieba


def _words(text: str) -> list[str]:
    return _segmenter().lcut(text, HMM=False)


def looks_cut_at_start(text: str) -> bool:
    """A paragraph whose first word is broken: its first character only makes a word with what came before."""
    if text and text[0] in CONTINUATION_START:
        return True  # ，新增规上工业企业10家。
    if not text or _LIST_START.match(text) or not ("\u4e00" <= text[0] <= "\u9fff") or _heading_like(text):
        return False
    words = _words(text[:8])
    return len(words[0]) == 1 and len(words) > 1 and len(words[1]) >= 1 and not _is_function_char(text[0])


# Characters that commonly open a sentence on their own (prepositions, conjunctions).
_FUNCTION_CHARS = set("对以在把将要为从由按与和让使向据并且而但若如因就于当经随至")


def _is_function_char(char: str) -> bool:
    return char in _FUNCTION_CHARS


def join_evidence(before: str, after: str) -> str | None:
    """The dictionary word that spans the break between ``before`` and ``after``, if any."""
    tail, head = before[-6:], after[:6]
    jieba = _segmenter()
    position = 0
    for word in _words(tail + head):
        end = position + len(word)
        if position < len(tail) < end and len(word) >= 2 and (jieba.get_FREQ(word) or 0) >= 50:
            return word
        position = end
    return None


_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*|[。！？!?]+")
MIN_REPEATED_SENTENCE = 6
"""A sentence this long (characters) said again inside its paragraph is a duplicate (a copy
pasted twice, a page repeating a sentence 200,000 times); a shorter one (好。) may be meant."""


def without_repeated_sentences(text: str, unit: tuple[tuple[int, int], ...]) -> tuple[tuple[tuple[int, int], ...], int]:
    """``unit`` (a paragraph's source spans) without the second and later copies of each of its
    sentences, and how many were removed; the unit itself when none repeats."""
    para = Paragraph(unit, "".join(text[s:e] for s, e in unit))
    sentences = [m.span() for m in _SENTENCE.finditer(para.text)]
    if len(sentences) < 2:
        return unit, 0
    seen: set[str] = set()
    kept: list[tuple[int, int]] = []
    removed, previous = 0, ""
    for start, end in sentences:
        key = para.text[start:end].strip()
        # said before in the paragraph, or the end of the sentence just kept (its first copy
        # may follow a list number or a clause: 5.新建1处“河东书房”。新建1处“河东书房”。)
        if len(key) >= MIN_REPEATED_SENTENCE and (key in seen or previous.endswith(key)):
            removed += 1
            continue
        previous = key
        seen.add(key)
        for s, e in para.source_spans(start, end):
            if kept and kept[-1][1] == s:
                kept[-1] = (kept[-1][0], e)  # contiguous: one piece
            else:
                kept.append((s, e))
    return (tuple(kept), removed) if removed else (unit, 0)


def cells_to_rows(text: str, lines: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """A table copied one cell a line (``flows.parse.tables.cell_line_rows``) put back one row a
    line: each row's cells become one line, the line breaks between them read as tabs. The text
    keeps its length, so every offset still points at the source's characters."""
    rows = cell_line_rows([text[s:e] for s, e in lines])
    if not rows:
        return text, lines
    chars = list(text)
    merged: list[tuple[int, int]] = []
    taken: set[int] = set()
    for first, width in rows:
        spans = lines[first:first + width]
        gaps = [(spans[k][1], spans[k + 1][0]) for k in range(width - 1)]
        if any(text[a:b].strip() for a, b in gaps):
            continue  # something left out between the cells (a page's furniture): not one row
        for a, b in gaps:
            chars[a:b] = "\t" * (b - a)
        merged.append((spans[0][0], spans[-1][1]))
        taken.update(range(first, first + width))
    kept = [span for k, span in enumerate(lines) if k not in taken] + merged
    return "".join(chars), sorted(kept)


def clean_text(text: str, *, exclude: Collection[tuple[int, int]] = ()) -> CleanText:
    """Paragraphs of ``text`` with verbatim repeats removed and cut sentences joined.

    ``exclude``: spans of lines (as ``split_paragraphs`` gives them) never read, such as a
    saved web page's boilerplate lines (``flows.parse.boilerplate``)."""
    skip = set(exclude)
    text, lines = cells_to_rows(text, [span for span in split_paragraphs(text) if span not in skip])
    units, unwrapped = unwrap(text, lines)
    deduped = [without_repeated_sentences(text, u) for u in units]
    units, repeated_sentences = [u for u, _ in deduped], sum(n for _, n in deduped)

    def unit_text(unit: tuple[tuple[int, int], ...]) -> str:
        return "".join(text[s:e] for s, e in unit)

    keys = [_key(unit_text(u)) for u in units]
    seen: set[str] = set()
    repeated = [False] * len(units)
    for i, key in enumerate(keys):
        repeated[i] = key in seen and len(key) >= 4
        seen.add(key)
    kept: list[tuple[tuple[int, int], ...]] = []
    duplicates = 0
    for i, unit in enumerate(units):
        if repeated[i]:
            # a repeated heading stays when new text follows it (the same heading words in two
            # parts of a report); it goes with its paragraphs when the whole block is repeated
            heading_with_new_text = _heading_like(unit_text(unit)) and i + 1 < len(units) and not repeated[i + 1]
            if not heading_with_new_text:
                duplicates += 1
                continue
        kept.append(unit)

    texts = [unit_text(u) for u in kept]
    ends = [i for i, t in enumerate(texts) if looks_cut_at_end(t)]
    starts = [i for i, t in enumerate(texts) if looks_cut_at_start(t)]
    partner: dict[int, int] = {}
    joins, unjoined = [], []
    for i in ends:
        before = texts[i]
        # the next paragraph first (a plain line wrap), then anywhere else in the document
        candidates = sorted((j for j in starts if j != i and j not in partner.values()), key=lambda j: (j != i + 1, abs(j - i)))
        for j in candidates:
            after = texts[j]
            word = join_evidence(before, after)
            if word is None and j == i + 1 and after[0] in CONTINUATION_START:
                word = after[0]  # the next paragraph opens with a comma: it continues this one
            if word:
                partner[i] = j
                joins.append({"end_fragment_at": kept[i][-1][1], "start_fragment_at": kept[j][0][0],
                              "word": word, "text": before[-10:] + "|" + after[:10]})
                break
        else:
            unjoined.append({"kind": "cut at end", "char_start": kept[i][0][0], "char_end": kept[i][-1][1], "text": before[-20:]})
    for j in starts:
        if j not in partner.values():
            unjoined.append({"kind": "cut at start", "char_start": kept[j][0][0], "char_end": kept[j][-1][1], "text": texts[j][:20]})

    consumed = set(partner.values())
    paragraphs = []
    for i, unit in enumerate(kept):
        if i in consumed:
            continue
        pieces = unit + (kept[partner[i]] if i in partner else ())
        paragraphs.append(Paragraph(pieces, "".join(text[s:e] for s, e in pieces)))
    return CleanText(paragraphs, duplicates, len(joins), joins, unjoined, unwrapped, repeated_sentences)
