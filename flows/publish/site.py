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

import jinja2
import pandas as pd

from flows.publish.citation import citation_line
from flows.publish.datapackage import LICENSE, NAME, TITLE
from flows.publish.files import sha256_file
from schemas import TABLES, columns
from schemas.tables import HERE as SCHEMAS

SITE_DIR = "site"
TEMPLATES = Path(__file__).parent / "site_templates"
PREVIEW_ROWS = 20
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
    return f"{safe}.html"


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


def headline_rows(report: dict, figures: pd.DataFrame) -> list[dict]:
    """Per (indicator_code, measure) the report targets: its target for the plan year beside
    the outcome it reports for the review year (first stated of each)."""
    coded = figures[figures["indicator_code"].notna()]
    targets = coded[(coded["kind"] == "target")]
    if report.get("report_year") is not None:
        targets = targets[targets["period"] == report["report_year"]]
    actuals = coded[coded["kind"] == "actual"]
    if report.get("review_year") is not None:
        actuals = actuals[actuals["period"] == report["review_year"]]
    first_actual = {(r["indicator_code"], r["measure"]): r
                    for r in reversed(records(actuals.sort_values("char_start")))}
    out, seen = [], set()
    for t in records(targets.sort_values("char_start")):
        key = (t["indicator_code"], t["measure"])
        if key in seen:
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


def build_site(folder: Path, *, version: str, created: str) -> Path:
    """Write ``folder/site/`` from the release's Parquet files in ``folder``."""
    folder = Path(folder)
    site = folder / SITE_DIR
    (site / "reports").mkdir(parents=True, exist_ok=True)
    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLES}
    reports, indicators, pledges = tables["reports"], tables["indicators"], tables["pledges"]
    places, mentions = tables["places"], tables["place_mentions"]
    env = _env()
    release = {"version": version, "created": created, "name": NAME, "title": TITLE,
               "license": LICENSE["name"], "citation": citation_line(version=version, created=created)}

    def write(name: str, template: str, root: str = "", **context: Any) -> None:
        (site / name).write_text(env.get_template(template).render(release=release, root=root, **context),
                                 encoding="utf-8")

    # per report
    n_targets = indicators[indicators["kind"] == "target"].groupby("report_id").size()
    n_pledges = pledges.groupby("report_id").size()
    by_report_ind = dict(tuple(indicators.groupby("report_id", sort=False)))
    by_report_pl = dict(tuple(pledges.groupby("report_id", sort=False)))
    by_report_mn = dict(tuple(mentions.groupby("report_id", sort=False)))
    places_by_id = places.set_index("place_id")
    report_rows = []
    for r in records(reports):
        page = page_name(r["report_id"])
        r.update(page="reports/" + quote(page), n_targets=int(n_targets.get(r["report_id"], 0)),
                 n_pledges=int(n_pledges.get(r["report_id"], 0)))
        report_rows.append(r)
        figs = by_report_ind.get(r["report_id"], indicators.iloc[0:0])
        pls = by_report_pl.get(r["report_id"], pledges.iloc[0:0]).sort_values("seq")
        themes: dict[Any, list] = {}
        for p in records(pls):
            themes.setdefault(p["theme"], []).append(p)
        mn = by_report_mn.get(r["report_id"], mentions.iloc[0:0])
        counts = mn.groupby("place_id").size()
        here = places_by_id.loc[counts.index] if len(counts) else places_by_id.iloc[0:0]
        pts = [{"name": p["name"], "lon": p["lon"], "lat": p["lat"], "n": int(counts[pid]),
                "title": f"{p['name']} ({p['place_type']}): {int(counts[pid])} mention(s)"}
               for pid, p in zip(here.index, records(here))]
        facts = [(k, r.get(k)) for k in TABLES["reports"].columns]
        write(f"reports/{page}", "report.html", root="../", r=r, facts=facts,
              headline=headline_rows(r, figs), pledges=list(themes.items()), n_pledges=len(pls),
              map=point_map(pts, label=f"Places in {r['region_name'] or r['report_id']}"),
              n_places=len(pts),
              places_list="、".join(f"{p['name']}×{p['n']}" for p in sorted(pts, key=lambda p: -p["n"])),
              figures=records(figs.sort_values("char_start")))

    # across reports
    charts = indicator_charts(reports, indicators)
    headline = next((c for c in charts if c["anchor"].startswith(f"{HEADLINE[0]}-{HEADLINE[1]}-")), None)
    levels = sorted({r["region_level"] or "unknown" for r in report_rows})
    years = sorted({r["report_year"] for r in report_rows}, key=lambda y: (y is None, y))
    coverage = []
    for year in years:
        counts = {lv: sum(1 for r in report_rows if r["report_year"] == year
                          and (r["region_level"] or "unknown") == lv) for lv in levels}
        coverage.append({"year": year if year is not None else "unknown", "counts": counts,
                         "total": sum(counts.values())})
    write("index.html", "index.html", reports=report_rows, n_reports=len(report_rows),
          coverage=coverage, levels=levels, headline=headline,
          files=[{"name": n, "what": w} for n, w in FILES])  # SHA256SUMS is written last
    write("indicators.html", "indicators.html", charts=charts, has_main="is_main_target" in indicators)

    located = records(places[places["lon"].notna() & places["lat"].notna()])
    pts = [{"name": p["name"], "lon": p["lon"], "lat": p["lat"], "n": p["n_mentions"],
            "title": f"{p['name']} ({p['place_type']}, {p['province'] or ''}): {p['n_mentions']} mention(s)"}
           for p in located]
    write("map.html", "map.html", map=point_map(pts, label="Places mentioned in the release", label_top=25),
          n_with=len(located), n_places=len(places),
          top=records(places.sort_values(["n_mentions", "place_id"], ascending=[False, True]).head(30)))

    coded = indicators[indicators["indicator_code"].notna()]
    codes = []
    for code, g in coded.groupby("indicator_code", sort=True):
        names = g["indicator"].value_counts()
        codes.append({"code": code, "name_en": g["indicator_en"].dropna().iloc[0] if g["indicator_en"].notna().any() else None,
                      "names": "、".join(names.index[:6]), "measures": ", ".join(sorted(g["measure"].unique())),
                      "rows": len(g), "reports": g["report_id"].nunique()})
    q_counts = indicators["qualifier"].value_counts()
    qualifiers = [{**q, "rows": int(q_counts.get(q["qualifier"], 0))}
                  for q in read_csv_rows(SCHEMAS / "qualifiers.csv")]
    write("codebook.html", "codebook.html", codes=codes, qualifiers=qualifiers,
          units=read_csv_rows(SCHEMAS / "unit_std.csv"))

    previews = []
    for name, spec in TABLES.items():
        df = tables[name]
        head = df.head(PREVIEW_ROWS)
        previews.append({
            "name": name, "title": f"{spec.title} {spec.title_zh}",
            "description": f"{spec.description} {spec.description_zh}", "rows": len(df),
            "primary_key": spec.primary_key, "columns": columns(spec),
            "sha256_csv": sha256_file(folder / f"{name}.csv"),
            "sha256_parquet": sha256_file(folder / f"{name}.parquet"),
            "preview_columns": list(head.columns),
            "preview_rows": [["" if v is None else (v[:120] + "…" if isinstance(v, str) and len(v) > 120 else v)
                              for v in row.values()] for row in records(head)],
        })
    write("tables.html", "tables.html", tables=previews)
    return site / "index.html"
