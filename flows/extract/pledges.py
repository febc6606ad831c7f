"""Pledges: each commitment for the plan year, one sentence (or one listed item) a row.

A plan paragraph usually opens with a short lead phrase (推动传统产业焕发新活力。) that is
its topic, followed by the commitments. Numbered livelihood projects (办好五件实事: 1. … 5.)
are one row each, and a list keeps its heading even when another heading interrupts it,
as long as the numbering carries on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flows.parse.sentences import BlockSentences, block_sentences
from flows.parse.structure import Block, Sentence, cue, fold_width, item_mark_end
from flows.parse.tables import is_table_row

_TOPIC_MAX = 40  # a lead phrase printed in bold at the head of a paragraph is at most about 40 characters


@dataclass
class Pledge:
    seq: int
    theme: str | None
    topic: str | None
    section: str | None
    sentences: list[Sentence] = field(default_factory=list)
    item_no: int | None = None
    is_livelihood_project: bool = False

    @property
    def block(self) -> Block:
        return self.sentences[0].block

    @property
    def start(self) -> int:
        """Offset in the block's text where the pledge starts (after an item number: 1. （1） ① 一是)."""
        first = self.sentences[0]
        return first.start + (item_mark_end(first.text) if self.item_no is not None else 0)

    @property
    def end(self) -> int:
        return self.sentences[-1].end

    @property
    def text(self) -> str:
        return self.block.text[self.start:self.end]


_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|《[^《》]*》|「[^「」]*」")


_ENDS_ITEM = re.compile(r"[。！!？?][”’」』）)]*\s*$")
_COUNTED = re.compile(r"[0-9]+(?=个?方面|大?项|件|类)")
_YEARS = re.compile(r"(?:19|20)[0-9]{2}年")


def is_intro(sentence: Sentence) -> bool:
    """A sentence that only announces what follows (重点抓好以下几个方面工作：) commits to nothing itself.

    Figures inside quotes are names (围绕“3+1+1”工作思路，部署了六个方面的重点工作：), not data.
    """
    text = sentence.text.strip()
    # 2024年主要预期目标如下表： announces a table; 具体抓好9个方面工作： counts what it announces
    figures = _COUNTED.sub("", _YEARS.sub("", fold_width(_QUOTED.sub("", text))))
    return bool(text) and text[-1] in "：:" and not re.search(r"[0-9０-９]", figures)


def is_question(sentence: Sentence) -> bool:
    """A question (问：今年的投资盘子有多大？) asks; it commits to nothing."""
    text = sentence.text.strip().rstrip("”’\"）)")
    return bool(text) and (text[-1] in "？?" or re.match(r"^\s*问\s*[：:]", text) is not None)


def is_topic(sentence: Sentence, *, first: bool, topic: str | None) -> bool:
    """A short lead phrase without commas or figures (推动传统产业焕发新活力。) names the topic.

    It opens the paragraph, or, later in the paragraph, repeats the opening words of the
    paragraph's first topic (抓紧抓实安全生产。… 抓紧抓实风险防控。…).
    """
    body = sentence.text.rstrip("。！!.")
    bare = _QUOTED.sub("", body)  # 打造“浙里城市、幸福家园”金名片: punctuation inside quotes is part of a name
    if sentence.item_no is not None or not 2 <= len(body) <= _TOPIC_MAX or re.search(r"[，,；;：:0-9０-９]", bare):
        return False
    return first or (topic is not None and body[:2] == topic[:2])


# parts of a report that commit to nothing: front matter, the review, the closing appeal
_NO_PLEDGES = ("front", "review", "closing")


def pledges_from_blocks(blocks: list[Block], *, report_year: int | None, review_year: int | None,
                        parts: list[str | None] | None = None,
                        split: list[BlockSentences] | None = None) -> list[Pledge]:
    """Every commitment for the plan year (and the five-year goals), in report order.

    ``parts`` gives each block's part of the report (``flows.parse.parts``): nothing in the
    front matter, the review or the closing is a commitment. ``split`` is the blocks' sentences
    and their kinds when the caller already holds them (``flows.parse.sentences``).
    """
    if split is None:
        split = block_sentences(blocks, report_year=report_year, review_year=review_year)
    pledges: list[Pledge] = []
    last_item: Pledge | None = None
    livelihood_list = False
    for position, block in enumerate(blocks):
        if block.is_heading or not block.text.strip() or (parts is not None and parts[position] in _NO_PLEDGES):
            continue
        sentences, kinds = split[position].sentences, split[position].kinds
        # the first sentence of the paragraph right after this one (none across a heading):
        # a sentence that closes its paragraph announces the numbered list opening the next one
        after = split[position + 1] if position + 1 < len(blocks) else None
        next_first = next(iter(after.sentences), None) if after is not None and not after.block.is_heading else None
        if any(cue("meeting").search(s.text) for s in sentences):
            continue  # a paragraph about the session itself (news summaries), not commitments
        topic = None
        current_item: Pledge | None = None
        for index, sentence in enumerate(sentences):
            kind = kinds[index]
            if sentence.item_no is not None:
                continues = last_item is not None and sentence.item_no == (last_item.item_no or 0) + 1
                if not continues and sentence.item_no != 1:
                    livelihood_list = False
                if kind != "plan" and not (continues and kind is None):
                    current_item = None
                    continue
                lead = last_item if continues else None
                current_item = Pledge(
                    seq=len(pledges) + 1,
                    theme=lead.theme if lead else block.theme,
                    topic=lead.topic if lead else topic,
                    section=lead.section if lead else block.section,
                    sentences=[sentence],
                    item_no=sentence.item_no,
                    is_livelihood_project=livelihood_list or bool(cue("livelihood").search(block.section or "")),
                )
                pledges.append(current_item)
                last_item = current_item
                continue
            if current_item is not None:
                if current_item.sentences[0].start == 0 or not _ENDS_ITEM.search(current_item.sentences[-1].text):
                    current_item.sentences.append(sentence)  # an item's further sentences
                    continue
                current_item = None  # an item inside a paragraph (…：（1）…；（2）…。) ends at its full stop
            if kind != "plan" or is_table_row(sentence.text):
                continue  # a row of a table of targets is figures, not a commitment in words
            following = sentences[index + 1] if index + 1 < len(sentences) else next_first
            if following is not None and following.item_no == 1:
                # the sentence that announces a numbered list (…办好5件民生实事。1. … / …实事：（1）…)
                livelihood_list = bool(cue("livelihood").search(sentence.text))
                last_item = Pledge(0, block.theme, topic, block.section, [sentence], item_no=0)
                continue
            if (cue("preamble").search(sentence.text) or cue("year_statement").search(sentence.text) or is_intro(sentence)
                    or is_question(sentence)):
                continue
            if index + 1 < len(sentences) and is_topic(sentence, first=index == 0, topic=topic):
                topic = sentence.text.rstrip("。！!.")
                continue
            pledges.append(Pledge(len(pledges) + 1, block.theme, topic, block.section, [sentence]))
    return pledges
