"""parse_report end to end on short reports in the styles the pipeline meets.

Fixtures in tests/fixtures/: a city report with a dated header, a news summary, a statistical
bulletin with ASCII punctuation, a template with XX placeholders, and a GBK-encoded report in
full-width digits.
"""
from pathlib import Path

import pytest

from flows.parse.reading import decode_report
from flows.report.report import parse_report

FIXTURES = Path(__file__).parent / "fixtures"


def parsed(name):
    return parse_report(source_file=name, data=(FIXTURES / name).read_bytes())


def rows(name, table, *keys):
    return [tuple(r[k] for k in keys) for r in parsed(name).rows[table]]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_every_offset_points_at_its_exact_source_characters(name):
    report = parsed(name)
    text = decode_report((FIXTURES / name).read_bytes()).text
    for row in report.rows["indicators"]:
        assert text[row["char_start"]:row["char_end"]] == row["value_text"]
    for row in report.rows["place_mentions"]:
        assert text[row["char_start"]:row["char_end"]] == row["surface"]
    for row in report.rows["pledges"]:
        assert row["text"] in text and text[row["char_start"]:row["char_end"]] == row["text"]


def test_city_report_metadata_from_its_dated_header():
    report = parsed("city_report_2024.txt").rows["reports"][0]
    assert {k: report[k] for k in ("region_name", "region_level", "adcode", "province", "report_year", "review_year",
                                   "delivered_by", "delivered_by_title", "meeting")} == {
        "region_name": "长治市", "region_level": "prefecture", "adcode": "140400", "province": "山西省",
        "report_year": 2024, "review_year": 2023, "delivered_by": "王晓东", "delivered_by_title": "市长",
        "meeting": "长治市第十五届人民代表大会第四次会议"}
    assert str(report["delivered_on"]) == "2024-01-16"


def test_city_report_targets_keep_their_qualifiers_and_actuals_their_review_year():
    got = rows("city_report_2024.txt", "indicators", "kind", "period", "indicator_code", "measure", "value_std", "qualifier")
    assert ("actual", 2023, "gdp", "level", 265140000000.0, None) in got
    assert ("actual", 2023, "gdp", "growth_rate", 5.1, None) in got
    assert ("target", 2024, "gdp", "growth_rate", 5.5, "左右") in got
    assert ("target", 2024, "general_budget_revenue", "growth_rate", 5.0, "以上") in got
    assert ("target", 2024, "surveyed_unemployment_rate", "share", 5.5, "以内") in got
    assert ("actual", 2023, "grain_output", "level", 1065000.0, None) in got  # 21.3亿斤 = 1.065 million t


def test_livelihood_items_are_pledges_and_their_numbers_link_to_them():
    report = parsed("city_report_2024.txt")
    items = {p["pledge_id"]: (p["item_no"], p["is_livelihood_project"], p["theme"]) for p in report.rows["pledges"] if p["item_no"]}
    assert sorted(items.values()) == [(1, True, "办好十件民生实事"), (2, True, "办好十件民生实事")]
    linked = [(i["value_text"], items[i["pledge_id"]][0]) for i in report.rows["indicators"] if i["pledge_id"] in items]
    assert linked == [("12所", 1), ("8000个", 1), ("156个", 2)]


def test_districts_created_recently_resolve_with_their_codes():
    assert ("上党区", "140404", "长治市") in rows("city_report_2024.txt", "place_mentions", "name", "adcode", "prefecture")
    assert ("潞州区", "140403", "长治市") in rows("city_report_2024.txt", "place_mentions", "name", "adcode", "prefecture")


def test_news_summary_splits_review_actuals_from_plan_targets():
    got = rows("news_summary_2024.txt", "indicators", "kind", "period", "indicator", "value_text")
    assert ("actual", 2023, "地区生产总值", "158.2亿元") in got
    assert ("target", 2024, "地区生产总值", "6%") in got
    assert ("target", 2024, "固定资产投资", "8%") in got
    assert all(kind == "actual" for kind, *_ in got if _[2] in ("158.2亿元", "5.6%", "60.1亿元"))
    names = rows("news_summary_2024.txt", "place_mentions", "name", "place_type")
    assert ("平遥古城", "old_town") in names and ("双林寺", "temple") in names


def test_news_summary_meeting_paragraph_is_metadata_not_a_pledge():
    texts = [t for (t,) in rows("news_summary_2024.txt", "pledges", "text")]
    assert not any("开幕" in t for t in texts)
    assert any(t.startswith("报告明确，今年将全力推进平遥古城保护利用") for t in texts)


def test_statistical_bulletin_with_ascii_punctuation():
    report = parsed("bulletin_2023.txt")
    meta = report.rows["reports"][0]
    assert (meta["region_name"], meta["adcode"], meta["report_year"], meta["review_year"]) == ("太谷区", "140703", 2023, 2023)
    got = [(r["indicator"], r["measure"], r["value_std"], r["unit_std"], r["period"]) for r in report.rows["indicators"]]
    assert ("粮食总产量", "growth_rate", -1.2, "%", 2023) in got
    assert ("粮食总产量", "level", 295000.0, "t", 2023) in got
    assert ("农村居民人均可支配收入", "level", 21406.0, "CNY", 2023) in got
    assert {r["kind"] for r in report.rows["indicators"]} == {"actual"}


def test_template_with_placeholders_gives_no_numbers_and_is_flagged():
    report = parsed("template_20XX.txt")
    assert report.rows["indicators"] == []
    assert report.rows["reports"][0]["is_template"] is True
    assert report.quality["is_template"] and report.quality["template_placeholders"]


def test_gbk_full_width_report_keeps_offsets_in_the_decoded_text():
    report = parsed("fullwidth_gbk_2023.txt")
    assert report.rows["reports"][0]["encoding"] == "gb18030"
    got = rows("fullwidth_gbk_2023.txt", "indicators", "kind", "period", "value_text", "value_std")
    assert ("actual", 2022, "５２１．６亿元", 52160000000.0) in got
    assert ("target", 2023, "６％", 6.0) in got


def test_ids_are_stable_and_do_not_depend_on_position():
    data = (FIXTURES / "city_report_2024.txt").read_bytes()
    first = parse_report(source_file="city_report_2024.txt", data=data)
    shifted = parse_report(source_file="city_report_2024.txt", data="\n\n".encode() + data)
    assert [r["indicator_id"] for r in first.rows["indicators"]] == [r["indicator_id"] for r in shifted.rows["indicators"]]
    assert [r["pledge_id"] for r in first.rows["pledges"]] == [r["pledge_id"] for r in shifted.rows["pledges"]]


def test_a_corrected_figure_keeps_its_indicator_id():
    text = (FIXTURES / "city_report_2024.txt").read_text(encoding="utf-8")
    first = parse_report(source_file="city_report_2024.txt", data=text.encode())
    value = first.rows["indicators"][0]["value_text"]
    fixed = text.replace(value, value.replace(value[0], str((int(value[0]) + 1) % 10), 1), 1)
    second = parse_report(source_file="city_report_2024.txt", data=fixed.encode())
    before = {r["indicator_id"]: r["value_text"] for r in first.rows["indicators"]}
    after = {r["indicator_id"]: r["value_text"] for r in second.rows["indicators"]}
    assert before.keys() == after.keys()
    assert [k for k in before if before[k] != after[k]] == [first.rows["indicators"][0]["indicator_id"]]


def test_a_pledge_with_a_corrected_figure_keeps_its_id():
    text = (FIXTURES / "city_report_2024.txt").read_text(encoding="utf-8")
    first = parse_report(source_file="city_report_2024.txt", data=text.encode())
    pledge = next(p for p in first.rows["pledges"] if any(c.isdigit() for c in p["text"]))
    digit = next(c for c in pledge["text"] if c.isdigit())
    fixed_text = pledge["text"].replace(digit, str((int(digit) + 1) % 10), 1)
    second = parse_report(source_file="city_report_2024.txt", data=text.replace(pledge["text"], fixed_text).encode())
    ids = {p["pledge_id"]: p["text"] for p in second.rows["pledges"]}
    assert ids.keys() == {p["pledge_id"] for p in first.rows["pledges"]}
    assert ids[pledge["pledge_id"]] == fixed_text


@pytest.mark.parametrize("text, expected", [
    ("【两会速递】一图读懂2024年南平市政府工作报告\n报告显示，过去一年…", (2024, None)),
    ("关键词里读懂绍兴政府工作报告\n答：2024年全市计划实施项目255个。", (2024, None)),
    ("读懂报告\n2023年全市实现地区生产总值7791亿元。", (None, 2023)),
    ("读懂报告\n报告显示，2023年成绩亮眼。报告提出，2024年目标明确，2024年任务清晰。", (2024, 2023)),
    ("读懂报告\n1月9日开幕。", (None, None)),
])
def test_years_of_a_news_summary_from_its_wording(text, expected):
    from flows.parse.metadata import years_from_wording
    assert years_from_wording(text) == expected


def test_news_summary_without_a_dated_header_gets_its_plan_and_review_years():
    text = "一图读懂2024年南平市政府工作报告\n报告显示，过去一年，地区生产总值2262.37亿元，增长5.1%。\n【2024年目标】\n▶地区生产总值增长6%左右；\n"
    rows = parse_report(source_file="np.txt", data=text.encode("utf-8")).rows["indicators"]
    assert [(r["value_text"], r["kind"], r["period"]) for r in rows] == [
        ("2262.37亿元", "actual", 2023), ("5.1%", "actual", 2023), ("6%", "target", 2024)]


def test_gb18030_bulletin_with_crlf_and_a_flattened_table_keeps_offsets():
    text = "临汾市2023年国民经济和社会发展统计公报\r\n产品名称\t产量\t比上年增长\r\n粮食\t191.3万吨\t1.6%\r\n油料\t2.3万吨\t-4.2%\r\n"
    report = parse_report(source_file="b.txt", data=text.encode("gb18030"))
    rows = report.rows["indicators"]
    assert [(r["value_text"], r["measure"], r["indicator"], r["period"]) for r in rows] == [
        ("191.3万吨", "level", "粮食", 2023), ("1.6%", "growth_rate", "粮食", 2023),
        ("2.3万吨", "level", "油料", 2023), ("-4.2%", "growth_rate", "油料", 2023)]
    read_back = text.replace("\r\n", "\n")  # what open(path, encoding="gb18030").read() returns
    assert all(read_back[r["char_start"]:r["char_end"]] == r["value_text"] for r in rows)


def test_utf8_bom_counts_as_the_first_character_of_the_offsets():
    text = "\ufeff2023年，全县地区生产总值完成184.1亿元，同比增长6%。\n"
    rows = parse_report(source_file="bom.txt", data=text.encode("utf-8")).rows["indicators"]
    assert rows and all(text[r["char_start"]:r["char_end"]] == r["value_text"] for r in rows)


def test_full_width_years_in_part_headings_open_the_plan_part():
    """二、２０２３年工作安排 with full-width digits is the plan part like 二、2023年工作安排."""
    report = parsed("fullwidth_province_2023.txt")
    meta = report.rows["reports"][0]
    assert (meta["region_name"], meta["report_year"], meta["review_year"]) == ("山西省", 2023, 2022)
    pledges = [p["text"] for p in report.rows["pledges"]]
    assert "实施省重点项目１５００个，年度计划投资１．２万亿元。" in pledges
    got = rows("fullwidth_province_2023.txt", "indicators", "kind", "period", "indicator", "value_text")
    assert ("target", 2023, "实施省重点项目", "１５００个") in got
    assert ("actual", 2017, "地区生产总值", "３．２万亿元") in got
    assert ("actual", 2022, "地区生产总值", "４．８万亿元") in got
    assert ("actual", 2022, "社会消费品零售总额", "０．８％") in got


def test_bulletin_table_with_a_unit_column_gives_its_bare_numbers_that_unit():
    got = rows("bulletin_unit_column_2023.txt", "indicators", "indicator", "value_text", "value_std", "unit_std", "measure")
    assert ("原煤", "120.5", 1_205_000, "t", "level") in got
    assert ("原煤", "-3.2", -3.2, "%", "growth_rate") in got
    assert ("发电量", "86.3", 8_630_000_000, "kWh", "level") in got
    assert not [r for r in got if r[0] in ("单位", "产量", "万吨")]


def test_a_table_of_targets_gives_target_rows_and_no_pledges():
    got = rows("targets_table_2024.txt", "indicators", "kind", "period", "indicator", "value_text", "unit", "measure")
    assert ("target", 2024, "地区生产总值", "128", "亿元", "level") in got
    assert ("target", 2024, "固定资产投资", "8", "%", "growth_rate") in got
    pledges = [p["text"] for p in parsed("targets_table_2024.txt").rows["pledges"]]
    assert pledges == ["推进老旧小区改造，新建城市道路10公里。"]
