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


def test_circled_and_bracketed_livelihood_items_are_one_row_each_without_their_number():
    text = """政府工作报告
二、今年的目标任务
（三）用心用情办好民生实事
今年，我们将集中力量办好以下民生实事：①新建城区第二幼儿园，新增学位540个；②改造提升农村供水工程30处。
（四）全面加强政府自身建设
坚持依法行政，自觉接受人大法律监督。坚持过紧日子，一般性支出压减5%以上。
各位代表！奋进新征程，我们将踔厉奋发、勇毅前行！
"""
    assert [(p.item_no, p.is_livelihood_project, p.theme, p.text) for p in pledges(text)] == [
        (1, True, "用心用情办好民生实事", "新建城区第二幼儿园，新增学位540个；"),
        (2, True, "用心用情办好民生实事", "改造提升农村供水工程30处。"),
        (None, False, "全面加强政府自身建设", "坚持依法行政，自觉接受人大法律监督。"),
        (None, False, "全面加强政府自身建设", "坚持过紧日子，一般性支出压减5%以上。"),
    ]


def test_a_list_announced_at_the_end_of_a_paragraph_continues_in_the_next_one():
    text = """政府工作报告
展望2024
办好十件民生实事
今年，县政府将集中力量办好十件民生实事。
（1）新建城区第三中学，新增学位1,800个。
（2）改造城镇老旧小区28个。
"""
    assert [(p.item_no, p.is_livelihood_project, p.text) for p in pledges(text)] == [
        (1, True, "新建城区第三中学，新增学位1,800个。"), (2, True, "改造城镇老旧小区28个。")]


NEWS_WITH_LIST = """某区政府工作报告提出：今年地区生产总值预期增长6%
1月8日，某区第十七届人民代表大会第三次会议开幕，区长赵刚作政府工作报告。
报告指出，过去一年，全区地区生产总值完成520.3亿元，增长5.9%。
报告强调，今年将重点抓好两方面工作：一是加快产业转型，力争规上工业增加值增长8%；二是扩大有效投资，实施重点项目120个。
报告还提出，2024年全区将办好十件民生实事，涵盖教育、医疗、养老等领域。
（记者 张华）
"""


def test_news_summary_lists_are_one_row_an_item_and_an_unlisted_announcement_is_a_pledge():
    assert [(p.item_no, p.is_livelihood_project, p.text) for p in pledges(NEWS_WITH_LIST)] == [
        (1, False, "加快产业转型，力争规上工业增加值增长8%；"),
        (2, False, "扩大有效投资，实施重点项目120个。"),
        (None, False, "报告还提出，2024年全区将办好十件民生实事，涵盖教育、医疗、养老等领域。"),
    ]


def test_review_headings_opening_with_a_verb_keep_their_sentences_out_of_the_pledges():
    text = """政府工作报告
一、2023年工作回顾
（一）坚持人民至上，民生福祉持续增进
城镇新增就业4.6万人，新建改扩建幼儿园23所。
二、2024年工作安排
（一）聚焦产业升级，加快建设现代化产业体系
推动能源产业绿色转型。加快煤矿智能化改造，新增智能化采煤工作面15个。
"""
    assert [(p.theme, p.topic, p.text) for p in pledges(text)] == [
        ("聚焦产业升级", "推动能源产业绿色转型", "加快煤矿智能化改造，新增智能化采煤工作面15个。")]


INLINE_HEADINGS = """一、2023年工作回顾
（一）聚焦稳增长，经济运行持续向好。全市地区生产总值完成1,850.3亿元，增长5.2%。
（二）聚力科技创新，新动能加快成长。新认定国家高新技术企业480家。
二、2024年主要目标和重点任务
（一）坚持创新驱动，加快构建现代化产业体系。实施制造业振兴工程，新建5G基站1000个。推进数字经济发展。
（二）经济运行稳中向好，地区生产总值增长5.5%左右。实施重点项目300个。
"""


def test_a_numbered_lead_sentence_is_the_heading_of_its_paragraph():
    rows = [(p.theme, p.section, p.text) for p in pledges(INLINE_HEADINGS)]
    assert rows[:2] == [
        ("坚持创新驱动", "（一）坚持创新驱动，加快构建现代化产业体系", "实施制造业振兴工程，新建5G基站1000个。"),
        ("坚持创新驱动", "（一）坚持创新驱动，加快构建现代化产业体系", "推进数字经济发展。"),
    ]


def test_a_lead_sentence_with_figures_is_data_not_a_heading():
    texts = [p.text for p in pledges(INLINE_HEADINGS)]
    assert "（二）经济运行稳中向好，地区生产总值增长5.5%左右。" in texts


def test_inline_headings_in_the_review_part_keep_it_a_review():
    assert not any("480家" in p.text or "1,850.3" in p.text for p in pledges(INLINE_HEADINGS))


def test_a_sentence_announcing_what_follows_is_not_a_pledge():
    text = "二、2024年工作安排\n重点抓好以下几个方面工作：\n（一）坚持创新驱动。实施制造业振兴工程。\n"
    assert [p.text for p in pledges(text)] == ["实施制造业振兴工程。"]


def test_what_a_year_or_plan_period_is_commits_to_nothing():
    text = ("二、2025年工作安排\n"
            "2025年是“十四五”规划收官之年，也是为“十五五”良好开局打牢基础的关键之年。\n"
            "今后五年，是全市在现代化新征程上奋勇争先的关键五年。\n"
            "（一）聚力科技创新，建设创新策源高地\n"
            "新认定国家高新技术企业300家以上。\n")
    assert [p.text for p in pledges(text, report_year=2025, review_year=2024)] == ["新认定国家高新技术企业300家以上。"]


FIVE_YEAR_REPORT = """政府工作报告
一、“十三五”时期和2020年工作回顾
（一）综合实力跃上新台阶。全市地区生产总值达到3267.2亿元，年均增长6.8%。粮食总产量连续五年稳定在180亿斤以上，是全国重要的商品粮生产基地。
二、“十四五”时期主要目标和2021年工作安排
（一）坚持项目为王，持续扩大有效投资。全年实施重点项目300个以上。
"""


def test_a_five_year_review_part_gives_no_pledges():
    assert [(p.theme, p.text) for p in pledges(FIVE_YEAR_REPORT, report_year=2021, review_year=2020)] == [
        ("坚持项目为王", "全年实施重点项目300个以上。")]


def test_questions_are_never_pledges():
    text = "标题\n展望2024\n问：今年的投资盘子有多大？\n答：报告提出，今年将新增经营主体10万户以上。\n"
    assert [p.text for p in pledges(text)] == ["答：报告提出，今年将新增经营主体10万户以上。"]


def test_a_sentence_announcing_a_list_is_not_a_pledge_even_with_figures_in_quotes():
    text = "标题\n展望2024\n记者注意到，报告围绕“3+1+1”工作思路，部署了今年六个方面的重点工作：\n●实施重大项目攻坚行动，全年策划生成项目500个以上。\n"
    assert [p.text for p in pledges(text)] == ["●实施重大项目攻坚行动，全年策划生成项目500个以上。"]


def test_a_sentence_announcing_a_counted_list_of_tasks_is_no_pledge():
    text = ("展望2024\n2024年，全县将坚持稳中求进。具体抓好9个方面工作：\n坚定做强新型工业\n"
            "推动传统产业焕发新活力。建强精品钢产业链，新建5个项目。\n")
    assert [p.text for p in pledges(text)] == ["2024年，全县将坚持稳中求进。", "建强精品钢产业链，新建5个项目。"]
