"""What a person sees while a run works: a progress bar of reports parsed on a terminal, plain
lines elsewhere, and how long each stage took.

On a terminal the bar is rich's (already installed with Prefect): reports done, elapsed and
remaining time, redrawn in place on stderr. When stderr is not a terminal (a log file, CI, a
pipe) a bar's control characters would only litter the log, so a plain ``parsed 1200/10000
reports`` line is written every few seconds instead, and only for runs long enough to need it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

PROGRESS_AFTER_SECONDS = 2.0
"""Plain lines: the first after this long, then at most one per this many seconds."""


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


class Progress:
    """Reports parsed of ``total`` (``done`` of them already, from the cache)."""

    def __init__(self, total: int, done: int = 0, stream=None) -> None:
        self.total, self.done = total, done
        self.stream = stream or sys.stderr
        self.started = self.last = time.monotonic()
        self.printed = False
        self.bar = None
        if _is_terminal(self.stream):
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)
            self.bar = Bar(TextColumn("parsing reports"), BarColumn(), MofNCompleteColumn(),
                           TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
                           console=Console(file=self.stream), transient=True)
            self.task = self.bar.add_task("parse", total=total, completed=done)
            self.bar.start()

    def add(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(self.task, completed=self.done)
            return
        now = time.monotonic()
        if (self.done < self.total and now - self.started >= PROGRESS_AFTER_SECONDS
                and now - self.last >= PROGRESS_AFTER_SECONDS):
            self._print()
            self.last = now

    def close(self) -> None:
        """Stop the bar, or give the final count if plain lines were written on the way."""
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
            print(f"parsed {self.done}/{self.total} reports in {time.monotonic() - self.started:.1f} s",
                  file=self.stream, flush=True)
        elif self.printed:
            self._print()

    def _print(self) -> None:
        print(f"parsed {self.done}/{self.total} reports", file=self.stream, flush=True)
        self.printed = True


class Stages:
    """Wall time per stage of a run: ``with stages("parse"): ...``; ``line()`` sums them up."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.monotonic()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.monotonic() - start

    def line(self) -> str:
        return "stages: " + ", ".join(f"{name} {s:.1f} s" for name, s in self.seconds.items())


def failed_lines(errors: list[dict], *, first: int = 5) -> list[str]:
    """The first ``first`` failed inputs with their reasons, for stderr (all are in quality.json)."""
    lines = [f"failed: {e['source_file']}: {e['reason']}" for e in errors[:first]]
    if len(errors) > first:
        lines.append(f"... and {len(errors) - first} more failed input(s)")
    return lines
