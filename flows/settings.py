"""Process environment for Prefect, set before Prefect is imported.

Import this module before anything that imports ``prefect`` (``flows/__main__.py`` and
``flows/cli.py`` do so first). Prefect reads its settings from the environment once, when it
is first imported, so changing ``os.environ`` afterwards has no effect in this process.

Everything here uses ``setdefault``: a value the user already set wins.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT: Path = Path(__file__).resolve().parent.parent
"""The repository: the parent of the ``flows`` package."""

DEFAULT_SEEDS: Path = REPO_ROOT / "seeds"
DEFAULT_OUTPUT: Path = REPO_ROOT / "output"
PREFECT_HOME: Path = Path(os.environ.get("PREFECT_HOME") or REPO_ROOT / ".prefect")
CACHE_DIR: Path = Path(os.environ.get("GWR_CACHE_DIR") or REPO_ROOT / ".cache" / "parsed")
"""Parse-result cache (flows/cache.py); GWR_CACHE_DIR moves it (benchmarks, tests)."""
DASK_DIR: Path = REPO_ROOT / ".dask"

DEFAULT_BATCH_SIZE = 50
"""Reports per parse task. Prefect costs a few tens of milliseconds per task run; a batch of
50 reports takes around a second to parse, so per-task overhead stays a few percent, while
10,000 reports still make 200 tasks to share between Dask workers and report progress on."""

DEFAULT_MAX_FILE_MB = 32
"""Largest input file read (MB). A real work report is 30-200 KB of text (a PDF a few MB);
parsing takes about a second per 100 KB, so a 50 MB file would hold a run for some ten minutes."""

QUIET_CONSOLE_LEVEL = "CRITICAL"
"""Level of Prefect's console log handler unless ``--verbose``: the command prints its own
one-line result (stdout) or reason (stderr); run logs still reach the API (and the UI)."""

_DEFAULTS: dict[str, str] = {
    "PREFECT_HOME": str(PREFECT_HOME),
    # No telemetry, no phoning home: this runs offline.
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    # Servers we start ourselves serve the API only (see flows/serve.py for --ui).
    "PREFECT_SERVER_UI_ENABLED": "false",
    # With no PREFECT_API_URL, a flow called directly (tests) uses Prefect's temporary local
    # server; `run` starts its own (flows/serve.py, temporary_api).
    "PREFECT_SERVER_EPHEMERAL_ENABLED": "true",
    # The temporary server migrates its SQLite database on first use (~10 s here).
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": QUIET_CONSOLE_LEVEL,
    "PREFECT_LOGGING_COLORS": "false",
    # Dask: scratch space inside the project, no dashboard unless asked for.
    "DASK_TEMPORARY_DIRECTORY": str(DASK_DIR),
    "DASK_DISTRIBUTED__DIAGNOSTICS__NVML": "false",
    # Arrow's allocator (mimalloc) hands freed memory back to the OS at once instead of keeping
    # it for later: the five tables are built, sorted and written one after another, and memory
    # one table freed but mimalloc kept is memory Python cannot use for the next. At 10,000
    # reports this lowers the peak of assembling and publishing by about 300 MB, for no
    # measurable loss of speed (tests/benchmarks/bench_scale.py).
    "MIMALLOC_PURGE_DELAY": "0",
}


def apply_environment(*, verbose: bool = False, one_run: bool = False) -> None:
    """Set the process environment Prefect and Dask read at import time.

    ``verbose`` shows Prefect's run logs (INFO) on stderr instead of hiding them. ``one_run``
    (``python -m flows run``): without PREFECT_API_URL the run's server is temporary and stops
    with the run, so Prefect is given no UI address and prints no "View at" link that would be
    dead by the time anyone opened it.
    """
    for name, value in _DEFAULTS.items():
        os.environ.setdefault(name, value)
    if verbose:
        os.environ["PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL"] = "INFO"
    if one_run and not os.environ.get("PREFECT_API_URL"):
        os.environ.setdefault("PREFECT_UI_URL", "")
    PREFECT_HOME.mkdir(parents=True, exist_ok=True)


apply_environment()
