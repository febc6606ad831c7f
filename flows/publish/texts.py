"""texts/<report_id>.txt in a release: the text every published offset refers to.

For each report, the text is read again from its source file by the same function the parse
step used (``flows.parse.formats.read_source``) and written as UTF-8; its SHA-256 must equal
``reports.text_sha256``, so a source file edited during the run, or a reader that is not
deterministic, stops the release instead of publishing offsets into the wrong text. Texts are
not kept in memory between parsing and publishing (10,000 reports would hold about 1 GB).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from flows.parse.formats import read_source
from flows.report.report import text_sha256
from flows.publish.files import sha256_file

FOLDER = "texts"


class TextMismatch(Exception):
    """A report's text, read again for the release, is not the text its rows were cut from."""


def text_path(report_id: str) -> str:
    return f"{FOLDER}/{report_id}.txt"


def write_texts(folder: Path, *, sources: dict[str, str], reports: pd.DataFrame) -> list[dict]:
    """Write ``texts/<report_id>.txt`` for every row of ``reports`` into ``folder``;
    ``sources`` maps report_id to its source file's path. Returns their datapackage resources."""
    (folder / FOLDER).mkdir(exist_ok=True)
    resources = []
    for report_id, source_file, expected in reports[["report_id", "source_file", "text_sha256"]].itertuples(index=False):
        path = Path(sources[report_id])
        text = read_source(path.name, path.read_bytes()).text
        data = text.encode("utf-8")
        if text_sha256(text) != expected:  # the same digest the parse step gave reports.text_sha256
            raise TextMismatch(f"{source_file}: its text changed since it was parsed (edited during the run?)")
        target = folder / text_path(report_id)
        target.write_bytes(data)
        resources.append({
            "name": "text-" + hashlib.sha1(report_id.encode("utf-8")).hexdigest()[:12],
            "type": "file",
            "path": text_path(report_id),
            "title": f"Text of report {report_id} 报告文本",
            "description": (f"The text of {source_file} that every char_start/char_end of report "
                            f"{report_id} refers to (UTF-8): text[char_start:char_end] == value_text. "
                            "各表中该报告的字符位置均指向此文本。"),
            "format": "txt",
            "mediatype": "text/plain",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": f"sha256:{sha256_file(target)}",
        })
    return resources
