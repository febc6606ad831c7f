"""The ``series`` table: one value per region, indicator code, measure, kind and year.

Only annual rows enter (aggregation ``annual``, a ``period`` and no ``period_start``): a five-year
average, a cumulative total or a five-year goal is never a year's value. Where several rows state
the value (restatements, a later report's review), one is chosen by ``rank`` — the order the
table's description in ``schemas/tables.py`` documents — and rows that give different values are
counted as disagreements.
"""
from __future__ import annotations

import re

import pandas as pd

from schemas import TABLES

__all__ = ["annual_rows", "rank", "series_table", "series_quality"]

REGION_COLUMNS = ["report_id", "adcode", "region_name", "region_level", "report_year"]
_PREFERRED_PARTS = ("review", "plan")
# A round figure stated as a threshold crossed (突破3万亿元, 迈上6万亿元台阶, 超9万亿元) is no exact value:
# the exact one (32765亿元) comes first where both are stated.
_THRESHOLD_RE = re.compile(r"(?:突破|超过|超出|超|跨越|跨过|跨上|迈上|迈过|迈入|站上|逾|近|约|接近)\s*$")


def _approximate(rows: pd.DataFrame) -> pd.Series:
    """Rows whose figure carries a qualifier or follows a threshold word."""
    def threshold(sentence: str, value_text: str) -> bool:
        at = sentence.find(value_text) if isinstance(sentence, str) else -1
        return at > 0 and bool(_THRESHOLD_RE.search(sentence, max(0, at - 4), at))
    words = [threshold(s, v) for s, v in zip(rows["sentence"], rows["value_text"])]
    return rows["qualifier"].notna() | pd.Series(words, index=rows.index, dtype=bool)


def annual_rows(indicators: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """The coded one-year rows of ``indicators`` with their report's region and year, and
    ``region_key`` (the adcode, else the region name as written); rows of reports that name no
    region are left out."""
    rows = indicators[indicators["indicator_code"].notna() & (indicators["aggregation"] == "annual")
                      & indicators["period"].notna() & indicators["period_start"].isna()]
    rows = rows.merge(reports[REGION_COLUMNS], on="report_id", how="left")
    rows["region_key"] = rows["adcode"].where(rows["adcode"].notna(), rows["region_name"])
    return rows[rows["region_key"].notna()].copy()


def rank(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` best first: the latest report, a main target, a figure without a qualifier or a
    threshold word (an estimate's 左右, a round 突破3万亿元 come after the exact figure), the review or
    plan part, the first statement."""
    order = rows.assign(
        _year=-rows["report_year"].fillna(-1).astype("int64"),
        _main=~rows["is_main_target"].fillna(False).astype(bool),
        _qualified=_approximate(rows) if len(rows) else rows["qualifier"].notna(),
        _part=~rows["part"].isin(_PREFERRED_PARTS),
    )
    order = order.sort_values(["_year", "_main", "_qualified", "_part", "report_id", "char_start"], kind="stable")
    return order.drop(columns=["_year", "_main", "_qualified", "_part"])


SERIES_KEY = ["region_key", "indicator_code", "measure", "kind", "period"]


def series_table(indicators: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """The ``series`` table of a release's indicators and reports."""
    columns = TABLES["series"].columns
    rows = annual_rows(indicators, reports)
    if rows.empty:
        return pd.DataFrame({c: [] for c in columns}, columns=columns)
    ranked = rank(rows)
    grouped = ranked.groupby(SERIES_KEY, sort=False, dropna=False)
    best = grouped.head(1).copy()
    counts = grouped.size().rename("n_statements")
    value = ranked["value_std"].map(repr) + "|" + ranked["value_std_high"].map(repr) + "|" + ranked["unit_std"].map(repr)
    distinct = ranked.assign(_v=value).groupby(SERIES_KEY, sort=False, dropna=False)["_v"].nunique().rename("n_values")
    best = best.join(counts, on=SERIES_KEY).join(distinct, on=SERIES_KEY)
    best["period"] = best["period"].astype("int64")
    best["series_id"] = (best["region_key"] + ":" + best["indicator_code"] + ":" + best["measure"] + ":"
                         + best["kind"] + ":" + best["period"].astype(str))
    return best[columns].sort_values("series_id", kind="stable").reset_index(drop=True)


def series_quality(series: pd.DataFrame, *, examples: int = 20) -> dict:
    """What quality.json says about the series: values, and those on which reports disagree."""
    if series is None or series.empty:
        return {"values": 0, "stated_more_than_once": 0, "disagreements": 0, "examples": []}
    disagree = series[series["n_values"] > 1]
    return {
        "values": int(len(series)),
        "stated_more_than_once": int((series["n_statements"] > 1).sum()),
        "disagreements": int(len(disagree)),
        "examples": disagree["series_id"].head(examples).tolist(),
    }
