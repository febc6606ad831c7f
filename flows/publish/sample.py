"""A tiny dataset in the shape the pipeline produces, for tests and for trying the publisher.

The rows cite real spans of ``seeds/000_4db9355ef4d2499e.txt`` (新绛县, 2024).
``python -m flows.publish.sample OUTPUT_DIR`` publishes it.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pandas as pd

from flows.extract.codes import codebook_rows
from flows.series.outcomes import target_outcomes_table
from flows.series.series import series_table

SOURCE_FILE = "000_4db9355ef4d2499e.txt"
SOURCE_SHA256 = "a12ba6810b9b1955e3940afb2393927b9817ca988ad310330d8d98f251c3d6ac"
SENTENCE = "全县地区生产总值完成184.1亿元，同比增长6%；"


def sample_sources() -> list[dict]:
    return [{"source_file": SOURCE_FILE, "sha256": SOURCE_SHA256, "bytes": 14437}]


def sample_quality() -> dict:
    return {
        "inputs": [{"source_file": SOURCE_FILE, "encoding": "utf-8", "chars": 5041}],
        "paragraphs_deduplicated": {SOURCE_FILE: 7},
        "fragments_joined": {SOURCE_FILE: 2},
        "rejected_rows": [],
        "errors": [],
    }


def sample_tables() -> dict[str, pd.DataFrame]:
    reports = pd.DataFrame([{
        "report_id": "r-140825-2024",
        "source_file": SOURCE_FILE,
        "source_sha256": SOURCE_SHA256,
        "region_name": "新绛县",
        "region_level": "county",
        "adcode": "140825",
        "province": "山西省",
        "prefecture": "运城市",
        "report_year": 2024,
        "review_year": 2023,
        "delivered_by": "张琼",
        "delivered_by_title": "县长",
        "meeting": "新绛县第十七届人民代表大会第四次会议",
        "delivered_on": dt.date(2024, 2, 27),
        "n_chars": 5041,
        "duplicate_paragraphs": 7,
        "joined_fragments": 2,
        "is_template": False,
        "encoding": "utf-8",
        "source_type": "txt",
        "text_sha256": "a12ba6810b9b1955e3940afb2393927b9817ca988ad310330d8d98f251c3d6ac",
        "source_url": "https://example.org/xinjiang/2024/gzbg.html",
        "publisher": "新绛县人民政府",
        "published_on": dt.date(2024, 3, 5),
    }])
    pledges = pd.DataFrame([
        {"pledge_id": "r-140825-2024-p001", "report_id": "r-140825-2024", "period": 2024, "seq": 1,
         "theme": None, "topic": None, "section": None,
         "text": "积极申报国家农村综合性改革试点试验项目。", "item_no": None,
         "is_livelihood_project": False, "char_start": 4100, "char_end": 4120,
         "spans": "4100:4120", "period_start": None, "part": "plan"},
        {"pledge_id": "r-140825-2024-p002", "report_id": "r-140825-2024", "period": 2024, "seq": 2,
         "theme": "增进民生福祉", "topic": "全力办好5件民生实事", "section": "增进民生福祉",
         "text": "开展汾河流域新绛段“清废行动”，推进幸福河湖建设。", "item_no": 1,
         "is_livelihood_project": True, "char_start": 1508, "char_end": 1533,
         "spans": "1508:1533", "period_start": None, "part": "plan"},
    ])
    indicators = pd.DataFrame([
        {"indicator_id": "r-140825-2024-i001", "report_id": "r-140825-2024", "kind": "actual",
         "period": 2023, "section": "经济发展取得新成绩", "indicator": "地区生产总值",
         "indicator_code": "gdp", "indicator_en": "Gross regional product (GDP)", "measure": "level",
         "value": 184.1, "unit": "亿元", "value_std": 18410000000.0, "unit_std": "CNY",
         "qualifier": None, "value_text": "184.1亿元", "char_start": 2081, "char_end": 2088,
         "sentence": SENTENCE, "pledge_id": None, "period_start": None, "period_end": None, "part": "review",
         "value_high": None, "value_std_high": None, "aggregation": "annual",
         "is_main_target": False, "n_mentions": 1, "other_offsets": None},
        {"indicator_id": "r-140825-2024-i002", "report_id": "r-140825-2024", "kind": "actual",
         "period": 2023, "section": "经济发展取得新成绩", "indicator": "地区生产总值",
         "indicator_code": "gdp", "indicator_en": "Gross regional product (GDP)", "measure": "growth_rate",
         "value": 6.0, "unit": "%", "value_std": 6.0, "unit_std": "%",
         "qualifier": None, "value_text": "6%", "char_start": 2093, "char_end": 2095,
         "sentence": SENTENCE, "pledge_id": None, "period_start": None, "period_end": None, "part": "review",
         "value_high": None, "value_std_high": None, "aggregation": "annual",
         "is_main_target": False, "n_mentions": 1, "other_offsets": None},
        {"indicator_id": "r-140825-2024-i003", "report_id": "r-140825-2024", "kind": "actual",
         "period": 2023, "section": "民生改善交出新答卷", "indicator": "城镇新增就业",
         "indicator_code": "new_urban_jobs", "indicator_en": "New urban jobs", "measure": "level",
         "value": 3880.0, "unit": "人", "value_std": 3880.0, "unit_std": "count",
         "qualifier": None, "value_text": "3880人", "char_start": 1780, "char_end": 1785,
         "sentence": "城镇新增就业3880人，转移农村劳动力6359人。", "pledge_id": None, "period_start": None, "period_end": None,
         "part": "review", "value_high": None, "value_std_high": None, "aggregation": "annual",
         "is_main_target": False, "n_mentions": 1, "other_offsets": None},
    ])
    places = pd.DataFrame([
        {"place_id": "pl-140800", "name": "运城市", "place_type": "prefecture", "adcode": "140800",
         "province": "山西省", "prefecture": "运城市", "county": None, "lon": 111.007, "lat": 35.026,
         "n_mentions": 1},
        {"place_id": "pl-140825", "name": "新绛县", "place_type": "county", "adcode": "140825",
         "province": "山西省", "prefecture": "运城市", "county": "新绛县", "lon": 111.225, "lat": 35.616,
         "n_mentions": 1},
        {"place_id": "pl-fenhe", "name": "汾河", "place_type": "river", "adcode": None,
         "province": "山西省", "prefecture": None, "county": None, "lon": None, "lat": None,
         "n_mentions": 1},
    ])
    place_mentions = pd.DataFrame([
        {"mention_id": "r-140825-2024-m001", "place_id": "pl-140825", "report_id": "r-140825-2024",
         "surface": "新绛县", "char_start": 84, "char_end": 87, "pledge_id": None, "indicator_id": None},
        {"mention_id": "r-140825-2024-m002", "place_id": "pl-140800", "report_id": "r-140825-2024",
         "surface": "运城", "char_start": 293, "char_end": 295, "pledge_id": None, "indicator_id": None},
        {"mention_id": "r-140825-2024-m003", "place_id": "pl-fenhe", "report_id": "r-140825-2024",
         "surface": "汾河", "char_start": 1514, "char_end": 1516,
         "pledge_id": "r-140825-2024-p002", "indicator_id": None},
    ])
    indicator_codes = pd.DataFrame(codebook_rows())
    return with_derived({"reports": reports, "pledges": pledges, "indicator_codes": indicator_codes,
                         "indicators": indicators, "places": places, "place_mentions": place_mentions})


def with_derived(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """``tables`` with the tables built across reports (target_outcomes, series) made from its
    indicators and reports, as the flow's assembly makes them."""
    return {**tables, "target_outcomes": target_outcomes_table(tables["indicators"], tables["reports"]),
            "series": series_table(tables["indicators"], tables["reports"])}


def main(argv: list[str] | None = None) -> int:
    from flows.publish import PublishError, publish_release

    args = sys.argv[1:] if argv is None else argv
    output = Path(args[0] if args else "output")
    try:
        result = publish_release(sample_tables(), output_dir=output, sources=sample_sources(),
                                 quality=sample_quality())
    except PublishError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(result.message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
