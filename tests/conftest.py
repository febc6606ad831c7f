"""Shared fixtures. One Prefect test harness per session (never nested), started only by the
tests that run the flow in this process."""

from __future__ import annotations

from flows import settings  # first: PREFECT_HOME etc. before anything imports prefect

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = settings.REPO_ROOT
SEED_DIR = REPO / "seeds"


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_scale", TESTS / "benchmarks" / "bench_scale.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_scale", module)
    spec.loader.exec_module(module)
    return module


bench_scale = _load_bench()


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect API (SQLite in a temp dir) for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """The repository's seeds/ folder, copied (tests may add bad files to it)."""
    target = tmp_path / "seeds"
    shutil.copytree(SEED_DIR, target)
    return target


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory) -> Path:
    """Twelve generated reports: the seed with other counties, years and numbers."""
    target = tmp_path_factory.mktemp("corpus") / "seeds"
    bench_scale.make_corpus(target, 12, seed=7)
    return target


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "slow: starts real servers or clusters; bounded, runs in CI "
                   "(deselect locally with -m 'not slow')")
