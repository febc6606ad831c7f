"""The parts of a report: front matter, review, five-year plan, the plan year, government
self-building and closing, found from headings and wording.

A full report is a sequence of numbered parts (一、2025年工作回顾 / 二、“十五五”时期主要目标任务 /
三、2026年重点工作 / 四、加强政府自身建设), framed by a front (web boilerplate, title, delivery
line, greeting) and a closing appeal (各位代表！…让我们更加紧密地团结…) that may be followed by
annexes. Such formal part headings are trusted: everything under 一、2025年工作回顾 is review,
whatever its sub-headings say. News summaries and short texts mark their parts with labels
(回眸2023, 展望2024) and mix kinds freely: there each paragraph keeps the kind its own headings
and wording give it (``structure``).

Within the review and five-year parts, a paragraph that opens on the other period moves the part
(“十四五”时期，… is review inside a 十五五 part; “十五五”时期… is five-year inside a review part), and
the five-year goals give way to the plan year at 今年是“十五五”开局之年. After the plan's items,
un-numbered 各位代表！ paragraphs on the government itself are self-building, the appeal with
让我们… opens the closing, and an annexed livelihood list (附件 …民生实事) is plan again.

When the headings do not say (slogans such as 一、一张蓝图绘到底，…; or no part headings at all, only
the 各位代表 turns), a part is what its own sentences are about (``content_part``), and a report
whose parts still cannot be told apart is flagged (``part_flags``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from flows.parse.structure import Block, classify_heading, cue, fold_width, sentence_kind, split_sentences, theme_of

FRONT, REVIEW, FIVE_YEAR, PLAN, SELF_BUILDING, CLOSING = (
    "front", "review", "five_year_plan", "plan", "self_building", "closing")
PARTS = (FRONT, REVIEW, FIVE_YEAR, PLAN, SELF_BUILDING, CLOSING)

_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．,，]|第[一二三四五六七八九十]+部分)\s*")
PLAN_DIGITS = "一二三四五六七八九"  # X in 十X五: the 11th to the 19th five-year plan
# a five-year plan: “十四五” (the 14th, 2021-2025), 第十五个五年规划, 今后五年
_PLAN_NO = re.compile(rf"十([{PLAN_DIGITS}])五|第十([{PLAN_DIGITS}])个五年")
_NEXT_FIVE = re.compile(r"今后五年|未来五年")
_PAST_FIVE = re.compile(r"过去五年|五年来")
_REVIEW_END = re.compile(r"(?:回顾|总结|成就|成绩|成效|进展|发展成就)\s*$")
_PAST = re.compile(r"(?:19|20)\d{2}年|十[一二三四五六七八九]五|过去|本届政府|五年来|一年来")
_GOVERNMENT = re.compile(r"政府")
_SELF_BUILDING = re.compile(r"自身建设|政府")
_GREETING = re.compile(r"^\s*各位代表[！!：:，,]?")
# the closing appeal: 让我们更加紧密地团结在…, 我们要更加紧密地团结在…周围
_APPEAL = re.compile(r"让我们[^。！!]{0,40}?(?:团结|携手|奋斗|奋进|凝心|同心|砥砺|勇毅|踔厉|努力|以更加)|紧密地?团结在|团结在以")
_ANNEX = re.compile(r"^\s*附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[：:]?")
_PLAN_YEAR_OPENING = r"^\s*(?:今年|{year}年)(?!—|-|至|到)"
# the closing appeal sits in the last part of a report, never in its first two thirds
_CLOSING_FROM = 0.6


# The 11th five-year plan began in 2006 and every plan since has lasted five years.
_FIRST_NUMBER, _FIRST_YEAR = 11, 2006


def five_year_span(number: int) -> tuple[int, int]:
    """The years of the n-th five-year plan: the 11th is 2006-2010, the 15th 2026-2030."""
    start = _FIRST_YEAR + 5 * (number - _FIRST_NUMBER)
    return start, start + 4


def plan_number(digit: str) -> int:
    """The plan a 十X五 names by its digit X: 四 (十四五) → 14."""
    return _FIRST_NUMBER + PLAN_DIGITS.index(digit)


def _plan_numbers(text: str) -> list[int]:
    return [plan_number(a or b) for a, b in _PLAN_NO.findall(text)]


def _number_at(year: int) -> int:
    return _FIRST_NUMBER + (year - _FIRST_YEAR) // 5


def own_five_year(report_year: int | None) -> tuple[int, int] | None:
    """The five-year plan a report's plan year opens or sits in (2026 → 2026-2030)."""
    return five_year_span(_number_at(report_year)) if report_year is not None else None


@dataclass(frozen=True)
class Part:
    """One stretch of the report: its kind, source offsets and heading."""

    kind: str
    char_start: int
    char_end: int
    heading: str | None


def heading_part(text: str, *, report_year: int | None, after_plan: bool) -> tuple[str | None, bool]:
    """(part, formal) a heading opens, or (None, False) for a heading inside a part.

    Formal part headings name what they cover (一、2025年工作回顾, “十四五”时期工作回顾,
    三、2026年重点工作); news labels (回眸2023, 展望2024) open a part but are not formal.
    """
    text = fold_width(text.strip())
    numbered = _NUMBERED.match(text) is not None
    bare = _NUMBERED.sub("", text, count=1)
    role, kind = classify_heading(text)
    own = own_five_year(report_year)
    numbers = _plan_numbers(bare)
    if (role == "part" and kind == "review") or (_REVIEW_END.search(bare) and _PAST.search(bare) and (numbered or role == "part" or numbers)):
        return REVIEW, _REVIEW_END.search(bare) is not None
    names_own_plan = own is not None and any(five_year_span(n) == own for n in numbers)
    if (names_own_plan or _NEXT_FIVE.search(bare)) and (numbered or role == "part" or len(bare) <= 30):
        return FIVE_YEAR, True
    if role == "part" and kind == "plan":
        if after_plan and _GOVERNMENT.search(bare):
            return SELF_BUILDING, True
        year_named = report_year is not None and f"{report_year}年" in bare
        return PLAN, numbered or year_named or "工作" in bare or "任务" in bare
    if numbered and after_plan and _GOVERNMENT.search(bare):
        return SELF_BUILDING, True
    if numbered and _REVIEW_END.search(bare) and re.search(r"今年|本年", bare):
        return REVIEW, True  # 一、今年工作回顾: a session late in the year reviews the year it sits in
    plan_year = re.compile(rf"{report_year}年|今年|明年") if report_year is not None else None
    if numbered and plan_year and plan_year.search(bare) and not _PAST.search(plan_year.sub("", bare)) \
            and not _REVIEW_END.search(bare):
        return PLAN, True  # 二、2015年工作总体部署, 二、对今年工作的建议, 二、明年工作安排: named for the plan year
    return None, False


# Evidence that a stretch of text is about the past year, the plan year or the five-year plan,
# for part headings that are slogans (一、一年接着一年干，…取得新进展新成效).
_EVIDENCE_SENTENCES = 40  # the first sentences of a part say what it is about
_EVIDENCE_MIN = 3  # fewer telling sentences than this: the part is not told
_PLAN_MARKERS = re.compile(r"今年[^，。；]{0,6}(?:工作|经济社会发展)|政府工作的?总体要求|主要预期目标")
# an achievement with its figure (增长5.4%, 突破1000亿元) that neither looks forward nor qualifies
# the figure as a target (左右, 以上, 力争): last year's result
_ACHIEVED = re.compile(r"(?:增长|下降|达到|达|突破|完成|实现|提高|增加|减少)了?[0-9０-９]")
_TARGET_WORDING = re.compile(r"左右|以上|以内|不低于|不超过|力争|确保|争取")


def content_part(blocks: list[Block], *, report_year: int | None) -> str | None:
    """The part a stretch of body text belongs to, from what its sentences say: years and tense
    (过去一年, 去年, 今年, 2025年), achievements with last year's figures (比上年增长…, 完成了…), the
    plan's own markers (今年工作的总体要求, 主要预期目标) and the five-year plan (“十五五”时期, 今后五年).
    None when the sentences do not tell."""
    review_year = report_year - 1 if report_year is not None else None
    votes = {REVIEW: 0, PLAN: 0, FIVE_YEAR: 0}
    seen = 0
    for block in blocks:
        if block.is_heading:
            continue
        if _PLAN_MARKERS.search(block.text):
            votes[PLAN] += 3
        for sentence in split_sentences(block):
            if seen >= _EVIDENCE_SENTENCES:
                break
            seen += 1
            text = sentence.text
            if names_own_five_year(text, report_year):
                votes[FIVE_YEAR] += 1
                continue
            kind = sentence_kind(text, block_kind=None, report_year=report_year, review_year=review_year)
            if kind is None and _ACHIEVED.search(fold_width(text)) and not _TARGET_WORDING.search(text):
                kind = "review"
            if kind == "review":
                votes[REVIEW] += 1
            elif kind == "plan":
                votes[PLAN] += 1
    best = max(votes, key=votes.get)
    if votes[best] < _EVIDENCE_MIN or list(votes.values()).count(votes[best]) > 1:
        return None
    return best


def names_own_five_year(text: str, report_year: int | None) -> bool:
    """The text names the five-year plan the plan year opens or sits in (“十五五”, 今后五年, 到2030年)."""
    own = own_five_year(report_year)
    if own is None:
        return False
    text = fold_width(text)
    return (any(five_year_span(n) == own for n in _plan_numbers(text)) or _NEXT_FIVE.search(text) is not None
            or f"到{own[1]}年" in text)


def _opens_on(text: str, pattern: re.Pattern) -> bool:
    return pattern.search(fold_width(text.strip())[:14]) is not None


def report_parts(blocks: list[Block], *, report_year: int | None) -> tuple[list[Block], list[str | None]]:
    """Each block's part (None where a short text says nothing), and the blocks with the kind
    their formal part gives them (a plan-worded sub-heading inside 一、2025年工作回顾 is review)."""
    n = len(blocks)
    opens = _part_openings(blocks, report_year=report_year, evidence=False)
    found = {part for part, _ in opens}
    if (REVIEW not in found or PLAN not in found) and any(_GREETING.match(b.text) for b in blocks):
        # a full report (addressed to the deputies) whose part headings do not say what they
        # cover (slogans): read what is under them. News summaries mix kinds freely: not them.
        opens = _part_openings(blocks, report_year=report_year, evidence=True)
    first = next((i for i, (part, _) in enumerate(opens) if part), None)
    if first is None:
        opens = _turn_openings(blocks, report_year=report_year)
        first = next((i for i, (part, _) in enumerate(opens) if part), None)
    if first is None:
        return blocks, [_front_or_none(b, i) for i, b in enumerate(blocks)]

    total = max((_end(b) for b in blocks), default=1) or 1
    plan_year_opening = re.compile(_PLAN_YEAR_OPENING.format(year=report_year)) if report_year else None
    own_plan, prev_plan = _period_openings(report_year)

    labels: list[str | None] = []
    out: list[Block] = []
    current, formal, annex = FRONT, True, False
    for i, block in enumerate(blocks):
        part, is_formal = opens[i]
        text = block.text
        if block.is_heading and _ANNEX.match(fold_width(text)) and current in (CLOSING, PLAN, SELF_BUILDING) and i > first:
            annex = True
            nxt = " ".join(b.text for b in blocks[i + 1:i + 3])
            current, formal = (PLAN if cue("livelihood").search(nxt) else CLOSING), True
        elif part and not (annex and current == CLOSING):
            current, formal = part, is_formal
        elif not block.is_heading and current not in (FRONT, CLOSING) and not annex:
            late = _start(block) >= _CLOSING_FROM * total
            lead = text + (blocks[i + 1].text if len(text.strip()) <= 6 and i + 1 < n else "")
            if late and _APPEAL.search(lead):
                current = CLOSING  # whichever part comes last (Jilin ends on its 十五五 part)
            elif late and _GREETING.match(lead) and current != REVIEW:
                current = SELF_BUILDING if _SELF_BUILDING.search(lead) else PLAN
            elif current == REVIEW and (_opens_on(text, own_plan) or _opens_on(text, _NEXT_FIVE)):
                current = FIVE_YEAR
            elif current == FIVE_YEAR and (_opens_on(text, prev_plan) or _opens_on(text, _PAST_FIVE)):
                current = REVIEW
            elif current == FIVE_YEAR and plan_year_opening and plan_year_opening.search(fold_width(text)):
                current = PLAN
        labels.append(current)
        if formal and current == REVIEW and (block.kind != REVIEW or block.theme):
            block = replace(block, kind=REVIEW, theme=None)
        elif formal and current in (PLAN, FIVE_YEAR, SELF_BUILDING) and block.kind != "plan":
            block = replace(block, kind="plan", theme=block.theme or (theme_of(block.section) if block.section else None))
        out.append(block)
    if not any(is_formal for _, is_formal in opens):
        # news labels: each paragraph keeps its own kind, the label only names the part
        labels = [lab if lab in (FRONT, CLOSING) else (REVIEW if b.kind == "review" else PLAN if b.kind == "plan" else lab)
                  for lab, b in zip(labels, blocks)]
        return blocks, labels
    return out, labels


_FULL_REPORT = 3000  # characters: shorter texts (news summaries, excerpts) need not have both parts


def part_flags(blocks: list[Block], labels: list[str | None], *, report_year: int | None,
               review_year: int | None) -> list[str]:
    """What quality.json should say about a report whose parts could not be told apart: a numbered
    part heading left in the front matter, or a full report addressed to the deputies (各位代表),
    reviewing one year and planning the next, with no review part found (its review would be
    read as plans, or left in the front)."""
    flags = []
    left = [b.text.strip() for b, label in zip(blocks, labels)
            if label == FRONT and b.is_heading and _NUMBERED.match(fold_width(b.text.strip()))]
    if left:
        flags.append(f"part heading left in the front matter: {left[0][:30]}")
    if report_year is None or review_year == report_year or REVIEW in labels:
        return flags
    if not any(_GREETING.match(b.text) for b in blocks) or sum(len(b.text) for b in blocks) < _FULL_REPORT:
        return flags
    return [*flags, "no review part found: the report's parts could not be told apart"]


def _turn_openings(blocks: list[Block], *, report_year: int | None) -> list[tuple[str | None, bool]]:
    """A report without part headings turns to each part by addressing the deputies again
    (各位代表！…): each stretch from one 各位代表 to the next opens the part its own text is
    about. The final appeal (各位代表！让我们…) is left to the closing."""
    n = len(blocks)
    opens: list[tuple[str | None, bool]] = [(None, False)] * n
    turns = [i for i, b in enumerate(blocks) if not b.is_heading and _GREETING.match(b.text)]
    if len(turns) < 3:
        return opens  # the greeting and the appeal alone do not divide a report
    for k, i in enumerate(turns):
        end = turns[k + 1] if k + 1 < len(turns) else n
        if _APPEAL.search(" ".join(b.text for b in blocks[i:min(i + 2, end)])):
            continue
        part = content_part(blocks[i:end], report_year=report_year)
        if part is not None:
            opens[i] = (part, True)
    return opens


def _part_openings(blocks: list[Block], *, report_year: int | None, evidence: bool) -> list[tuple[str | None, bool]]:
    """(part, formal) each heading opens. With ``evidence``, a numbered top-level heading whose
    words do not tell (一、一张蓝图绘到底，…) opens the part its own text is about."""
    n = len(blocks)
    opens: list[tuple[str | None, bool]] = [(None, False)] * n
    tops = [i for i, b in enumerate(blocks) if b.is_heading and _NUMBERED.match(fold_width(b.text.strip()))]
    seen_plan = False
    for i, block in enumerate(blocks):
        if block.is_heading and block.role in ("part", "heading", "meta"):
            opens[i] = heading_part(block.text, report_year=report_year, after_plan=seen_plan)
            if evidence and opens[i][0] is None and i in tops:
                end = next((j for j in tops if j > i), n)
                part = content_part(blocks[i + 1:end], report_year=report_year)
                if part == PLAN and seen_plan and _GOVERNMENT.search(block.text):
                    part = SELF_BUILDING
                if part is not None:
                    opens[i] = (part, True)
            seen_plan = seen_plan or opens[i][0] == PLAN
    return opens


_NEVER = re.compile(r"(?!)")


def _start(block: Block) -> int:
    """Source offset of a block's first character."""
    return block.paragraph.source_spans(0, 1)[0][0] if block.text else 0


def _end(block: Block) -> int:
    """Source offset one past a block's last character."""
    return block.paragraph.source_spans(0, len(block.text))[-1][1] if block.text else 0


def _period_openings(report_year: int | None) -> tuple[re.Pattern, re.Pattern]:
    """Paragraph openings naming the report's own five-year plan (“十五五”时期… in 2026) and the
    one before it (“十四五”时期…)."""
    if report_year is None:
        return _NEVER, _NEVER

    def opening(n: int) -> re.Pattern:
        if not _FIRST_NUMBER <= n < _FIRST_NUMBER + len(PLAN_DIGITS):
            return _NEVER
        digit = PLAN_DIGITS[n - _FIRST_NUMBER]
        return re.compile(rf"^[“\"]?(?:十{digit}五|第十{digit}个五年)")
    number = _number_at(report_year)
    return opening(number), opening(number - 1)


def _front_or_none(block: Block, index: int) -> str | None:
    """Without part headings only the title lines and the greeting are front matter."""
    if block.role in ("title", "meta") or (index < 12 and _GREETING.match(block.text) and "报告" in block.text):
        return FRONT
    return block.kind


def part_spans(blocks: list[Block], labels: list[str | None], n_chars: int) -> list[Part]:
    """Consecutive blocks of one part as spans of the source text (for quality.json)."""
    parts: list[Part] = []
    for block, label in zip(blocks, labels):
        if not block.text:
            continue
        start = _start(block)
        heading = block.text.strip() if block.is_heading else None
        if parts and parts[-1].kind == label:
            continue
        if parts:
            parts[-1] = replace(parts[-1], char_end=start)
        parts.append(Part(label or "body", start, n_chars, heading))
    return parts
