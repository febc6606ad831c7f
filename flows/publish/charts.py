"""Charts of the site: Vega-Lite specifications built with Altair and rendered to static SVG
with vl-convert (both on PyPI; vl-convert bundles the Vega renderer, so no browser, no network
and no script in the page: the SVG is inlined and opens from ``file://``).

The rules people asked for (issue #21):
- a target chart shows targets for the plan year only (``period == report_year``, annual
  figures): a 2030 goal of 十五五 is never drawn beside another region's 2026 target;
- one unit per axis: charts are split by ``unit_std`` and, for counted things, by the unit as
  written (300个 and 10万户 are never on one axis);
- numbers as people write them: ticks read 5,000万 / 1.2亿, never ``1e+06``;
- every bar links to its report page at the figure (``reports/<page>#f-<id>``).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

import altair as alt
import pandas as pd
import vl_convert as vlc

from flows.publish.search import anchor

MAX_BARS = 40
"""Bars a chart shows (highest values first); the note says how many reports it leaves out."""
WIDTH = 520
BAR_COLOR = "#3b6fb6"
RANGE_COLOR = "#9dbbe3"

# Tick labels in 万 and 亿 (Vega expression): 5e7 → 5,000万, 1.2e8 → 1.2亿.
CHINESE_NUMBER = ("abs(datum.value) >= 1e8 ? format(datum.value / 1e8, ',~g') + '亿' : "
                  "abs(datum.value) >= 1e4 ? format(datum.value / 1e4, ',~g') + '万' : "
                  "format(datum.value, ',~g')")
_SCALE_PREFIX = re.compile(r"^[十百千万亿]+")
_BASE_URL = re.compile(r'(xlink:href|href)="https://vega\.github\.io/vega-datasets/')
"""vl-convert resolves relative links against its data loader's base URL; ours are relative to the
page the SVG sits in, so that prefix is taken off again."""


@dataclass(frozen=True)
class ChartRow:
    label: str           # region (and year) on the axis
    value: float         # value_std, the low bound of a range
    high: float | None   # value_std_high of a range
    text: str            # the figure as written, with its qualifier: 5%—5.5%, 6%左右
    href: str | None     # the report page at the figure (None: no link)


def base_unit(unit: str | None) -> str:
    """The unit as written without its scale: 万户 → 户, 亿元 → 元, % → %."""
    return _SCALE_PREFIX.sub("", unit or "") or (unit or "")


def plan_year_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """Annual targets for each report's plan year: no five-year goal (``period_start``), no
    other year, no average or cumulative figure (``aggregation``)."""
    keep = targets["period"] == targets["report_year"]
    if "period_start" in targets:
        keep &= targets["period_start"].isna()
    if "aggregation" in targets:
        keep &= targets["aggregation"].isna() | (targets["aggregation"] == "annual")
    return targets[keep]


def axis_title(unit_std: str, base: str, unit_names: dict[str, str]) -> str:
    if unit_std == "count":
        return f"{base} (count)"
    return f"{unit_names.get(unit_std, unit_std)} ({unit_std})"


@functools.lru_cache(maxsize=2)
def _bar_spec(chinese_numbers: bool) -> str:
    """The Vega-Lite spec of a target chart, built once with Altair (its channel parsing costs
    ~30 ms an encoding) with a named, empty dataset; each chart fills in its rows and titles."""
    axis = alt.Axis(labelExpr=CHINESE_NUMBER) if chinese_numbers else alt.Axis(format=",~g")
    y = alt.Y("label:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelLimit=180))
    base = alt.Chart(alt.Data(name="rows")).encode(y=y, href="href:N")
    ranges = base.mark_bar(aria=False, color=RANGE_COLOR, height=12).encode(x="value:Q", x2="high:Q")
    bars = base.mark_bar(aria=False, color=BAR_COLOR, height=12).encode(
        x=alt.X("value:Q", title="unit", axis=axis, scale=alt.Scale(zero=True)))
    labels = base.mark_text(aria=False, align="left", dx=4, fontSize=11).encode(x="high:Q", text="text:N")
    # room on the right for the label of the longest bar (text marks are not part of the plot area)
    chart = (bars + ranges + labels).properties(width=WIDTH, height=alt.Step(20), title="title",
                                                 padding={"left": 5, "top": 5, "bottom": 5, "right": 90})
    return json.dumps(chart.to_dict())


def render_svg(spec: dict) -> str:
    """A Vega-Lite spec as SVG (vl-convert), links relative to the page again."""
    return _BASE_URL.sub(r'\1="', vlc.vegalite_to_svg(spec))


def render_vega_svg(spec: dict) -> str:
    """A Vega spec (compiled from Vega-Lite) as SVG, links relative to the page again."""
    return _BASE_URL.sub(r'\1="', vlc.vega_to_svg(spec))


@functools.lru_cache(maxsize=2)
def _bar_vega(chinese_numbers: bool) -> str:
    """The target chart's Vega-Lite spec compiled to Vega once (vl-convert): compiling costs about
    half of each chart's rendering, and the compiled spec does not depend on the rows, which are
    filled into its ``rows`` dataset; the titles are filled in where the placeholders stand."""
    return json.dumps(vlc.vegalite_to_vega(json.loads(_bar_spec(chinese_numbers))))


def bar_chart_svg(rows: list[ChartRow], *, title: str, unit_title: str, chinese_numbers: bool) -> str:
    """A horizontal bar chart (one bar per row, a lighter bar to the high bound of a range) as SVG."""
    spec = json.loads(_bar_vega(chinese_numbers))
    data = next(d for d in spec["data"] if d["name"] == "rows")
    data["values"] = [{"label": r.label, "value": r.value, "high": r.high if r.high is not None else r.value,
                       "text": r.text, "href": r.href, "order": i} for i, r in enumerate(rows)]
    spec["title"]["text"] = title
    for axis in spec["axes"]:
        if axis.get("title") == "unit":
            axis["title"] = unit_title
    return render_vega_svg(spec)


def target_charts(targets: pd.DataFrame, *, unit_names: dict[str, str], max_charts: int,
                  page_of: dict[str, str], choose) -> list[dict]:
    """One chart per (indicator_code, measure, unit, plan year): each report's target for its
    plan year. ``targets``: indicator rows with ``region_name`` and ``report_year`` joined;
    ``page_of``: report_id → page path from the chart's page; ``choose``: the one row per
    report to draw (see site.one_per_report)."""
    targets = plan_year_targets(targets)
    if targets.empty:
        return []
    targets = targets.assign(_base=targets["unit"].map(base_unit))
    targets.loc[targets["unit_std"] != "count", "_base"] = ""
    keys = ["indicator_code", "measure", "unit_std", "_base", "report_year"]
    groups = sorted(targets.groupby(keys, sort=True, dropna=False),
                    key=lambda g: (g[0][:2] != ("gdp", "growth_rate"), -g[1]["report_id"].nunique(),
                                   -int(g[0][4]), g[0]))
    charts = []
    for (code, measure, unit_std, base, year), group in groups[:max_charts]:
        chosen = choose(group).sort_values(["value_std", "region_name"], ascending=[False, True])
        n = len(chosen)
        rows = [ChartRow(label=str(r["region_name"] if isinstance(r["region_name"], str) else r["report_id"]), value=float(r["value_std"]),
                         high=None if pd.isna(r.get("value_std_high")) else float(r["value_std_high"]),
                         text=_label(r), href=f"{page_of[r['report_id']]}#f-{anchor(r['indicator_id'], r['report_id'])}")
                 for r in chosen.head(MAX_BARS).to_dict("records")]
        name = group["indicator_en"].dropna().iloc[0] if group["indicator_en"].notna().any() else code
        title = f"{name} — {measure}, targets for {int(year)}"
        unit_title = axis_title(unit_std, base, unit_names)
        charts.append({
            "label": f"{code} {measure} ({unit_title}) — targets for {int(year)}",
            "anchor": f"{code}-{measure}-{_unit_slug(unit_std)}"
                      f"{'-' + base if base else ''}-{int(year)}",
            "code": code, "measure": measure, "year": int(year), "unit_std": unit_std,
            "note": f"{n} report(s), one target each, for {int(year)} only; value_std in {unit_std}"
                    + (f"; the {MAX_BARS} highest shown" if n > MAX_BARS else "") + ".",
            "svg": bar_chart_svg(rows, title=title, unit_title=unit_title,
                                 chinese_numbers=unit_std in ("CNY", "count", "mu", "t", "kWh", "t_ce")),
        })
    return charts


def _unit_slug(unit_std: str) -> str:
    """A unit in an anchor: % → pct, ug/m3 → ugm3."""
    return "pct" if unit_std == "%" else re.sub(r"[^a-z0-9]", "", str(unit_std).lower()) or "u"


def _label(row: dict) -> str:
    q = row.get("qualifier")
    q = q if isinstance(q, str) else None  # pandas gives NaN for a null
    return f"{row['value_text']}{q}" if q and q not in row["value_text"] else row["value_text"]
