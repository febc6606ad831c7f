"""Finding a report's structure: headings, their kind (review or plan), sections, sentences.

Real reports are scrambled (plan headings after the review marker, lists interrupted by
headings), so a heading's kind comes from its own wording first (回眸/展望 part markers,
achievement wording such as 取得新成绩, imperative openings such as 坚定/推进) and only
falls back to the part it sits in. The cue patterns live in ``vocab/headings.tsv``.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from flows.parse.cleaning import Paragraph
from flows.parse.tables import is_table_row

VOCAB = Path(__file__).parent / "vocab" / "headings.tsv"

_CJK = re.compile(r"[\u4e00-\u9fff]")
_HEADING_END_PUNCT = set("。！？!?；;：:，,、.")
_MARKER = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．,，]|[（(][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十]+部分|[◆●■▲★□▶►▷▸◇☆]|\d+[、.．](?!\d))\s*")
_META = re.compile(r"^[—\-－]{1,2}|人民代表大会|政府工作报告|^各位代表|^（\d{4}年")
# sentence ends: full-width and ASCII terminators, with any closing quotes/brackets after them;
# an ASCII period ends a sentence only when it is not a decimal point (also a template's X.X%,
# ×.×%) or a list number.
_SENT_END = re.compile(r"(?:[。！？!?]+|(?<![\dXx×○０-９])\.(?![\dXx×○０-９])|\.(?=\s))[”’」』）)]*")
# a listed item's number: 1. / 1、 / （1） / ① / 一是 (used with .match(text, pos))
_ITEM = re.compile(r"\s*(?:(\d{1,2})[.．、](?!\d)|[（(](\d{1,2})[)）]|([①-⑳])|([一二三四五六七八九十]{1,2})(?:是(?![否的非])|、))\s*")
# an item number inside a sentence starts a new item after a colon or semicolon (…实事：①…；②…)
_ITEM_INSIDE = re.compile(r"(?<=[：:；;])\s*(?=(?:\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]{1,2}是(?![否的非])))")
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
# a bulleted or numbered list item opening a paragraph
_BULLET = re.compile(r"^\s*(?:[◆●■▲★□▶►▷▸◇☆·•\-—]|\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）]|[①-⑳])")
# a section label in brackets: 【2023年成绩单】 [重点任务]
_BRACKETED = re.compile(r"^\s*[【\[〔]([^【】\[\]〔〕]{1,30})[】\]〕]\s*$")
# a top-level heading number (一、): such a heading opens a part of the report
_TOP_LEVEL = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．,，]|第[一二三四五六七八九十]+部分)")


@dataclass(frozen=True)
class Block:
    """A paragraph in its place in the report's structure."""

    paragraph: Paragraph
    is_heading: bool
    role: str | None  # heading role: title | part | heading | meta (None for body text)
    kind: str | None  # review | plan | None when nothing says
    section: str | None  # the heading this block sits under (for a heading: itself)
    theme: str | None  # the plan heading in force (None in review parts)

    @property
    def text(self) -> str:
        return self.paragraph.text


@dataclass(frozen=True)
class Sentence:
    block: Block
    start: int  # offsets into block.text
    end: int
    item_no: int | None = None  # the number of a listed item ("1.对城乡公交…")

    @cached_property  # every extractor reads it, several times: sliced once
    def text(self) -> str:
        return self.block.text[self.start:self.end]


@lru_cache(maxsize=1)
def heading_cues() -> list[tuple[str, str, re.Pattern]]:
    with VOCAB.open(encoding="utf-8") as f:
        return [(row["role"], row["kind"], re.compile(row["pattern"])) for row in csv.DictReader(f, delimiter="\t")]


def item_number(match: re.Match) -> int:
    """The number of a listed item from an ``_ITEM`` match: 3. / （3） / ③ / 三是 -> 3."""
    digits, bracketed, circled, chinese = match.groups()
    if digits or bracketed:
        return int(digits or bracketed)
    if circled:
        return ord(circled) - ord("①") + 1
    if len(chinese) == 2:  # 十一 .. 十九
        return 10 + _CN_DIGITS.get(chinese[1], 0) if chinese[0] == "十" else _CN_DIGITS.get(chinese[0], 0) * 10
    return _CN_DIGITS[chinese]


def item_mark_end(text: str) -> int:
    """Length of the item number opening ``text`` (0 when it has none)."""
    match = _ITEM.match(text)
    return match.end() if match else 0


def is_heading(text: str) -> bool:
    """A short line without closing punctuation (or with a heading number) is a heading.

    Body lines are not headings even when short: a line with sentence punctuation inside
    (。 ； or several commas) or a percentage is text, such as a line of a hard-wrapped copy.
    """
    text = text.strip()
    if not text or len(text) > 40 or "。" in text[:-1]:
        return False
    if len(_CJK.findall(text)) < 2:
        return False  # a figure or a code on a line of its own (PM\n2.5\n年平均浓度) is a broken line
    if text[-1] in _HEADING_END_PUNCT:
        return False
    if re.search(r"[；;%％]", text) or len(re.findall(r"[，,]", text)) >= 2:
        return False
    return not is_table_row(text)


def classify_heading(text: str) -> tuple[str, str | None]:
    """(role, kind) of a heading: role part|heading|meta; kind review|plan|None.

    A label in brackets, as news summaries write their sections (【2024年目标】), is read
    without its brackets.
    """
    text = fold_width(text)
    if _META.search(text):
        return "meta", None
    text = _BRACKETED.sub(r"\1", text)
    bare = _MARKER.sub("", text, count=1)
    for role, kind, pattern in heading_cues():
        if role == "part" and (pattern.search(text) or pattern.search(bare)):
            return "part", kind
    for role, kind, pattern in heading_cues():
        if role != "part" and pattern.search(bare):
            return "heading", kind
    return "heading", None


def theme_of(heading: str) -> str:
    """The lead clause of a plan heading: 坚定做强新型工业 挺起高质量发展脊梁 -> 坚定做强新型工业,
    （一）聚焦产业升级，加快建设现代化产业体系 -> 聚焦产业升级."""
    bare = _MARKER.sub("", heading, count=1).strip() or heading.strip()
    return re.split(r"[\s\u3000，,：:]+", bare, maxsplit=1)[0] or bare


# A numbered lead sentence that opens a paragraph and works as its heading:
# （一）坚持创新驱动，加快构建现代化产业体系。实施制造业振兴工程……
_INLINE_HEAD = re.compile(r"\s*(?:[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[，,、是])")
_INLINE_MAX = 80


def inline_heading_end(text: str, *, alone: bool = False) -> int | None:
    """End of a paragraph's numbered lead sentence when it is a heading (no figures in it), else None.

    With ``alone``, the sentence may also be the whole paragraph: a numbered heading printed
    on its own line with its full stop (（一）坚持供需两端协同发力，努力推动经济稳定均衡可持续增长。).
    """
    marker = _INLINE_HEAD.match(text)
    if not marker:
        return None
    end = _SENT_END.search(text, marker.end())
    if not end or end.end() > _INLINE_MAX or (not alone and not text[end.end():].strip()):
        return None
    if alone and text[end.end():].strip():
        return None
    if re.search(r"[0-9０-９%％]", text[marker.end():end.end()]):
        return None  # （一）经济运行稳中向好，地区生产总值增长5.2%。 is data, not a heading
    return end.end()


def _split_inline_headings(paragraphs: list[Paragraph]) -> list[tuple[Paragraph, bool]]:
    """(paragraph, is an inline heading) with numbered lead sentences split off their paragraphs.

    A numbered sentence standing alone is a heading when body text follows it, except in a
    list of livelihood projects, whose numbered titles (一、提高低保…标准。) are the items.
    """
    out: list[tuple[Paragraph, bool]] = []
    livelihood = False
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text
        if is_heading(text.strip()):
            livelihood = cue("livelihood").search(text) is not None
            out.append((paragraph, False))
            continue
        end = inline_heading_end(text)
        if end is None and not livelihood and index + 1 < len(paragraphs) and not is_heading(paragraphs[index + 1].text.strip()):
            alone = inline_heading_end(text, alone=True)
            if alone is not None:
                out.append((paragraph, True))
                continue
        if end is None:
            out.append((paragraph, False))
            continue
        rest = end + (len(text[end:]) - len(text[end:].lstrip()))
        out += [(paragraph.slice(0, end), True), (paragraph.slice(rest, len(text)), False)]
    return out


def structure(paragraphs: list[Paragraph]) -> list[Block]:
    """Each paragraph with its heading role, kind, section and plan theme."""
    blocks: list[Block] = []
    part = kind = section = theme = None
    list_kind = None  # the kind of a paragraph announcing a list (…主要预期目标是：), for its bullets
    for index, (paragraph, inline) in enumerate(_split_inline_headings(paragraphs)):
        text = paragraph.text.strip()
        if not inline and not is_heading(text):
            own = kind or part or lead_kind(text)
            bullet = _BULLET.match(text) is not None
            if own is None and bullet:
                own = list_kind  # ▶规上工业增加值增长7%； under 报告提出，今年…主要预期目标是：
            if text[-1] in "：:":
                list_kind = own
            elif not bullet:
                list_kind = None
            blocks.append(Block(paragraph, False, None, own, section, theme))
            continue
        list_kind = None
        role, own_kind = classify_heading(text.rstrip("。！!？?.") if inline else text)
        if not inline and (role == "meta" or (index == 0 and role != "part")):
            blocks.append(Block(paragraph, True, "title" if index == 0 else "meta", None, None, None))
            continue
        if role == "part":
            part, kind, theme = own_kind, own_kind, None
        elif inline and part is not None:
            # a numbered lead sentence takes the part it sits in: in a review part,
            # （二）聚力科技创新，新动能加快成长。 reads like a plan but reports a result
            kind = part
            theme = theme_of(text.rstrip("。！!？?.")) if kind == "plan" else None
        else:
            if own_kind and _TOP_LEVEL.match(text):
                part = own_kind  # 三、全面加强政府自身建设: a numbered top-level heading opens a part
            kind = own_kind or part
            theme = theme_of(text.rstrip("。！!？?.")) if kind == "plan" else None
        section = text.rstrip("。！!？?.") if inline else text
        blocks.append(Block(paragraph, True, role if role != "meta" else "heading", kind, section, theme))
    return blocks


def lead_kind(text: str) -> str | None:
    """review | plan | None for a paragraph outside any part (news summaries), from its first sentence.

    报告强调，今年将重点抓好四方面工作：… is plan; 报告指出，过去一年，… is review.
    """
    match = _SENT_END.search(text)
    first = text[:match.end()] if match else text
    first = first.split("：")[0].split(":")[0] if re.search(r"[：:]", first) else first
    future, past = cue("future").search(first), cue("past").search(first)
    if future and not past:
        return "plan"
    if past and not future:
        return "review"
    return None


def split_sentences(block: Block) -> list[Sentence]:
    """Sentences of a block (a heading is one sentence); list items start a new sentence."""
    text = block.text
    spans, start = [], 0
    for match in _SENT_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    if not block.is_heading:
        # a list inside a sentence (…实事：①…；②…；③…) gives one sentence per item
        spans = [piece for s, e in spans for piece in _split_items(text, s, e)]
    sentences = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        item = _ITEM.match(text, s) if not block.is_heading else None
        sentences.append(Sentence(block, s, e, item_number(item) if item and item.end() < e else None))
    return sentences


def _split_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [m.start() for m in _ITEM_INSIDE.finditer(text, start, end) if start < m.start() < end]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if a < b]


SENTENCE_CUES = Path(__file__).parent / "vocab" / "sentences.tsv"


_WIDTH_FOLD = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                             **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                             **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}, "％": "%"})


_FULL_WIDTH = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a％]")


def fold_width(text: str) -> str:
    """Full-width digits, Latin letters and ％ as ASCII (same length), so that the cue
    vocabularies, written with 2024年 and %, also read ２０２４年 and ％. Chinese punctuation
    (，：（）) is left as it is: the vocabularies name it."""
    # most text has no full-width letters or digits: one regex scan is far cheaper than translate
    return text.translate(_WIDTH_FOLD) if _FULL_WIDTH.search(text) else text


class _Cue:
    """A sentence-role pattern that reads full-width digits and letters as ASCII."""

    def __init__(self, pattern: re.Pattern) -> None:
        self.pattern = pattern

    def search(self, text: str) -> re.Match | None:
        return self.pattern.search(fold_width(text))


@lru_cache(maxsize=None)
def cue(role: str) -> _Cue:
    """The pattern for one sentence role (meeting, preamble, future, past, livelihood)."""
    with SENTENCE_CUES.open(encoding="utf-8") as f:
        patterns = [row["pattern"] for row in csv.DictReader(f, delimiter="\t") if row["role"] == role]
    return _Cue(re.compile("|".join(f"(?:{p})" for p in patterns)))


_YEAR = re.compile(r"(?<![\d\uff10-\uff19])((?:19|20)\d{2})\s*年")


def sentence_kind(text: str, *, block_kind: str | None, report_year: int | None, review_year: int | None) -> str | None:
    """review | plan | None for one sentence: explicit years and tense cues beat the block's kind."""
    folded = fold_width(text)  # once: the cues below search the folded text (_Cue.search would fold it again)
    years = {int(y) for y in _YEAR.findall(folded)}
    future, past = cue("future").pattern.search(folded), cue("past").pattern.search(folded)
    if review_year in years and report_year not in years and not future:
        return "review"
    if report_year in years and review_year not in years and (future or block_kind != "review"):
        return "plan"
    if block_kind == "plan" and cue("past_lead").pattern.search(folded) and not cue("future_strong").pattern.search(folded):
        return "review"  # 过去一年，全市… inside a plan part
    if block_kind == "review" and cue("future_strong").pattern.search(folded) and not past and review_year not in years:
        return "plan"  # 主要预期目标是：… or 今年将… inside a review part
    if block_kind is None:
        if future and not past:
            return "plan"
        if past and not future:
            return "review"
    return block_kind
