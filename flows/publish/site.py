"""site/: static pages to browse a release without writing code.

Plain HTML with inline CSS and inline SVG (bar charts of targets, point maps of places),
rendered with Jinja2 (autoescaped) from the release's own Parquet files. No script, no web
font, no network: the pages open from the folder (``file://``) on a machine with no internet.
Charts are drawn here as SVG rather than with a charting library because the figures are
plain bars and points and no library would need to be vendored into every release.

Pages: ``index.html`` (coverage, headline chart, citation, files), ``indicators.html``
(each standard indicator's targets by region), ``map.html``, ``codebook.html`` (indicator
codes as used, qualifiers, standard units), ``tables.html`` (columns and previews) and one
``reports/<report>.html`` per report (headline targets beside last year's outcomes, pledges
by theme, places on a map, every figure).
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb
import jinja2
import pandas as pd

from flows.names import file_name
from flows.publish.citation import citation_line
from flows.publish.datapackage import DATABASE_FILE, LICENSE, NAME, TITLE
from flows.publish.files import sha256_file
from schemas import TABLES, columns
from schemas.tables import EXTRACT_VOCAB, HERE as SCHEMAS

SITE_DIR = "site"
TEMPLATES = Path(__file__).parent / "site_templates"
PREVIEW_ROWS = 20
REPORTS_AT_ONCE = 200
"""Reports whose rows are read from the database together to write their pages (bounds memory)."""
MAX_CHARTS = 60
CHART_WIDTH = 760
HEADLINE = ("gdp", "growth_rate")
"""The index page's chart: GDP growth targets, when the release has any."""
FILES = [
    ("gwr.duckdb", "DuckDB database, ready to query (open read-only)"),
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
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.4g}"


def _nice_step(span: float) -> float:
    raw = span / 5 or 1.0
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def bar_chart(rows: list[dict], *, label: str, note: str = "", width: int = CHART_WIDTH) -> dict:
    """Geometry of a horizontal bar chart. ``rows``: {label, value, high (or None),
    value_label, title}. Bars start at 0; a high bound adds a lighter bar (a range)."""
    left, right, top, row_h = 190, 150, 12, 20
    values = [v for r in rows for v in (r["value"], r.get("high")) if v is not None]
    lo, hi = min([0.0, *values]), max([0.0, *values])
    if lo == hi:
        hi = lo + 1.0
    step = _nice_step(hi - lo)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    plot = width - left - right

    def x(v: float) -> float:
        return round(left + (v - lo) / (hi - lo) * plot, 1)

    bars = []
    for i, r in enumerate(rows):
        y = top + i * row_h
        x0, x1 = sorted((x(0.0), x(r["value"])))
        bar = {**r, "y": y, "x": x0, "w": max(round(x1 - x0, 1), 1.0), "range_x": None, "range_w": None}
        end = x1
        if r.get("high") is not None and r["high"] != r["value"]:
            a, b = sorted((x(r["value"]), x(r["high"])))
            bar["range_x"], bar["range_w"] = a, max(round(b - a, 1), 1.0)
            end = max(end, b)
        bar["text_x"] = round(end + 6, 1)
        bars.append(bar)
    ticks = []
    n = int(round((hi - lo) / step))
    for k in range(n + 1):
        v = lo + k * step
        ticks.append({"x": x(v), "label": fmt(round(v, 10))})
    return {"label": label, "note": note, "width": width, "height": top + len(rows) * row_h + 26,
            "left": left, "top": top, "zero": x(0.0), "bars": bars, "ticks": ticks,
            "anchor": re.sub(r"[^a-z0-9_-]", "-", label.split(" ")[0].lower())}


def point_map(points: list[dict], *, label: str, width: int = CHART_WIDTH, label_top: int = 12) -> dict:
    """Geometry of a lon/lat point map (equirectangular, x scaled by cos(mid latitude)).
    ``points``: {name, lon, lat, n, title}. The ``label_top`` most mentioned get a name."""
    pts = [p for p in points if p.get("lon") is not None and p.get("lat") is not None]
    if not pts:
        return {"label": label, "width": width, "height": 60, "points": [], "labels": [], "grid": []}
    lons, lats = [p["lon"] for p in pts], [p["lat"] for p in pts]
    pad = max(0.5, 0.08 * max(max(lons) - min(lons), max(lats) - min(lats)))
    w0, w1, s0, s1 = min(lons) - pad, max(lons) + pad, min(lats) - pad, max(lats) + pad
    k = math.cos(math.radians((s0 + s1) / 2))
    scale = (width - 40) / ((w1 - w0) * k)
    height = int(min(max((s1 - s0) * scale + 40, 200), 900))
    scale = min(scale, (height - 40) / (s1 - s0))

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round(20 + (lon - w0) * k * scale, 1), round(height - 20 - (lat - s0) * scale, 1)

    top_n = max((p.get("n") or 1) for p in pts)
    out = []
    for p in sorted(pts, key=lambda p: -(p.get("n") or 1)):
        cx, cy = xy(p["lon"], p["lat"])
        out.append({**p, "x": cx, "y": cy, "r": round(3 + 9 * math.sqrt((p.get("n") or 1) / top_n), 1)})
    step = _nice_step(max(w1 - w0, s1 - s0)) if max(w1 - w0, s1 - s0) > 0 else 1
    grid = []
    lon = math.ceil(w0 / step) * step
    while lon <= w1:
        x, _ = xy(lon, s0)
        grid.append({"x1": x, "y1": 10, "x2": x, "y2": height - 20, "tx": x + 2, "ty": height - 6,
                     "label": f"{fmt(lon)}°E"})
        lon += step
    lat = math.ceil(s0 / step) * step
    while lat <= s1:
        _, y = xy(w0, lat)
        grid.append({"x1": 20, "y1": y, "x2": width - 20, "y2": y, "tx": 22, "ty": y - 2,
                     "label": f"{fmt(lat)}°N"})
        lat += step
    return {"label": label, "width": width, "height": height, "points": out,
            "labels": out[:label_top], "grid": grid}


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


def indicator_charts(reports: pd.DataFrame, indicators: pd.DataFrame) -> list[dict]:
    """One chart per (indicator_code, measure, unit_std) with targets: one bar per report."""
    targets = indicators[(indicators["kind"] == "target") & indicators["indicator_code"].notna()]
    if targets.empty:
        return []
    targets = targets.merge(reports[["report_id", "region_name", "report_year"]], on="report_id")
    has_high = "value_std_high" in targets.columns
    charts = []
    groups = sorted(targets.groupby(["indicator_code", "measure", "unit_std"], sort=True),
                    key=lambda g: (g[0] != HEADLINE + (g[0][2],), -g[1]["report_id"].nunique(), g[0]))
    for (code, measure, unit), group in groups[:MAX_CHARTS]:
        chosen = one_per_report(group)
        rows = []
        for row in records(chosen.sort_values(["value_std", "region_name"], ascending=[False, True],
                                              na_position="last")):
            high = row.get("value_std_high") if has_high else None
            rows.append({"label": f"{row['region_name'] or row['report_id']} {row['period'] or ''}".strip(),
                         "value": row["value_std"], "high": high, "value_label": _value_label(row),
                         "title": f"{row['indicator']}: {row['sentence']}"})
        name_en = group["indicator_en"].dropna().iloc[0] if group["indicator_en"].notna().any() else code
        label = f"{code} {measure} ({unit}) — {name_en}, targets by report"
        chart = bar_chart(rows, label=label,
                          note=f"{len(rows)} report(s); value_std in {unit}; one target per report.")
        chart["anchor"] = f"{code}-{measure}-{re.sub(r'[^a-z0-9]', '', unit.lower()) or 'u'}"
        charts.append(chart)
    return charts


def headline_rows(report: dict, figures: list[dict]) -> list[dict]:
    """Per (indicator_code, measure) the report targets: its target for the plan year beside
    the outcome it reports for the review year (the first stated of each).

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
                    "actual": _value_label(a) if a else None})
    return out


# --------------------------------------------------------------------------- the site


def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                              autoescape=jinja2.select_autoescape(["html"]),
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    """Query results as plain dicts, None for nulls (no pandas NA to print)."""
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _report_pages(con: duckdb.DuckDBPyConnection, *, reports: list[dict], write) -> None:
    """One page per report, REPORTS_AT_ONCE reports' rows in memory at a time."""
    place_of = {p["place_id"]: p for p in _rows(con, "SELECT place_id, name, place_type, lon, lat FROM places")}
    for start in range(0, len(reports), REPORTS_AT_ONCE):
        chunk = reports[start:start + REPORTS_AT_ONCE]  # reports are sorted by report_id
        bounds = [chunk[0]["report_id"], chunk[-1]["report_id"]]
        grouped: dict[str, dict[str, list[dict]]] = {}
        for table, order in (("indicators", "char_start"), ("pledges", "seq"), ("place_mentions", "char_start")):
            for row in _rows(con, f"SELECT * FROM {table} WHERE report_id BETWEEN ? AND ? "
                                  f"ORDER BY report_id, {order}", bounds):
                grouped.setdefault(row["report_id"], {}).setdefault(table, []).append(row)
        for r in chunk:
            rows = grouped.get(r["report_id"], {})
            figs, pls = rows.get("indicators", []), rows.get("pledges", [])
            themes: dict[Any, list] = {}
            for p in pls:
                themes.setdefault(p["theme"], []).append(p)
            counts: dict[str, int] = {}
            for m in rows.get("place_mentions", []):
                counts[m["place_id"]] = counts.get(m["place_id"], 0) + 1
            pts = [{"name": place_of[pid]["name"], "lon": place_of[pid]["lon"], "lat": place_of[pid]["lat"],
                    "n": n, "title": f"{place_of[pid]['name']} ({place_of[pid]['place_type']}): {n} mention(s)"}
                   for pid, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
            write(r["file"], "report.html", root="../", r=r,
                  facts=[(k, r.get(k)) for k in TABLES["reports"].columns],
                  headline=headline_rows(r, figs), pledges=list(themes.items()), n_pledges=len(pls),
                  map=point_map(pts, label=f"Places in {r['region_name'] or r['report_id']}"),
                  n_places=len(pts), places_list="、".join(f"{p['name']}×{p['n']}" for p in pts),
                  figures=figs)


def build_site(folder: Path, *, version: str, created: str) -> Path:
    """Write ``folder/site/`` from the release's database ``folder/gwr.duckdb`` (built first)."""
    from flows.publish.site_regions import region_page, region_pages  # it draws with this module's helpers
    folder = Path(folder)
    site = folder / SITE_DIR
    (site / "reports").mkdir(parents=True, exist_ok=True)
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
        _report_pages(con, reports=reports, write=write)
        (site / "regions").mkdir(exist_ok=True)
        region_pages(con, reports=reports, write=write)

        # across reports
        report_frame = con.execute("SELECT report_id, region_name, report_year FROM reports").df()
        targets = con.execute("SELECT * FROM indicators WHERE kind = 'target' AND indicator_code IS NOT NULL").df()
        charts = indicator_charts(report_frame, targets)
        headline = next((c for c in charts if c["anchor"].startswith(f"{HEADLINE[0]}-{HEADLINE[1]}-")), None)
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
        pts = [{"name": p["name"], "lon": p["lon"], "lat": p["lat"], "n": p["n_mentions"],
                "title": f"{p['name']} ({p['place_type']}, {p['province'] or ''}): {p['n_mentions']} mention(s)"}
               for p in located]
        write("map.html", "map.html", map=point_map(pts, label="Places mentioned in the release", label_top=15),
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
            head = _rows(con, f"SELECT * FROM {name} ORDER BY {spec.primary_key} LIMIT {PREVIEW_ROWS}")
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
