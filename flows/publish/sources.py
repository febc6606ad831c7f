"""Where each report came from: ``sources.csv`` beside the report files (optional).

One file per seeds folder rather than one sidecar per report: a person adds a line per report
in a spreadsheet, and a reader sees every source at once. Columns (header row, UTF-8, with or
without a byte-order mark)::

    source_file,source_url,publisher,published_on
    2026_浙江省.txt,https://www.zj.gov.cn/art/2026/1/20/art_1229019364_1.html,浙江省人民政府,2026-01-20

``source_file`` is the report's file name in the same folder; the three others may be left
empty. A line for a file that is not in the folder is reported in quality.json and otherwise
ignored. A malformed file (unknown column, repeated file name, a URL that is not http(s), a
date that is not YYYY-MM-DD) stops the run with a one-line reason naming the line.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pandas as pd

from flows.publish.files import sha256_file

SOURCES_FILE = "sources.csv"
FIELDS = ("source_url", "publisher", "published_on")
URL = re.compile(r"^https?://\S+$")


class SourcesError(ValueError):
    """sources.csv cannot be used; ``str(error)`` names the file and line."""


def sources_path(seeds_dir: Path) -> Path:
    return Path(seeds_dir) / SOURCES_FILE


def sources_digest(seeds_dir: Path) -> str | None:
    """sha256 of sources.csv, or None without one: part of what decides a run is unchanged."""
    path = sources_path(seeds_dir)
    return sha256_file(path) if path.is_file() else None


def read_sources(seeds_dir: Path) -> dict[str, dict]:
    """{source_file: {"source_url", "publisher", "published_on" (date)}}; {} without a file."""
    path = sources_path(seeds_dir)
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourcesError(f"{path}: not UTF-8 (byte {exc.start})") from None
    reader = csv.DictReader(text.splitlines())
    columns = reader.fieldnames or []
    unknown = [c for c in columns if c not in ("source_file", *FIELDS)]
    if "source_file" not in columns or unknown:
        raise SourcesError(f"{path}: columns must be source_file,{','.join(FIELDS)}"
                           + (f" (unknown: {', '.join(unknown)})" if unknown else " (no source_file)"))
    out: dict[str, dict] = {}
    for line, row in enumerate(reader, start=2):
        name = (row.get("source_file") or "").strip()
        if not name:
            raise SourcesError(f"{path} line {line}: empty source_file")
        if name in out:
            raise SourcesError(f"{path} line {line}: {name} is listed twice")
        values = {f: (row.get(f) or "").strip() or None for f in FIELDS}
        if values["source_url"] and not URL.match(values["source_url"]):
            raise SourcesError(f"{path} line {line}: source_url is not an http(s) address: "
                               f"{values['source_url']!r}")
        if values["published_on"]:
            try:
                values["published_on"] = dt.date.fromisoformat(values["published_on"])
            except ValueError:
                raise SourcesError(f"{path} line {line}: published_on is not a date YYYY-MM-DD: "
                                   f"{values['published_on']!r}") from None
        out[name] = values
    return out


def attach_sources(reports: pd.DataFrame, sources: dict[str, dict]) -> pd.DataFrame:
    """``reports`` with source_url, publisher and published_on filled in from ``sources``
    (matched on source_file); rows without a line keep nulls. Column order is unchanged."""
    out = reports.copy()
    for f in FIELDS:
        out[f] = [sources.get(name, {}).get(f) for name in out["source_file"]]
    return out


def unmatched(sources: dict[str, dict], source_files: list[str]) -> list[str]:
    """Lines of sources.csv naming no input file (typos, removed reports)."""
    present = set(source_files)
    return sorted(name for name in sources if name not in present)


def with_sources(entries: list[dict], sources: dict[str, dict]) -> list[dict]:
    """releases.json ``sources`` entries with the known fields added (dates as ISO text)."""
    out = []
    for e in entries:
        meta = sources.get(e["source_file"], {})
        extra = {f: (v.isoformat() if isinstance(v, dt.date) else v)
                 for f in FIELDS if (v := meta.get(f)) is not None}
        out.append({**e, **extra})
    return out
