"""Parsed reports in, the five published tables out (columns in schema order)."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from flows.parse.report import ParsedReport
from schemas import TABLES

PLACE_ATTRIBUTES = ["name", "place_type", "adcode", "province", "prefecture", "county", "lon", "lat"]


def _frame(table: str, columns: dict[str, list]) -> pd.DataFrame:
    spec = TABLES[table]
    n = len(next(iter(columns.values()), []))
    frame = pd.DataFrame({c: columns.get(c, [None] * n) for c in spec.columns}, columns=spec.columns)
    return frame.sort_values(spec.primary_key, kind="stable").reset_index(drop=True)


def places_from_mentions(mentions: dict[str, list]) -> dict[str, list]:
    """One row per distinct place (columns), with the number of times it is mentioned."""
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    for i, place_id in enumerate(mentions.get("place_id", [])):
        first.setdefault(place_id, i)
        counts[place_id] = counts.get(place_id, 0) + 1
    rows = list(first.items())
    places = {"place_id": [place_id for place_id, _ in rows]}
    for attribute in PLACE_ATTRIBUTES:
        values = mentions.get(attribute, [])
        places[attribute] = [values[i] for _, i in rows]
    places["n_mentions"] = [counts[place_id] for place_id, _ in rows]
    return places


def assemble_tables(parsed: Iterable[ParsedReport]) -> dict[str, pd.DataFrame]:
    """The reports, pledges, indicators, places and place_mentions tables of a set of reports."""
    columns: dict[str, dict[str, list]] = {name: {} for name in TABLES}
    for report in sorted(parsed, key=lambda r: r.report_id):
        for name, table_columns in report.columns.items():
            target = columns[name]
            for key, values in table_columns.items():
                target.setdefault(key, []).extend(values)
    columns["places"] = places_from_mentions(columns["place_mentions"])
    return {name: _frame(name, columns[name]) for name in TABLES}
