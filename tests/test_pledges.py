"""Pledges: one row per commitment for the plan year, with theme, topic and list numbers."""
from flows.extract.pledges import pledges_from_blocks
from flows.parse.cleaning import clean_text
from flows.parse.structure import structure


def pledges(text, report_year=2024, review_year=2023):
    blocks = structure(clean_text(text).paragraphs)
    return pledges_from_blocks(blocks, report_year=report_year, review_year=review_year)


COUNTY = """关于2024年政府工作报告
2月27日，某县第十七届人民代表大会第四次会议隆重开幕，县长李明代表县人民政府向大会作政府工作报告。
展望2024
2024年，全县将以习近平新时代中国特色社会主义思想为指导，坚持稳中求进工作总基调，奋力谱写新篇章。
坚定做强新型工业 挺起发展脊梁
推动传统产业焕发新活力。坚持高端化、智能化方向，建强精品钢产业链。精准帮扶企业稳健发展。
抓紧抓实安全生产。开展安全生产治本攻坚三年行动。抓紧抓实风险防控。守住不发生系统性风险的底线。
回眸2023
经济发展取得新成绩
全县地区生产总值完成184.1亿元，同比增长6%。建成3.6万亩高标准农田。
办好五件实事
2024年，县政府将全力办好5件民生实事。1.开通城区免费公交。
增进民生福祉
2.完善11个重点路口交通信号灯，改造15处安全隐患路段。3.新建1处“城市书房”。
"""


def test_each_plan_sentence_is_a_pledge_with_its_theme_and_topic():
    rows = [(p.theme, p.topic, p.text) for p in pledges(COUNTY) if p.item_no is None]
    assert rows == [
        ("坚定做强新型工业", "推动传统产业焕发新活力", "坚持高端化、智能化方向，建强精品钢产业链。"),
        ("坚定做强新型工业", "推动传统产业焕发新活力", "精准帮扶企业稳健发展。"),
        ("坚定做强新型工业", "抓紧抓实安全生产", "开展安全生产治本攻坚三年行动。"),
        ("坚定做强新型工业", "抓紧抓实风险防控", "守住不发生系统性风险的底线。"),
    ]


def test_review_sentences_meeting_news_and_the_preamble_are_not_pledges():
    texts = " ".join(p.text for p in pledges(COUNTY))
    assert "184.1亿元" not in texts and "高标准农田" not in texts
    assert "隆重开幕" not in texts
    assert "为指导" not in texts


def test_numbered_livelihood_projects_survive_an_interrupting_heading():
    items = [(p.item_no, p.is_livelihood_project, p.theme, p.text) for p in pledges(COUNTY) if p.item_no]
    assert items == [
        (1, True, "办好五件实事", "开通城区免费公交。"),
        (2, True, "办好五件实事", "完善11个重点路口交通信号灯，改造15处安全隐患路段。"),
        (3, True, "办好五件实事", "新建1处“城市书房”。"),
    ]


def test_pledges_are_numbered_in_report_order():
    assert [p.seq for p in pledges(COUNTY)] == list(range(1, 8))


NEWS_SUMMARY = """市政府工作报告提出今年目标任务
1月10日，某市第十五届人民代表大会第三次会议开幕。市长王某某作政府工作报告。
报告指出，2023年全市地区生产总值增长5.5%。
报告提出，2024年将加快建设现代化产业体系，力争新开工重大项目100个。
"""


def test_news_summary_without_part_markers_uses_years_and_tense():
    assert [p.text for p in pledges(NEWS_SUMMARY)] == ["报告提出，2024年将加快建设现代化产业体系，力争新开工重大项目100个。"]
