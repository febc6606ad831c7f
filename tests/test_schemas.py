"""The pandera models are the single source of truth: every column documented, CONTRACT columns present."""

import re

import pandas as pd
import pandera.pandas as pa
import pytest

import schemas
from flows.publish.sample import sample_tables
from schemas import TABLES, columns

CJK = re.compile(r"[\u4e00-\u9fff]")

CONTRACT_COLUMNS = {
    "reports": "report_id source_file source_sha256 region_name region_level adcode province prefecture "
               "report_year review_year delivered_by delivered_by_title meeting delivered_on n_chars "
               "duplicate_paragraphs joined_fragments",
    "indicators": "indicator_id report_id kind period section indicator indicator_code measure value unit "
                  "value_std unit_std qualifier value_text char_start char_end sentence pledge_id",
    "pledges": "pledge_id report_id period seq theme topic text item_no is_livelihood_project "
               "char_start char_end",
    "places": "place_id name place_type adcode province prefecture county lon lat n_mentions",
    "place_mentions": "place_id report_id surface char_start char_end pledge_id indicator_id",
    # the third edition: targets beside their outcomes
    "target_outcomes": "target_indicator_id target_report_id adcode region_name indicator_code measure period "
                       "unit_std target_value_std target_value_std_high target_qualifier outcome_indicator_id "
                       "outcome_report_id outcome_value_std outcome_qualifier gap met",
}
# the contract's second edition (parts, multi-year periods, sources) and our own extras
EXTRA_COLUMNS = {"reports": {"is_template", "encoding", "source_type", "text_sha256",
                             "source_url", "publisher", "published_on"},
                 "indicators": {"indicator_en", "part", "period_start", "period_end", "value_high",
                                "value_std_high", "aggregation", "is_main_target",
                                "n_mentions", "other_offsets"},
                 "place_mentions": {"mention_id"}, "pledges": {"section", "spans", "part", "period_start"},
                 "places": set(), "target_outcomes": {"is_main_target"}}


def undocumented(model) -> list[str]:
    """Columns of `model` lacking a title, an English description or a Chinese one."""
    missing = []
    for c in columns_of(model):
        if not c.title or not c.description or CJK.search(c.description_zh or "") is None \
                or CJK.search(c.title_zh or "") is None:
            missing.append(c.name)
    return missing


def columns_of(model):
    spec = schemas.TableSpec("t", model, "x", (), "t", "表", "d", "说明")
    return columns(spec)


def test_registry_holds_the_tables_in_load_order():
    assert list(TABLES) == ["reports", "pledges", "indicator_codes", "indicators", "places", "place_mentions",
                            "target_outcomes", "series"]


@pytest.mark.parametrize("table", list(CONTRACT_COLUMNS))
def test_columns_are_exactly_the_contract_plus_documented_extras(table):
    assert set(TABLES[table].columns) == set(CONTRACT_COLUMNS[table].split()) | EXTRA_COLUMNS[table]


@pytest.mark.parametrize("table", list(TABLES))
def test_every_column_has_title_and_bilingual_description(table):
    assert undocumented(TABLES[table].model) == []


def test_a_column_without_description_is_caught():
    class Bad(pa.DataFrameModel):
        a: pa.typing.Series[str] = pa.Field(title="A", description="An a.",
                                            metadata={"title_zh": "甲", "description_zh": "甲。"})
        b: pa.typing.Series[str] = pa.Field(title="B")
        c: pa.typing.Series[str] = pa.Field(title="C", description="A c.", metadata={"title_zh": "丙"})

    assert undocumented(Bad) == ["b", "c"]


def test_primary_and_foreign_keys_are_declared():
    assert {n: s.primary_key for n, s in TABLES.items()} == {
        "reports": "report_id", "pledges": "pledge_id", "indicator_codes": "code", "indicators": "indicator_id",
        "places": "place_id", "place_mentions": "mention_id", "target_outcomes": "target_indicator_id",
        "series": "series_id"}
    fks = {(n, fk.column, fk.table, fk.ref_column) for n, s in TABLES.items() for fk in s.foreign_keys}
    assert fks == {
        ("indicators", "report_id", "reports", "report_id"),
        ("indicators", "pledge_id", "pledges", "pledge_id"),
        ("indicators", "indicator_code", "indicator_codes", "code"),
        ("pledges", "report_id", "reports", "report_id"),
        ("place_mentions", "place_id", "places", "place_id"),
        ("place_mentions", "report_id", "reports", "report_id"),
        ("place_mentions", "pledge_id", "pledges", "pledge_id"),
        ("place_mentions", "indicator_id", "indicators", "indicator_id"),
        ("target_outcomes", "target_indicator_id", "indicators", "indicator_id"),
        ("target_outcomes", "outcome_indicator_id", "indicators", "indicator_id"),
        ("target_outcomes", "target_report_id", "reports", "report_id"),
        ("target_outcomes", "outcome_report_id", "reports", "report_id"),
        ("target_outcomes", "indicator_code", "indicator_codes", "code"),
        ("series", "report_id", "reports", "report_id"),
        ("series", "indicator_id", "indicators", "indicator_id"),
        ("series", "indicator_code", "indicator_codes", "code"),
    }
    for spec in TABLES.values():
        pk = next(c for c in columns(spec) if c.name == spec.primary_key)
        assert pk.unique and not pk.nullable


def test_types_and_nullability_follow_the_contract():
    cols = {(t, c.name): c for t in TABLES for c in columns(t)}
    assert cols["reports", "adcode"].type == "string" and cols["reports", "adcode"].nullable
    assert cols["reports", "review_year"].type == "integer" and cols["reports", "review_year"].nullable
    # null only when the text states no year at all (a news summary without dates)
    assert cols["reports", "report_year"].type == "integer" and cols["reports", "report_year"].nullable
    assert cols["reports", "delivered_on"].type == "date"
    assert cols["reports", "is_template"].type == "boolean"
    assert cols["pledges", "is_livelihood_project"].type == "boolean"
    assert cols["pledges", "item_no"].nullable
    assert cols["places", "lon"].type == "number" and cols["places", "lon"].nullable
    assert cols["indicators", "value_std"].type == "number"
    assert cols["indicators", "pledge_id"].nullable and not cols["indicators", "report_id"].nullable
    assert cols["indicators", "kind"].enum == ("actual", "target")
    assert cols["indicators", "measure"].enum == ("level", "growth_rate", "share", "change")
    assert cols["reports", "region_level"].enum == ("national", "province", "prefecture", "county", "district")
    assert {"CNY", "mu", "t", "%", "pp", "count"} <= set(cols["indicators", "unit_std"].enum)
    assert cols["reports", "adcode"].pattern == r"^\d{6}$"
    assert (cols["pledges", "period"].minimum, cols["pledges", "period"].maximum) == (1949, 2100)


def test_sample_tables_validate_and_coerce():
    out = TABLES["reports"].model.validate(sample_tables()["reports"])
    assert out["adcode"].tolist() == ["140825"]
    assert str(out["review_year"].dtype) == "Int64"


def test_adcode_keeps_leading_zeros_and_rejects_five_digits():
    df = sample_tables()["places"].assign(adcode=["010100", None, "12345"])
    with pytest.raises(pa.errors.SchemaErrors) as err:
        TABLES["places"].model.validate(df, lazy=True)
    assert err.value.failure_cases["failure_case"].tolist() == ["12345"]


def test_fingerprint_is_stable_and_tracks_meaning():
    summary = schemas.schema_summary()
    assert schemas.fingerprint(summary) == schemas.fingerprint()
    changed = {t: dict(cols) for t, cols in summary.items()}
    changed["reports"]["meeting"] = {**changed["reports"]["meeting"], "meaning": "other"}
    assert schemas.fingerprint(changed) != schemas.fingerprint(summary)


def test_strict_rejects_unknown_columns():
    df = sample_tables()["reports"].assign(notes="x")
    with pytest.raises(pa.errors.SchemaErrors):
        TABLES["reports"].model.validate(df, lazy=True)


def test_empty_tables_validate():
    empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in TABLES["indicators"].columns})
    assert len(TABLES["indicators"].model.validate(empty)) == 0
