"""The plan year's main expected targets (主要预期目标), however the passage is laid out.

- inline: 主要预期目标是：地区生产总值增长5%左右，…。 (the paragraph from the cue on);
- numbered lines after an intro ending in a colon: 1. 地区生产总值增长6%左右； 2. …;
- lines without numbers after such an intro, each closing on a semicolon until the line that
  closes the list with a full stop (an older national layout: 主要预期目标是：⏎国内生产总值增长
  7.5%左右；⏎…⏎…同步。);
- a list under a heading that names it (（一）主要预期目标): every paragraph up to the next heading.

The five-year plan's goals (“十五五”时期…主要目标是) are not the plan year's targets.
"""
from __future__ import annotations

import re

from flows.parse.parts import FIVE_YEAR
from flows.parse.structure import Block

# the cue may be broken by a line break or spaces in a web copy
MAIN_TARGET_RE = re.compile(r"主\s*要\s*预\s*期\s*目\s*标|主\s*要\s*目\s*标\s*[是为]|预\s*期\s*目\s*标\s*[是为]"
                            r"|主\s*要\s*预\s*期\s*指\s*标")

_LIST_ITEM_RE = re.compile(r"^\s*(?:[0-9０-９]{1,2}\s*[.、．]|[(（][0-9０-９一二三四五六七八九十]{1,3}[)）]|[①-⑳]"
                           r"|[一二三四五六七八九十]{1,3}是|[—－-]{1,2}|[◆●■▲★▶►▷▸◇☆·•])")
_INTRO_END = ("：", ":")
_ITEM_GOES_ON = ("；", ";", "，", ",", "、")

HEADING, LIST, ITEMS, LINES = "heading", "list", "items", "lines"


def _after(text: str) -> str | None:
    """How the passage goes on after a paragraph of it: a list after an intro (…目标是：), more
    lines after a line that closes on a semicolon, nothing after a full stop."""
    text = text.rstrip()
    if text.endswith(_INTRO_END):
        return LIST
    if text.endswith(_ITEM_GOES_ON):
        return LINES
    return None


def main_targets(block: Block, part: str | None, mode: str | None) -> tuple[int | None, str | None]:
    """(where in ``block`` the main-targets passage starts, or None; how it goes on after the block).

    ``mode`` is what the previous block returned: ``heading`` (every paragraph up to the next
    heading), ``list`` (right after an intro: numbered items, or lines without numbers), ``items``
    (numbered items go on), ``lines`` (lines without numbers go on)."""
    if part == FIVE_YEAR:
        return None, None
    m = MAIN_TARGET_RE.search(block.text)
    if block.is_heading:
        return None, HEADING if m is not None else None
    if m is not None:
        return m.start(), _after(block.text)
    if mode == HEADING:
        return 0, mode
    if mode in (LIST, ITEMS) and _LIST_ITEM_RE.match(block.text):
        return 0, ITEMS  # numbered items: the list goes on while the numbering does
    if mode in (LIST, LINES):
        return 0, LINES if _after(block.text) == LINES else None
    return None, None


class TargetPassage:
    """The main-targets passage followed block by block through a report.

    ``start(block, part)`` gives where in the block the passage starts (None outside it);
    ``kind(sentence_start, kind)`` gives a sentence's kind inside the passage: the items of a list
    take the kind of the sentence announcing them (今年…主要预期目标是：⏎国内生产总值增长7.5%左右；
    is a plan-year target even where the part around it reads as a review)."""

    def __init__(self) -> None:
        self.mode: str | None = None
        self.listed = False  # the current block is an item or line of a list after its intro
        self.intro: tuple[str, int] | None = None  # (block text, where its cue is) of the list's intro
        self.list_kind: str | None = None

    def start(self, block: Block, part: str | None) -> int | None:
        previous = self.mode
        where, self.mode = main_targets(block, part, previous)
        self.listed = where == 0 and previous in (LIST, ITEMS, LINES)
        if where is not None and not self.listed and self.mode == LIST:
            self.intro = (block.text, where)
            self.list_kind = None
        elif not self.listed:
            self.intro = None
        return where

    def kind(self, *, block: Block, sentence_end: int, kind: str | None) -> str | None:
        if self.intro is not None and not self.listed and block.text == self.intro[0] \
                and sentence_end >= len(block.text.rstrip()):
            self.list_kind = kind  # the sentence that announces the list
        if self.listed and self.list_kind == "plan":
            return "plan"
        return kind
