"""Structure: headings, their kind from their own wording, sections, sentences."""
import pytest

from flows.parse.cleaning import clean_text
from flows.parse.structure import classify_heading, is_heading, sentence_kind, split_sentences, structure, theme_of


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
])
def test_heading_kind_comes_from_its_own_wording(line, expected):
    assert is_heading(line)
    assert classify_heading(line) == expected


def test_body_text_and_salutations_are_not_headings():
    assert not is_heading("全县地区生产总值完成184.1亿元，同比增长6%。")
    assert not is_heading("各位代表：")


def test_theme_is_the_lead_clause_of_a_plan_heading():
    assert theme_of("坚定做强新型工业 挺起高质量发展脊梁") == "坚定做强新型工业"
    assert theme_of("（二）坚持创新驱动") == "坚持创新驱动"


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


@pytest.mark.parametrize("sentence, block_kind, expected", [
    ("2023年，全县地区生产总值完成184.1亿元。", "plan", "review"),
    ("2024年，全县将新建5所学校。", "review", "plan"),
    ("今年，力争实现地区生产总值增长6%。", None, "plan"),
    ("去年全市完成固定资产投资增长4%。", None, "review"),
    ("推进老旧小区改造。", "plan", "plan"),
])
def test_sentence_kind_explicit_years_and_tense_beat_the_block(sentence, block_kind, expected):
    assert sentence_kind(sentence, block_kind=block_kind, report_year=2024, review_year=2023) == expected
