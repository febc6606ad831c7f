"""numbers.find_quantities: numeric spans with units, and what is never a quantity."""
import pytest

from flows.extract.numbers import find_quantities, normalize, template_placeholders


def spans(text):
    return [(q.text, q.value, q.unit, q.value_std, q.unit_std) for q in find_quantities(text)]


@pytest.mark.parametrize("text, expected", [
    # decimals, multipliers, currency -> CNY
    ("地区生产总值完成184.1亿元", [("184.1亿元", 184.1, "亿元", 18_410_000_000, "CNY")]),
    ("节约医疗成本2093万元", [("2093万元", 2093, "万元", 20_930_000, "CNY")]),
    # thousands separators (ASCII only: the Chinese comma is a clause break)
    ("城镇居民人均可支配收入39,641元", [("39,641元", 39641, "元", 39641, "CNY")]),
    ("全市实现地区生产总值1,234.56亿元", [("1,234.56亿元", 1234.56, "亿元", 123_456_000_000, "CNY")]),
    # full-width digits and punctuation: value_text is the text as written
    ("地区生产总值１８４．１亿元，增长６％", [("１８４．１亿元", 184.1, "亿元", 18_410_000_000, "CNY"),
                                   ("６％", 6, "%", 6, "%")]),
    # Chinese numerals in quantities
    ("新签约项目十一个", [("十一个", 11, "个", 11, "count")]),
    ("到位资金两千三百万元", [("两千三百万元", 2300, "万元", 23_000_000, "CNY")]),
    ("提高百分之五", [("百分之五", 5, "%", 5, "%")]),
    # counted things with 万 resolved
    ("惠及企业1.95万户次", [("1.95万户次", 1.95, "万户次", 19500, "count")]),
    ("接待游客520万人次", [("520万人次", 520, "万人次", 5_200_000, "count")]),
    # area, mass, length, energy
    ("建成3.6万亩高标准农田", [("3.6万亩", 3.6, "万亩", 36000, "mu")]),
    ("新增城市绿地12公顷", [("12公顷", 12, "公顷", 12, "ha")]),
    ("总产量达2.36亿公斤", [("2.36亿公斤", 2.36, "亿公斤", 236000, "t")]),
    ("蔬菜64万吨、中药材8177.5吨", [("64万吨", 64, "万吨", 640000, "t"), ("8177.5吨", 8177.5, "吨", 8177.5, "t")]),
    ("新改建农村公路120公里", [("120公里", 120, "公里", 120, "km")]),
    ("全年发电量12.3亿千瓦时", [("12.3亿千瓦时", 12.3, "亿千瓦时", 1_230_000_000, "kWh")]),
    ("装机容量达到50万千瓦", [("50万千瓦", 50, "万千瓦", 500_000, "kW")]),
    ("修建道路3千米", [("3千米", 3, "千米", 3, "km")]),
    # percent, percentage points, per mille
    ("下降0.3个百分点", [("0.3个百分点", 0.3, "个百分点", 0.3, "pp")]),
    ("人口自然增长率2.1‰", [("2.1‰", 2.1, "‰", 2.1, "‰")]),
    # approximations written inside the span
    ("培育200余家企业", [("200余家", 200, "家", 200, "count")]),
    ("吸纳就业3万余人", [("3万余人", 3, "万人", 30000, "count")]),
    # ASCII prose, a space between number and unit
    ("GDP reached 184.1 亿元, up 6%", [("184.1 亿元", 184.1, "亿元", 18_410_000_000, "CNY"),
                                      ("6%", 6, "%", 6, "%")]),
    ("增长-3%", [("-3%", -3, "%", -3, "%")]),
    ("增长5%—6%", [("5%—6%", 5, "%", 5, "%")]),
])
def test_quantities(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text", [
    "2023年，全县", "2月26日至29日", "2024年初承诺", "第十七届人民代表大会第四次会议", "党的二十大和二十届二中全会",
    "用好“五抓一促”经济工作主抓手", "一核两链四支撑", "推动“三品一标”认证", "推广“一喷三防”技术", "强化“一指标一举措”",
    "“三烧”", "规范“三资”管理", "“六有标准”服务网点", "四上企业", "千县工程", "治本攻坚三年行动", "一泓清水入黄河",
    "国家4A级旅游景区", "5A级景区", "旅游公路二期", "养殖场三期", "严控PM2.5、PM10、CO", "1.对城乡公交", "（一）加快", "①新建",
    "全县地区生产总值完成XX亿元", "同比增长X%", "20XX年", "XXX县", "抓好一批重点项目", "新一轮", "一体化", "一站式服务",
    "一网通办", "一张蓝图绘到底", "一次性告知", "全市排名第3位", "位居全市前3名", "千家万户", "万亩良田", "全面落实“两个确立”",
    "做到两个维护", "推动三次产业融合", "中央八项规定精神", "全力办好5件民生实事", "办好五件实事", "常住人口3万人口", "前3个季度",
    "三大片区", "三类村", "进一步", "24小时", "5G网络", "12345热线", "",
])
def test_not_quantities(text):
    assert spans(text) == []


def test_normalize_keeps_length_and_maps_full_width():
    text = "１８４．１亿元，增长６％；ＧＤＰ：ｘｘ"
    assert len(normalize(text)) == len(text)
    assert normalize(text) == "184.1亿元，增长6%;GDP:xx"


@pytest.mark.parametrize("text, expected", [
    ("全县地区生产总值完成XX亿元，同比增长X%", ["XX亿元", "X%"]),
    ("20XX年，支持企业xx家，新增就业XXX人", ["20XX年", "xx家", "XXX人"]),
    ("XX县XX镇", ["XX", "XX"]),
    ("增长Ｘ．Ｘ％", ["Ｘ．Ｘ％"]),
    ("地区生产总值完成184.1亿元", []),
    ("开展X光检查，PM2.5浓度下降", []),
])
def test_template_placeholders(text, expected):
    assert template_placeholders(text) == expected


def test_offsets_point_into_the_original_text():
    text = "２０２３年，GDP １８４．１ 亿元，增长百分之六，净增1,388户"
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("text, expected", [
    # 百分之 with a decimal Chinese numeral reads to its end, not to the first character that parses
    ("规上工业总产值增长百分之十二点五", [("百分之十二点五", 12.5, "%", 12.5, "%")]),
    # pastoral areas count livestock in 头只 (head of cattle and sheep together)
    ("牧业年度牲畜存栏186.5万头只", [("186.5万头只", 186.5, "万头只", 1_865_000, "count")]),
    # a range is one quantity from its low to its high bound (the bare low bound takes the unit
    # of the high one); value is the low bound, see test_ranges for the high one
    ("地区生产总值增长5-6%", [("5-6%", 5, "%", 5, "%")]),
    ("一般公共预算收入增长6.5—7%", [("6.5—7%", 6.5, "%", 6.5, "%")]),
    ("新增就业5至6万人", [("5至6万人", 5, "万人", 50_000, "count")]),
    ("增长5%—6%", [("5%—6%", 5, "%", 5, "%")]),
])
def test_more_quantities(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize("text", [
    "较上年前移8位", "排名上升5个位次", "综合实力排名提升3位", "位居全国第3-5名", "排在第3至5位",
    "2023-2025年", "1—11月", "30分钟生活圈", "一季度", "3月底前", "中央1号文件", "110报警", "两会", "六稳六保",
    "“十四五”规划", "第十四个五年规划", "新冠疫情", "京津冀协同发展", "全省第一", "“5+1”产业",
])
def test_more_not_quantities(text):
    assert spans(text) == []


@pytest.mark.parametrize("text, expected", [
    # an amount that classifies projects, firms or villages is a threshold, not a fact
    ("新签约亿元以上项目152个，其中10亿元以上项目23个", ["152个", "23个"]),
    ("投资50亿元以上项目不少于3个", ["3个"]),
    ("年经营性收入10万元以上的村达到90%", ["90%"]),
    ("引进百亿元级项目3个、十亿元级项目21个", ["3个", "21个"]),
    ("营业收入超10亿元企业达到5家", ["5家"]),
    # ... while an amount closing its clause is one
    ("完成年度投资1200亿元以上。", ["1200亿元"]),
    ("实际利用外资3.2亿美元，引进项目11个", ["3.2亿美元", "11个"]),
    # 两位数 counts digits
    ("规上工业增加值增速连续保持两位数", []),
    # 份 counts copies and samples
    ("日检测能力提升到3.2万份", ["3.2万份"]),
])
def test_thresholds_digit_counts_and_copies(text, expected):
    assert [q.text for q in find_quantities(text)] == expected


@pytest.mark.parametrize("text", ["完成投资〇〇亿元", "新改建农村公路○○公里", "增长×.×%", "新增规上企业×家"])
def test_template_blanks_are_never_quantities(text):
    assert spans(text) == []


def test_template_blanks_come_back_flagged_only_when_asked():
    from flows.extract.numbers import quantities_in
    text = "分别达到××元和35600元"
    assert [(q.text, q.placeholder) for q in quantities_in(text, normalize(text), placeholders=True)] == [
        ("××元", True), ("35600元", False)]
    assert [q.text for q in quantities_in(text, normalize(text))] == ["35600元"]


def test_what_a_news_piece_counts_about_itself_is_not_a_quantity():
    assert spans("记者梳理出报告中的六个关键词") == []
    assert spans("报告有十个亮点") == []


@pytest.mark.parametrize("text, expected", [
    ("地区生产总值增长4.5%—5%", [("4.5%—5%", 4.5, 5, 4.5, 5)]),
    ("地区生产总值增长4.5-5%，在实际工作中争取更好结果", [("4.5-5%", 4.5, 5, 4.5, 5)]),
    ("全省生产总值增长５％-５.５％", [("５％-５.５％", 5, 5.5, 5, 5.5)]),
    ("增长5%～6%", [("5%～6%", 5, 6, 5, 6)]),
    ("新增就业5至6万人", [("5至6万人", 5, 6, 50_000, 60_000)]),
    ("增长5%——6%", [("5%——6%", 5, 6, 5, 6)]),
    # not ranges: a start and an end point, a list, a year before an amount, bounds out of order
    ("人均地区生产总值从8万元提高到10万元", [("8万元", 8, None, 80_000, None), ("10万元", 10, None, 100_000, None)]),
    ("收入由5%到6%", [("5%", 5, None, 5, None), ("6%", 6, None, 6, None)]),
    ("分别增长5%、6%", [("5%", 5, None, 5, None), ("6%", 6, None, 6, None)]),
    ("增长6%—5%", [("6%", 6, None, 6, None), ("5%", 5, None, 5, None)]),
])
def test_ranges(text, expected):
    assert [(q.text, q.value, q.value_high, q.value_std, q.value_std_high) for q in find_quantities(text)] == expected
