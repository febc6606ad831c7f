"""Compare a new build with the previous release: row diff, release gate, version bump."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq
from packaging.version import Version

from flows.publish.files import row_digests
from schemas import TABLES

SHRINK_LIMIT = 0.10  # a table may lose at most 10% of its rows without allow_shrink


@dataclass(frozen=True)
class Bump:
    part: str  # "initial" | "major" | "minor" | "patch"
    reason: str


@dataclass
class ReleaseFacts:
    """What a comparison needs of one release's tables: row counts and the reports' ids and
    source files. The rows themselves are compared table by table (``diff_table``), so two
    releases are never held in memory whole."""

    row_counts: dict[str, int]
    report_ids: list[str]
    source_files: list[str]


def release_facts(folder: Path) -> ReleaseFacts:
    """The facts of a published release (a missing table counts as empty)."""
    counts = {name: pq.read_metadata(folder / f"{name}.parquet").num_rows
              if (folder / f"{name}.parquet").exists() else 0 for name in TABLES}
    reports = folder / "reports.parquet"
    ids: list = []
    files: list = []
    if reports.exists():
        wanted = [c for c in ("report_id", "source_file") if c in pq.read_schema(reports).names]
        table = pq.read_table(reports, columns=wanted)
        ids = table.column("report_id").to_pylist() if "report_id" in wanted else []
        files = table.column("source_file").to_pylist() if "source_file" in wanted else [None] * len(ids)
    return ReleaseFacts(counts, [str(i) for i in ids], files)


def diff_table(name: str, old_folder: Path | None, new_folder: Path) -> dict[str, int]:
    """Rows of one table added, removed and changed between the releases (or release builds)
    in two folders, matched by primary key and compared on the columns both have."""
    key = TABLES[name].primary_key
    new_path = new_folder / f"{name}.parquet"
    old_path = old_folder / f"{name}.parquet" if old_folder else None
    old_names = pq.read_schema(old_path).names if old_path and old_path.exists() else []
    if key not in old_names:
        return {"added": pq.read_metadata(new_path).num_rows, "removed": 0, "changed": 0}
    common = [c for c in pq.read_schema(new_path).names if c in old_names]
    new_rows = row_digests(pq.read_table(new_path, columns=common), key, common)
    old_rows = row_digests(pq.read_table(old_path, columns=common), key, common)
    return {
        "added": sum(1 for k in new_rows if k not in old_rows),
        "removed": sum(1 for k in old_rows if k not in new_rows),
        "changed": sum(1 for k, h in new_rows.items() if k in old_rows and old_rows[k] != h),
    }


def gate(old: ReleaseFacts, new: ReleaseFacts, *, sources: list[dict]) -> list[str]:
    """Reasons to refuse the release (empty when it may go out)."""
    problems = []
    for name in TABLES:
        before, after = old.row_counts.get(name, 0), new.row_counts[name]
        if before and after < before * (1 - SHRINK_LIMIT):
            problems.append(f"{name} would shrink from {before} to {after} rows "
                            f"(-{(before - after) / before:.0%}, limit -{SHRINK_LIMIT:.0%})")
    inputs = {s["source_file"] for s in sources}
    kept = set(new.report_ids)
    lost = [(r, f) for r, f in zip(old.report_ids, old.source_files) if r not in kept and f in inputs]
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


def decide_bump(*, previous: dict | None, schema: dict, old: ReleaseFacts | None,
                new: ReleaseFacts) -> Bump:
    if previous is None or old is None:
        return Bump("initial", "first release")
    breaking, compatible = schema_changes(previous.get("schema"), schema)
    # new tables and columns change what a row is (a range is one row with value_high, a
    # pledge has a part): users' queries and loaders must look again, so they are MAJOR too
    added = [c for c in compatible if c.endswith(" added")]
    if breaking or added:
        return Bump("major", "schema changed: " + "; ".join(breaking + added))
    old_ids, new_ids = set(old.report_ids), set(new.report_ids)
    if old_ids != new_ids:
        added, removed = len(new_ids - old_ids), len(old_ids - new_ids)
        return Bump("minor", f"set of reports changed: {added} added, {removed} removed")
    if compatible:
        return Bump("minor", "schema extended: " + "; ".join(compatible))
    return Bump("patch", "extracted rows changed for the same reports")


def next_version(previous_id: str | None, part: str, *, taken: set[str] = frozenset()) -> str:
    """The id after ``previous_id`` for a ``part`` bump, skipping every id in ``taken`` (ids
    of withdrawn, damaged or unrecorded releases): a published id is never reused."""
    if previous_id is None or part == "initial":
        previous = Version("0.0.0") if "v1.0.0" in taken else None
        part = "major"
        if previous is None:
            return "v1.0.0"
    else:
        previous = Version(previous_id.removeprefix("v"))
    while True:
        major, minor, patch = previous.release[:3]
        if part == "major":
            previous = Version(f"{major + 1}.0.0")
        elif part == "minor":
            previous = Version(f"{major}.{minor + 1}.0")
        else:
            previous = Version(f"{major}.{minor}.{patch + 1}")
        if f"v{previous}" not in taken:
            return f"v{previous}"
