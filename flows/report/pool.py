"""Parsing on every core: report files in, parse outcomes out, on a pool of worker processes.

Parsing is pure Python, so threads share one core; processes use them all. The pool is the
standard library's ``ProcessPoolExecutor`` on the ``forkserver`` start method: a fresh server
process imports the parser and loads its dictionaries once (``flows.report.warm``), and every
worker is forked from it ready to parse — no interpreter start, no import, no jieba dictionary
load per worker — and none inherits the threads of the process that runs the flow (Prefect's
own threads, which make a plain ``fork`` unsafe). Parsing is a pure function of a file's name
and bytes, so which process parses a report never changes a published byte.

A pool costs about two seconds to start (the fork server's imports and dictionaries), so it
is opened only for work that repays it: ``workers_for`` gives each worker at least
``MIN_BYTES_PER_WORKER`` of text, and a small run parses in the calling process as before.
The gain is in wall-clock time and needs idle cores: on a machine whose cores are busy with
other work, two workers parse no faster than one (tests/benchmarks/bench_scale.py).

As with any ``multiprocessing`` program, a worker imports the main module of the process that
started it, unless that was run with ``-m`` as a package's ``__main__`` (``python -m flows``,
``python -m pytest``): a script that calls the flow itself must keep its work under
``if __name__ == "__main__":``.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.cache import ParseCache, sha256_bytes
from flows.inputs import SeedFile
from flows.parse.evidence import utf16_without_bom
from flows.report.report import ParsedReport, parse_report

MIN_BYTES_PER_WORKER = 2_000_000
"""About two seconds of parsing a core: what a worker must have to do to repay the pool's start."""


@dataclass(frozen=True)
class ParseOutcome:
    seed: SeedFile
    parsed: ParsedReport | None
    error: str | None


def parse_seed(seed: SeedFile, cache: ParseCache | None) -> ParseOutcome:
    """Read and parse one file, storing the result in the cache. Never raises on a bad report:
    the reason becomes the outcome's error. ``OSError`` (I/O) propagates, for a retry."""
    data = Path(seed.path).read_bytes()
    sha = sha256_bytes(data)
    seed = SeedFile(seed.source_file, seed.path, sha, len(data), seed.error)
    try:
        parsed = parse_report(source_file=seed.source_file, data=data)
    except Exception as exc:  # ReportError, or a parser bug on this file: name the file, go on
        reason = str(exc) or type(exc).__name__
        if type(exc).__name__ != "ReportError":
            reason = f"{type(exc).__name__}: {reason}"
        reason = reason.splitlines()[0]
        if codec := utf16_without_bom(data):
            reason += f" (it reads as {codec} without a byte-order mark: save it as UTF-8)"
        return ParseOutcome(seed, None, reason)
    if cache is not None:
        cache.put(parsed, source_file=seed.source_file, sha256=sha)
    return ParseOutcome(seed, parsed, None)


def parse_seeds(seeds: list[SeedFile], cache_dir: str | None, version: str) -> list[ParseOutcome]:
    """One batch of files parsed in order, each result stored in the cache (if there is one)."""
    cache = ParseCache(Path(cache_dir), version) if cache_dir is not None else None
    return [parse_seed(seed, cache) for seed in seeds]


def machine_workers() -> int:
    """The cores this process may run on (its CPU affinity, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def workers_for(n_bytes: int, workers: int | None = None) -> int:
    """Worker processes for ``n_bytes`` of reports to parse: at most ``workers`` (default: the
    machine's cores), and no more than give each ``MIN_BYTES_PER_WORKER``; 1 means no pool."""
    limit = workers or machine_workers()
    return max(1, min(limit, n_bytes // MIN_BYTES_PER_WORKER))


def batch_size_for(n_reports: int, *, workers: int, batch_size: int) -> int:
    """Reports per batch: at most ``batch_size``, and small enough that every worker gets
    about four batches (a worker left with the last big batch would idle the others)."""
    if workers <= 1:
        return batch_size
    return max(1, min(batch_size, math.ceil(n_reports / (workers * 4))))


_POOL: ProcessPoolExecutor | None = None


@contextlib.contextmanager
def parse_pool(workers: int) -> Iterator[None]:
    """A pool of ``workers`` processes for ``run_batch`` while the block runs (none for 1)."""
    global _POOL
    if workers <= 1 or _POOL is not None:
        yield
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["flows.report.warm"])
    _POOL = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        yield
    finally:
        pool, _POOL = _POOL, None
        pool.shutdown(wait=True, cancel_futures=True)


def run_batch(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` on the open pool's next free worker (waiting for it), or here without one."""
    if _POOL is None:
        return fn(*args)
    future: Future = _POOL.submit(fn, *args)
    return future.result()
