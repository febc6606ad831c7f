"""Cleaning a report's text: paragraphs, repeated paragraphs, sentences cut in two.

Nothing here changes the source text. A cleaned paragraph is a list of source spans
(usually one; two when a sentence cut by a paragraph break was joined to its continuation
elsewhere in the document), so every offset found later maps back to the exact source
characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# Characters that may close a sentence or paragraph (ASCII and full-width).
CLOSERS = set("。！？!?；;…”’」』）)】]：:")
_WS = re.compile(r"\s+")
_LIST_START = re.compile(r"^\s*(?:\d+[.．、]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|[①-⑳◆●■▲★])")


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


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Source spans of the non-blank lines, without their surrounding whitespace."""
    spans = []
    for match in re.finditer(r"[^\r\n]+", text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        start = match.start() + lead
        spans.append((start, start + len(stripped)))
    return spans


def _key(text: str) -> str:
    return _WS.sub("", text)


def looks_cut_at_end(text: str) -> bool:
    """A paragraph that stops mid-sentence: long, with sentence punctuation inside, no closer."""
    if not text or text[-1] in CLOSERS:
        return False
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
    if not text or _LIST_START.match(text) or not ("\u4e00" <= text[0] <= "\u9fff"):
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


def clean_text(text: str) -> CleanText:
    """Paragraphs of ``text`` with verbatim repeats removed and cut sentences joined."""
    seen: set[str] = set()
    kept: list[tuple[int, int]] = []
    duplicates = 0
    for start, end in split_paragraphs(text):
        key = _key(text[start:end])
        if key in seen and len(key) >= 4:
            duplicates += 1
            continue
        seen.add(key)
        kept.append((start, end))

    ends = [i for i, (s, e) in enumerate(kept) if looks_cut_at_end(text[s:e])]
    starts = [i for i, (s, e) in enumerate(kept) if looks_cut_at_start(text[s:e])]
    partner: dict[int, int] = {}
    joins, unjoined = [], []
    for i in ends:
        before = text[kept[i][0]:kept[i][1]]
        # the next paragraph first (a plain line wrap), then anywhere else in the document
        candidates = sorted((j for j in starts if j != i and j not in partner.values()), key=lambda j: (j != i + 1, abs(j - i)))
        for j in candidates:
            after = text[kept[j][0]:kept[j][1]]
            word = join_evidence(before, after)
            if word:
                partner[i] = j
                joins.append({"end_fragment_at": kept[i][1], "start_fragment_at": kept[j][0],
                              "word": word, "text": before[-10:] + "|" + after[:10]})
                break
        else:
            unjoined.append({"kind": "cut at end", "char_start": kept[i][0], "char_end": kept[i][1], "text": before[-20:]})
    for j in starts:
        if j not in partner.values():
            s, e = kept[j]
            unjoined.append({"kind": "cut at start", "char_start": s, "char_end": e, "text": text[s:e][:20]})

    consumed = set(partner.values())
    paragraphs = []
    for i, span in enumerate(kept):
        if i in consumed:
            continue
        pieces = (span,) + ((kept[partner[i]],) if i in partner else ())
        paragraphs.append(Paragraph(pieces, "".join(text[s:e] for s, e in pieces)))
    return CleanText(paragraphs, duplicates, len(joins), joins, unjoined)
