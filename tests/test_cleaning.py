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
