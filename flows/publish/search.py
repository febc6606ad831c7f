"""site/search.html's index: reports, figures and pledges as one JavaScript file.

The index is a script that sets a variable (``window.GWR_SEARCH``) rather than a JSON file,
because pages opened from the file system (``file://``) may load a script but not ``fetch`` a
file. It is compact on purpose (it grows with the release): rows are arrays, a figure or pledge
names its report by its position in ``reports``, and a pledge carries its topic and the first
``PLEDGE_CHARS`` characters of its text (the full text is on the report page it links to).
search.html matches every word of the query (``?q=`` in its address) as a substring, so a
search can be linked: ``search.html?q=地区生产总值``.
"""

from __future__ import annotations

import json
from pathlib import Path

INDEX_FILE = "search-index.js"
PLEDGE_CHARS = 24


def anchor(row_id: str, report_id: str) -> str:
    """A row's anchor on its report page: its id without the report's id in front (the page is
    the report's already; ids such as ``2026_上海市-in-13654e74cec3`` become ``in-13654e74cec3``)."""
    return row_id.removeprefix(report_id + "-") or row_id


def search_index(reports: list[dict], figures: list[dict], pledges: list[dict]) -> dict:
    """``reports``: {report_id, page, region_name, report_year, region_level, province};
    ``figures``: indicator rows (report_id, indicator_id, indicator, indicator_code, kind,
    period, value_text, qualifier); ``pledges``: (report_id, pledge_id, topic, text)."""
    position = {r["report_id"]: i for i, r in enumerate(reports)}
    return {
        "reports": [[r["page"], f"{r['region_name'] or r['report_id']} {r['report_year'] or ''}".strip(),
                     " ".join(x for x in (r.get("region_level"), r.get("province"), r["report_id"]) if x)]
                    for r in reports],
        "figures": [[position[f["report_id"]], f["indicator"], f["indicator_code"] or "",
                     f["value_text"] + (f" {f['qualifier']}" if f["qualifier"] and f["qualifier"] not in f["value_text"] else ""),
                     f"{f['kind']} {f['period'] or ''}".strip(), anchor(f["indicator_id"], f["report_id"])]
                    for f in figures if f["report_id"] in position],
        "pledges": [[position[p["report_id"]], p["topic"] or "", _cut(p["text"]), anchor(p["pledge_id"], p["report_id"])]
                    for p in pledges if p["report_id"] in position],
    }


def _cut(text: str) -> str:
    return text if len(text) <= PLEDGE_CHARS else text[:PLEDGE_CHARS] + "…"


def write_search_index(site: Path, index: dict) -> Path:
    """``site/search-index.js``: ``window.GWR_SEARCH = {...};`` (safe inside a script: ``<``
    escaped, so a ``</script>`` in a pledge cannot end it)."""
    body = json.dumps(index, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    path = Path(site) / INDEX_FILE
    path.write_text(f"window.GWR_SEARCH = {body};\n", encoding="utf-8")
    return path
