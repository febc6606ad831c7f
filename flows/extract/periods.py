"""The years a fact covers: one year, or a span (period_start … period) for multi-year facts.

Annual figures keep the one year ``report._indicator_timing`` gives them. A fact covers several
years when
- it sits in the five-year-plan part (the 十五五 goals: 2026–2030), or
- it is a goal for a later year than the plan year (到2030年…: 2026–2030), or
- it is an annual average (年均增长) or a cumulative total (累计) and its sentence or heading
  names the span: “十四五”时期 / 期间 / 以来, 2021—2025年, 2021年至2025年, 五年来, 过去五年.
A comparison with a base several years back (较“十三五”末增长33.6%, 比2020年增加…) is a cumulative
rise over the years after the base; the base's own level (较“十三五”末的9323.1亿元) is the base year's.
An annual average or a cumulative total has no one-year ``period`` (null): its span is
``period_start``–``period_end``, so a query for one year never returns it.
"从X增加到Y" gives X the year the span starts from (the year before its first year: the
十四五's start point is 2020) and Y the span's last year; without a span X has no year (null): a
five-year review often names its span only in the paragraph before.
"""
from __future__ import annotations

import re

from flows.extract.numbers import normalize
from flows.parse.parts import PLAN_DIGITS, five_year_span, plan_number

__all__ = ["fact_period", "multi_year", "span_in"]

# “十四五”时期, 十四五期间, "十四五"以来, 十四五规划期, 第十四个五年规划时期
_PLAN_SPAN_RE = re.compile(rf"(?:十([{PLAN_DIGITS}])五|第十([{PLAN_DIGITS}])个五年(?:规划)?)[”\"’』」]?(?:规划)?(?:时期|期间|以来|规划期|这五年)")
_YEARS_SPAN_RE = re.compile(r"((?:19|20)[0-9]{2})年?\s*(?:-|—{1,2}|–|~|～|至|到)\s*((?:19|20)[0-9]{2})年")
_PAST_FIVE_RE = re.compile(r"五年来|过去五年|这五年|五年间|近五年")


def span_in(text: str | None, *, review_year: int | None) -> tuple[int, int] | None:
    """The multi-year span a text names, or None: (2021, 2025) for “十四五”时期 or 2021—2025年."""
    if not text:
        return None
    norm = normalize(text)
    m = _PLAN_SPAN_RE.search(norm)
    if m:
        return five_year_span(plan_number(m.group(1) or m.group(2)))
    m = _YEARS_SPAN_RE.search(norm)
    if m and int(m.group(1)) < int(m.group(2)):
        return int(m.group(1)), int(m.group(2))
    if review_year is not None and _PAST_FIVE_RE.search(norm):
        return review_year - 4, review_year
    return None


def fact_period(*, period: int | None, explicit_year: int | None, aggregation: str, point: str | None,
                report_year: int | None, in_five_year_part: bool, five_year: tuple[int, int] | None,
                sentence_span: tuple[int, int] | None, heading_span: tuple[int, int] | None
                ) -> tuple[int | None, int | None]:
    """(period, period_start) of one fact whose one-year period is ``period`` (``explicit_year`` is
    the year its own sentence gives it, if any)."""
    if in_five_year_part and five_year is not None:
        sentence_span = sentence_span or five_year
    span = sentence_span or heading_span
    if point == "from" and explicit_year is None:
        # the start point's year is the year before the span; without a span the text does not say
        return (span[0] - 1 if span is not None else None), None
    if in_five_year_part and five_year is not None:
        return (explicit_year or sentence_span[1]), sentence_span[0]
    if report_year is not None and explicit_year is not None and explicit_year > report_year \
            and period == explicit_year:
        return explicit_year, report_year  # 到2030年…: a goal over the years from the plan year on
    if point == "to" and explicit_year is None and span is not None:
        return span[1], None
    if aggregation != "annual" and span is not None:
        return (explicit_year if explicit_year and span[0] <= explicit_year <= span[1] else span[1]), span[0]
    return period, None


# A count of additions (城镇新增就业, 新建5G基站, 累计…): stated for a past span, it is the span's total.
_ADDITIONS_RE = re.compile(r"新增|新建|新开工|新改建|新改扩建|累计")


def multi_year(hit, *, kind: str, period: int | None, explicit_year: int | None, report_year: int | None,
               review_year: int | None, in_five_year_part: bool, five_year: tuple[int, int] | None,
               sentence_span: tuple[int, int] | None, paragraph_span: tuple[int, int] | None,
               heading_span: tuple[int, int] | None):
    """(hit with its aggregation settled, period, period_start, period_end) of one fact whose one-year
    period is ``period``. ``hit`` is an ``IndicatorHit``; ``paragraph_span`` is the span the paragraph
    names before the fact's sentence (过去五年，…。城镇新增就业452万人)."""
    from dataclasses import replace
    own = sentence_span or paragraph_span
    if (kind == "actual" and explicit_year is None and hit.aggregation == "annual" and hit.point is None
            and hit.measure in ("level", "change") and own is not None and own[0] < own[1]
            and own[1] == review_year and _ADDITIONS_RE.search(hit.indicator)):
        hit = replace(hit, aggregation="cumulative")  # 这五年…城镇新增就业452万人: five years' jobs
    heading_span = heading_span or paragraph_span
    if hit.base_year is not None and hit.at_base:
        return hit, hit.base_year, None, None  # 较“十三五”末的9323.1亿元: the 2020 level
    if hit.base_year is not None and hit.aggregation == "annual" and period is not None \
            and hit.base_year < period - 1:
        hit = replace(hit, aggregation="cumulative")  # 较“十三五”末增长33.6%: a rise over 2021-2025
        return hit, None, hit.base_year + 1, period
    period, start = fact_period(period=period, explicit_year=explicit_year, aggregation=hit.aggregation,
                                point=hit.point, report_year=report_year, in_five_year_part=in_five_year_part,
                                five_year=five_year, sentence_span=sentence_span, heading_span=heading_span)
    if hit.aggregation != "annual":
        # an average or a total over several years is no one year's figure
        return hit, None, start, (period if start is not None else None)
    return hit, period, start, (period if start is not None else None)
