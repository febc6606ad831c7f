"""Serving the flow on a schedule, and the Prefect servers that needs.

Prefect's temporary (ephemeral) server can run flows but cannot schedule them. So ``serve``
without ``PREFECT_API_URL`` starts ``prefect server start`` on a free local port as a child
process (SQLite in the project's PREFECT_HOME), waits for ``/api/health``, points this process
at it, serves the deployment, and stops the child on the way out (normal return, SIGINT,
SIGTERM, or interpreter exit), bounded in time. With ``PREFECT_API_URL`` set, that server is used.

``temporary_api`` does the same job for ``run``: one server (API only: no UI, no background
services) for the run's flow and any worker processes (Dask workers must report to the same
API as the flow). It is started as ``prefect server start`` in a child process, so Prefect's
server modules are never imported into the command's own process, and it boots while the
command does other work (importing the flow) instead of before it.
"""

from __future__ import annotations

from flows import settings

import atexit
import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

STARTUP_TIMEOUT = 120.0
"""Seconds to wait for a new server to answer; the first start migrates its database."""
STOP_TIMEOUT = 15.0
DEPLOYMENT_NAME = "scheduled"


def free_port(host: str = "127.0.0.1") -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def api_is_healthy(api_url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=timeout) as resp:
            return resp.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def configured_api_url() -> str | None:
    """PREFECT_API_URL as Prefect sees it (environment or profile), or None."""
    if "prefect" in sys.modules:
        from prefect.settings import PREFECT_API_URL

        return PREFECT_API_URL.value() or None
    return os.environ.get("PREFECT_API_URL") or None


PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """``preexec_fn`` for the servers we start: the kernel sends the child SIGTERM when the
    process that started it dies, kill -9 included (Linux ``prctl(PR_SET_PDEATHSIG)``;
    elsewhere nothing, and the server is stopped only by our own clean-up)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class LocalServer:
    """``prefect server start`` as a child process in its own process group."""

    def __init__(self, *, host: str = "127.0.0.1", port: int | None = None, ui: bool = False,
                 log_path: Path | None = None, services: bool = True) -> None:
        self.host = host
        self.port = port or free_port(host)
        self.ui = ui
        self.services = services  # the scheduler and other loops: a server for one run needs none
        self.log_path = log_path or settings.PREFECT_HOME / "server.log"
        self.process: subprocess.Popen | None = None

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.port}/api"

    def start(self, timeout: float = STARTUP_TIMEOUT) -> None:
        self.launch()
        self.wait(timeout)

    def launch(self) -> None:
        """Start the server process and return at once (``wait`` for it to answer)."""
        env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
               "PREFECT_SERVER_UI_ENABLED": "true" if self.ui else "false",
               # The UI asks /ui-settings where the API is; without these it is told the
               # default port 4200, not the free port this server listens on (blank page,
               # "Can't connect to Server API").
               "PREFECT_SERVER_UI_API_URL": self.api_url,
               "PREFECT_SERVER_API_HOST": self.host, "PREFECT_SERVER_API_PORT": str(self.port)}
        env.pop("PREFECT_API_URL", None)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start",
             "--host", self.host, "--port", str(self.port), "--analytics-off",
             "--ui" if self.ui else "--no-ui", "--no-background",
             *([] if self.services else ["--no-services"])],
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # our own group: Ctrl-C reaches us, we stop it in order
            preexec_fn=die_with_parent,  # and it does not outlive us, even after kill -9
        )
        log.close()
        atexit.register(self.stop)

    def wait(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Until the launched server answers on /api/health; RuntimeError when it exits first
        or does not answer within ``timeout`` seconds (it is stopped then)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None:
                raise RuntimeError("prefect server is not running")
            if (code := self.process.poll()) is not None:
                self.process = None
                raise RuntimeError(f"prefect server exited with code {code} before answering, "
                                   f"see {self.log_path}")
            if api_is_healthy(self.api_url, timeout=1.0):
                return
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"prefect server did not answer within {timeout:.0f} s, see {self.log_path}")

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM to the server's process group, then SIGKILL after ``timeout``. Idempotent."""
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            try:
                proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # children the server left behind in its group (services, uvicorn workers)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


@contextlib.contextmanager
def _api_url_exported(api_url: str) -> Iterator[str]:
    """PREFECT_API_URL for this process (and its children), restored afterwards."""
    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = api_url
    try:
        if "prefect" in sys.modules:
            from prefect.settings import PREFECT_API_URL, temporary_settings

            with temporary_settings(updates={PREFECT_API_URL: api_url}):
                yield api_url
        else:
            yield api_url
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous


def drain_prefect_workers(timeout: float = 5.0) -> None:
    """Send queued logs and events to the API now, while it is still up (as Prefect's own
    test harness does); otherwise they are retried against a stopped server at exit."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for service in (APILogWorker, EventsWorker):
        with contextlib.suppress(Exception):
            service.drain_all(timeout=timeout)


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while we are not inside Prefect's runner (which installs its
    own handler), so ``finally`` blocks run and child processes are stopped."""
    def handler(signum, frame):
        raise SystemExit(128 + signum)

    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, handler)
        try:
            yield
        finally:
            signal.signal(signal.SIGTERM, previous)
    else:
        yield


@contextlib.contextmanager
def _running(server, meanwhile=None) -> Iterator[str]:
    """Start `server` (anything with launch(), wait(), stop() and api_url), call ``meanwhile()``
    while it boots, export its URL once it answers, and stop it on the way out (SIGTERM
    included) after Prefect's log and event workers have drained."""
    with sigterm_raises():
        try:
            server.launch()
            if meanwhile is not None:
                meanwhile()
            server.wait()
            with _api_url_exported(server.api_url):
                yield server.api_url
        finally:
            drain_prefect_workers()
            server.stop()


@contextlib.contextmanager
def scheduling_api(*, ui: bool = False) -> Iterator[str]:
    """An API that can schedule: PREFECT_API_URL if set, else a local ``prefect server start``."""
    url = configured_api_url()
    if url:
        yield url
        return
    with _running(LocalServer(ui=ui)) as api_url:
        yield api_url


@contextlib.contextmanager
def temporary_api(meanwhile=None) -> Iterator[str | None]:
    """One local API server for a run: the flow and any worker processes (Dask) report to it.

    With PREFECT_API_URL set, that server (``meanwhile()`` is called at once). Otherwise
    ``prefect server start`` (API only) in a child process that dies with this one, even on
    kill -9; ``meanwhile()`` runs while it boots. Its log: PREFECT_HOME/run-server.log."""
    url = configured_api_url()
    if url:
        if meanwhile is not None:
            meanwhile()
        yield url
        return
    server = LocalServer(services=False, log_path=settings.PREFECT_HOME / "run-server.log")
    with _running(server, meanwhile) as api_url:
        yield api_url


def ui_url(api_url: str) -> str:
    """The UI's address on the server whose API is ``api_url`` (the UI is served at its root)."""
    return api_url.rstrip("/").removesuffix("/api") + "/"


def serve_schedule(*, seeds: Path, output: Path, cron: str | None, interval: float | None,
                   allow_shrink: bool, batch_size: int, task_runner: str = "default",
                   dask_address: str | None = None, ui: bool = False, repair: bool = False,
                   max_file_mb: float = settings.DEFAULT_MAX_FILE_MB, out=sys.stdout,
                   workers: int | None = None) -> int:
    """Serve the flow on a cron or interval schedule until SIGINT/SIGTERM. Returns 0.

    Every scheduled run prints one line on stdout (the flow's ``announce``: its UTC time and
    ``published ...``, ``no change ...``, ``refused: <reason>`` or ``failed: <reason>``), through
    Prefect's runner, which passes on the output of the flow-run processes it starts."""
    if (cron is None) == (interval is None):
        raise ValueError("give exactly one of cron, interval")
    # The runner starts each flow run in a fresh process that imports flows.pipeline by path;
    # make sure that process finds the `flows` package whatever the working directory.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(settings.REPO_ROOT), os.environ.get("PYTHONPATH")) if p)
    with scheduling_api(ui=ui) as api_url:
        from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

        from flows.pipeline import FLOW_NAME, publish_work_reports

        when = f"cron {cron!r}" if cron else f"every {interval:g} s"
        print(f"serving {FLOW_NAME}/{DEPLOYMENT_NAME} ({when}) with {api_url}; "
              "Ctrl-C or SIGTERM stops", file=out, flush=True)
        if ui:
            print(f"Prefect UI: {ui_url(api_url)}", file=out, flush=True)
        with contextlib.chdir(settings.REPO_ROOT):
            publish_work_reports.serve(
                name=DEPLOYMENT_NAME,
                cron=cron,
                interval=interval,
                parameters={"seeds": str(seeds), "output": str(output),
                            "allow_shrink": allow_shrink, "batch_size": batch_size,
                            "cache_dir": str(settings.CACHE_DIR), "task_runner": task_runner,
                            "dask_address": dask_address, "repair": repair,
                            "max_file_mb": max_file_mb, "announce": True, "workers": workers},
                description="Publish a release of the work-report datasets on a schedule.",
                print_starting_message=False,
                pause_on_shutdown=True,
                # One run at a time: a run due while the previous one still works is
                # cancelled, not queued (the next tick will pick up whatever changed).
                global_limit=ConcurrencyLimitConfig(
                    limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW),
            )
    print("stopped", file=out, flush=True)
    return 0
