"""Reports laid out in ways the pipeline meets on real copies (#20): a whole report on one line,
a target list on lines of its own, slogan part headings, lead sentences, county excerpts.
Every text here is written for the test, in the layout it names."""
from flows.parse.formats import read_source
from flows.report.report import parse_report

S = "\u3000\u3000"  # a paragraph's indent, the only thing between paragraphs of a one-line copy

ONE_LINE = S.join([
    "\u3000\u30003月5日，国务院总理孙立平在十二届全国人大三次会议上作政府工作报告。\u00a0新华社记者王一鸣摄",
    "新华社北京3月16日电",
    "政府工作报告",
    "——2015年3月5日在第十二届全国人民代表大会第三次会议上",
    "国务院总理\u00a0孙立平各位代表：",
    "现在，我代表国务院，向大会作政府工作报告，请予审议。",
    "一、2014年工作回顾",
    "过去一年，我国经济运行总体平稳。国内生产总值达到63.6万亿元，比上年增长7.4%。城镇新增就业1322万人。",
    "二、2015年工作总体部署",
    "今年经济社会发展的主要预期目标是：国内生产总值增长7%左右，居民消费价格涨幅3%左右，城镇新增就业1000万人以上。",
    "三、2015年重点工作",
    "加快农业现代化步伐。新增高效节水灌溉面积2000万亩。",
    "各位代表！",
    "让我们紧密团结在一起，为实现全年目标而努力奋斗！",
    "（本文版权归新华社所有，未经授权不得转载）",
])


def parse(text: str, name: str = "report.txt"):
    return parse_report(source_file=name, data=text.encode("utf-8"))


def test_a_report_on_one_line_is_read_paragraph_by_paragraph():
    source = read_source("national.txt", ONE_LINE.encode("utf-8"))
    assert source.removed["boilerplate_photo"] == 1
    assert source.removed["boilerplate_dateline"] == 1
    assert source.removed["boilerplate_licence"] == 1
    report = parse(ONE_LINE)
    row = report.rows["reports"][0]
    assert (row["delivered_by"], row["delivered_by_title"], row["report_year"], row["review_year"]) == (
        "孙立平", "国务院总理", 2015, 2014)
    assert [(p["part"], p["heading"]) for p in report.quality["parts"]] == [
        ("front", "政府工作报告"), ("review", "一、2014年工作回顾"), ("plan", "二、2015年工作总体部署"), ("closing", None)]
    gdp = [(r["kind"], r["period"], r["measure"], r["value_text"], r["qualifier"], r["is_main_target"], r["part"])
           for r in report.rows["indicators"] if r["indicator_code"] == "gdp"]
    assert gdp == [("actual", 2014, "level", "63.6万亿元", None, False, "review"),
                   ("actual", 2014, "growth_rate", "7.4%", None, False, "review"),
                   ("target", 2015, "growth_rate", "7%", "左右", True, "plan")]
    assert [(p["topic"], p["text"]) for p in report.rows["pledges"]][-1] == ("加快农业现代化步伐", "新增高效节水灌溉面积2000万亩。")
    text = ONE_LINE
    for r in report.rows["indicators"]:
        assert text[r["char_start"]:r["char_end"]] == r["value_text"]


# Lead sentences printed in bold: on a line of their own, with a count of what they announce,
# or as two short clauses; a one-sentence commitment with a figure stays a pledge.
LEADS = """2025年某县人民政府工作报告
——2025年1月8日在某县第十八届人民代表大会第五次会议上
县长　赵明华
一、2024年工作回顾
全县地区生产总值增长5.1%。
二、2025年重点工作
（一）做强县域经济
壮大县域经济。
推动特色产业集群发展，培育规上工业企业。支持园区扩区调位。
优化营商环境，激发市场活力。深化“放管服”改革。推行企业开办一日办结。
继续办好8件民生实事。做好国防动员工作。
新建农村公路120公里。
"""


def test_lead_sentences_are_topics_and_one_sentence_commitments_with_a_figure_are_pledges():
    rows = [(p["topic"], p["text"]) for p in parse(LEADS, "leads.txt").rows["pledges"]]
    assert rows == [
        ("壮大县域经济", "推动特色产业集群发展，培育规上工业企业。"),
        ("壮大县域经济", "支持园区扩区调位。"),
        ("优化营商环境，激发市场活力", "深化“放管服”改革。"),
        ("优化营商环境，激发市场活力", "推行企业开办一日办结。"),
        ("继续办好8件民生实事", "做好国防动员工作。"),
        (None, "新建农村公路120公里。"),
    ]


# Lead phrases written with a colon or a full stop inside the paragraph's first line; a phrase
# that announces its object (主要任务是：) or carries a figure (新建农村公路120公里：) is no lead.
COLON_LEADS = """2025年某县人民政府工作报告
——2025年1月8日在某县第十八届人民代表大会第五次会议上
县长　赵明华
一、2024年工作回顾
全县地区生产总值增长5.1%。
二、2025年重点工作
壮大县域经济：推动特色产业集群发展，培育规上工业企业；实施园区扩区调位。支持企业技术改造。
优化营商环境。深化“放管服”改革；推行企业开办一日办结。
乡村振兴：新建高标准农田5万亩。
新建农村公路120公里：重点推进通村道路。
今年的主要任务是：抓项目、强产业、惠民生。
其中：改造提升农村供水工程12处。
"""


def test_a_lead_phrase_before_a_colon_is_the_topic_and_not_part_of_the_pledge():
    report = parse(COLON_LEADS, "colon.txt")
    rows = [(p["topic"], p["text"]) for p in report.rows["pledges"]]
    assert rows == [
        ("壮大县域经济", "推动特色产业集群发展，培育规上工业企业；实施园区扩区调位。"),
        ("壮大县域经济", "支持企业技术改造。"),
        ("优化营商环境", "深化“放管服”改革；推行企业开办一日办结。"),
        ("乡村振兴", "新建高标准农田5万亩。"),
        (None, "新建农村公路120公里：重点推进通村道路。"),
        (None, "今年的主要任务是：抓项目、强产业、惠民生。"),
        (None, "其中：改造提升农村供水工程12处。"),
    ]
    for p in report.rows["pledges"]:
        assert COLON_LEADS[p["char_start"]:p["char_end"]] == p["text"]


# An older national layout: the targets on lines of their own after the intro, without numbers.
TARGET_LINES = """政府工作报告
——2013年3月5日在第十二届全国人民代表大会第一次会议上
国务院总理　钱立群
各位代表：
一、过去五年工作回顾
过去五年，国内生产总值年均增长9.3%。2012年国内生产总值增长7.8%。
二、对今年工作的建议
今年经济社会发展的主要预期目标是：
国内生产总值增长7.5%左右；
居民消费价格涨幅3.5%左右；
城镇新增就业900万人以上，城镇登记失业率低于4.6%；
国际收支状况进一步改善。
实现上述目标，要坚持稳中求进。全年粮食产量稳定在1.1万亿斤以上。
"""


def _targets(text):
    return [(r["indicator"], r["kind"], r["period"], r["value_text"], r["qualifier"], r["is_main_target"])
            for r in parse(text).rows["indicators"] if r["kind"] == "target"]


def test_a_target_list_on_lines_of_its_own_after_its_intro():
    assert _targets(TARGET_LINES) == [
        ("国内生产总值", "target", 2013, "7.5%", "左右", True),
        ("居民消费价格", "target", 2013, "3.5%", "左右", True),
        ("城镇新增就业", "target", 2013, "900万人", "以上", True),
        ("城镇登记失业率", "target", 2013, "4.6%", "低于", True),
        ("粮食产量", "target", 2013, "1.1万亿斤", "以上", False),
    ]


def test_list_items_take_the_kind_of_their_intro_even_in_a_part_read_as_review():
    # without the part heading the list sits in the review part: its intro still says it is the plan's
    text = TARGET_LINES.replace("二、对今年工作的建议\n", "")
    assert [row[:3] for row in _targets(text)][:4] == [
        ("国内生产总值", "target", 2013), ("居民消费价格", "target", 2013),
        ("城镇新增就业", "target", 2013), ("城镇登记失业率", "target", 2013)]


def _rows(sentence):
    from flows.extract.indicators import indicators_from_sentence
    return [(h.indicator, h.indicator_code, h.measure, h.value_text) for h in indicators_from_sentence(sentence)]


def test_growth_without_its_subject_takes_the_subject_across_a_predicate_clause():
    assert _rows("全省地区生产总值达到6.2万亿元、稳居全国前十强、增长5.3%。") == [
        ("地区生产总值", "gdp", "level", "6.2万亿元"), ("地区生产总值", "gdp", "growth_rate", "5.3%")]


def test_whole_year_growth_after_quarters_is_the_subjects_own_growth():
    assert _rows("全市生产总值一季度增长5.1%，上半年增长5.4%，四季度增长5.8%，全年增长5.5%、总量达2.4万亿元。") == [
        ("生产总值一季度", None, "growth_rate", "5.1%"),
        ("生产总值上半年", None, "growth_rate", "5.4%"),
        ("生产总值四季度", None, "growth_rate", "5.8%"),
        ("生产总值", "gdp", "growth_rate", "5.5%"),
        ("生产总值总量", "gdp", "level", "2.4万亿元"),
    ]


# Part headings that are slogans: nothing in their words says review, five-year plan or plan year.
SLOGANS = """某省政府工作报告
——2026年1月20日在某省第十四届人民代表大会第四次会议上
省长　吴建平
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、一年接着一年干，高质量发展取得新进展新成效
过去一年，面对复杂严峻的外部环境，我们迎难而上。全省地区生产总值增长5.4%，一般公共预算收入增长3.1%。
（一）产业升级步伐加快。规上工业增加值增长6.8%，新增国家级专精特新企业120家。
（二）改革开放持续深化。进出口总额增长8.2%，实际使用外资突破100亿美元。
二、一张蓝图绘到底，奋力谱写现代化建设新篇章
今后五年，是全面发力的关键时期。到2030年，全省地区生产总值年均增长5%左右。
“十五五”时期，我们将坚持创新驱动，建设现代化产业体系。
三、一鼓作气勇争先，全力以赴抓落实
今年全省经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇新增就业60万人以上。
（一）加快建设现代化产业体系。新培育专精特新企业100家。推动制造业数字化转型。
四、全面加强政府自身建设
坚持依法行政，自觉接受人大监督。
各位代表！让我们团结一心，为全面建设现代化新某省而努力奋斗！
"""


def test_slogan_part_headings_are_read_from_what_their_parts_say():
    report = parse(SLOGANS)
    assert [(p["part"], p["heading"]) for p in report.quality["parts"]] == [
        ("front", "某省政府工作报告"),
        ("review", "一、一年接着一年干，高质量发展取得新进展新成效"),
        ("five_year_plan", "二、一张蓝图绘到底，奋力谱写现代化建设新篇章"),
        ("plan", "三、一鼓作气勇争先，全力以赴抓落实"),
        ("self_building", "四、全面加强政府自身建设"),
        ("closing", None),
    ]
    gdp = [(r["kind"], r["period"], r["period_start"], r["period_end"], r["value_text"], r["is_main_target"])
           for r in report.rows["indicators"] if r["indicator_code"] == "gdp" and r["measure"] == "growth_rate"]
    # the five-year plan's 年均 goal spans 2026–2030 and is no one year's figure (period null)
    assert gdp == [("actual", 2025, None, None, "5.4%", False), ("target", None, 2026, 2030, "5%", False),
                   ("target", 2026, None, None, "5%", True)]
    assert report.quality["flags"] == []


def test_a_full_report_whose_parts_cannot_be_told_apart_is_flagged():
    # the review's sentences say nothing of their time: no part can be told, and the report says so
    text = SLOGANS.replace("过去一年，面对复杂严峻的外部环境，我们迎难而上。全省地区生产总值增长5.4%，一般公共预算收入增长3.1%。",
                           "全省上下迎难而上。") + "附：名词解释\n" + "".join(
        f"{a}{b}企业：指具有专业化、精细化、特色化、新颖化特征的{a}{b}类中小企业。\n" for a in "甲乙丙丁戊己庚辛壬癸" for b in "子丑寅卯辰巳午未申酉")
    text = text.replace("规上工业增加值增长6.8%，新增国家级专精特新企业120家。", "产业结构更优。").replace(
        "进出口总额增长8.2%，实际使用外资突破100亿美元。", "开放水平更高。")
    report = parse(text)
    assert "review" not in [p["part"] for p in report.quality["parts"]]
    assert report.quality["flags"] == ["part heading left in the front matter: 一、一年接着一年干，高质量发展取得新进展新成效",
                                       "no review part found: the report's parts could not be told apart"]


# The five-year plan's goals listed 一是…十二是 inside the plan-year part (no part of their own).
GOALS_IN_PLAN = """某市人民政府工作报告
——2026年1月10日在某市第十六届人民代表大会第五次会议上
市长　何志远
各位代表：
一、2025年工作回顾
全市地区生产总值增长5.2%。
二、2026年工作安排
“十五五”时期全市经济社会发展的主要目标是：一是经济实力跃上新台阶；二是科技创新能力显著增强；三是现代化产业体系基本建成；四是改革开放持续深化；五是城乡融合发展格局基本形成；六是文化软实力明显提升；七是生态环境持续改善；八是居民收入稳步增长；九是公共服务更加均衡；十是社会治理效能提升；十一是民生福祉持续增进；十二是安全发展基础更加巩固。
今年重点抓好以下工作：（1）建成城市快速路20公里；（2）新增托育托位2000个。
"""


def test_pledges_in_a_list_of_five_year_goals_have_the_five_year_period_wherever_it_stands():
    rows = [(p["item_no"], p["period_start"], p["period"], p["text"]) for p in parse(GOALS_IN_PLAN).rows["pledges"]]
    assert rows == [
        (1, 2026, 2030, "经济实力跃上新台阶；"),
        (2, 2026, 2030, "科技创新能力显著增强；"),
        (3, 2026, 2030, "现代化产业体系基本建成；"),
        (4, 2026, 2030, "改革开放持续深化；"),
        (5, 2026, 2030, "城乡融合发展格局基本形成；"),
        (6, 2026, 2030, "文化软实力明显提升；"),
        (7, 2026, 2030, "生态环境持续改善；"),
        (8, 2026, 2030, "居民收入稳步增长；"),
        (9, 2026, 2030, "公共服务更加均衡；"),
        (10, 2026, 2030, "社会治理效能提升；"),
        (11, 2026, 2030, "民生福祉持续增进；"),
        (12, 2026, 2030, "安全发展基础更加巩固。"),
        (1, None, 2026, "建成城市快速路20公里；"),
        (2, None, 2026, "新增托育托位2000个。"),
    ]


# County excerpts: the three sectors' value added, clause by clause or as 分别 lists.
def test_sector_value_added_in_a_county_excerpt_is_read_row_by_row():
    assert _rows("第一产业实现增加值21356万元，增长4.1%；第二产业实现增加值53210万元，增长7.2%；"
                 "第三产业实现增加值61234万元，增长5.5%。") == [
        ("第一产业增加值", "value_added_primary", "level", "21356万元"),
        ("第一产业增加值", "value_added_primary", "growth_rate", "4.1%"),
        ("第二产业增加值", "value_added_secondary", "level", "53210万元"),
        ("第二产业增加值", "value_added_secondary", "growth_rate", "7.2%"),
        ("第三产业增加值", "value_added_tertiary", "level", "61234万元"),
        ("第三产业增加值", "value_added_tertiary", "growth_rate", "5.5%"),
    ]


def test_a_respectively_list_of_the_three_sectors():
    assert _rows("三次产业增加值分别达到8.2亿元、20.5亿元、31.7亿元，同比分别增长3.1%、6.4%、5.2%。") == [
        ("第一产业增加值", "value_added_primary", "level", "8.2亿元"),
        ("第二产业增加值", "value_added_secondary", "level", "20.5亿元"),
        ("第三产业增加值", "value_added_tertiary", "level", "31.7亿元"),
        ("第一产业增加值", "value_added_primary", "growth_rate", "3.1%"),
        ("第二产业增加值", "value_added_secondary", "growth_rate", "6.4%"),
        ("第三产业增加值", "value_added_tertiary", "growth_rate", "5.2%"),
    ]
    assert _rows("第一产业增加值、第二产业增加值分别增长3.8%、6.5%。") == [
        ("第一产业增加值", "value_added_primary", "growth_rate", "3.8%"),
        ("第二产业增加值", "value_added_secondary", "growth_rate", "6.5%"),
    ]


BULLETIN_TABLE = """某县2024年国民经济和社会发展统计公报
一、农业
表1  2024年主要农产品产量
产品名称\t单位\t产量\t比上年增长(%)
粮食\t万吨\t12.5\t2.1
  其中：小麦\t万吨\t5.1\t1.5
油料\t吨\t3560\t-4.2
"""


def test_a_bulletin_table_is_read_row_by_row():
    report = parse(BULLETIN_TABLE, "bulletin.txt")
    assert [(r["indicator"], r["measure"], r["value_text"], r["unit_std"], r["kind"], r["period"])
            for r in report.rows["indicators"]] == [
        ("粮食", "level", "12.5", "t", "actual", 2024), ("粮食", "growth_rate", "2.1", "%", "actual", 2024),
        ("小麦", "level", "5.1", "t", "actual", 2024), ("小麦", "growth_rate", "1.5", "%", "actual", 2024),
        ("油料", "level", "3560", "t", "actual", 2024), ("油料", "growth_rate", "-4.2", "%", "actual", 2024),
    ]


# A report without part headings: it turns to each part by addressing the deputies again.
TURNS = """某县人民政府工作报告
——2025年1月6日在某县第十八届人民代表大会第五次会议上
县长　郑文博
各位代表：
现在，我代表县人民政府，向大会报告工作，请予审议。过去一年，全县上下奋力拼搏。全县地区生产总值增长6.1%，一般公共预算收入完成8.2亿元。城镇新增就业2100人。
一年来，我们坚持稳中求进，规上工业增加值增长8.5%，粮食产量达到25.6万吨。
各位代表！今年是“十四五”规划收官之年。今年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业2000人以上。
新建农村公路50公里。改造老旧小区12个。实施农田水利项目8个。
各位代表！让我们团结一心，为建设美丽新某县而努力奋斗！
"""


def test_a_report_without_part_headings_turns_to_its_parts_at_each_greeting():
    report = parse(TURNS)
    assert [p["part"] for p in report.quality["parts"]] == ["front", "review", "plan", "closing"]
    gdp = [(r["kind"], r["period"], r["value_text"], r["is_main_target"])
           for r in report.rows["indicators"] if r["indicator_code"] == "gdp"]
    assert gdp == [("actual", 2024, "6.1%", False), ("target", 2025, "6%", True)]
    assert [p["text"] for p in report.rows["pledges"]][-3:] == ["新建农村公路50公里。", "改造老旧小区12个。", "实施农田水利项目8个。"]


def test_blank_line_runs_read_like_single_breaks():
    spaced = ONE_LINE.replace(S, "\n\n\n\n\u3000\u3000")
    keys = ("indicator", "kind", "period", "value_text", "qualifier", "is_main_target", "part")
    assert [tuple(r[k] for k in keys) for r in parse(spaced).rows["indicators"]] == [
        tuple(r[k] for k in keys) for r in parse(ONE_LINE).rows["indicators"]]


def test_a_december_session_reviews_this_year_and_plans_the_next():
    text = """某区人民政府工作报告
——2024年12月26日在某区第十八届人民代表大会第五次会议上
区长　冯立新
各位代表：
一、今年工作回顾
今年以来，全区地区生产总值增长5.8%，新增市场主体3200户。
二、明年工作安排
2025年，全区将加快城市更新。新建口袋公园8个。
"""
    report = parse(text)
    assert [(p["part"], p["heading"]) for p in report.quality["parts"]] == [
        ("front", "某区人民政府工作报告"), ("review", "一、今年工作回顾"), ("plan", "二、明年工作安排")]
    assert [(r["kind"], r["period"], r["value_text"]) for r in report.rows["indicators"]] == [
        ("actual", 2024, "5.8%"), ("actual", 2024, "3200户"), ("target", 2025, "8个")]


def test_a_bulletin_table_with_its_units_in_the_row_labels_and_a_percent_header():
    text = """某县2024年国民经济和社会发展统计公报
表1  主要农产品产量
指标\t2024年\t比上年增长%
粮食产量（万吨）\t12.5\t2.1
油料产量（吨）\t3560\t-4.2
"""
    assert [(r["indicator"], r["measure"], r["value_text"], r["value_std"], r["unit_std"])
            for r in parse(text, "bulletin.txt").rows["indicators"]] == [
        ("粮食产量", "level", "12.5", 125000.0, "t"), ("粮食产量", "growth_rate", "2.1", 2.1, "%"),
        ("油料产量", "level", "3560", 3560.0, "t"), ("油料产量", "growth_rate", "-4.2", -4.2, "%"),
    ]


def test_datelines_long_photo_captions_and_licence_lines_are_page_furniture():
    from flows.parse.boilerplate import boilerplate_lines
    lines = ["3月5日，第十四届全国人民代表大会第三次会议在北京人民大会堂开幕。国务院总理孙立平代表国务院向大会作政府工作报告。新华社记者 王一鸣 摄",
             "新华社北京3月12日电",
             "（本文来源：新华网）未经授权不得转载",
             "各位代表：现在，我代表国务院，向大会作政府工作报告，请予审议。"]
    assert boilerplate_lines(lines) == {0: "photo", 1: "dateline", 2: "licence"}


# A bulletin table copied from a web page one cell a line: the header's labels, then each row's
# cells on consecutive lines (blank lines between cells in some copies).
CELL_LINES = """某县2024年国民经济和社会发展统计公报
表1  2024年主要经济指标
指标名称
单位
绝对数
比上年增长(%)
地区生产总值
亿元
184.1
6.0

第一产业增加值

亿元

30.2

3.5
其中：粮食产量
万吨
12.5
-1.2
全年全县居民人均可支配收入28650元，增长6.1%。
"""


def test_a_bulletin_table_copied_one_cell_a_line_is_read_row_by_row():
    report = parse(CELL_LINES, "bulletin.txt")
    rows = report.rows["indicators"]
    assert [(r["indicator"], r["measure"], r["value_text"], r["unit_std"], r["kind"], r["period"]) for r in rows] == [
        ("地区生产总值", "level", "184.1", "CNY", "actual", 2024), ("地区生产总值", "growth_rate", "6.0", "%", "actual", 2024),
        ("第一产业增加值", "level", "30.2", "CNY", "actual", 2024), ("第一产业增加值", "growth_rate", "3.5", "%", "actual", 2024),
        ("粮食产量", "level", "12.5", "t", "actual", 2024), ("粮食产量", "growth_rate", "-1.2", "%", "actual", 2024),
        ("居民人均可支配收入", "level", "28650元", "CNY", "actual", 2024),
        ("居民人均可支配收入", "growth_rate", "6.1%", "%", "actual", 2024),
    ]
    assert [r["value_std"] for r in rows[:2]] == [184.1e8, 6.0]
    for r in rows:
        assert CELL_LINES[r["char_start"]:r["char_end"]] == r["value_text"]


def test_short_lines_that_do_not_fill_a_header_s_rows_are_not_a_table():
    from flows.parse.tables import cell_line_rows
    # a title block and a row whose unit cell is missing: no row has the header's width and kinds
    assert cell_line_rows(["指标名称", "单位", "绝对数", "比上年增长(%)", "地区生产总值", "184.1", "6.0", "粮食产量"]) == []
    assert cell_line_rows(["项目名称", "建设单位", "某县人民医院", "县卫健委", "新建住院楼"]) == []
    # the first full row is read; the cut row after it is left as lines
    assert cell_line_rows(["指标", "单位", "绝对数", "增长%", "粮食", "万吨", "12.5", "2.1", "油料", "3560"]) == [(0, 4), (4, 4)]
