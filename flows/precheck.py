"""Whether a run has anything to do, decided before Prefect is imported or its server started.

Starting Prefect's temporary server, running the flow and stopping the server cost about ten
seconds, more than parsing a few dozen reports. A run whose inputs and code are those of the
current release, or whose seeds folder holds no report file, needs none of it: the command
line asks ``settled`` first and answers at once. Everything else — any run that may publish,
and every case in which the output folder needs looking after (a damaged or unrecorded
release, a lost releases.json) — is left to the flow, which asks the same questions again
under the same lock and is recorded as a Prefect flow run.
"""

from __future__ import annotations

from pathlib import Path

from flows import settings
from flows.cache import cache_problem, code_version, run_fingerprint, unchanged_release
from flows.inputs import Scan, scan_folder
from flows.publish.release import output_lock, trusted_latest
from flows.publish.sources import SourcesError, read_sources, sources_digest
from flows.quality import RunFailed, build_quality, count_line, remembered_counts, write_failed_quality

CODE_ROOTS = [settings.REPO_ROOT / "flows", settings.REPO_ROOT / "schemas"]
"""Everything whose content decides the published data (see flows.cache.code_version)."""


def input_fingerprint(scan: Scan, seeds_dir: Path) -> str:
    """What a run's result depends on: every entry of the seeds folder (a report file's
    sha256, or why it is refused or skipped), sources.csv and the code."""
    digest = sources_digest(seeds_dir)
    return run_fingerprint([(s.source_file, s.sha256 or s.error or "") for s in scan.seeds]
                           + [(k.source_file, k.reason) for k in scan.skipped]
                           + ([(".sources.csv", digest)] if digest else []),
                           code=code_version(CODE_ROOTS, base=settings.REPO_ROOT))


def no_report_files(seeds: str, output_dir: Path, scan: Scan) -> tuple[dict, RunFailed]:
    """The quality report and the failure of a run whose seeds folder holds no report file;
    the quality report (every skipped entry, with the reason) is written to ``output_dir/.failed/``."""
    quality = build_quality([], reports={}, validation=None, tables=None, skipped=scan.skipped)
    where = write_failed_quality(output_dir, quality)
    return quality, RunFailed(f"no report files in {seeds} ({count_line(quality)}, see {where})")


def settled(*, seeds: str, output: str, max_bytes: int, cache_dir: Path | None = None) -> str | None:
    """The run's answer when there is nothing to parse: ``no change: vX.Y.Z is current`` and
    the count line when the inputs and the code are those of the current release. Raises
    RunFailed when the seeds folder holds no report file (or its sources.csv is malformed), and
    PublishError when another run holds the output's lock. None: the flow has work to do, or
    the output folder or the parse cache (``cache_dir``) needs it and has something to say
    (``trusted_latest``, ``cache_problem``)."""
    out = Path(output)
    with output_lock(out):
        trusted, latest = trusted_latest(out)
        if not trusted or (cache_dir is not None and cache_problem(Path(cache_dir))):
            return None
        scan = scan_folder(Path(seeds), max_bytes=max_bytes)
        try:
            read_sources(Path(seeds))
        except SourcesError as err:
            raise RunFailed(str(err)) from None
        if not scan.seeds:
            raise no_report_files(seeds, out, scan)[1]
        if latest is not None and unchanged_release(out, input_fingerprint(scan, Path(seeds))) == latest:
            return f"no change: {latest} is current\n{remembered_counts(out)}"
    return None
