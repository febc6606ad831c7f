"""`serve`: a real `prefect server start`, a deployment on a 5-second interval, a scheduled run
that publishes, then SIGINT and nothing left running. Bounded: about 30-60 s here, 120 s max."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from flows import serve
from flows.settings import REPO_ROOT

START_DEADLINE = 120.0  # first start of a fresh server migrates its SQLite database
STOP_DEADLINE = 45.0


def _wait_gone(procs: list[psutil.Process], *, seconds: float) -> None:
    """Wait up to ``seconds`` for ``procs`` to exit."""
    deadline = time.monotonic() + seconds
    while _alive(procs) and time.monotonic() < deadline:
        time.sleep(0.2)


def _alive(procs: list[psutil.Process]) -> list[psutil.Process]:
    alive = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                alive.append(p)
        except psutil.NoSuchProcess:
            pass
    return alive


@pytest.mark.slow
def test_serve_publishes_on_schedule_and_stops_on_sigint(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO_ROOT / "seeds", seeds)
    output = tmp_path / "output"
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"),
           "GWR_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO_ROOT)}
    env.pop("PREFECT_API_URL", None)
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows", "serve", "--interval", "5",
         "--seeds", str(seeds), "--output", str(output)],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    family: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + START_DEADLINE
        while not (output / "LATEST").exists():
            assert proc.poll() is None, f"serve exited early:\n{Path(log.name).read_text()}"
            assert time.monotonic() < deadline, f"no release within {START_DEADLINE:.0f} s:\n" \
                                                f"{Path(log.name).read_text()}"
            family = psutil.Process(proc.pid).children(recursive=True) or family
            time.sleep(0.5)
        family = psutil.Process(proc.pid).children(recursive=True) + family
        assert any("server" in " ".join(p.cmdline()) for p in _alive(family)), "no local server child"
        # the next scheduled run finds nothing new, and says so on the console
        while "no change: v1.0.0 is current" not in Path(log.name).read_text():
            assert time.monotonic() < deadline + 60, Path(log.name).read_text()
            time.sleep(0.5)

        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=STOP_DEADLINE) == 0, Path(log.name).read_text()
        _wait_gone(family, seconds=10)
        assert not _alive(family), [p.cmdline() for p in _alive(family)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for p in _alive(family):
            p.kill()
        log.close()

    text = (tmp_path / "serve.log").read_text()
    assert text.splitlines()[0].startswith("serving work-reports/scheduled (every 5 s) with http://127.0.0.1:")
    runs = [line for line in text.splitlines() if re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ", line)]
    assert re.fullmatch(r"\S+ published v1\.0\.0 \(reports \+1 -0 ~0, .*\); 1 report, 0 failed, 0 skipped",
                        runs[0]), text
    assert runs[1].endswith(" no change: v1.0.0 is current; 1 report, 0 failed, 0 skipped"), text
    assert text.rstrip().endswith("stopped")
    latest = (output / "LATEST").read_text().strip()
    assert latest == "v1.0.0"
    assert (output / latest / "SHA256SUMS").exists()


def test_scheduling_api_uses_the_configured_server(monkeypatch) -> None:
    started = []
    monkeypatch.setattr(serve, "configured_api_url", lambda: "http://prefect.example:4200/api")
    monkeypatch.setattr(serve.LocalServer, "start", lambda self, **kw: started.append(self))
    with serve.scheduling_api() as url:
        assert url == "http://prefect.example:4200/api"
    assert started == []


def test_local_server_stop_is_idempotent_and_safe_before_start() -> None:
    server = serve.LocalServer(port=serve.free_port())
    server.stop()
    server.stop()
    assert server.api_url == f"http://127.0.0.1:{server.port}/api"


def test_serve_needs_exactly_one_schedule(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        serve.serve_schedule(seeds=tmp_path, output=tmp_path, cron="* * * * *", interval=5,
                             allow_shrink=False, batch_size=1)


def _wait_for_child(proc: subprocess.Popen, word: str, log: Path) -> list[psutil.Process]:
    deadline = time.monotonic() + START_DEADLINE
    while time.monotonic() < deadline:
        assert proc.poll() is None, log.read_text()
        family = psutil.Process(proc.pid).children(recursive=True)
        if any(word in " ".join(p.cmdline()) for p in _alive(family)):
            return family
        time.sleep(0.2)
    pytest.fail(f"no {word} child within {START_DEADLINE:.0f} s:\n{log.read_text()}")


@pytest.mark.slow
@pytest.mark.parametrize("command, server", [
    (["serve", "--interval", "3600"], "server"),   # serve's `prefect server start`
    (["run"], "--no-services"),                           # run's server: API only
    (["run", "--task-runner", "dask"], "--no-services"),  # the same, shared with Dask workers
])
def test_prefect_servers_die_with_a_killed_command(tmp_path: Path, command, server) -> None:
    """kill -9 of the command leaves no Prefect server behind (they used to live on, parent 1)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for i in range(40):  # enough parsing for `run` to be still busy when it is killed
        shutil.copy(next((REPO_ROOT / "seeds").glob("*.txt")), seeds / f"r{i:02d}.txt")
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"),
           "GWR_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO_ROOT)}
    env.pop("PREFECT_API_URL", None)
    log = tmp_path / "out.log"
    with log.open("w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "flows", *command, "--seeds", str(seeds),
                                 "--output", str(tmp_path / "output")],
                                cwd=REPO_ROOT, env=env, stdout=fh, stderr=subprocess.STDOUT)
    family = []
    try:
        family = _wait_for_child(proc, server, log)
        proc.kill()
        proc.wait(timeout=10)
        _wait_gone(family, seconds=20)
        assert not _alive(family), [p.cmdline() for p in _alive(family)]
    finally:
        if proc.poll() is None:
            proc.kill()
        for p in _alive(family):
            p.kill()
