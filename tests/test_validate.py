"""validate_tables collects every failure lazily, foreign keys and duplicate keys included."""

import datetime as dt

from flows.publish.sample import sample_tables
from flows.validate import validate_tables


def test_sample_is_valid_coerced_and_sorted_by_primary_key():
    tables = sample_tables()
    tables["indicators"] = tables["indicators"].iloc[::-1]
    result = validate_tables(tables)
    assert result.ok and result.failures == []
    assert result.tables["indicators"]["indicator_id"].tolist() == [
        "r-140825-2024-i001", "r-140825-2024-i002", "r-140825-2024-i003"]
    assert result.tables["indicators"].index.tolist() == [0, 1, 2]
    assert result.tables["reports"]["delivered_on"].tolist() == [dt.date(2024, 2, 27)]
    assert str(result.tables["pledges"]["item_no"].dtype) == "Int64"


def test_every_failure_is_collected_with_table_column_check_value_and_key():
    t = sample_tables()
    t["reports"]["adcode"] = "14082"                            # pattern
    t["indicators"].loc[0, "unit_std"] = "元"                   # allowed values
    t["indicators"].loc[1, "char_end"] = 1                      # char_start < char_end
    t["indicators"].loc[2, "period"] = 1900                     # range
    t["pledges"].loc[1, "pledge_id"] = "r-140825-2024-p001"     # duplicate key
    t["place_mentions"].loc[0, "place_id"] = "pl-nowhere"       # foreign key
    t["indicators"].loc[2, "pledge_id"] = "r-140825-2024-p999"  # nullable foreign key, set but dangling

    result = validate_tables(t)

    assert not result.ok
    got = {(f["table"], f["column"], f["check"], f["value"], f["primary_key"]) for f in result.failures}
    assert got == {
        ("reports", "adcode", r"str_matches('^\d{6}$')", "14082", "r-140825-2024"),
        ("indicators", "unit_std", "allowed values", "元", "r-140825-2024-i001"),
        ("indicators", "char_start, char_end", "char_start < char_end", "2093..1", "r-140825-2024-i002"),
        ("indicators", "period", "in_range(1949, 2100)", 1900, "r-140825-2024-i003"),
        ("pledges", "pledge_id", "unique", "r-140825-2024-p001", "r-140825-2024-p001"),
        ("place_mentions", "place_id", "foreign_key(places.place_id)", "pl-nowhere", "r-140825-2024-m001"),
        ("indicators", "pledge_id", "foreign_key(pledges.pledge_id)", "r-140825-2024-p999",
         "r-140825-2024-i003"),
        # p002 no longer exists once its id was overwritten with p001's
        ("place_mentions", "pledge_id", "foreign_key(pledges.pledge_id)", "r-140825-2024-p002",
         "r-140825-2024-m003"),
    }
    assert len(result.failures) == 9  # both rows of the duplicated key are reported
    assert result.summary() == {"reports": 1, "indicators": 4, "pledges": 2, "place_mentions": 2}
    assert result.failing_keys("indicators") == {"r-140825-2024-i001", "r-140825-2024-i002",
                                                 "r-140825-2024-i003"}


def test_values_that_cannot_be_coerced_are_reported_once_per_cell():
    t = sample_tables()
    t["reports"]["report_year"] = "二〇二四"
    result = validate_tables(t)
    assert [(f["column"], f["check"], f["value"]) for f in result.failures] == [
        ("report_year", "coerce_dtype('Int64')", "二〇二四")]


def test_missing_and_unknown_columns_and_tables():
    t = sample_tables()
    t["places"] = t["places"].drop(columns=["n_mentions"]).assign(alias="运城")
    del t["place_mentions"]
    result = validate_tables(t)
    got = {(f["table"], f["column"], f["check"]) for f in result.failures}
    assert got == {("places", "alias", "column not in schema (strict)"),
                   ("places", "n_mentions", "column missing"),
                   ("place_mentions", None, "table missing")}
    assert list(result.tables["place_mentions"].columns)[0] == "mention_id"


def test_nulls_in_required_columns_fail():
    t = sample_tables()
    t["indicators"].loc[0, "sentence"] = None
    result = validate_tables(t)
    assert [(f["column"], f["check"], f["primary_key"]) for f in result.failures] == [
        ("sentence", "not_nullable", "r-140825-2024-i001")]
