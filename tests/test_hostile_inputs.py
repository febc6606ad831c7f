"""Nothing lost, nothing silent (issue 15): hostile inputs and damaged outputs, end to end.

Each test reproduces one failure an operator found (a corpus of 30 reports made from the seed
with other county names, as in the issue) and asserts the behaviour that replaced it. The
flow runs for real into temporary folders; the parse cache is shared by the module."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from flows import pipeline
from flows.pipeline import RunFailed
from flows.publish import PublishError

from conftest import SEED_DIR, bench_scale

HTML_404 = b"<html><title>404 Not Found</title><h1>Not Found</h1></html>\n"
BOM_ONLY = b"\xef\xbb\xbf"
SEED_TEXT = next(SEED_DIR.glob("*.txt")).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def corpus30(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("corpus30") / "corpus"
    bench_scale.make_corpus(target, 30, seed=3)
    return target


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def work(prefect_harness, corpus30, shared_cache, tmp_path):
    """(seeds, output, run): a fresh copy of the 30-report corpus and a run function."""
    seeds = tmp_path / "corpus"
    shutil.copytree(corpus30, seeds)
    out = tmp_path / "out"

    def run(**kw) -> str:
        return pipeline.publish_work_reports(seeds=str(seeds), output=str(out),
                                             cache_dir=str(shared_cache), **kw)
    return seeds, out, run


def latest(out: Path) -> str:
    return (out / "LATEST").read_text().strip()


def newest_failed(out: Path) -> dict:
    return json.loads(sorted((out / ".failed").glob("quality-*.json"))[-1].read_text(encoding="utf-8"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# 1 ------------------------------------------------------------------ rows dropped silently

def test_a_404_page_and_a_bom_only_file_are_failed_inputs_and_the_gate_refuses(work):
    seeds, out, run = work
    assert run().startswith("published v1.0.0 (reports +30 -0 ~0")
    names = sorted(p.name for p in seeds.iterdir())
    (seeds / names[7]).write_bytes(HTML_404)
    (seeds / names[8]).write_bytes(BOM_ONLY)

    with pytest.raises(RunFailed) as err:
        run()
    message = str(err.value)
    assert message.startswith("release gate: reports: 2 report(s) disappeared while their source "
                              f"file is still an input: {names[7][:-4]} ({names[7]}), {names[8][:-4]} ({names[8]})")
    assert "; 28 reports, 2 failed, 0 skipped (" in message
    assert latest(out) == "v1.0.0"
    reasons = {e["source_file"]: e["reason"] for e in newest_failed(out)["errors"]}
    assert reasons == {
        names[7]: "no report text found: looks like an HTML/XML page titled '404 Not Found' "
                  "(6 tags, 0 Chinese characters outside them)",
        names[8]: "no report text found: the file holds only invisible characters (a byte-order mark, spaces)",
    }

    message = run(allow_shrink=True)  # the operator accepts the loss: a release naming both files
    assert message.startswith("published v1.1.0 (reports +0 -2 ~0")
    quality = json.loads((out / "v1.1.0" / "quality.json").read_text(encoding="utf-8"))
    assert {e["source_file"] for e in quality["errors"]} == {names[7], names[8]}
    assert message.splitlines()[1] == f"28 reports, 2 failed, 0 skipped, see {out / 'v1.1.0' / 'quality.json'}"


# 2 ------------------------------------------------------- a published release deleted, id reused

def test_without_releases_json_a_published_release_is_kept_and_its_id_never_reused(work):
    seeds, out, run = work
    run()
    v1 = snapshot(out / "v1.0.0")
    (out / "releases.json").unlink()
    (seeds / "zz_new.txt").write_text(SEED_TEXT, encoding="utf-8")

    message = run()
    assert message.startswith("published v1.1.0 (reports +1 -0 ~0")
    assert message.endswith("; releases.json was missing: rebuilt from 1 release folder(s)")
    assert snapshot(out / "v1.0.0") == v1
    history = json.loads((out / "releases.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in history["releases"]] == ["v1.1.0", "v1.0.0"]
    assert history["releases"][0]["previous"] == "v1.0.0"
    # v1.0.0's entry came back from the folder's own record
    assert history["releases"][1]["content_sha256"] == json.loads(
        (out / "v1.0.0" / "release.json").read_text(encoding="utf-8"))["content_sha256"]


# 3 ---------------------------------------------- LATEST pointing nowhere, damaged files, bad JSON

def test_a_missing_latest_release_is_an_error_and_repair_withdraws_it(work):
    seeds, out, run = work
    run()
    shutil.rmtree(out / "v1.0.0")
    with pytest.raises(PublishError) as err:
        run()
    assert str(err.value) == (
        f"latest release v1.0.0 is damaged: {out / 'v1.0.0'} is missing; restore {out / 'v1.0.0'} "
        "from a backup (releases.json lists each file's sha256), or run again with --repair to "
        f"withdraw it (its folder moves to {out / '.damaged'}, its id is never reused)")
    assert latest(out) == "v1.0.0"

    message = run(repair=True)
    assert message.startswith("published v2.0.0 (")  # v1.0.0 stays taken
    assert message.endswith(f"; withdrew v1.0.0 ({out / 'v1.0.0'} is missing)")
    history = json.loads((out / "releases.json").read_text(encoding="utf-8"))
    assert [(r["id"], bool(r.get("withdrawn"))) for r in history["releases"]] == [("v2.0.0", False), ("v1.0.0", True)]
    assert latest(out) == "v2.0.0"


def test_a_truncated_parquet_of_the_latest_release_is_named_never_taken_for_no_change(work):
    seeds, out, run = work
    run()
    damaged = out / "v1.0.0" / "indicators.parquet"
    damaged.write_bytes(damaged.read_bytes()[:300])
    for _ in range(2):  # same inputs, then new inputs: the same one-line error
        with pytest.raises(PublishError, match=re.escape(
                f"latest release v1.0.0 is damaged: {damaged} does not match its sha256 in SHA256SUMS")):
            run()
        (seeds / "zz_new.txt").write_text(SEED_TEXT, encoding="utf-8")

    assert run(repair=True).startswith("published v2.0.0 (")
    kept = list((out / ".damaged").iterdir())
    assert [p.name[:7] for p in kept] == ["v1.0.0-"]
    assert (kept[0] / "indicators.parquet").stat().st_size == 300  # moved aside, not deleted


def test_a_truncated_releases_json_is_rebuilt_from_the_folders_and_kept(work):
    seeds, out, run = work
    run()
    broken = (out / "releases.json").read_bytes()[:100]
    (out / "releases.json").write_bytes(broken)

    message = run()
    assert message.startswith("no change: v1.0.0 is current\n30 reports, 0 failed, 0 skipped; "
                              "releases.json was unreadable: rebuilt from 1 release folder(s), the old "
                              "one kept as releases.json.corrupt-")
    history = json.loads((out / "releases.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in history["releases"]] == ["v1.0.0"]
    assert [p.read_bytes() for p in out.glob("releases.json.corrupt-*")] == [broken]


# 4 ------------------------------------------------------------ a new broken file, reported nowhere

def test_an_undecodable_file_as_the_only_change_is_reported(work):
    seeds, out, run = work
    run()
    (seeds / "zz_broken.txt").write_bytes(b"\x81\x30\x81" * 40)  # neither UTF-8 nor GB18030

    message = run()
    first, counts = message.splitlines()
    assert first == "no change: v1.0.0 is current"
    assert re.fullmatch(rf"30 reports, 1 failed, 0 skipped, see {re.escape(str(out / '.failed'))}"
                        r"/quality-\d{8}T\d{12}Z\.json", counts), counts
    where = Path(counts.rsplit("see ", 1)[1])
    errors = json.loads(where.read_text(encoding="utf-8"))["errors"]
    assert [e["source_file"] for e in errors] == ["zz_broken.txt"]
    assert errors[0]["reason"].startswith("not UTF-8 (invalid byte at 0)")
    assert run() == message  # nothing changed since: the same two lines, the same file named


# 6 -------------------------------------------------------------------- two files, one report_id

def test_two_files_making_one_report_id_are_named_and_the_others_publish(prefect_harness, tmp_path, shared_cache):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("a.txt", "a.TXT", "report 2024.txt", "report_2024.txt", "b.txt"):
        (seeds / name).write_text(SEED_TEXT, encoding="utf-8")
    message = pipeline.publish_work_reports(seeds=str(seeds), output=str(tmp_path / "out"),
                                            cache_dir=str(shared_cache))
    assert message.startswith("published v1.0.0 (reports +1 -0 ~0")
    quality = json.loads((tmp_path / "out" / "v1.0.0" / "quality.json").read_text(encoding="utf-8"))
    assert quality["errors"] == [
        {"source_file": "a.TXT", "reason": "report_id 'a' is also made from a.txt: rename one of the files"},
        {"source_file": "a.txt", "reason": "report_id 'a' is also made from a.TXT: rename one of the files"},
        {"source_file": "report 2024.txt",
         "reason": "report_id 'report_2024' is also made from report_2024.txt: rename one of the files"},
        {"source_file": "report_2024.txt",
         "reason": "report_id 'report_2024' is also made from report 2024.txt: rename one of the files"},
    ]


# 7 ------------------------------------------------------------------------------------- numbers

def test_hostile_numbers_and_characters_never_reach_the_tables(prefect_harness, tmp_path, shared_cache):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    anchor = "2024年"
    assert anchor in SEED_TEXT
    tricks = "城镇新增就业38\u200b80人，地区生产总值" + "9" * 400 + "亿元。"
    (seeds / "tricks.txt").write_text(SEED_TEXT.replace(anchor, anchor + tricks, 1), encoding="utf-8")
    (seeds / "nul.txt").write_text(SEED_TEXT.replace("。", "。\x00", 1), encoding="utf-8")
    (seeds / "rtl.txt").write_text(SEED_TEXT.replace("。", "。\u202e", 1), encoding="utf-8")
    out = tmp_path / "out"
    pipeline.publish_work_reports(seeds=str(seeds), output=str(out), cache_dir=str(shared_cache))

    release = out / "v1.0.0"
    indicators = pq.read_table(release / "indicators.parquet").to_pylist()
    assert indicators
    assert all(r["value"] is None or abs(r["value"]) < 1e300 for r in indicators)
    assert all(r["value_std"] is None or abs(r["value_std"]) < 1e300 for r in indicators)
    assert not [r for r in indicators if "\u200b" in r["indicator"] or r["value_text"] == "80人"]
    csv = (release / "indicators.csv").read_text(encoding="utf-8-sig")
    assert "INF" not in csv and "\x00" not in csv and "\u202e" not in csv
    quality = json.loads((release / "quality.json").read_text(encoding="utf-8"))
    assert quality["reports"]["tricks"]["dropped_unsafe"] == 2
    reasons = {e["source_file"]: e["reason"] for e in quality["errors"]}
    offset = SEED_TEXT.index("。") + 1
    assert reasons["nul.txt"].startswith(f"control character U+0000 (NUL) at offset {offset}: ")
    assert reasons["rtl.txt"].startswith(f"control character U+202E (RIGHT-TO-LEFT OVERRIDE) at offset {offset}: ")


# 10 --------------------------------------------------------------------- Markdown injection

def test_file_names_cannot_inject_markdown_into_the_release_readme(prefect_harness, tmp_path, shared_cache):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    evil = "x` | [evil](javascript:alert(1)) | `y.txt"
    (seeds / evil).write_text(SEED_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    pipeline.publish_work_reports(seeds=str(seeds), output=str(out), cache_dir=str(shared_cache))

    readme = (out / "v1.0.0" / "README.md").read_text(encoding="utf-8")
    assert "](javascript:" not in readme
    escaped = r"x\` \| \[evil\]\(javascript:alert\(1\)\) \| \`y.txt"
    row = next(line for line in readme.splitlines() if escaped in line and line.startswith("| x"))
    # still one table row of five cells: every | inside the name is escaped
    assert len(re.findall(r"(?<!\\)\|", row)) == 6
