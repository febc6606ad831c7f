"""The published tables: one pandera model per table, and the TABLES registry.

These models are the single source of truth for the release. The Arrow schema of the
Parquet files, the Table Schemas in ``datapackage.json``, ``load_duckdb.sql`` and
``DATA_DICTIONARY.md`` are all generated from them (see ``schemas.describe``).

Every field carries ``title`` and ``description`` (English) plus
``metadata={"title_zh": ..., "description_zh": ..., "unit": ...}``; ``tests/test_schemas.py``
fails when one is missing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Date, Series

HERE = Path(__file__).parent


def _allowed_unit_std() -> list[str]:
    with open(HERE / "unit_std.csv", encoding="utf-8", newline="") as fh:
        return [row["unit_std"] for row in csv.DictReader(fh)]


UNIT_STD: list[str] = _allowed_unit_std()
"""Allowed values of indicators.unit_std, read from schemas/unit_std.csv (extend it there)."""

EXTRACT_VOCAB = HERE.parent / "flows" / "extract" / "vocab"


def _qualifier_meanings() -> tuple[str, str]:
    """The qualifiers and their meaning (English, Chinese), read from the extractor's vocabulary
    flows/extract/vocab/qualifiers.csv, for the documentation of indicators.qualifier."""
    with open(EXTRACT_VOCAB / "qualifiers.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return ("; ".join(f"{r['qualifier']} = {r['meaning_en']}" for r in rows),
            "；".join(f"{r['qualifier']}＝{r['meaning_zh']}" for r in rows))


QUALIFIERS_EN, QUALIFIERS_ZH = _qualifier_meanings()
AGGREGATIONS = ["annual", "annual_average", "cumulative"]

REGION_LEVELS = ["national", "province", "prefecture", "county", "district"]
SOURCE_TYPES = ["txt", "html", "pdf", "docx"]
KINDS = ["actual", "target"]
MEASURES = ["level", "growth_rate", "share", "change"]
PARTS = ["front", "review", "five_year_plan", "plan", "self_building", "closing"]
_PART_EN = (
    "The part of the report the row sits in: front (web boilerplate, title, delivery line, greeting), "
    "review (of the past year and of the past five-year period), five_year_plan (the goals of the five-year plan "
    "the plan year opens, e.g. 十五五 2026-2030), plan (the plan year's work), self_building (government "
    "self-building as its own part), closing (the final appeal and what follows it, except annexed "
    "livelihood lists, which are plan); null when a short text marks no parts.")
_PART_ZH = (
    "所在的报告部分：front（网页附带内容、标题、报告时间地点、开场称呼）、review（上一年及上一个五年规划期的回顾）、"
    "five_year_plan（计划年所开启的五年规划目标，如“十五五”2026—2030年）、plan（计划年工作安排）、"
    "self_building（单独成部分的政府自身建设）、closing（结束语及其后内容，附件中的民生实事清单属plan）；"
    "短文未分部分时为空。")

YEARS = {"min_value": 1949, "max_value": 2100}
ADCODE = r"^\d{6}$"
SHA256 = r"^[0-9a-f]{64}$"
NONEMPTY = {"min_value": 1}


def field(title: str, title_zh: str, en: str, zh: str, *, unit: str | None = None, **checks: Any) -> Any:
    """A pandera Field with bilingual documentation.

    Text fields are non-empty when present (``str_length >= 1`` is added by the model
    annotations below); ``unit`` is the unit of the values, if any.
    """
    return pa.Field(
        title=title,
        description=en,
        metadata={"title_zh": title_zh, "description_zh": zh, "unit": unit},
        **checks,
    )


class _Base(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = True

    @pa.dataframe_check
    def char_start_lt_char_end(cls, df: pd.DataFrame) -> Series[bool]:
        if "char_start" not in df.columns or "char_end" not in df.columns:
            return pd.Series(True, index=df.index)
        return df["char_start"] < df["char_end"]


class Reports(_Base):
    """One row per source document (政府工作报告 or a news summary of one)."""

    report_id: Series[str] = field(
        "Report id", "报告编号",
        "Stable identifier of the report, unchanged across releases.",
        "报告的稳定标识，各版本之间不变。",
        unique=True, str_length=NONEMPTY)
    source_file: Series[str] = field(
        "Source file", "源文件",
        "File name of the source text the rows were extracted from.",
        "抽取数据所依据的源文本文件名。",
        str_length=NONEMPTY)
    source_sha256: Series[str] = field(
        "Source SHA-256", "源文件SHA-256",
        "SHA-256 of the source file's bytes (64 lowercase hex digits).",
        "源文件字节内容的SHA-256校验值（64位小写十六进制）。",
        str_matches=SHA256)
    region_name: Series[str] = field(
        "Region name", "地区名称",
        "Name of the region whose government delivered the report, as written (e.g. 新绛县); null when the text does not name it (templates with XX, untitled excerpts).",
        "作报告的政府所在地区名称，按原文（如新绛县）；文本未写明时为空（XX模板、无标题摘录）。",
        nullable=True, str_length=NONEMPTY)
    region_level: Series[str] = field(
        "Region level", "行政级别",
        "Administrative level of the region: national for the State Council's report (国务院, region 全国), "
        "province, prefecture, county or district; null when unknown.",
        "地区的行政级别：国务院政府工作报告为national（地区为全国），其余为province、prefecture、county或district；未知时为空。",
        nullable=True, isin=REGION_LEVELS)
    adcode: Series[str] = field(
        "Administrative code", "行政区划代码",
        "Six-digit GB/T 2260 administrative division code of the region, as text with leading zeros (100000 for the "
        "national report); null when unknown.",
        "地区的六位GB/T 2260行政区划代码（文本，保留前导零；全国报告为100000）；未知时为空。",
        nullable=True, str_matches=ADCODE)
    province: Series[str] = field(
        "Province", "省份",
        "Province the region belongs to (or is); null when unknown.",
        "地区所属（或本身所在）的省级行政区；未知时为空。",
        nullable=True, str_length=NONEMPTY)
    prefecture: Series[str] = field(
        "Prefecture", "地级市",
        "Prefecture-level unit the region belongs to (or is); null for provinces or when unknown.",
        "地区所属（或本身所在）的地级行政区；省级或未知时为空。",
        nullable=True, str_length=NONEMPTY)
    report_year: Series[pd.Int64Dtype] = field(
        "Report year", "报告年份",
        "The year the report plans for (the plan year); for a statistical bulletin, which plans nothing, the year it covers; null when the text states no year.",
        "报告所部署工作的年份（计划年度）；统计公报不作部署，为其所统计的年份；文本未说明年份时为空。",
        unit="year", nullable=True, in_range=YEARS)
    review_year: Series[pd.Int64Dtype] = field(
        "Review year", "回顾年份",
        "The year the report reviews; null when it reviews no year.",
        "报告所回顾的年份；无回顾部分时为空。",
        unit="year", nullable=True, in_range=YEARS)
    delivered_by: Series[str] = field(
        "Delivered by", "报告人",
        "Name of the person who delivered the report (e.g. 张琼); null when not stated.",
        "作报告者姓名（如张琼）；未说明时为空。",
        nullable=True, str_length=NONEMPTY)
    delivered_by_title: Series[str] = field(
        "Title of the speaker", "报告人职务",
        "Office of the person who delivered the report (e.g. 县长); null when not stated.",
        "作报告者职务（如县长）；未说明时为空。",
        nullable=True, str_length=NONEMPTY)
    meeting: Series[str] = field(
        "Meeting", "会议",
        "The meeting the report was delivered to (e.g. 新绛县第十七届人民代表大会第四次会议); null when not stated.",
        "报告所提交的会议（如新绛县第十七届人民代表大会第四次会议）；未说明时为空。",
        nullable=True, str_length=NONEMPTY)
    delivered_on: Series[Date] = field(
        "Delivered on", "报告日期",
        "Date the report was delivered (ISO 8601); null when not stated.",
        "作报告的日期（ISO 8601）；未说明时为空。",
        nullable=True)
    n_chars: Series[int] = field(
        "Characters", "字符数",
        "Length of the decoded source text in characters (Python string length).",
        "解码后源文本的字符数（Python字符串长度）。",
        unit="count", ge=0)
    duplicate_paragraphs: Series[int] = field(
        "Duplicate paragraphs", "重复段落数",
        "Number of repeated paragraphs that were de-duplicated before extraction.",
        "抽取前去除的重复段落数。",
        unit="count", ge=0)
    joined_fragments: Series[int] = field(
        "Joined fragments", "拼接片段数",
        "Number of sentence fragments split by a line break that were joined before extraction.",
        "抽取前拼接的被换行断开的句子片段数。",
        unit="count", ge=0)
    is_template: Series[bool] = field(
        "Is template", "是否模板",
        "True when the text contains XX placeholders (a template or draft); its numbers deserve caution.",
        "文本含有XX等占位符（模板或草稿）时为真；其数字需谨慎使用。")
    encoding: Series[str] = field(
        "Encoding", "编码",
        "Text encoding detected for the source file (e.g. utf-8, gb18030).",
        "检测到的源文件文本编码（如utf-8、gb18030）。",
        str_length=NONEMPTY)
    source_type: Series[str] = field(
        "Source type", "源文件类型",
        "Kind of source file: txt (plain text), html (saved web page), pdf (PDF with a text layer) or docx (Word file).",
        "源文件类型：txt（纯文本）、html（保存的网页）、pdf（带文字层的PDF）或docx（Word文件）。",
        isin=SOURCE_TYPES)
    text_sha256: Series[str] = field(
        "Text SHA-256", "文本SHA-256",
        "SHA-256 of the report's text as published in texts/<report_id>.txt (UTF-8): the text every char_start/char_end refers to.",
        "发布于 texts/<report_id>.txt（UTF-8）的报告文本的SHA-256校验值；所有 char_start/char_end 均指向该文本。",
        str_matches=SHA256)
    source_url: Series[str] = field(
        "Source URL", "来源网址",
        "Web address where the publisher put the report online, from the seeds folder's sources.csv; null when not given.",
        "发布者在网上发布该报告的网址，来自种子文件夹的sources.csv；未提供时为空。",
        nullable=True, str_matches=r"^https?://\S+$")
    publisher: Series[str] = field(
        "Publisher", "发布者",
        "Who published the source online (e.g. 新绛县人民政府), from sources.csv; null when not given.",
        "在网上发布该报告的机构（如新绛县人民政府），来自sources.csv；未提供时为空。",
        nullable=True, str_length=NONEMPTY)
    published_on: Series[Date] = field(
        "Published on", "发布日期",
        "Date the source was published online (ISO 8601), from sources.csv; null when not given.",
        "该报告在网上发布的日期（ISO 8601），来自sources.csv；未提供时为空。",
        nullable=True)


class Pledges(_Base):
    """One row per commitment for the plan year."""

    pledge_id: Series[str] = field(
        "Pledge id", "承诺编号",
        "Stable identifier of the pledge, unchanged across releases: derived from the report and "
        "the pledge's wording without its figures, so a corrected number keeps its id.",
        "承诺事项的稳定标识，各版本之间不变：由报告和去掉数字后的承诺文字生成，数字更正后编号不变。",
        unique=True, str_length=NONEMPTY)
    report_id: Series[str] = field(
        "Report id", "报告编号",
        "The report the pledge is made in (→ reports.report_id).",
        "承诺所在的报告（→ reports.report_id）。",
        str_length=NONEMPTY)
    period: Series[pd.Int64Dtype] = field(
        "Period", "年份",
        "The year the pledge is made for: the report year, or for a five-year goal the last year of the plan "
        "(2030 for 十五五, with period_start 2026); null when the text states no year.",
        "承诺所针对的年份：报告年份；五年规划目标为规划末年（“十五五”为2030，period_start为2026）；文本未说明年份时为空。",
        unit="year", nullable=True, in_range=YEARS)
    period_start: Series[pd.Int64Dtype] = field(
        "Period start", "起始年份",
        "First year of a pledge that covers several years (2026 for a 十五五 goal, 2026-2030); null for a one-year pledge.",
        "跨多年承诺的起始年份（“十五五”目标为2026，即2026—2030年）；单年承诺为空。",
        unit="year", nullable=True, in_range=YEARS)
    part: Series[str] = field(
        "Part", "报告部分", _PART_EN, _PART_ZH, nullable=True, isin=PARTS)
    seq: Series[int] = field(
        "Sequence", "序号",
        "Order of the pledge in the report, starting at 1.",
        "承诺在报告中的顺序，从1开始。",
        ge=1)
    theme: Series[str] = field(
        "Theme", "主题",
        "The plan heading the pledge sits under (e.g. 坚定做强新型工业); null when none.",
        "承诺所在的计划标题（如坚定做强新型工业）；无标题时为空。",
        nullable=True, str_length=NONEMPTY)
    topic: Series[str] = field(
        "Topic", "要点",
        "The lead phrase of the paragraph (e.g. 推动传统产业焕发新活力); null when none.",
        "段落的引领短语（如推动传统产业焕发新活力）；无时为空。",
        nullable=True, str_length=NONEMPTY)
    section: Series[str] = field(
        "Section", "所在标题",
        "The full heading the pledge sits under (the theme is its lead clause); null when none.",
        "承诺所在的完整标题（主题为其首句）；无标题时为空。",
        nullable=True, str_length=NONEMPTY)
    text: Series[str] = field(
        "Text", "内容",
        "The commitment, one sentence (or one listed item without its number), as written.",
        "承诺内容，一句话（或一个编号事项，不含编号），按原文。",
        str_length=NONEMPTY)
    item_no: Series[pd.Int64Dtype] = field(
        "Item number", "实事编号",
        "Number of the item in a numbered list of commitments (民生实事 1. … 5., ①②, 一是二是); null otherwise.",
        "承诺在编号清单中的序号（如民生实事1.…5.、①②、一是二是）；其他承诺为空。",
        nullable=True, ge=1)
    is_livelihood_project: Series[bool] = field(
        "Is livelihood project", "是否民生实事",
        "True when the pledge is one of the listed livelihood projects (民生实事).",
        "承诺属于列出的民生实事时为真。")
    char_start: Series[int] = field(
        "Start offset", "起始位置",
        "Python string index of the first character of the pledge in the decoded source text.",
        "承诺首字符在解码后源文本中的Python字符串下标。",
        ge=0)
    char_end: Series[int] = field(
        "End offset", "结束位置",
        "Index one past the last character (text[char_start:char_end]; a joined sentence spans the break).",
        "承诺末字符之后的下标（text[char_start:char_end]；跨换行拼接的句子包含断开处）。",
        ge=1)
    spans: Series[str] = field(
        "Source spans", "原文片段",
        "The source pieces of the text as start:end pairs separated by ';' — one piece normally, two when a sentence cut by a paragraph break was joined to its continuation elsewhere (then char_start/char_end are the smallest start and largest end).",
        "承诺文本在原文中的片段，以“起:止”表示、以“;”分隔；通常一个片段，句子被段落断开并与别处续文拼接时为两个（此时char_start/char_end为最小起点与最大终点）。",
        str_length=NONEMPTY)


class Indicators(_Base):
    """One row per quantitative fact."""

    indicator_id: Series[str] = field(
        "Indicator id", "指标编号",
        "Stable identifier of the quantitative fact, unchanged across releases: derived from the "
        "report, kind, period, indicator and measure (and which occurrence of these it is), not "
        "from the figure, so a corrected value keeps its id.",
        "数量事实的稳定标识，各版本之间不变：由报告、类型、期间、指标和度量（及其出现序号）生成，"
        "不含数值本身，数值更正后编号不变。",
        unique=True, str_length=NONEMPTY)
    report_id: Series[str] = field(
        "Report id", "报告编号",
        "The report the fact is stated in (→ reports.report_id).",
        "数据所在的报告（→ reports.report_id）。",
        str_length=NONEMPTY)
    kind: Series[str] = field(
        "Kind", "类型",
        "actual: achieved (review of the past year); target: planned for the coming year.",
        "actual：实际完成（回顾上年）；target：目标（计划年度）。",
        isin=KINDS)
    period: Series[pd.Int64Dtype] = field(
        "Period", "年份",
        "The year the number is about (an explicit year in its sentence, else the review year for actuals and the report year for targets); a goal for a later year (到2030年达到…) its year; null for an annual average or a cumulative total over several years (aggregation annual_average or cumulative: their span is period_start–period_end), so that a query for one year (period = 2025) returns that year's figures only; the start point of 从X增加到Y gets the year before its span (the level the span starts from), or null when the text names no span; null when the text states no year.",
        "数字所指的年份（句中明确的年份；否则实际值取回顾年份、目标取报告年份）；远期目标（到2030年达到…）取该年；多年平均或累计值（aggregation为annual_average或cumulative，时期为period_start至period_end）为空，使按单一年份查询（period = 2025）只得到该年数据；“从X增加到Y”的X取该时期前一年（起点水平），文中未指明时期时为空；文本未说明年份时为空。",
        unit="year", nullable=True, in_range=YEARS)
    period_start: Series[pd.Int64Dtype] = field(
        "Period start", "起始年份",
        "First year of a fact that covers several years: the five-year goals (十五五 2026–2030), an annual "
        "average or cumulative total over a span the text names (“十四五”时期 2021–2025, 2021—2025年, 五年来), "
        "a goal for a later year (到2030年: the plan year to 2030); null for a one-year fact.",
        "跨多年数据的起始年份：五年规划目标（“十五五”2026—2030年）、文中指明时期的年均值或累计值"
        "（“十四五”时期2021—2025年、2021—2025年、五年来）、远期目标（到2030年：计划年至2030年）；单年数据为空。",
        unit="year", nullable=True, in_range=YEARS)
    period_end: Series[pd.Int64Dtype] = field(
        "Period end", "截止年份",
        "Last year of a fact that covers several years (2025 for a 十四五 average or total, 2030 for a 十五五 goal); "
        "null for a one-year fact and for an average or total whose span the text does not name.",
        "跨多年数据的截止年份（“十四五”年均值或累计值为2025，“十五五”目标为2030）；单年数据及文中未指明时期的年均值或累计值为空。",
        unit="year", nullable=True, in_range=YEARS)
    section: Series[str] = field(
        "Section", "章节",
        "The heading the sentence sits under; null when none.",
        "句子所在的标题；无时为空。",
        nullable=True, str_length=NONEMPTY)
    indicator: Series[str] = field(
        "Indicator", "指标",
        "What is measured, in Chinese (e.g. 地区生产总值, 城镇居民人均可支配收入).",
        "所度量的内容，中文（如地区生产总值、城镇居民人均可支配收入）。",
        str_length=NONEMPTY)
    indicator_code: Series[str] = field(
        "Indicator code", "指标代码",
        "Standard code of the indicator (→ indicator_codes.code, e.g. gdp), given when the whole subject is "
        "one of the code's aliases and the measure is one the code takes (海洋生产总值 and 单位地区生产总值"
        "二氧化碳排放 are not gdp); null for others.",
        "指标的标准代码（→ indicator_codes.code，如gdp）：整个指标名称为该代码的别名且度量方式符合时给出"
        "（海洋生产总值、单位地区生产总值二氧化碳排放不是gdp）；其他为空。",
        nullable=True, str_matches=r"^[a-z][a-z0-9_]*$")
    indicator_en: Series[str] = field(
        "Indicator (English)", "指标英文名",
        "English name of the indicator from the vocabulary; null when it has no code.",
        "词表中的指标英文名；无代码时为空。",
        nullable=True, str_length=NONEMPTY)
    measure: Series[str] = field(
        "Measure", "度量方式",
        "level: an amount; growth_rate: percent change (下降3% is -3); share: a proportion (失业率, 城镇化率, "
        "覆盖率, 研发投入强度, 占比, 比重); change: net increase or decrease of a stock, or a change in "
        "percentage points.",
        "level：总量；growth_rate：增速（下降3%记为-3）；share：比重（失业率、城镇化率、覆盖率、研发投入强度、"
        "占比、比重）；change：存量的净增减或百分点变化。",
        isin=MEASURES)
    aggregation: Series[str] = field(
        "Aggregation", "汇总方式",
        "How the figure summarises time: annual (one year's figure), annual_average (a yearly average over "
        "the span period_start–period_end, 年均增长), cumulative (a total summed over several years, 累计; "
        "period_start null when the text names no span).",
        "数字对时间的汇总方式：annual（单年数据）、annual_average（period_start至period_end期间的年均值，如年均增长）、"
        "cumulative（多年累计值，如累计；文中未指明时期时period_start为空）。",
        isin=AGGREGATIONS)
    value: Series[float] = field(
        "Value", "数值",
        "The number as written, in the unit as written; for a range (5%—5.5%) its low bound.",
        "按原文的数值，单位为原文单位；区间（如5%—5.5%）取下限。",
        unit="see unit")
    value_high: Series[float] = field(
        "High value", "区间上限",
        "The high bound of a range as written (5.5 in 5%—5.5%, 5 in 4.5-5%); null when the figure is no range.",
        "区间的上限，按原文（5%—5.5%中的5.5、4.5-5%中的5）；非区间时为空。",
        unit="see unit", nullable=True)
    unit: Series[str] = field(
        "Unit", "单位",
        "Unit as written (亿元, %, 万亩, 户 ...).",
        "原文单位（亿元、%、万亩、户等）。",
        str_length=NONEMPTY)
    value_std: Series[float] = field(
        "Standardised value", "标准化数值",
        "The value in the standard unit (亿 = 1e8, 万 = 1e4, 公斤 = 0.001 t ...); for a range its low bound.",
        "换算为标准单位后的数值（亿=1e8，万=1e4，公斤=0.001吨等）；区间取下限。",
        unit="see unit_std")
    value_std_high: Series[float] = field(
        "High standardised value", "标准化区间上限",
        "The high bound of a range in the standard unit; null when the figure is no range.",
        "区间上限换算为标准单位后的数值；非区间时为空。",
        unit="see unit_std", nullable=True)
    unit_std: Series[str] = field(
        "Standard unit", "标准单位",
        "Standard unit of value_std; allowed values are listed in schemas/unit_std.csv.",
        "value_std的标准单位；允许值见schemas/unit_std.csv。",
        isin=UNIT_STD)
    qualifier: Series[str] = field(
        "Qualifier", "限定词",
        "The word that qualifies the figure, as written; null when none. Meanings: " + QUALIFIERS_EN + ".",
        "数字的限定词，按原文；无时为空。含义：" + QUALIFIERS_ZH + "。",
        nullable=True, str_length=NONEMPTY)
    value_text: Series[str] = field(
        "Value text", "数值原文",
        "The exact span in the source (e.g. 184.1亿元; a range whole, 5%—5.5%): text[char_start:char_end].",
        "源文本中的原文片段（如184.1亿元；区间为整体，如5%—5.5%），即text[char_start:char_end]。",
        str_length=NONEMPTY)
    char_start: Series[int] = field(
        "Start offset", "起始位置",
        "Python string index of the first character of value_text in the decoded source text.",
        "value_text首字符在解码后源文本中的Python字符串下标。",
        ge=0)
    char_end: Series[int] = field(
        "End offset", "结束位置",
        "Index one past the last character of value_text.",
        "value_text末字符之后的下标。",
        ge=1)
    sentence: Series[str] = field(
        "Sentence", "句子",
        "The sentence the number is stated in.",
        "数字所在的句子。",
        str_length=NONEMPTY)
    pledge_id: Series[str] = field(
        "Pledge id", "承诺编号",
        "The pledge the target belongs to (→ pledges.pledge_id); null otherwise.",
        "目标所属的承诺（→ pledges.pledge_id）；否则为空。",
        nullable=True, str_length=NONEMPTY)
    part: Series[str] = field(
        "Part", "报告部分", _PART_EN, _PART_ZH, nullable=True, isin=PARTS)
    is_main_target: Series[bool] = field(
        "Is main target", "是否主要预期目标",
        "True for a target stated in the plan year's main-targets passage (the paragraph from 主要预期目标 / "
        "主要目标是 / 预期目标为 on; not the five-year plan's goals).",
        "在计划年度主要预期目标段落（自“主要预期目标”“主要目标是”“预期目标为”起）中提出的目标为真"
        "（不含五年规划目标）。")
    n_mentions: Series[int] = field(
        "Mentions", "提及次数",
        "How many times the report states this fact (same indicator, measure, kind, period, value and "
        "qualifier); the row is its first statement.",
        "报告陈述该事实的次数（指标、度量方式、类型、年份、数值与限定词相同）；本行为首次陈述。",
        unit="count", ge=1)
    other_offsets: Series[str] = field(
        "Other offsets", "其他提及位置",
        "Where the report restates the fact, as start:end pairs separated by ';'; null when stated once.",
        "报告再次陈述该事实的位置，以“起:止”表示、以“;”分隔；仅陈述一次时为空。",
        nullable=True, str_length=NONEMPTY)


class IndicatorCodes(_Base):
    """One row per standard indicator of the codebook (flows/extract/vocab/indicator_codes.csv)."""

    code: Series[str] = field(
        "Code", "代码",
        "Standard code of the indicator (e.g. gdp, cpi, surveyed_unemployment_rate).",
        "指标的标准代码（如gdp、cpi、surveyed_unemployment_rate）。",
        unique=True, str_matches=r"^[a-z][a-z0-9_]*$")
    name_zh: Series[str] = field(
        "Chinese name", "中文名称",
        "The indicator's standard Chinese name (e.g. 地区生产总值).",
        "指标的标准中文名称（如地区生产总值）。",
        str_length=NONEMPTY)
    name_en: Series[str] = field(
        "English name", "英文名称",
        "The indicator's English name.",
        "指标的英文名称。",
        str_length=NONEMPTY)
    unit_std: Series[str] = field(
        "Standard unit", "标准单位",
        "Standard unit of the indicator's level (its growth rates are in %).",
        "指标总量的标准单位（增速以%计）。",
        isin=UNIT_STD)
    measures: Series[str] = field(
        "Measures", "度量方式",
        "The measures a row with this code can have, separated by '|' (level, growth_rate, share, change).",
        "带此代码的行可有的度量方式，以“|”分隔（level、growth_rate、share、change）。",
        str_length=NONEMPTY)
    definition: Series[str] = field(
        "Definition", "定义",
        "What the indicator measures, in English.",
        "指标所度量的内容（英文）。",
        str_length=NONEMPTY)
    aliases: Series[str] = field(
        "Aliases", "别名",
        "The names reports use for the indicator, separated by '|'; a row gets the code when its whole "
        "indicator name (scope words such as 全省 left out) is one of them.",
        "报告中该指标的写法，以“|”分隔；指标名称整体（去掉全省等范围词后）为其一时给出该代码。",
        str_length=NONEMPTY)


def _place_types() -> list[str]:
    with open(HERE / "place_types.csv", encoding="utf-8", newline="") as fh:
        return [row["place_type"] for row in csv.DictReader(fh)]


PLACE_TYPES: list[str] = _place_types()
"""Allowed values of places.place_type: the codebook schemas/place_types.csv (meaning, and what
the lon/lat point is for each type)."""


class Places(_Base):
    """One row per distinct place."""

    place_id: Series[str] = field(
        "Place id", "地点编号",
        "Stable identifier of the place, unchanged across releases.",
        "地点的稳定标识，各版本之间不变。",
        unique=True, str_length=NONEMPTY)
    name: Series[str] = field(
        "Name", "名称",
        "Canonical name (e.g. 运城市).",
        "规范名称（如运城市）。",
        str_length=NONEMPTY)
    place_type: Series[str] = field(
        "Place type", "地点类型",
        "Kind of place (codebook: schemas/place_types.csv): province, prefecture, county, district "
        "(administrative units with an adcode); subdistrict, town, village (街道, 镇/乡, 村/寨); street, road; "
        "zone (named development zone, new area or science park: 中关村, 兰州新区); river, lake, reservoir, "
        "wetland, mountain, spring, grassland, desert (natural features); park, temple, scenic_site, old_town.",
        "地点类别（代码表：schemas/place_types.csv）：province、prefecture、county、district（有行政区划代码的行政区）；"
        "subdistrict、town、village（街道、镇/乡、村/寨）；street、road；zone（开发区、国家级新区、科技园区，如中关村、兰州新区）；"
        "river、lake、reservoir、wetland、mountain、spring、grassland、desert（自然地物）；park、temple、scenic_site、old_town。",
        str_length=NONEMPTY, isin=PLACE_TYPES)
    adcode: Series[str] = field(
        "Administrative code", "行政区划代码",
        "Six-digit GB/T 2260 code for administrative divisions, as text with leading zeros; null otherwise.",
        "行政区划的六位GB/T 2260代码（文本，保留前导零）；其他为空。",
        nullable=True, str_matches=ADCODE)
    province: Series[str] = field(
        "Province", "省份",
        "Province that contains the place (or is it); null when unknown.",
        "地点所在（或本身）的省级行政区；未知时为空。",
        nullable=True, str_length=NONEMPTY)
    prefecture: Series[str] = field(
        "Prefecture", "地级市",
        "Prefecture-level unit that contains the place (or is it); null when unknown.",
        "地点所在（或本身）的地级行政区；未知时为空。",
        nullable=True, str_length=NONEMPTY)
    county: Series[str] = field(
        "County", "县区",
        "County-level unit that contains the place (or is it); null when unknown.",
        "地点所在（或本身）的县级行政区；未知时为空。",
        nullable=True, str_length=NONEMPTY)
    lon: Series[float] = field(
        "Longitude", "经度",
        "Longitude (WGS 84, decimal degrees) of the place's point: for an administrative unit the seat of its "
        "government (a province's capital, a city's or county's government seat) as given by the division table; "
        "null for other places (rivers, mountains, villages …): left empty rather than guessed.",
        "地点代表点的经度（WGS 84，十进制度）：行政区为其政府驻地（省为省会，市、县为政府所在地），取自行政区划表；"
        "其他地点（河流、山、村等）为空，不作推测。",
        unit="degree", nullable=True, in_range={"min_value": -180, "max_value": 180})
    lat: Series[float] = field(
        "Latitude", "纬度",
        "Latitude (WGS 84, decimal degrees) of the place's point (see lon: the seat of government for an "
        "administrative unit); null for other places.",
        "地点代表点的纬度（WGS 84，十进制度），含义见经度（行政区为政府驻地）；其他地点为空。",
        unit="degree", nullable=True, in_range={"min_value": -90, "max_value": 90})
    n_mentions: Series[int] = field(
        "Mentions", "提及次数",
        "Number of rows in place_mentions for this place.",
        "place_mentions中该地点的行数。",
        unit="count", ge=0)


class PlaceMentions(_Base):
    """Where each place is mentioned."""

    mention_id: Series[str] = field(
        "Mention id", "提及编号",
        "Identifier of the mention (primary key).",
        "提及记录的标识（主键）。",
        unique=True, str_length=NONEMPTY)
    place_id: Series[str] = field(
        "Place id", "地点编号",
        "The place mentioned (→ places.place_id).",
        "被提及的地点（→ places.place_id）。",
        str_length=NONEMPTY)
    report_id: Series[str] = field(
        "Report id", "报告编号",
        "The report the mention is in (→ reports.report_id).",
        "提及所在的报告（→ reports.report_id）。",
        str_length=NONEMPTY)
    surface: Series[str] = field(
        "Surface form", "原文写法",
        "The place name as written (e.g. 运城): text[char_start:char_end].",
        "原文中的地名写法（如运城），即text[char_start:char_end]。",
        str_length=NONEMPTY)
    char_start: Series[int] = field(
        "Start offset", "起始位置",
        "Python string index of the first character of the mention in the decoded source text.",
        "提及首字符在解码后源文本中的Python字符串下标。",
        ge=0)
    char_end: Series[int] = field(
        "End offset", "结束位置",
        "Index one past the last character of the mention.",
        "提及末字符之后的下标。",
        ge=1)
    pledge_id: Series[str] = field(
        "Pledge id", "承诺编号",
        "The pledge whose text contains the mention (→ pledges.pledge_id); null otherwise.",
        "包含该提及的承诺（→ pledges.pledge_id）；否则为空。",
        nullable=True, str_length=NONEMPTY)
    indicator_id: Series[str] = field(
        "Indicator id", "指标编号",
        "The indicator whose sentence contains the mention (→ indicators.indicator_id); null otherwise.",
        "句子包含该提及的指标（→ indicators.indicator_id）；否则为空。",
        nullable=True, str_length=NONEMPTY)


def _directions() -> tuple[list[str], list[str]]:
    """The codes whose outcome is better when lower, and those with no better direction, from
    flows/extract/vocab/target_direction.csv (every other code: higher is better)."""
    with open(EXTRACT_VOCAB / "target_direction.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [r["code"] for r in rows if r["better"] == "lower"], [r["code"] for r in rows if not r["better"]]


LOWER_IS_BETTER, NO_DIRECTION = _directions()
FLOOR_QUALIFIERS = ["以上", "不低于", "不少于", "超过", "高于"]
CEILING_QUALIFIERS = ["以内", "以下", "之内", "不超过", "不高于", "低于"]
MET_RULE_EN = (
    "Whether the outcome meets the target; null without an outcome or when the code has no better direction. "
    "A target stated as a floor (" + ", ".join(FLOOR_QUALIFIERS) + ") is met when outcome ≥ target; as a ceiling ("
    + ", ".join(CEILING_QUALIFIERS) + ") when outcome ≤ target (the high bound of a range). Otherwise (左右 about, "
    "力争 striving for, no qualifier, a range) the code's direction decides: where higher is better (growth, income, "
    "output, investment, shares such as urbanisation; every code not listed below) met when outcome ≥ target (the "
    "low bound of a range); where lower is better (" + ", ".join(LOWER_IS_BETTER) + ") met when outcome ≤ target (the "
    "high bound of a range; declines are negative: 下降3% is -3, so 下降3.5% meets it). Codes with no better direction ("
    + ", ".join(NO_DIRECTION) + ") get null. An estimate (预计增长6%左右) counts at its value. Directions: "
    "flows/extract/vocab/target_direction.csv.")
MET_RULE_ZH = (
    "结果是否达到目标；无结果或该代码无优劣方向时为空。目标以下限表述（" + "、".join(FLOOR_QUALIFIERS) + "）时，结果≥目标为达到；"
    "以上限表述（" + "、".join(CEILING_QUALIFIERS) + "）时，结果≤目标（区间取上限）为达到。其他情况（左右、力争、无限定词、区间）"
    "按指标方向判断：越高越好的指标（增速、收入、产量、投资、城镇化率等比重；下列以外的所有代码）结果≥目标（区间取下限）为达到；"
    "越低越好的指标（" + "、".join(LOWER_IS_BETTER) + "）结果≤目标（区间取上限；下降记为负数，下降3%为-3，下降3.5%即达到）为达到。"
    "无优劣方向的代码（" + "、".join(NO_DIRECTION) + "）为空。预计数（预计增长6%左右）按其数值判断。方向见"
    "flows/extract/vocab/target_direction.csv。")


class TargetOutcomes(_Base):
    """One row per annual target with an indicator code, beside its outcome from a later report."""

    target_indicator_id: Series[str] = field(
        "Target indicator id", "目标指标编号",
        "The target (→ indicators.indicator_id): an annual target (aggregation annual, no period_start) with an "
        "indicator code.",
        "目标（→ indicators.indicator_id）：带指标代码的年度目标（aggregation为annual、无period_start）。",
        unique=True, str_length=NONEMPTY)
    target_report_id: Series[str] = field(
        "Target report id", "目标所在报告",
        "The report that sets the target (→ reports.report_id).",
        "提出目标的报告（→ reports.report_id）。",
        str_length=NONEMPTY)
    adcode: Series[str] = field(
        "Administrative code", "行政区划代码",
        "GB/T 2260 code of the region (100000 for the national report); null when the report's region is unknown.",
        "地区的GB/T 2260代码（全国报告为100000）；报告地区未知时为空。",
        nullable=True, str_matches=ADCODE)
    region_name: Series[str] = field(
        "Region name", "地区名称",
        "The region's name as the target's report writes it (全国 for the national report); null when unknown.",
        "目标所在报告所写的地区名称（全国报告为全国）；未知时为空。",
        nullable=True, str_length=NONEMPTY)
    indicator_code: Series[str] = field(
        "Indicator code", "指标代码",
        "Standard code of the indicator (→ indicator_codes.code).",
        "指标的标准代码（→ indicator_codes.code）。",
        str_matches=r"^[a-z][a-z0-9_]*$")
    measure: Series[str] = field(
        "Measure", "度量方式",
        "The measure of target and outcome (level, growth_rate, share, change).",
        "目标与结果的度量方式（level、growth_rate、share、change）。",
        isin=MEASURES)
    period: Series[int] = field(
        "Period", "年份",
        "The year the target is for (and the outcome is about).",
        "目标所针对（结果所反映）的年份。",
        unit="year", in_range=YEARS)
    unit_std: Series[str] = field(
        "Standard unit", "标准单位",
        "Standard unit of the target and outcome values.",
        "目标值与结果值的标准单位。",
        isin=UNIT_STD)
    target_value_std: Series[float] = field(
        "Target", "目标值",
        "The target in the standard unit; for a range (5%—5.5%) its low bound.",
        "标准单位的目标值；区间取下限。",
        unit="see unit_std")
    target_value_std_high: Series[float] = field(
        "Target high bound", "目标区间上限",
        "The high bound of a target range in the standard unit; null unless a range.",
        "目标区间的上限（标准单位）；非区间时为空。",
        unit="see unit_std", nullable=True)
    target_qualifier: Series[str] = field(
        "Target qualifier", "目标限定词",
        "The target's qualifier as written (左右, 以上, 以内 …); null when none.",
        "目标的限定词，按原文（左右、以上、以内等）；无时为空。",
        nullable=True, str_length=NONEMPTY)
    is_main_target: Series[bool] = field(
        "Is main target", "是否主要预期目标",
        "True when the target is stated in its report's main-targets passage (主要预期目标).",
        "目标在其报告主要预期目标段落中提出时为真。")
    outcome_indicator_id: Series[str] = field(
        "Outcome indicator id", "结果指标编号",
        "The outcome (→ indicators.indicator_id): the annual actual of the same region (adcode, else region name), "
        "indicator code, measure, standard unit and period stated in a later report of that region (the latest one "
        "stating it; within a report, an exact figure before one with a qualifier or a threshold word, then the first "
        "statement); "
        "never a multi-year average, a cumulative total, a five-year goal or another region's figure. Null while no "
        "later report states it.",
        "结果（→ indicators.indicator_id）：同一地区（行政区划代码，无代码时按地区名称）、同一指标代码、度量方式、标准单位和年份、"
        "由该地区其后的报告陈述的年度实际值（取最新的报告；同一报告中精确数先于带限定词或门槛用语的数字，再取首次陈述）；"
        "绝不取多年平均、累计值、五年规划目标或其他地区的数字。其后报告尚未陈述时为空。",
        nullable=True, str_length=NONEMPTY)
    outcome_report_id: Series[str] = field(
        "Outcome report id", "结果所在报告",
        "The report that states the outcome (→ reports.report_id), normally the next year's; null without an outcome.",
        "陈述结果的报告（→ reports.report_id），通常为次年报告；无结果时为空。",
        nullable=True, str_length=NONEMPTY)
    outcome_value_std: Series[float] = field(
        "Outcome", "结果值",
        "The outcome in the standard unit; null without an outcome.",
        "标准单位的结果值；无结果时为空。",
        unit="see unit_std", nullable=True)
    outcome_qualifier: Series[str] = field(
        "Outcome qualifier", "结果限定词",
        "The outcome's qualifier as written, e.g. 左右 for an estimate (预计增长6%左右); null when none.",
        "结果的限定词，按原文，如预计数（预计增长6%左右）的左右；无时为空。",
        nullable=True, str_length=NONEMPTY)
    gap: Series[float] = field(
        "Gap", "差距",
        "outcome_value_std − target_value_std (the target's low bound); null without an outcome.",
        "结果值减目标值（区间取下限）；无结果时为空。",
        unit="see unit_std", nullable=True)
    met: Series[pd.BooleanDtype] = field(
        "Met", "是否达到", MET_RULE_EN, MET_RULE_ZH, nullable=True)


class SeriesRows(_Base):
    """One value per region, indicator code, measure, year and kind."""

    series_id: Series[str] = field(
        "Series id", "序列编号",
        "Identifier of the value: region (adcode, else region name), indicator code, measure, kind and period.",
        "该值的标识：地区（行政区划代码，无代码时为地区名称）、指标代码、度量方式、类型和年份。",
        unique=True, str_length=NONEMPTY)
    adcode: Series[str] = field(
        "Administrative code", "行政区划代码",
        "GB/T 2260 code of the region (100000 for the national report); null when unknown.",
        "地区的GB/T 2260代码（全国报告为100000）；未知时为空。",
        nullable=True, str_matches=ADCODE)
    region_name: Series[str] = field(
        "Region name", "地区名称",
        "The region's name as its report writes it.",
        "报告所写的地区名称。",
        str_length=NONEMPTY)
    region_level: Series[str] = field(
        "Region level", "行政级别",
        "Administrative level of the region; null when unknown.",
        "地区的行政级别；未知时为空。",
        nullable=True, isin=REGION_LEVELS)
    indicator_code: Series[str] = field(
        "Indicator code", "指标代码",
        "Standard code of the indicator (→ indicator_codes.code).",
        "指标的标准代码（→ indicator_codes.code）。",
        str_matches=r"^[a-z][a-z0-9_]*$")
    measure: Series[str] = field(
        "Measure", "度量方式", "level, growth_rate, share or change (see indicators.measure).",
        "level、growth_rate、share或change（见indicators.measure）。", isin=MEASURES)
    kind: Series[str] = field(
        "Kind", "类型", "actual (achieved) or target (planned).", "actual（实际完成）或target（目标）。", isin=KINDS)
    period: Series[int] = field(
        "Period", "年份", "The year the value is about: annual figures only (no averages or totals over several years).",
        "数值所指的年份：仅单年数据（不含多年平均或累计）。", unit="year", in_range=YEARS)
    unit_std: Series[str] = field(
        "Standard unit", "标准单位", "Standard unit of the value.", "数值的标准单位。", isin=UNIT_STD)
    value_std: Series[float] = field(
        "Value", "数值", "The value in the standard unit; for a range its low bound.",
        "标准单位的数值；区间取下限。", unit="see unit_std")
    value_std_high: Series[float] = field(
        "High value", "区间上限", "The high bound of a range; null unless a range.",
        "区间上限；非区间时为空。", unit="see unit_std", nullable=True)
    qualifier: Series[str] = field(
        "Qualifier", "限定词", "The qualifier as written (左右, 以上 …); null when none.",
        "限定词，按原文（左右、以上等）；无时为空。", nullable=True, str_length=NONEMPTY)
    report_id: Series[str] = field(
        "Report id", "报告编号", "The report the value is taken from (→ reports.report_id).",
        "数值所取自的报告（→ reports.report_id）。", str_length=NONEMPTY)
    indicator_id: Series[str] = field(
        "Indicator id", "指标编号", "The row the value is taken from (→ indicators.indicator_id).",
        "数值所取自的行（→ indicators.indicator_id）。", str_length=NONEMPTY)
    n_statements: Series[int] = field(
        "Statements", "陈述数",
        "How many indicator rows (in all reports) state a value for this region, code, measure, kind and year.",
        "所有报告中陈述该地区、代码、度量方式、类型和年份数值的指标行数。", unit="count", ge=1)
    n_values: Series[int] = field(
        "Distinct values", "不同数值数",
        "How many different values those rows give; more than 1 is a disagreement (counted in quality.json).",
        "这些行给出的不同数值个数；大于1即为不一致（计入quality.json）。", unit="count", ge=1)


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str
    ref_column: str


@dataclass(frozen=True)
class TableSpec:
    name: str
    model: type[pa.DataFrameModel]
    primary_key: str
    foreign_keys: tuple[ForeignKey, ...]
    title: str
    title_zh: str
    description: str
    description_zh: str

    @property
    def columns(self) -> list[str]:
        return list(self.model.to_schema().columns)


def _fk(column: str, table: str) -> ForeignKey:
    return ForeignKey(column, table, column)


TABLES: dict[str, TableSpec] = {
    # Ordered so that every table comes after the tables it references.
    "reports": TableSpec(
        "reports", Reports, "report_id", (),
        "Reports", "报告", "One row per source document.", "每个源文件一行。"),
    "pledges": TableSpec(
        "pledges", Pledges, "pledge_id", (_fk("report_id", "reports"),),
        "Pledges", "承诺事项", "One row per commitment for the plan year.", "每项计划年度承诺一行。"),
    "indicator_codes": TableSpec(
        "indicator_codes", IndicatorCodes, "code", (),
        "Indicator codes", "指标代码", "One row per standard indicator of the codebook.", "每个标准指标一行。"),
    "indicators": TableSpec(
        "indicators", Indicators, "indicator_id",
        (_fk("report_id", "reports"), _fk("pledge_id", "pledges"),
         ForeignKey("indicator_code", "indicator_codes", "code")),
        "Indicators", "指标", "One row per quantitative fact.", "每个数量事实一行。"),
    "places": TableSpec(
        "places", Places, "place_id", (),
        "Places", "地点", "One row per distinct place.", "每个不同地点一行。"),
    "place_mentions": TableSpec(
        "place_mentions", PlaceMentions, "mention_id",
        (_fk("place_id", "places"), _fk("report_id", "reports"),
         _fk("pledge_id", "pledges"), _fk("indicator_id", "indicators")),
        "Place mentions", "地点提及", "Where each place is mentioned.", "每处地点提及一行。"),
    "target_outcomes": TableSpec(
        "target_outcomes", TargetOutcomes, "target_indicator_id",
        (ForeignKey("target_indicator_id", "indicators", "indicator_id"),
         ForeignKey("target_report_id", "reports", "report_id"),
         ForeignKey("indicator_code", "indicator_codes", "code"),
         ForeignKey("outcome_indicator_id", "indicators", "indicator_id"),
         ForeignKey("outcome_report_id", "reports", "report_id")),
        "Targets and outcomes", "目标与完成情况",
        "One row per annual target with an indicator code, beside the outcome a later report of the same region "
        "states (normally the next year's review), the gap and whether it was met.",
        "每个带指标代码的年度目标一行，附同一地区其后报告（通常为次年报告）陈述的结果、差距及是否达到。"),
    "series": TableSpec(
        "series", SeriesRows, "series_id",
        (_fk("report_id", "reports"), _fk("indicator_id", "indicators"),
         ForeignKey("indicator_code", "indicator_codes", "code")),
        "Series", "时间序列",
        "One value per region, indicator code, measure, kind and year, from the annual rows of the indicators table "
        "(multi-year averages, totals and goals left out). Where several rows state it, the value is taken from the "
        "latest report (a later report's restated figure wins), then from a main target, then from a figure without "
        "a qualifier or a threshold word (an estimate's 左右, a round 突破3万亿元 come after the exact figure), then from "
        "the review or plan part, then the first statement; "
        "n_values > 1 marks reports that disagree.",
        "每个地区、指标代码、度量方式、类型和年份一个值，取自指标表的单年数据行（不含多年平均、累计和五年目标）。"
        "多行陈述时，取最新报告的数值（后一报告的重述数优先），再取主要预期目标，再取无限定词或门槛用语的数字（预计数的“左右”、整数关口“突破3万亿元”排在精确数之后），"
        "再取回顾或计划部分，再取首次陈述；n_values大于1表示报告之间不一致。"),
}
