"""Structure: headings, their kind from their own wording, sections, sentences."""
import pytest

from flows.parse.cleaning import clean_text
from flows.parse.structure import (
    classify_heading,
    is_heading,
    lead_kind,
    sentence_kind,
    split_sentences,
    structure,
    theme_of,
)


@pytest.mark.parametrize("line, expected", [
    ("回眸2023", ("part", "review")),
    ("一、2023年工作回顾", ("part", "review")),
    ("过去一年工作回顾", ("part", "review")),
    ("展望2024", ("part", "plan")),
    ("二、2024年工作安排", ("part", "plan")),
    ("2024年主要预期目标", ("part", "plan")),
    ("经济发展取得新成绩", ("heading", "review")),
    ("民生改善交出新答卷", ("heading", "review")),
    ("◆城乡面貌在建管并重 抓融合中明显改观", ("heading", "review")),
    ("（三）全面深化改革取得新进展", ("heading", "review")),
    ("坚定做强新型工业 挺起高质量发展脊梁", ("heading", "plan")),
    ("（一）聚焦产业升级，加快建设现代化产业体系", ("heading", "plan")),
    ("办好五件实事", ("heading", "plan")),
    ("——2024年1月15日在某市第十五届人民代表大会第三次会议上", ("meta", None)),
    ("产业结构", ("heading", None)),
    # part markers without years, and templates
    ("工作回顾", ("part", "review")),
    ("工作安排", ("part", "plan")),
    ("一、过去一年的工作", ("part", "review")),
    ("二、今年的目标任务", ("part", "plan")),
    ("一、20XX年工作回顾", ("part", "review")),
    ("二、20XX年工作安排", ("part", "plan")),
    ("展望新的一年", ("part", "plan")),
    # review headings close on a result; plan headings open with the verb
    ("城乡面貌稳步提升", ("heading", "review")),
    ("民生保障持续增强", ("heading", "review")),
    ("城乡融合步伐加快", ("heading", "review")),
    ("（一）坚持创新驱动，发展动能持续增强", ("heading", "review")),
    ("（二）坚持扩大内需，推动经济持续回升向好", ("heading", "plan")),
    ("（二）持续改善民生福祉", ("heading", "plan")),
    ("全力扩大有效投资 增强发展后劲", ("heading", "plan")),
    ("扎实推进民生事业 增进人民福祉", ("heading", "plan")),
    # full-width digits, as in reports typed with a full-width input method
    ("一、２０２３年工作回顾", ("part", "review")),
    ("二、２０２４年工作安排", ("part", "plan")),
    ("展望２０２４", ("part", "plan")),
])
def test_heading_kind_comes_from_its_own_wording(line, expected):
    assert is_heading(line)
    assert classify_heading(line) == expected


def test_body_text_and_salutations_are_not_headings():
    assert not is_heading("全县地区生产总值完成184.1亿元，同比增长6%。")
    assert not is_heading("各位代表：")
    assert not is_heading("推动传统产业升级.实施焦化项目12个,铝工业产值突破300亿元.")  # ASCII period
    assert not is_heading("2024年全县的主要预期目标是：地区生产总值增长6%左")  # a hard-wrapped line
    assert not is_heading("达到43,865元，增长5.2%；我们坚持项目为王，全年实施")


def test_theme_is_the_lead_clause_of_a_plan_heading():
    assert theme_of("坚定做强新型工业 挺起高质量发展脊梁") == "坚定做强新型工业"
    assert theme_of("（二）坚持创新驱动") == "坚持创新驱动"
    assert theme_of("（一）聚焦产业升级，加快建设现代化产业体系") == "聚焦产业升级"


SCRAMBLED = """政府工作报告
展望2024
坚持扩大有效投资 增强发展后劲
滚动实施重大项目，全年完成固定资产投资增长8%左右。
回顾2023
经济运行稳中向好
全区地区生产总值增长5.1%。
坚定推进城乡融合 拓展发展空间
加快老旧小区改造。
"""


def test_a_plan_heading_after_the_review_marker_is_still_plan():
    blocks = structure(clean_text(SCRAMBLED).paragraphs)
    by_text = {b.text: b for b in blocks}
    assert by_text["政府工作报告"].role == "title"
    assert by_text["滚动实施重大项目，全年完成固定资产投资增长8%左右。"].kind == "plan"
    assert by_text["全区地区生产总值增长5.1%。"].kind == "review"
    late = by_text["加快老旧小区改造。"]
    assert (late.kind, late.theme, late.section) == ("plan", "坚定推进城乡融合", "坚定推进城乡融合 拓展发展空间")


def test_sentences_split_on_full_width_and_ascii_terminators_but_not_decimals():
    block = structure(clean_text("标题行\nGDP达到184.1亿元. 增长6%！新建1处书房。“好”。\n").paragraphs)[1]
    assert [s.text for s in split_sentences(block)] == ["GDP达到184.1亿元.", "增长6%！", "新建1处书房。", "“好”。"]


def test_numbered_items_start_sentences_with_their_number():
    block = structure(clean_text("标题\n将办好3件实事。1.新建公园。2.改造5条小巷。\n").paragraphs)[1]
    assert [(s.text, s.item_no) for s in split_sentences(block)] == [
        ("将办好3件实事。", None), ("1.新建公园。", 1), ("2.改造5条小巷。", 2)]


@pytest.mark.parametrize("paragraph, item_nos", [
    ("今年将办好以下民生实事：①新建幼儿园，新增学位540个；②改造供水工程30处；③免费体检1.5万人次。", [None, 1, 2, 3]),
    ("今年市政府将继续办好十件民生实事：（1）新建幼儿园15所；（2）改造老旧小区120个。", [None, 1, 2]),
    ("重点抓好四方面工作：一是加快产业转型；二是扩大有效投资；三是推进城市更新。", [None, 1, 2, 3]),
    ("实施重大项目，一是否定不了的。", [None]),
])
def test_listed_items_inside_a_sentence_are_sentences_with_their_number(paragraph, item_nos):
    block = structure(clean_text("标题\n" + paragraph + "\n").paragraphs)[1]
    sentences = split_sentences(block)
    assert [s.item_no for s in sentences] == item_nos
    assert "".join(s.text for s in sentences) == paragraph


def test_a_numbered_top_level_heading_opens_a_part_for_the_headings_under_it():
    text = "政府工作报告\n一、2023年工作回顾\n（一）产业结构\n增长5%。\n二、全面推进高质量发展\n（一）产业结构\n新建5所学校。\n"
    blocks = structure(clean_text(text).paragraphs)
    assert [b.kind for b in blocks if not b.is_heading] == ["review", "plan"]


def test_paragraphs_outside_any_part_take_their_kind_from_their_lead():
    assert lead_kind("报告强调，今年将重点抓好四方面工作：一是加快产业转型；二是扩大有效投资。") == "plan"
    assert lead_kind("报告指出，过去一年，全区地区生产总值完成520.3亿元，增长5.9%。") == "review"
    assert lead_kind("1月8日，某区第十七届人民代表大会第三次会议开幕。") is None


@pytest.mark.parametrize("sentence, block_kind, expected", [
    ("过去一年，全市地区生产总值增长5.2%。", "plan", "review"),
    ("主要预期目标是：地区生产总值增长6%左右。", "review", "plan"),
    ("今年，全县将新建5所学校。", "review", "plan"),
    ("全年圆满完成目标任务。", "review", "review"),
    ("2023年，全县地区生产总值完成184.1亿元。", "plan", "review"),
    ("2024年，全县将新建5所学校。", "review", "plan"),
    ("今年，力争实现地区生产总值增长6%。", None, "plan"),
    ("去年全市完成固定资产投资增长4%。", None, "review"),
    ("推进老旧小区改造。", "plan", "plan"),
    ("２０２３年，全县地区生产总值完成１８４．１亿元。", "plan", "review"),
    ("２０２４年，全县将新建５所学校。", "review", "plan"),
])
def test_sentence_kind_explicit_years_and_tense_beat_the_block(sentence, block_kind, expected):
    assert sentence_kind(sentence, block_kind=block_kind, report_year=2024, review_year=2023) == expected


def _hit(year=None, target_cue=False, qualifier=None):
    from flows.extract.indicators import IndicatorHit
    return IndicatorHit(0, 2, "6%", 6.0, "%", 6.0, "%", "growth_rate", "地区生产总值", "gdp", "GDP", qualifier, target_cue, year)


@pytest.mark.parametrize("hit, skind, expected", [
    (_hit(year=2023), "plan", ("actual", 2023)),           # 2023年，全县…: the year decides
    (_hit(year=2025), None, ("target", 2025)),             # 到2025年…
    (_hit(year=2020), "plan", ("target", 2024)),           # 比2020年翻一番: a base year, not the period
    (_hit(year=2020), "review", ("actual", 2023)),         # 较2020年增长
    (_hit(), "review", ("actual", 2023)),
    (_hit(), "plan", ("target", 2024)),
    (_hit(target_cue=True, qualifier="左右"), None, ("target", 2024)),  # news: 增长6%左右
    (_hit(qualifier="余"), None, ("actual", 2023)),        # 1500余人 is no target wording
])
def test_indicator_kind_and_period_from_years_heading_kind_and_target_cues(hit, skind, expected):
    from flows.report.report import _indicator_timing
    assert _indicator_timing(hit, skind, 2024, 2023) == expected


@pytest.mark.parametrize("line", ["二、2024年主要目标", "二、2024年工作目标", "2024年主要工作", "二、20XX年主要目标"])
def test_plan_parts_named_by_their_targets(line):
    assert classify_heading(line) == ("part", "plan")


@pytest.mark.parametrize("line, kind", [
    # the first session of a new congress reviews the five-year plan period with the last year
    ("一、“十三五”时期和2020年工作回顾", "review"),
    ("一、过去五年和2021年工作回顾", "review"),
    ("“十三五”时期工作回顾", "review"),
    # ... and sets the five-year goals with the plan year's work
    ("二、“十四五”时期主要目标和2021年工作安排", "plan"),
    ("二、今后五年的奋斗目标和2022年工作安排", "plan"),
    ("二、“十四五”时期目标任务和2021年重点工作", "plan"),
])
def test_parts_that_pair_a_five_year_period_with_the_year(line, kind):
    assert classify_heading(line) == ("part", kind)


def test_a_numbered_plan_heading_about_the_year_stays_a_heading():
    assert classify_heading("（一）全力抓好2024年重点工作") == ("heading", "plan")


def test_hit_with_a_start_point_year_is_an_actual_for_that_year():
    from dataclasses import replace

    from flows.report.report import _indicator_timing
    # 由2015年的2089.7亿元增加到…: the 2015 level, even in a plan part
    assert _indicator_timing(replace(_hit(year=2015), year_is_start=True), "review", 2021, 2020) == ("actual", 2015)
    assert _indicator_timing(_hit(year=2015), "review", 2021, 2020) == ("actual", 2020)  # 较2015年: a base


@pytest.mark.parametrize("sentence", [
    "粮食总产量连续五年稳定在180亿斤以上，是全国重要的商品粮生产基地。",
    "主要指标完成情况良好，需要进一步巩固。",
])
def test_yao_inside_a_word_does_not_look_forward(sentence):
    assert sentence_kind(sentence, block_kind=None, report_year=2024, review_year=2023) is None


def test_yao_as_a_modal_verb_looks_forward():
    assert sentence_kind("我们要坚持稳中求进。", block_kind=None, report_year=2024, review_year=2023) == "plan"


@pytest.mark.parametrize("line, expected", [
    ("【2023年成绩单】", ("part", "review")),
    ("【2024年目标】", ("part", "plan")),
    ("【重点任务】", ("part", "plan")),
    ("一,2023年工作回顾", ("part", "review")),
    ("二,2024年主要目标和重点工作", ("part", "plan")),
])
def test_news_labels_in_brackets_and_ascii_numbered_parts(line, expected):
    assert classify_heading(line) == expected


def test_a_template_decimal_blank_does_not_end_a_sentence():
    blocks = structure(clean_text("正文\n全年增长×.×%和6.5%.新增就业1850人.").paragraphs)
    assert [s.text for s in split_sentences(blocks[-1])] == ["全年增长×.×%和6.5%.", "新增就业1850人."]


def test_bullets_after_a_bracketed_plan_label_are_plan():
    text = "标题\n【2024年目标】\n▶规上工业增加值增长7%；\n▶社会消费品零售总额增长7%；\n"
    assert [b.kind for b in structure(clean_text(text).paragraphs) if not b.is_heading] == ["plan", "plan"]


def test_bullets_under_a_paragraph_announcing_them_take_its_kind():
    text = ("读懂报告\n报告显示，过去一年，地区生产总值增长5.1%。\n报告提出，今年全市主要预期目标是：\n"
            "▶规上工业增加值增长7%；\n▶社会消费品零售总额增长7%；\n据悉，全市新增企业6家。\n")
    assert [b.kind for b in structure(clean_text(text).paragraphs) if not b.is_heading] == [
        "review", "plan", "plan", "plan", None]


def test_rows_and_headers_of_a_flattened_table_are_not_headings():
    from flows.parse.structure import is_table_row
    assert not is_heading("原煤  万吨  120.5  -3.2")
    assert is_table_row("原煤\t万吨\t120.5\t-3.2") and is_table_row("指标  单位  2024年目标  增长(%)")
    assert is_heading("表1  2023年主要工业产品产量及其增长速度") and not is_table_row("表1  2023年主要工业产品产量")
    assert not is_table_row("推进老旧小区改造，新建城市道路10公里。")
