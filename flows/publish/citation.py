"""How to cite a release: CITATION.cff (Citation File Format 1.2.0) and a one-line citation.

The repository's own CITATION.cff describes the software; each release carries one that
describes that release of the data (its version, date and licence), generated here.
"""

from __future__ import annotations

import json

from flows.publish.datapackage import DESCRIPTION, LICENSE, NAME, TITLE

AUTHOR = f"{NAME} contributors"


def citation_line(*, version: str, created: str) -> str:
    """Plain-text citation, e.g. ``gov-work-reports contributors (2026). <title>, version 1.2.0.
    Released 2026-11-30. CC-BY-4.0.``"""
    return (f"{AUTHOR} ({created[:4]}). {TITLE}, version {version.removeprefix('v')}. "
            f"Released {created[:10]}. {LICENSE['name']}.")


def citation_cff(*, version: str, created: str) -> str:
    """CITATION.cff of one data release. Strings are written as JSON strings, which are valid
    YAML double-quoted scalars, so no YAML writer is needed for this flat file."""
    q = lambda text: json.dumps(text, ensure_ascii=False)  # noqa: E731
    return "\n".join([
        "cff-version: 1.2.0",
        "message: \"If you use this dataset, please cite it as below.\"",
        "type: dataset",
        f"title: {q(TITLE)}",
        f"abstract: {q(DESCRIPTION)}",
        "authors:",
        f"  - name: {q(AUTHOR)}",
        f"version: {q(version.removeprefix('v'))}",
        f"date-released: {q(created[:10])}",
        f"license: {q(LICENSE['name'])}",
        "keywords:",
        "  - \"government work report\"",
        "  - \"政府工作报告\"",
        "  - \"open data\"",
        "",
    ])
