"""Issue 15's plain functions: what counts as a report, every folder entry accounted for,
ids never reused, numbers that cannot be published. Milliseconds each; the end-to-end runs
are in test_hostile_inputs.py."""

from __future__ import annotations

import math
import os

import pandas as pd
import pyarrow as pa
import pytest

from flows.cache import ParseCache
from flows.parse.evidence import hostile_characters, not_report_text, touches_invisible, utf16_without_bom
from flows.parse.reading import ReportError
from flows.report.report import parse_report
from flows.pipeline import SeedFile, parse_seed, scan_folder
from flows.publish.files import to_arrow
from flows.publish.release import recover_output, used_ids
from flows.publish.sample import sample_tables
from flows.publish.versioning import next_version

from conftest import SEED_DIR

SEED_BYTES = next(SEED_DIR.glob("*.txt")).read_bytes()


# --------------------------------------------------------------------------- is it a report?

@pytest.mark.parametrize("text", [
    "新绛县2024年政府工作报告\n全县地区生产总值增长6%。",           # a two-line summary
    "\ufeff政府工作报告\n——2024年1月10日在县第十七届人民代表大会第四次会议上",
    "<p>新绛县人民政府2024年政府工作报告全文</p>",                     # Chinese inside markup
])
def test_short_real_reports_pass_the_text_check(text):
    assert not_report_text(text) is None


@pytest.mark.parametrize("text, reason", [
    ("\ufeff", "no report text found: the file holds only invisible characters (a byte-order mark, spaces)"),
    (" \n\u200b\n", "no report text found: the file holds only invisible characters (a byte-order mark, spaces)"),
    ("<html><title>404 Not Found</title><h1>Not Found</h1></html>\n",
     "no report text found: looks like an HTML/XML page titled '404 Not Found' (6 tags, 0 Chinese characters outside them)"),
    ('<html><head><title>\u9875\u9762</title></head><body><script>var a="x";</script></body></html>',
     "no report text found: looks like an HTML/XML page titled '页面' (10 tags, 2 Chinese characters outside them)"),
    ("Government Work Report 2024: GDP grew 6%.",
     "no report text found: 0 Chinese characters, a report needs at least 10"),
])
def test_files_with_no_report_text_are_named_for_what_they_look_like(text, reason):
    assert not_report_text(text) == reason


def test_chinese_prose_with_nothing_of_a_report_is_refused_after_parsing():
    prose = "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。床前明月光，疑是地上霜。"
    with pytest.raises(ReportError, match="^no report content found: no region, year, meeting, "
                                          "speaker, pledge or figure$"):
        parse_report(source_file="poem.txt", data=prose.encode("utf-8"))


def test_hostile_characters_are_named_with_their_offset():
    assert hostile_characters("正常文本\t\n\f第二行") is None
    assert hostile_characters("ab\x07c").startswith("control character U+0007 (control character) at offset 2: ")
    assert hostile_characters("名称\u2066x").startswith("control character U+2066 (LEFT-TO-RIGHT ISOLATE) at offset 2")


def test_a_figure_touched_by_a_zero_width_character_is_unsafe():
    text = "城镇新增就业38\u200b80人，新增就业3880人"
    start = text.index("80人")
    assert touches_invisible(text, start, start + 3)
    clean = text.rindex("3880人")
    assert not touches_invisible(text, clean, clean + 5)
    assert touches_invisible(text, clean, clean + 5, "就业\u200d")  # the indicator name carries one
    assert not touches_invisible("\ufeff3880人", 1, 6)  # the byte-order mark at offset 0 is no part


def test_utf16_without_bom_is_recognised_and_byte_texts_are_not():
    text = SEED_BYTES.decode("utf-8")
    assert utf16_without_bom(text.encode("utf-16-le")) == "UTF-16-LE"
    assert utf16_without_bom(text.encode("utf-16-be")) == "UTF-16-BE"
    assert utf16_without_bom(SEED_BYTES[: len(SEED_BYTES) // 2 * 2]) is None
    assert utf16_without_bom(b"<html><title>404 Not Found</title></html>\n") is None


def test_parse_seed_names_utf16_without_bom(tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes(SEED_BYTES.decode("utf-8").encode("utf-16-le"))
    seed = SeedFile(path.name, str(path), "", 0)
    outcome = parse_seed(seed, ParseCache(tmp_path / "cache", "v"))
    assert outcome.parsed is None
    assert outcome.error.endswith("(it reads as UTF-16-LE without a byte-order mark: save it as UTF-8)")


# --------------------------------------------------------------------------- every entry accounted for

def test_every_entry_of_the_seeds_folder_is_an_input_or_skipped_with_a_reason(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_bytes(SEED_BYTES)
    (seeds / "big.txt").write_bytes(b"x" * 3000)
    (seeds / ".hidden.txt").write_bytes(SEED_BYTES)
    (seeds / "notes.md").write_text("# notes")
    (seeds / "dir.txt").mkdir()
    os.symlink("a.txt", seeds / "inside.txt")
    os.symlink("/etc/passwd", seeds / "passwd.txt")
    os.symlink("nowhere.txt", seeds / "dangling.txt")
    os.symlink("loop.txt", seeds / "loop.txt")
    (tmp_path / "outside.txt").write_bytes(SEED_BYTES)
    os.symlink(tmp_path / "outside.txt", seeds / "outside.txt")

    scan = scan_folder(seeds, max_bytes=2048 * 10)
    assert [(s.source_file, s.error) for s in scan.seeds] == [
        ("a.txt", None),
        ("big.txt", None),
        ("inside.txt", None),
        ("outside.txt", f"link to {tmp_path / 'outside.txt'}, outside the seeds folder: refused"),
        ("passwd.txt", "link to /etc/passwd, outside the seeds folder: refused"),
    ]
    assert [s.sha256 for s in scan.seeds[3:]] == ["", ""]  # never read
    assert [(k.source_file, k.reason) for k in scan.skipped] == [
        (".hidden.txt", "hidden file"),
        ("dangling.txt", "dangling link (to nowhere.txt)"),
        ("dir.txt", "a folder, not a file"),
        ("loop.txt", "symlink loop"),
        ("notes.md", "a companion file (sidecar metadata or notes), not a report"),
    ]
    small = scan_folder(seeds, max_bytes=2048)
    assert dict((s.source_file, s.error) for s in small.seeds)["a.txt"] == (
        f"file too large: {len(SEED_BYTES) / 2**20:.1f} MB, the limit is {2048 / 2**20:g} MB (--max-file-mb)")


# --------------------------------------------------------------------------- ids and numbers

def test_next_version_skips_every_id_already_taken():
    assert next_version("v1.0.0", "patch") == "v1.0.1"
    assert next_version("v1.0.0", "patch", taken={"v1.0.1", "v1.0.2"}) == "v1.0.3"
    assert next_version("v1.2.3", "minor", taken={"v1.3.0"}) == "v1.4.0"
    assert next_version(None, "initial", taken={"v1.0.0"}) == "v2.0.0"
    assert next_version("v1.9.0", "minor") == "v1.10.0"


def test_a_lone_damaged_folder_is_named_then_withdrawn_and_its_id_stays_taken(tmp_path):
    from flows.publish import PublishError

    (tmp_path / "v1.0.0").mkdir()
    (tmp_path / "v1.0.0" / "SHA256SUMS").write_text("")  # no record, nothing verifies
    with pytest.raises(PublishError, match=r"^latest release v1\.0\.0 is damaged: .*SHA256SUMS lists no table; "):
        recover_output(tmp_path)
    assert (tmp_path / "v1.0.0").is_dir()
    history = recover_output(tmp_path, repair=True)
    assert not (tmp_path / "v1.0.0").exists()
    assert [p.name[:7] for p in (tmp_path / ".damaged").iterdir()] == ["v1.0.0-"]
    assert [(r["id"], r["withdrawn"][:22]) for r in history["releases"]] == [("v1.0.0", "withdrawn by --repair:")]
    assert next_version(None, "initial", taken=used_ids(tmp_path, history)) == "v2.0.0"


def test_no_minus_zero_and_no_infinity_in_a_published_table():
    t = sample_tables()["indicators"].copy()
    t.loc[0, "value"] = -0.0
    arrow = to_arrow(t, "indicators")
    value = arrow.column("value")[0].as_py()
    assert value == 0.0 and math.copysign(1.0, value) == 1.0
    t.loc[0, "value"] = math.inf
    with pytest.raises(ValueError, match=r"^indicators\.value: non-finite number inf is never published$"):
        to_arrow(t, "indicators")


def test_a_release_whose_file_and_sums_were_both_rewritten_is_damaged(tmp_path):
    from flows.publish import PublishError, publish_release
    from flows.publish.files import sha256_file
    from flows.publish.sample import sample_quality, sample_sources

    publish_release(sample_tables(), output_dir=tmp_path, sources=sample_sources(), quality=sample_quality())
    folder = tmp_path / "v1.0.0"
    csv, sums = folder / "reports.csv", folder / "SHA256SUMS"
    old = sha256_file(csv)
    csv.write_bytes(csv.read_bytes() + b"x,y\r\n")
    sums.write_text(sums.read_text().replace(old, sha256_file(csv)))  # consistent, yet not as recorded
    with pytest.raises(PublishError) as err:
        recover_output(tmp_path)
    assert str(err.value).startswith(
        f"latest release v1.0.0 is damaged: {sums} is not the one releases.json recorded; restore ")


def test_a_release_from_before_release_json_is_recovered_and_the_same_data_is_no_change(tmp_path):
    from flows.publish import publish_release
    from flows.publish.sample import sample_quality, sample_sources

    publish_release(sample_tables(), output_dir=tmp_path, sources=sample_sources(), quality=sample_quality())
    folder = tmp_path / "v1.0.0"
    (folder / "release.json").unlink()  # as published by older code
    sums = folder / "SHA256SUMS"
    sums.write_text("".join(line + "\n" for line in sums.read_text().splitlines() if not line.endswith("release.json")))
    (tmp_path / "releases.json").unlink()

    result = publish_release(sample_tables(), output_dir=tmp_path, sources=sample_sources(), quality=sample_quality())
    assert result.message == "no change: v1.0.0 is current"
    entry = read_history_entry(tmp_path)
    assert (entry["id"], entry["bump"]) == ("v1.0.0", "recovered")
    assert entry["row_counts"]["indicators"] == len(sample_tables()["indicators"])


def read_history_entry(output_dir):
    import json

    return json.loads((output_dir / "releases.json").read_text(encoding="utf-8"))["releases"][0]


def test_a_release_with_fewer_tables_than_today_is_intact_not_damaged(tmp_path):
    """A release published before a table was added lists fewer files: it verifies against its
    own SHA256SUMS and tables, and its entry can be rebuilt without the missing table."""
    import json

    from flows.publish import publish_release
    from flows.publish.release import rebuild_history, verify_release
    from flows.publish.sample import sample_quality, sample_sources

    publish_release(sample_tables(), output_dir=tmp_path, sources=sample_sources(), quality=sample_quality())
    folder = tmp_path / "v1.0.0"
    for name in ("places.parquet", "places.csv", "release.json"):  # as if `places` came later
        (folder / name).unlink()
    sums = folder / "SHA256SUMS"
    sums.write_text("".join(line + "\n" for line in sums.read_text().splitlines()
                            if not line.endswith(("places.parquet", "places.csv", "release.json"))))
    history = json.loads((tmp_path / "releases.json").read_text(encoding="utf-8"))
    history["releases"][0]["row_counts"].pop("places")
    history["releases"][0]["files"]["SHA256SUMS"] = __import__("flows.publish.files", fromlist=["x"]).sha256_file(sums)
    (tmp_path / "releases.json").write_text(json.dumps(history), encoding="utf-8")

    assert verify_release(folder, history["releases"][0]["row_counts"]) is None
    assert recover_output(tmp_path)["releases"][0]["id"] == "v1.0.0"
    assert "places" not in rebuild_history(tmp_path)["releases"][0]["row_counts"]
    assert verify_release(folder, ["places"]) == f"{sums} does not list places.parquet"
