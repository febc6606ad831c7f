"""Parsed reports in, the published tables out (columns in schema order, rows by key)."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from flows.extract.codes import codebook_rows
from flows.report.report import ParsedReport
from flows.series.outcomes import target_outcomes_table
from flows.series.series import series_table
from schemas import TABLES

# tables built across reports from the others, after them
DERIVED = ("target_outcomes", "series")
PLACE_ATTRIBUTES = ["name", "place_type", "adcode", "province", "prefecture", "county", "lon", "lat"]
CHUNK = 500  # reports turned into table rows at a time


def _frame(table: str, columns: dict[str, list]) -> pd.DataFrame:
    names = TABLES[table].columns
    n = len(next(iter(columns.values()), []))
    return pd.DataFrame({c: columns.get(c, [None] * n) for c in names}, columns=names)


def _sorted(table: str, frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The chunks of one table as one frame sorted by primary key; ``frames`` is emptied.

    Column by column: the sort order comes from the key column alone, then each column's chunks
    are joined, put in order and dropped before the next column, so the table is never held
    twice over (``concat`` + ``sort_values`` would hold the chunks, the joined frame and the
    sorted copy at once)."""
    if not frames:
        return _frame(table, {})
    pk = TABLES[table].primary_key
    order = np.argsort(pd.concat([f[pk] for f in frames], ignore_index=True).to_numpy(), kind="stable")
    out = {}
    for name in TABLES[table].columns:
        column = pd.concat([f.pop(name) for f in frames], ignore_index=True)
        out[name] = column.take(order).reset_index(drop=True)
        del column
    frames.clear()
    return pd.DataFrame(out, columns=TABLES[table].columns)


def _count_places(mentions: dict[str, list], places: dict[str, dict]) -> None:
    """Add the places of a chunk's mentions to ``places`` (first attributes seen, mention count)."""
    for i, place_id in enumerate(mentions.get("place_id", [])):
        place = places.get(place_id)
        if place is None:
            place = places[place_id] = {"place_id": place_id,
                                        **{a: mentions[a][i] for a in PLACE_ATTRIBUTES}, "n_mentions": 0}
        place["n_mentions"] += 1


def _chunks(parsed: Iterable[ParsedReport]) -> Iterable[list[ParsedReport]]:
    """Reports in report_id order, CHUNK at a time. A list is consumed as it goes, so each
    report is released once its rows are in the tables."""
    if not isinstance(parsed, list):
        parsed = list(parsed)
    parsed.sort(key=lambda r: r.report_id, reverse=True)
    while parsed:
        yield [parsed.pop() for _ in range(min(CHUNK, len(parsed)))]


def assemble_tables(parsed: Iterable[ParsedReport]) -> dict[str, pd.DataFrame]:
    """The reports, pledges, indicators, places and place_mentions tables of a set of reports, and
    the tables built across them (target_outcomes, series: ``flows.series``).

    A list passed in is emptied: its reports are released once their rows are in the tables.
    """
    frames: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
    places: dict[str, dict] = {}
    for chunk in _chunks(parsed):
        columns: dict[str, dict[str, list]] = {name: {} for name in TABLES}
        for report in chunk:
            for name, table_columns in report.columns.items():
                for key, values in table_columns.items():
                    columns[name].setdefault(key, []).extend(values)
        del chunk
        _count_places(columns["place_mentions"], places)
        for name in TABLES:
            if name not in ("places", *DERIVED) and columns[name]:
                frames[name].append(_frame(name, columns[name]))
    codes = codebook_rows()  # the codebook is published whole, whatever the reports use
    frames["indicator_codes"] = [_frame("indicator_codes", {k: [r[k] for r in codes]
                                                            for k in TABLES["indicator_codes"].columns})]
    place_rows = list(places.values())
    frames["places"] = [_frame("places", {k: [p[k] for p in place_rows] for k in TABLES["places"].columns})] \
        if place_rows else []
    # one table at a time, so only one table's chunks and copy are alive together
    tables = {name: _sorted(name, frames.pop(name)) for name in TABLES if name not in DERIVED}
    tables["target_outcomes"] = target_outcomes_table(tables["indicators"], tables["reports"])
    tables["series"] = series_table(tables["indicators"], tables["reports"])
    return {name: tables[name] for name in TABLES}
