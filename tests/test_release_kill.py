"""A publish killed midway (SIGKILL) never leaves a half-published release behind."""

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from flows.publish import PublishError, publish_release, read_history
from flows.publish.sample import sample_quality, sample_sources, sample_tables

ROOT = Path(__file__).resolve().parents[1]
T0 = dt.datetime(2024, 3, 1, 8, 0, 0, tzinfo=dt.timezone.utc)

PATCHED_RUN = textwrap.dedent("""
    import sys
    from pathlib import Path
    from flows.publish import publish_release
    from flows.publish.sample import sample_quality, sample_sources, sample_tables
    t = sample_tables()
    t["indicators"].loc[2, "section"] = "民生改善"
    r = publish_release(t, output_dir=Path(sys.argv[1]), sources=sample_sources(), quality=sample_quality())
    print(r.message, flush=True)
""")


def start_paused(out: Path, step: str) -> subprocess.Popen:
    env = {**os.environ, "GWR_PUBLISH_PAUSE_AT": f"{step}:60", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", PATCHED_RUN, str(out)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    assert line == f"paused at {step}\n", line + proc.stderr.read()
    return proc


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL


def snapshot(out: Path) -> dict[str, bytes]:
    """Every published file (the lock and .tmp-* build folders left out)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def patched_tables():
    t = sample_tables()
    t["indicators"].loc[2, "section"] = "民生改善"
    return t


@pytest.fixture
def out(tmp_path):
    publish_release(sample_tables(), output_dir=tmp_path, sources=sample_sources(),
                    quality=sample_quality(), now=T0)
    return tmp_path


def test_killed_before_the_rename_leaves_latest_and_previous_release_intact(out):
    before = snapshot(out)
    proc = start_paused(out, "before-rename")
    building = list(out.glob(".tmp-*"))
    assert len(building) == 1 and (building[0] / "SHA256SUMS").exists()  # fully built, not yet moved
    kill(proc)

    assert snapshot(out) == before  # LATEST, releases.json, CHANGELOG.md and v1.0.0 untouched
    assert (out / "LATEST").read_text() == "v1.0.0\n"
    assert subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=out / "v1.0.0").returncode == 0

    result = publish_release(patched_tables(), output_dir=out, sources=sample_sources(),
                             quality=sample_quality(), now=T0)
    assert result.release_id == "v1.0.1"
    assert not list(out.glob(".tmp-*"))  # the killed run's folder is cleaned up


def test_killed_after_the_rename_but_before_recording_is_recorded_by_the_next_run(out):
    proc = start_paused(out, "before-record")
    assert (out / "v1.0.1").is_dir()
    kill(proc)
    assert (out / "LATEST").read_text() == "v1.0.0\n"
    built = (out / "v1.0.1" / "SHA256SUMS").read_bytes()

    # the folder was built and verified in full: the next run records it, never deletes it
    result = publish_release(patched_tables(), output_dir=out, sources=sample_sources(),
                             quality=sample_quality(), now=T0)
    assert (result.release_id, result.published) == ("v1.0.1", False)
    assert result.message == "no change: v1.0.1 is current"
    assert (out / "LATEST").read_text() == "v1.0.1\n"
    assert (out / "v1.0.1" / "SHA256SUMS").read_bytes() == built
    assert [r["id"] for r in read_history(out)["releases"]] == ["v1.0.1", "v1.0.0"]
    assert subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=out / "v1.0.1").returncode == 0


def test_a_run_holding_the_lock_in_another_process_blocks_a_second_run(out):
    proc = start_paused(out, "before-rename")
    try:
        with pytest.raises(PublishError) as err:
            publish_release(patched_tables(), output_dir=out, sources=sample_sources(), quality=sample_quality())
        assert str(err.value) == f"another run is publishing to {out} (lock {out / '.lock'})"
    finally:
        kill(proc)
