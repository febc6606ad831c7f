"""Series across years and levels: a region's reports of several years give its series, and each
annual target meets its outcome from a later report (target_outcomes). Fixtures are short,
real-looking reports written for these tests."""

import pandas as pd
import pytest

from flows.report.assemble import assemble_tables
from flows.report.report import parse_report
from flows.series.outcomes import met
from schemas.tables import MET_RULE_EN, MET_RULE_ZH

COUNTY_2024 = """2024年新绛县人民政府工作报告
——2024年2月27日在新绛县第十七届人民代表大会第四次会议上
各位代表：
一、2023年工作回顾
全县地区生产总值完成184.1亿元，同比增长6%。
二、2024年工作安排
今年全县经济社会发展的主要预期目标是：地区生产总值增长5.5%—6%，一般公共预算收入增长5%以上，城镇新增就业3000人以上，城镇调查失业率控制在5.5%以内，单位地区生产总值能耗下降3%。
"""

COUNTY_2025 = """2025年新绛县人民政府工作报告
——2025年2月20日在新绛县第十七届人民代表大会第五次会议上
各位代表：
一、2024年工作回顾
全县地区生产总值预计增长5.8%左右，一般公共预算收入增长4.2%，城镇调查失业率5.1%，单位地区生产总值能耗下降3.5%。
过去五年，全县地区生产总值年均增长6.5%，城镇新增就业累计2.1万人。
二、2025年工作安排
今年全县经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业4000人以上。
"""

NATIONAL_2016 = """新华社北京3月17日电
政府工作报告
——2016年3月5日在第十二届全国人民代表大会第四次会议上
国务院总理 李克强
各位代表：
现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协各位委员提出意见。
一、2015年工作回顾
过去一年，国内生产总值达到67.7万亿元，增长6.9%，城镇新增就业1312万人。
2015年是“十二五”收官之年。过去五年，我国发展成就举世瞩目。一是经济持续较快发展。国内生产总值年均增长7.8%，经济总量稳居世界第二位。城镇新增就业6431万人。
二、2016年工作总体部署
今年经济社会发展的主要预期目标是：国内生产总值增长6.5%—7%，居民消费价格涨幅3%左右，城镇新增就业1000万人以上。
"""


def cells(row, *columns) -> tuple:
    """The row's cells, a missing value as None."""
    return tuple(None if pd.isna(row[c]) else row[c] for c in columns)


def tables_of(*reports: tuple[str, str]) -> dict:
    return assemble_tables([parse_report(source_file=name, data=text.encode("utf-8")) for name, text in reports])


@pytest.fixture(scope="module")
def county():
    return tables_of(("2024_新绛县.txt", COUNTY_2024), ("2025_新绛县.txt", COUNTY_2025))


def test_the_state_councils_report_is_the_countrys():
    tables = tables_of(("2016_national.txt", NATIONAL_2016))
    report = tables["reports"].iloc[0]
    assert (report["region_name"], report["region_level"], report["adcode"], report["province"]) == \
        ("全国", "national", "100000", None)
    assert report["meeting"] == "第十二届全国人民代表大会第四次会议"
    assert (report["report_year"], report["review_year"]) == (2016, 2015)
    ind = tables["indicators"]
    # the 十二五 average is no 2015 figure: the year's outcome query returns the year's growth only
    outcome = ind[(ind["indicator_code"] == "gdp") & (ind["measure"] == "growth_rate") & (ind["kind"] == "actual")
                  & (ind["period"] == 2015)]
    assert outcome["value_text"].tolist() == ["6.9%"]
    average = ind[ind["value_text"] == "7.8%"].iloc[0]
    assert cells(average, "aggregation", "period", "period_start", "period_end") == ("annual_average", None, 2011, 2015)
    # new jobs counted in a paragraph about the five years: the five years' total, not 2015's
    total = ind[ind["value_text"] == "6431万人"].iloc[0]
    assert cells(total, "indicator_code", "aggregation", "period", "period_start", "period_end") == \
        ("new_urban_jobs", "cumulative", None, 2011, 2015)
    jobs = ind[(ind["indicator_code"] == "new_urban_jobs") & (ind["kind"] == "actual") & (ind["period"] == 2015)]
    assert jobs["value_text"].tolist() == ["1312万人"]
    # one report alone: its targets, without outcomes
    to = tables["target_outcomes"]
    gdp = to[to["indicator_code"] == "gdp"].iloc[0]
    assert (gdp["adcode"], gdp["period"], gdp["target_value_std"], gdp["target_value_std_high"]) == \
        ("100000", 2016, 6.5, 7.0)
    assert to["outcome_indicator_id"].isna().all() and to["met"].isna().all()


def test_a_regions_reports_of_two_years_link_each_target_to_its_outcome(county):
    to = county["target_outcomes"].set_index(["indicator_code", "period"])
    ind = county["indicators"].set_index("indicator_id")
    gdp = to.loc[("gdp", 2024)]
    # a range: met from its low bound; the outcome is the next year's estimate, with its qualifier
    assert cells(gdp, "target_value_std", "target_value_std_high", "target_qualifier") == (5.5, 6.0, None)
    assert (gdp["outcome_value_std"], gdp["outcome_qualifier"], gdp["gap"], gdp["met"]) == (5.8, "左右", pytest.approx(0.3), True)
    assert (gdp["target_report_id"], gdp["outcome_report_id"], gdp["adcode"]) == ("2024_新绛县", "2025_新绛县", "140825")
    assert ind.loc[gdp["outcome_indicator_id"], "value_text"] == "5.8%"
    revenue = to.loc[("general_budget_revenue", 2024)]  # 以上: a floor
    assert (revenue["target_value_std"], revenue["outcome_value_std"], revenue["met"]) == (5.0, 4.2, False)
    jobless = to.loc[("surveyed_unemployment_rate", 2024)]  # 以内: a ceiling
    assert (jobless["target_value_std"], jobless["outcome_value_std"], jobless["met"]) == (5.5, 5.1, True)
    energy = to.loc[("energy_intensity", 2024)]  # lower is better: 下降3.5% meets 下降3%
    assert (energy["target_value_std"], energy["outcome_value_std"], energy["met"]) == (-3.0, -3.5, True)


def test_multi_year_figures_are_never_a_years_outcome(county):
    to = county["target_outcomes"].set_index(["indicator_code", "period"])
    jobs = to.loc[("new_urban_jobs", 2024)]
    # the five-year total (累计2.1万人) is no 2024 figure: the target waits for its outcome
    assert (jobs["target_value_std"], jobs["target_qualifier"]) == (3000, "以上")
    assert cells(jobs, "outcome_indicator_id", "outcome_value_std", "met") == (None, None, None)
    ind = county["indicators"]
    total = ind[ind["value_text"] == "2.1万人"].iloc[0]
    average = ind[ind["value_text"] == "6.5%"].iloc[0]
    assert cells(total, "aggregation", "period", "period_start", "period_end") == ("cumulative", None, 2020, 2024)
    assert cells(average, "aggregation", "period", "period_start") == ("annual_average", None, 2020)
    series = county["series"]
    gdp = series[(series["indicator_code"] == "gdp") & (series["measure"] == "growth_rate")]
    assert sorted(zip(gdp["kind"], gdp["period"], gdp["value_std"])) == [
        ("actual", 2023, 6.0), ("actual", 2024, 5.8), ("target", 2024, 5.5), ("target", 2025, 6.0)]


def test_a_target_of_the_latest_year_has_no_outcome_yet(county):
    to = county["target_outcomes"].set_index(["indicator_code", "period"])
    gdp = to.loc[("gdp", 2025)]
    assert (gdp["target_value_std"], gdp["target_qualifier"], gdp["is_main_target"]) == (6.0, "左右", True)
    assert gdp[["outcome_indicator_id", "outcome_report_id", "outcome_value_std", "gap", "met"]].isna().all()


def test_the_series_prefers_a_final_figure_to_an_estimate_and_counts_disagreements():
    later = COUNTY_2025.replace("过去五年", "经统计部门核算，全县地区生产总值增长5.9%。过去五年")
    tables = tables_of(("2024_新绛县.txt", COUNTY_2024), ("2025_新绛县.txt", later))
    row = tables["series"].set_index("series_id").loc["140825:gdp:growth_rate:actual:2024"]
    assert cells(row, "value_std", "qualifier", "report_id", "n_statements", "n_values") == (5.9, None, "2025_新绛县", 2, 2)
    outcome = tables["target_outcomes"].set_index(["indicator_code", "period"]).loc[("gdp", 2024)]
    assert cells(outcome, "outcome_value_std", "outcome_qualifier", "met") == (5.9, None, True)
    assert outcome["outcome_indicator_id"] == row["indicator_id"]


def test_the_met_rule_follows_the_qualifier_then_the_codes_direction():
    assert met(code="gdp", qualifier="左右", low=5, high=None, outcome=4.9) is False
    assert met(code="gdp", qualifier=None, low=5, high=5.5, outcome=5.0) is True
    assert met(code="cpi", qualifier="左右", low=3, high=None, outcome=0.2) is True  # lower is better
    assert met(code="surveyed_unemployment_rate", qualifier="以内", low=5.5, high=None, outcome=5.6) is False
    assert met(code="resident_population", qualifier=None, low=100, high=None, outcome=90) is None  # no direction
    assert met(code="gdp", qualifier="以上", low=5, high=None, outcome=None) is None
    # the rule is written in the data dictionary, naming the codes where lower is better
    assert "surveyed_unemployment_rate" in MET_RULE_EN and "以内" in MET_RULE_EN and "以内" in MET_RULE_ZH
