"""End to end: the real flow on the repository's seeds/ into a temporary folder.

Also the flow's plain helpers (scan, cache, quality) — those take milliseconds."""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from flows import pipeline
from flows.report import pool
from flows.cache import ParseCache, parser_version
from flows.report.report import PARSER_FILES

from conftest import SEED_DIR

TABLES = ["reports", "indicator_codes", "indicators", "pledges", "places", "place_mentions", "target_outcomes",
          "series"]
RELEASE_FILES = {f"{t}.{ext}" for t in TABLES for ext in ("parquet", "csv")} | {
    "datapackage.json", "DATA_DICTIONARY.md", "quality.json", "SHA256SUMS"}
FOREIGN_KEYS = [  # (child table, column, parent table, column)
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
    ("series", "indicator_id", "indicators", "indicator_id"),
    ("series", "report_id", "reports", "report_id"),
]


def run_flow(seeds: Path, output: Path, cache: Path, **kw) -> str:
    return pipeline.publish_work_reports(seeds=str(seeds), output=str(output),
                                         cache_dir=str(cache), **kw)


@pytest.fixture(scope="module")
def published(prefect_harness, tmp_path_factory):
    """One run of the flow on a copy of seeds/; returns (output folder, message)."""
    base = tmp_path_factory.mktemp("e2e")
    message = run_flow(SEED_DIR, base / "output", base / "cache")
    return base, message


def test_first_run_publishes_v1_with_every_contract_file(published):
    base, message = published
    output = base / "output"
    assert message.startswith("published v1.0.0 (reports +1 -0 ~0, ")
    assert (output / "LATEST").read_text() == "v1.0.0\n"
    assert {"LATEST", "releases.json", "CHANGELOG.md", "v1.0.0"} <= {p.name for p in output.iterdir()}
    assert RELEASE_FILES <= {p.name for p in (output / "v1.0.0").iterdir()}
    releases = json.loads((output / "releases.json").read_text())
    assert [r["id"] for r in releases["releases"]] == ["v1.0.0"]
    assert releases["releases"][0]["sources"] == [{
        "source_file": "000_4db9355ef4d2499e.txt",
        "sha256": hashlib.sha256((SEED_DIR / "000_4db9355ef4d2499e.txt").read_bytes()).hexdigest(),
        "bytes": 14437}]


def test_sha256sums_verify(published):
    folder = published[0] / "output" / "v1.0.0"
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split(maxsplit=1)
        listed[name.lstrip("*")] = digest
    assert set(listed) == {p.relative_to(folder).as_posix() for p in folder.rglob("*")
                           if p.is_file() and p.name != "SHA256SUMS"}  # texts/ included
    assert "texts/000_4db9355ef4d2499e.txt" in listed
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    done = subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=folder,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_frictionless_validates_the_datapackage(published):
    folder = published[0] / "output" / "v1.0.0"
    cli = Path(sys.executable).parent / "frictionless"
    done = subprocess.run([str(cli), "validate", "--json", "datapackage.json"], cwd=folder,
                          capture_output=True, text=True)
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["valid"], done.stdout[-2000:]


def test_duckdb_and_pandas_read_every_table_and_foreign_keys_hold(published):
    folder = published[0] / "output" / "v1.0.0"
    con = duckdb.connect()
    counts = {}
    for table in TABLES:
        from_parquet = pd.read_parquet(folder / f"{table}.parquet")
        from_csv = pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)
        assert len(from_parquet) == len(from_csv)
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{folder / f'{table}.parquet'}')")
        n_csv = con.execute(f"SELECT count(*) FROM read_csv('{folder / f'{table}.csv'}', header=true)").fetchone()[0]
        counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert counts[table] == len(from_parquet) == n_csv
    assert counts["reports"] == 1 and counts["indicators"] > 0 and counts["pledges"] > 0
    for child, col, parent, pcol in FOREIGN_KEYS:
        orphans = con.execute(
            f"SELECT count(*) FROM {child} c LEFT JOIN {parent} p ON c.{col} = p.{pcol} "
            f"WHERE c.{col} IS NOT NULL AND p.{pcol} IS NULL").fetchone()[0]
        assert orphans == 0, f"{child}.{col} -> {parent}.{pcol}"
    for table, key in [("reports", "report_id"), ("indicators", "indicator_id"),
                       ("pledges", "pledge_id"), ("places", "place_id")]:
        dupes = con.execute(f"SELECT count(*) - count(DISTINCT {key}) FROM {table}").fetchone()[0]
        assert dupes == 0, table


def test_quality_json_lists_inputs_and_no_errors(published):
    quality = json.loads((published[0] / "output" / "v1.0.0" / "quality.json").read_text())
    assert quality["inputs"] == [{"source_file": "000_4db9355ef4d2499e.txt", "bytes": 14437,
                                  "sha256": quality["inputs"][0]["sha256"], "status": "ok"}]
    assert quality["errors"] == [] and quality["rejected_rows"] == []
    assert list(quality["reports"]) == ["000_4db9355ef4d2499e"]
    assert quality["totals"]["inputs"] == quality["totals"]["parsed"] == 1
    assert set(quality["totals"]["rows"]) == set(TABLES)


def _code_state():
    from flows.cache import code_version
    from flows.settings import REPO_ROOT

    return parser_version(PARSER_FILES), code_version(pipeline.CODE_ROOTS, base=REPO_ROOT)


def _skip_if_code_changed(before):
    if _code_state() != before:  # the working tree is shared with people editing the parser
        pytest.skip("parser or code files changed while this test ran")


def test_second_run_on_unchanged_inputs_parses_and_publishes_nothing(published, monkeypatch):
    base, _ = published
    before = (base / "output" / "releases.json").read_bytes()
    code = _code_state()

    def must_not_run(*args, **kw):
        raise AssertionError("did work although inputs and code are unchanged")

    monkeypatch.setattr(pool, "parse_report", must_not_run)
    monkeypatch.setattr(pipeline, "assemble_tables", must_not_run)
    message = run_flow(SEED_DIR, base / "output", base / "cache")
    _skip_if_code_changed(code)
    assert message == "no change: v1.0.0 is current\n1 report, 0 failed, 0 skipped"
    assert (base / "output" / "releases.json").read_bytes() == before
    assert sorted(p.name for p in (base / "output").iterdir() if p.name.startswith("v")) == ["v1.0.0"]


def test_rerun_without_run_record_uses_the_parse_cache(published, monkeypatch):
    """Without the fast path (no record of the last run) nothing is parsed either, and the
    publisher finds the data unchanged."""
    base, _ = published
    (base / "output" / ".last-run.json").unlink()
    code = _code_state()

    def must_not_parse(**kw):
        raise AssertionError("parsed although cached")

    monkeypatch.setattr(pool, "parse_report", must_not_parse)
    message = run_flow(SEED_DIR, base / "output", base / "cache")
    _skip_if_code_changed(code)
    assert message == "no change: v1.0.0 is current\n1 report, 0 failed, 0 skipped"
    assert (base / "output" / ".last-run.json").exists()


def test_bad_files_are_reported_by_name_and_the_seed_still_publishes(prefect_harness, seeds_copy, tmp_path):
    (seeds_copy / "broken_random.txt").write_bytes(random.Random(1).randbytes(4000))
    (seeds_copy / "broken_gbk.txt").write_bytes("县政府工作报告".encode("gbk")[:-1] + b"\xff\xfe\x81\x20" * 50)
    (seeds_copy / "empty.txt").write_bytes(b"")
    message = run_flow(seeds_copy, tmp_path / "output", tmp_path / "cache")
    assert message.startswith("published v1.0.0 (reports +1 -0 ~0")
    quality = json.loads((tmp_path / "output" / "v1.0.0" / "quality.json").read_text())
    errors = {e["source_file"]: e["reason"] for e in quality["errors"]}
    assert set(errors) == {"broken_random.txt", "broken_gbk.txt", "empty.txt"}
    assert errors["empty.txt"] == "empty file"
    assert errors["broken_random.txt"].startswith("not UTF-8")
    assert errors["broken_gbk.txt"].startswith("not UTF-8")
    statuses = {i["source_file"]: i["status"] for i in quality["inputs"]}
    assert statuses == {"000_4db9355ef4d2499e.txt": "ok", "broken_gbk.txt": "error",
                        "broken_random.txt": "error", "empty.txt": "error"}
    assert quality["totals"] | {"rows": None} == {"inputs": 4, "parsed": 1, "errors": 3, "skipped": 0,
                                                  "rejected_rows": 0, "flagged": 0, "rows": None}
    assert message.splitlines()[1] == (f"1 report, 3 failed, 0 skipped, see "
                                       f"{tmp_path / 'output' / 'v1.0.0' / 'quality.json'}")


def test_every_report_failing_fails_the_run_and_publishes_nothing(prefect_harness, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "empty.txt").write_bytes(b"")
    with pytest.raises(pipeline.RunFailed, match=r"^no report could be parsed: 1 of 1 files failed \(empty.txt: empty file\), see .*quality-.*\.json$") as info:
        run_flow(seeds, tmp_path / "output", tmp_path / "cache")
    where = Path(str(info.value).rsplit("see ", 1)[1])
    assert json.loads(where.read_text())["errors"] == [{"source_file": "empty.txt", "reason": "empty file"}]
    assert not (tmp_path / "output" / "LATEST").exists()


def test_validation_failure_fails_the_run_and_keeps_the_previous_release(published, monkeypatch, tmp_path):
    from flows.validate import ValidationResult

    base, _ = published
    (base / "output" / ".last-run.json").unlink(missing_ok=True)  # else nothing is re-validated
    failure = {"table": "indicators", "column": "unit_std", "check": "allowed values",
               "value": "furlong", "primary_key": "ind-1"}
    monkeypatch.setattr(pipeline, "validate_tables",
                        lambda tables: ValidationResult(tables=tables, failures=[failure, failure]))

    with pytest.raises(pipeline.RunFailed, match=r"^validation failed: 2 rows rejected, see .*") as info:
        run_flow(SEED_DIR, base / "output", tmp_path / "cache")
    where = Path(str(info.value).rsplit("see ", 1)[1])
    assert json.loads(where.read_text())["rejected_rows"] == [failure, failure]
    assert where.parent == base / "output" / ".failed"
    assert (base / "output" / "LATEST").read_text() == "v1.0.0\n"


# --------------------------------------------------------------------------- plain helpers


def test_cache_key_ignores_folders_but_not_names_or_content(tmp_path):
    cache = ParseCache(tmp_path, "v" * 64)
    cache.put({"x": 1}, source_file="a.txt", sha256="0" * 64)
    assert cache.get(source_file="a.txt", sha256="0" * 64) == {"x": 1}
    assert cache.get(source_file="b.txt", sha256="0" * 64) is None
    assert cache.get(source_file="a.txt", sha256="1" * 64) is None
    assert ParseCache(tmp_path, "w" * 64).get(source_file="a.txt", sha256="0" * 64) is None
    # a damaged entry is a miss, not an error
    next((tmp_path / ("v" * 16)).rglob("*.pickle")).write_bytes(b"garbage")
    assert cache.get(source_file="a.txt", sha256="0" * 64) is None


def test_parser_version_follows_file_contents_not_paths(tmp_path):
    a, b = tmp_path / "a", tmp_path / "sub" / "b"
    b.parent.mkdir()
    a.write_text("one")
    b.write_text("two")
    first = parser_version([a, b])
    moved = tmp_path / "elsewhere"
    moved.write_text("one")
    assert parser_version([b, moved]) == first
    b.write_text("three")
    assert parser_version([a, b]) != first
    assert len(parser_version(PARSER_FILES)) == 64


def test_list_seed_files_takes_visible_txt_files_in_name_order(tmp_path):
    for name in ["b.txt", "a.TXT", ".hidden.txt", "notes.md"]:
        (tmp_path / name).write_text("x")
    (tmp_path / "dir.txt").mkdir()
    assert [p.name for p in pipeline.list_seed_files(tmp_path)] == ["a.TXT", "b.txt"]


def test_progress_reports_only_long_runs(monkeypatch):
    import io

    clock = iter([0.0, 0.5, 1.0, 3.0, 3.5, 6.0])
    monkeypatch.setattr(pipeline.time, "monotonic", lambda: next(clock))
    out = io.StringIO()
    progress = pipeline.Progress(total=400, done=100, stream=out)  # t=0
    progress.add(50)   # t=0.5: too early
    progress.add(50)   # t=1.0
    progress.add(100)  # t=3.0: printed
    progress.add(50)   # t=3.5: too soon after the last
    progress.add(50)   # t=6.0: done; the final line comes from close()
    progress.close()
    assert out.getvalue() == "parsed 300/400 reports\nparsed 400/400 reports\n"


def test_summary_markdown_names_release_diff_rejections_and_errors():
    outcome_ok = pipeline.ParseOutcome(pipeline.SeedFile("a.txt", "/x/a.txt", "0" * 64, 10), None, None)
    outcome_bad = pipeline.ParseOutcome(pipeline.SeedFile("b.txt", "/x/b.txt", "1" * 64, 0), None, "empty file")
    quality = pipeline.build_quality([outcome_ok, outcome_bad], reports={}, validation=None, tables=None)
    text = pipeline.summary_markdown(quality, headline="Release v1.2.0",
                                     diff={"reports": {"added": 1, "removed": 0, "changed": 2}})
    assert text.startswith("# Release v1.2.0\n")
    assert "| reports | 1 | 2 | 0 |" in text  # added, changed, removed (columns sorted)
    assert "| b.txt | empty file |" in text
