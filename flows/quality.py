"""What a run tells: the quality report (quality.json, or output/.failed/ for a run that
did not publish), the count line printed under the result, and the reason a run failed.
Plain functions without Prefect, shared by the flow and the command line's check before it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from flows.cache import RUN_RECORD
from flows.inputs import Skipped
from flows.series.outcomes import outcomes_quality
from flows.series.series import series_quality


class RunFailed(Exception):
    """The run could not publish; ``str(e)`` is the one-line reason."""




def build_quality(outcomes: list[ParseOutcome], *, reports: dict[str, dict],
                  validation: ValidationResult | None, tables: dict | None,
                  skipped: list[Skipped] = ()) -> dict:
    """The quality dict handed to publish_release (and written for failed runs): inputs and
    errors from ``outcomes``, entries of the folder that are no input (``skipped``),
    ``reports`` = {report_id: ParsedReport.quality}.
    Deterministic: nothing about caching or timing, so identical inputs give identical JSON."""
    errors = [{"source_file": o.seed.source_file, "reason": o.error} for o in outcomes if o.error]
    rejected = list(validation.failures) if validation is not None else []
    # reports whose own facts disagree (title year vs delivery date, no plan part …)
    flagged = [{"report_id": rid, "flags": q["flags"]} for rid, q in sorted(reports.items()) if q.get("flags")]
    return {
        "inputs": [
            {"source_file": o.seed.source_file, "sha256": o.seed.sha256, "bytes": o.seed.n_bytes,
             "status": "error" if o.error else "ok"}
            for o in outcomes
        ],
        "errors": errors,
        "skipped": [{"source_file": k.source_file, "reason": k.reason} for k in skipped],
        "flagged": flagged,
        "reports": reports,
        "rejected_rows": rejected,
        "totals": {
            "inputs": len(outcomes),
            "parsed": len(outcomes) - len(errors),
            "errors": len(errors),
            "skipped": len(skipped),
            "rejected_rows": len(rejected),
            "flagged": len(flagged),
            "rows": {name: int(len(df)) for name, df in (tables or {}).items()},
        },
        # the tables built across reports: values the reports disagree on, targets met
        "series": series_quality((tables or {}).get("series")),
        "target_outcomes": outcomes_quality((tables or {}).get("target_outcomes")),
    }


def sources_of(outcomes: list[ParseOutcome]) -> list[dict]:
    """Every input file that was read, parsed or not: the publisher's gate refuses a release in
    which a report vanished while its file is still an input (e.g. it stopped parsing, or turned
    out to be no report). Files refused unread (no sha256) are no source."""
    return [{"source_file": o.seed.source_file, "sha256": o.seed.sha256, "bytes": o.seed.n_bytes}
            for o in outcomes if o.seed.sha256]


def count_line(quality: dict) -> str:
    """``31 reports, 2 failed, 1 skipped``: reports parsed, input files that failed, entries of
    the seeds folder that are no input (each named with its reason in quality.json)."""
    t = quality["totals"]
    flagged = f", {t['flagged']} flagged" if t.get("flagged") else ""  # listed under `flagged`
    return (f"{t['parsed']} report{'' if t['parsed'] == 1 else 's'}, {t['errors']} failed, "
            f"{t.get('skipped', 0)} skipped{flagged}")


def write_failed_quality(output_dir: Path, quality: dict) -> Path | str:
    """Where a failed run leaves its quality report: beside the releases, never inside one.
    When it cannot be written (``.failed`` is a file, the disk is full) that is said instead of
    the path, so the run's own reason still reaches the operator."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = output_dir / ".failed" / f"quality-{stamp}.json"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(quality, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    except OSError as exc:
        return f"no quality report: {path.parent} cannot hold one ({exc.strerror or type(exc).__name__})"
    return path




def remembered_counts(output_dir: Path) -> str:
    """The count line of the run that made the current release (unchanged inputs: same count)."""
    try:
        return json.loads((output_dir / RUN_RECORD).read_text(encoding="utf-8"))["summary"]
    except (OSError, ValueError, KeyError):
        return "inputs unchanged"
