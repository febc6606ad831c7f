"""The Prefect flow: read + parse (in batches) → assemble → validate → publish.

The parse batches run on a task runner of their own, opened for the parsing only: Prefect's
thread pool, or Dask. Dask workers, which each hold the parser's dictionaries, are stopped as
soon as the last report is parsed, before the tables are assembled, validated and published.

Only wiring. The work is done by plain functions in their own modules
(``flows.parse``, ``flows.validate``, ``flows.publish``, ``flows.cache``); the few helpers here
only shape what the flow reports (quality.json, the run summary artifact, progress lines).

Flow parameters are simple values (paths as strings, bools, ints). Retries only on the tasks
that do I/O, and only for ``OSError``: a bad report is a per-file error, never a retry.
"""

from __future__ import annotations

from flows import settings  # noqa: F401  (sets PREFECT_HOME etc. before prefect is imported)

import json
import sys
from collections import deque
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows.cache import ParseCache, cache_problem, parser_version, remember_run, unchanged_release
from flows.names import printable
from flows.inputs import (COMPANION_SUFFIXES, SEED_SUFFIXES, Scan, SeedFile, Skipped,  # noqa: F401 (re-exported)
                          list_seed_files, refuse_id_collisions, scan_folder, scan_seed)
from flows.precheck import CODE_ROOTS, input_fingerprint, no_report_files  # noqa: F401
from flows.quality import (RunFailed, build_quality, count_line, remembered_counts,  # noqa: F401
                           sources_of, write_failed_quality)
from flows.report.assemble import assemble_tables
from flows.report.pool import (ParseOutcome, batch_size_for, parse_pool, parse_seed,  # noqa: F401
                               parse_seeds, run_batch, workers_for)
from flows.report.report import PARSER_FILES, ParsedReport
from flows.progress import PROGRESS_AFTER_SECONDS, Progress, Stages, failed_lines  # noqa: F401
from flows.publish.docs import md_cell
from flows.publish.release import PublishError, PublishResult, output_lock, publish_release, recover_output
from flows.publish.sources import SourcesError, attach_sources, read_sources, unmatched, with_sources
from flows.validate import ValidationResult, validate_tables

FLOW_NAME = "work-reports"
SUMMARY_KEY = "release-summary"
DEFAULT_BATCH_SIZE = settings.DEFAULT_BATCH_SIZE

DEFAULT_MAX_FILE_MB = settings.DEFAULT_MAX_FILE_MB
MAX_IN_FLIGHT = 16
"""Parse batches submitted ahead of the one being read: keeps 2 local Dask workers (or up to
16 remote ones) busy while bounding what waits in memory."""


# --------------------------------------------------------------------------- plain helpers


def merge_outcomes(scanned: list[SeedFile], *, cached: dict[str, ParsedReport],
                   fresh: dict[str, ParseOutcome]) -> list[ParseOutcome]:
    """One outcome per input, in file-name order whatever order the batches finished in."""
    outcomes = []
    for seed in scanned:
        if seed.error is not None:
            outcomes.append(ParseOutcome(seed, None, seed.error))
        elif seed.source_file in cached:
            outcomes.append(ParseOutcome(seed, cached[seed.source_file], None))
        else:
            outcomes.append(fresh[seed.source_file])
    return outcomes


def batched(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), max(1, size))]


def _diff_lines(diff: Any) -> list[str]:
    if not diff:
        return ["(no changes)"]
    if isinstance(diff, dict) and all(isinstance(v, dict) for v in diff.values()):
        cols = sorted({k for v in diff.values() for k in v})
        lines = ["| table | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
        lines += [f"| {t} | " + " | ".join(str(v.get(c, "")) for c in cols) + " |"
                  for t, v in diff.items()]
        return lines
    return ["```json", json.dumps(diff, ensure_ascii=False, indent=2, default=str), "```"]


def summary_markdown(quality: dict, *, headline: str, diff: Any = None) -> str:
    """The run summary a person reads in the Prefect UI."""
    totals = quality["totals"]
    lines = [f"# {headline}", "",
             f"Inputs: {totals['inputs']} files, {totals['parsed']} parsed, "
             f"{totals['errors']} failed, {totals.get('skipped', 0)} skipped, "
             f"{totals['rejected_rows']} rows rejected by validation.", ""]
    if totals["rows"]:
        lines += ["## Rows per table", "", "| table | rows |", "|---|---|"]
        lines += [f"| {name} | {n} |" for name, n in totals["rows"].items()] + [""]
    lines += ["## Rows added / changed / removed", ""] + _diff_lines(diff) + [""]
    if quality["rejected_rows"]:
        lines += ["## Rejected rows", "", "| table | column | check | value | key |", "|---|---|---|---|---|"]
        lines += [f"| {md_cell(r.get('table'))} | {md_cell(r.get('column'))} | {md_cell(r.get('check'))} "
                  f"| {md_cell(r.get('value'))} | {md_cell(r.get('primary_key'))} |"
                  for r in quality["rejected_rows"][:200]] + [""]
    if quality["errors"]:
        lines += ["## Files that could not be read", "", "| file | reason |", "|---|---|"]
        lines += [f"| {md_cell(e['source_file'])} | {md_cell(e['reason'])} |" for e in quality["errors"]] + [""]
    if quality.get("skipped"):
        lines += ["## Skipped (not report inputs)", "", "| entry | reason |", "|---|---|"]
        lines += [f"| {md_cell(k['source_file'])} | {md_cell(k['reason'])} |" for k in quality["skipped"]] + [""]
    return "\n".join(lines)


def dask_task_runner(address: str | None = None):
    """Dask for the parse tasks: an existing cluster at ``address``, or a local one of two
    worker processes (one thread each: parsing is pure Python), scratch space in .dask/ and
    no dashboard."""
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={
        "n_workers": 2, "threads_per_worker": 1, "processes": True,
        "dashboard_address": "127.0.0.1:0", "local_directory": str(settings.DASK_DIR),
    })


def _summary_of_current(output_dir: Path, release_id: str) -> None:
    try:
        quality = json.loads((output_dir / release_id / "quality.json").read_text(encoding="utf-8"))
        text = summary_markdown(quality, headline=f"Release {release_id} (nothing new)")
    except (OSError, ValueError, KeyError):
        text = f"# Release {release_id} (nothing new)\n\nInputs and code unchanged since it was published."
    create_markdown_artifact(text, key=SUMMARY_KEY, description=f"no change: {release_id} is current")


# --------------------------------------------------------------------------- tasks


def _only_io_errors(task, task_run, state) -> bool:
    """retry_condition_fn: retry I/O failures, nothing else."""
    return isinstance(state.result(raise_on_failure=False), OSError)


IO_RETRIES = dict(retries=2, retry_delay_seconds=1, retry_condition_fn=_only_io_errors)
NO_RESULTS = dict(cache_policy=NO_CACHE, persist_result=False)


@task(name="scan-seeds", **IO_RETRIES, **NO_RESULTS)
def scan_seeds(seeds_dir: str, max_bytes: int | None = None) -> Scan:
    """Account for every entry of the seeds folder; hash the report files' bytes (the cache key)."""
    return scan_folder(Path(seeds_dir), max_bytes=max_bytes)


@task(name="check-unchanged", **NO_RESULTS)
def check_unchanged(output_dir: str, fingerprint: str) -> str | None:
    """The current release id when this run's inputs and code are those of the run that made
    it: nothing to parse, assemble or publish."""
    return unchanged_release(Path(output_dir), fingerprint)


@task(name="load-cached-parses", **NO_RESULTS)
def load_cached(seeds: list[SeedFile], cache_dir: str | None, version: str) -> dict[str, ParsedReport]:
    if cache_dir is None:
        return {}
    cache = ParseCache(Path(cache_dir), version)
    found = {}
    for seed in seeds:
        hit = cache.get(source_file=seed.source_file, sha256=seed.sha256)
        if hit is not None:
            found[seed.source_file] = hit
    return found


@task(name="parse-batch", **IO_RETRIES, **NO_RESULTS)
def parse_batch(seeds: list[SeedFile], cache_dir: str | None, version: str) -> list[ParseOutcome]:
    """One batch, parsed by a worker of the parse pool when one is open (``flows.report.pool``)."""
    return run_batch(parse_seeds, seeds, cache_dir, version)


@task(name="assemble-tables", **NO_RESULTS)
def assemble(parsed: list[ParsedReport]) -> dict:
    return assemble_tables(parsed)


@task(name="validate-tables", **NO_RESULTS)
def validate(tables: dict) -> ValidationResult:
    return validate_tables(tables)


@task(name="publish-release", **IO_RETRIES, **NO_RESULTS)
def publish(validation: ValidationResult, output_dir: str, sources: list[dict], quality: dict,
            allow_shrink: bool, repair: bool = False, texts: dict[str, str] | None = None) -> PublishResult:
    return publish_release(validation.tables, output_dir=Path(output_dir), sources=sources,
                           quality=quality, allow_shrink=allow_shrink, repair=repair,
                           validated=validation, texts=texts)


def parse_all(seeds: list[SeedFile], *, runner, batch_size: int, cache_dir: str | None, version: str,
              progress: Progress) -> dict[str, ParseOutcome]:
    """Submit parse-batch tasks to ``runner`` (an open Prefect task runner) and gather their
    outcomes by file name.

    A bounded window of batches is in flight, read in order and then dropped: a Dask future
    pins its result in a worker's memory for as long as the flow holds it."""
    fresh: dict[str, ParseOutcome] = {}

    def collect(future) -> None:
        batch = future.result()
        fresh.update((o.seed.source_file, o) for o in batch)
        progress.add(len(batch))

    in_flight: deque = deque()
    for batch in batched(seeds, batch_size):
        in_flight.append(runner.submit(parse_batch, {"seeds": batch, "cache_dir": cache_dir,
                                                     "version": version}))
        if len(in_flight) >= MAX_IN_FLIGHT:
            collect(in_flight.popleft())
    while in_flight:
        collect(in_flight.popleft())
    progress.close()
    return fresh


TASK_RUNNERS = ("default", "dask")


def parse_runner(task_runner: str, dask_address: str | None = None, workers: int = 1):
    """Where parse batches run: on Dask, or on a thread per worker of the parse pool (parsing
    is pure Python: the threads only hand batches to the pool's processes and wait, see
    ``flows.report.pool``; with one worker, one thread parses the batches in order)."""
    if task_runner not in TASK_RUNNERS:
        raise ValueError(f"task_runner must be one of {', '.join(TASK_RUNNERS)}, not {task_runner!r}")
    return dask_task_runner(dask_address) if task_runner == "dask" else ThreadPoolTaskRunner(max_workers=workers)


# --------------------------------------------------------------------------- the flow


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@flow(name=FLOW_NAME, persist_result=False, log_prints=False)
def publish_work_reports(
    seeds: str = str(settings.DEFAULT_SEEDS),
    output: str = str(settings.DEFAULT_OUTPUT),
    allow_shrink: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    cache_dir: str = str(settings.CACHE_DIR),
    task_runner: str = "default",
    dask_address: str | None = None,
    repair: bool = False,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    announce: bool = False,
    workers: int | None = None,
) -> str:
    """Parse every report in ``seeds``, validate the five tables, publish a release to ``output``.

    ``task_runner`` is where the reports are parsed: "default" (a pool of up to ``workers``
    processes, default one a core, for runs with enough to parse: ``flows.report.pool``) or
    "dask" (the cluster at ``dask_address``, or a local cluster of two worker processes). ``repair``
    withdraws a damaged latest release instead of refusing to run. Files larger than
    ``max_file_mb`` are failed inputs, not read. ``announce`` prints one line per run on
    stdout, with its UTC time (``serve`` sets it: scheduled runs are otherwise silent).

    Returns two lines: the publisher's message and the count of inputs
    (``30 reports, 2 failed, 1 skipped``); raises RunFailed (or PublishError) when it could not
    publish, leaving the previous release as LATEST."""
    try:
        message = _publish_work_reports(
            seeds=seeds, output=output, allow_shrink=allow_shrink, batch_size=batch_size,
            cache_dir=cache_dir, task_runner=task_runner, dask_address=dask_address,
            repair=repair, max_bytes=int(max_file_mb * 2**20), workers=workers)
    except BaseException as exc:
        if announce:
            what = "refused" if isinstance(exc, PublishError) or "release gate" in str(exc) else "failed"
            reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            print(f"{_now()} {what}: {printable(reason)}", flush=True)
        raise
    if announce:
        print(f"{_now()} " + printable("; ".join(message.splitlines())), flush=True)
    return message


def _publish_work_reports(*, seeds: str, output: str, allow_shrink: bool, batch_size: int,
                          cache_dir: str, task_runner: str, dask_address: str | None,
                          repair: bool, max_bytes: int, workers: int | None = None) -> str:
    runner = parse_runner(task_runner, dask_address)
    out = Path(output)
    # the lock first: a second run is refused at once, not after it has parsed everything
    with output_lock(out):
        notes: list[str] = []  # what recover_output repaired, told on the count line
        recover_output(out, repair=repair, notes=notes)  # LATEST verified before "no change"
        if problem := cache_problem(Path(cache_dir)):
            notes.append(f"parse cache not used ({problem}): every report parsed afresh")
            cache_dir = None
        told = "".join(f"; {n}" for n in notes)
        version = parser_version(PARSER_FILES)
        stage = Stages()  # wall time per stage, logged at the end (shown with --verbose)
        with stage("scan"):
            scan = scan_seeds(seeds, max_bytes)
        scanned = scan.seeds
        try:  # optional seeds/sources.csv: source URL, publisher, publication date per report
            source_meta = read_sources(Path(seeds))
        except SourcesError as err:
            raise RunFailed(str(err)) from None
        fingerprint = input_fingerprint(scan, Path(seeds))
        if current := check_unchanged(output, fingerprint):
            _summary_of_current(out, current)
            return f"no change: {current} is current\n{remembered_counts(out)}{told}"

        readable = [s for s in scanned if s.error is None]
        with stage("cache"):
            cached = load_cached(readable, cache_dir, version)

        to_parse = [s for s in readable if s.source_file not in cached]
        fresh: dict[str, ParseOutcome] = {}
        if to_parse:
            progress = Progress(total=len(scanned), done=len(scanned) - len(to_parse))
            # every core for a run with enough to parse; one process for a small one
            pool = workers_for(sum(s.n_bytes for s in to_parse), workers) if task_runner == "default" else 1
            if task_runner == "default":
                runner = parse_runner(task_runner, workers=pool)
            size = batch_size_for(len(to_parse), workers=pool, batch_size=batch_size)
            # a local Dask cluster, or the parse pool, lives only while the reports are parsed
            with runner, parse_pool(pool), stage("parse"):
                fresh = parse_all(to_parse, runner=runner, batch_size=size, cache_dir=cache_dir,
                                  version=version, progress=progress)

        outcomes = merge_outcomes(scanned, cached=cached, fresh=fresh)
        del fresh, cached  # from here on `parsed` holds the reports, and only until assembled
        parsed = [o.parsed for o in outcomes if o.parsed is not None]
        reports = {p.report_id: p.quality for p in parsed}
        texts = {o.parsed.report_id: o.seed.path for o in outcomes if o.parsed is not None}  # texts/ in the release
        outcomes = [ParseOutcome(o.seed, None, o.error) for o in outcomes]

        if not outcomes:
            quality, failure = no_report_files(seeds, out, scan)
            create_markdown_artifact(summary_markdown(quality, headline="Run failed: no report parsed"),
                                     key=SUMMARY_KEY, description="Nothing published")
            raise failure
        if not parsed:
            quality = build_quality(outcomes, reports=reports, validation=None, tables=None,
                                    skipped=scan.skipped)
            where = write_failed_quality(out, quality)
            create_markdown_artifact(summary_markdown(quality, headline="Run failed: no report parsed"),
                                     key=SUMMARY_KEY, description="Nothing published")
            named = "; ".join(line.removeprefix("failed: ") for line in failed_lines(quality["errors"], first=3))
            raise RunFailed(f"no report could be parsed: {len(outcomes)} of {len(outcomes)} files "
                            f"failed ({named}), see {where}")

        with stage("assemble"):
            tables = assemble(quote(parsed))
        del parsed  # assemble emptied the list, releasing each report once its rows were in tables
        tables["reports"] = attach_sources(tables["reports"], source_meta)
        with stage("validate"):
            validation = validate(quote(tables))
        del tables
        quality = build_quality(outcomes, reports=reports, validation=validation,
                                tables=validation.tables, skipped=scan.skipped)
        if source_meta:
            quality["sources_csv"] = {
                "reports_with_source": sum(1 for s in scanned if s.source_file in source_meta),
                "lines_naming_no_input": unmatched(source_meta, [s.source_file for s in scanned])}
        if not validation.ok:
            where = write_failed_quality(out, quality)
            create_markdown_artifact(summary_markdown(quality, headline="Run failed: validation"),
                                     key=SUMMARY_KEY, description="Nothing published")
            raise RunFailed(f"validation failed: {len(validation.failures)} rows rejected, see {where}")

        try:
            with stage("publish"):
                result = publish(quote(validation), output, with_sources(sources_of(outcomes), source_meta),
                                 quote(quality), allow_shrink, repair, texts)
        except PublishError as exc:
            where = write_failed_quality(out, quality)
            create_markdown_artifact(summary_markdown(quality, headline="Run refused"),
                                     key=SUMMARY_KEY, description="Nothing published")
            errors = quality["errors"]
            named = "; ".join(f"{e['source_file']}: {e['reason']}" for e in errors[:2])
            named = f" ({named}{' ...' if len(errors) > 2 else ''})" if errors else ""
            raise RunFailed(f"{exc}; {count_line(quality)}{named}, see {where}") from None
        counts = count_line(quality)
        if quality["errors"] or quality["totals"].get("flagged"):
            # a run that publishes nothing new still reports its failed files (output/.failed/);
            # a published release names them, and flagged reports, in its own quality.json
            where = write_failed_quality(out, quality) if quality["errors"] and not result.published \
                else out / result.release_id / "quality.json"
            counts += f", see {where}"
        remember_run(out, fingerprint, result.release_id, summary=counts)
        get_run_logger().info(stage.line())
        for line in failed_lines(quality["errors"]):  # named on stderr, not only in quality.json
            print(line, file=sys.stderr, flush=True)
        headline = f"Release {result.release_id}" + ("" if result.published else " (nothing new)")
        create_markdown_artifact(summary_markdown(quality, headline=headline, diff=result.diff),
                                 key=SUMMARY_KEY, description=result.message)
        return f"{result.message}\n{counts}{told}"
