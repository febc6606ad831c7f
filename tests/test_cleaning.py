"""Cleaning: repeated paragraphs are published once; sentences cut in two are joined on evidence."""
from flows.parse.cleaning import clean_text, split_paragraphs

CITY_REPORT = """政府工作报告

一、2023年工作回顾
全市实现地区生产总值1,234.56亿元，比上年增长5.2%。城镇新增就业2.1万人，城镇调查失业率控制在5.5%以内。

二、2024年工作安排
加快建设现代化产业体系。推动制造业高端化、智能化、绿色化发展，全年新开工亿元以上项目120个，力争工业投资增长10%以上。
加快建设现代化产业体系。推动制造业高端化、智能化、绿色化发展，全年新开工亿元以上项目120个，力争工业投资增长10%以上。
深化重点领域改革。持续优化营商环境，全面推行“一网通办”，进一步提
"""

CUT_ELSEWHERE = """加快建设现代化产业体系。推动制造业高端化发展，新培育规上企业30家，全市经营主体总数发
深入推进乡村振兴。实施高标准农田建设，稳定粮食播种面积。
展到12.5万户，同比增长8.1%。
"""


def test_paragraphs_are_source_spans_without_surrounding_whitespace():
    text = "  第一段。\r\n\r\n\u3000第二段。  \n"
    assert [text[s:e] for s, e in split_paragraphs(text)] == ["第一段。", "第二段。"]


def test_a_paragraph_repeated_verbatim_is_kept_once_and_counted():
    clean = clean_text(CITY_REPORT)
    texts = [p.text for p in clean.paragraphs]
    assert clean.duplicate_paragraphs == 1
    assert sum(t.startswith("加快建设现代化产业体系") for t in texts) == 1


def test_a_sentence_cut_by_a_break_is_joined_to_its_continuation_elsewhere():
    clean = clean_text(CUT_ELSEWHERE)
    assert clean.joined_fragments == 1
    joined = clean.paragraphs[0]
    assert joined.text.endswith("全市经营主体总数发展到12.5万户，同比增长8.1%。")
    assert len(clean.paragraphs) == 2  # the continuation is no longer a paragraph of its own
    assert clean.joins[0]["word"] == "发展"


def test_joined_offsets_map_back_to_the_exact_source_characters():
    clean = clean_text(CUT_ELSEWHERE)
    joined = clean.paragraphs[0]
    start = joined.text.index("12.5万户")
    source = joined.to_source(start)
    assert CUT_ELSEWHERE[source:source + 6] == "12.5万户"
    spans = joined.source_spans(joined.text.index("总数发"), joined.text.index("到12.5"))
    assert "".join(CUT_ELSEWHERE[s:e] for s, e in spans) == "总数发展"
    assert len(spans) == 2


def test_without_evidence_a_cut_paragraph_is_listed_not_joined():
    clean = clean_text(CITY_REPORT)
    assert clean.joined_fragments == 0
    assert [f["kind"] for f in clean.unjoined_fragments] == ["cut at end"]
    assert clean.unjoined_fragments[0]["text"].endswith("进一步提")


def test_headings_and_complete_paragraphs_are_never_joined():
    text = "坚定做强新型工业 挺起高质量发展脊梁\n推动传统产业焕发新活力。坚持高端化方向。\n"
    clean = clean_text(text)
    assert clean.joined_fragments == 0 and len(clean.paragraphs) == 2


# A PDF copy hard-wrapped every 30 characters: lines break mid-word and mid-number.
HARD_WRAPPED = """二、2024年工作安排
（一）坚定不移推动产业转型升级
加快煤炭产业绿色转型。推动煤矿智能化建设，新建智能化工作面8
个，煤炭先进产能占比达到95%以上。培育壮大新材料、新能源产业
，新增规上工业企业10家。
（二）全力推进文旅融合发展
打响文旅品牌。推进皇城相府、蟒河景区提档升级，力争全年接待游
客突破400万人次。办好第五届太行山文化旅游节，推出精品旅游线
路10条。
（三）扎实办好民生实事
持续增进民生福祉。新建改扩建中小学校5所，新增养老床位300张。
实施农村供水保障工程，改造农村供水管网80公里。
"""


def test_a_hard_wrapped_copy_is_put_back_into_paragraphs():
    clean = clean_text(HARD_WRAPPED)
    assert [p.text for p in clean.paragraphs] == [
        "二、2024年工作安排",
        "（一）坚定不移推动产业转型升级",
        "加快煤炭产业绿色转型。推动煤矿智能化建设，新建智能化工作面8个，煤炭先进产能占比达到95%以上。"
        "培育壮大新材料、新能源产业，新增规上工业企业10家。",
        "（二）全力推进文旅融合发展",
        "打响文旅品牌。推进皇城相府、蟒河景区提档升级，力争全年接待游客突破400万人次。"
        "办好第五届太行山文化旅游节，推出精品旅游线路10条。",
        "（三）扎实办好民生实事",
        # a full line that ends a sentence may end its paragraph: it is not joined
        "持续增进民生福祉。新建改扩建中小学校5所，新增养老床位300张。",
        "实施农村供水保障工程，改造农村供水管网80公里。",
    ]
    assert clean.unwrapped_lines == 4 and clean.joined_fragments == 0 and clean.unjoined_fragments == []


def test_unwrapped_offsets_map_back_across_the_line_breaks():
    paragraph = clean_text(HARD_WRAPPED).paragraphs[2]
    spans = paragraph.source_spans(paragraph.text.index("8个"), paragraph.text.index("8个") + 2)
    assert [HARD_WRAPPED[s:e] for s, e in spans] == ["8", "个"]


def test_one_paragraph_a_line_is_not_taken_for_a_hard_wrapped_copy():
    clean = clean_text(CITY_REPORT)
    assert clean.unwrapped_lines == 0 and len(clean.paragraphs) == 6


def test_a_paragraph_opening_with_a_comma_continues_the_cut_paragraph_before_it():
    text = "推进城市更新行动，全年改造城镇老旧小区35个，新建\n，口袋公园10个。\n"
    clean = clean_text(text)
    assert [p.text for p in clean.paragraphs] == ["推进城市更新行动，全年改造城镇老旧小区35个，新建，口袋公园10个。"]
    assert clean.joined_fragments == 1


def test_a_heading_repeated_before_new_text_is_kept_a_repeated_block_is_not():
    text = ("一、2023年工作回顾\n（一）坚持创新驱动\n规上工业增加值增长6.8%。\n"
            "二、2024年工作安排\n（一）坚持创新驱动\n新增高新技术企业50家。\n"
            "（一）坚持创新驱动\n新增高新技术企业50家。\n")
    clean = clean_text(text)
    assert [p.text for p in clean.paragraphs].count("（一）坚持创新驱动") == 2
    assert clean.duplicate_paragraphs == 2


def test_ascii_periods_close_paragraphs_and_numbered_headings_are_not_fragments():
    text = "（一）聚焦产业升级，加快建设现代化产业体系\n推动传统产业升级.实施焦化行业超低排放改造项目12个,铝工业产值突破300亿元.\n"
    assert clean_text(text).unjoined_fragments == []


def test_headings_and_listed_items_are_not_reported_as_fragments():
    text = "回顾2023\n文旅康养持续壮大\n接待游客420万人次，增长35%。\n一是新建县城第二幼儿园，新增学位360个。\n二是改造农村公路80公里。\n"
    assert clean_text(text).unjoined_fragments == []
