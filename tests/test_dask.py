"""The flow on Dask (two local worker processes) publishes the same bytes as the default runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows import pipeline


def data_lines(release: Path) -> dict[str, str]:
    """SHA256SUMS lines of the data files (Parquet, CSV): name -> digest."""
    sums = {}
    for line in (release / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        name = name.lstrip("*")
        if name.endswith((".parquet", ".csv")):
            sums[name] = digest
    return sums


@pytest.mark.slow
def test_dask_output_is_byte_identical_to_the_default_runner(prefect_harness, small_corpus, tmp_path):
    common = dict(seeds=str(small_corpus), batch_size=3)  # 12 reports: 4 batches over 2 workers
    default = pipeline.publish_work_reports(output=str(tmp_path / "default"),
                                            cache_dir=str(tmp_path / "cache-default"), **common)
    on_dask = pipeline.publish_work_reports(output=str(tmp_path / "dask"), task_runner="dask",
                                            cache_dir=str(tmp_path / "cache-dask"), **common)
    assert default == on_dask
    assert default.startswith("published v1.0.0 (reports +12 -0 ~0, ")
    a, b = data_lines(tmp_path / "default" / "v1.0.0"), data_lines(tmp_path / "dask" / "v1.0.0")
    assert len(a) == 16 and a == b  # 8 tables, Parquet and CSV
    qa = json.loads((tmp_path / "default" / "v1.0.0" / "quality.json").read_text())
    qb = json.loads((tmp_path / "dask" / "v1.0.0" / "quality.json").read_text())
    assert qa == qb
    # both runs filled their caches the same way: one entry per report
    assert len(list((tmp_path / "cache-dask").rglob("*.pickle"))) == 12
    assert len(list((tmp_path / "cache-default").rglob("*.pickle"))) == 12


def test_dask_runner_uses_an_existing_cluster_when_given_an_address():
    runner = pipeline.dask_task_runner("tcp://10.0.0.5:8786")
    assert runner.address == "tcp://10.0.0.5:8786" and runner.cluster_kwargs == {}


def test_local_dask_cluster_has_two_worker_processes_and_scratch_in_the_project():
    from flows.settings import DASK_DIR

    kwargs = pipeline.dask_task_runner().cluster_kwargs
    assert kwargs["n_workers"] == 2 and kwargs["processes"] is True
    assert kwargs["local_directory"] == str(DASK_DIR)
    assert kwargs["dashboard_address"] == "127.0.0.1:0"


def test_parse_runner_is_threads_or_dask_and_nothing_else():
    from prefect.task_runners import ThreadPoolTaskRunner

    assert isinstance(pipeline.parse_runner("default"), ThreadPoolTaskRunner)
    assert pipeline.parse_runner("default", workers=4)._max_workers == 4  # one thread a worker process
    assert pipeline.parse_runner("dask", "tcp://10.0.0.5:8786").address == "tcp://10.0.0.5:8786"
    with pytest.raises(ValueError, match="task_runner must be one of default, dask"):
        pipeline.parse_runner("ray")


@pytest.mark.slow
def test_the_process_pool_one_worker_and_dask_publish_the_same_bytes(prefect_harness, small_corpus, tmp_path,
                                                                     monkeypatch):
    """The default runner on a pool of two processes (forced: the corpus is small), one process
    (``--workers 1``) and Dask: identical data files and quality reports."""
    from flows.report import pool

    monkeypatch.setattr(pool, "MIN_BYTES_PER_WORKER", 1)
    opened = []
    monkeypatch.setattr(pipeline, "parse_pool", lambda n: opened.append(n) or pool.parse_pool(n))
    runs = {"pool": dict(workers=2), "one": dict(workers=1), "dask": dict(task_runner="dask")}
    messages = {name: pipeline.publish_work_reports(seeds=str(small_corpus), output=str(tmp_path / name),
                                                    cache_dir=str(tmp_path / f"cache-{name}"), **kw)
                for name, kw in runs.items()}
    assert len(set(messages.values())) == 1 and messages["pool"].startswith("published v1.0.0 (reports +12 -0 ~0, ")
    lines = {name: data_lines(tmp_path / name / "v1.0.0") for name in runs}
    from schemas import TABLES

    assert len(lines["pool"]) == 2 * len(TABLES) and lines["pool"] == lines["one"] == lines["dask"]
    quality = {name: json.loads((tmp_path / name / "v1.0.0" / "quality.json").read_text()) for name in runs}
    assert quality["pool"] == quality["one"] == quality["dask"]
    assert all(len(list((tmp_path / f"cache-{name}").rglob("*.pickle"))) == 12 for name in runs)
    assert opened == [2, 1, 1]  # two processes, then one, then none of ours (Dask's own workers)
