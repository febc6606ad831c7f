"""indicators_from_sentence: one row per quantitative fact, named, measured and qualified.

Each fixture is a short report-like sentence with the exact rows expected:
(value_text, value_std, unit_std, measure, indicator).
"""
import random

import pytest

from flows.extract.indicators import IndicatorHit, indicators_from_sentence, template_placeholders


def rows(sentence):
    return [(h.value_text, h.value_std, h.unit_std, h.measure, h.indicator) for h in indicators_from_sentence(sentence)]


# --------------------------------------------------------------- county report (review of the year)
COUNTY = [
    ("全县地区生产总值完成184.1亿元，同比增长6%；一般公共预算收入完成6.6亿元，同比增长0.7%；"
     "社会消费品零售总额完成54.3亿元，同比增长1.9%；规模以上工业增加值同比增长6%；",
     [("184.1亿元", 18_410_000_000, "CNY", "level", "地区生产总值"),
      ("6%", 6, "%", "growth_rate", "地区生产总值"),
      ("6.6亿元", 660_000_000, "CNY", "level", "一般公共预算收入"),
      ("0.7%", 0.7, "%", "growth_rate", "一般公共预算收入"),
      ("54.3亿元", 5_430_000_000, "CNY", "level", "社会消费品零售总额"),
      ("1.9%", 1.9, "%", "growth_rate", "社会消费品零售总额"),
      ("6%", 6, "%", "growth_rate", "规模以上工业增加值")]),
    ("城乡居民人均可支配收入分别达到39641元、18081元，同比分别增长6%、7.3%，经济运行保持了向上向好的积极态势。",
     [("39641元", 39641, "CNY", "level", "城镇居民人均可支配收入"),
      ("18081元", 18081, "CNY", "level", "农村居民人均可支配收入"),
      ("6%", 6, "%", "growth_rate", "城镇居民人均可支配收入"),
      ("7.3%", 7.3, "%", "growth_rate", "农村居民人均可支配收入")]),
    ("建成3.6万亩高标准农田，粮食播种面积66.43万亩，总产量达2.36亿公斤，新绛县被认定为省级农作物制种基地县。",
     [("3.6万亩", 36000, "mu", "level", "高标准农田"),
      ("66.43万亩", 664300, "mu", "level", "粮食播种面积"),
      ("2.36亿公斤", 236000, "t", "level", "粮食总产量")]),
    ("水果、蔬菜、中药材产量分别达到15.4万吨、64万吨、8177.5吨，粮食和重要农产品生产稳定、供给充足。",
     [("15.4万吨", 154000, "t", "level", "水果产量"),
      ("64万吨", 640000, "t", "level", "蔬菜产量"),
      ("8177.5吨", 8177.5, "t", "level", "中药材产量")]),
    ("建成52个“六有标准”服务网点，162个事项实现“跨省通办”，451个事项免费帮办代办，涉企事项实现全程网办。",
     [("52个", 52, "count", "level", "服务网点"),
      ("162个", 162, "count", "level", "事项实现跨省通办"),
      ("451个", 451, "count", "level", "事项免费帮办代办")]),
    ("深入开展经营主体提升年活动，新增减税降费及退税缓费2.66亿元，惠及企业1.95万户次；新培育2家高新技术企业、2家科创平台、"
     "7家省级专精特新中小企业、30家“四上企业”，14家企业在“晋兴板”挂牌，全县经营主体数量发展到38462户，净增1388户，"
     "同比增长25.35%，新增经营主体中涉税主体占比60.14%，有效实现“量质同增”。",
     [("2.66亿元", 266_000_000, "CNY", "level", "新增减税降费及退税缓费"),
      ("1.95万户次", 19500, "count", "level", "惠及企业"),
      ("2家", 2, "count", "level", "高新技术企业"),
      ("2家", 2, "count", "level", "科创平台"),
      ("7家", 7, "count", "level", "省级专精特新中小企业"),
      ("30家", 30, "count", "level", "四上企业"),
      ("14家", 14, "count", "level", "企业在晋兴板挂牌"),
      ("38462户", 38462, "count", "level", "经营主体数量"),
      ("1388户", 1388, "count", "change", "经营主体数量"),
      ("25.35%", 25.35, "%", "growth_rate", "经营主体数量"),
      ("60.14%", 60.14, "%", "share", "新增经营主体中涉税主体占比")]),
    ("城镇新增就业3880人，转移农村劳动力6359人。",
     [("3880人", 3880, "count", "level", "城镇新增就业"),
      ("6359人", 6359, "count", "level", "转移农村劳动力")]),
    ("202家村卫生室实现异地就医直接结算全覆盖；执行药品和医用耗材集中采购节约医疗成本2093万元。",
     [("202家", 202, "count", "level", "村卫生室"),
      ("2093万元", 20_930_000, "CNY", "level", "执行药品和医用耗材集中采购节约医疗成本")]),
    ("2.完善11个重点路口交通信号灯，改造15处安全隐患路段。",
     [("11个", 11, "count", "level", "重点路口交通信号灯"),
      ("15处", 15, "count", "level", "安全隐患路段")]),
    ("3.改造老城区5条小街小巷。", [("5条", 5, "count", "level", "小街小巷")]),
    ("4.维修养护农村供水工程21处，实现农村自来水入户全覆盖。",
     [("21处", 21, "count", "level", "维修养护农村供水工程")]),
    ("5.新建1处“河东书房”。", [("1处", 1, "count", "level", "河东书房")]),
]

# --------------------------------------------------------------- city reports and statistical bulletins
CITY_AND_BULLETIN = [
    ("全市实现地区生产总值1,234.56亿元，比上年增长5.2%。",
     [("1,234.56亿元", 123_456_000_000, "CNY", "level", "地区生产总值"),
      ("5.2%", 5.2, "%", "growth_rate", "地区生产总值")]),
    ("全年粮食总产量48.6万吨，比上年减少1.2%。",
     [("48.6万吨", 486000, "t", "level", "粮食总产量"),
      ("1.2%", -1.2, "%", "growth_rate", "粮食总产量")]),
    ("全年全县生产总值（GDP）184.1亿元，按可比价格计算，比上年增长6.0%。其中，第一产业增加值20.1亿元，增长4.1%；",
     [("184.1亿元", 18_410_000_000, "CNY", "level", "生产总值"),
      ("6.0%", 6, "%", "growth_rate", "生产总值"),
      ("20.1亿元", 2_010_000_000, "CNY", "level", "第一产业增加值"),
      ("4.1%", 4.1, "%", "growth_rate", "第一产业增加值")]),
    ("第一产业、第二产业、第三产业增加值分别为20.1亿元、60.3亿元、103.7亿元。",
     [("20.1亿元", 2_010_000_000, "CNY", "level", "第一产业增加值"),
      ("60.3亿元", 6_030_000_000, "CNY", "level", "第二产业增加值"),
      ("103.7亿元", 10_370_000_000, "CNY", "level", "第三产业增加值")]),
    ("城镇登记失业率3.1%，比上年下降0.3个百分点。",
     [("3.1%", 3.1, "%", "share", "城镇登记失业率"),
      ("0.3个百分点", -0.3, "pp", "change", "城镇登记失业率")]),
    ("常住人口城镇化率提高1.5个百分点，达到58.2%。",
     [("1.5个百分点", 1.5, "pp", "change", "常住人口城镇化率"),
      ("58.2%", 58.2, "%", "share", "常住人口城镇化率")]),
    ("2023年，全市一般公共预算收入完成123.4亿元，下降2.5%，其中税收收入80.1亿元，占比64.9%。",
     [("123.4亿元", 12_340_000_000, "CNY", "level", "一般公共预算收入"),
      ("2.5%", -2.5, "%", "growth_rate", "一般公共预算收入"),
      ("80.1亿元", 8_010_000_000, "CNY", "level", "税收收入"),
      ("64.9%", 64.9, "%", "share", "税收收入占比")]),
    ("第三产业增加值占地区生产总值的比重为52.3%。",
     [("52.3%", 52.3, "%", "share", "第三产业增加值占地区生产总值的比重")]),
    ("全年进出口总额12.5亿美元，增长8.1%。实际利用外资5000万美元。",
     [("12.5亿美元", 1_250_000_000, "USD", "level", "进出口总额"),
      ("8.1%", 8.1, "%", "growth_rate", "进出口总额"),
      ("5000万美元", 50_000_000, "USD", "level", "实际利用外资")]),
    ("单位地区生产总值能耗下降3.2%，森林覆盖率达到32.5%。",
     [("3.2%", -3.2, "%", "growth_rate", "单位地区生产总值能耗"),
      ("32.5%", 32.5, "%", "share", "森林覆盖率")]),
    ("年末全县户籍人口32.5万人，常住人口28.7万人。",
     [("32.5万人", 325000, "count", "level", "户籍人口"),
      ("28.7万人", 287000, "count", "level", "常住人口")]),
    ("全县共有医疗卫生机构356个，床位2560张，卫生技术人员3200人。",
     [("356个", 356, "count", "level", "医疗卫生机构"),
      ("2560张", 2560, "count", "level", "床位"),
      ("3200人", 3200, "count", "level", "卫生技术人员")]),
    ("全年接待游客520万人次，实现旅游收入45亿元，分别增长35%、40%。",
     [("520万人次", 5_200_000, "count", "level", "接待游客"),
      ("45亿元", 4_500_000_000, "CNY", "level", "旅游收入"),
      ("35%", 35, "%", "growth_rate", "接待游客"),
      ("40%", 40, "%", "growth_rate", "旅游收入")]),
    ("建成区面积达到35平方公里，新增城市绿地12公顷。",
     [("35平方公里", 35, "km2", "level", "建成区面积"),
      ("12公顷", 12, "ha", "level", "新增城市绿地")]),
    ("养殖生猪15万头、肉牛2000头、蛋鸡300万只。",
     [("15万头", 150000, "count", "level", "养殖生猪"),
      ("2000头", 2000, "count", "level", "肉牛"),
      ("300万只", 3_000_000, "count", "level", "蛋鸡")]),
]

# --------------------------------------------------------------- news summaries, full-width, ASCII, Chinese numerals
NEWS_AND_STYLES = [
    ("２０２３年，全县地区生产总值完成１８４．１亿元，同比增长６％；城镇新增就业３８８０人。",
     [("１８４．１亿元", 18_410_000_000, "CNY", "level", "地区生产总值"),
      ("６％", 6, "%", "growth_rate", "地区生产总值"),
      ("３８８０人", 3880, "count", "level", "城镇新增就业")]),
    ("GDP reached 184.1亿元, up 6%",
     [("184.1亿元", 18_410_000_000, "CNY", "level", "地区生产总值"),
      ("6%", 6, "%", "growth_rate", "地区生产总值")]),
    ("据统计，1-11月，全市规模以上工业增加值同比增长7.5%，增速较上月回落0.2个百分点。",
     [("7.5%", 7.5, "%", "growth_rate", "规模以上工业增加值"),
      ("0.2个百分点", -0.2, "pp", "change", "规模以上工业增加值")]),
    ("城乡居民人均可支配收入分别增长6.1%和7.5%。",
     [("6.1%", 6.1, "%", "growth_rate", "城镇居民人均可支配收入"),
      ("7.5%", 7.5, "%", "growth_rate", "农村居民人均可支配收入")]),
    ("招商引资到位资金两千三百万元，新签约项目十一个。",
     [("两千三百万元", 23_000_000, "CNY", "level", "招商引资到位资金"),
      ("十一个", 11, "count", "level", "新签约项目")]),
    ("全县经营主体净增1,388户，同比增长25.35％。",
     [("1,388户", 1388, "count", "change", "经营主体"),
      ("25.35％", 25.35, "%", "growth_rate", "经营主体")]),
    ("新增就业不低于3000人，净减少贫困人口1200人。",
     [("3000人", 3000, "count", "level", "新增就业"),
      ("1200人", -1200, "count", "change", "净减少贫困人口")]),
    ("城镇居民人均可支配收入达到４２，３５０元，增长５．２％。",
     [("４２，３５０元", 42350, "CNY", "level", "城镇居民人均可支配收入"),
      ("５．２％", 5.2, "%", "growth_rate", "城镇居民人均可支配收入")]),
    ("全县规模以上工业企业达到86家，新增12家。",
     [("86家", 86, "count", "level", "规模以上工业企业"),
      ("12家", 12, "count", "level", "新增规模以上工业企业")]),
    ("新增“四上”企业30家，总数达到120家。",
     [("30家", 30, "count", "level", "新增四上企业"),
      ("120家", 120, "count", "level", "四上企业总数")]),
    ("一是全年粮食播种面积稳定在60万亩以上，二是新增高标准农田5万亩。",
     [("60万亩", 600000, "mu", "level", "粮食播种面积"),
      ("5万亩", 50000, "mu", "level", "新增高标准农田")]),
    ("全年实现外贸进出口总额3.2亿元，其中出口2.1亿元，进口1.1亿元。",
     [("3.2亿元", 320_000_000, "CNY", "level", "外贸进出口总额"),
      ("2.1亿元", 210_000_000, "CNY", "level", "出口"),
      ("1.1亿元", 110_000_000, "CNY", "level", "进口")]),
]

# --------------------------------------------------------------- targets
TARGETS = [
    ("2024年主要预期目标是：地区生产总值增长6%左右，一般公共预算收入增长5%以上，城镇调查失业率控制在5.5%以内，"
     "居民消费价格涨幅3%左右。",
     [("6%", 6, "%", "growth_rate", "地区生产总值"),
      ("5%", 5, "%", "growth_rate", "一般公共预算收入"),
      ("5.5%", 5.5, "%", "share", "城镇调查失业率"),
      ("3%", 3, "%", "growth_rate", "居民消费价格")]),
    ("全年固定资产投资增长10%以上，力争社会消费品零售总额增长7%。",
     [("10%", 10, "%", "growth_rate", "固定资产投资"),
      ("7%", 7, "%", "growth_rate", "社会消费品零售总额")]),
    ("到2025年，全县粮食产量稳定在50万吨以上。", [("50万吨", 500000, "t", "level", "粮食产量")]),
    ("今年全县GDP预计增长6.5%左右，规上工业增加值增长8%。",
     [("6.5%", 6.5, "%", "growth_rate", "地区生产总值"),
      ("8%", 8, "%", "growth_rate", "规上工业增加值")]),
]

# --------------------------------------------------------------- sentences without any indicator
NO_ROWS = [
    "2月27日，新绛县第十七届人民代表大会第四次会议隆重开幕，新绛县县长张琼代表新绛县人民政府向大会作政府工作报告。",
    "全面贯彻落实党的二十大精神、二十届二中全会和中央经济工作会议精神，用好市委“五抓一促”经济工作主抓手。",
    "按照“一核两链四支撑”工作思路，推动“三品一标”“圳品”产品认证，推广应用“水肥一体”“一喷三防”等技术。",
    "抢抓绛州署景区成功创建国家4A级旅游景区机遇，推进白台寺—光村旅游公路二期等工程，统筹抓好牧原农牧养殖场三期改造。",
    "以严控PM2.5、PM10、CO为重点，强化“一指标一举措”，全面加强工业、扬尘、机动车、散煤、“三烧”等重点污染源监管防治。",
    "深入开展安全生产治本攻坚三年行动，切实保障人民生命财产安全放到第一位。",
    "新绛县人民医院“千县工程”县医院综合能力提升工作县医院名单，2023年初承诺的省、市、县民生实事全部兑现。",
    "全面开工“一泓清水入黄河”重点工程，进一步规范农村集体“三资”管理，滚动谋划实施一批重大产业项目。",
    "2024年，新绛县将全力办好5件民生实事。",
    "办好五件实事",
    "划分三大片区，按精品示范村、提档升级村、环境整治村三类村的标准，因地制宜、分类施策。",
    "全县地区生产总值完成XX亿元，同比增长X%。",
    "巩固和增强经济回升向好态势，全县综合实力排名全市第3位。",
    "坚持稳面积、增单产两手发力，全力稳定粮食播种面积和产量，保持正增长。",
    "推行一网通办、一站式服务，编制新一轮历史文化名城保护规划。",
    "",
    "。。。",
]

ALL = COUNTY + CITY_AND_BULLETIN + NEWS_AND_STYLES + TARGETS


@pytest.mark.parametrize("sentence, expected", ALL)
def test_rows(sentence, expected):
    assert rows(sentence) == expected


@pytest.mark.parametrize("sentence", NO_ROWS)
def test_no_rows(sentence):
    assert rows(sentence) == []


def test_every_hit_points_at_its_value_text():
    for sentence in [s for s, _ in ALL] + NO_ROWS:
        for h in indicators_from_sentence(sentence):
            assert sentence[h.start:h.end] == h.value_text


def test_target_rows_keep_qualifier_cue_and_year():
    hits = indicators_from_sentence(TARGETS[0][0])
    assert [(h.qualifier, h.target_cue, h.year) for h in hits] == [
        ("左右", True, 2024), ("以上", True, 2024), ("以内", True, 2024), ("左右", True, 2024)]
    assert [h.indicator_code for h in hits] == ["gdp", "general_budget_revenue", "surveyed_unemployment_rate", "cpi"]
    hits = indicators_from_sentence("全年固定资产投资增长10%以上，力争社会消费品零售总额增长7%。")
    assert [(h.qualifier, h.target_cue) for h in hits] == [("以上", True), ("力争", True)]
    hits = indicators_from_sentence("新增就业不低于3000人。")
    assert [(h.qualifier, h.target_cue) for h in hits] == [("不低于", True)]


def test_review_rows_have_no_target_cue_and_take_the_explicit_year():
    hits = indicators_from_sentence("2023年，全县地区生产总值完成184.1亿元，同比增长6%；城镇新增就业3880人。")
    assert [(h.target_cue, h.year, h.qualifier) for h in hits] == [(False, 2023, None)] * 3
    hits = indicators_from_sentence("今年全县地区生产总值完成184.1亿元，比2022年增长6%。")
    assert [h.year for h in hits] == [None, None]  # 今年 is not resolvable; 比2022年 is a base, not the year


def test_common_indicators_get_code_and_english_name():
    hits = indicators_from_sentence(COUNTY[0][0])
    assert [(h.indicator_code, h.indicator_en) for h in hits[:2]] == [
        ("gdp", "Gross regional product (GDP)"), ("gdp", "Gross regional product (GDP)")]
    assert hits[-1].indicator_code == "industry_value_added_above_size"
    assert [h.indicator_code for h in indicators_from_sentence(COUNTY[1][0])] == [
        "disposable_income_urban", "disposable_income_rural", "disposable_income_urban", "disposable_income_rural"]
    hits = indicators_from_sentence("城镇新增就业3880人，粮食播种面积66.43万亩，总产量达2.36亿公斤。")
    assert [h.indicator_code for h in hits] == ["new_urban_jobs", "grain_sown_area", "grain_output"]
    assert indicators_from_sentence("转移农村劳动力6359人。")[0].indicator_code == "rural_labour_transfer"
    assert indicators_from_sentence("新建村级卫生室12所。")[0].indicator_code is None


def test_a_share_is_not_coded_as_its_numerator():
    (hit,) = indicators_from_sentence("第三产业增加值占地区生产总值的比重为52.3%。")
    assert (hit.measure, hit.indicator_code) == ("share", None)


def test_hit_has_the_agreed_fields():
    (hit,) = indicators_from_sentence("惠及企业1.95万户次。")
    assert hit == IndicatorHit(start=4, end=11, value_text="1.95万户次", value=1.95, unit="万户次", value_std=19500.0,
                               unit_std="count", measure="level", indicator="惠及企业", indicator_code=None,
                               indicator_en=None, qualifier=None, target_cue=False, year=None)


def test_template_rows_are_reported_as_placeholders_not_indicators():
    sentence = "全县地区生产总值完成XX亿元，同比增长X%，20XX年力争达到XXX亿元。"
    assert indicators_from_sentence(sentence) == []
    assert template_placeholders(sentence) == ["XX亿元", "X%", "20XX年", "XXX亿元"]


@pytest.mark.parametrize("odd", [None, 42, b"bytes", "%", "亿元", "百分之", "，，，", "1" * 5000, "一" * 2000 + "个",
                                 "十十十个", "１．．５亿元", "\x00\ufeff12个", "XX" * 100])
def test_never_raises_on_odd_input(odd):
    assert isinstance(indicators_from_sentence(odd), list)


def test_never_raises_on_shuffled_report_text():
    rng = random.Random(7)
    alphabet = "".join(s for s, _ in ALL) + "".join(NO_ROWS)
    for _ in range(300):
        sentence = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        for h in indicators_from_sentence(sentence):
            assert sentence[h.start:h.end] == h.value_text


# --------------------------------------------------------------- wording seen in other regions' reports and bulletins
MORE_STYLES = [
    # 比上年末 / 较上年末 are comparisons (bulletins), never the name
    ("年末全市常住人口179.85万人，比上年末增加0.46万人。",
     [("179.85万人", 1_798_500, "count", "level", "常住人口"),
      ("0.46万人", 4600, "count", "change", "常住人口")]),
    ("年末各项存款余额5860.2亿元，较上年末增长11.2%。",
     [("5860.2亿元", 586_020_000_000, "CNY", "level", "各项存款余额"),
      ("11.2%", 11.2, "%", "growth_rate", "各项存款余额")]),
    # a share whose lead starts with 占 is the share of the subject before it
    ("其中税收收入230.5亿元，占一般公共预算收入的83.3%。",
     [("230.5亿元", 23_050_000_000, "CNY", "level", "税收收入"),
      ("83.3%", 83.3, "%", "share", "税收收入占一般公共预算收入")]),
    ("公共财政预算支出45.3亿元，其中民生支出36.2亿元，占79.9%。",
     [("45.3亿元", 4_530_000_000, "CNY", "level", "公共财政预算支出"),
      ("36.2亿元", 3_620_000_000, "CNY", "level", "民生支出"),
      ("79.9%", 79.9, "%", "share", "民生支出占比")]),
    ("制造业投资增长14.2%，占全部投资的比重达到31.5%。",
     [("14.2%", 14.2, "%", "growth_rate", "制造业投资"),
      ("31.5%", 31.5, "%", "share", "制造业投资占全部投资的比重")]),
    # 分别 lists written elliptically (第一、二、三产业) and with 和/、 between 城镇 and 农村
    ("其中第一、二、三产业增加值分别为15.2亿元、40.1亿元和65.2亿元。",
     [("15.2亿元", 1_520_000_000, "CNY", "level", "第一产业增加值"),
      ("40.1亿元", 4_010_000_000, "CNY", "level", "第二产业增加值"),
      ("65.2亿元", 6_520_000_000, "CNY", "level", "第三产业增加值")]),
    ("一、二、三产业增加值分别增长3.1%、5.2%、6.3%。",
     [("3.1%", 3.1, "%", "growth_rate", "一产业增加值"),
      ("5.2%", 5.2, "%", "growth_rate", "二产业增加值"),
      ("6.3%", 6.3, "%", "growth_rate", "三产业增加值")]),
    ("城镇和农村居民人均可支配收入分别为42000元和21000元。",
     [("42000元", 42000, "CNY", "level", "城镇居民人均可支配收入"),
      ("21000元", 21000, "CNY", "level", "农村居民人均可支配收入")]),
    ("城镇、农村居民人均可支配收入分别增长5.2%、7.1%。",
     [("5.2%", 5.2, "%", "growth_rate", "城镇居民人均可支配收入"),
      ("7.1%", 7.1, "%", "growth_rate", "农村居民人均可支配收入")]),
    # a range is one row (value the low bound; its high bound: test_a_range_is_one_row)
    ("地区生产总值增长5%—6%，单位地区生产总值能耗下降2%-3%。",
     [("5%—6%", 5, "%", "growth_rate", "地区生产总值"),
      ("2%-3%", -3, "%", "growth_rate", "单位地区生产总值能耗")]),
    ("一般公共预算收入增长6.5—7%，城镇新增就业5000至6000人。",
     [("6.5—7%", 6.5, "%", "growth_rate", "一般公共预算收入"),
      ("5000至6000人", 5000, "count", "level", "城镇新增就业")]),
    # a base year or a streak is not part of what is measured
    ("全市地区生产总值比2020年增长20.5%。", [("20.5%", 20.5, "%", "growth_rate", "地区生产总值")]),
    ("粮食产量连续5年稳定在100万吨以上。", [("100万吨", 1_000_000, "t", "level", "粮食产量")]),
    ("旅游总收入恢复到2019年的110%。", [("110%", 110, "%", "level", "旅游总收入")]),
    # a growth rate held at a level (涨幅控制在, 增速保持在) is still a growth rate
    ("居民消费价格涨幅控制在3%左右，城镇调查失业率控制在5.5%以内。",
     [("3%", 3, "%", "growth_rate", "居民消费价格"),
      ("5.5%", 5.5, "%", "share", "城镇调查失业率")]),
    # Chinese numerals, 倍 (no standard unit yet: not published), statistics units
    ("新建学校三所，改扩建幼儿园五所，新增学位一千二百个。",
     [("三所", 3, "count", "level", "新建学校"),
      ("五所", 5, "count", "level", "改扩建幼儿园"),
      ("一千二百个", 1200, "count", "level", "新增学位")]),
    ("规模以上工业综合能源消费量1520.4万吨标准煤，下降1.8%；全社会用电量386.5亿千瓦时。",
     [("1520.4万吨标准煤", 15_204_000, "t_ce", "level", "规模以上工业综合能源消费量"),
      ("1.8%", -1.8, "%", "growth_rate", "规模以上工业综合能源消费量"),
      ("386.5亿千瓦时", 38_650_000_000, "kWh", "level", "全社会用电量")]),
    # a start and an end point, each with its year: both are the subject's
    ("全省地区生产总值由2017年的3.2万亿元增加到2022年的4.8万亿元，年均增长6.5%。",
     [("3.2万亿元", 3_200_000_000_000, "CNY", "level", "地区生产总值"),
      ("4.8万亿元", 4_800_000_000_000, "CNY", "level", "地区生产总值"),
      ("6.5%", 6.5, "%", "growth_rate", "地区生产总值")]),
    # durations, when their subject names one
    ("全年空气质量优良天数达到300天，比上年增加12天；企业开办时间压缩至1个工作日以内。",
     [("300天", 300, "day", "level", "空气质量优良天数"),
      ("12天", 12, "day", "change", "空气质量优良天数"),
      ("1个工作日", 1, "day", "level", "企业开办时间")]),
    # multiples (倍): grown by, or relative to another figure
    ("进出口总额增长1.2倍，旅游接待人次达到上年的1.8倍，外贸出口增长两倍。",
     [("1.2倍", 1.2, "times", "growth_rate", "进出口总额"),
      ("1.8倍", 1.8, "times", "level", "旅游接待人次"),
      ("两倍", 2, "times", "growth_rate", "外贸出口")]),
    ("PM2.5平均浓度下降到32微克/立方米，优良天数比例达到82.5%。",
     [("32微克/立方米", 32, "ug/m3", "level", "PM2.5平均浓度"),
      ("82.5%", 82.5, "%", "share", "优良天数比例")]),
]

MORE_NO_ROWS = [
    "百强县排名第36位，较上年前移8位。",
    "一季度实现“开门红”，3月底前完成全部重点项目开工手续。",
    "全面落实中央一号文件精神，开通“110”“12345”热线联动机制。",
    "坚持“十四五”规划确定的方向，完成第十四个五年规划纲要确定的主要指标。",
    "以加倍努力实施居民收入倍增计划，做到事半功倍。",
    "实行3天内办结，连续30天无降水的旱情三天两头出现，7天无理由退货。",
]


@pytest.mark.parametrize("sentence, expected", MORE_STYLES)
def test_rows_in_other_styles(sentence, expected):
    assert rows(sentence) == expected


@pytest.mark.parametrize("sentence", MORE_NO_ROWS)
def test_no_rows_in_other_styles(sentence):
    assert rows(sentence) == []


def test_first_and_second_industry_lists_get_codes():
    hits = indicators_from_sentence(MORE_STYLES[5][0]) + indicators_from_sentence(MORE_STYLES[6][0])
    assert [h.indicator_code for h in hits] == ["value_added_primary", "value_added_secondary", "value_added_tertiary"] * 2


def test_a_base_year_does_not_govern_the_number():
    assert [h.year for h in indicators_from_sentence("旅游总收入恢复到2019年的110%。")] == [None]
    assert [h.year for h in indicators_from_sentence("2023年，旅游总收入恢复到2019年的110%。")] == [2023]
    # 由2020年的55%: 55% is 2020's figure, the 60% it rose to is not
    assert [(h.value, h.year) for h in indicators_from_sentence("城镇化率由2020年的55%提高到60%。")] == [
        (55, 2020), (60, None)]


def test_cuts_in_spending_are_negative_growth_rates():
    (hit,) = indicators_from_sentence("坚持过紧日子，一般性支出压减5%以上。")
    assert (hit.indicator, hit.measure, hit.value, hit.value_std, hit.qualifier) == ("一般性支出", "growth_rate", -5.0, -5.0, "以上")


def test_session_ordinals_without_di_are_not_counts():
    assert indicators_from_sentence("较好完成了县十八届人大二次会议确定的目标任务。") == []
    assert [h.value_text for h in indicators_from_sentence("召开政府常务会议26次。")] == ["26次"]


def test_a_start_point_year_belongs_to_its_number():
    hits = indicators_from_sentence("全市地区生产总值由2015年的2089.7亿元增加到3267.2亿元，年均增长6.8%。")
    assert [(h.value_text, h.indicator, h.measure, h.year, h.year_is_start) for h in hits] == [
        ("2089.7亿元", "地区生产总值", "level", 2015, True),
        ("3267.2亿元", "地区生产总值", "level", None, False),
        ("6.8%", "地区生产总值", "growth_rate", None, False),
    ]


def test_verbs_of_reaching_a_level_are_not_names():
    assert rows("地区生产总值从2016年的1216.4亿元跃升至1600亿元左右，年均增长7.9%。") == [
        ("1216.4亿元", 121_640_000_000, "CNY", "level", "地区生产总值"),
        ("1600亿元", 160_000_000_000, "CNY", "level", "地区生产总值"),
        ("7.9%", 7.9, "%", "growth_rate", "地区生产总值"),
    ]
    assert rows("一般公共预算收入408.7亿元，同口径增长4.3%。") == [
        ("408.7亿元", 40_870_000_000, "CNY", "level", "一般公共预算收入"),
        ("4.3%", 4.3, "%", "growth_rate", "一般公共预算收入"),
    ]


def test_a_proportion_is_a_share():
    assert rows("空气质量优良天数比例达到89.6%，提高2.3个百分点。") == [
        ("89.6%", 89.6, "%", "share", "空气质量优良天数比例"),
        ("2.3个百分点", 2.3, "pp", "change", "空气质量优良天数比例"),
    ]


def test_how_many_an_action_reached_is_named_by_the_action():
    assert rows("为城乡困难群众发放取暖补贴，惠及8.6万户。") == [
        ("8.6万户", 86_000, "count", "level", "城乡困难群众发放取暖补贴惠及")]
    assert rows("改造老旧小区178个、惠及居民2.1万户。")[1] == ("2.1万户", 21_000, "count", "level", "惠及居民")


def test_the_review_period_opening_a_lead_is_not_part_of_the_name():
    assert rows("五年累计新增城镇就业35.2万人。") == [("35.2万人", 352_000, "count", "level", "新增城镇就业")]
    assert rows("“十三五”期间累计完成固定资产投资1.2万亿元。") == [
        ("1.2万亿元", 1_200_000_000_000, "CNY", "level", "固定资产投资")]


# --------------------------------------------------------------- templates, ASCII lists, flattened tables
def test_a_template_blank_holds_its_place_in_a_list_but_is_never_a_row():
    sentence = "城乡居民人均可支配收入分别达到××元和35600元，分别增长×.×%和6.5%。"
    assert rows(sentence) == [
        ("35600元", 35600, "CNY", "level", "农村居民人均可支配收入"),
        ("6.5%", 6.5, "%", "growth_rate", "农村居民人均可支配收入"),
    ]


def test_a_list_of_rates_after_two_members_crosses_an_ascii_comma():
    sentence = "城镇和农村居民人均可支配收入分别达到81,236元和50,568元,分别增长4.8%,6.9%."
    assert [(r[0], r[3], r[4]) for r in rows(sentence)] == [
        ("81,236元", "level", "城镇居民人均可支配收入"),
        ("50,568元", "level", "农村居民人均可支配收入"),
        ("4.8%", "growth_rate", "城镇居民人均可支配收入"),
        ("6.9%", "growth_rate", "农村居民人均可支配收入"),
    ]


def test_a_table_row_measures_its_bare_percentage_as_its_column_says():
    header = ["产品名称", "产量", "比上年增长"]
    assert [(h.value_text, h.value_std, h.measure, h.indicator)
            for h in indicators_from_sentence("粮食\t52.6万吨\t-1.2%", columns=header)] == [
        ("52.6万吨", 526_000, "level", "粮食"), ("-1.2%", -1.2, "growth_rate", "粮食")]
    shares = ["行业", "增加值", "占比"]
    assert [h.measure for h in indicators_from_sentence("制造业  812.4亿元  38.5%", columns=shares)] == ["level", "share"]


def test_a_table_row_without_a_header_reads_the_percentage_beside_an_amount_as_growth():
    assert [(h.value_text, h.measure, h.indicator) for h in indicators_from_sentence("发电量  268.4亿千瓦时  7.4%")] == [
        ("268.4亿千瓦时", "level", "发电量"), ("7.4%", "growth_rate", "发电量")]


def test_table_header_and_cells():
    from flows.extract.indicators import table_cells, table_header
    assert table_header("产品名称\t产量\t比上年增长(%)") == ["产品名称", "产量", "比上年增长(%)"]
    assert table_header("粮食\t52.6万吨\t-1.2%") is None
    assert table_cells("粮食  52.6万吨  -1.2%") == ["粮食", "52.6万吨", "-1.2%"]
    assert table_cells("全年粮食总产量52.6万吨，下降1.2%。") == []


def test_a_table_row_takes_its_unit_from_the_unit_column_or_the_header():
    header = ["产品名称", "单位", "产量", "比上年增长(%)"]
    assert [(h.value_text, h.value_std, h.unit_std, h.measure, h.indicator)
            for h in indicators_from_sentence("发电量  亿千瓦时  86.3  7.1", columns=header)] == [
        ("86.3", 8_630_000_000, "kWh", "level", "发电量"), ("7.1", 7.1, "%", "growth_rate", "发电量")]
    in_header = ["指标", "产量(万吨)", "比上年增长（%）"]
    assert [(h.value_text, h.value_std, h.unit_std, h.measure)
            for h in indicators_from_sentence("粮食  52.6  -1.2", columns=in_header)] == [
        ("52.6", 526_000, "t", "level"), ("-1.2", -1.2, "%", "growth_rate")]
    # no unit anywhere: a bare number says nothing
    assert indicators_from_sentence("粮食  52.6  -1.2", columns=["指标", "产量", "增长"]) == []
    assert indicators_from_sentence("粮食  件套  52.6", columns=header[:3]) == []


# --------------------------------------------------------------- ranges, codes, shares, periods (issue 11)
@pytest.mark.parametrize("sentence, expected", [
    # a range is one row: value the low bound, value_high the high one, value_text the whole range
    ("主要预期目标是：地区生产总值增长4.5%—5%，在实际工作中全力争取更好结果。",
     [("4.5%—5%", 4.5, 5, "地区生产总值", "gdp", None)]),
    ("主要预期目标是：地区生产总值增长4.5-5%，粮食产量1600亿斤以上。",
     [("4.5-5%", 4.5, 5, "地区生产总值", "gdp", None), ("1600亿斤", 1600, None, "粮食产量", "grain_output", "以上")]),
    ("全省生产总值增长5％-5.5％，城镇调查失业率5％以内。",
     [("5％-5.5％", 5, 5.5, "生产总值", "gdp", None), ("5％", 5, None, "城镇调查失业率", "surveyed_unemployment_rate", "以内")]),
    ("规模以上工业增加值增长6%～7%左右。",
     [("6%～7%", 6, 7, "规模以上工业增加值", "industry_value_added_above_size", "左右")]),
    ("城镇新增就业5万至6万人。", [("5万至6万人", 5, 6, "城镇新增就业", "new_urban_jobs", None)]),
    ("城镇新增就业5至6万人。", [("5至6万人", 5, 6, "城镇新增就业", "new_urban_jobs", None)]),
    # 经济增长 is GDP growth, named by its standard name; 海洋生产总值 is not GDP
    ("主要预期目标是：经济增长5.5%左右，在实际工作中努力争取更好结果。",
     [("5.5%", 5.5, None, "地区生产总值", "gdp", "左右")]),
    ("力争海洋生产总值增长6%左右。", [("6%", 6, None, "海洋生产总值", None, "左右")]),
    # the decline governs only its own figure: CO2 per unit of GDP falls, GDP does not
    ("单位地区生产总值二氧化碳排放降低3.8%左右，地区生产总值增长5%。",
     [("3.8%", -3.8, None, "单位地区生产总值二氧化碳排放", "co2_intensity", "左右"),
      ("5%", 5, None, "地区生产总值", "gdp", None)]),
    ("单位生产总值能耗下降3%。", [("3%", -3, None, "单位生产总值能耗", "energy_intensity", None)]),
])
def test_ranges_codes_and_declines(sentence, expected):
    got = [(h.value_text, h.value, h.value_high, h.indicator, h.indicator_code, h.qualifier)
           for h in indicators_from_sentence(sentence)]
    assert got == expected


def test_a_declining_range_runs_from_its_larger_fall_to_its_smaller_one():
    [hit] = indicators_from_sentence("单位地区生产总值能耗下降2%-3%。")
    assert (hit.value_text, hit.value, hit.value_high, hit.value_std, hit.value_std_high) == ("2%-3%", -3, -2, -3, -2)


@pytest.mark.parametrize("sentence, expected", [
    ("城镇调查失业率5.5%左右，研发投入强度达到3.42%，森林覆盖率25.2%。",
     [("5.5%", "share", "surveyed_unemployment_rate"), ("3.42%", "share", "rd_intensity"),
      ("25.2%", "share", "forest_coverage")]),
    ("常住人口城镇化率由60.1%提高到61.5%，民生支出占一般公共预算支出比重达到75%。",
     [("60.1%", "share", "urbanization_rate"), ("61.5%", "share", "urbanization_rate"),
      ("75%", "share", None)]),
    # a share of GDP is not GDP
    ("全社会研发经费支出相当于全市生产总值的比例达到4.6%左右。", [("4.6%", "share", "rd_intensity")]),
])
def test_proportions_are_shares(sentence, expected):
    assert [(h.value_text, h.measure, h.indicator_code) for h in indicators_from_sentence(sentence)] == expected


def test_a_name_that_names_nothing_is_left_out_or_takes_the_subject_before_it():
    dropped = []
    hits = indicators_from_sentence("地区生产总值增长5.6%，高于全国0.6个百分点。", dropped=dropped)
    assert [(h.value_text, h.indicator) for h in hits] == [("5.6%", "地区生产总值"), ("0.6个百分点", "地区生产总值")]
    hits = indicators_from_sentence("居民人均可支配收入增长5.8%，高出全国平均水平0.8个百分点。", dropped=dropped)
    assert [h.indicator for h in hits] == ["居民人均可支配收入", "居民人均可支配收入"]
    hits = indicators_from_sentence("全省共有82个县。", dropped=dropped)
    assert hits == [] and [(h.value_text, h.indicator) for h in dropped] == [("82个", "县")]


@pytest.mark.parametrize("sentence, expected", [
    ("“十四五”时期，地区生产总值年均增长5.5%，累计完成固定资产投资12.5万亿元。",
     [("5.5%", "annual_average", None), ("12.5万亿元", "cumulative", None)]),
    ("PM2.5年均浓度下降到28微克/立方米。", [("28微克/立方米", "annual", "to")]),
    ("人均地区生产总值从8.1万元提高到10.3万元。", [("8.1万元", "annual", "from"), ("10.3万元", "annual", "to")]),
])
def test_annual_averages_cumulative_totals_and_start_and_end_points(sentence, expected):
    assert [(h.value_text, h.aggregation, h.point) for h in indicators_from_sentence(sentence)] == expected


def test_codes_match_the_whole_subject_the_measure_and_the_kind_of_unit():
    from flows.extract.codes import code_for
    assert code_for("全省生产总值", "growth_rate") == "gdp"
    assert code_for("海洋生产总值", "growth_rate") is None
    assert code_for("单位地区生产总值二氧化碳排放", "growth_rate") == "co2_intensity"
    assert code_for("城镇调查失业率", "level") is None  # a rate is a share, never a level
    assert code_for("粮食", "level", "t") == "grain_output"
    assert code_for("粮食", "level", "mu") is None  # an area is not an output


# --------------------------------------------------------------- one row per fact, in a whole report
PROVINCE_2026 = """2026年河南省政府工作报告
——2026年1月20日在河南省第十四届人民代表大会第四次会议上
河南省省长 王凯
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2025年工作回顾
过去一年，全省生产总值增长5.3%，城镇调查失业率5.2%。
“十四五”时期，全省生产总值年均增长5.5%，累计完成固定资产投资12.5万亿元，常住人口城镇化率从56.5%提高到60.1%。
二、“十五五”时期主要目标任务
“十五五”时期经济社会发展的主要目标是：地区生产总值年均增长5%左右。到2030年，研发投入强度达到2.5%。
三、2026年工作安排
今年经济社会发展的主要预期目标是：经济增长5%—5.5%，城镇调查失业率5.5%左右，单位地区生产总值二氧化碳排放下降3.8%左右。
（一）扩大有效需求。确保经济增长5%—5.5%，力争海洋生产总值增长6%左右。
"""


def test_a_report_gives_one_row_per_fact_with_its_period_span_and_main_targets():
    from flows.report.report import parse_report
    parsed = parse_report(source_file="2026_河南省.txt", data=PROVINCE_2026.encode("utf-8"))
    rows = parsed.rows["indicators"]
    got = [(r["value_text"], r["indicator_code"], r["kind"], r["period"], r["period_start"], r["period_end"],
            r["aggregation"], r["is_main_target"], r["n_mentions"]) for r in rows]
    assert got == [
        ("5.3%", "gdp", "actual", 2025, None, None, "annual", False, 1),
        ("5.2%", "surveyed_unemployment_rate", "actual", 2025, None, None, "annual", False, 1),
        # averages and totals over several years are no one year's figure: no period, their span
        ("5.5%", "gdp", "actual", None, 2021, 2025, "annual_average", False, 1),
        ("12.5万亿元", "fixed_asset_investment", "actual", None, 2021, 2025, "cumulative", False, 1),
        ("56.5%", "urbanization_rate", "actual", 2020, None, None, "annual", False, 1),  # the span's start point
        ("60.1%", "urbanization_rate", "actual", 2025, None, None, "annual", False, 1),
        ("5%", "gdp", "target", None, 2026, 2030, "annual_average", False, 1),  # a five-year goal
        ("2.5%", "rd_intensity", "target", 2030, 2026, 2030, "annual", False, 1),  # a level to reach in 2030
        ("5%—5.5%", "gdp", "target", 2026, None, None, "annual", True, 2),  # restated later: one row
        ("5.5%", "surveyed_unemployment_rate", "target", 2026, None, None, "annual", True, 1),
        ("3.8%", "co2_intensity", "target", 2026, None, None, "annual", True, 1),
        ("6%", None, "target", 2026, None, None, "annual", False, 1),
    ]
    text = PROVINCE_2026
    gdp = rows[8]
    start, end = (int(x) for x in gdp["other_offsets"].split(":"))
    assert text[gdp["char_start"]:gdp["char_end"]] == text[start:end] == "5%—5.5%" and start > gdp["char_start"]
    assert (gdp["value_std"], gdp["value_std_high"], gdp["qualifier"]) == (5, 5.5, None)
    # the journalist's query has exactly one answer
    headline = [r for r in rows if r["indicator_code"] == "gdp" and r["measure"] == "growth_rate"
                and r["kind"] == "target" and r["period"] == 2026]
    assert len(headline) == 1
    assert parsed.quality["indicators_restated"] == 1


COUNTY_2024 = """2024年新绛县人民政府工作报告
——2024年2月27日在新绛县第十七届人民代表大会第四次会议上
各位代表：
一、2023年工作回顾
全县地区生产总值完成184.1亿元，同比增长6%。
二、2024年工作安排
今年全县经济社会发展的主要预期目标是：
1. 地区生产总值增长6%左右；
2. 一般公共预算收入增长5%以上；
3. 城镇调查失业率控制在5.5%以内。
为实现上述目标，重点抓好以下工作：
（一）主要预期目标
规模以上工业增加值增长8%。
（二）坚定做强新型工业
新增规上工业企业10家。
"""


def test_main_targets_listed_under_their_intro_or_their_heading():
    from flows.report.report import parse_report
    rows = parse_report(source_file="2024_新绛县.txt", data=COUNTY_2024.encode("utf-8")).rows["indicators"]
    assert [(r["value_text"], r["kind"], r["is_main_target"]) for r in rows] == [
        ("184.1亿元", "actual", False), ("6%", "actual", False),
        ("6%", "target", True), ("5%", "target", True), ("5.5%", "target", True),  # the numbered list
        ("8%", "target", True),  # under the heading （一）主要预期目标
        ("10家", "target", False)]
