"""Fixed costs and whole runs against the parse time, side by side in one script.

usage: python tests/benchmarks/bench_runs.py [DIR ...] [--code CHECKOUT] [--repeat 2]

The report files of the folders DIR (default: seeds/) are copied into one seeds folder; each
figure is measured in a fresh process (best of ``--repeat``), with the code of CHECKOUT
(default: this one; copied first, so that edits made meanwhile change nothing) and a Prefect
home of its own (its database created once before measuring):

- ``import prefect``: ``python -c "import prefect"`` (wall);
- ``parse, one core``: CPU time of ``parse_report`` over every report in one process, after a
  first report has loaded the dictionaries, and the MB/s it makes;
- ``start-up``: a fresh interpreter importing the parser and parsing the first report (wall);
- ``full run``: ``python -m flows run`` into an empty output folder with an empty parse cache
  (wall: Prefect, its server, parsing, assembling, validating, publishing);
- ``full run, --workers 1``, when the checkout has the option;
- ``no-change run``: the same command again (nothing new to publish);
- ``no report files``: the command on an empty seeds folder;

then the ratios the goals of issue #22 are set in: full run / parse time on one core (goal
<= 2), no-change run / import prefect (goal <= 2). Wall-clock figures count the waits for a
core: on a shared machine, give its load with them. A script that prints figures, not a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable

PARSE = """
import sys, time
from pathlib import Path
from flows.report.report import parse_report
files = [(p.name, p.read_bytes()) for p in sorted(Path(sys.argv[1]).iterdir()) if p.is_file()]
parse_report(source_file=files[0][0], data=files[0][1])
t0 = time.process_time()
for name, data in files:
    try:
        parse_report(source_file=name, data=data)
    except Exception:
        pass
print(time.process_time() - t0, sum(len(d) for _, d in files))
"""

STARTUP = """
import sys, time
t0 = time.perf_counter()
from pathlib import Path
from flows.report.report import parse_report
first = sorted(p for p in Path(sys.argv[1]).iterdir() if p.is_file())[0]
parse_report(source_file=first.name, data=first.read_bytes())
print(time.perf_counter() - t0)
"""


def timed(cmd: list[str], env: dict, cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    return time.perf_counter() - t0, done


def best(times: list[float]) -> float:
    return min(times) if times else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dirs", nargs="*", type=Path, metavar="DIR", help="folders of report files (default: seeds/)")
    ap.add_argument("--code", type=Path, default=REPO, help="the checkout to measure (default: this one)")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args(argv)

    root = Path(tempfile.mkdtemp(prefix="bench-runs-"))
    try:
        code = root / "code"
        for part in ("flows", "schemas"):
            shutil.copytree(args.code / part, code / part, ignore=shutil.ignore_patterns("__pycache__"))
        seeds = root / "seeds"
        seeds.mkdir()
        for folder in args.dirs or [args.code / "seeds"]:
            for p in sorted(folder.iterdir()):
                if p.is_file() and not p.name.startswith("."):
                    shutil.copy(p, seeds / p.name)
        empty = root / "empty"
        empty.mkdir()
        env = {**os.environ, "PREFECT_HOME": str(root / "prefect-home"), "PYTHONPATH": str(code)}
        env.pop("PREFECT_API_URL", None)
        has_workers = "--workers" in subprocess.run([PYTHON, "-m", "flows", "run", "--help"], env=env, cwd=code,
                                                    capture_output=True, text=True).stdout

        def run(seeds_dir: Path, out: Path, cache: Path, *extra: str) -> tuple[float, subprocess.CompletedProcess]:
            return timed([PYTHON, "-m", "flows", "run", "--seeds", str(seeds_dir), "--output", str(out), *extra],
                         {**env, "GWR_CACHE_DIR": str(cache)}, code)

        run(seeds, root / "warm-out", root / "warm-cache")  # Prefect's database is created once
        figures: dict[str, list[float]] = {k: [] for k in (
            "import prefect", "parse, one core (CPU)", "start-up", "full run", "full run, --workers 1",
            "no-change run", "no report files")}
        n_bytes = 0
        said = {}
        for i in range(args.repeat):
            figures["import prefect"].append(timed([PYTHON, "-c", "import prefect"], env, code)[0])
            out = subprocess.run([PYTHON, "-c", PARSE, str(seeds)], env=env, cwd=code, capture_output=True,
                                 text=True, check=True).stdout.split()
            figures["parse, one core (CPU)"].append(float(out[0]))
            n_bytes = int(out[1])
            figures["start-up"].append(float(subprocess.run([PYTHON, "-c", STARTUP, str(seeds)], env=env, cwd=code,
                                                            capture_output=True, text=True, check=True).stdout))
            wall, done = run(seeds, root / f"out-{i}", root / f"cache-{i}")
            figures["full run"].append(wall)
            said["full run"] = done.stdout.strip().splitlines()[-1:] or done.stderr.strip().splitlines()[-1:]
            if has_workers:
                wall, _ = run(seeds, root / f"out1-{i}", root / f"cache1-{i}", "--workers", "1")
                figures["full run, --workers 1"].append(wall)
            wall, done = run(seeds, root / f"out-{i}", root / f"cache-{i}")
            figures["no-change run"].append(wall)
            said["no-change run"] = done.stdout.strip().splitlines()[:1]
            wall, done = run(empty, root / f"out-empty-{i}", root / f"cache-{i}")
            figures["no report files"].append(wall)
            said["no report files"] = done.stderr.strip().splitlines()[:1]

        n_files = len(list(seeds.iterdir()))
        parse = best(figures["parse, one core (CPU)"])
        print(f"{n_files} reports, {n_bytes / 1e6:.3f} MB; code: {args.code}; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{'figure':<24} {'best (s)':>9} {'all (s)':>24}")
        for name, values in figures.items():
            if values:
                print(f"{name:<24} {best(values):9.2f} {' '.join(f'{v:.2f}' for v in values):>24}")
        print(f"parse on one core: {n_bytes / 1e6 / parse:.2f} MB/s")
        print(f"full run / parse on one core: {best(figures['full run']) / parse:.1f}x (goal <= 2)")
        print(f"no-change run / import prefect: {best(figures['no-change run']) / best(figures['import prefect']):.1f}x "
              "(goal <= 2)")
        print(f"no report files / import prefect: "
              f"{best(figures['no report files']) / best(figures['import prefect']):.1f}x")
        for name, lines in said.items():
            print(f"  {name} said: {' '.join(lines)}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
