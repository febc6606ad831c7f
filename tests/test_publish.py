"""publish_release: layout, versions, no-op runs, the release gate, the lock, the CSV injection guard."""

import datetime as dt
import fcntl
import json
import subprocess

import pandas as pd
import pyarrow.parquet as pq
import pytest

from flows.extract.codes import codebook_rows
from flows.publish import PublishError, publish_release, read_history
from flows.publish.sample import sample_quality, sample_sources, sample_tables, with_derived
from flows.publish.versioning import schema_changes
from schemas import schema_summary

T0 = dt.datetime(2024, 3, 1, 8, 0, 0, tzinfo=dt.timezone.utc)
DATA_FILES = {f"{t}.{ext}" for t in ("reports", "indicator_codes", "indicators", "pledges", "places",
                                      "place_mentions", "target_outcomes", "series")
              for ext in ("parquet", "csv")}
DOC_FILES = {"datapackage.json", "DATA_DICTIONARY.md", "quality.json", "README.md", "load_duckdb.sql",
             "release.json", "SHA256SUMS", "CITATION.cff", "gwr.duckdb"}
SITE_PAGES = {"site/index.html", "site/indicators.html", "site/map.html", "site/codebook.html",
              "site/tables.html", "site/reports/r-140825-2024.html", "site/regions/140825.html"}


def publish(tables, out, **kw):
    kw.setdefault("sources", sample_sources())
    kw.setdefault("quality", sample_quality())
    kw.setdefault("now", T0)
    return publish_release(with_derived(tables), output_dir=out, **kw)


def with_second_report(tables):
    """The sample plus 运城市's report with one indicator."""
    t = {k: v.copy() for k, v in tables.items()}
    r = t["reports"].iloc[0].to_dict() | {
        "report_id": "r-140800-2024", "source_file": "001_yuncheng.txt", "source_sha256": "b" * 64,
        "region_name": "运城市", "region_level": "prefecture", "adcode": "140800",
        "delivered_by": None, "delivered_by_title": None, "meeting": None, "delivered_on": None}
    t["reports"] = pd.concat([t["reports"], pd.DataFrame([r])], ignore_index=True)
    i = t["indicators"].iloc[0].to_dict() | {"indicator_id": "r-140800-2024-i001", "report_id": "r-140800-2024",
                                             "value": 2000.5, "value_text": "2000.5亿元",
                                             "value_std": 200050000000.0}
    t["indicators"] = pd.concat([t["indicators"], pd.DataFrame([i])], ignore_index=True)
    return t


def two_sources():
    return sample_sources() + [{"source_file": "001_yuncheng.txt", "sha256": "b" * 64, "bytes": 100}]


def test_first_release_has_every_contract_file(tmp_path):
    result = publish(sample_tables(), tmp_path)

    assert (result.release_id, result.published) == ("v1.0.0", True)
    assert result.message == ("published v1.0.0 (reports +1 -0 ~0, pledges +2 -0 ~0, "
                              f"indicator_codes +{len(codebook_rows())} -0 ~0, "
                              "indicators +3 -0 ~0, places +3 -0 ~0, place_mentions +3 -0 ~0, series +3 -0 ~0)")
    assert result.diff["indicators"] == {"added": 3, "removed": 0, "changed": 0}
    assert (tmp_path / "LATEST").read_text() == "v1.0.0\n"
    assert {p.name for p in (tmp_path / "v1.0.0").iterdir()} == DATA_FILES | DOC_FILES | {"site"}
    assert {p.name for p in tmp_path.iterdir()} == {"LATEST", "releases.json", "CHANGELOG.md", "v1.0.0", ".lock"}

    history = read_history(tmp_path)
    entry = history["releases"][0]
    assert history["latest"] == "v1.0.0"
    assert entry["created"] == "2024-03-01T08:00:00Z"
    assert entry["sources"] == sample_sources()
    assert entry["row_counts"] == {"reports": 1, "pledges": 2, "indicator_codes": len(codebook_rows()),
                                   "indicators": 3, "places": 3, "place_mentions": 3,
                                   "target_outcomes": 0, "series": 3}
    assert set(entry["files"]) == DATA_FILES | DOC_FILES
    assert entry["bump"] == "initial"
    assert len(entry["schema_fingerprint"]) == 64

    assert json.loads((tmp_path / "v1.0.0" / "quality.json").read_text()) == sample_quality()
    changelog = (tmp_path / "CHANGELOG.md").read_text()
    assert "## v1.0.0 — 2024-03-01T08:00:00Z" in changelog
    assert "| indicators | 3 | +3 | -0 | ~0 |" in changelog


def test_sha256sums_verify_with_sha256sum(tmp_path):
    publish(sample_tables(), tmp_path)
    folder = tmp_path / "v1.0.0"
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    assert len(lines) == len(DATA_FILES | DOC_FILES | SITE_PAGES) - 1  # every file but itself
    assert {line.split("  ", 1)[1] for line in lines} >= SITE_PAGES
    done = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(": OK") == len(lines)


def test_same_data_publishes_nothing(tmp_path):
    publish(sample_tables(), tmp_path)
    before = (tmp_path / "releases.json").read_bytes()

    result = publish(sample_tables(), tmp_path, now=T0 + dt.timedelta(days=1))

    assert (result.release_id, result.published) == ("v1.0.0", False)
    assert result.message == "no change: v1.0.0 is current"
    assert (tmp_path / "releases.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock", "CHANGELOG.md", "LATEST", "releases.json",
                                                          "v1.0.0"]


def test_rows_are_compared_by_key_cell_by_cell_nulls_included(tmp_path):
    publish(sample_tables(), tmp_path)
    t = sample_tables()
    t["indicators"].loc[0, "qualifier"] = "左右"        # null -> a value
    t["indicators"].loc[1, "period"] = 2024             # one number
    t["indicators"] = t["indicators"].drop(index=2)     # a row removed ...
    extra = t["indicators"].iloc[[0]].assign(indicator_id="r-140825-2024-i004", qualifier=None)
    t["indicators"] = pd.concat([t["indicators"], extra], ignore_index=True)  # ... and one added

    result = publish(t, tmp_path, allow_shrink=True)

    assert result.diff["indicators"] == {"added": 1, "removed": 1, "changed": 2}
    assert result.diff["pledges"] == {"added": 0, "removed": 0, "changed": 0}

    back = sample_tables()  # and back again: the value -> null change is seen too
    assert publish(back, tmp_path, allow_shrink=True).diff["indicators"] == \
        {"added": 1, "removed": 1, "changed": 2}


def test_changed_row_for_the_same_reports_is_a_patch(tmp_path):
    publish(sample_tables(), tmp_path)
    t = sample_tables()
    t["indicators"].loc[2, "section"] = "民生改善"

    result = publish(t, tmp_path)

    assert result.release_id == "v1.0.1"
    assert result.message == "published v1.0.1 (indicators +0 -0 ~1)"
    assert (tmp_path / "LATEST").read_text() == "v1.0.1\n"
    entry = read_history(tmp_path)["releases"][0]
    assert (entry["bump"], entry["previous"]) == ("patch", "v1.0.0")
    changelog = (tmp_path / "CHANGELOG.md").read_text()
    assert changelog.index("## v1.0.1") < changelog.index("## v1.0.0")  # newest first
    assert "Patch release: extracted rows changed for the same reports." in changelog


def test_added_report_is_a_minor_release(tmp_path):
    publish(sample_tables(), tmp_path)
    result = publish(with_second_report(sample_tables()), tmp_path, sources=two_sources())
    assert result.release_id == "v1.1.0"
    assert result.message == "published v1.1.0 (reports +1 -0 ~0, indicators +1 -0 ~0, series +1 -0 ~0)"
    assert read_history(tmp_path)["releases"][0]["reason"] == "set of reports changed: 1 added, 0 removed"


def test_schema_change_is_a_major_release(tmp_path):
    publish(sample_tables(), tmp_path)
    # Pretend v1.0.0 was published when indicators.value was text and places had an `alias` column.
    history = read_history(tmp_path)
    old_schema = history["releases"][0]["schema"]
    old_schema["indicators"]["value"]["type"] = "string"
    old_schema["places"]["alias"] = {"type": "string", "nullable": True, "meaning": "0" * 16}
    history["releases"][0]["schema_fingerprint"] = "0" * 64
    (tmp_path / "releases.json").write_text(json.dumps(history))

    result = publish(sample_tables(), tmp_path)

    assert result.release_id == "v2.0.0"
    assert result.message == "published v2.0.0 (no row changes)"
    assert read_history(tmp_path)["releases"][0]["reason"] == (
        "schema changed: indicators.value retyped string → number; places.alias removed or renamed")


def test_schema_changes_tell_breaking_from_compatible():
    old = schema_summary()
    new = json.loads(json.dumps(old))
    del new["reports"]["meeting"]
    new["reports"]["meeting_name"] = dict(old["reports"]["meeting"])
    new["pledges"]["text"]["meaning"] = "changed"
    new["places"]["lon"]["nullable"] = False
    assert schema_changes(old, new) == (
        ["pledges.text meaning/description changed", "reports.meeting removed or renamed"],
        ["places.lon no longer null", "reports.meeting_name added"],
    )


def test_gate_refuses_a_table_losing_more_than_ten_percent(tmp_path):
    publish(sample_tables(), tmp_path)
    t = sample_tables()
    t["indicators"] = t["indicators"].iloc[:1]

    with pytest.raises(PublishError) as err:
        publish(t, tmp_path)
    assert str(err.value) == ("release gate: indicators would shrink from 3 to 1 rows (-67%, limit -10%); "
                              "series would shrink from 3 to 1 rows (-67%, limit -10%) "
                              "(allow_shrink=True publishes anyway)")
    assert (tmp_path / "LATEST").read_text() == "v1.0.0\n"
    assert not list(tmp_path.glob(".tmp-*")) and not (tmp_path / "v1.0.1").exists()

    result = publish(t, tmp_path, allow_shrink=True)
    assert result.release_id == "v1.0.1"
    assert result.diff["indicators"] == {"added": 0, "removed": 2, "changed": 0}


def test_gate_refuses_a_report_vanishing_while_its_source_is_still_an_input(tmp_path):
    publish(with_second_report(sample_tables()), tmp_path, sources=two_sources())
    t = sample_tables()

    with pytest.raises(PublishError) as err:
        publish(t, tmp_path, sources=two_sources(), allow_shrink=False)
    assert "reports: 1 report(s) disappeared while their source file is still an input: " \
           "r-140800-2024 (001_yuncheng.txt)" in str(err.value)

    # once the source file is gone from the inputs, dropping its report is a minor release
    # (the indicators table still loses a quarter of its rows, so the override is needed)
    result = publish(t, tmp_path, sources=sample_sources(), allow_shrink=True)
    assert result.release_id == "v1.1.0"


def test_a_second_concurrent_run_is_refused(tmp_path):
    with open(tmp_path / ".lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(PublishError) as err:
            publish(sample_tables(), tmp_path)
    assert str(err.value) == f"another run is publishing to {tmp_path} (lock {tmp_path / '.lock'})"
    assert not (tmp_path / "LATEST").exists()
    assert publish(sample_tables(), tmp_path).release_id == "v1.0.0"  # the lock is free again


def test_invalid_tables_are_not_published(tmp_path):
    t = sample_tables()
    t["indicators"].loc[0, "kind"] = "plan"
    with pytest.raises(PublishError) as err:
        publish(t, tmp_path)
    assert str(err.value) == ("validation failed (indicators 1, series 1 failing checks); first: indicators.kind "
                              "allowed values value='plan' key='r-140825-2024-i001'")
    assert not (tmp_path / "LATEST").exists()


def test_leftover_temp_folders_are_cleaned(tmp_path):
    (tmp_path / ".tmp-abc123").mkdir()
    (tmp_path / ".tmp-abc123" / "reports.csv").write_text("half")
    publish(sample_tables(), tmp_path)
    assert not list(tmp_path.glob(".tmp-*"))


def test_csv_guards_text_cells_against_formula_injection(tmp_path):
    t = sample_tables()
    t["pledges"].loc[0, "text"] = "=HYPERLINK(\"http://x\")推进改革"
    t["pledges"].loc[1, "topic"] = "+全力办好民生实事"
    t["indicators"].loc[0, "section"] = "-经济发展"
    t["indicators"].loc[1, "section"] = "@所有人"
    t["indicators"].loc[2, "sentence"] = "'引号开头"
    t["indicators"].loc[1, ["measure", "value", "value_std", "value_text"]] = ["growth_rate", -3.0, -3.0, "下降3%"]
    publish(t, tmp_path)
    folder = tmp_path / "v1.0.0"

    pledges = pd.read_csv(folder / "pledges.csv", encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    indicators = pd.read_csv(folder / "indicators.csv", encoding="utf-8-sig", keep_default_na=False,
                             na_values=[""])
    assert pledges["text"].tolist()[0] == "'=HYPERLINK(\"http://x\")推进改革"
    assert pledges["topic"].tolist()[1] == "'+全力办好民生实事"
    assert indicators["section"].tolist()[:2] == ["'-经济发展", "'@所有人"]
    assert indicators["sentence"].tolist()[2] == "''引号开头"
    assert indicators["value"].tolist()[1] == -3.0  # numbers are never touched
    assert ",-3.0," in (folder / "indicators.csv").read_text(encoding="utf-8-sig")
    # the Parquet files keep the original text
    assert pq.read_table(folder / "pledges.parquet")["text"][0].as_py() == "=HYPERLINK(\"http://x\")推进改革"
    assert "Formula-injection guard" in (folder / "DATA_DICTIONARY.md").read_text()
    assert "Formula-injection guard" in (folder / "README.md").read_text()


def test_csv_format_is_utf8_bom_crlf_and_codes_keep_leading_zeros(tmp_path):
    t = sample_tables()
    t["places"].loc[2, ["adcode", "place_type"]] = ["010101", "district"]
    publish(t, tmp_path)
    raw = (tmp_path / "v1.0.0" / "places.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfplace_id,name,place_type,adcode,")
    assert raw.count(b"\r\n") == 4 and raw.count(b"\n") == 4
    assert ",010101," in raw.decode("utf-8-sig")
    reports = (tmp_path / "v1.0.0" / "reports.csv").read_text(encoding="utf-8-sig")
    assert ",2024-02-27," in reports and ",false," in reports


def test_tables_the_caller_just_validated_are_not_validated_again(tmp_path, monkeypatch):
    from flows.publish import release
    from flows.validate import validate_tables
    from flows.publish.sample import sample_tables
    checked = validate_tables(sample_tables())
    calls = []
    monkeypatch.setattr(release, "validate_tables", lambda t: calls.append(t) or validate_tables(t))
    result = release.publish_release(checked.tables, output_dir=tmp_path, sources=[], quality={},
                                     validated=checked)
    assert result.published and calls == []


def test_new_columns_are_a_major_release_and_the_changelog_names_them(tmp_path):
    publish(sample_tables(), tmp_path)
    # Pretend v1.0.0 was published before pledges had a part.
    history = read_history(tmp_path)
    del history["releases"][0]["schema"]["pledges"]["part"]
    history["releases"][0]["schema_fingerprint"] = "0" * 64
    (tmp_path / "releases.json").write_text(json.dumps(history))

    result = publish(sample_tables(), tmp_path)

    assert result.release_id == "v2.0.0"
    assert read_history(tmp_path)["releases"][0]["reason"] == "schema changed: pledges.part added"
    assert "pledges.part added" in (tmp_path / "CHANGELOG.md").read_text(encoding="utf-8")
