"""places_in_text on short report snippets; every hit must satisfy text[start:end] == surface."""
import pytest

from flows.places import gazetteer
from flows.places.places import PlaceHit, places_in_text

XINJIANG_COUNTY = "140825"  # 新绛县, 运城市, 山西省


def names(text, home):
    hits = places_in_text(text, home_adcode=home)
    for h in hits:
        assert text[h.start:h.end] == h.surface
    return [(h.surface, h.name, h.place_type, h.adcode) for h in hits]


def test_gazetteer_levels_parents_and_short_forms():
    d = gazetteer.by_name()
    assert d["运城市"][0].short == "运城" and d["山西省"][0].short == "山西"
    assert d["内蒙古自治区"][0].short == "内蒙古" and d["广西壮族自治区"][0].short == "广西"
    assert d["恩施土家族苗族自治州"][0].short == "恩施"
    assert d["伊犁哈萨克自治州"][0].short == "伊犁"
    assert d["范县"][0].short is None  # never one character
    x = d["新绛县"][0]
    assert (x.adcode, x.level, x.province, x.prefecture) == ("140825", "county", "山西省", "运城市")
    assert d["碑林区"][0].level == "district" and d["神农架林区"][0].level == "county"
    assert d["济源市"][0].prefecture is None  # 省直辖县级行政区划
    assert d["海淀区"][0].province == "北京市" and d["海淀区"][0].prefecture is None
    assert "市辖区" not in d and "省直辖县级行政区划" not in d
    assert len(d["新城区"]) == 2


def test_county_report_admin_units_and_short_forms():
    text = "深入学习贯彻习近平总书记对山西工作的重要讲话精神、特别是考察运城重要指示精神，奋力谱写中国式现代化新绛篇章。"
    assert names(text, XINJIANG_COUNTY) == [
        ("山西", "山西省", "province", "140000"),
        ("运城", "运城市", "prefecture", "140800"),
        ("新绛", "新绛县", "county", "140825"),
    ]


def test_new_town_district_of_a_county_is_generic():
    text = "加快新城区鼓楼街安置房和公租房建设，推进老旧小区和城中村微改造更新。"
    hits = places_in_text(text, home_adcode=XINJIANG_COUNTY)
    assert hits == [
        PlaceHit(2, 5, "新城区", "新城区", "district", None, "山西省", "运城市", "新绛县", None, None),
        PlaceHit(5, 8, "鼓楼街", "鼓楼街", "street", None, "山西省", "运城市", "新绛县", None, None),
    ]


def test_new_town_district_inside_home_prefecture_resolves():
    assert names("新城区、碑林区要加快城市更新，西安高新区扩区提质。", "610100") == [
        ("新城区", "新城区", "district", "610102"),
        ("碑林区", "碑林区", "district", "610103"),
        ("西安", "西安市", "prefecture", "610100"),
    ]
    assert names("新城区要加快发展。", None) == []


def test_local_features_need_a_name_stem():
    text = ("推进绛州署景区基础设施、白台寺—光村旅游公路二期等工程，启动稷益庙保护利用设施建设，"
            "加快绛州古城景区基础设施、瓮城保护修缮等项目建设，做好古城保护和活化利用大文章。")
    assert names(text, XINJIANG_COUNTY) == [
        ("绛州署景区", "绛州署", "scenic_site", None),
        ("白台寺", "白台寺", "temple", None),
        ("光村", "光村", "village", None),
        ("稷益庙", "稷益庙", "temple", None),
        ("绛州古城景区", "绛州古城", "old_town", None),
    ]


def test_rivers_springs_lakes():
    text = ("全面开工“一泓清水入黄河”重点工程，实施古堆泉保护及生态修复、东天池生态景观治理等项目。"
            "落实“河长制”，开展汾河流域新绛段“清废行动”，推进幸福河湖建设。")
    assert names(text, XINJIANG_COUNTY) == [
        ("黄河", "黄河", "river", None),
        ("古堆泉", "古堆泉", "spring", None),
        ("东天池", "东天池", "lake", None),
        ("汾河", "汾河", "river", None),
        ("新绛", "新绛县", "county", "140825"),
    ]


@pytest.mark.parametrize("text", [
    "推行“龙头企业+合作社+基地+农户”订单农业模式。",
    "进一步规范农村集体“三资”管理。",
    "坚决守护群众幸福安宁。",
    "奋力谱写中国式现代化篇章。",
    "民族、宗教、审计、港澳台、档案等工作实现新提升。",
    "14家企业在“晋兴板”挂牌。",
    "被评为全国基层中医药工作示范县，打造全省旅游热点，全县经济运行向好。",
    "推进老旧小区和城中村微改造，老城区、城区改造5条小街小巷。",
    "乡村振兴、农村改革、城乡融合、村卫生室、村级集体经济、河长制。",
    "春满山河际，怀揣良策赴盛会。",
    "守护好这片大好江山。",
    "推进幸福河湖建设。",
    "理清发展思路，完善道路网络，找准出路，完善11个重点路口交通信号灯。",
    "强化村规民约激励约束功能，脱贫村、行政村、示范村三类村。",
    "送戏下乡、城镇化、锂电池产业。",
    "绿水青山就是金山银山。",
    "新建1处“河东书房”。",
    "以“强化三个锚定、勇闯五大新路”为总要求，走出发展新路。",
    "全县河流水质稳定，14家企业落户园区。",
])
def test_guard_words_are_not_places(text):
    assert names(text, XINJIANG_COUNTY) == []


def test_one_stream_into_yellow_river_gives_only_the_river():
    assert names("一泓清水入黄河", XINJIANG_COUNTY) == [("黄河", "黄河", "river", None)]


def test_acting_head_is_not_a_county():
    # 代县 is a county of 忻州; 代县长 means acting county head
    assert names("代县长张三代表县政府作报告。", "140900") == []
    assert names("组织游客赴代县、五台山参观。", "140900") == [
        ("代县", "代县", "county", "140923"),
        ("五台山", "五台山", "mountain", None),
    ]


def test_neighbouring_counties_by_short_form_in_home_province():
    assert names("与稷山、河津、万荣、闻喜协同发展。", XINJIANG_COUNTY) == [
        ("稷山", "稷山县", "county", "140824"),
        ("河津", "河津市", "county", "140882"),
        ("万荣", "万荣县", "county", "140822"),
        ("闻喜", "闻喜县", "county", "140823"),
    ]
    # county short forms do not reach outside the home province
    assert names("与稷山、河津协同发展。", "420100") == []


def test_other_provinces_and_prefectures():
    assert names("主动对接恩施、宜昌、襄阳，深化与广西、内蒙古合作。", "420100") == [
        ("恩施", "恩施土家族苗族自治州", "prefecture", "422800"),
        ("宜昌", "宜昌市", "prefecture", "420500"),
        ("襄阳", "襄阳市", "prefecture", "420600"),
        ("广西", "广西壮族自治区", "province", "450000"),
        ("内蒙古", "内蒙古自治区", "province", "150000"),
    ]


def test_common_word_short_forms_need_the_full_name():
    assert names("合作市、安宁市、富民县加强协作，落实富民政策。", "530100") == [
        ("合作市", "合作市", "county", "623001"),
        ("安宁市", "安宁市", "county", "530181"),
        ("富民县", "富民县", "county", "530124"),
    ]


def test_city_word_after_full_name_falls_back_to_short_form():
    assert names("运城市民幸福感持续增强。", "140800") == [("运城", "运城市", "prefecture", "140800")]


def test_municipality_district_and_full_width_text():
    text = "北京市朝阳区：推进ＣＢＤ建设，海淀、朝阳联动发展。"
    assert names(text, "110105") == [
        ("北京市", "北京市", "province", "110000"),
        ("朝阳区", "朝阳区", "district", "110105"),
        ("海淀", "海淀区", "district", "110108"),
        ("朝阳", "朝阳区", "district", "110105"),  # a common word, but listed beside another district
    ]


def test_lake_and_river_in_a_city_report():
    text = "深化与上海、苏州合作，推进千岛湖保护，打造钱塘江沿岸景观带。"
    assert names(text, "330100") == [
        ("上海", "上海市", "province", "310000"),
        ("苏州", "苏州市", "prefecture", "320500"),
        ("千岛湖", "千岛湖", "lake", None),
        ("钱塘江", "钱塘江", "river", None),
    ]


def test_feature_containing_units_come_from_home():
    hit = places_in_text("实施古堆泉保护。", home_adcode=XINJIANG_COUNTY)[0]
    assert (hit.province, hit.prefecture, hit.county) == ("山西省", "运城市", "新绛县")
    hit = places_in_text("打造钱塘江沿岸。", home_adcode="330100")[0]
    assert (hit.province, hit.prefecture, hit.county) == ("浙江省", "杭州市", None)


YIJINHUOLUO = "150627"  # 伊金霍洛旗, 鄂尔多斯市, 内蒙古自治区
CHAOYANG_CHANGCHUN = "220104"  # 朝阳区, 长春市, 吉林省
FENGHUANG = "433123"  # 凤凰县, 湘西州, 湖南省


def test_a_town_sharing_a_distant_units_name_is_a_town():
    # 乐山 is a city in 四川; 乐山镇 in a 长春 district report is one of its towns
    assert names("红旗街道、乐山镇、永春镇特色产业稳步发展。", CHAOYANG_CHANGCHUN) == [
        ("红旗街道", "红旗街道", "subdistrict", None),
        ("乐山镇", "乐山镇", "town", None),
        ("永春镇", "永春镇", "town", None),
    ]


def test_a_town_named_after_its_own_banner_is_a_town():
    assert names("伊金霍洛镇、札萨克镇统筹推进乡村振兴，伊金霍洛经济平稳。", YIJINHUOLUO) == [
        ("伊金霍洛镇", "伊金霍洛镇", "town", None),
        ("札萨克镇", "札萨克镇", "town", None),
        ("伊金霍洛", "伊金霍洛旗", "county", "150627"),
    ]


def test_long_transliterated_stems():
    text = "阿勒腾席热镇、纳林陶亥镇推进乌兰木伦河综合治理，哈巴格希村建成示范村。"
    assert names(text, YIJINHUOLUO) == [
        ("阿勒腾席热镇", "阿勒腾席热镇", "town", None),
        ("纳林陶亥镇", "纳林陶亥镇", "town", None),
        ("乌兰木伦河", "乌兰木伦河", "river", None),
        ("哈巴格希村", "哈巴格希村", "village", None),
    ]


def test_county_short_form_right_after_its_province_reaches_outside_home():
    assert names("与准格尔旗、陕西神木一体化协同。", YIJINHUOLUO) == [
        ("准格尔旗", "准格尔旗", "county", "150622"),
        ("陕西", "陕西省", "province", "610000"),
        ("神木", "神木市", "county", "610881"),
    ]


def test_renamed_units_give_way_to_their_successor():
    # cpca's older table still lists 神木县 (610821), now 神木市
    assert gazetteer.find("神木").adcode == "610881"
    assert gazetteer.find("神木县").adcode == "610821"  # an old report's full name still resolves


def test_surname_jia_is_part_of_a_name_but_not_after_a_numeral():
    text = "廖家桥镇、山江镇入选，竹山村、老家寨村入选中国传统村落，3家企业落户。"
    assert names(text, FENGHUANG) == [
        ("廖家桥镇", "廖家桥镇", "town", None),
        ("山江镇", "山江镇", "town", None),
        ("竹山村", "竹山村", "village", None),
        ("老家寨村", "老家寨村", "village", None),
    ]


def test_named_river_before_its_basin():
    assert names("青衣江、花溪河流域水环境持续改善。", "511423") == [
        ("青衣江", "青衣江", "river", None),
        ("花溪河", "花溪河", "river", None),
    ]


def test_short_form_is_not_read_across_a_features_end():
    # 伊通河南段 is the southern section of 伊通河, not 河南
    assert names("推进伊通河南段综合整治。", CHAOYANG_CHANGCHUN) == [("伊通河", "伊通河", "river", None)]
    assert names("庐山西海、三清山游客量再创新高。", "360000") == [
        ("庐山西海", "庐山西海", "lake", None),
        ("三清山", "三清山", "mountain", None),
    ]


def test_famous_name_before_a_settlement_suffix_names_the_settlement():
    assert names("推进沱江镇棚户区改造，沱江水质稳定。", FENGHUANG) == [
        ("沱江镇", "沱江镇", "town", None),
        ("沱江", "沱江", "river", None),
    ]
    assert names("实施长江江西段保护工程。", "360000") == [
        ("长江", "长江", "river", None),
        ("江西", "江西省", "province", "360000"),
    ]


def test_longer_suffix_keeps_its_characters():
    # 风景区 ends where 景区 does: 于山风景区 never gives 山风 + 景区
    surfaces = [s for s, *_ in names("于山风景区、乌山风景区开放游览。", "350102")]
    assert surfaces == ["乌山风景区"]


def test_grassland_desert_and_mausoleum():
    text = "成吉思汗陵旅游区接待游客，苏泊罕大草原景区提档升级，实施毛乌素沙地综合治理，修缮烈士陵园。"
    assert names(text, YIJINHUOLUO) == [
        ("成吉思汗陵旅游区", "成吉思汗陵", "scenic_site", None),  # the surface takes the area tail
        ("苏泊罕大草原景区", "苏泊罕大草原", "grassland", None),
        ("毛乌素沙地", "毛乌素沙地", "desert", None),
    ]


YICHANG = "420500"  # 宜昌市, 湖北省
QIANDONGNAN = "522600"  # 黔东南苗族侗族自治州, 贵州省
SHENYANG = "210100"  # 沈阳市, 辽宁省
QAPQAL = "654022"  # 察布查尔锡伯自治县, 伊犁州, 新疆


@pytest.mark.parametrize("text", [
    "黔东南的苗侗风情，既不同于江南水乡的婉约，也有别于塞上风光的雄浑和岭南古镇的精致。",
    "打造“塞外江南”品牌，来自齐鲁、燕赵、三晋大地的游客纷至沓来。",
    "坚持共抓大保护，保护好一江清水。",
    "推动凉山州“一村一幼”提质。",
])
def test_regional_nicknames_and_slogans_are_not_places(text):
    assert [n for n in names(text, QIANDONGNAN) if n[3] is None] == []


def test_regional_nickname_before_a_town_suffix_names_the_town():
    assert names("江南镇、江南街道加快发展。", QIANDONGNAN) == [
        ("江南镇", "江南镇", "town", None), ("江南街道", "江南街道", "subdistrict", None)]


def test_a_name_after_a_title_is_a_person():
    assert names("宜昌市人民政府市长　马泽江", YICHANG) == [("宜昌市", "宜昌市", "prefecture", "420500")]


def test_short_form_of_autonomous_prefecture_with_its_unit_character():
    assert names("推动凉山州安宁河谷综合开发，凉山州委", "510000") == [
        ("凉山州", "凉山彝族自治州", "prefecture", "513400"),
        ("安宁河", "安宁河", "river", None),
        ("凉山", "凉山彝族自治州", "prefecture", "513400"),
    ]


def test_streets_named_after_cities_of_other_provinces():
    assert names("青年大街、南京街、北京街、太原街完成综合改造。", SHENYANG) == [
        ("南京街", "南京街", "street", None),
        ("北京街", "北京街", "street", None),
        ("太原街", "太原街", "street", None),
    ]
    # inside the home province the short form still names the unit
    assert names("平遥街头人气旺。", "140700") == [("平遥", "平遥县", "county", "140728")]


def test_famous_name_beginning_a_longer_feature():
    assert names("推动西江千户苗寨提质，做优清江画廊景区。", QIANDONGNAN) == [
        ("西江千户苗寨", "西江千户苗寨", "village", None),
        ("清江画廊景区", "清江画廊景区", "scenic_site", None),
    ]
    # a unit's name in between keeps them apart
    assert names("长江西陵峡", YICHANG) == [("长江", "长江", "river", None), ("西陵峡", "西陵峡", "scenic_site", None)]


def test_one_character_before_a_famous_river_begins_its_name():
    assert names("开展香溪河、沮漳河生态补水。", YICHANG) == [
        ("香溪河", "香溪河", "river", None), ("沮漳河", "沮漳河", "river", None)]


def test_villages_after_their_town_and_stems_jieba_calls_numerals():
    assert names("龙泉镇青龙村、高家堰镇木桥溪村入选，许家冲村、三星堆遗址。", YICHANG) == [
        ("龙泉镇", "龙泉镇", "town", None), ("青龙村", "青龙村", "village", None),
        ("高家堰镇", "高家堰镇", "town", None), ("木桥溪村", "木桥溪村", "village", None),
        ("许家冲村", "许家冲村", "village", None), ("三星堆遗址", "三星堆遗址", "scenic_site", None),
    ]


def test_ethnic_townships_long_stems_and_transliterations():
    assert names("米粮泉回族乡、纳达齐牛录乡，对接赛里木湖、那拉提草原。", QAPQAL) == [
        ("米粮泉回族乡", "米粮泉回族乡", "town", None), ("纳达齐牛录乡", "纳达齐牛录乡", "town", None),
        ("赛里木湖", "赛里木湖", "lake", None), ("那拉提草原", "那拉提草原", "grassland", None),
    ]


def test_gorge_and_mausoleum_do_not_swallow_units_or_verbs():
    assert names("沿江高铁宜昌至涪陵段开工，长江江豚频频现身西陵峡口，做优三峡大坝。", YICHANG) == [
        ("宜昌", "宜昌市", "prefecture", "420500"), ("长江", "长江", "river", None),
        ("西陵峡", "西陵峡", "scenic_site", None),
    ]


def test_towns_listed_before_a_shared_counted_suffix():
    assert names("径山、鸬鸟、百丈三镇入选省级共同富裕示范单元。", "330110") == [
        ("径山", "径山镇", "town", None), ("鸬鸟", "鸬鸟镇", "town", None), ("百丈", "百丈镇", "town", None)]
    assert names("推进集里、淮川、关口三个街道老旧小区改造。", "430181") == [
        ("集里", "集里街道", "subdistrict", None), ("淮川", "淮川街道", "subdistrict", None),
        ("关口", "关口街道", "subdistrict", None)]
    # the count must match the list; common words and numbered units are not names
    assert names("径山、鸬鸟、百丈两镇", "330110") == []
    assert names("农业、工业、服务业三个村，一村、二村两个村", "330110") == []


def test_policy_goals_ending_in_a_feature_suffix_are_not_places():
    assert places_in_text("落实碳达峰、碳中和部署，迎战洪峰，保障用电高峰。", home_adcode="411600") == []


JIANGSU, ZHEJIANG, GUANGDONG, BEIJING, HEBEI = "320000", "330000", "440000", "110000", "130000"


@pytest.mark.parametrize("text,home,spelt", [
    ("建设美丽江苏，打造美丽中国先行示范区。", JIANGSU, "丽江市"),  # across 美丽 / 江苏
    ("扩大医保定点医药机构覆盖面。", ZHEJIANG, "保定市"),
    ("进一步推广安全生产责任保险。", ZHEJIANG, "广安市"),
    ("主动适应城市发展阶段变化。", ZHEJIANG, "应城市"),
    ("深化海上海南合作。", GUANGDONG, "上海市"),                   # across 海上 / 海南
    ("国际机场成为内陆“空中出海口”。", ZHEJIANG, "海口市"),        # inside 出海口
    ("出台支持中南部县城发展“19条”。", ZHEJIANG, "南部县"),       # across 中南部 / 县城
    ("新晋中国工程院院士3名。", ZHEJIANG, "晋中市"),               # across 晋 / 中国工程院
])
def test_characters_that_only_spell_a_unit_are_no_mention(text, home, spelt):
    """A name must agree with the sentence's word boundaries (jieba)."""
    assert spelt not in [h[1] for h in names(text, home)]


def test_companies_brands_and_organisations_are_no_mention_and_are_counted():
    from collections import Counter
    rejected = Counter()
    hits = places_in_text("宁德时代、青岛啤酒扩大投资，第十届上海合作组织成员国农业部长会在此举办。",
                          home_adcode=ZHEJIANG, rejected=rejected)
    assert [h.name for h in hits] == []
    assert rejected["brand_or_organization"] == 3


def test_outside_short_forms_need_evidence_inside_ones_do_not():
    # a standalone place word, a list of places, a place word after it (港): real mentions
    assert names("与重庆共同打造带动全国高质量发展的增长极。", "510000") == [("重庆", "重庆市", "province", "500000")]
    assert names("天津、山东对口协作，倾力帮扶。", "620000") == [
        ("天津", "天津市", "province", "120000"), ("山东", "山东省", "province", "370000")]
    assert [h[1] for h in names("唐山港沿海货物吞吐量稳居全国前列。", HEBEI)] == ["唐山市"]
    # 西安区 (吉林) read across 西安 / 区域: the Shaanxi report means 西安
    assert names("以西安区域科技创新中心建设为牵引。", "610000") == [("西安", "西安市", "prefecture", "610100")]


def test_organisation_names_built_on_the_home_unit_keep_it():
    assert [h[1] for h in names("在中共上海市委坚强领导下，着力推动高质量发展。", "310000")] == ["上海市"]


def test_rejections_are_counted_by_reason():
    from collections import Counter
    rejected = Counter()
    places_in_text("建设美丽江苏，主动适应城市发展阶段变化。", home_adcode=JIANGSU, rejected=rejected)
    assert rejected["word_boundary"] >= 2


def test_zones_are_zones_not_villages():
    assert names("支持中关村、兰州新区建设。", BEIJING) == [
        ("中关村", "中关村", "zone", None), ("兰州新区", "兰州新区", "zone", None)]


def test_every_place_type_is_in_the_codebook():
    import csv
    from pathlib import Path

    from schemas.tables import PLACE_TYPES
    data = Path(__file__).resolve().parents[1] / "flows" / "places" / "data"
    used = set(gazetteer._RANK) | {"subdistrict", "town"}
    for name in ("feature_suffixes.csv", "famous_features.csv", "generic_districts.csv"):
        with open(data / name, encoding="utf-8", newline="") as fh:
            used |= {row["place_type"] for row in csv.DictReader(fh)}
    assert used <= set(PLACE_TYPES)


def test_a_standalone_word_is_evidence_whatever_jiebas_tag():
    # jieba tags 连云港 as a person's name; the sentence's word is still exactly the city
    assert names("开通至连云港海铁联运班列。", "411600") == [("连云港", "连云港市", "prefecture", "320700")]


def test_slogans_of_unit_characters_are_no_features_but_names_ending_in_one_are():
    assert names("强化乡镇联县带村作用，推进百县千镇万村高质量发展，形成以城带乡格局。", GUANGDONG) == []
    assert [h[1] for h in names("推进陆城街道、玉阳街道建设。", "420500")] == ["陆城街道", "玉阳街道"]


def test_a_city_before_a_direction_and_a_road_suffix_names_the_road():
    assert names("推进南京东路、南京西路等重点商圈改造，深化与南京的合作。", "310000") == [
        ("南京东路", "南京东路", "road", None), ("南京西路", "南京西路", "road", None),
        ("南京", "南京市", "prefecture", "320100")]
