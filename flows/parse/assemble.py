"""Parsed reports in, the five published tables out (columns in schema order)."""
from __future__ import annotations

import pandas as pd

from flows.parse.report import ParsedReport
from schemas import TABLES

PLACE_ATTRIBUTES = ["name", "place_type", "adcode", "province", "prefecture", "county", "lon", "lat"]


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    spec = TABLES[table]
    frame = pd.DataFrame(rows, columns=spec.columns) if rows else pd.DataFrame(columns=spec.columns)
    return frame.sort_values(spec.primary_key, kind="stable").reset_index(drop=True)


def places_from_mentions(mentions: list[dict]) -> list[dict]:
    """One row per distinct place, with the number of times it is mentioned."""
    places: dict[str, dict] = {}
    for mention in mentions:
        row = places.setdefault(mention["place_id"], {
            "place_id": mention["place_id"], **{k: mention.get(k) for k in PLACE_ATTRIBUTES}, "n_mentions": 0,
        })
        row["n_mentions"] += 1
    return list(places.values())


def assemble_tables(parsed: list[ParsedReport]) -> dict[str, pd.DataFrame]:
    """The reports, pledges, indicators, places and place_mentions tables of a set of reports."""
    rows: dict[str, list[dict]] = {name: [] for name in TABLES}
    for report in sorted(parsed, key=lambda r: r.report_id):
        for name, table_rows in report.rows.items():
            rows[name].extend(table_rows)
    rows["places"] = places_from_mentions(rows["place_mentions"])
    mention_columns = TABLES["place_mentions"].columns
    rows["place_mentions"] = [{k: m.get(k) for k in mention_columns} for m in rows["place_mentions"]]
    return {name: _frame(name, rows[name]) for name in TABLES}
