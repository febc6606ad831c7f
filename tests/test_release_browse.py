"""A release people can open, browse and query without writing code: gwr.duckdb, the README's
commands, the static site, spreadsheets notes, sources and citation."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shlex
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml

from flows.publish.release import publish_release
from flows.publish.sample import sample_quality, sample_sources, sample_tables
from flows.publish.site import bar_chart, one_per_report, page_name, point_map
from flows.publish.sources import SourcesError, attach_sources, read_sources, with_sources
from schemas import TABLES, columns
from schemas.tables import EXTRACT_VOCAB

from conftest import REPO

T0 = dt.datetime(2024, 3, 1, 8, 0, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("browse")
    publish_release(sample_tables(), output_dir=out, sources=sample_sources(), quality=sample_quality(), now=T0)
    return out / "v1.0.0"


def sums_ok(folder: Path) -> str:
    done = subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
    listed = {line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text().splitlines()}
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    return "ok" if done.returncode == 0 and listed == present else done.stdout + str(present ^ listed)


# --------------------------------------------------------------------------- gwr.duckdb


def test_ready_database_has_typed_tables_keys_and_the_schemas_comments(release):
    con = duckdb.connect(str(release / "gwr.duckdb"), read_only=True)
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    assert counts == {t: len(df) for t, df in sample_tables().items()}
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                             "WHERE table_name = 'reports'").fetchall())
    assert (types["adcode"], types["delivered_on"], types["published_on"], types["report_year"]) == (
        "VARCHAR", "DATE", "DATE", "BIGINT")
    constraints = set(con.execute("SELECT table_name, constraint_type, constraint_column_names[1] "
                                  "FROM duckdb_constraints() WHERE constraint_type IN "
                                  "('PRIMARY KEY', 'FOREIGN KEY')").fetchall())
    for name, spec in TABLES.items():
        assert (name, "PRIMARY KEY", spec.primary_key) in constraints
        for fk in spec.foreign_keys:
            assert (name, "FOREIGN KEY", fk.column) in constraints
    comments = dict(con.execute("SELECT column_name, comment FROM duckdb_columns() "
                                "WHERE table_name = 'indicators'").fetchall())
    for c in columns("indicators"):
        assert comments[c.name] == f"{c.description} — {c.description_zh}"
    # the journalist's question: the GDP growth target of each report's plan year
    rows = con.execute("SELECT r.region_name, i.value_text FROM indicators i JOIN reports r USING (report_id) "
                       "WHERE i.indicator_code = 'gdp' AND i.kind = 'actual'").fetchall()
    assert sorted(rows) == [("新绛县", "184.1亿元"), ("新绛县", "6%")]


def test_load_script_is_rerunnable_and_writes_outside_the_release(release, tmp_path):
    db = tmp_path / "mine.duckdb"
    sql = (release / "load_duckdb.sql").read_text(encoding="utf-8")
    for _ in range(2):  # a second run replaces the tables instead of failing
        con = duckdb.connect(str(db))
        con.execute(f"SET file_search_path = '{release}'")
        con.execute(sql)
        con.close()
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM place_mentions").fetchone() == (3,)
    assert "SET file_search_path" in sql and "duckdb gwr.duckdb < load_duckdb.sql" not in sql
    assert sums_ok(release) == "ok"


def readme_commands(readme: str) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    return [line for b in blocks for line in b.splitlines() if line.startswith("python -c ")]


def test_every_python_command_of_the_release_readme_runs_from_the_release_folder(release, tmp_path):
    work = tmp_path / "out"
    shutil.copytree(release.parent, work)  # the README writes ../my.duckdb: keep it in a copy
    folder = work / release.name
    commands = readme_commands((folder / "README.md").read_text(encoding="utf-8"))
    assert len(commands) == 3
    for command in commands:
        args = shlex.split(command)
        assert args[:2] == ["python", "-c"]
        done = subprocess.run([sys.executable, "-c", args[2]], cwd=folder, capture_output=True, text=True)
        assert done.returncode == 0, command + "\n" + done.stderr
    assert (work / "my.duckdb").exists()
    assert "18410000000.0" in subprocess.run([sys.executable, "-c", shlex.split(commands[2])[2]], cwd=folder,
                                             capture_output=True, text=True).stdout
    assert sums_ok(folder) == "ok"  # nothing written inside the release


def test_project_readme_duckdb_commands_run_from_the_repository_root(release, tmp_path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "reports.duckdb" not in readme and "duckdb gwr.duckdb <" not in readme
    for name in ("gwr.duckdb", "load_duckdb.sql", "CITATION.cff", "site/index.html"):
        assert name in readme and (release / name).exists(), name
    root = tmp_path / "clone"
    shutil.copytree(release.parent, root / "output")
    commands = [line for b in re.findall(r"```sh\n(.*?)```", readme, flags=re.S) for line in b.splitlines()
                if line.startswith(".venv/bin/python -c ") and "duckdb" in line]
    assert len(commands) == 2
    outputs = []
    for command in commands:
        args = shlex.split(command)
        done = subprocess.run([sys.executable, "-c", args[2]], cwd=root, capture_output=True, text=True)
        assert done.returncode == 0, command + "\n" + done.stderr
        outputs.append(done.stdout)
    assert "region_name" in outputs[0]  # the sample has no GDP target: an empty, typed answer
    con = duckdb.connect(str(root / "my.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM indicators").fetchone() == (3,)
    assert sums_ok(root / "output" / "v1.0.0") == "ok"


# --------------------------------------------------------------------------- site


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.sources: list[str] = []
        self.tags: dict[str, int] = {}
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag in ("script", "img", "link", "iframe") or (tag == "use" and "href" in a):
            self.sources.append(a.get("src") or a.get("href") or tag)

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_site_pages_link_only_to_files_of_the_release_and_load_nothing(release):
    pages = sorted((release / "site").rglob("*.html"))
    assert [p.relative_to(release).as_posix() for p in pages] == [
        "site/codebook.html", "site/index.html", "site/indicators.html", "site/map.html",
        "site/regions/140825.html", "site/reports/r-140825-2024.html", "site/tables.html"]
    from urllib.parse import unquote, urldefrag
    for path in pages:
        page = parse(path)
        assert page.sources == [], path  # no script, image or stylesheet to fetch
        for href in page.links:
            if href.startswith(("http://", "https://")):
                assert href == "https://example.org/xinjiang/2024/gzbg.html"  # the report's source
                continue
            target, _ = urldefrag(href)
            assert (path.parent / unquote(target)).resolve().exists(), (path.name, href)


def test_index_shows_coverage_reports_citation_and_files(release):
    page = parse(release / "site" / "index.html")
    text = "".join(page.text)
    assert {"coverage-table", "reports", "citation", "files"} <= page.ids
    assert "新绛县" in text and "新绛县人民政府" in text
    assert "gov-work-reports contributors (2024)" in text and "version 1.0.0" in text
    assert {"../gwr.duckdb", "../SHA256SUMS", "../CITATION.cff"} <= set(page.links)


def test_report_page_puts_targets_beside_outcomes_pledges_by_theme_and_places_on_a_map(release, tmp_path):
    tables = sample_tables()
    target = tables["indicators"].iloc[1].to_dict() | {
        "indicator_id": "r-140825-2024-i004", "kind": "target", "period": 2024, "value": 6.5,
        "value_std": 6.5, "value_text": "6.5%", "qualifier": "左右", "char_start": 3000, "char_end": 3004}
    tables["indicators"] = pd.concat([tables["indicators"], pd.DataFrame([target])], ignore_index=True)
    publish_release(tables, output_dir=tmp_path, sources=sample_sources(), quality=sample_quality(), now=T0)
    site = tmp_path / "v1.0.0" / "site"
    raw = (site / "reports" / "r-140825-2024.html").read_text(encoding="utf-8")
    row = re.search(r'<table id="headline-table">.*?</table>', raw, flags=re.S).group(0)
    cells = re.findall(r"<td>(.*?)</td>", row)
    assert cells == [f"{target['indicator_en']} <code>gdp</code>", "growth_rate", "6.5% 左右", "6%"]
    assert "增进民生福祉 — 1" in raw and "(no heading 无标题) — 1" in raw
    assert raw.count('<circle class="point"') == 2  # 新绛县 and 运城市 have coordinates, 汾河 none
    charts = (site / "indicators.html").read_text(encoding="utf-8")
    assert charts.count('<rect class="bar"') == 1 and "6.5% 左右" in charts


def test_codebook_and_dictionary_explain_every_qualifier_of_the_vocabulary(release):
    with open(EXTRACT_VOCAB / "qualifiers.csv", encoding="utf-8") as fh:
        vocab = list(csv.DictReader(fh))
    assert {"以上", "左右", "以内", "不低于", "超过", "力争"} <= {q["qualifier"] for q in vocab}
    codebook = (release / "site" / "codebook.html").read_text(encoding="utf-8")
    dictionary = (release / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    for q in vocab:
        assert f"<td>{q['qualifier']}</td><td>{q['meaning_en']}</td>" in codebook, q
        assert f"| {q['qualifier']} | {q['meaning_en']} | {q['meaning_zh']} |" in dictionary, q
    assert "<code>gdp</code>" in codebook


def test_bar_chart_draws_ranges_and_negative_values():
    chart = bar_chart([{"label": "甲", "value": 5.0, "high": 5.5, "value_label": "5%—5.5%", "title": ""},
                       {"label": "乙", "value": -2.0, "high": None, "value_label": "-2%", "title": ""}],
                      label="gdp growth_rate")
    a, b = chart["bars"]
    assert a["x"] == chart["zero"] and a["range_x"] == round(a["x"] + a["w"], 1) and a["range_w"] > 0
    assert b["x"] < chart["zero"] and round(b["x"] + b["w"], 1) == chart["zero"] and b["range_w"] is None
    assert [t["label"] for t in chart["ticks"]][0] == "-2" and chart["ticks"][-1]["label"] == "6"


def test_point_map_puts_north_up_and_east_right():
    m = point_map([{"name": "哈尔滨", "lon": 126.6, "lat": 45.8, "n": 1, "title": ""},
                   {"name": "海口", "lon": 110.3, "lat": 20.0, "n": 4, "title": ""},
                   {"name": "无坐标", "lon": None, "lat": None, "n": 9, "title": ""}], label="t")
    by = {p["name"]: p for p in m["points"]}
    assert set(by) == {"哈尔滨", "海口"}
    assert by["哈尔滨"]["x"] > by["海口"]["x"] and by["哈尔滨"]["y"] < by["海口"]["y"]
    assert by["海口"]["r"] > by["哈尔滨"]["r"]


def test_one_target_per_report_prefers_the_plan_year_then_the_first_stated():
    df = pd.DataFrame({"report_id": ["a", "a", "a", "b"], "period": [2030, 2026, 2026, 2026],
                       "report_year": [2026] * 4, "char_start": [10, 50, 90, 5], "value_text": ["x", "y", "z", "w"]})
    assert one_per_report(df)["value_text"].tolist() == ["y", "w"]


def test_page_names_are_safe_and_distinct():
    assert page_name("2026_浙江省") == "2026_浙江省.html"
    odd = [page_name("a b"), page_name("a?b"), page_name("a_b")]
    assert len(set(odd)) == 3 and all(re.fullmatch(r"[\w.-]+\.html", n) for n in odd)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--enable-logging=stderr", "--v=0"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (.ci/run installs it)")
@pytest.mark.parametrize("page", ["index.html", "indicators.html", "map.html", "codebook.html",
                                  "tables.html", "reports/r-140825-2024.html", "regions/140825.html"])
def test_pages_render_in_headless_chromium_without_console_errors(release, tmp_path, page):
    done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                           (release / "site" / page).as_uri()], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "<main>" in done.stdout and "</html>" in done.stdout
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Failed to load" in line]
    assert console == []
    if page == "map.html":
        assert done.stdout.count('class="point"') == 2


# --------------------------------------------------------------------------- sources and citation


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_sources_csv_gives_url_publisher_and_date_per_report(tmp_path):
    write(tmp_path / "sources.csv", "\ufeffsource_file,source_url,publisher,published_on\n"
          "2026_浙江省.txt,https://www.zj.gov.cn/art/2026/1/20/art_1.html,浙江省人民政府,2026-01-20\n"
          "2026_河北省.txt,,河北省人民政府,\n")
    meta = read_sources(tmp_path)
    assert meta == {
        "2026_浙江省.txt": {"source_url": "https://www.zj.gov.cn/art/2026/1/20/art_1.html",
                          "publisher": "浙江省人民政府", "published_on": dt.date(2026, 1, 20)},
        "2026_河北省.txt": {"source_url": None, "publisher": "河北省人民政府", "published_on": None}}
    reports = pd.DataFrame({"report_id": ["a", "b"], "source_file": ["2026_浙江省.txt", "2026_湖北省.txt"],
                            "source_url": [None, None], "publisher": [None, None], "published_on": [None, None]})
    out = attach_sources(reports, meta)
    assert out["publisher"].iloc[0] == "浙江省人民政府" and pd.isna(out["publisher"].iloc[1])
    assert list(out.columns) == list(reports.columns)
    assert with_sources([{"source_file": "2026_浙江省.txt", "sha256": "x", "bytes": 1}], meta) == [
        {"source_file": "2026_浙江省.txt", "sha256": "x", "bytes": 1,
         "source_url": "https://www.zj.gov.cn/art/2026/1/20/art_1.html", "publisher": "浙江省人民政府",
         "published_on": "2026-01-20"}]
    assert read_sources(tmp_path / "nowhere") == {}


@pytest.mark.parametrize("text, message", [
    ("source_file,url\na.txt,x\n", "columns must be source_file,source_url,publisher,published_on (unknown: url)"),
    ("source_file,published_on\na.txt,20.1.2026\n", "line 2: published_on is not a date YYYY-MM-DD: '20.1.2026'"),
    ("source_file,source_url\na.txt,www.gov.cn\n", "line 2: source_url is not an http(s) address: 'www.gov.cn'"),
    ("source_file,publisher\na.txt,甲\na.txt,乙\n", "line 3: a.txt is listed twice"),
])
def test_a_bad_sources_csv_is_refused_with_the_line(tmp_path, text, message):
    write(tmp_path / "sources.csv", text)
    with pytest.raises(SourcesError) as err:
        read_sources(tmp_path)
    assert str(err.value) == f"{tmp_path / 'sources.csv'}: {message}" or str(err.value).endswith(message)


def test_release_carries_sources_and_a_citation(release):
    cff = yaml.safe_load((release / "CITATION.cff").read_text(encoding="utf-8"))
    assert (cff["cff-version"], cff["type"], cff["version"], cff["date-released"], cff["license"]) == (
        "1.2.0", "dataset", "1.0.0", "2024-03-01", "CC-BY-4.0")
    readme = (release / "README.md").read_text(encoding="utf-8")
    assert "> gov-work-reports contributors (2024). Chinese local-government work reports" in readme
    reports = pd.read_csv(release / "reports.csv", encoding="utf-8-sig", keep_default_na=False)
    assert reports.loc[0, ["source_url", "publisher", "published_on"]].tolist() == [
        "https://example.org/xinjiang/2024/gzbg.html", "新绛县人民政府", "2024-03-05"]
    repo_cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert repo_cff["cff-version"] == "1.2.0" and repo_cff["type"] == "software"


def test_flow_reads_sources_csv_and_a_change_to_it_alone_is_a_new_release(prefect_harness, tmp_path):
    from flows import pipeline
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(REPO / "seeds" / "000_4db9355ef4d2499e.txt", seeds)
    write(seeds / "sources.csv", "source_file,source_url,publisher,published_on\n"
          "000_4db9355ef4d2499e.txt,https://example.org/a.html,新绛县人民政府,2024-03-05\n"
          "missing.txt,,某县人民政府,\n")
    kw = dict(seeds=str(seeds), output=str(tmp_path / "out"), cache_dir=str(tmp_path / "cache"))
    assert pipeline.publish_work_reports(**kw).startswith("published v1.0.0")
    folder = tmp_path / "out" / "v1.0.0"
    con = duckdb.connect(str(folder / "gwr.duckdb"), read_only=True)
    assert con.execute("SELECT source_url, publisher, published_on FROM reports").fetchall() == [
        ("https://example.org/a.html", "新绛县人民政府", dt.date(2024, 3, 5))]
    import json
    quality = json.loads((folder / "quality.json").read_text(encoding="utf-8"))
    assert quality["sources_csv"] == {"reports_with_source": 1, "lines_naming_no_input": ["missing.txt"]}
    history = json.loads((tmp_path / "out" / "releases.json").read_text(encoding="utf-8"))
    assert history["releases"][0]["sources"][0]["publisher"] == "新绛县人民政府"

    write(seeds / "sources.csv", "source_file,source_url,publisher,published_on\n"
          "000_4db9355ef4d2499e.txt,https://example.org/b.html,新绛县人民政府,2024-03-05\n")
    assert pipeline.publish_work_reports(**kw).startswith("published v1.0.1 (reports +0 -0 ~1")

    write(seeds / "sources.csv", "source_file,published_on\n000_4db9355ef4d2499e.txt,2024-3-5\n")
    with pytest.raises(pipeline.RunFailed, match="line 2: published_on is not a date YYYY-MM-DD: '2024-3-5'"):
        pipeline.publish_work_reports(**kw)
    assert (tmp_path / "out" / "LATEST").read_text() == "v1.0.1\n"
