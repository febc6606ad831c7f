"""report_metadata on snippets in the styles reports come in."""
import datetime as dt

from flows.parse.metadata import report_metadata

KEYS = ["region_name", "region_level", "adcode", "province", "prefecture", "report_year", "review_year",
        "delivered_by", "delivered_by_title", "meeting", "delivered_on"]


def test_county_report_news_style_opening_day():
    text = ("展望2024\n\n春满山河际，怀揣良策赴盛会。2月26日至29日，新绛县第十七届人民代表大会第四次会议、"
            "中国人民政治协商会议第十六届新绛县委员会第四次会议胜利召开。\n\n"
            "2月27日，新绛县第十七届人民代表大会第四次会议隆重开幕，新绛县县长张琼代表新绛县人民政府向大会作政府工作报告。\n\n"
            "2024年，新绛县将以习近平新时代中国特色社会主义思想为指导。\n\n回眸2023\n\n"
            "2023年，是全面贯彻党的二十大精神的开局之年。2023年初承诺的民生实事全部兑现。")
    md = report_metadata(text)
    assert list(md) == KEYS
    assert md == {
        "region_name": "新绛县", "region_level": "county", "adcode": "140825",
        "province": "山西省", "prefecture": "运城市", "report_year": 2024, "review_year": 2023,
        "delivered_by": "张琼", "delivered_by_title": "县长",
        "meeting": "新绛县第十七届人民代表大会第四次会议", "delivered_on": dt.date(2024, 2, 27),
    }


def test_city_report_with_header():
    text = ("政府工作报告\n——2024年1月15日在晋中市第五届人民代表大会第四次会议上\n晋中市市长 王成\n\n"
            "各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。\n"
            "一、2023年工作回顾\n过去一年，我们坚持稳中求进。\n二、2024年工作安排\n今年的主要预期目标是：地区生产总值增长5.5%左右。")
    assert report_metadata(text) == {
        "region_name": "晋中市", "region_level": "prefecture", "adcode": "140700",
        "province": "山西省", "prefecture": "晋中市", "report_year": 2024, "review_year": 2023,
        "delivered_by": "王成", "delivered_by_title": "市长",
        "meeting": "晋中市第五届人民代表大会第四次会议", "delivered_on": dt.date(2024, 1, 15),
    }


def test_province_report_with_header():
    text = "——2024年1月22日在山西省第十四届人民代表大会第二次会议上\n山西省省长　金湘军\n各位代表：现在，我代表省人民政府，向大会报告工作。"
    md = report_metadata(text)
    assert (md["region_name"], md["region_level"], md["adcode"], md["province"], md["prefecture"]) == (
        "山西省", "province", "140000", "山西省", None)
    assert (md["delivered_by"], md["delivered_by_title"], md["report_year"], md["review_year"]) == ("金湘军", "省长", 2024, 2023)


def test_news_summary_with_abbreviated_meeting():
    text = ("2024年1月9日，运城市第五届人大四次会议开幕，市长储祥好作政府工作报告。"
            "报告回顾了过去一年的工作。今年，运城将坚定不移推动高质量发展。")
    assert report_metadata(text) == {
        "region_name": "运城市", "region_level": "prefecture", "adcode": "140800",
        "province": "山西省", "prefecture": "运城市", "report_year": 2024, "review_year": 2023,
        "delivered_by": "储祥好", "delivered_by_title": "市长",
        "meeting": "运城市第五届人大四次会议", "delivered_on": dt.date(2024, 1, 9),
    }


def test_news_summary_autonomous_prefecture_without_years():
    text = ("1月9日，恩施州八届人大四次会议开幕。州长刘芳震代表州人民政府作政府工作报告。"
            "报告指出，过去一年，全州地区生产总值增长6.5%。")
    md = report_metadata(text)
    assert (md["region_name"], md["adcode"], md["province"], md["prefecture"]) == (
        "恩施州", "422800", "湖北省", "恩施土家族苗族自治州")
    assert (md["delivered_by"], md["delivered_by_title"], md["meeting"]) == ("刘芳震", "州长", "恩施州八届人大四次会议")
    assert (md["report_year"], md["review_year"], md["delivered_on"]) == (None, None, None)


def test_template_with_placeholders():
    text = ("XX市人民政府工作报告\n——2024年1月15日在XX市第十五届人民代表大会第三次会议上\nXX市市长 XXX\n\n"
            "各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。\n一、2023年工作回顾\n二、2024年工作安排")
    assert report_metadata(text) == {
        "region_name": None, "region_level": None, "adcode": None, "province": None, "prefecture": None,
        "report_year": 2024, "review_year": 2023, "delivered_by": None, "delivered_by_title": "市长",
        "meeting": None, "delivered_on": dt.date(2024, 1, 15),
    }


def test_placeholder_name_is_none():
    md = report_metadata("——2024年1月15日在XX市第十五届人民代表大会第三次会议上 XX市市长 王某某")
    assert (md["delivered_by"], md["delivered_by_title"], md["report_year"]) == (None, "市长", 2024)


def test_acting_mayor_and_district_of_a_municipality():
    md = report_metadata("1月20日，吕梁市第五届人民代表大会第四次会议开幕，代市长张广勇代表市人民政府向大会作报告。2024年工作安排")
    assert (md["region_name"], md["adcode"], md["delivered_by"], md["delivered_by_title"]) == ("吕梁市", "141100", "张广勇", "代市长")
    assert (md["report_year"], md["review_year"], md["delivered_on"]) == (2024, 2023, dt.date(2024, 1, 20))
    md = report_metadata("2024年1月5日，朝阳区第十六届人民代表大会第五次会议开幕，北京市朝阳区区长文献作政府工作报告。回顾2023年，展望2024年")
    assert (md["region_name"], md["region_level"], md["adcode"], md["province"], md["prefecture"]) == (
        "朝阳区", "district", "110105", "北京市", None)
    assert (md["delivered_by"], md["delivered_by_title"]) == ("文献", "区长")


def test_county_head_wording_is_not_a_name_and_december_session_plans_next_year():
    text = "县长代表县政府作报告。\n县政府工作报告\n——2023年12月28日在平遥县第十八届人民代表大会第三次会议上"
    md = report_metadata(text)
    assert (md["delivered_by"], md["delivered_by_title"]) == (None, None)
    assert (md["region_name"], md["adcode"], md["prefecture"]) == ("平遥县", "140728", "晋中市")
    assert (md["report_year"], md["review_year"], md["delivered_on"]) == (2024, 2023, dt.date(2023, 12, 28))


def test_name_before_title_and_chinese_numeral_date():
    text = "——二〇二四年一月十日在新绛县第十七届人民代表大会第四次会议上\n\n张琼县长代表县人民政府作报告。"
    md = report_metadata(text)
    assert (md["delivered_by"], md["delivered_by_title"], md["delivered_on"]) == ("张琼", "县长", dt.date(2024, 1, 10))


def test_no_region_stated():
    md = report_metadata("各位代表：现在，我代表市人民政府，向大会报告工作。")
    assert md == dict.fromkeys(KEYS)


def test_meeting_keeps_the_parent_unit_written_before_the_district():
    md = report_metadata("——2024年1月8日在宁波市鄞州区第十九届人民代表大会第四次会议上\n鄞州区人民政府区长　杨勇")
    assert (md["region_name"], md["adcode"], md["prefecture"]) == ("鄞州区", "330212", "宁波市")
    assert md["meeting"] == "宁波市鄞州区第十九届人民代表大会第四次会议"
    assert (md["delivered_by"], md["delivered_by_title"]) == ("杨勇", "区长")


def test_autonomous_region_chairman():
    md = report_metadata("——2024年1月22日在内蒙古自治区第十四届人民代表大会第二次会议上\n自治区主席　王莉霞\n各位代表：")
    assert (md["region_name"], md["region_level"], md["adcode"]) == ("内蒙古自治区", "province", "150000")
    assert (md["delivered_by"], md["delivered_by_title"], md["delivered_on"]) == ("王莉霞", "主席", dt.date(2024, 1, 22))


def test_bracketed_header_with_spaced_date_and_spaced_name():
    text = "（2024 年 1 月 16 日在洪雅县第十八届人民代表大会第四次会议上）\n洪雅县人民政府县长　王　彬\n各位代表:"
    md = report_metadata(text)
    assert (md["region_name"], md["adcode"], md["prefecture"]) == ("洪雅县", "511423", "眉山市")
    assert (md["delivered_by"], md["delivered_by_title"]) == ("王彬", "县长")
    assert (md["delivered_on"], md["report_year"], md["review_year"]) == (dt.date(2024, 1, 16), 2024, 2023)


def test_chinese_numeral_years_without_a_date():
    md = report_metadata("各位代表：现在，我代表县人民政府，向大会报告二〇二三年工作和二〇二四年工作安排，请予审议。")
    assert (md["report_year"], md["review_year"]) == (2024, 2023)


def test_december_session_without_a_year_sits_in_the_year_before():
    md = report_metadata("12月28日，平遥县第十八届人民代表大会第三次会议开幕，县长李建国作政府工作报告。2024年，全县将加快发展。")
    assert (md["report_year"], md["delivered_on"]) == (2024, dt.date(2023, 12, 28))


def test_name_placeholder_word():
    md = report_metadata("——2024年1月10日在XX市第十六届人民代表大会第四次会议上\n市长 姓名\n")
    assert (md["region_name"], md["delivered_by"], md["delivered_by_title"]) == (None, None, "市长")


def test_a_statistical_bulletin_covers_one_year_and_plans_for_none():
    meta = report_metadata("晋中市太谷区2023年国民经济和社会发展统计公报\n\n一、综合\n初步核算，全年全区地区生产总值201.35亿元。")
    assert (meta["region_name"], meta["adcode"], meta["report_year"], meta["review_year"]) == ("太谷区", "140703", 2023, 2023)


def test_news_summary_years_come_from_the_targets_when_the_date_has_no_year():
    meta = report_metadata("1月15日上午，宜宾市第六届人民代表大会第四次会议开幕。报告显示，2023年，全市地区生产总值增长8%。"
                           "报告提出，2024年全市经济社会发展主要预期目标为：地区生产总值增长6%。")
    assert (meta["report_year"], meta["review_year"], str(meta["delivered_on"])) == (2024, 2023, "2024-01-15")


def test_news_about_the_counties_of_a_prefecture_is_the_prefectures():
    text = ("【两会观察】黔东南州各县市政府工作报告里的2024“新目标”\n"
            "1月上旬以来，黔东南州16个县（市）陆续召开人代会。榕江县2024年计划办好第二届“村超”。")
    m = report_metadata(text)
    assert (m["region_name"], m["region_level"], m["adcode"], m["province"]) == ("黔东南州", "prefecture", "522600", "贵州省")
    assert (m["delivered_by"], m["delivered_by_title"], m["meeting"]) == (None, None, None)


def test_a_municipality_is_a_province_level_unit():
    text = ("下载\n打印\n【字号：\n加大\n】\n2026年上海市政府工作报告\n——2026年2月3日在上海市第十六届人民代表大会第四次会议上\n"
            "上海市市长 龚 正\n各位代表：\n一、2025年工作回顾\n2035年上海要如期基本建成具有世界影响力的社会主义现代化国际大都市。")
    md = report_metadata(text)
    assert (md["region_name"], md["region_level"], md["adcode"], md["province"], md["prefecture"]) == (
        "上海市", "province", "310000", "上海市", None)
    assert (md["report_year"], md["review_year"], md["delivered_on"]) == (2026, 2025, dt.date(2026, 2, 3))


def test_a_title_year_beats_a_long_range_goal():
    text = ("2026年北京市政府工作报告\n各位代表：\n展望2035年，我们将基本建成现代化强市。"
            "到2035年，全市将实现更高水平发展。2035年，首都将全面建成。")
    md = report_metadata(text)
    assert (md["report_year"], md["review_year"]) == (2026, 2025)


def test_a_delivery_line_broken_over_two_lines_and_a_chinese_numeral_date():
    md = report_metadata("政府工作报告\n——2026年1月26日在广东省第十四届\n人民代表大会第五次会议上\n广东省省长 孟凡利\n各位代表：")
    assert (md["meeting"], md["delivered_on"], md["report_year"]) == (
        "广东省第十四届人民代表大会第五次会议", dt.date(2026, 1, 26), 2026)
    md = report_metadata("2026年甘肃省政府工作报告\n——二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上\n甘肃省省长 任振鹤\n各位代表：")
    assert (md["meeting"], md["delivered_on"], md["delivered_by"]) == (
        "甘肃省十四届人民代表大会第四次会议", dt.date(2026, 1, 27), "任振鹤")


def test_the_review_heading_decides_when_the_header_says_nothing():
    md = report_metadata("2020年稷山县政府工作报告\n各位代表：\n一、2019年工作回顾\n2019年，全县地区生产总值增长6%。"
                         "2018年以来累计完成投资100亿元。")
    assert (md["report_year"], md["review_year"], md["region_name"]) == (2020, 2019, "稷山县")
    md = report_metadata("各位代表：\n一、2025年工作回顾\n过去一年，全省经济稳中有进。\n二、2026年重点工作\n到2030年，全省将基本实现现代化。")
    assert (md["report_year"], md["review_year"]) == (2026, 2025)


def test_a_disagreement_between_the_facts_is_flagged():
    flags: list[str] = []
    md = report_metadata("2025年某县政府工作报告\n——2026年1月20日在桦川县第十八届人民代表大会第二次会议上\n各位代表：", flags)
    assert md["report_year"] == 2026
    assert flags == ["report year 2026 from the delivered on 2026-01-20, but the title year gives 2025"]


def test_a_county_named_only_in_short_form():
    text = ("政府工作报告\n——2024年1月10日在县第十八届人民代表大会第二次会议上\n各位代表：\n"
            "过去一年，桦川经济稳中有进。今年，桦川将加快发展，建设现代化新桦川。")
    md = report_metadata(text)
    assert (md["region_name"], md["adcode"], md["prefecture"]) == ("桦川县", "230826", "佳木斯市")
    assert md["meeting"] == "县第十八届人民代表大会第二次会议"


def test_a_bulletin_title_gives_region_and_year():
    md = report_metadata("2022年闻喜县国民经济和社会发展统计公报\n闻喜县统计局\n一、综合\n全年全县地区生产总值150亿元。")
    assert (md["region_name"], md["adcode"], md["report_year"], md["review_year"]) == ("闻喜县", "140823", 2022, 2022)


def test_a_transliterated_name_with_a_middle_dot():
    md = report_metadata("——2026年1月25日在新疆维吾尔自治区第十四届人民代表大会第五次会议上\n自治区主席　艾尔肯·吐尼亚孜\n各位代表：")
    assert (md["delivered_by"], md["delivered_by_title"], md["region_name"]) == ("艾尔肯·吐尼亚孜", "主席", "新疆维吾尔自治区")


def test_a_review_heading_naming_the_year_of_its_main_work_is_no_plan_heading():
    flags: list[str] = []
    md = report_metadata("2026年浙江省政府工作报告\n2026年1月14日在浙江省第十四届人民代表大会第四次会议上\n各位代表：\n"
                         "一、2025年主要工作和“十四五”发展成就\n过去一年，全省经济稳中有进。\n三、2026年重点工作\n", flags)
    assert (md["report_year"], md["review_year"], flags) == (2026, 2025, [])


def test_words_after_a_title_inside_a_sentence_are_not_a_speaker():
    # no delivery line names the speaker: 县长负责制 and 社区长者食堂 hold a title, not a person
    text = ("各位代表：现在，我代表县人民政府向大会报告工作。\n"
            "落实县长负责制，压实各级责任。新建社区长者食堂12个，惠及老年人3000人。")
    md = report_metadata(text)
    assert (md["delivered_by"], md["delivered_by_title"]) == (None, None)


def test_a_name_in_the_title_block_is_the_speaker_even_with_fragments_in_the_body():
    text = ("——2025年1月12日在某省第十四届人民代表大会第三次会议上\n代省长　周明远\n各位代表：\n"
            "推行河湖长制和县长负责制。办好社区长者食堂。")
    md = report_metadata(text)
    assert (md["delivered_by"], md["delivered_by_title"]) == ("周明远", "代省长")


def test_premier_in_a_one_line_national_report_with_a_spaced_meeting_line():
    text = ("新华社北京3月6日电\u3000\u3000政府工作报告\u3000\u3000——2015年3月5日在第十二届全国人民代表大会 第三次会议上"
            "\u3000\u3000国务院总理\u00a0孙立平各位代表：\u3000\u3000现在，我代表国务院，向大会作政府工作报告。")
    md = report_metadata(text)
    assert (md["delivered_by"], md["delivered_by_title"]) == ("孙立平", "国务院总理")
    assert md["delivered_on"] == dt.date(2015, 3, 5)
    assert (md["report_year"], md["review_year"]) == (2015, 2014)


def test_meeting_line_read_without_its_stray_spaces():
    text = "——2026年1月20日在河北省第十四届 人民代表大会\u3000第四次会议上\n省长　李　明\n各位代表："
    md = report_metadata(text)
    assert md["meeting"] == "河北省第十四届人民代表大会第四次会议"
    assert (md["region_name"], md["adcode"], md["region_level"]) == ("河北省", "130000", "province")
    assert (md["delivered_by"], md["delivered_by_title"]) == ("李明", "省长")
