"""Site size benchmark: bytes of site/ per report as a release grows.

    .venv/bin/python tests/benchmarks/bench_site.py                    # 31 and 1,000 reports
    .venv/bin/python tests/benchmarks/bench_site.py --sizes 31,300 --seeds DIR

Parses the report(s) in ``--seeds`` (default: the repository's seeds/) once, then publishes
releases of N reports made of copies of their rows, each copy another real county (adcode and
name from the project's gazetteer, so every report page draws its own county on its map) and a
report id of its own; the texts are the seeds' own. Prints, per size: reports, the bytes of
site/ per report, split into the report pages (reports/), the text pages (texts/: each the full
text, with the cited span highlighted), the region pages (regions/), the search index and the
cross-report pages (index, charts, map, codebook, tables), the time to build the release, and the largest single page.
Target (issue #21): <= 50 KB of site per report at 3,000 reports, and cross-report pages that do
not grow with the reports.

This is a script that prints figures, not a timed test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402

from flows.places.gazetteer import divisions  # noqa: E402
from flows.publish.release import publish_release  # noqa: E402
from flows.report.assemble import assemble_tables  # noqa: E402
from flows.report.report import parse_report  # noqa: E402


def parsed_seeds(seeds: Path) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    files = sorted(p for p in seeds.iterdir() if p.suffix == ".txt")
    parsed = [parse_report(source_file=p.name, data=p.read_bytes()) for p in files]
    paths = {r.report_id: str(p) for r, p in zip(parsed, files)}
    return assemble_tables(parsed), paths


def grown(tables: dict[str, pd.DataFrame], paths: dict[str, str], n: int) -> tuple[dict, dict, list]:
    """``n`` reports: copies of the seeds' rows under new report ids and real counties."""
    counties = sorted((d for d in divisions() if d.level == "county" and d.adcode), key=lambda d: d.adcode)
    seeds = tables["reports"]["report_id"].tolist()
    out = {name: [] for name in tables}
    texts, sources = {}, []
    for i in range(n):
        seed = seeds[i % len(seeds)]
        county = counties[(i * 7919) % len(counties)]
        rid = f"{seed}-c{i:05d}"
        for name, df in tables.items():
            if "report_id" not in df.columns:  # places, codes; series and outcomes: none across counties
                continue
            part = df[df["report_id"] == seed].copy()
            for col in part.columns:
                if col.endswith("_id") and col != "place_id":
                    part[col] = part[col].map(lambda v: v.replace(seed, rid, 1) if isinstance(v, str) else v)
            if name == "reports":
                part["report_id"] = rid
                part["source_file"] = f"{rid}.txt"
                part["region_name"], part["adcode"], part["region_level"] = county.name, county.adcode, "county"
            out[name].append(part)
        texts[rid] = paths[seed]
        rep = tables["reports"][tables["reports"]["report_id"] == seed].iloc[0]
        sources.append({"source_file": f"{rid}.txt", "sha256": rep["source_sha256"], "bytes": int(rep["n_chars"])})
    result = {name: pd.concat(parts, ignore_index=True) if parts else tables[name]
              for name, parts in out.items()}
    for name in ("target_outcomes", "series"):  # each copy is another county: no series across years
        if name in result:
            result[name] = tables[name].iloc[0:0]
    return result, texts, sources


def measure(site: Path) -> dict[str, int]:
    sizes = {"reports": 0, "texts": 0, "regions": 0, "search": 0, "pages": 0}
    largest = ("", 0)
    for f in site.rglob("*"):
        if not f.is_file():
            continue
        b = f.stat().st_size
        key = f.parent.name if f.parent != site else ("search" if f.name.startswith("search") else "pages")
        sizes[key if key in sizes else "pages"] += b
        if b > largest[1]:
            largest = (f.relative_to(site).as_posix(), b)
    return {**sizes, "largest": largest}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="31,1000", help="comma-separated numbers of reports")
    ap.add_argument("--seeds", type=Path, default=REPO / "seeds", help="folder of report .txt files")
    args = ap.parse_args()
    tables, paths = parsed_seeds(args.seeds)
    print(f"seed reports: {len(paths)} ({', '.join(paths)})")
    print(f"{'reports':>8} {'site KB/report':>15} {'pages/report':>13} {'texts/report':>13} "
          f"{'regions/report':>15} {'search/report':>14} {'shared KB':>10} {'build s':>8}  largest file")
    for n in (int(x) for x in args.sizes.split(",")):
        data, texts, sources = grown(tables, paths, n)
        with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
            start = time.monotonic()
            publish_release(data, output_dir=Path(tmp), sources=sources, texts=texts, allow_shrink=True,
                            quality={"inputs": [], "errors": [], "rejected_rows": []})
            took = time.monotonic() - start
            m = measure(Path(tmp) / "v1.0.0" / "site")
        total = m["reports"] + m["texts"] + m["regions"] + m["search"] + m["pages"]
        print(f"{n:>8} {total / n / 1024:>15.1f} {m['reports'] / n / 1024:>13.1f} {m['texts'] / n / 1024:>13.1f} "
              f"{m['regions'] / n / 1024:>15.1f} {m['search'] / n / 1024:>14.1f} {m['pages'] / 1024:>10.0f} {took:>8.1f}  "
              f"{m['largest'][0]} ({m['largest'][1] / 1024:.0f} KB)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
