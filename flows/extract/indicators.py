"""Turn the quantities of one sentence into named indicator rows.

``numbers.find_quantities`` finds the numbers; this module decides, for each of them,
what is measured (the indicator name), how (level / growth_rate / share / change),
the target qualifier (左右, 以上 ...), whether the clause reads like a target and which
explicit year governs it. Word lists live in ``vocab/*.csv``.

The rules, in reading order of a clause ("全县地区生产总值完成184.1亿元，同比增长6%"):
- the *lead* is the text between the clause start (or the previous number) and the number;
  cue words in it give the measure, and the lead without scope words (全县) and verbs
  (完成, 同比增长) is the name;
- counted things are named by the noun after the unit ("建成52个“六有标准”服务网点" -> 服务网点);
- a number without a name of its own takes the subject of the number before it
  (同比增长6% -> 地区生产总值); a bare head (总产量) takes the topic of that subject (粮食);
- "分别" lists split the subject into members (城乡居民 -> 城镇居民 / 农村居民;
  水果、蔬菜、中药材产量 -> 水果产量 / 蔬菜产量 / 中药材产量).
A number for which no name is found is not published.

Regexes are hand-written rather than taken from a Chinese NLP library (jieba, HanLP...):
report prose is formulaic, the rules stay explainable, and a segmenter would cost an order
of magnitude in speed and a model download.
"""
from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, replace

from flows.extract.numbers import (
    CN_DIGITS,
    MAYBE_QUANTITY_RE,
    QUOTED_RE,
    Quantity,
    _read_csv,
    bare_quantity,
    normalize,
    quantities_in,
    template_placeholders,
    unit_of,
)
from flows.extract.codes import CODEBOOK, alias_prefix, code_for
from flows.parse.parts import PLAN_DIGITS, five_year_span, plan_number
from flows.parse.tables import CELL_SEP_RE, cell_spans, table_cells, table_header

__all__ = ["IndicatorHit", "indicators_from_sentence", "table_cells", "table_header", "template_placeholders"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndicatorHit:
    start: int            # offsets into the sentence: sentence[start:end] == value_text
    end: int
    value_text: str       # exact span, e.g. "184.1亿元", "6%", "1.5个百分点", "五件"
    value: float          # as written, sign applied for declines (下降3% -> -3.0)
    unit: str             # as written: 亿元, %, 万亩, 户, 个百分点 ...
    value_std: float      # in the standard unit (see schemas/unit_std.csv)
    unit_std: str
    measure: str          # level | growth_rate | share | change
    indicator: str        # what is measured, in Chinese
    indicator_code: str | None
    indicator_en: str | None
    qualifier: str | None  # 左右 以上 以内 不低于 力争 余 ...
    target_cue: bool      # the clause carrying the number has target wording
    year: int | None      # explicit year governing the clause
    year_is_start: bool = False  # the year is the start point the number belongs to (由2015年的2089.7亿元)
    value_high: float | None = None      # high bound of a range (5%—5.5%); value is the low bound
    value_std_high: float | None = None
    aggregation: str = "annual"  # annual | annual_average (年均) | cumulative (累计)
    point: str | None = None     # "from" / "to": the start / end point of 从X增加到Y (no year of its own)
    base_year: int | None = None  # the base of a comparison over several years (较“十三五”末 2020, 比2020年)
    at_base: bool = False         # the number is the base's own level (较“十三五”末的9323.1亿元)


# ---------------------------------------------------------------- vocabularies (loaded once)
_CUES: dict[str, list[str]] = defaultdict(list)
for _row in _read_csv("cues.csv"):
    _CUES[_row["kind"]].append(_row["word"])


def _words_re(words, *, anchor: str = "") -> re.Pattern:
    """Alternation, longest first; ASCII words only match as whole words."""
    alts = []
    for w in sorted(set(words), key=len, reverse=True):
        e = re.escape(w)
        alts.append(rf"\b{e}\b" if w.isascii() else e)
    body = "|".join(alts)
    if anchor == "end":
        return re.compile(rf"(?:{body})\s*$")
    if anchor == "start":
        return re.compile(rf"^\s*(?:{body})")
    return re.compile(body)


# Cue words for the measure; 增加值 is listed as neutral so that its 增加 is not read as growth.
_MEASURE_KIND = {}
for _kind in ("growth_up", "growth_down", "level_to"):
    for _w in _CUES[_kind]:
        _MEASURE_KIND.setdefault(_w, _kind)
_MEASURE_KIND.update({"增加值": "neutral", "增长点": "neutral", "增长极": "neutral"})
_MEASURE_CUE_RE = _words_re(_MEASURE_KIND)
_SHARE_RE = _words_re(_CUES["share"])
# 天 and 工作日 count as a measure only of a named duration (优良天数达到300天, 审批时限压缩至3个工作日),
# never on their own (3天内办结, 连续30天)
_DURATION_NAME_RE = _words_re(_CUES["duration_name"])
_CHANGE_RE = _words_re(_CUES["change"])
_CHANGE_DOWN_RE = _words_re(_CUES["change_down"])
_COMPARISON_RE = _words_re(_CUES["comparison"])
_TARGET_RE = _words_re(_CUES["target"])
_QUAL_POST_RE = re.compile("|".join(sorted(_CUES["qualifier_post"], key=len, reverse=True)))
_QUAL_PRE_RE = _words_re(_CUES["qualifier_pre"], anchor="end")
_NOT_QUAL_RE = _words_re(_CUES["not_qualifier"], anchor="end")
_LEAD_SUFFIX_RE = _words_re(_CUES["lead_suffix"], anchor="end")
_LEAD_PREFIX_RE = _words_re(_CUES["lead_prefix"], anchor="start")
_TAIL_VERB_RE = _words_re(_CUES["tail_verb"])
_TAIL_STOP_RE = _words_re(_CUES["lead_suffix"] + _CUES["comparison"] + _CUES["growth_up"]
                          + _CUES["growth_down"], anchor="start")
_GENERIC = frozenset(_CUES["generic_noun"])
_BARE_VERBS = frozenset(_CUES["bare_verb"])
_RELATIVE = frozenset(_CUES["relative_head"])
_BARE_REACH = frozenset(_CUES["bare_reach"])
# A clause that opens with the beneficiaries' preposition: 为困难群众发放取暖补贴 -> 困难群众发放取暖补贴
_BENEFIT_PREFIX_RE = re.compile(r"^\s*(?:为|对|向|给)")
_HEADS = sorted(_CUES["measure_head"], key=len, reverse=True)
_SPLITS = sorted(((r["compound"], r["members"].split("|")) for r in _read_csv("splits.csv")),
                 key=lambda x: len(x[0]), reverse=True)

# How a figure is summarised over time: 年均增长 (an annual average over several years), 累计 (a total
# summed over several years); PM2.5年均浓度 is one year's mean, not a multi-year average.
_ANNUAL_AVERAGE_RE = re.compile(r"(?:年均|年平均|平均每年|每年平均)(?!浓度|值|气温|降水)")
_CUMULATIVE_RE = re.compile(r"累计")
# A comparison with the end of a five-year plan or with an earlier year (较“十三五”末增长33.6%, 比2020年
#增加…): the figure is a rise over several years, not one year's. 比上年/同比 are one year's.
_BASE_RE = re.compile(rf"(?:较|比|相比|同)\s*[“”\"‘’「」]?\s*(?:十([{PLAN_DIGITS}])五|第十([{PLAN_DIGITS}])个五年(?:规划)?)"
                      rf"\s*[“”\"‘’「」]?\s*(?:规划)?(?:末|期末)|(?:较|比)\s*((?:19|20)[0-9]{{2}})年(?:末|底)?(?!同期)")
_ONE_YEAR_BASE_RE = re.compile(r"同比|比上年|较上年|比去年|较去年|上年同期")
_AT_BASE_RE = re.compile(r"的\s*$")
# 从X增加到Y / 由X提高至Y: X is where the subject started, Y where it arrived.
_FROM_POINT_RE = re.compile(r"(?:从|由)\s*$")
_TO_POINT_RE = re.compile(r"(?:增至|降至|升至|提至|(?:增加|增长|提高|提升|上升|扩大|拓展|扩展|下降|减少|降低|缩小|缩短|压缩)"
                          r"(?:到|至))\s*$")
# A "name" that names nothing: a comparison (高于全国), a lone character (县), a word for
# figures in general (指标), a connective (和), punctuation. Such a figure takes the subject of the
# figure before it, or is left out.
_COMPARISON_NAME_RE = re.compile(r"^(?:稳|跃|仍|继续|首次)?(?:高于|低于|快于|慢于|好于|优于|高出|超过|超出|比|较|同比|居|位居|位列|排名|排在)"
                                 r"(?:全国|全省|全市|全区|平均|上年|去年|同期|预期|年初|十[一二三四五]五)")
_NOT_A_NAME = frozenset(_CUES["not_a_name"])
# A part of the year a figure covers (一季度, 上半年, 1—11月): not what is measured. A clause naming
# only such a part (上半年增长5.5%) measures the subject before it over that part; 全年 (the whole
# year) measures that subject itself (…四季度增长5.9%，全年增长5.6% -> 地区生产总值).
_SUB_PERIOD_RE = re.compile(r"(?:第?[一二三四1-4]季度|前三季度|上半年|下半年|[0-9]{1,2}\s*[-—–~至到]\s*[0-9]{1,2}月)")
_WHOLE_YEAR_RE = re.compile(r"全年")
_VAGUE_NAMES = frozenset(_CUES["vague_name"])

# ---------------------------------------------------------------- text patterns
# Clause breaks in the normalised sentence (；：！？ are already ASCII there; ， is not).
# An ASCII comma followed by three digits is a thousands separator, not a break.
_CLAUSE_BREAK_RE = re.compile(r"[，;。!?:\n]|,(?![0-9]{3})")
_SEGMENT_BREAK_RE = re.compile(r"[;。!?\n]")
_TAIL_BREAK_RE = re.compile(r"[，;。!?:\n、(（]|,(?![0-9]{3})")
_CONNECTOR_RE = re.compile(rf"\s*(?:{_QUAL_POST_RE.pattern})?\s*(?:、|和|及|与|以及|,(?![0-9]{{3}}))\s*")
_LIST_SPLIT_RE = re.compile(r"、")
_AND_SPLIT_RE = re.compile(r"以及|和|及|与")
_ITEM_NO_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]是|[0-9]{1,2}\s*[.、]|[(（][一二三四五六七八九十0-9]{1,3}[)）]|[一二三四五六七八九十]{1,3}、(?![一二三四五六七八九十]{1,2}[、和])|[①-⑳◆●■▲★▶►▷▸◇☆·•\-])\s*")
_YEAR_PHRASE_RE = re.compile(rf"^\s*(?:(?:19|20)[0-9]{{2}}|二[{CN_DIGITS}]{{3}})年(?:初|底|末|度|以来)?(?:全年)?")
_PAREN_RE = re.compile(r"\([^()]{0,30}\)")
_QUOTE_CHARS_RE = re.compile(r"[“”‘’\"《》「」【】]")
_YEAR_RE = re.compile(rf"(?<![比较与同于])(?P<y>(?:19|20)[0-9]{{2}}|二[〇零][{CN_DIGITS}]{{2}})年(?!代)")
# 恢复到2019年的110%, 是2012年的2倍: a base the number is compared with, not the year it is about
# (由2020年的55%提高到60% keeps 2020 for 55%).
_BASE_YEAR_RE = re.compile(rf"(?:到|至|是|为|于|相当于)(?:(?:19|20)[0-9]{{2}}|二[〇零][{CN_DIGITS}]{{2}})年(?:同期)?(?:的)?(?:水平的?)?\s*$")
# Words in a lead that say when or against what, never what: 比2020年, 较2022年同期, 连续5年.
_LEAD_NOISE_RE = re.compile(rf"(?:比|较|与|同|由|从|恢复到|恢复至|相当于)(?:(?:19|20)[0-9]{{2}}|二[〇零][{CN_DIGITS}]{{2}})年"
                            rf"(?:同期|末|底)?(?:的)?(?:水平的?)?|连续[0-9{CN_DIGITS}十]+年"
                            # …由2017年的3.2万亿元增加到2022年的4.8万亿元: the end point's year
                            rf"|(?:增加|增长|提高|提升|上升|下降|减少|降低|扩大|达)?(?:到|至)"
                            rf"(?:(?:19|20)[0-9]{{2}}|二[〇零][{CN_DIGITS}]{{2}})年(?:底|末)?的")
# 由2020年的55%提高到60%: the year is the start point's, it governs only the number right after it.
_FROM_YEAR_RE = re.compile(rf"(?:由|从)(?:(?:19|20)[0-9]{{2}}|二[〇零][{CN_DIGITS}]{{2}})年(?:底|末)?的?")
_START_POINT_RE = re.compile(_FROM_YEAR_RE.pattern + r"\s*$")
# A lead naming a growth rate itself: 涨幅控制在3%, 增速保持在6% are growth rates, not levels.
_RATE_NOUN_RE = re.compile(r"(?:涨幅|增速|增幅|增长率|增长速度)(?:控制|保持|稳定|达到|提高|提升|降低|下降|回落)")
# Two numbers joined by a dash or 至 form a range (增长5%—6%): the second one reads like the first.
_RANGE_RE = re.compile(r"\s*(?:-|—|–|~|～|〜|至|到)\s*")
# The leading ordinal of a numeral list written elliptically: 第一、二、三产业增加值.
_ELLIPTIC_ITEM_RE = re.compile(rf"[0-9{CN_DIGITS}十]{{1,2}}")
_CN_YEAR_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "两": "2"}
_EDGE_PUNCT = " \t、,，.:;-—"

_TARGET_QUALIFIERS = frozenset({"左右", "以上", "以内", "以下", "之内", "不低于", "不少于", "不超过",
                                "不高于", "力争"})
_NAMED_BY_TAIL = frozenset({"count", "area", "mass", "length", "volume", "energy", "power"})
_MAX_NAME = 24


_BARE_NUMBER_RE = re.compile(r"[-+]?[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")
_UNIT_COLUMNS = frozenset({"单位", "计量单位"})
_HEADER_UNIT_RE = re.compile(r"[(（]\s*([^()（）]{1,8}?)\s*[)）]\s*$|(%)\s*$")


def _table_row_quantities(sentence: str, norm: str, columns: list[str] | None,
                          found: list[Quantity]) -> tuple[list[Quantity], str, list[str] | None]:
    """Bare numbers of a table row whose unit the table gives: a 单位 column (原煤  万吨  120.5)
    or the column header (产量(万吨), 比上年增长(%)).

    Returns the new quantities, ``norm`` with the unit cell blanked (it names no indicator),
    and the columns that then line up with the row's cells."""
    if not columns:
        return [], norm, columns
    spans = cell_spans(norm)
    if len(spans) != len(columns) or len(spans) < 2:
        return [], norm, columns
    unit_col = next((j for j, c in enumerate(columns) if c.strip() in _UNIT_COLUMNS), None)
    row_unit = unit_of(norm[slice(*spans[unit_col])]) if unit_col is not None else None
    if row_unit is None:
        # the unit in the row's label: 粮食产量(万吨)  12.5  2.1
        label_unit = _HEADER_UNIT_RE.search(norm[slice(*spans[0])])
        row_unit = unit_of(label_unit.group(1)) if label_unit and label_unit.group(1) else None
    taken = [(q.start, q.end) for q in found]
    extra = []
    for j, (a, b) in enumerate(spans[1:], start=1):
        if j == unit_col or not _BARE_NUMBER_RE.fullmatch(norm[a:b]) or any(s < b and a < e for s, e in taken):
            continue
        label = _HEADER_UNIT_RE.search(columns[j])
        unit = unit_of(label.group(1) or label.group(2)) if label else row_unit
        if unit is not None:
            extra.append(bare_quantity(sentence, a, b, *unit))
    if not extra or unit_col is None:
        return extra, norm, columns
    a, b = spans[unit_col]
    return extra, norm[:a] + " " * (b - a) + norm[b:], [c for j, c in enumerate(columns) if j != unit_col]


# ---------------------------------------------------------------- public API
def indicators_from_sentence(sentence: str, *, columns: list[str] | None = None,
                             dropped: list[IndicatorHit] | None = None) -> list[IndicatorHit]:
    """Indicator rows of one sentence, in order; [] when there are none. Never raises.

    ``columns`` are the labels of the table a flattened table row sits under: a bare number in a
    cell is measured as its column says (比上年增长 -> growth_rate, 比重 -> share).
    Figures whose only "name" names nothing (县, 和, 指标) and that have no subject before them
    are left out; pass a list as ``dropped`` to receive them.
    """
    if not isinstance(sentence, str) or not sentence:
        return []
    try:
        return _extract(sentence, columns, dropped)
    except Exception:  # a rule bug must not stop a pipeline run; the sentence just yields nothing
        log.exception("indicator extraction failed on %r", sentence[:80])
        return []


# ---------------------------------------------------------------- the extraction
def _extract(sentence: str, columns: list[str] | None = None,
             dropped: list[IndicatorHit] | None = None) -> list[IndicatorHit]:
    if not MAYBE_QUANTITY_RE.search(sentence) and not columns:
        return []
    norm = normalize(sentence)
    quantities = quantities_in(sentence, norm, placeholders=True)
    extra, norm, columns = _table_row_quantities(sentence, norm, columns, quantities)
    quantities = sorted(quantities + extra, key=lambda q: q.start)
    if not quantities:
        return []
    breaks = [m.start() for m in _CLAUSE_BREAK_RE.finditer(norm)]
    segment_breaks = [m.start() for m in _SEGMENT_BREAK_RE.finditer(norm)]
    hits: list[IndicatorHit] = []
    last_subject = ""
    last_base = ""  # the last subject without a part of the year (地区生产总值一季度 -> 地区生产总值)
    last_members: list[str] = []
    # 地区生产总值连跨4个千亿台阶，达到1.3万亿元、增长5.8%: the count is named by its noun (千亿台阶), but
    # the figures after it that are no count are the clause subject's (unit kind of the count, subject)
    carried: tuple[str, str] | None = None
    i = 0
    while i < len(quantities):
        q = quantities[i]
        c_start = max((b + 1 for b in breaks if b < q.start), default=0)
        c_end = min((b for b in breaks if b >= q.end), default=len(norm))
        prev_end = quantities[i - 1].end if i else 0
        lead_start = max(c_start, prev_end)
        raw_lead = norm[lead_start:q.start]
        # a 分别 list: this quantity and the following ones joined by 、 / 和
        group = [q]
        subject = _clean_lead(raw_lead)
        if "分别" in raw_lead:
            # the members the list needs: 分别增长4.8%,6.9% after two incomes may cross an ASCII comma
            wanted = len(_expand(subject)) if subject else len(last_members)
            j = i + 1
            while (j < len(quantities)
                   and (quantities[j].start < c_end or (len(group) < wanted and quantities[j].unit_std == q.unit_std))
                   and _CONNECTOR_RE.fullmatch(norm[quantities[j - 1].end:quantities[j].start])):
                group.append(quantities[j])
                j += 1
        measure, negative = _measure(raw_lead, q)
        if i and q.kind in ("percent", "permille") and CELL_SEP_RE.fullmatch(raw_lead):
            # a bare percentage in the next cell of a table row: its column says what it is;
            # without a header, the column beside an amount is its growth over the year before
            column = _column_of(norm, q.start, columns)
            measure, negative = _measure(column, q) if column else ("level", False)
            if measure == "level" and quantities[i - 1].kind not in ("percent", "permille", "pp") \
                    and not (column and _SHARE_RE.search(column)):
                measure = "growth_rate"
        if i and hits and hits[-1].start == quantities[i - 1].start and _RANGE_RE.fullmatch(raw_lead) \
                and q.unit_std == quantities[i - 1].unit_std:
            # 增长5%—6%: the upper bound measures what the lower one does
            measure, negative, subject = hits[-1].measure, hits[-1].value < 0, ""
        seg_start = max((b + 1 for b in segment_breaks if b < q.start), default=0)
        year = _year(norm[:q.start])
        year_is_start = bool(_START_POINT_RE.search(norm, max(0, q.start - 12), q.start))
        # target wording of the clause, plus a sentence head such as "主要预期目标是："
        colon = norm.find(":", 0, q.start)
        cue_text = norm[seg_start:c_end] + (norm[:colon] if colon >= 0 else "")
        clause_lead = norm[c_start:q.start]

        if len(group) > 1:
            members = _expand(subject)
            if len(members) == len(group):
                names = members
            elif not subject and len(last_members) == len(group):
                names = last_members
            elif not subject and len(hits) >= len(group):
                names = [h.indicator for h in hits[-len(group):]]  # 游客…，收入…，分别增长35%、40%
            else:
                names = [subject or last_subject] * len(group)
            last_members = list(names)
            if subject:
                last_subject = subject
        else:
            name = ""
            low_end = i + 1 < len(quantities) and _RANGE_RE.fullmatch(norm[q.end:quantities[i + 1].start])
            if q.kind in _NAMED_BY_TAIL and not low_end and not _FROM_POINT_RE.search(raw_lead):
                name = _tail_name(norm, q.end, quantities[i + 1].start if i + 1 < len(quantities) else len(norm))
            if name and subject:
                prefix = alias_prefix(subject)
                carried = (q.kind, prefix) if prefix else None
            elif not name and subject:
                carried = None
            if not name:
                name = subject
            if name and last_base and _SUB_PERIOD_RE.fullmatch(name):
                name = last_base + name  # …一季度增长5.3%，上半年增长5.5%: 地区生产总值上半年
            if not name:
                if carried and q.kind != carried[0]:
                    name = carried[1]
                elif last_base and _WHOLE_YEAR_RE.search(raw_lead):
                    name = last_base
                else:
                    name = last_subject
            elif name in _BARE_REACH and c_start > seg_start:
                # 为困难群众发放取暖补贴，惠及8.6万户: how many the action of the clause before reached
                before = _clean_lead(_BENEFIT_PREFIX_RE.sub("", norm[seg_start:c_start - 1]))
                name = (before[-(_MAX_NAME - len(name)):] + name) if before else name
            elif name in _BARE_VERBS and last_subject:
                name = name + last_subject  # 规模以上工业企业达到86家，新增12家
            elif name.startswith("占") and last_subject and measure == "share":
                # 税收收入230.5亿元，占一般公共预算收入的83.3% -> 税收收入占一般公共预算收入的比重
                name = last_subject + ("占比" if name == "占" else name)
            elif name in _RELATIVE and last_subject:
                base = next((last_subject[len(v):] for v in _BARE_VERBS if last_subject.startswith(v)), "")
                name = (base or last_subject) + name  # 税收收入…，占比64.9%; 新增企业30家，总数120家
            elif name in _HEADS and last_subject:
                topic = _topic(last_subject)
                if topic and not name.startswith(topic):
                    name = topic + name
            names = [name]
            if name:
                last_subject = name
                last_base = _SUB_PERIOD_RE.sub("", name) or last_base

        first_of_group = len(hits)
        for member, name in zip(group, names):
            if not name or member.placeholder:
                continue  # nothing says what this number measures, or a template's blank: not published
            if member.kind == "duration" and not _DURATION_NAME_RE.search(name):
                continue
            m_lead = raw_lead if member is q else norm[group[0].start:member.start]
            named = is_name(name)
            if not named and _COMPARISON_NAME_RE.match(name) and hits:
                name, named = hits[-1].indicator, True  # 增长5.6%，高于全国0.6个百分点: the figure before's subject
            hit = _hit(sentence, norm, member, name=name, measure=measure, negative=negative,
                       raw_lead=raw_lead if member is q else m_lead, clause_lead=clause_lead,
                       cue_text=cue_text, year=year, year_is_start=year_is_start and member is q,
                       segment_lead=norm[seg_start:member.start])
            if named:
                hits.append(hit)
            elif dropped is not None:
                dropped.append(hit)
        _share_last_qualifier(hits, first_of_group, norm, group)
        i += len(group)
    return hits


_LAST_CONJUNCTION_RE = re.compile(r"^\s*(?:和|及|与|以及)\s*$")


def _share_last_qualifier(hits: list[IndicatorHit], first: int, norm: str, group: list[Quantity]) -> None:
    """分别增长5%和7%左右: a qualifier written once after a list closed by a conjunction (5%和7%左右
    reads as one phrase) qualifies each figure; after a bare enumeration (5%、6.5%左右) only the last."""
    members, last = hits[first:], group[-1]
    if len(members) < 2 or members[-1].start != last.start or not _QUAL_POST_RE.match(norm, last.end) \
            or not _LAST_CONJUNCTION_RE.match(norm[group[-2].end:last.start]):
        return
    qualifier = members[-1].qualifier
    for k, hit in enumerate(members[:-1], start=first):
        if hit.qualifier is None:
            hits[k] = replace(hit, qualifier=qualifier)


def _hit(sentence: str, norm: str, q: Quantity, *, name: str, measure: str, negative: bool,
         raw_lead: str, clause_lead: str, cue_text: str, year: int | None, year_is_start: bool,
         segment_lead: str = "") -> IndicatorHit:
    value, value_std = q.value, q.value_std
    high, std_high = q.value_high, q.value_std_high
    if negative and measure in ("growth_rate", "change") and value > 0:
        value, value_std = -value, -value_std
        if high is not None:  # 下降3%—5%: from -5 to -3, the low bound first
            value, value_std, high, std_high = -high, -std_high, value, value_std
    if measure == "level" and q.kind in ("percent", "permille") and _SHARE_RE.search(name):
        measure = "share"  # 城镇化率从56.5%提高到60.1%: the end point is a share like its subject
    qualifier = _qualifier(norm, q, raw_lead, clause_lead)
    code = code_for(name, measure, q.unit_std)
    entry = CODEBOOK[code] if code else None
    if entry and (name.isascii() or name in _VAGUE_NAMES):
        name = entry.name_zh  # GDP, 经济增长 (the economy, not a statistic): named by the standard name
    target_cue = bool(_TARGET_RE.search(cue_text)) or qualifier in _TARGET_QUALIFIERS
    aggregation = ("annual_average" if _ANNUAL_AVERAGE_RE.search(raw_lead)
                   else "cumulative" if _CUMULATIVE_RE.search(raw_lead) else "annual")
    point = "from" if _FROM_POINT_RE.search(raw_lead) else "to" if _TO_POINT_RE.search(raw_lead) else None
    base_year, at_base = _base(segment_lead)
    return IndicatorHit(q.start, q.end, sentence[q.start:q.end], value, q.unit, value_std, q.unit_std,
                        measure, name, code, entry.name_en if entry else None, qualifier, target_cue, year,
                        year_is_start, high, std_high, aggregation, point, base_year, at_base)


def _base(segment_lead: str) -> tuple[int | None, bool]:
    """(the base year of a comparison over several years governing the number, whether the number is
    the base's own level): 较“十三五”末增长33.6% → (2020, False); 较“十三五”末的9323.1亿元 → (2020, True).
    A later one-year comparison (同比, 比上年) or a new sentence segment ends the base's reach."""
    found = None
    for found in _BASE_RE.finditer(segment_lead):
        pass
    if found is None or _ONE_YEAR_BASE_RE.search(segment_lead, found.end()):
        return None, False
    digit = found.group(1) or found.group(2)
    year = five_year_span(plan_number(digit))[1] if digit else int(found.group(3))
    return year, bool(_AT_BASE_RE.fullmatch(segment_lead[found.end():]))


def is_name(name: str) -> bool:
    """False for a "name" that names nothing: 县, 和, (, 指标, 高于全国, 较十三五末."""
    han = sum("\u4e00" <= c <= "\u9fff" for c in name)
    if han == 0:
        return name.isascii() and any(c.isalpha() for c in name) and len(name.strip()) >= 2  # GDP, CPI
    return han >= 2 and name not in _NOT_A_NAME and not _COMPARISON_NAME_RE.match(name)


def _column_of(norm: str, pos: int, columns: list[str] | None) -> str:
    """The label of the column the cell at ``pos`` of a table row sits in ('' when unknown)."""
    if not columns:
        return ""
    lead = len(norm) - len(norm.lstrip())
    index = len(CELL_SEP_RE.findall(norm[lead:pos]))
    return columns[index] if index < len(columns) else ""


def _measure(raw_lead: str, q: Quantity) -> tuple[str, bool]:
    """(measure, negative) from the cue words before the number."""
    last = None
    for m in _MEASURE_CUE_RE.finditer(raw_lead):
        last = _MEASURE_KIND[m.group()]
    down = last == "growth_down"
    if q.kind == "pp":
        return "change", down
    if q.kind == "multiple":  # 增长1.2倍 is a growth rate; 是上年的2倍 a level relative to another
        return ("growth_rate", down) if last in ("growth_up", "growth_down") else ("level", False)
    if q.kind in ("percent", "permille"):
        if _SHARE_RE.search(raw_lead):
            return "share", False
        if last in ("growth_up", "growth_down"):
            return "growth_rate", down
        if last == "level_to" and _RATE_NOUN_RE.search(raw_lead):
            return "growth_rate", False  # 居民消费价格涨幅控制在3%左右: the level of a growth rate
        return "level", False
    if _CHANGE_RE.search(raw_lead):
        return "change", bool(_CHANGE_DOWN_RE.search(raw_lead))
    if last in ("growth_up", "growth_down") and _COMPARISON_RE.search(raw_lead):
        return "change", down
    return "level", False


# a verb between a subject and what it measures: 第一产业实现增加值 -> 第一产业增加值
_VERB_BEFORE_HEAD_RE = re.compile(r"(?<=[\u4e00-\u9fff])(?:实现|完成|创造)(?=增加值|总产值|产值|营业收入|利润总额|利润)")


def _clean_lead(lead: str) -> str:
    """The subject in a lead: 全县地区生产总值完成 -> 地区生产总值."""
    s = _PAREN_RE.sub("", lead)
    s = _LEAD_NOISE_RE.sub("", s)
    s = _QUOTE_CHARS_RE.sub("", s)
    s = _ITEM_NO_RE.sub("", s)
    s = _VERB_BEFORE_HEAD_RE.sub("", s)
    for _ in range(6):
        before = s
        s = s.strip(_EDGE_PUNCT)
        s = _YEAR_PHRASE_RE.sub("", s)
        s = _LEAD_PREFIX_RE.sub("", s)
        if not _NOT_QUAL_RE.search(s):
            s = _LEAD_SUFFIX_RE.sub("", s)
        if s == before:
            break
    s = s.strip(_EDGE_PUNCT)
    return s if s.isascii() else s[-_MAX_NAME:]


def _tail_name(norm: str, pos: int, limit: int) -> str:
    """The noun after a counted unit: 52个“六有标准”服务网点 -> 服务网点."""
    m = _TAIL_BREAK_RE.search(norm, pos, limit)
    t = norm[pos:m.start() if m else limit]
    t = re.sub(rf"^(?:{_QUAL_POST_RE.pattern})", "", t)
    if _TAIL_STOP_RE.match(t):
        return ""
    t = t.lstrip("的 ")
    t = re.sub(r"(?:以及|和|及|与|等|共)\s*$", "", t)
    lead_quote = QUOTED_RE.match(t)
    if lead_quote and t[lead_quote.end():].strip():
        t = t[lead_quote.end():]  # a quoted slogan before the noun is not the name
    v = _TAIL_VERB_RE.search(t)
    if v and v.start() >= 2 and t[:v.start()] not in _GENERIC:
        t = t[:v.start()]
    t = _QUOTE_CHARS_RE.sub("", t).strip(_EDGE_PUNCT)
    return t[:_MAX_NAME]


def _topic(subject: str) -> str:
    """粮食播种面积 -> 粮食 (the subject without its measure head)."""
    for h in _HEADS:
        if subject.endswith(h) and len(subject) > len(h):
            return subject[: -len(h)]
    return ""


def _expand(subject: str) -> list[str]:
    """Members of a 分别 list subject."""
    for compound, members in _SPLITS:
        if compound in subject:
            return [subject.replace(compound, m, 1) for m in members]
    parts = [p for p in _LIST_SPLIT_RE.split(subject) if p]
    if len(parts) < 2:
        parts = [p for p in _AND_SPLIT_RE.split(subject) if p]
    if len(parts) < 2:
        return [subject] if subject else []
    elliptic = _elliptic(parts)
    if elliptic:
        return elliptic
    last = parts[-1]
    for h in _HEADS:
        if last.endswith(h) and len(last) > len(h):
            # 水果、蔬菜产量 -> 水果产量; a member that names its own measure keeps it and lends its
            # topic instead: 生产安全事故起数、死亡人数 -> 生产安全事故起数 / 生产安全事故死亡人数
            if len(parts) == 2 and _COUNTED_RE.search(parts[0]):
                topic = _COUNTED_RE.sub("", parts[0])
                return [parts[0], last if last.startswith(topic) else topic + last]
            return [p if p.endswith(h) else p + h for p in parts[:-1]] + [last]
    return parts


# A member that already names how it is counted (事故起数, 死亡人数): no head of another member is added.
_COUNTED_RE = re.compile(r"(?:起数|人数|件数|次数|户数|个数)$")


def _elliptic(parts: list[str]) -> list[str]:
    """第一、二、三产业增加值 -> 第一产业增加值 / 第二产业增加值 / 第三产业增加值.

    The middle items are bare numerals; the first carries the shared prefix (第), the last the
    shared suffix (产业增加值). [] when the list is not written that way.
    """
    if len(parts) == 2:  # 第一、第三产业增加值 -> 第一产业增加值 / 第三产业增加值
        first, last = parts
        m = re.fullmatch(rf"(.*?)({_ELLIPTIC_ITEM_RE.pattern})", first)
        if m and last.startswith(m.group(1)):
            n = re.match(_ELLIPTIC_ITEM_RE.pattern, last[len(m.group(1)):])
            suffix = last[len(m.group(1)) + n.end():] if n else ""
            if suffix and len(m.group(2)) == n.end():
                return [first + suffix, last]
        return []
    middle = parts[1:-1]
    k = len(middle[0]) if middle else 0
    if not middle or any(len(p) != k or not _ELLIPTIC_ITEM_RE.fullmatch(p) for p in middle):
        return []
    first, last = parts[0], parts[-1]
    if not (_ELLIPTIC_ITEM_RE.fullmatch(first[-k:]) and _ELLIPTIC_ITEM_RE.fullmatch(last[:k])) or len(last) <= k:
        return []
    prefix, suffix = first[:-k], last[k:]
    return [prefix + item + suffix for item in [first[-k:], *middle, last[:k]]]


def _qualifier(norm: str, q: Quantity, raw_lead: str, clause_lead: str) -> str | None:
    m = _QUAL_POST_RE.match(norm, q.end)
    if m:
        return m.group()
    if not _NOT_QUAL_RE.search(raw_lead):
        m = _QUAL_PRE_RE.search(raw_lead)
        if m:
            return m.group().strip()
    if q.approx:
        return q.approx
    if "力争" in clause_lead:
        return "力争"
    return None


def _year(text: str) -> int | None:
    found = None
    for m in _YEAR_RE.finditer(text):
        found = m.group("y")
    tail = len(text) - 16  # a base year sits right before the number
    base = _BASE_YEAR_RE.search(text, max(0, tail)) if found is not None else None
    if base:
        return _year(text[:base.start()])
    start = None
    if "由" in text or "从" in text:
        for start in _FROM_YEAR_RE.finditer(text):
            pass
    if start is not None and text[start.end():].strip() and start.end() > text.rfind(found):
        return _year(text[:start.start()])
    if found is None:
        return None
    if not found[0].isdigit():
        found = "".join(_CN_YEAR_DIGITS.get(c, c) for c in found)
    return int(found)

