"""Charts and maps of the site (Vega-Lite through Altair, rendered to SVG by vl-convert): what
they draw, read back from the SVG a browser shows."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from flows.publish import maps
from flows.publish.charts import base_unit, plan_year_targets, target_charts
from flows.publish.search import anchor, search_index
from flows.publish.site import one_per_report

UNIT_NAMES = {"%": "百分比", "CNY": "人民币元", "count": "个数"}


def target(report: str, region: str, *, code="gdp", measure="growth_rate", value=5.0, high=None, text="5%",
           unit="%", unit_std="%", period=2026, year=2026, qualifier=None, start=10, **extra) -> dict:
    return {"report_id": report, "region_name": region, "report_year": year, "indicator_id": f"{report}-in-{start}",
            "indicator_code": code, "indicator_en": "Gross regional product (GDP)", "measure": measure,
            "value_std": value, "value_std_high": high, "value_text": text, "unit": unit, "unit_std": unit_std,
            "period": period, "period_start": extra.get("period_start"), "aggregation": extra.get("aggregation", "annual"),
            "qualifier": qualifier, "char_start": start, "kind": "target", "is_main_target": True}


def charts_of(rows: list[dict]) -> list[dict]:
    df = pd.DataFrame(rows)
    return target_charts(df, unit_names=UNIT_NAMES, max_charts=10, choose=one_per_report,
                         page_of={r: f"reports/{r}.html" for r in df["report_id"].unique()})


def texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_a_target_chart_shows_each_region_s_plan_year_target_only():
    rows = [target("a", "浙江省", value=5.0, high=5.5, text="5%—5.5%", start=10),
            target("a", "浙江省", value=5.0, text="5%", qualifier="左右", period=2030, period_start=2026, start=20),
            target("b", "上海市", value=5.0, text="5%", qualifier="左右", start=30),
            target("c", "江苏省", value=6.0, text="6%", aggregation="annual_average", start=40)]  # 年均: not annual
    assert plan_year_targets(pd.DataFrame(rows))["indicator_id"].tolist() == ["a-in-10", "b-in-30"]
    [chart] = charts_of(rows)
    assert chart["year"] == 2026 and "2 report(s)" in chart["note"]
    shown = texts(chart["svg"])
    assert "5%—5.5%" in shown and "5%左右" in shown and "6%" not in shown
    assert "浙江省" in shown and "上海市" in shown and "江苏省" not in shown
    links = re.findall(r'xlink:href="([^"]+)"', chart["svg"])
    assert set(links) == {"reports/a.html#f-in-10", "reports/b.html#f-in-30"}  # every bar opens its figure


def test_counted_things_of_different_units_never_share_an_axis():
    rows = [target("a", "甲市", code="old_neighbourhood_renovation", measure="level", value=300, text="300个",
                   unit="个", unit_std="count"),
            target("b", "乙市", code="old_neighbourhood_renovation", measure="level", value=100000, text="10万户",
                   unit="万户", unit_std="count")]
    charts = charts_of(rows)
    assert sorted(c["label"].split(" — ")[0] for c in charts) == [
        "old_neighbourhood_renovation level (个 (count))", "old_neighbourhood_renovation level (户 (count))"]
    assert [base_unit(u) for u in ("万户", "亿元", "%", "个", "万吨")] == ["户", "元", "%", "个", "吨"]


def test_ticks_read_as_people_write_numbers():
    rows = [target("a", "甲省", code="gdp", measure="level", value=5.67e12, text="5.67万亿元", unit="万亿元", unit_std="CNY"),
            target("b", "乙省", code="gdp", measure="level", value=1.2e12, text="1.2万亿元", unit="万亿元", unit_std="CNY")]
    [chart] = charts_of(rows)
    ticks = [t for t in texts(chart["svg"]) if re.fullmatch(r"[\d.,]+[万亿]?", t)]
    assert ticks and all(t.endswith("亿") or t == "0" for t in ticks), ticks
    assert not any("e+" in t for t in texts(chart["svg"]))
    assert "人民币元 (CNY)" in texts(chart["svg"])


def test_search_index_names_rows_by_their_anchor_on_the_report_page():
    reports = [{"report_id": "2026_浙江省", "page": "reports/2026_浙江省.html", "region_name": "浙江省",
                "report_year": 2026, "region_level": "province", "province": "浙江省"}]
    figures = [{"report_id": "2026_浙江省", "indicator_id": "2026_浙江省-in-1a2b", "indicator": "地区生产总值",
                "indicator_code": "gdp", "kind": "target", "period": 2026, "value_text": "5%", "qualifier": "左右"}]
    pledges = [{"report_id": "2026_浙江省", "pledge_id": "2026_浙江省-pl-9f", "topic": "扩大有效投资",
                "text": "实施“千项万亿”工程，" * 5}]
    index = search_index(reports, figures, pledges)
    assert index["reports"] == [["reports/2026_浙江省.html", "浙江省 2026", "province 浙江省 2026_浙江省"]]
    assert index["figures"] == [[0, "地区生产总值", "gdp", "5% 左右", "target 2026", "in-1a2b"]]
    assert index["pledges"][0][:2] == [0, "扩大有效投资"] and index["pledges"][0][3] == "pl-9f"
    assert index["pledges"][0][2] == ("实施“千项万亿”工程，" * 5)[:24] + "…"
    assert anchor("x-in-1", "y") == "x-in-1"


@pytest.fixture(scope="module")
def boundaries():
    try:
        maps.divisions("province")
    except maps.NoBoundaries as exc:
        pytest.skip(str(exc))


def test_a_province_report_is_framed_on_its_province_with_its_prefectures(boundaries):
    frame, shapes = maps.frame_of("330000", "province")
    assert len(shapes) == 11 and all(code.startswith("33") for code in shapes)  # 浙江's 11 prefectures
    minx, miny, maxx, maxy = frame.bounds
    assert 118 < minx < maxx < 123.5 and 27 < miny < maxy < 31.5
    points = [{"name": "杭州市", "lon": 120.15, "lat": 30.27, "n": 3, "type": "prefecture", "href": "#a"},
              {"name": "海口市", "lon": 110.33, "lat": 20.03, "n": 1, "type": "prefecture", "href": "#b"}]
    svg, legend = maps.map_svg(shapes, points, frame=frame, title="t")
    assert re.findall(r'xlink:href="([^"]+)"', svg) == ["#a"]  # 海口 is outside: not drawn, no stretched frame
    assert legend == [("prefecture", maps.COLORS[0])] and f'fill="{maps.COLORS[0]}"' in svg


def test_a_county_report_is_framed_on_the_county(boundaries):
    frame, shapes = maps.frame_of("140825", "county")
    assert list(shapes) == ["140825"] and frame.contains(maps.shapely.Point(111.225, 35.616))
    assert maps.frame_of("999999", "county") == (None, {}) and maps.frame_of(None, None) == (None, {})


def test_table_previews_show_rows_as_they_come_in_a_report_not_by_digest_id():
    from flows.publish.site import preview_order
    from schemas import TABLES
    assert preview_order(TABLES["indicators"].columns, "indicator_id") == \
        "is_main_target DESC NULLS LAST, report_id, char_start, indicator_id"
    assert preview_order(TABLES["places"].columns, "place_id") == "n_mentions DESC, place_id"
    assert preview_order(TABLES["pledges"].columns, "pledge_id") == "report_id, char_start, seq, pledge_id"


def test_a_region_page_labels_its_bars_as_people_write_numbers():
    from flows.publish.site_regions import _charts

    jobs = {"indicator_code": "new_urban_jobs", "measure": "level", "unit_std": "count", "period": 2025,
            "target_value_std": 1.0e6, "target_value_std_high": None, "target_qualifier": "以上",
            "target_indicator_id": "t", "target_report_id": "2025_甲省", "outcome_value_std": 1.158e6,
            "outcome_qualifier": None, "outcome_indicator_id": "o", "outcome_report_id": "2026_甲省"}
    [chart] = _charts([jobs], series=[])
    labels = texts(str(chart["svg"]))
    assert "100万 以上" in labels and "115.8万" in labels, labels
    assert not any("e+" in t for t in labels)


def test_a_chart_filled_into_the_compiled_vega_template_draws_as_its_vega_lite_spec():
    # bar_chart_svg fills rows and titles into a Vega spec compiled once; it must draw what the
    # Vega-Lite spec with the same rows and titles draws (compiled per chart, as vl-convert does).
    import json

    from flows.publish.charts import ChartRow, _bar_spec, bar_chart_svg, render_svg

    rows = [ChartRow("浙江省", 5e7, 1.2e8, "5000万—1.2亿元", "reports/zj.html#f-1"),
            ChartRow("海南省", 3e6, None, "300万元左右", None)]
    svg = bar_chart_svg(rows, title="固定资产投资 — targets for 2026", unit_title="人民币元 (CNY)",
                        chinese_numbers=True)
    spec = json.loads(_bar_spec(True))
    spec["datasets"] = {"rows": [{"label": r.label, "value": r.value, "high": r.high if r.high is not None else r.value,
                                  "text": r.text, "href": r.href, "order": i} for i, r in enumerate(rows)]}
    spec["title"] = "固定资产投资 — targets for 2026"
    for layer in spec["layer"]:
        if "title" in layer["encoding"]["x"]:
            layer["encoding"]["x"]["title"] = "人民币元 (CNY)"
    assert svg == render_svg(spec)
    assert "人民币元 (CNY)" in svg and "固定资产投资 — targets for 2026" in svg and "1.2亿" in svg
    assert 'href="reports/zj.html#f-1"' in svg
