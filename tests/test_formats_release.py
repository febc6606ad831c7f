"""End to end: a seeds folder of a plain text, a GBK web page, a PDF and a Word file of one
report, plus files that cannot be read, publishes four reports with the same rows, each text in
texts/<report_id>.txt, and names every unreadable file in quality.json."""
from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from flows import pipeline
from source_docs import docx_bytes, html_page, pdf_bytes

FIXTURE = Path(__file__).parent / "fixtures" / "city_report_2024.txt"


@pytest.fixture(scope="module")
def release(prefect_harness, tmp_path_factory):
    base = tmp_path_factory.mktemp("formats")
    seeds = base / "seeds"
    seeds.mkdir()
    text = FIXTURE.read_text(encoding="utf-8")
    (seeds / "a_plain.txt").write_text("下载\n打印\n【字号：大 中 小】\n来源：长治日报\n" + text, encoding="utf-8")
    (seeds / "b_page.htm").write_bytes(html_page(text, charset="gbk"))
    (seeds / "c_printed.pdf").write_bytes(pdf_bytes(text, lines_per_page=10))
    (seeds / "d_word.docx").write_bytes(docx_bytes(text))
    (seeds / "e_old.doc").write_bytes(b"\xd0\xcf\x11\xe0 old Word")
    (seeds / "f_broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    (seeds / "g_copy.html").write_bytes(html_page(text))  # two files of one report id: g_copy
    (seeds / "g_copy.txt").write_text(text, encoding="utf-8")
    message = pipeline.publish_work_reports(seeds=str(seeds), output=str(base / "out"),
                                            cache_dir=str(base / "cache"))
    assert message.startswith("published v1.0.0 (reports +4 -0 ~0")
    return base / "out" / "v1.0.0", seeds


def test_every_report_text_is_published_and_offsets_point_into_it(release):
    folder, seeds = release
    reports = pd.read_parquet(folder / "reports.parquet")
    assert dict(zip(reports.report_id, reports.source_type)) == {
        "a_plain": "txt", "b_page": "html", "c_printed": "pdf", "d_word": "docx"}
    plain = (seeds / "a_plain.txt").read_bytes()
    assert (folder / "texts" / "a_plain.txt").read_bytes() == plain  # the file's own text, unchanged
    texts = {}
    for report_id, sha in zip(reports.report_id, reports.text_sha256):
        data = (folder / "texts" / f"{report_id}.txt").read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha
        texts[report_id] = data.decode("utf-8")
    indicators = pd.read_parquet(folder / "indicators.parquet")
    for row in indicators.itertuples():
        assert texts[row.report_id][row.char_start:row.char_end] == row.value_text
    keys = ["kind", "period", "indicator", "measure", "value_std", "unit_std", "qualifier", "value_text"]
    per_report = {rid: [tuple(r) for r in group[keys].itertuples(index=False)]
                  for rid, group in indicators.sort_values(["report_id", "char_start"]).groupby("report_id")}
    assert len(per_report["a_plain"]) >= 10
    assert per_report["b_page"] == per_report["c_printed"] == per_report["d_word"] == per_report["a_plain"]
    pledges = pd.read_parquet(folder / "pledges.parquet")
    assert pledges.groupby("report_id").size().to_dict() == {r: len(pledges) // 4 for r in texts}


def test_texts_are_checksummed_and_described(release):
    folder, _ = release
    sums = (folder / "SHA256SUMS").read_text(encoding="utf-8")
    for name in ("a_plain", "b_page", "c_printed", "d_word"):
        assert f"  texts/{name}.txt\n" in sums
    assert subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=folder).returncode == 0
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"] if r.get("format") == "txt"}
    assert paths == {f"texts/{n}.txt" for n in ("a_plain", "b_page", "c_printed", "d_word")}


def test_unreadable_files_are_named_with_their_reasons(release):
    folder, _ = release
    quality = json.loads((folder / "quality.json").read_text(encoding="utf-8"))
    errors = {e["source_file"]: e["reason"] for e in quality["errors"]}
    assert errors == {
        "g_copy.html": "report_id 'g_copy' is also made from g_copy.txt: rename one of the files",
        "g_copy.txt": "report_id 'g_copy' is also made from g_copy.html: rename one of the files",
        "f_broken.pdf": errors.get("f_broken.pdf", "?"),
    }
    skipped = {s["source_file"]: s["reason"] for s in quality["skipped"]}
    assert skipped == {"e_old.doc": "not a report file type (.doc; reads .docx, .htm, .html, .pdf, .txt)"}
    assert errors["f_broken.pdf"].startswith("not a readable PDF")
    assert quality["reports"]["b_page"]["encoding"] == "gb18030"
    assert quality["reports"]["c_printed"]["removed"]["page_numbers"] >= 2
