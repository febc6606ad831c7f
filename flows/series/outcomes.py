"""The ``target_outcomes`` table: each annual target with an indicator code beside its outcome.

The outcome of a region's target for year Y is the annual actual of the same region, code,
measure, standard unit and year stated in a LATER report of that region (normally the next
year's review), chosen as the series chooses (``series.rank``). ``met`` follows the rule written
in the table's schema (``schemas.tables.MET_RULE_EN``), with the codes' directions from
``flows/extract/vocab/target_direction.csv``.
"""
from __future__ import annotations

import math

import pandas as pd

from flows.series.series import annual_rows, rank
from schemas import TABLES
from schemas.tables import CEILING_QUALIFIERS, FLOOR_QUALIFIERS, LOWER_IS_BETTER, NO_DIRECTION

__all__ = ["met", "target_outcomes_table", "outcomes_quality"]

_MATCH = ["region_key", "indicator_code", "measure", "unit_std", "period"]


def met(*, code: str, qualifier: str | None, low: float, high: float | None, outcome: float | None) -> bool | None:
    """Whether ``outcome`` meets the target [``low``, ``high``] stated with ``qualifier`` (the rule of
    the data dictionary: target_outcomes.met)."""
    if outcome is None or (isinstance(outcome, float) and math.isnan(outcome)):
        return None
    top = low if high is None or (isinstance(high, float) and math.isnan(high)) else high
    if qualifier in FLOOR_QUALIFIERS:
        return bool(outcome >= low)
    if qualifier in CEILING_QUALIFIERS:
        return bool(outcome <= top)
    if code in NO_DIRECTION:
        return None
    if code in LOWER_IS_BETTER:
        return bool(outcome <= top)
    return bool(outcome >= low)


def target_outcomes_table(indicators: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    """The ``target_outcomes`` table of a release's indicators and reports."""
    columns = TABLES["target_outcomes"].columns
    targets = indicators[(indicators["kind"] == "target") & indicators["indicator_code"].notna()
                         & (indicators["aggregation"] == "annual") & indicators["period"].notna()
                         & indicators["period_start"].isna()]
    if targets.empty:
        return pd.DataFrame({c: [] for c in columns}, columns=columns)
    with_region = annual_rows(targets, reports)
    # one target per report, code, measure, unit and year: a restatement in other words (确保增长5%以上
    # after the main target 5%左右) is the same target; the main target (then the first statement) stands
    targets = rank(with_region).groupby(["report_id", "indicator_code", "measure", "unit_std", "period"],
                                        sort=False).head(1)
    actuals = rank(annual_rows(indicators[indicators["kind"] == "actual"], reports))
    out = []
    by_key = {key: group for key, group in actuals.groupby(_MATCH, sort=False)}
    for t in targets.itertuples(index=False):
        candidates = by_key.get((t.region_key, t.indicator_code, t.measure, t.unit_std, t.period))
        outcome = None
        if candidates is not None:
            later = candidates[candidates["report_year"] > t.report_year]
            outcome = later.iloc[0] if not later.empty else None
        high = None if pd.isna(t.value_std_high) else float(t.value_std_high)
        value = None if outcome is None else float(outcome["value_std"])
        out.append({
            "target_indicator_id": t.indicator_id, "target_report_id": t.report_id, "adcode": t.adcode,
            "region_name": t.region_name, "indicator_code": t.indicator_code, "measure": t.measure,
            "period": int(t.period), "unit_std": t.unit_std, "target_value_std": float(t.value_std),
            "target_value_std_high": high, "target_qualifier": None if pd.isna(t.qualifier) else t.qualifier,
            "is_main_target": bool(t.is_main_target),
            "outcome_indicator_id": None if outcome is None else outcome["indicator_id"],
            "outcome_report_id": None if outcome is None else outcome["report_id"],
            "outcome_value_std": value,
            "outcome_qualifier": None if outcome is None or pd.isna(outcome["qualifier"]) else outcome["qualifier"],
            "gap": None if value is None else round(value - float(t.value_std), 10),
            "met": met(code=t.indicator_code, qualifier=None if pd.isna(t.qualifier) else t.qualifier,
                       low=float(t.value_std), high=high, outcome=value),
        })
    frame = pd.DataFrame(out, columns=columns)
    frame["met"] = frame["met"].astype("boolean")
    return frame.sort_values("target_indicator_id", kind="stable").reset_index(drop=True)


def outcomes_quality(table: pd.DataFrame) -> dict:
    """What quality.json says about target_outcomes: targets, with an outcome, met and not met."""
    if table is None or table.empty:
        return {"targets": 0, "with_outcome": 0, "met": 0, "not_met": 0}
    return {"targets": int(len(table)), "with_outcome": int(table["outcome_indicator_id"].notna().sum()),
            "met": int((table["met"] == True).sum()),  # noqa: E712 (nullable booleans)
            "not_met": int((table["met"] == False).sum())}  # noqa: E712
