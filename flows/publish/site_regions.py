"""site/regions/: one page per region, its targets against their outcomes over the years.

Read from the release's ``target_outcomes`` and ``series`` tables. Each chart holds one indicator
code, measure and standard unit, annual figures only (the series and target_outcomes tables hold no
multi-year averages, totals or five-year goals), so a chart never mixes periods, aggregations or
units. The bar geometry is ``site.bar_chart``'s (see the note there on why SVG is drawn here).
"""
from __future__ import annotations

import hashlib
import re
from typing import Any

import duckdb

from flows.publish.site import _rows, bar_chart, fmt

__all__ = ["region_key", "region_page", "region_pages"]

MAX_REGION_CHARTS = 12


def region_key(report: dict) -> str | None:
    """The region a report belongs to in the series: its adcode, else its name as written."""
    return report.get("adcode") or report.get("region_name")


def region_page(report: dict) -> str | None:
    """The region page of a report, relative to site/ (None for a report naming no region)."""
    key = region_key(report)
    if key is None:
        return None
    safe = key if re.fullmatch(r"[0-9]{6}", key) else "r-" + hashlib.sha256(key.encode()).hexdigest()[:12]
    return f"regions/{safe}.html"


def _label(value: float | None, high: float | None, qualifier: str | None) -> str:
    text = fmt(value) + (f"–{fmt(high)}" if high is not None else "")
    return f"{text} {qualifier}" if qualifier else text


def _charts(rows: list[dict], series: list[dict]) -> list[dict]:
    """Per (code, measure, unit) with an outcome: a target bar and an outcome bar per year."""
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault((r["indicator_code"], r["measure"], r["unit_std"]), []).append(r)
    actual = {(s["indicator_code"], s["measure"], s["unit_std"], s["period"]): s for s in series
              if s["kind"] == "actual"}
    charts = []
    for (code, measure, unit), group in sorted(groups.items(), key=lambda g: (g[0][0] != "gdp", g[0])):
        if not any(r["outcome_value_std"] is not None for r in group):
            continue
        bars = []
        for r in sorted(group, key=lambda r: r["period"]):
            bars.append({"label": f"{r['period']} target 目标", "value": r["target_value_std"],
                         "high": r["target_value_std_high"],
                         "value_label": _label(r["target_value_std"], r["target_value_std_high"], r["target_qualifier"]),
                         "title": f"{code} {measure} {r['period']} target ({r['target_report_id']})"})
            a = actual.get((code, measure, unit, r["period"]))
            if r["outcome_value_std"] is not None:
                bars.append({"label": f"{r['period']} outcome 完成", "value": r["outcome_value_std"], "high": None,
                             "value_label": _label(r["outcome_value_std"], None, r["outcome_qualifier"]),
                             "title": f"{code} {measure} {r['period']} outcome ({r['outcome_report_id']})"})
            elif a is not None:
                continue
        chart = bar_chart(bars, label=f"{code} {measure} ({unit}) — targets and outcomes by year",
                          note=f"annual figures in {unit}")
        chart["anchor"] = f"{code}-{measure}"
        charts.append(chart)
        if len(charts) >= MAX_REGION_CHARTS:
            break
    return charts


def region_pages(con: duckdb.DuckDBPyConnection, *, reports: list[dict], write: Any) -> list[dict]:
    """Write one page per region (``write(name, template, root=..., **context)``) and return the
    regions as {key, name, level, page, reports} for an index."""
    by_region: dict[str, list[dict]] = {}
    for r in reports:
        if region_key(r) is not None:
            by_region.setdefault(region_key(r), []).append(r)
    outcomes = _rows(con, "SELECT * FROM target_outcomes ORDER BY indicator_code, measure, period, target_indicator_id")
    series = _rows(con, "SELECT * FROM series ORDER BY indicator_code, measure, period")
    rows_of: dict[str, list[dict]] = {}
    for o in outcomes:
        rows_of.setdefault(o["adcode"] or o["region_name"], []).append(o)
    series_of: dict[str, list[dict]] = {}
    for s in series:
        series_of.setdefault(s["adcode"] or s["region_name"], []).append(s)
    page_of = {r["report_id"]: "../" + r["page"] for r in reports}
    regions = []
    for key, its_reports in sorted(by_region.items()):
        its_reports = sorted(its_reports, key=lambda r: (r["report_year"] is None, r["report_year"], r["report_id"]))
        rows = rows_of.get(key, [])
        for row in rows:
            row["target_page"] = page_of.get(row["target_report_id"])
            row["outcome_page"] = page_of.get(row["outcome_report_id"])
        page = region_page(its_reports[0])
        name = next((r["region_name"] for r in its_reports if r["region_name"]), key)
        write(page, "region.html", root="../", name=name, key=key, level=its_reports[0]["region_level"],
              reports=[{**r, "page": "../" + r["page"]} for r in its_reports], rows=rows,
              charts=_charts(rows, series_of.get(key, [])))
        regions.append({"key": key, "name": name, "level": its_reports[0]["region_level"], "page": page,
                        "reports": len(its_reports)})
    return regions
