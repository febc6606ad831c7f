"""Compare a new build with the previous release: row diff, release gate, version bump."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from flows.publish.files import row_keys
from schemas import TABLES

SHRINK_LIMIT = 0.10  # a table may lose at most 10% of its rows without allow_shrink


@dataclass(frozen=True)
class Bump:
    part: str  # "initial" | "major" | "minor" | "patch"
    reason: str


def read_release_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The tables of a published release (missing tables read as empty)."""
    out = {}
    for name in TABLES:
        path = folder / f"{name}.parquet"
        out[name] = pq.read_table(path).to_pandas() if path.exists() else pd.DataFrame()
    return out


def diff_tables(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]) -> dict[str, dict[str, int]]:
    """Per table: rows added, removed and changed, matched by primary key (common columns compared)."""
    result = {}
    for name, spec in TABLES.items():
        o, n = old.get(name, pd.DataFrame()), new[name]
        if spec.primary_key not in o.columns:
            result[name] = {"added": len(n), "removed": 0, "changed": 0}
            continue
        common = [c for c in n.columns if c in o.columns]
        ok, nk = row_keys(o[common], name), row_keys(n[common], name)
        result[name] = {
            "added": len(nk.keys() - ok.keys()),
            "removed": len(ok.keys() - nk.keys()),
            "changed": sum(1 for k in nk.keys() & ok.keys() if nk[k] != ok[k]),
        }
    return result


def gate(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame], *, sources: list[dict]) -> list[str]:
    """Reasons to refuse the release (empty when it may go out)."""
    problems = []
    for name in TABLES:
        before, after = len(old.get(name, ())), len(new[name])
        if before and after < before * (1 - SHRINK_LIMIT):
            problems.append(f"{name} would shrink from {before} to {after} rows "
                            f"(-{(before - after) / before:.0%}, limit -{SHRINK_LIMIT:.0%})")
    old_reports = old.get("reports", pd.DataFrame())
    if {"report_id", "source_file"} <= set(old_reports.columns):
        inputs = {s["source_file"] for s in sources}
        kept = set(new["reports"]["report_id"].astype(str))
        lost = [(r, f) for r, f in zip(old_reports["report_id"].astype(str), old_reports["source_file"])
                if r not in kept and f in inputs]
        if lost:
            shown = ", ".join(f"{r} ({f})" for r, f in lost[:3]) + (" ..." if len(lost) > 3 else "")
            problems.append(f"reports: {len(lost)} report(s) disappeared while their source file is "
                            f"still an input: {shown}")
    return problems


def schema_changes(old: dict | None, new: dict) -> tuple[list[str], list[str]]:
    """(breaking, compatible) column changes between two schema summaries."""
    breaking, compatible = [], []
    old = old or {}
    for table in sorted(set(old) | set(new)):
        o, n = old.get(table, {}), new.get(table, {})
        if table not in new:
            breaking.append(f"table {table} removed")
            continue
        if table not in old:
            compatible.append(f"table {table} added")
            continue
        for col in o:
            if col not in n:
                breaking.append(f"{table}.{col} removed or renamed")
            elif o[col]["type"] != n[col]["type"]:
                breaking.append(f"{table}.{col} retyped {o[col]['type']} → {n[col]['type']}")
            elif o[col]["nullable"] != n[col]["nullable"] and n[col]["nullable"]:
                breaking.append(f"{table}.{col} may now be null")
            elif o[col]["meaning"] != n[col]["meaning"]:
                breaking.append(f"{table}.{col} meaning/description changed")
        for col in n:
            if col not in o:
                compatible.append(f"{table}.{col} added")
            elif o[col]["nullable"] != n[col]["nullable"]:
                compatible.append(f"{table}.{col} no longer null")
    return breaking, compatible


def decide_bump(*, previous: dict | None, schema: dict, old: dict[str, pd.DataFrame],
                new: dict[str, pd.DataFrame]) -> Bump:
    if previous is None:
        return Bump("initial", "first release")
    breaking, compatible = schema_changes(previous.get("schema"), schema)
    if breaking:
        return Bump("major", "schema changed: " + "; ".join(breaking))
    old_ids = set(old["reports"]["report_id"].astype(str)) if "report_id" in old["reports"] else set()
    new_ids = set(new["reports"]["report_id"].astype(str))
    if old_ids != new_ids:
        added, removed = len(new_ids - old_ids), len(old_ids - new_ids)
        return Bump("minor", f"set of reports changed: {added} added, {removed} removed")
    if compatible:
        return Bump("minor", "schema extended: " + "; ".join(compatible))
    return Bump("patch", "extracted rows changed for the same reports")


def next_version(previous_id: str | None, part: str) -> str:
    if previous_id is None or part == "initial":
        return "v1.0.0"
    major, minor, patch = (int(x) for x in previous_id.removeprefix("v").split("."))
    if part == "major":
        return f"v{major + 1}.0.0"
    if part == "minor":
        return f"v{major}.{minor + 1}.0"
    return f"v{major}.{minor}.{patch + 1}"
