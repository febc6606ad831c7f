"""Nothing lost, nothing silent, third round (issue 24): readers that check themselves, file
names as data from outside, limits on work, escaping, any path, reproducible releases.

Each test reproduces one probe of the issue and asserts what replaced the defect: a published,
correct report, or a named failure or flag. Most call the plain functions; the few that need
the whole run use one small corpus (the seed and two generated reports)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from flows import cli, pipeline
from flows.names import display_name, file_name, printable
from flows.parse.formats import read_source
from flows.parse.formats.docx import docx_text
from flows.parse.reading import ReportError
from flows.publish import PublishError
from flows.publish.docs import release_readme
from flows.report.report import parse_report

from conftest import REPO, SEED_DIR, bench_scale
from source_docs import docx_bytes, html_page

SEED_FILE = next(SEED_DIR.glob("*.txt"))
SEED_TEXT = SEED_FILE.read_text(encoding="utf-8")


def _parsed(name: str, data: bytes):
    return parse_report(source_file=name, data=data)


@pytest.fixture(scope="module")
def seed_txt():
    return _parsed("report.txt", SEED_TEXT.encode("utf-8"))


@pytest.fixture(scope="module")
def seed_page():
    return _parsed("report.html", html_page(SEED_TEXT))


def _meta(parsed) -> dict:
    row = parsed.rows["reports"][0]
    return {k: row[k] for k in ("region_name", "report_year", "meeting", "delivered_by")}


# 1 ------------------------------------------------------------ a wrong declared charset

def test_utf8_bytes_declared_gb2312_are_read_as_utf8_and_flagged(seed_page):
    data = html_page(SEED_TEXT).replace(b"charset=utf-8", b"charset=gb2312")
    parsed = _parsed("report.html", data)
    assert _meta(parsed) == _meta(seed_page)
    assert parsed.rows["pledges"] == [dict(r) for r in seed_page.rows["pledges"]]
    assert parsed.quality["encoding"] == "utf-8"
    assert "declared charset gb2312 does not match the bytes: read as utf-8" in parsed.quality["flags"]
    assert not any("declared charset" in f for f in seed_page.quality["flags"])


def test_gbk_bytes_declared_utf8_are_read_as_gb18030_and_flagged(seed_page):
    data = html_page(SEED_TEXT, charset="gbk").replace(b"charset=gbk", b"charset=utf-8")
    parsed = _parsed("report.html", data)
    assert _meta(parsed) == _meta(seed_page)
    assert len(parsed.rows["pledges"]) == len(seed_page.rows["pledges"])
    assert "declared charset utf-8 does not match the bytes: read as gb18030" in parsed.quality["flags"]


# 2 ------------------------------------------------------------ nesting deeper than libxml2's 255

def test_a_page_nested_300_deep_loses_no_text(seed_page):
    data = html_page(SEED_TEXT).decode("utf-8")
    data = data.replace('<div class="TRS_Editor" id="zoom">', "<div>" * 300 + '<div class="TRS_Editor" id="zoom">')
    data = data.replace('<div class="share">', "</div>" * 300 + '<div class="share">')
    parsed = _parsed("report.html", data.encode("utf-8"))
    assert _meta(parsed) == _meta(seed_page)
    assert len(parsed.rows["pledges"]) == len(seed_page.rows["pledges"])
    assert len(parsed.rows["indicators"]) == len(seed_page.rows["indicators"])


def test_a_page_nested_deeper_than_the_parser_reads_is_flagged(seed_page):
    data = html_page(SEED_TEXT).decode("utf-8")
    middle = data.index("</p>", len(data) // 2)
    data = data[:middle] + "<div>" * 5000 + "<p>深</p>" + "</div>" * 5000 + data[middle:]
    parsed = _parsed("report.html", data.encode("utf-8"))
    flag = next(f for f in parsed.quality["flags"] if "Chinese characters were not read" in f)
    assert re.fullmatch(r"\d+ of the page's \d+ Chinese characters were not read \(markup nested too deep "
                        r"or broken\): rows there are lost", flag)
    assert not any("not read" in f for f in seed_page.quality["flags"])


# 3 ------------------------------------------------------------ undecodable bytes inside a page

def test_a_gbk_paragraph_in_a_utf8_page_is_flagged_with_its_count(seed_page):
    paragraphs = [p for p in SEED_TEXT.splitlines() if p.strip()]
    damaged = paragraphs[-1]
    data = html_page(SEED_TEXT).replace(damaged.encode("utf-8"), damaged.encode("gbk"))
    parsed = _parsed("report.html", data)
    assert _meta(parsed) == _meta(seed_page)  # the rest of the page is read as UTF-8, not mojibake
    flags = [f for f in parsed.quality["flags"] if "not valid utf-8" in f]
    assert len(flags) == 1 and re.match(r"\d+ byte sequence\(s\) not valid utf-8 read as U\+FFFD", flags[0])
    assert int(flags[0].split()[0]) > 0


# 4, 5, 8 ---------------------------------------------------- file names are data from outside

def test_names_of_any_bytes_are_published_as_utf8_and_printed_without_controls():
    assert display_name(os.fsdecode(b"bad\xff\xfe.txt")) == "bad\\xff\\xfe.txt"
    assert display_name(os.fsdecode("报告.txt".encode("utf-8"))) == "报告.txt"
    assert display_name("报告.txt".encode("utf-8")) == "报告.txt"
    assert printable("a\x1b]0;owned\x07b\x1b[2J\u202ec") == "a\\x1b]0;owned\\x07b\\x1b[2J\\u202ec"
    assert printable("bad\udcff.txt") == "bad\\xff.txt"


def test_a_derived_file_name_fits_255_bytes_and_stays_distinct():
    stem = "长" * 84  # 252 bytes
    a, b = file_name(stem + "a", ".html"), file_name(stem + "b", ".html")
    assert len(a.encode()) <= 255 and len(b.encode()) <= 255 and a != b
    assert a.endswith(".html") and a.startswith("长" * 70)
    assert file_name("short", ".html") == "short.html"


def test_the_cache_key_and_scan_take_a_name_that_is_not_utf8(tmp_path):
    (tmp_path / "a.txt").write_text(SEED_TEXT, encoding="utf-8")
    with open(os.path.join(os.fsencode(tmp_path), b"bad\xff\xfe.txt"), "wb") as fh:
        fh.write(SEED_TEXT.encode("utf-8"))
    scan = pipeline.scan_folder(tmp_path)
    assert [s.source_file for s in scan.seeds] == ["a.txt", "bad\\xff\\xfe.txt"]
    assert Path(scan.seeds[1].path).read_bytes() == SEED_TEXT.encode("utf-8")
    from flows.cache import ParseCache
    cache = ParseCache(tmp_path / "cache", "v" * 64)
    assert cache.key(source_file=os.fsdecode(b"bad\xff.txt"), sha256="0" * 64).startswith("0" * 64)


# 6 ------------------------------------------------------------ a DOCX zip bomb

def _bomb(inflated_mb: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(docx_bytes_io(), "r") as real, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in real.infolist():
            z.writestr(item, real.read(item))
        with z.open("word/media/padding.bin", "w", force_zip64=True) as fh:
            block = b"\0" * 2**20
            for _ in range(inflated_mb):
                fh.write(block)
    return out.getvalue()


def docx_bytes_io() -> io.BytesIO:
    return io.BytesIO(docx_bytes(SEED_TEXT))


def test_a_docx_that_inflates_far_beyond_its_size_is_refused_unread():
    data = _bomb(20)
    assert len(data) < 2**20
    with pytest.raises(ReportError, match=r"^refused: word/media/padding.bin inflates to 20 MB from 0.0 MB"):
        docx_text(data)


def test_a_docx_inflating_past_the_limit_is_refused_with_its_size(monkeypatch):
    from flows.parse.formats import docx as docx_format
    monkeypatch.setattr(docx_format, "MAX_INFLATED_MB", 4)
    monkeypatch.setattr(docx_format, "MAX_RATIO", 10**9)
    with pytest.raises(ReportError, match=r"^refused: inflates to [56] MB from 0.0 MB \(a zip bomb\? the limit is 4 MB\)"):
        docx_text(_bomb(5))
    lines, _ = docx_text(docx_bytes(SEED_TEXT))  # an ordinary Word file is read
    assert lines == [line.strip() for line in SEED_TEXT.splitlines() if line.strip()]


# 7 ------------------------------------------------------------ sources.csv text in README.md

def test_sources_csv_text_is_inert_in_the_release_readme():
    sources = [{"source_file": "a`b|c.txt", "bytes": 1, "sha256": "0" * 64,
                "publisher": "<script>alert(1)</script>|x", "published_on": "2024-01-02",
                "source_url": 'https://example.org/"><script>alert(2)</script>'}]
    readme = release_readme(version="v1.0.0", created="2024-01-01T00:00:00Z", sources=sources,
                            row_counts={}, reports=[], changelog_entry="")
    assert "<script>" not in readme
    row = next(line for line in readme.splitlines() if "alert\\(1\\)" in line)
    assert len(re.findall(r"(?<!\\)\|", row)) == 5  # four cells, none split
    assert "a\\`b\\|c.txt" in row and "`a`" not in row


def test_a_gate_refusal_and_a_failure_print_no_terminal_escapes(monkeypatch, capsys, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEED_DIR, seeds)  # a report to publish: the run gets past the check before Prefect

    def refuse(**kw):
        raise PublishError("release gate: reports: 1 report(s) disappeared: \x1b]0;owned\x07x (\x1b[2Jx.txt)")
    monkeypatch.setattr(pipeline, "publish_work_reports", refuse)
    monkeypatch.setattr("flows.serve.temporary_api", lambda meanwhile=None: _Nothing())
    assert cli.main(["run", "--seeds", str(seeds), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert err == "release gate: reports: 1 report(s) disappeared: \\x1b]0;owned\\x07x (\\x1b[2Jx.txt)\n"


class _Nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_prefect_server_failing_is_told_as_such(monkeypatch, capsys, tmp_path):
    import httpx

    request = httpx.Request("POST", "http://127.0.0.1:4200/api/flow_runs/")
    error = httpx.HTTPStatusError("Server error '500 Internal Server Error'", request=request,
                                  response=httpx.Response(500, request=request))
    assert cli.prefect_server_problem(error, home=tmp_path).startswith(
        f"Prefect's server failed (HTTP 500): its database in {tmp_path} could not be used — "
        "is the disk full? (")
    assert cli.prefect_server_problem(ValueError("x")) is None

    def fail(**kw):
        raise error
    monkeypatch.setattr(pipeline, "publish_work_reports", fail)
    monkeypatch.setattr("flows.serve.temporary_api", lambda meanwhile=None: _Nothing())
    seeds = tmp_path / "seeds"
    shutil.copytree(SEED_DIR, seeds)  # a report to publish: the run gets past the check before Prefect
    assert cli.main(["run", "--seeds", str(seeds), "--output", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("run failed: Prefect's server failed (HTTP 500)") and err.endswith("; LATEST is not set\n")


# less severe: a partial PDF, a sentence said 200,000 times ----------------------------

def _pdf_with_a_blank_page() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    lines = [p.strip() for p in SEED_TEXT.splitlines() if p.strip()]
    for page in (lines[:3], [], lines[3:6]):  # a scanned or damaged page between two text pages
        pdf.setFont("STSong-Light", 12)
        for i, line in enumerate(page):
            pdf.drawString(40, 800 - 20 * i, line[:40])
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_a_pdf_read_in_part_is_flagged_and_counted_on_the_count_line():
    source = read_source("report.pdf", _pdf_with_a_blank_page())
    assert source.flags == ("partial read: 1 PDF page(s) gave no text (scanned or damaged)",)
    quality = pipeline.build_quality([], reports={"r": {"flags": list(source.flags)}}, validation=None, tables=None)
    assert pipeline.count_line(quality) == "0 reports, 0 failed, 0 skipped, 1 flagged"


def test_a_sentence_repeated_200000_times_in_a_paragraph_is_one_pledge(seed_txt):
    # 新建1处“河东书房”。 after its list number 5., 199,999 copies after it (6.6 MB of text)
    pledge = min((p["text"] for p in seed_txt.rows["pledges"] if p["text"] in SEED_TEXT), key=len)
    text = SEED_TEXT.replace(pledge, pledge * 200_000, 1)
    parsed = _parsed("report.txt", text.encode("utf-8"))
    assert [p["text"] for p in parsed.rows["pledges"]] == [p["text"] for p in seed_txt.rows["pledges"]]
    assert parsed.quality["duplicate_sentences"] == 199_999
    assert all(text[p["char_start"]:p["char_end"]] == p["text"] for p in parsed.rows["pledges"] if not p.get("spans"))


# end to end ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus3(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("corpus3") / "seeds"
    bench_scale.make_corpus(target, 2, seed=5)
    shutil.copy(SEED_FILE, target / SEED_FILE.name)
    return target


@pytest.fixture
def run_into(prefect_harness, tmp_path):
    cache = tmp_path / "cache"

    def run(seeds: Path, out: Path, **kw) -> str:
        return pipeline.publish_work_reports(seeds=str(seeds), output=str(out), cache_dir=str(cache), **kw)
    return run


def _write(folder: Path, name: bytes, data: bytes) -> None:
    with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
        fh.write(data)


def test_a_file_name_that_is_not_utf8_is_published_under_its_escaped_name(run_into, corpus3, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(corpus3, seeds)
    _write(seeds, b"bad\xff\xfe.txt", SEED_TEXT.encode("utf-8"))
    out = tmp_path / "out"
    assert run_into(seeds, out).startswith("published v1.0.0 (reports +4 -0 ~0")
    reports = json.loads((out / "v1.0.0" / "quality.json").read_text(encoding="utf-8"))["inputs"]
    assert "bad\\xff\\xfe.txt" in {r["source_file"] for r in reports}
    assert (out / "v1.0.0" / "texts" / "bad_xff_xfe.txt").read_text(encoding="utf-8") == SEED_TEXT


@pytest.mark.slow
def test_a_run_under_the_c_locale_without_utf8_mode_publishes_chinese_names(corpus3, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(corpus3, seeds)
    shutil.copy(SEED_FILE, seeds / "新绛县政府工作报告.txt")
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0"}
    done = subprocess.run([sys.executable, "-m", "flows", "run", "--seeds", str(seeds), "--output",
                           str(tmp_path / "out")], env=env, capture_output=True, timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("published v1.0.0 (reports +4 -0 ~0")
    assert (tmp_path / "out" / "v1.0.0" / "texts" / "新绛县政府工作报告.txt").is_file()
    assert cli.utf8_mode_argv(["run"]) is None  # called with arguments (tests): never re-run


def test_a_255_byte_file_name_publishes_with_a_page_name_that_fits(run_into, corpus3, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(corpus3, seeds)
    long_name = ("长" * 83 + "ab.txt").encode("utf-8")
    assert len(long_name) == 255
    _write(seeds, long_name, SEED_TEXT.encode("utf-8"))
    out = tmp_path / "out"
    assert run_into(seeds, out).startswith("published v1.0.0 (reports +4 -0 ~0")
    pages = [p.name for p in (out / "v1.0.0" / "site" / "reports").iterdir()]
    assert len(pages) == 4 and all(len(p.encode()) <= 255 for p in pages)
    assert any(p.startswith("长" * 70) and p.endswith(".html") for p in pages)


def test_an_output_and_seeds_path_with_commas_and_quotes_receive_a_release(run_into, corpus3, tmp_path):
    seeds = tmp_path / "seeds, 'with' \"quotes\""
    shutil.copytree(corpus3, seeds)
    out = tmp_path / "out, with a comma 'and' [brackets]"
    assert run_into(seeds, out).startswith("published v1.0.0 (reports +3 -0 ~0")
    con = duckdb.connect(str(out / "v1.0.0" / "gwr.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM reports").fetchall()[0][0] == 3
    con.close()
    sql = (out / "v1.0.0" / "load_duckdb.sql").read_text(encoding="utf-8")
    assert "read_parquet('reports.parquet')" in sql and str(out) not in sql  # the shipped script stays relative


def test_a_name_with_terminal_escapes_is_printed_inert_in_a_gate_refusal(run_into, corpus3, tmp_path, capsys):
    seeds = tmp_path / "seeds"
    shutil.copytree(corpus3, seeds)
    hostile = b"\x1b]0;owned\x07title\x1b[2J.txt"
    _write(seeds, hostile, SEED_TEXT.encode("utf-8"))
    out = tmp_path / "out"
    assert run_into(seeds, out).startswith("published v1.0.0 ")
    _write(seeds, hostile, b"<html><title>404</title></html>")  # it stops parsing: the gate refuses
    capsys.readouterr()
    with pytest.raises(pipeline.RunFailed, match="release gate"):
        run_into(seeds, out, announce=True)  # as serve runs it: one line per run on stdout
    printed = capsys.readouterr().out
    assert "refused: release gate" in printed and "\\x1b]0;owned\\x07title\\x1b[2J" in printed
    assert "\x1b" not in printed and "\x07" not in printed


def test_releases_with_source_date_epoch_are_byte_identical(run_into, corpus3, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704067200")
    first, second = tmp_path / "a", tmp_path / "b"
    run_into(corpus3, first)
    run_into(corpus3, second)

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}
    a, b = files(first), files(second)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert json.loads(a["releases.json"])["releases"][0]["created"] == "2024-01-01T00:00:00Z"


def test_latest_as_a_folder_is_named_and_repair_moves_it(run_into, corpus3, tmp_path):
    out = tmp_path / "out"
    run_into(corpus3, out)
    (out / "LATEST").unlink()
    (out / "LATEST").mkdir()
    with pytest.raises(PublishError, match=r"LATEST is not a file \(a folder\?\): move it away, or run again with --repair"):
        run_into(corpus3, out)
    message = run_into(corpus3, out, repair=True)
    assert "moved the folder LATEST to .damaged/LATEST-" in message
    assert (out / "LATEST").read_text() == "v1.0.0\n"


def test_a_file_named_like_the_next_version_is_skipped_not_overwritten(run_into, corpus3, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(corpus3, seeds)
    out = tmp_path / "out"
    run_into(seeds, out)
    (out / "v1.1.0").write_text("someone's notes\n")
    (seeds / "extra.txt").write_text(SEED_TEXT, encoding="utf-8")
    assert run_into(seeds, out).startswith("published v1.2.0 ")
    assert (out / "v1.1.0").read_text() == "someone's notes\n"


def test_an_unwritable_parse_cache_is_passed_by_and_said(prefect_harness, corpus3, tmp_path):
    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("")
    message = pipeline.publish_work_reports(seeds=str(corpus3), output=str(tmp_path / "out"),
                                            cache_dir=str(not_a_folder / "parse"))
    assert message.startswith("published v1.0.0 ")
    assert f"; parse cache not used ({not_a_folder / 'parse'}: " in message
    assert message.endswith("): every report parsed afresh")


def test_failed_being_a_file_does_not_hide_the_reason(run_into, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_bytes(b"<html><title>404</title></html>")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".failed").write_text("")
    with pytest.raises(pipeline.RunFailed) as err:
        run_into(seeds, out)
    assert str(err.value).startswith("no report could be parsed: 1 of 1 files failed (a.txt: no report text "
                                     "found: looks like an HTML/XML page titled '404'")
    assert ", see no quality report: " in str(err.value)
    assert "cannot hold one (" in str(err.value)
