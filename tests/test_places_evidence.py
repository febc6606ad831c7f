"""Evidence that a unit's short form names the unit (flows/places/evidence.py): ordinary words,
institutions, brands and features named after places, longer names, the report's year, lists
of the home region's units. Sentences written in the styles of provincial and city reports."""
from collections import Counter

from flows.places import gazetteer
from flows.places.places import places_in_text

GUANGXI, LIAONING, HENAN, SHANDONG = "450000", "210000", "410000", "370000"
BEIJING, SICHUAN, GANSU, HEILONGJIANG = "110000", "510000", "620000", "230000"
SHANGHAI, HUNAN, GUANGDONG, GUANGZHOU, SHAANXI = "310000", "430000", "440000", "440100", "610000"


def run(text, home, *, year=None):
    rejected = Counter()
    hits = places_in_text(text, home_adcode=home, rejected=rejected, year=year)
    for h in hits:
        assert text[h.start:h.end] == h.surface
    return [(h.surface, h.name, h.place_type, h.adcode) for h in hits], dict(rejected)


# 1. ordinary words that are also a unit's short form -------------------------------------------

def test_ordinary_words_are_not_units_without_evidence():
    # 资源县 and 港口区 are Guangxi's; a province's report uses both words as words
    assert run("加快资源型经济转型，推进资源节约集约利用，全区港口吞吐量增长8%。", GUANGXI) == (
        [], {"ordinary_word": 3})
    # 振兴区 (丹东) and 宏伟区 (辽阳): the same words in a Liaoning report, and the full names
    assert run("奋力推进全面振兴，绘就宏伟蓝图，振兴区、宏伟区加快发展。", LIAONING) == (
        [("振兴区", "振兴区", "district", "210603"), ("宏伟区", "宏伟区", "district", "211004")],
        {"ordinary_word": 2})
    assert run("支持中国人民解放军和武警部队建设。", HENAN) == ([], {"ordinary_word": 1})  # 解放区 (焦作)
    hits, rejected = run("坚决纠治文山会海。", SICHUAN)  # 文山州 is Yunnan's
    assert hits == [] and rejected["ordinary_word"] == 1


def test_a_word_running_past_the_name_wins_and_a_festival_is_no_city():
    hits, rejected = run("坚持惠民生、暖民心。", SHANDONG)  # 惠民县 (滨州): 惠 / 民生
    assert hits == [] and rejected == {"ordinary_word": 1}
    assert run("办好自治区成立70周年大庆活动。", GUANGXI) == ([], {"ordinary_word": 1})
    assert run("大庆油田原油稳产，大庆、齐齐哈尔加快转型。", HEILONGJIANG)[0] == [
        ("大庆", "大庆市", "prefecture", "230600"), ("大庆", "大庆市", "prefecture", "230600"),
        ("齐齐哈尔", "齐齐哈尔市", "prefecture", "230200")]


def test_a_municipalitys_district_named_bare_needs_a_place_context():
    assert run("在全市大兴调查研究之风。", BEIJING) == ([], {"ordinary_word": 1})
    assert run("支持大兴、通州两区协同发展。", BEIJING)[0] == [
        ("大兴", "大兴区", "district", "110115"), ("通州", "通州区", "district", "110112")]


def test_a_city_that_jieba_tags_as_a_word_still_counts_where_a_place_fits():
    # jieba tags 平凉 as an adjective: after a verb or at the start of a clause it is the city
    hits, _ = run("支持平凉建设区域中心城市。平凉获批国家森林城市。", GANSU)
    assert hits == [("平凉", "平凉市", "prefecture", "620800")] * 2


def test_very_common_words_count_in_a_list_of_units_only():
    # 日照 (日照时数) and 白云 (蓝天白云) are listed in short_form_stoplist.csv: no longer banned,
    # they need a list, a count of units or a scope
    assert run("日照、临沂港口群协同发展，日照时数增加。", SHANDONG)[0] == [
        ("日照", "日照市", "prefecture", "371100"), ("临沂", "临沂市", "prefecture", "371300")]
    assert run("白云、天河两区协同发展，守护蓝天白云。", GUANGZHOU)[0] == [
        ("白云", "白云区", "district", "440111"), ("天河", "天河区", "district", "440106")]
    assert run("资源、灌阳两县入选国家生态文明建设示范区。", GUANGXI)[0] == [
        ("资源", "资源县", "county", "450329"), ("灌阳", "灌阳县", "county", "450327")]


# 2. institutions, companies, brands and features ------------------------------------------------

def test_institutions_and_companies_named_after_a_place_are_not_mentions_of_it():
    text = "支持西安交通大学、浙江大学在我省设立研究院，上海市第一人民医院酒泉医院建成投运。"
    assert run(text, GANSU) == ([], {"institution": 4})
    assert run("哈尔滨电气集团营业收入增长12%。", HEILONGJIANG) == ([], {"institution": 1})
    assert run("开工建设平凉机场。", GANSU) == ([], {"institution": 1})
    assert run("支持西湖大学建设。", "330000") == ([], {"institution": 1})  # not the lake
    # a plan is no institution's name, and a university town is the district's
    assert run("支持平凉建设医院。", GANSU)[0] == [("平凉", "平凉市", "prefecture", "620800")]
    assert run("加快松江大学城科创源建设。", SHANGHAI)[0] == [("松江", "松江区", "district", "310117")]


def test_a_brand_in_quotes_is_not_the_district_but_a_slogan_names_the_province():
    assert run("做大“金芙蓉”投资基金，芙蓉区加快发展。", HUNAN) == (
        [("芙蓉区", "芙蓉区", "district", "430102")], {"brand_or_organization": 1})
    assert run("打响“投资河北”品牌。", "130000")[0] == [("河北", "河北省", "province", "130000")]


def test_a_national_park_is_a_park():
    assert run("创建若尔盖国家公园。", SICHUAN)[0] == [("若尔盖国家公园", "若尔盖国家公园", "park", None)]


# 3. a name inside a longer name ------------------------------------------------------------------

def test_a_bay_named_after_another_provinces_city_is_not_that_city():
    assert run("推动大亚湾与钦州湾产业合作，深化与钦州合作。", GUANGDONG) == (
        [("钦州", "钦州市", "prefecture", "450700")], {"inside_longer_name": 1})


# 4. the division table of the report's year --------------------------------------------------------

def test_units_as_they_were_in_the_reports_year():
    assert gazetteer.find("神木", year=2016).adcode == "610821"  # 神木县 until 2017
    assert gazetteer.find("神木", year=2026).adcode == "610881"  # 神木市
    assert gazetteer.find("和安县", year=2016) is None  # created in 2024
    assert gazetteer.find("和安县", year=2025).adcode == "653229"
    # a unit that kept its name under a new code: 公主岭市 moved from 四平 to 长春 in 2020
    assert (gazetteer.find("公主岭", year=2016).adcode, gazetteer.find("公主岭", year=2026).adcode) == (
        "220381", "220184")
    text = "推进神木、府谷能源基地建设。"
    assert run(text, SHAANXI, year=2016)[0] == [
        ("神木", "神木县", "county", "610821"), ("府谷", "府谷县", "county", "610822")]
    assert run(text, SHAANXI, year=2026)[0][0] == ("神木", "神木市", "county", "610881")


def test_a_road_or_a_water_project_named_after_a_city_is_not_the_city():
    assert run("推进成都道、南京道街区改造，深化与成都合作。", "120000") == (
        [("成都", "成都市", "prefecture", "510100")], {"inside_longer_name": 2})
    assert run("加快成都道路建设。", SICHUAN)[0] == [("成都", "成都市", "prefecture", "510100")]
    assert run("实施引黄济宁工程。", "640000") == ([], {"inside_longer_name": 1})


# 5. the report's own region first: short forms in lists ----------------------------------------------

def test_common_words_in_a_list_of_a_municipalitys_districts():
    # 和平 and 河西 are very common words; the list reaches a district that is none (南开)
    assert run("和平、河西、南开协同推进老城更新。", "120000")[0] == [
        ("和平", "和平区", "district", "120101"), ("河西", "河西区", "district", "120103"),
        ("南开", "南开区", "district", "120104")]
    assert run("河东、河西走廊协同发展。", GANSU)[0] == []


def test_an_autonomous_county_for_all_nationalities_has_its_short_form():
    assert gazetteer.by_name()["龙胜各族自治县"][0].short == "龙胜"
    assert run("资源、龙胜两县入选国家生态文明建设示范区。", GUANGXI)[0] == [
        ("资源", "资源县", "county", "450329"), ("龙胜", "龙胜各族自治县", "county", "450328")]


def test_a_plain_a_basin_a_museum_or_an_exchange_named_after_a_unit_is_not_the_unit():
    hits, rejected = run("推进江汉平原高效优质农产品生产，提升陕西历史博物馆服务水平。", "420000")
    assert hits == [] and (rejected["inside_longer_name"], rejected["institution"]) == (1, 1)
    assert run("支持广州期货交易所丰富交易品种，广州加快发展。", GUANGDONG)[0] == [
        ("广州", "广州市", "prefecture", "440100")]
