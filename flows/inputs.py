"""The seeds folder, entry by entry: which entries are report inputs (hashed: the cache key
and the run's fingerprint), which are refused and which are no input at all, each with its
reason. Plain functions without Prefect: the command line asks them whether a run has
anything to do before it starts Prefect (``flows.precheck``), and the flow asks them again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from flows.cache import sha256_bytes
from flows.names import display_name
from flows.parse.formats import SOURCE_TYPES
from flows.report.report import report_id_for

SEED_SUFFIXES = set(SOURCE_TYPES)
"""Report files read (flows.parse.formats); any other file is listed as skipped with the reason."""
COMPANION_SUFFIXES = {".json", ".csv", ".md", ".yaml", ".yml"}
"""Companion files beside the reports (sources.csv sidecar metadata, notes): skipped as such."""


@dataclass(frozen=True)
class SeedFile:
    """One input file as seen by the scan: enough to key the cache and name errors.
    ``error`` set by the scan means the file is not read (too large, a link leaving the
    folder, a report id another file also makes); ``sha256`` is then empty when it was not read."""

    source_file: str
    path: str
    sha256: str
    n_bytes: int
    error: str | None = None


@dataclass(frozen=True)
class Skipped:
    """An entry of the seeds folder that is not a report input, and why."""

    source_file: str
    reason: str


@dataclass(frozen=True)
class Scan:
    seeds: list[SeedFile]
    skipped: list[Skipped]




def _kind_of(entry: Path, seeds_dir: Path) -> str | None:
    """Why the entry ``entry`` of ``seeds_dir`` is no input, or None when it is a report file."""
    if entry.name.startswith("."):
        return "hidden file"
    if entry.is_symlink():
        try:
            target = entry.resolve(strict=True)
        except FileNotFoundError:
            return f"dangling link (to {os.readlink(entry)})"
        except (RuntimeError, OSError):
            return "symlink loop"
        if not target.is_relative_to(seeds_dir.resolve()):
            return None  # a report name: refused as a failed input by scan_seed, not skipped
    if entry.is_dir():
        return "a folder, not a file"
    if not entry.is_file():
        return "not a regular file"
    if entry.suffix.lower() in COMPANION_SUFFIXES:
        return "a companion file (sidecar metadata or notes), not a report"
    if entry.suffix.lower() not in SEED_SUFFIXES:
        return f"not a report file type ({entry.suffix or 'no extension'}; reads {', '.join(sorted(SEED_SUFFIXES))})"
    return None


def scan_folder(seeds_dir: Path, *, max_bytes: int | None = None) -> Scan:
    """Every entry of ``seeds_dir``, in name order: a report input (possibly refused with a
    reason) or skipped with a reason. Nothing in the folder goes unmentioned."""
    seeds, skipped = [], []
    for entry in sorted(seeds_dir.iterdir(), key=lambda p: p.name):
        reason = _kind_of(entry, seeds_dir)
        if reason is not None:
            skipped.append(Skipped(display_name(entry.name), reason))
        else:
            seeds.append(scan_seed(entry, seeds_dir=seeds_dir, max_bytes=max_bytes))
    return Scan(refuse_id_collisions(seeds), skipped)


def list_seed_files(seeds_dir: Path) -> list[Path]:
    """The report files of a seeds folder (.txt .html .htm .pdf .docx, not hidden), sorted by name."""
    return [Path(s.path) for s in scan_folder(seeds_dir).seeds]


def scan_seed(path: Path, *, seeds_dir: Path | None = None, max_bytes: int | None = None) -> SeedFile:
    name = display_name(path.name)  # any bytes: published as UTF-8, the file read by its path
    if path.is_symlink() and seeds_dir is not None \
            and not path.resolve().is_relative_to(Path(seeds_dir).resolve()):
        return SeedFile(name, str(path), "", 0,
                        f"link to {path.resolve()}, outside the seeds folder: refused")
    size = path.stat().st_size
    if max_bytes is not None and size > max_bytes:
        return SeedFile(name, str(path), "", size,
                        f"file too large: {size / 2**20:.1f} MB, the limit is {max_bytes / 2**20:g} MB "
                        "(--max-file-mb)")
    data = path.read_bytes()
    error = "empty file" if not data else None
    return SeedFile(name, str(path), sha256_bytes(data), len(data), error)


def refuse_id_collisions(seeds: list[SeedFile]) -> list[SeedFile]:
    """Two files whose names make one report_id (``a.txt`` and ``a.TXT``, ``report 2024.txt``
    and ``report_2024.txt``) would make one report of two: each becomes a failed input
    naming the other, and the other reports go on."""
    by_id: dict[str, list[str]] = {}
    for s in seeds:
        by_id.setdefault(report_id_for(s.source_file), []).append(s.source_file)
    out = []
    for s in seeds:
        rid = report_id_for(s.source_file)
        others = [n for n in by_id[rid] if n != s.source_file]
        if others and s.error is None:
            s = SeedFile(s.source_file, s.path, s.sha256, s.n_bytes,
                         f"report_id {rid!r} is also made from {', '.join(others)}: rename one of the files")
        out.append(s)
    return out


