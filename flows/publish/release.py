"""publish_release: build a release in a temporary folder, check it, move it into place atomically.

Order of work (all under an exclusive, non-blocking ``output/.lock``, which the flow takes
before it parses anything; ``output_lock`` is re-entrant within one process):

1. recover the output folder (``recover_output``): clean leftovers of killed runs
   (``.tmp-*``); rebuild a missing or corrupt releases.json from the release folders (each
   carries its own record, ``release.json``; the corrupt file is kept beside it); record a
   release folder renamed into place by a run killed before it was recorded; verify the latest
   release against its SHA256SUMS and refuse, naming the damaged file, when it does not match
   (``repair=True`` withdraws it instead: the folder is moved to ``.damaged/``, its id stays
   taken); repair LATEST. A published release is never deleted and its id never reused;
2. validate the tables with the pandera models (refuse when anything fails);
3. write the data files into ``output/.tmp-<random>/``; when the schema fingerprint and the
   sha256 of every CSV (the canonical text form of the rows) equal the latest release's,
   stop: nothing new is published;
4. release gate and version bump against the previous release;
5. write the documents, release.json and SHA256SUMS, read everything back;
6. one ``os.rename`` of the temporary folder to ``output/vX.Y.Z``;
7. replace releases.json, CHANGELOG.md and then LATEST (each written to a temporary file and
   ``os.replace``d).

A run killed before 6 leaves the previous release and LATEST untouched; one killed between 6
and 7 leaves a complete, verified folder that the next run records.

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
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from flows.publish.citation import citation_cff
from flows.publish.database import build_database
from flows.publish.datapackage import build_datapackage
from flows.publish.docs import data_dictionary, load_duckdb_sql, release_readme
from flows.publish.files import sha256_file, to_arrow, write_csv, write_parquet
from flows.publish.site import build_site
from flows.publish.workbook import WORKBOOK_FILE, WorkbookError, write_workbook
from flows.publish.texts import TextMismatch, write_texts
from flows.publish.versioning import decide_bump, diff_table, gate, next_version, release_facts
from flows.validate import ValidationResult, validate_tables
from schemas import TABLES, fingerprint, schema_summary

PAUSE_ENV = "GWR_PUBLISH_PAUSE_AT"
VERSION_RE = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")
DOC_FILES = ("datapackage.json", "DATA_DICTIONARY.md", "quality.json", "README.md", "load_duckdb.sql", "release.json",
             "CITATION.cff", "gwr.duckdb")


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


_HELD: dict[str, int] = {}
"""Lock files this process holds, with their depth: the flow takes the lock before parsing
and the publisher (in a task thread of the same process) takes it again."""
_HELD_GUARD = threading.Lock()


@contextlib.contextmanager
def output_lock(output_dir: Path) -> Iterator[None]:
    """Exclusive, non-blocking lock on ``output_dir/.lock`` between processes; re-entrant
    within one. Hand-written on ``fcntl.flock`` (not filelock): the kernel drops it when the
    process dies, even on kill -9, and other tools (tests, operators) can take it with flock(1)."""
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / ".lock"
    key = str(path.resolve())
    with _HELD_GUARD:
        if _HELD.get(key):
            _HELD[key] += 1
            fh = None
        else:
            fh = open(path, "a+")
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                fh.close()
                raise PublishError(f"another run is publishing to {output_dir} (lock {path})") from None
            _HELD[key] = 1
    try:
        yield
    finally:
        with _HELD_GUARD:
            _HELD[key] -= 1
            if not _HELD[key]:
                del _HELD[key]
                if fh is not None:
                    fcntl.flock(fh, fcntl.LOCK_UN)
                    fh.close()




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


RECORD_FILE = "release.json"
"""Each release folder's own copy of its releases.json entry (without ``files``, which
SHA256SUMS holds): releases.json can always be rebuilt from the folders."""
DAMAGED_DIR = ".damaged"


def _empty_history() -> dict[str, Any]:
    return {"latest": None, "releases": []}


def _parse_history(text: str) -> dict[str, Any]:
    """releases.json's content, or ValueError when it is not what we write."""
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("releases"), list) \
            or not all(isinstance(r, dict) and VERSION_RE.match(str(r.get("id", ""))) for r in data["releases"]):
        raise ValueError("not a releases.json (no list of releases with ids vX.Y.Z)")
    return data


def release_folders(output_dir: Path) -> list[Path]:
    """The release folders in ``output_dir``, newest version first."""
    found = [f for f in output_dir.iterdir() if f.is_dir() and VERSION_RE.match(f.name)] \
        if output_dir.is_dir() else []
    return sorted(found, key=lambda f: _version_key(f.name), reverse=True)


def read_sums(folder: Path) -> dict[str, str]:
    """SHA256SUMS of a release folder as {file name: sha256}."""
    sums = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if digest and name:
            sums[name] = digest
    return sums


def verify_release(folder: Path, tables: Iterable[str] | None = None) -> str | None:
    """Why the release in ``folder`` cannot be trusted (the first damaged file), or None when
    every file in its SHA256SUMS is there with that sha256 and lists the Parquet and CSV file of
    each of ``tables`` (the release's own tables, which an older release may have fewer of;
    without them, at least one table)."""
    if not folder.is_dir():
        return f"{folder} is missing"
    try:
        sums = read_sums(folder)
    except (OSError, UnicodeDecodeError) as exc:
        return f"{folder / 'SHA256SUMS'} cannot be read ({type(exc).__name__})"
    if not any(name.endswith(".parquet") for name in sums):
        return f"{folder / 'SHA256SUMS'} lists no table"
    for name in [f"{t}.{ext}" for t in (tables or ()) for ext in ("parquet", "csv")]:
        if name not in sums:
            return f"{folder / 'SHA256SUMS'} does not list {name}"
    for name, digest in sums.items():
        path = folder / name
        if not path.is_file():
            return f"{path} is missing"
        if sha256_file(path) != digest:
            return f"{path} does not match its sha256 in SHA256SUMS (truncated or changed)"
    return None


def _entry_from_folder(folder: Path) -> dict[str, Any]:
    """A releases.json entry for a release folder: its own release.json when it has one,
    otherwise (releases published before folders carried it) what the files tell."""
    sums = read_sums(folder)
    files = {**sums, "SHA256SUMS": sha256_file(folder / "SHA256SUMS")}
    try:
        entry = json.loads((folder / RECORD_FILE).read_text(encoding="utf-8"))
        if entry.get("id") == folder.name:
            return {**entry, "files": files}
    except (OSError, ValueError):
        pass
    try:
        created = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["created"]
    except (OSError, ValueError, KeyError):
        created = None
    tables = [t for t in TABLES if f"{t}.parquet" in sums]  # an older release may have fewer
    counts = {t: pq.read_metadata(folder / f"{t}.parquet").num_rows for t in tables}
    zero = {t: {"added": 0, "removed": 0, "changed": 0} for t in tables}
    return {"id": folder.name, "created": created, "previous": None, "bump": "recovered",
            "reason": "entry rebuilt from the release folder (releases.json was lost)",
            "row_counts": counts, "diff": zero, "sources": [],
            "content_sha256": {t: sums[f"{t}.csv"] for t in tables if f"{t}.csv" in sums},
            "schema_fingerprint": None, "schema": None, "files": files}


def read_history(output_dir: Path) -> dict[str, Any]:
    """releases.json as written, or rebuilt from the release folders when it is missing or
    corrupt (nothing is written here; ``recover_output`` saves it)."""
    path = Path(output_dir) / "releases.json"
    try:
        return _parse_history(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        pass
    except (OSError, ValueError):
        pass
    return rebuild_history(Path(output_dir))


def rebuild_history(output_dir: Path) -> dict[str, Any]:
    """releases.json from the intact release folders, newest first (a folder that does not
    verify against its SHA256SUMS is left out, and its id stays taken)."""
    entries = []
    for folder in release_folders(output_dir):
        # a damaged folder is kept in the history (the latest one is then named as damaged by
        # recover_output, never silently replaced); one that cannot even be described is left
        # out, and its id stays taken (used_ids)
        try:
            entries.append(_entry_from_folder(folder))
        except (OSError, ValueError, KeyError, pa.ArrowException):
            continue
    for newer, older in zip(entries, entries[1:]):
        newer["previous"] = newer.get("previous") or older["id"]
    return {"latest": entries[0]["id"] if entries else None, "releases": entries}


def used_ids(output_dir: Path, history: dict[str, Any]) -> set[str]:
    """Every release id ever taken: recorded, on disk (damaged or unrecorded) or withdrawn."""
    ids = {r["id"] for r in history["releases"]} | {f.name for f in release_folders(output_dir)}
    # any entry named like a release (a stray file v1.1.0) takes its id: never renamed over
    ids |= {f.name for f in output_dir.iterdir() if VERSION_RE.match(f.name)} if output_dir.is_dir() else set()
    damaged = output_dir / DAMAGED_DIR
    if damaged.is_dir():
        ids |= {m.group(0) for f in damaged.iterdir() if (m := re.match(r"v\d+\.\d+\.\d+", f.name))}
    return ids


def _current(history: dict[str, Any]) -> dict[str, Any] | None:
    """The newest release that is not withdrawn."""
    return next((r for r in history["releases"] if not r.get("withdrawn")), None)


def _save_history(output_dir: Path, history: dict[str, Any]) -> None:
    current = _current(history)
    history["latest"] = current["id"] if current else None
    _write_atomic(output_dir / "releases.json", json.dumps(history, ensure_ascii=False, indent=2) + "\n")
    _write_atomic(output_dir / "CHANGELOG.md", changelog(history))


def trusted_latest(output_dir: Path) -> tuple[bool, str | None]:
    """(True, the current release id or None) when ``recover_output`` would find nothing to
    rebuild, record, repair or refuse in ``output_dir``; (False, None) otherwise. Changes
    nothing: a run that may have nothing to do asks this first, and leaves every other case
    to ``recover_output``. Call under ``output_lock``."""
    output_dir = Path(output_dir)
    latest_file = output_dir / "LATEST"
    try:
        history = _parse_history((output_dir / "releases.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        # nothing published yet (or releases.json to rebuild from the folders)
        return not release_folders(output_dir) and not latest_file.exists(), None
    except (OSError, ValueError):
        return False, None
    recorded = {r["id"] for r in history["releases"]}
    newest = max((_version_key(r) for r in recorded), default=(-1, -1, -1))
    if any(f.name not in recorded and _version_key(f.name) > newest for f in release_folders(output_dir)):
        return False, None  # a folder an interrupted run moved into place: recover_output looks at it
    current = _current(history)
    if current is None:
        return not history["releases"] and not latest_file.exists(), None
    try:
        if latest_file.read_text().strip() != current["id"]:
            return False, None
    except OSError:
        return False, None
    folder = output_dir / current["id"]
    if verify_release(folder, current.get("row_counts")) is not None:
        return False, None
    recorded_sums = current.get("files", {}).get("SHA256SUMS")
    if recorded_sums and sha256_file(folder / "SHA256SUMS") != recorded_sums:
        return False, None
    return True, current["id"]


def recover_output(output_dir: Path, *, repair: bool = False,
                   notes: list[str] | None = None) -> dict[str, Any]:
    """Make ``output_dir`` trustworthy before anything is compared with it or added to it, and
    return its history. Call under ``output_lock``. Never deletes a release folder.

    Raises PublishError (one line: the damaged file and how to repair) when the latest release
    is missing or does not match its SHA256SUMS, unless ``repair``: then that release is
    withdrawn (kept in releases.json marked ``withdrawn``, its folder moved to ``.damaged/``)
    and the newest intact release before it becomes current. What was repaired is appended to
    ``notes`` (one short sentence each), for the run to print."""
    output_dir = Path(output_dir)
    notes = notes if notes is not None else []
    for tmp in output_dir.glob(".tmp-*"):
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
    path = output_dir / "releases.json"
    changed = False
    try:
        history = _parse_history(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        history = rebuild_history(output_dir)
        changed = bool(history["releases"])
        if changed:
            notes.append(f"releases.json was missing: rebuilt from {len(history['releases'])} release folder(s)")
    except (OSError, ValueError):
        history = rebuild_history(output_dir)
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        kept = path.with_name(f"releases.json.corrupt-{stamp}")
        os.replace(path, kept)  # kept, not lost
        changed = True
        notes.append(f"releases.json was unreadable: rebuilt from {len(history['releases'])} release "
                     f"folder(s), the old one kept as {kept.name}")

    # A folder renamed into place by a run killed before it recorded it: complete, verified
    # and newer than every recorded release; record it (it was built and checked in full).
    recorded = {r["id"] for r in history["releases"]}
    newest = max((_version_key(r) for r in recorded), default=(-1, -1, -1))
    for folder in reversed(release_folders(output_dir)):
        if folder.name not in recorded and _version_key(folder.name) > newest \
                and (folder / RECORD_FILE).is_file() and verify_release(folder) is None:
            entry = _entry_from_folder(folder)
            entry["previous"] = history["releases"][0]["id"] if history["releases"] else None
            history["releases"].insert(0, entry)
            newest = _version_key(folder.name)
            changed = True
            notes.append(f"recorded {folder.name}, which an interrupted run had moved into place")

    while (current := _current(history)) is not None:
        folder = output_dir / current["id"]
        problem = verify_release(folder, current.get("row_counts"))
        recorded_sums = current.get("files", {}).get("SHA256SUMS")
        if problem is None and recorded_sums and sha256_file(folder / "SHA256SUMS") != recorded_sums:
            problem = f"{folder / 'SHA256SUMS'} is not the one releases.json recorded"
        if problem is None:
            break
        if not repair:
            if changed:
                _save_history(output_dir, history)
            raise PublishError(
                f"latest release {current['id']} is damaged: {problem}; restore {folder} from a "
                f"backup (releases.json lists each file's sha256), or run again with --repair to "
                f"withdraw it (its folder moves to {output_dir / DAMAGED_DIR}, its id is never reused)")
        if folder.exists():
            stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
            (output_dir / DAMAGED_DIR).mkdir(exist_ok=True)
            os.rename(folder, output_dir / DAMAGED_DIR / f"{current['id']}-{stamp}")
        current["withdrawn"] = f"withdrawn by --repair: {problem}"
        changed = True
        notes.append(f"withdrew {current['id']} ({problem})")

    if changed:
        _save_history(output_dir, history)
    current = _current(history)
    latest_file = output_dir / "LATEST"
    if latest_file.is_dir() or (latest_file.exists() and not latest_file.is_file()):
        if not repair:
            raise PublishError(f"{latest_file} is not a file (a folder?): move it away, or run again "
                               f"with --repair to move it to {output_dir / DAMAGED_DIR}")
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        (output_dir / DAMAGED_DIR).mkdir(exist_ok=True)
        os.rename(latest_file, output_dir / DAMAGED_DIR / f"LATEST-{stamp}")
        notes.append(f"moved the folder LATEST to {DAMAGED_DIR}/LATEST-{stamp}")
    if current:
        if not latest_file.exists() or latest_file.read_text().strip() != current["id"]:
            _write_atomic(latest_file, current["id"] + "\n")
    elif latest_file.exists():
        os.replace(latest_file, output_dir / ".LATEST-withdrawn")
    return history


def source_date() -> dt.datetime | None:
    """The time ``SOURCE_DATE_EPOCH`` (seconds since 1970, reproducible-builds.org) names, or
    None when it is not set: a release's ``created`` then comes from it, so two runs of the same
    inputs and code give the same bytes in every file."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise PublishError(f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds since 1970") from None


def _json_default(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _utc(now: dt.datetime | None) -> str:
    now = now or source_date() or dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _diff_line(diff: dict) -> str:
    parts = [f"{t} +{d['added']} -{d['removed']} ~{d['changed']}" for t, d in diff.items()
             if d["added"] or d["removed"] or d["changed"]]
    return ", ".join(parts) or "no row changes"


def changelog_entry(entry: dict[str, Any]) -> str:
    lines = [f"## {entry['id']} — {entry.get('created')}", "",
             f"{entry['bump'].capitalize()} release: {entry['reason']}."
             + (f" Previous release: {entry['previous']}." if entry.get("previous") else ""), "",
             "| table | rows | added | removed | changed |", "|---|---|---|---|---|"]
    for table, d in entry["diff"].items():
        lines.append(f"| {table} | {entry['row_counts'].get(table, '')} | +{d['added']} | -{d['removed']} "
                     f"| ~{d['changed']} |")
    lines += ["", f"Sources: {len(entry['sources'])} file(s).", ""]
    if entry.get("withdrawn"):
        lines[2:2] = [f"**Withdrawn**: {entry['withdrawn']}.", ""]
    return "\n".join(lines)


def changelog(history: dict[str, Any]) -> str:
    head = ["# Changelog", "",
            "Newest first. Rows are matched by primary key between a release and the one before it. "
            "MAJOR: a table or a column added, a column removed, renamed, retyped or its meaning changed "
            "(the release's reason names each table and column); MINOR: reports added or removed; "
            "PATCH: rows changed for the same reports.", ""]
    return "\n".join(head) + "\n" + "\n".join(changelog_entry(e) for e in history["releases"])


def _write_sums(folder: Path) -> dict[str, str]:
    # every file, texts/ included, by its path inside the release
    sums = {p.relative_to(folder).as_posix(): sha256_file(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "SHA256SUMS"}
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
                    quality: dict, allow_shrink: bool = False, repair: bool = False,
                    now: dt.datetime | None = None, validated: ValidationResult | None = None,
                    texts: dict[str, str] | None = None) -> PublishResult:
    """Publish `tables` as a new release under `output_dir`, or nothing if the data are unchanged.

    `texts` maps each report_id to its source file's path: the release then carries
    texts/<report_id>.txt, the text its offsets refer to (flows/publish/texts.py).

    `validated` is the result of ``validate_tables(tables)`` when the caller has just run it
    (the flow does): the tables are then not validated a second time, which at 10,000 reports
    saves a copy of every table and about 40 s. ``repair`` withdraws a damaged latest release
    (see ``recover_output``) instead of refusing.
    """
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    with output_lock(output_dir):
        history = recover_output(output_dir, repair=repair)

        checked = validated if validated is not None and validated.tables is tables else validate_tables(tables)
        if not checked.ok:
            first = checked.failures[0]
            counts = ", ".join(f"{t} {n}" for t, n in checked.summary().items())
            raise PublishError(f"validation failed ({counts} failing checks); first: {first['table']}."
                               f"{first['column']} {first['check']} value={first['value']!r} "
                               f"key={first['primary_key']!r}")
        new = checked.tables
        previous = _current(history)
        schema = schema_summary()

        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=output_dir))
        try:
            for name, df in new.items():  # one table's Arrow copy at a time
                try:
                    arrow = to_arrow(df, name)
                except ValueError as exc:
                    raise PublishError(f"refused: {exc}") from None
                write_parquet(arrow, tmp / f"{name}.parquet")
                write_csv(arrow, name, tmp / f"{name}.csv")
                del arrow
            content = {name: sha256_file(tmp / f"{name}.csv") for name in TABLES}
            # an entry rebuilt from a folder published before folders carried release.json has
            # no schema fingerprint: its CSVs alone decide (they hold every column and value)
            same_schema = previous is not None and previous.get("schema_fingerprint") in (None, fingerprint(schema))
            if previous and same_schema and previous["content_sha256"] == content:
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
            if previous is None and history["releases"]:
                withdrawn = ", ".join(r["id"] for r in history["releases"])
                bump = type(bump)(bump.part, f"first release since the withdrawn {withdrawn}")
            version = next_version(previous["id"] if previous else None, bump.part,
                                   taken=used_ids(output_dir, history))
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
            (tmp / "load_duckdb.sql").write_text(load_duckdb_sql(version), encoding="utf-8")
            build_database(tmp, load_duckdb_sql(version, parquet_dir=tmp))
            try:
                write_workbook(tmp, created=created)
            except WorkbookError as exc:
                raise PublishError(f"{WORKBOOK_FILE}: {exc}") from exc
            (tmp / "CITATION.cff").write_text(citation_cff(version=version, created=created), encoding="utf-8")
            (tmp / RECORD_FILE).write_text(
                json.dumps(entry, ensure_ascii=False, indent=2, default=_json_default) + "\n", encoding="utf-8")
            (tmp / "README.md").write_text(release_readme(
                version=version, created=created, sources=sources, row_counts=row_counts,
                reports=reports.to_dict("records"), changelog_entry=changelog_entry(entry)),
                encoding="utf-8")
            package = build_datapackage(tmp, version=version, created=created, sources=sources)
            if texts is not None:
                try:
                    package["resources"] += write_texts(tmp, sources=texts, reports=new["reports"])
                except (TextMismatch, KeyError, OSError) as exc:
                    raise PublishError(f"texts/: {exc}") from exc
            (tmp / "datapackage.json").write_text(
                json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            build_site(tmp, version=version, created=created)
            sums = _write_sums(tmp)
            _verify(tmp, {name: len(df) for name, df in new.items()}, sums)
            entry["files"] = {**{n: h for n, h in sums.items() if "/" not in n},  # site/, texts/: in SHA256SUMS
                              "SHA256SUMS": sha256_file(tmp / "SHA256SUMS")}

            _pause("before-rename")
            os.chmod(tmp, 0o755)  # mkdtemp makes it 0700
            os.rename(tmp, output_dir / version)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

        _pause("before-record")
        history = {"latest": version, "releases": [entry, *history["releases"]]}
        _save_history(output_dir, history)
        _write_atomic(output_dir / "LATEST", version + "\n")
        return PublishResult(version, True, f"published {version} ({_diff_line(diff)})", diff)
