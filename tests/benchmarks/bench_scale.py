"""Scale benchmark: extraction alone vs the full flow (default runner, Dask) vs re-runs.

    .venv/bin/python tests/benchmarks/bench_scale.py                 # 100, 1000, 10000 reports
    .venv/bin/python tests/benchmarks/bench_scale.py --sizes 100,1000
    .venv/bin/python tests/benchmarks/bench_scale.py --sizes 100 --code ../other-checkout   # another version

Builds corpora from the seed report(s) in seeds/ (county names from the gazetteer of real
county names, years shifted, numbers perturbed) in a temporary folder, runs each phase as
its own process and prints, per size and phase: wall time, reports/s and peak RSS of the
process tree (psutil, sampled every 0.1 s; the temporary Prefect server and Dask workers
included), and the time per report. A release holds what a release holds today (tables,
texts/, gwr.duckdb, site/). ``full run`` uses the default runner (a process a core when
there is enough to parse); ``full run (1 worker)`` the same with ``--workers 1``. Targets (2 cores, 10,000 reports): full run <= 1.5x extraction, 10,000 <= 11x the
time of 1,000, peak < 2 GB, no-change re-run < 20% of the full run. The last phase edits 1%
of the reports and runs again: the routine scheduled run, which re-parses only those and
compares the new release with the previous one row by row.

This is a script that prints figures, not a timed test.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
SEED_REGION = "新绛"
FALLBACK_COUNTIES = ["稷山县", "闻喜县", "绛县", "垣曲县", "夏县", "平陆县", "芮城县", "万荣县",
                     "临猗县", "安泽县", "浮山县", "古县", "翼城县", "襄汾县", "洪洞县", "蒲县"]
NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?=[亿万%个元亩吨户家人项所座公千百台辆套条处件])")
YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")


def county_names() -> list[str]:
    """Real county names (三字县 from the project's gazetteer; a short fixed list without it)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    try:
        from flows.places.gazetteer import divisions

        names = sorted({d.name for d in divisions()
                        if d.level == "county" and d.name.endswith("县") and len(d.name) == 3})
        return names or FALLBACK_COUNTIES
    except Exception:
        return FALLBACK_COUNTIES


def vary(text: str, *, county: str, year_shift: int, rng: random.Random) -> str:
    """The seed as another county's report: region name, years and numbers changed."""
    text = text.replace(SEED_REGION, county.removesuffix("县"))
    text = YEAR.sub(lambda m: str(int(m.group(1)) + year_shift), text)

    def perturb(m: re.Match) -> str:
        raw = m.group(1)
        factor = rng.uniform(0.7, 1.3)
        if "." in raw:
            decimals = len(raw.split(".")[1])
            return f"{float(raw) * factor:.{decimals}f}"
        return str(max(1, round(int(raw) * factor)))

    return NUMBER.sub(perturb, text)


def make_corpus(target: Path, n: int, *, seed: int = 0, seeds_dir: Path = REPO / "seeds") -> list[Path]:
    """Write ``n`` generated reports into ``target`` (UTF-8 .txt, names like the seeds')."""
    target.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    sources = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    counties = county_names()
    paths = []
    for i in range(n):
        text = vary(rng.choice(sources), county=rng.choice(counties),
                    year_shift=rng.randint(-4, 0), rng=rng)
        data = text.encode("utf-8")
        path = target / f"{i:05d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"
        path.write_bytes(data)
        paths.append(path)
    return paths


def edit_some(seeds: Path, *, share: float, seed: int) -> int:
    """Change the numbers of ``share`` of the reports in ``seeds`` (at least one): the next
    scheduled run re-parses those and publishes a PATCH release, as after routine corrections."""
    rng = random.Random(seed)
    paths = sorted(seeds.glob("*.txt"))
    chosen = rng.sample(paths, max(1, round(len(paths) * share)))
    for path in chosen:
        text = path.read_text(encoding="utf-8")
        path.write_bytes(NUMBER.sub(lambda m: str(int(float(m.group(1))) + 1), text).encode("utf-8"))
    return len(chosen)


# --------------------------------------------------------------------------- measuring


def _extract_only(seeds: Path, code: Path) -> None:
    """Phase "extract": parse_report over every file, nothing else."""
    sys.path.insert(0, str(code))
    from flows.report.report import parse_report

    n = 0
    for path in sorted(seeds.glob("*.txt")):
        parse_report(source_file=path.name, data=path.read_bytes())
        n += 1
    print(n)


def run_measured(cmd: list[str], env: dict) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall time and peak RSS (bytes) of the process tree of ``cmd``."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=env["BENCH_CODE"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(proc.pid)
        except psutil.NoSuchProcess:
            return
        while not done.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            peak = max(peak, total)
            done.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    result = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
    if proc.returncode != 0:
        print(f"  ! {' '.join(cmd[2:5])} exited {proc.returncode}: {err.strip().splitlines()[-1:]}",
              file=sys.stderr)
    return wall, peak, result


def bench(sizes: list[int], *, keep: bool, phases: list[str], source: Path = REPO) -> list[dict]:
    root = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    # A snapshot of the code: the working tree may change while the benchmark runs, and a
    # changed parser or flow would (rightly) invalidate caches and the no-change fast path.
    code = root / "code"
    for part in ("flows", "schemas", "seeds"):
        shutil.copytree(source / part, code / part, ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PREFECT_HOME": str(root / "prefect-home"), "BENCH_CODE": str(code),
           "PYTHONPATH": os.pathsep.join(filter(None, [str(code), os.environ.get("PYTHONPATH")]))}
    env.pop("PREFECT_API_URL", None)
    rows = []
    try:
        # warm up: the temporary server's first start creates and migrates its database
        warm = root / "warm"
        make_corpus(warm / "seeds", 1)
        run_measured([PYTHON, "-m", "flows", "run", "--seeds", str(warm / "seeds"),
                      "--output", str(warm / "out")], {**env, "GWR_CACHE_DIR": str(warm / "cache")})
        for n in sizes:
            base = root / f"n{n}"
            seeds = base / "seeds"
            t = time.perf_counter()
            make_corpus(seeds, n, seed=n)
            print(f"# {n} reports generated in {time.perf_counter() - t:.1f} s", file=sys.stderr)
            plan = {
                "extract": ([PYTHON, __file__, "_extract", str(seeds), str(code)], {}),
                "full run": ([PYTHON, "-m", "flows", "run", "--seeds", str(seeds),
                              "--output", str(base / "out")], {"GWR_CACHE_DIR": str(base / "cache")}),
                "full run (1 worker)": ([PYTHON, "-m", "flows", "run", "--seeds", str(seeds), "--workers", "1",
                                        "--output", str(base / "out-1")], {"GWR_CACHE_DIR": str(base / "cache-1")}),
                "full run (dask)": ([PYTHON, "-m", "flows", "run", "--seeds", str(seeds),
                                     "--output", str(base / "out-dask"), "--task-runner", "dask"],
                                    {"GWR_CACHE_DIR": str(base / "cache-dask")}),
                "no-change re-run": ([PYTHON, "-m", "flows", "run", "--seeds", str(seeds),
                                      "--output", str(base / "out")], {"GWR_CACHE_DIR": str(base / "cache")}),
                "1% changed re-run": ([PYTHON, "-m", "flows", "run", "--seeds", str(seeds),
                                       "--output", str(base / "out")], {"GWR_CACHE_DIR": str(base / "cache")}),
            }
            for phase, (cmd, extra) in plan.items():
                if phase not in phases:
                    continue
                if phase == "1% changed re-run":
                    edit_some(seeds, share=0.01, seed=n)
                wall, peak, res = run_measured(cmd, {**env, **extra})
                rows.append({"n": n, "phase": phase, "wall": wall, "rate": n / wall, "peak": peak,
                             "ok": res.returncode == 0, "said": res.stdout.strip().splitlines()[-1:]})
                print(f"# {n:>6} {phase:<17} {wall:8.1f} s {peak / 2**20:8.0f} MiB "
                      f"{'ok' if res.returncode == 0 else 'FAILED'} {rows[-1]['said']}", file=sys.stderr)
            if not keep:
                shutil.rmtree(base, ignore_errors=True)
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"# kept {root}", file=sys.stderr)
    return rows


def report(rows: list[dict]) -> str:
    lines = ["| reports | phase | wall (s) | reports/s | ms/report | peak RSS (MiB) | ok |",
             "|---:|---|---:|---:|---:|---:|---|"]
    lines += [f"| {r['n']} | {r['phase']} | {r['wall']:.1f} | {r['rate']:.0f} | {1000 * r['wall'] / r['n']:.0f} | "
              f"{r['peak'] / 2**20:.0f} | {'yes' if r['ok'] else 'NO'} |" for r in rows]
    by = {(r["n"], r["phase"]): r for r in rows}
    checks = []
    top = max((r["n"] for r in rows), default=0)
    if (top, "full run") in by and (top, "extract") in by:
        ratio = by[top, "full run"]["wall"] / by[top, "extract"]["wall"]
        checks.append(f"full run / extraction at {top}: {ratio:.2f} (target <= 1.5)")
    low = min((r["n"] for r in rows), default=0)
    for phase in ("extract", "full run"):
        if low < top and (top, phase) in by and (low, phase) in by:
            ratio = by[top, phase]["wall"] / by[low, phase]["wall"]
            memory = by[top, phase]["peak"] / max(1, by[low, phase]["peak"])
            checks.append(f"{phase} {top} / {low} reports ({top / low:.0f}x): time {ratio:.1f}x, "
                          f"peak RSS {memory:.1f}x (target for time: <= 1.1x the ratio of reports)")
    if rows:
        checks.append(f"peak RSS: {max(r['peak'] for r in rows) / 2**30:.2f} GiB (target < 2)")
    if (top, "no-change re-run") in by and (top, "full run") in by:
        ratio = by[top, "no-change re-run"]["wall"] / by[top, "full run"]["wall"]
        checks.append(f"no-change re-run / full run at {top}: {ratio:.0%} (target < 20%)")
    if (top, "1% changed re-run") in by and (top, "full run") in by:
        ratio = by[top, "1% changed re-run"]["wall"] / by[top, "full run"]["wall"]
        checks.append(f"1% changed re-run / full run at {top}: {ratio:.0%}")
    return "\n".join(lines + [""] + checks)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_extract"]:
        _extract_only(Path(argv[1]), Path(argv[2]))
        return 0
    all_phases = ["extract", "full run", "full run (1 worker)", "full run (dask)", "no-change re-run",
                  "1% changed re-run"]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000",
                        help="comma-separated corpus sizes (default: 100,1000,10000)")
    parser.add_argument("--phases", default=",".join(all_phases),
                        help=f"comma-separated phases (default: all: {','.join(all_phases)})")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora and outputs")
    parser.add_argument("--code", type=Path, default=REPO,
                        help="the checkout to measure (its flows/, schemas/, seeds/; default: this one)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    phases = [p.strip() for p in args.phases.split(",")]
    print(report(bench(sizes, keep=args.keep, phases=phases, source=args.code.resolve())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
