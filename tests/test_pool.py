"""Parsing on every core (flows/report/pool.py): a pool for work that repays it, the same
outcomes whichever process parses a report."""

from __future__ import annotations

import os

from flows.cache import ParseCache, sha256_bytes
from flows.inputs import scan_folder
from flows.report import pool
from flows.report.pool import (MIN_BYTES_PER_WORKER, batch_size_for, parse_pool, parse_seeds, run_batch,
                               workers_for)

from conftest import SEED_DIR


def test_a_run_with_little_to_parse_uses_one_process():
    assert workers_for(300_000, 8) == 1  # the 11 real 2026 reports are about 0.7 MB
    assert workers_for(MIN_BYTES_PER_WORKER * 3, 8) == 3
    assert workers_for(MIN_BYTES_PER_WORKER * 100, 4) == 4
    assert workers_for(MIN_BYTES_PER_WORKER * 100, 1) == 1


def test_without_a_count_the_machine_decides(monkeypatch):
    monkeypatch.setattr(pool, "machine_workers", lambda: 6)
    assert workers_for(MIN_BYTES_PER_WORKER * 100) == 6


def test_batches_give_every_worker_about_four():
    assert batch_size_for(10_000, workers=2, batch_size=50) == 50
    assert batch_size_for(300, workers=2, batch_size=50) == 38
    assert batch_size_for(12, workers=2, batch_size=50) == 2
    assert batch_size_for(12, workers=1, batch_size=50) == 50  # one process: batches only group tasks


def _pid(_: object) -> int:
    return os.getpid()


def test_a_batch_runs_here_without_a_pool_and_in_a_worker_process_with_one():
    assert run_batch(_pid, None) == os.getpid()
    with parse_pool(2):
        assert run_batch(_pid, None) != os.getpid()
    assert run_batch(_pid, None) == os.getpid()  # the pool is gone with the block


def test_outcomes_from_the_pool_are_those_parsed_here(small_corpus, tmp_path):
    seeds = scan_folder(small_corpus).seeds[:4]
    version = sha256_bytes(b"test")
    here = parse_seeds(seeds, str(tmp_path / "here"), version)
    with parse_pool(2):
        there = run_batch(parse_seeds, seeds, str(tmp_path / "there"), version)
    assert [o.seed for o in there] == [o.seed for o in here]
    assert [o.parsed.rows for o in there] == [o.parsed.rows for o in here]
    assert [o.parsed.quality for o in there] == [o.parsed.quality for o in here]
    # the workers filled the cache as the calling process does
    cache = ParseCache(tmp_path / "there", version)
    assert all((s.source_file, s.sha256) in cache for s in seeds)


def test_a_bad_file_is_an_outcome_with_its_reason_in_the_pool_too(tmp_path):
    seeds_dir = tmp_path / "seeds"
    seeds_dir.mkdir()
    (seeds_dir / "blank.txt").write_text("  \n", encoding="utf-8")
    (seeds_dir / SEED_DIR.joinpath("000_4db9355ef4d2499e.txt").name).write_bytes(
        SEED_DIR.joinpath("000_4db9355ef4d2499e.txt").read_bytes())
    seeds = scan_folder(seeds_dir).seeds
    with parse_pool(2):
        outcomes = run_batch(parse_seeds, seeds, str(tmp_path / "cache"), "v")
    assert [(o.seed.source_file, o.parsed is None, o.error) for o in outcomes] == [
        ("000_4db9355ef4d2499e.txt", False, None), ("blank.txt", True, "empty file")]
