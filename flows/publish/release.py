"""publish_release: build a release in a temporary folder, check it, move it into place atomically.

Order of work (all under an exclusive, non-blocking ``output/.lock``):

1. clean leftovers of killed runs (``.tmp-*`` folders; a release folder newer than the newest
   entry of releases.json, i.e. renamed into place but never recorded) and repair LATEST;
2. validate the tables with the pandera models (refuse when anything fails);
3. write the data files into ``output/.tmp-<random>/``; when the schema fingerprint and the
   sha256 of every CSV (the canonical text form of the rows) equal the latest release's,
   stop: nothing new is published;
4. release gate and version bump against the previous release;
5. write the documents and SHA256SUMS, read everything back;
6. one ``os.rename`` of the temporary folder to ``output/vX.Y.Z``;
7. replace releases.json, CHANGELOG.md and then LATEST (each written to a temporary file and
   ``os.replace``d).

A run killed before 6 leaves the previous release and LATEST untouched; one killed between 6
and 7 leaves an unrecorded folder that the next run removes and rebuilds.

Test hook: ``GWR_PUBLISH_PAUSE_AT=<step>[:seconds]`` makes the run print ``paused at <step>``
and sleep at ``before-rename`` or ``before-record``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from flows.publish.datapackage import build_datapackage
from flows.publish.docs import data_dictionary, load_duckdb_sql, release_readme
from flows.publish.files import sha256_file, to_arrow, write_csv, write_parquet
from flows.publish.versioning import decide_bump, diff_table, gate, next_version, release_facts
from flows.validate import ValidationResult, validate_tables
from schemas import TABLES, fingerprint, schema_summary

PAUSE_ENV = "GWR_PUBLISH_PAUSE_AT"
VERSION_RE = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")
DOC_FILES = ("datapackage.json", "DATA_DICTIONARY.md", "quality.json", "README.md", "load_duckdb.sql")


class PublishError(Exception):
    """The release could not be published (gate, validation, lock, ...); one-line message."""


@dataclass
class PublishResult:
    release_id: str | None  # e.g. "v1.0.0"; None when nothing was ever published
    published: bool
    message: str
    diff: dict = field(default_factory=dict)  # table -> {"added", "removed", "changed"}


def _pause(step: str) -> None:
    spec = os.environ.get(PAUSE_ENV, "")
    name, _, seconds = spec.partition(":")
    if name == step:
        print(f"paused at {step}", flush=True)
        time.sleep(float(seconds or 60))


@contextlib.contextmanager
def _lock(output_dir: Path) -> Iterator[None]:
    path = output_dir / ".lock"
    with open(path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"another run is publishing to {output_dir} (lock {path})") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".tmp-{path.name}-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _version_key(release_id: str) -> tuple[int, int, int]:
    m = VERSION_RE.match(release_id)
    return (int(m[1]), int(m[2]), int(m[3])) if m else (-1, -1, -1)


def read_history(output_dir: Path) -> dict[str, Any]:
    path = output_dir / "releases.json"
    if not path.exists():
        return {"latest": None, "releases": []}
    return json.loads(path.read_text(encoding="utf-8"))


def _clean_leftovers(output_dir: Path, history: dict[str, Any]) -> None:
    for tmp in output_dir.glob(".tmp-*"):
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
    recorded = {r["id"] for r in history["releases"]}
    newest = max((_version_key(r) for r in recorded), default=None)
    folders = [f for f in output_dir.iterdir() if f.is_dir() and VERSION_RE.match(f.name)]
    for folder in folders:
        if folder.name in recorded:
            continue
        # A folder renamed into place by a run killed before it recorded the release: the one
        # version after the newest recorded release (or a lone v1.0.0 with no history yet).
        # Older unrecorded folders are left alone.
        if (_version_key(folder.name) > newest) if newest else (folder.name == "v1.0.0" and len(folders) == 1):
            doomed = output_dir / f".tmp-unrecorded-{folder.name}-{os.getpid()}"
            os.rename(folder, doomed)
            shutil.rmtree(doomed, ignore_errors=True)
    latest = history["releases"][0]["id"] if history["releases"] else None
    latest_file = output_dir / "LATEST"
    if latest and (not latest_file.exists() or latest_file.read_text().strip() != latest):
        _write_atomic(latest_file, latest + "\n")


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _utc(now: dt.datetime | None) -> str:
    now = now or dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _diff_line(diff: dict) -> str:
    parts = [f"{t} +{d['added']} -{d['removed']} ~{d['changed']}" for t, d in diff.items()
             if d["added"] or d["removed"] or d["changed"]]
    return ", ".join(parts) or "no row changes"


def changelog_entry(entry: dict[str, Any]) -> str:
    lines = [f"## {entry['id']} — {entry['created']}", "",
             f"{entry['bump'].capitalize()} release: {entry['reason']}."
             + (f" Previous release: {entry['previous']}." if entry.get("previous") else ""), "",
             "| table | rows | added | removed | changed |", "|---|---|---|---|---|"]
    for table, d in entry["diff"].items():
        lines.append(f"| {table} | {entry['row_counts'][table]} | +{d['added']} | -{d['removed']} "
                     f"| ~{d['changed']} |")
    lines += ["", f"Sources: {len(entry['sources'])} file(s).", ""]
    return "\n".join(lines)


def changelog(history: dict[str, Any]) -> str:
    head = ["# Changelog", "",
            "Newest first. Rows are matched by primary key between a release and the one before it. "
            "MAJOR: a table or a column added, a column removed, renamed, retyped or its meaning changed "
            "(the release's reason names each table and column); MINOR: reports added or removed; "
            "PATCH: rows changed for the same reports.", ""]
    return "\n".join(head) + "\n" + "\n".join(changelog_entry(e) for e in history["releases"])


def _write_sums(folder: Path) -> dict[str, str]:
    sums = {p.name: sha256_file(p) for p in sorted(folder.iterdir()) if p.is_file() and p.name != "SHA256SUMS"}
    (folder / "SHA256SUMS").write_text("".join(f"{h}  {n}\n" for n, h in sums.items()), encoding="utf-8")
    return sums


def _verify(folder: Path, row_counts: dict[str, int], sums: dict[str, str]) -> None:
    for name, expected in row_counts.items():
        rows = pq.read_metadata(folder / f"{name}.parquet").num_rows
        if rows != expected:
            raise PublishError(f"{name}.parquet has {rows} rows, expected {expected}")
    for fname, digest in sums.items():
        if sha256_file(folder / fname) != digest:
            raise PublishError(f"{fname} changed while the release was being built")


def publish_release(tables: dict[str, pd.DataFrame], *, output_dir: Path, sources: list[dict],
                    quality: dict, allow_shrink: bool = False,
                    now: dt.datetime | None = None, validated: ValidationResult | None = None) -> PublishResult:
    """Publish `tables` as a new release under `output_dir`, or nothing if the data are unchanged.

    `validated` is the result of ``validate_tables(tables)`` when the caller has just run it
    (the flow does): the tables are then not validated a second time, which at 10,000 reports
    saves a copy of every table and about 40 s.
    """
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    with _lock(output_dir):
        history = read_history(output_dir)
        _clean_leftovers(output_dir, history)

        checked = validated if validated is not None and validated.tables is tables else validate_tables(tables)
        if not checked.ok:
            first = checked.failures[0]
            counts = ", ".join(f"{t} {n}" for t, n in checked.summary().items())
            raise PublishError(f"validation failed ({counts} failing checks); first: {first['table']}."
                               f"{first['column']} {first['check']} value={first['value']!r} "
                               f"key={first['primary_key']!r}")
        new = checked.tables
        previous = history["releases"][0] if history["releases"] else None
        schema = schema_summary()

        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=output_dir))
        try:
            for name, df in new.items():  # one table's Arrow copy at a time
                arrow = to_arrow(df, name)
                write_parquet(arrow, tmp / f"{name}.parquet")
                write_csv(arrow, name, tmp / f"{name}.csv")
                del arrow
            content = {name: sha256_file(tmp / f"{name}.csv") for name in TABLES}
            if previous and previous["schema_fingerprint"] == fingerprint(schema) \
                    and previous["content_sha256"] == content:
                shutil.rmtree(tmp, ignore_errors=True)
                zeros = {t: {"added": 0, "removed": 0, "changed": 0} for t in TABLES}
                return PublishResult(previous["id"], False, f"no change: {previous['id']} is current", zeros)

            old_folder = output_dir / previous["id"] if previous else None
            old = release_facts(old_folder) if old_folder else None
            facts = release_facts(tmp)
            if old and not allow_shrink:
                problems = gate(old, facts, sources=sources)
                if problems:
                    raise PublishError("release gate: " + "; ".join(problems)
                                       + " (allow_shrink=True publishes anyway)")
            diff = {name: diff_table(name, old_folder, tmp) for name in TABLES}
            bump = decide_bump(previous=previous, schema=schema, old=old, new=facts)
            version = next_version(previous["id"] if previous else None, bump.part)
            if (output_dir / version).exists():
                raise PublishError(f"{output_dir / version} already exists and is not in releases.json")
            created = _utc(now)
            row_counts = facts.row_counts
            entry: dict[str, Any] = {
                "id": version, "created": created, "previous": previous["id"] if previous else None,
                "bump": bump.part, "reason": bump.reason, "row_counts": row_counts, "diff": diff,
                "sources": sources, "content_sha256": content,
                "schema_fingerprint": fingerprint(schema), "schema": schema,
            }

            reports = new["reports"][["report_id", "region_name", "region_level", "report_year",
                                      "source_file"]].astype(object).where(lambda d: d.notna(), None)
            (tmp / "quality.json").write_text(
                json.dumps(quality, ensure_ascii=False, indent=2, sort_keys=True, default=_json_default) + "\n",
                encoding="utf-8")
            (tmp / "DATA_DICTIONARY.md").write_text(
                data_dictionary(version=version, row_counts=row_counts), encoding="utf-8")
            (tmp / "load_duckdb.sql").write_text(load_duckdb_sql(), encoding="utf-8")
            (tmp / "README.md").write_text(release_readme(
                version=version, created=created, sources=sources, row_counts=row_counts,
                reports=reports.to_dict("records"), changelog_entry=changelog_entry(entry)),
                encoding="utf-8")
            package = build_datapackage(tmp, version=version, created=created, sources=sources)
            (tmp / "datapackage.json").write_text(
                json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            sums = _write_sums(tmp)
            _verify(tmp, {name: len(df) for name, df in new.items()}, sums)
            entry["files"] = {**sums, "SHA256SUMS": sha256_file(tmp / "SHA256SUMS")}

            _pause("before-rename")
            os.chmod(tmp, 0o755)  # mkdtemp makes it 0700
            os.rename(tmp, output_dir / version)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

        _pause("before-record")
        history = {"latest": version, "releases": [entry, *history["releases"]]}
        _write_atomic(output_dir / "releases.json",
                      json.dumps(history, ensure_ascii=False, indent=2) + "\n")
        _write_atomic(output_dir / "CHANGELOG.md", changelog(history))
        _write_atomic(output_dir / "LATEST", version + "\n")
        return PublishResult(version, True, f"published {version} ({_diff_line(diff)})", diff)
