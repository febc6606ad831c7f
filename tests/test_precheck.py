"""A run with nothing to do is answered before Prefect is imported (flows/precheck.py); every
other case is left to the flow, which gives the same answers."""

from __future__ import annotations

import fcntl
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows import pipeline
from flows.precheck import settled
from flows.publish.release import PublishError, trusted_latest
from flows.quality import RunFailed
from flows.settings import REPO_ROOT

from conftest import SEED_DIR

MB32 = 32 * 2**20


@pytest.fixture(scope="module")
def published(prefect_harness, tmp_path_factory):
    """Seeds copied and published once by the flow: (seeds, output)."""
    base = tmp_path_factory.mktemp("precheck")
    seeds = base / "seeds"
    shutil.copytree(SEED_DIR, seeds)
    message = pipeline.publish_work_reports(seeds=str(seeds), output=str(base / "out"), cache_dir=str(base / "cache"))
    assert message.startswith("published v1.0.0 ")
    return seeds, base / "out"


def test_nothing_new_is_answered_without_importing_prefect(published):
    seeds, out = published
    code = ("import sys; from flows.precheck import settled; "
            f"print(settled(seeds={str(seeds)!r}, output={str(out)!r}, max_bytes={MB32})); "
            "print('prefect' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True)
    assert done.stdout == "no change: v1.0.0 is current\n1 report, 0 failed, 0 skipped\nFalse\n", done.stderr


def test_the_flow_gives_the_same_answer(published):
    seeds, out = published
    assert pipeline.publish_work_reports(seeds=str(seeds), output=str(out)) == \
        settled(seeds=str(seeds), output=str(out), max_bytes=MB32)


def test_a_new_or_edited_report_is_left_to_the_flow(published, tmp_path):
    seeds, out = published
    changed = tmp_path / "seeds"
    shutil.copytree(seeds, changed)
    first = next(changed.glob("*.txt"))
    first.write_bytes(first.read_bytes() + "新增就业1850人。\n".encode())
    assert settled(seeds=str(changed), output=str(out), max_bytes=MB32) is None


def test_a_damaged_release_is_left_to_the_flow_which_names_it(published, tmp_path):
    seeds, out = published
    damaged = tmp_path / "out"
    shutil.copytree(out, damaged)
    with open(damaged / "v1.0.0" / "reports.csv", "a", encoding="utf-8") as fh:
        fh.write("x\n")
    assert trusted_latest(damaged) == (False, None)
    assert settled(seeds=str(seeds), output=str(damaged), max_bytes=MB32) is None
    with pytest.raises(PublishError, match=r"latest release v1\.0\.0 is damaged: .*reports\.csv does not match"):
        pipeline.publish_work_reports(seeds=str(seeds), output=str(damaged))


def test_a_lost_releases_json_is_left_to_the_flow(published, tmp_path):
    seeds, out = published
    lost = tmp_path / "out"
    shutil.copytree(out, lost)
    (lost / "releases.json").unlink()
    assert trusted_latest(lost) == (False, None)
    assert settled(seeds=str(seeds), output=str(lost), max_bytes=MB32) is None
    assert not (lost / "releases.json").exists()  # the check changed nothing


def test_an_empty_output_folder_is_trusted_and_has_no_release(tmp_path):
    assert trusted_latest(tmp_path / "out") == (True, None)
    assert settled(seeds=str(SEED_DIR), output=str(tmp_path / "out"), max_bytes=MB32) is None


def test_a_seeds_folder_without_report_files_fails_at_once_with_its_quality_report(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "notes.md").write_text("# notes\n")
    with pytest.raises(RunFailed) as failed:
        settled(seeds=str(seeds), output=str(tmp_path / "out"), max_bytes=MB32)
    message = str(failed.value)
    assert message.startswith(f"no report files in {seeds} (0 reports, 0 failed, 1 skipped, see {tmp_path / 'out' / '.failed'}/quality-")
    where = Path(message.rsplit("see ", 1)[1].rstrip(")"))
    quality = json.loads(where.read_text(encoding="utf-8"))
    assert quality["skipped"] == [{"source_file": "notes.md",
                                   "reason": "a companion file (sidecar metadata or notes), not a report"}]


def test_another_run_holding_the_lock_is_refused(published):
    seeds, out = published
    with open(out / ".lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(PublishError, match="another run is publishing to"):
            settled(seeds=str(seeds), output=str(out), max_bytes=MB32)
