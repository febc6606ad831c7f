"""Pledges: each commitment for the plan year, one sentence (or one listed item) a row.

A plan paragraph usually opens with a short lead phrase (推动传统产业焕发新活力。) that is
its topic, followed by the commitments. Numbered livelihood projects (办好五件实事: 1. … 5.)
are one row each, and a list keeps its heading even when another heading interrupts it,
as long as the numbering carries on.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from flows.parse.parts import names_own_five_year
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
    five_year_goal: bool = False  # an item of a list announced as the five-year plan's goals
    lead_end: int = 0  # offset in the first sentence after a lead phrase and its colon (壮大县域经济：)

    @property
    def block(self) -> Block:
        return self.sentences[0].block

    @property
    def start(self) -> int:
        """Offset in the block's text where the pledge starts (after an item number: 1. （1） ① 一是)."""
        first = self.sentences[0]
        return first.start + (item_mark_end(first.text) if self.item_no is not None else 0) + self.lead_end

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


_LEAD_CLAUSE_MAX = 8  # 优化营商环境，激发市场活力。: two short clauses, printed in bold as one lead
# a count of what a lead announces (继续办好10件惠民实事, 重点抓好5个方面工作): no figure of its own
_ANNOUNCED = re.compile(r"[0-9]+(?=(?:个方面|大?项|件|类)[^，,；;]{0,8}(?:实事|方面|工作|任务)$)")


def is_topic(sentence: Sentence, *, first: bool, topic: str | None, elaborated: int = 1) -> bool:
    """A lead sentence (推动传统产业焕发新活力。) names the topic of the sentences after it.

    It is short, and has no figure of its own: a count of what it announces (继续办好10件惠民实事)
    is no figure. It opens the paragraph, or, later in the paragraph, repeats the opening words
    of the paragraph's first topic (抓紧抓实安全生产。… 抓紧抓实风险防控。…). A paragraph-opening
    lead of two short clauses (坚持创新驱动，壮大发展动能。) is one too when at least two
    sentences (``elaborated``) go on to elaborate it. A one-sentence commitment with a figure
    (新建高速公路300公里。) is a pledge.
    """
    body = sentence.text.rstrip("。！!.")
    bare = _ANNOUNCED.sub("", fold_width(_QUOTED.sub("", body)))  # 打造“浙里城市、幸福家园”金名片: a name
    if sentence.item_no is not None or not 2 <= len(body) <= _TOPIC_MAX or re.search(r"[；;：:0-9%]", bare):
        return False
    clauses = re.split(r"[，,]", bare)
    if len(clauses) > 1 and not (first and len(clauses) == 2 and elaborated >= 2
                                 and all(2 <= len(c) <= _LEAD_CLAUSE_MAX for c in clauses)):
        return False
    return first or (topic is not None and body[:2] == topic[:2])


# a lead is at least four characters (乡村振兴：); shorter ones are connectives (其中：, 同时：).
_COLON_LEAD = re.compile(r"^\s*([^：:，,；;。]{4,%d})[：:]\s*(?=\S)" % _TOPIC_MAX)
# a phrase that announces its object (主要目标是：, 重点抓好如下工作：) is an intro, not a topic
_ANNOUNCING = re.compile(r"(?:是|为|如下|以下|包括|有|即|指)$")


def colon_lead(sentence: Sentence) -> int:
    """The end of a lead phrase written with a colon (壮大县域经济：推动…；实施…。): the phrase names
    the topic that the rest of the sentence elaborates, and has no figure or object of its own.
    0 when the sentence has no such lead (主要目标是：…, 2025年：…, 新建农村公路120公里：…)."""
    match = _COLON_LEAD.match(sentence.text)
    if match is None or _ANNOUNCING.search(match.group(1)) or cue("preamble").search(match.group(1)):
        return 0
    if not is_topic(_Phrase(match.group(1)), first=True, topic=None):
        return 0
    return match.end()


@dataclass
class _Phrase:
    """A lead phrase read as a sentence of its own by ``is_topic``."""
    text: str
    item_no: int | None = None


def is_lone_lead(sentences: tuple[Sentence, ...] | list[Sentence], following: BlockSentences | None) -> bool:
    """A paragraph that is only a lead sentence (壮大县域经济。, printed in bold on a line of its own)
    followed by the paragraph that elaborates it."""
    if len(sentences) != 1 or following is None or following.block.is_heading or following.block.kind != "plan":
        return False
    nxt = following.sentences
    return len(nxt) >= 1 and nxt[0].item_no is None and is_topic(sentences[0], first=True, topic=None)


_GOALS = re.compile(r"目标|任务")


def _announces_five_year_goals(text: str, report_year: int | None) -> bool:
    """“十五五”时期经济社会发展的主要目标是：… announces the five-year plan's goals (一是…十二是…),
    wherever in the report the list stands."""
    return _GOALS.search(text) is not None and names_own_five_year(text, report_year)


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
    carried: str | None = None  # the lead of a paragraph that was only its lead
    for position, block in enumerate(blocks):
        lead, carried = carried, None
        if block.is_heading or not block.text.strip() or (parts is not None and parts[position] in _NO_PLEDGES):
            continue
        sentences, kinds = split[position].sentences, split[position].kinds
        # the first sentence of the paragraph right after this one (none across a heading):
        # a sentence that closes its paragraph announces the numbered list opening the next one
        after = split[position + 1] if position + 1 < len(blocks) else None
        next_first = next(iter(after.sentences), None) if after is not None and not after.block.is_heading else None
        if any(cue("meeting").search(s.text) for s in sentences):
            continue  # a paragraph about the session itself (news summaries), not commitments
        if block.kind == "plan" and is_lone_lead(sentences, after) and not (
                parts is not None and parts[position + 1] != parts[position]):
            carried = sentences[0].text.rstrip("。！!.")
            continue
        topic = lead
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
                    five_year_goal=lead.five_year_goal if lead else False,
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
                last_item = Pledge(0, block.theme, topic, block.section, [sentence], item_no=0,
                                   five_year_goal=_announces_five_year_goals(sentence.text, report_year))
                continue
            if (cue("preamble").search(sentence.text) or cue("year_statement").search(sentence.text) or is_intro(sentence)
                    or is_question(sentence)):
                continue
            if index + 1 < len(sentences) and is_topic(sentence, first=index == 0, topic=topic,
                                                       elaborated=len(sentences) - index - 1):
                topic = sentence.text.rstrip("。！!.")
                continue
            lead_end = colon_lead(sentence) if index == 0 and sentence.item_no is None else 0
            if lead_end:
                topic = sentence.text[:lead_end].strip().rstrip("：:")
            pledges.append(Pledge(len(pledges) + 1, block.theme, topic, block.section, [sentence], lead_end=lead_end))
    return pledges
