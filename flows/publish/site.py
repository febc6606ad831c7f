"""site/: static pages to browse a release without writing code.

HTML rendered with Jinja2 (autoescaped) from the release's own database; charts and maps are
Vega-Lite (Altair) rendered to static SVG by vl-convert (``flows.publish.charts``,
``flows.publish.maps``) and inlined. No web font, no network: the pages open from the folder
(``file://``) on a machine with no internet. Two pages use a script: ``search.html`` (its index
is a script file, ``flows.publish.search``) and the text pages, which highlight the cited span.

Pages: ``index.html`` (coverage, headline chart, citation, files), ``search.html``,
``indicators.html`` (each standard indicator's plan-year targets by region), ``map.html``,
``codebook.html`` (indicator codes as used, qualifiers, standard units), ``tables.html``
(columns and previews), one ``reports/<report>.html`` per report (answer first: targets beside
last year's outcomes, then parts, figures, pledges, places; metadata last) and, where the
release has ``texts/``, one ``texts/<report>.html`` showing the text with a figure's span
highlighted (``#c<start>-<end>``).

Size: a report's page and text page hold only that report; the cross-report pages are bounded
(MAX_CHARTS charts of at most charts.MAX_BARS bars, MAP_POINTS places), so the site grows
linearly with the reports (tests/benchmarks/bench_site.py prints bytes per report).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb
import jinja2
import pandas as pd
from markupsafe import Markup, escape

from flows.names import file_name
from flows.publish import maps
from flows.publish.charts import target_charts
from flows.publish.citation import citation_line
from flows.publish.datapackage import DATABASE_FILE, LICENSE, NAME, TITLE
from flows.publish.files import sha256_file
from flows.publish.search import INDEX_FILE, anchor, search_index, write_search_index
from flows.publish.texts import text_path
from schemas import TABLES, columns
from schemas.tables import EXTRACT_VOCAB, HERE as SCHEMAS

SITE_DIR = "site"
TEMPLATES = Path(__file__).parent / "site_templates"
PREVIEW_ROWS = 20
STATIC_FILES = ("style.css", "text.js")
REPORTS_AT_ONCE = 200
"""Reports whose rows are read from the database together to write their pages (bounds memory)."""
MAX_CHARTS = 30
HEADLINE = ("gdp", "growth_rate")
"""The index page's chart: GDP growth targets, when the release has any."""
FILES = [
    ("gwr.duckdb", "DuckDB database, ready to query (open read-only; DuckDB 1.1 or later)"),
    ("gwr.xlsx", "Excel / LibreOffice workbook: one sheet per table, ids and value_text as text"),
    ("DATA_DICTIONARY.md", "every table and column, EN + 中文"),
    ("datapackage.json", "Frictionless Data Package v2"),
    ("README.md", "what the release covers, how to load and cite it"),
    ("CITATION.cff", "citation metadata"),
    ("SHA256SUMS", "checksums: sha256sum -c SHA256SUMS"),
    ("quality.json", "what the run saw and rejected"),
    ("load_duckdb.sql", "load the tables into a DuckDB database of your own"),
]


# --------------------------------------------------------------------------- plain helpers


def records(df: pd.DataFrame) -> list[dict]:
    """Rows as dicts with None for nulls (pandas' NA and NaN do not print well)."""
    return df.astype(object).where(df.notna(), None).to_dict("records")


def page_name(report_id: str) -> str:
    """A file name for a report's page: the id where it is a safe name, else a cleaned id with
    a short digest (two ids never share a page)."""
    safe = re.sub(r"[^\w.-]", "_", report_id)
    if safe != report_id or safe.startswith("."):
        safe = f"{safe.lstrip('.')}-{hashlib.sha256(report_id.encode()).hexdigest()[:8]}"
    return file_name(safe, ".html")  # a 255-byte id: cut, with a digest, to fit the name limit


def fmt(value: float | None) -> str:
    """A number as people write it, like the charts' ticks: 15,850,000 → 1,585万, 1.2e8 → 1.2亿."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    for scale, name in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= scale:
            return f"{value / scale:,.6g}{name}"
    return f"{value:,.6g}"


def preview_order(cols: list[str], primary_key: str) -> str:
    """The order of a table's preview: rows as they come in a report (its main targets first)
    rather than by id, which is a digest and reads as random."""
    order = [c for c in ("report_id", "char_start", "seq") if c in cols]
    if "is_main_target" in cols:
        order = ["is_main_target DESC NULLS LAST", *order]
    if "n_mentions" in cols and "report_id" not in cols:
        order = ["n_mentions DESC", *order]
    return ", ".join([*order, primary_key])


def read_csv_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def one_per_report(targets: pd.DataFrame) -> pd.DataFrame:
    """The target a chart shows for each report: in its main targets when the table says so
    (``is_main_target``), for its plan year before other years, then the first stated."""
    df = targets.copy()
    df["_main"] = ~df["is_main_target"].fillna(False).astype(bool) if "is_main_target" in df else True
    df["_year"] = df["period"] != df["report_year"]
    df = df.sort_values(["report_id", "_main", "_year", "char_start"], kind="stable")
    return df.drop_duplicates("report_id").drop(columns=["_main", "_year"])


def _value_label(row: dict) -> str:
    text = row["value_text"]
    q = row.get("qualifier")
    return f"{text} {q}" if q and q not in text else text


def headline_rows(report: dict, figures: list[dict]) -> list[dict]:
    """Per (indicator_code, measure) the report targets: its target for the plan year beside
    the outcome it reports for the review year (the first stated of each), as the rows
    themselves (``target_row``, ``actual_row``: the page links each to its characters).

    Plain Python over the report's rows: called once per report, where pandas' per-call
    overhead dominated the site's build time (measured: 8 of 28 s for 110 reports)."""
    coded = sorted((f for f in figures if f["indicator_code"] is not None), key=lambda f: f["char_start"])
    first_actual: dict[tuple, dict] = {}
    for f in coded:
        if f["kind"] == "actual" and report.get("review_year") in (None, f["period"]):
            first_actual.setdefault((f["indicator_code"], f["measure"]), f)
    out, seen = [], set()
    for t in coded:
        key = (t["indicator_code"], t["measure"])
        if t["kind"] != "target" or report.get("report_year") not in (None, t["period"]) or key in seen:
            continue
        seen.add(key)
        a = first_actual.get(key)
        out.append({"code": t["indicator_code"], "name": t["indicator_en"] or t["indicator"],
                    "measure": t["measure"], "target": _value_label(t),
                    "actual": _value_label(a) if a else None,
                    "target_row": t, "target_qualifier": _extra_qualifier(t),
                    "actual_row": a, "actual_qualifier": _extra_qualifier(a) if a else None})
    return out


def _extra_qualifier(row: dict) -> str | None:
    """The qualifier when the value's own text does not already say it (6.5%左右)."""
    q = row.get("qualifier")
    return q if q and q not in row["value_text"] else None


def part_rows(figures: list[dict], pledges: list[dict]) -> list[dict]:
    """Figures, targets and pledges per part of the report, in the order the parts come."""
    parts: dict[Any, dict] = {}
    for row, what in sorted([(f, "figures") for f in figures] + [(p, "pledges") for p in pledges],
                            key=lambda rw: rw[0]["char_start"]):
        name = row.get("part") or "—"
        part = parts.setdefault(name, {"name": name, "figures": 0, "targets": 0, "pledges": 0})
        part[what] += 1
        if what == "figures" and row["kind"] == "target":
            part["targets"] += 1
    return list(parts.values()) if any(k != "—" for k in parts) else []


def places_by_type(mentions: list[dict], place_of: dict[str, dict]) -> list[tuple[str, list[dict]]]:
    """The report's places grouped by type (most mentioned type first), each with its count and
    its first mention (to link to the text)."""
    by_place: dict[str, dict] = {}
    for m in mentions:
        p = place_of[m["place_id"]]
        entry = by_place.setdefault(m["place_id"], {"name": p["name"], "type": p["place_type"], "n": 0, "first": m})
        entry["n"] += 1
    groups: dict[str, list[dict]] = {}
    for entry in sorted(by_place.values(), key=lambda e: (-e["n"], e["first"]["char_start"])):
        groups.setdefault(entry["type"] or "other", []).append(entry)
    return sorted(groups.items(), key=lambda kv: (-sum(e["n"] for e in kv[1]), kv[0]))


# --------------------------------------------------------------------------- the site


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                              autoescape=jinja2.select_autoescape(["html"]),
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.globals["anchor"] = anchor
    return env


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    """Query results as plain dicts, None for nulls (no pandas NA to print)."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def _series(con: duckdb.DuckDBPyConnection, adcodes: list[str]) -> dict[str, list[dict]]:
    """Per adcode, its targets of earlier years with their outcomes and whether they were met,
    from ``target_outcomes`` (CONTRACT.md, Third edition) when the release has that table."""
    if not adcodes or "target_outcomes" not in _tables(con):
        return {}
    out: dict[str, list[dict]] = {}
    rows = _rows(con, """
        SELECT t.adcode, t.period, t.indicator_code, t.measure, ti.value_text AS target_text,
               t.target_qualifier, oi.value_text AS outcome_text, t.outcome_qualifier, t.met
        FROM target_outcomes t JOIN indicators ti ON ti.indicator_id = t.target_indicator_id
        LEFT JOIN indicators oi ON oi.indicator_id = t.outcome_indicator_id
        WHERE t.adcode IN (SELECT unnest(?)) AND t.outcome_indicator_id IS NOT NULL
        ORDER BY t.adcode, t.period DESC, t.indicator_code, t.measure""", [adcodes])
    for row in rows:
        out.setdefault(row["adcode"], []).append({
            "period": row["period"], "indicator_code": row["indicator_code"], "measure": row["measure"],
            "target": " ".join(x for x in (row["target_text"], row["target_qualifier"]) if x
                               and not (x == row["target_qualifier"] and x in row["target_text"])),
            "outcome": " ".join(x for x in (row["outcome_text"], row["outcome_qualifier"]) if x
                                and not (x == row["outcome_qualifier"] and x in row["outcome_text"])),
            "met": {True: "yes 是", False: "no 否"}.get(row["met"], "—")})
    return out


def _report_pages(con: duckdb.DuckDBPyConnection, *, reports: list[dict], write, folder: Path) -> None:
    """One page per report (and one page of its text, where the release has it),
    REPORTS_AT_ONCE reports' rows in memory at a time."""
    place_of = {p["place_id"]: p for p in _rows(con, "SELECT place_id, name, place_type, lon, lat FROM places")}
    for start in range(0, len(reports), REPORTS_AT_ONCE):
        chunk = reports[start:start + REPORTS_AT_ONCE]  # reports are sorted by report_id
        bounds = [chunk[0]["report_id"], chunk[-1]["report_id"]]
        grouped: dict[str, dict[str, list[dict]]] = {}
        for table, order in (("indicators", "char_start"), ("pledges", "seq"), ("place_mentions", "char_start")):
            for row in _rows(con, f"SELECT * FROM {table} WHERE report_id BETWEEN ? AND ? "
                                  f"ORDER BY report_id, {order}", bounds):
                grouped.setdefault(row["report_id"], {}).setdefault(table, []).append(row)
        series = _series(con, sorted({r["adcode"] for r in chunk if r.get("adcode")}))
        for r in chunk:
            rows = grouped.get(r["report_id"], {})
            figs, pls, mentions = rows.get("indicators", []), rows.get("pledges", []), rows.get("place_mentions", [])
            themes: dict[Any, list] = {}
            for p in pls:
                themes.setdefault(p["theme"], []).append(p)
            text_page = None
            txt = folder / text_path(r["report_id"])
            if txt.exists():
                text_page = "../texts/" + page_name(r["report_id"])  # UTF-8 in href: a third of %-escapes
                write("texts/" + page_name(r["report_id"]), "text.html", root="../", r=r,
                      txt=quote(text_path(r["report_id"])), report_page="../" + r["page"],
                      text_json=script_json(txt.read_text(encoding="utf-8")))
            places = places_by_type(mentions, place_of)
            write(r["file"], "report.html", root="../", r=r, text_page=text_page,
                  facts=[(k, r.get(k)) for k in TABLES["reports"].columns],
                  headline=headline_rows(r, figs), series=series.get(r.get("adcode"), []),
                  parts=part_rows(figs, pls), pledges=list(themes.items()), n_pledges=len(pls),
                  n_targets=sum(1 for f in figs if f["kind"] == "target"),
                  places=places, n_places=sum(len(v) for _, v in places),
                  map_svg=report_map(r, mentions, place_of, text_page=text_page), figures=figs)


def script_json(text: str) -> Markup:
    """``text`` as a JavaScript string literal safe inside <script>: JSON with the characters
    that could end the script (``<``, ``>``, ``&``) escaped; Chinese kept as it is (a third of
    the bytes of ``\\uXXXX``)."""
    return Markup(json.dumps(text, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
                  .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def build_site(folder: Path, *, version: str, created: str) -> Path:
    """Write ``folder/site/`` from the release's database ``folder/gwr.duckdb`` (built first)."""
    from flows.publish.site_regions import region_page, region_pages  # it draws with this module's helpers
    folder = Path(folder)
    site = folder / SITE_DIR
    (site / "reports").mkdir(parents=True, exist_ok=True)
    (site / "texts").mkdir(parents=True, exist_ok=True)
    for static in STATIC_FILES:  # shared by every page instead of repeated in each
        (site / static).write_bytes((TEMPLATES / static).read_bytes())
    env = _env()
    release = {"version": version, "created": created, "name": NAME, "title": TITLE,
               "license": LICENSE["name"], "citation": citation_line(version=version, created=created)}

    def write(page: str, template: str, root: str = "", **context: Any) -> None:
        (site / page).write_text(env.get_template(template).render(release=release, root=root, **context),
                                 encoding="utf-8")

    con = duckdb.connect(str(folder / DATABASE_FILE), read_only=True)
    try:
        reports = _rows(con, """
            SELECT r.*, (SELECT count(*) FROM indicators i WHERE i.report_id = r.report_id AND i.kind = 'target') AS n_targets,
                   (SELECT count(*) FROM pledges p WHERE p.report_id = r.report_id) AS n_pledges
            FROM reports r ORDER BY r.report_id""")
        for r in reports:
            r["file"] = "reports/" + page_name(r["report_id"])
            r["page"] = "reports/" + quote(page_name(r["report_id"]))
            r["region_page"] = region_page(r)
        _report_pages(con, reports=reports, write=write, folder=folder)
        (site / "regions").mkdir(exist_ok=True)
        region_pages(con, reports=reports, write=write)
        write_search_index(site, search_index(
            reports, _rows(con, "SELECT report_id, indicator_id, indicator, indicator_code, kind, period, "
                                "value_text, qualifier FROM indicators ORDER BY report_id, char_start"),
            _rows(con, "SELECT report_id, pledge_id, topic, text FROM pledges ORDER BY report_id, seq")))
        write("search.html", "search.html", n_reports=len(reports), index_file=INDEX_FILE)

        # across reports
        report_frame = con.execute("SELECT report_id, region_name, report_year FROM reports").df()
        targets = con.execute("SELECT * FROM indicators WHERE kind = 'target' AND indicator_code IS NOT NULL").df()
        targets = targets.merge(report_frame, on="report_id")
        unit_names = {u["unit_std"]: u["zh"].split("（")[0] for u in read_csv_rows(SCHEMAS / "unit_std.csv")}
        charts = target_charts(targets, unit_names=unit_names, max_charts=MAX_CHARTS, choose=one_per_report,
                               page_of={r["report_id"]: r["page"] for r in reports})
        for c in charts:
            c["svg"] = Markup(c["svg"])
        headline = next((c for c in charts if (c["code"], c["measure"]) == HEADLINE), None)
        levels = sorted({r["region_level"] or "unknown" for r in reports})
        years = sorted({r["report_year"] for r in reports}, key=lambda y: (y is None, y))
        coverage = []
        for year in years:
            counts = {lv: sum(1 for r in reports if r["report_year"] == year
                              and (r["region_level"] or "unknown") == lv) for lv in levels}
            coverage.append({"year": year if year is not None else "unknown", "counts": counts,
                             "total": sum(counts.values())})
        write("index.html", "index.html", reports=reports, n_reports=len(reports),
              coverage=coverage, levels=levels, headline=headline,
              files=[{"name": n, "what": w} for n, w in FILES])  # SHA256SUMS is written last
        write("indicators.html", "indicators.html", charts=charts, has_main="is_main_target" in targets)

        places = _rows(con, "SELECT * FROM places ORDER BY n_mentions DESC, place_id")
        located = [p for p in places if p["lon"] is not None and p["lat"] is not None]
        write("map.html", "map.html", map_svg=release_map(places), max_points=MAP_POINTS,
              n_with=len(located), n_places=len(places), top=places[:30])

        wordings: dict[str, list[str]] = {}
        for w in _rows(con, "SELECT indicator_code, indicator, count(*) AS n FROM indicators "
                            "WHERE indicator_code IS NOT NULL GROUP BY ALL ORDER BY indicator_code, n DESC, indicator"):
            wordings.setdefault(w["indicator_code"], []).append(w["indicator"])
        codes = _rows(con, """
            SELECT indicator_code AS code, min(indicator_en) AS name_en,
                   string_agg(DISTINCT measure, ', ' ORDER BY measure) AS measures,
                   count(*) AS rows, count(DISTINCT report_id) AS reports
            FROM indicators WHERE indicator_code IS NOT NULL GROUP BY 1 ORDER BY 1""")
        for c in codes:
            c["names"] = "、".join(wordings[c["code"]][:6])
        q_counts = {q["qualifier"]: q["n"] for q in _rows(con, "SELECT qualifier, count(*) AS n FROM indicators "
                                                               "WHERE qualifier IS NOT NULL GROUP BY 1")}
        qualifiers = [{"qualifier": q["qualifier"], "en": q["meaning_en"], "zh": q["meaning_zh"],
                       "rows": q_counts.get(q["qualifier"], 0)}
                      for q in read_csv_rows(EXTRACT_VOCAB / "qualifiers.csv")]
        write("codebook.html", "codebook.html", codes=codes, qualifiers=qualifiers,
              units=read_csv_rows(SCHEMAS / "unit_std.csv"))

        previews = []
        for name, spec in TABLES.items():
            head = _rows(con, f"SELECT * FROM {name} ORDER BY {preview_order(spec.columns, spec.primary_key)} "
                              f"LIMIT {PREVIEW_ROWS}")
            previews.append({
                "name": name, "title": f"{spec.title} {spec.title_zh}",
                "description": f"{spec.description} {spec.description_zh}",
                "rows": con.execute(f"SELECT count(*) FROM {name}").fetchone()[0],
                "primary_key": spec.primary_key, "columns": columns(spec),
                "sha256_csv": sha256_file(folder / f"{name}.csv"),
                "sha256_parquet": sha256_file(folder / f"{name}.parquet"),
                "preview_columns": spec.columns,
                "preview_rows": [["" if v is None else (v[:120] + "…" if isinstance(v, str) and len(v) > 120 else v)
                                  for v in row.values()] for row in head],
            })
        write("tables.html", "tables.html", tables=previews)
    finally:
        con.close()
    return site / "index.html"


MAP_POINTS = 300
"""Places the release's map draws (most mentioned first); all are in places.csv."""


def report_map(report: dict, mentions: list[dict], place_of: dict[str, dict], *, text_page: str | None) -> Markup | None:
    """The report's region with its prefectures or counties and the places it mentions there
    (each links to its first mention: the page's <base> is its text page, when it has one)."""
    first: dict[str, dict] = {}
    counts: dict[str, int] = {}
    for m in mentions:
        first.setdefault(m["place_id"], m)
        counts[m["place_id"]] = counts.get(m["place_id"], 0) + 1
    points = [{"name": place_of[pid]["name"], "lon": place_of[pid]["lon"], "lat": place_of[pid]["lat"], "n": n,
               "type": place_of[pid]["place_type"] or "other",
               "href": f"#c{first[pid]['char_start']}-{first[pid]['char_end']}" if text_page else "#places"}
              for pid, n in counts.items() if place_of[pid]["lon"] is not None and place_of[pid]["lat"] is not None]
    try:
        frame, shapes = maps.frame_of(report.get("adcode"), report.get("region_level"))
    except maps.NoBoundaries:
        frame, shapes = None, {}
    if frame is None and not points:
        return None
    svg, key = maps.map_svg(shapes, points, frame=frame, title=f"Places in {report['region_name'] or report['report_id']}")
    return Markup(svg + _legend_html(key)) if svg else None


def release_map(places: list[dict]) -> Markup | None:
    """China's provinces and the release's most mentioned places (each links to a search for it)."""
    points = [{"name": p["name"], "lon": p["lon"], "lat": p["lat"], "n": p["n_mentions"],
               "type": p["place_type"] or "other", "href": f"search.html?q={quote(p['name'])}"}
              for p in places if p["lon"] is not None and p["lat"] is not None][:MAP_POINTS]
    try:
        frame, shapes = maps.frame_of("100000", "national")  # the frame: the union of the provinces
    except maps.NoBoundaries:
        frame, shapes = None, {}
    svg, key = maps.map_svg(shapes, points, frame=frame, title="Places mentioned in the release")
    return Markup(svg + _legend_html(key)) if svg else None


def _legend_html(key: list[tuple[str, str]]) -> str:
    items = "".join(f'<span class="key"><i style="background:{color}"></i>{escape(kind)}</span>' for kind, color in key)
    return f'<p class="legend">{items} <span class="muted">circle size: mentions 提及次数</span></p>' if key else ""
