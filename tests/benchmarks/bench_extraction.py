"""Throughput of indicator extraction (a script, not a test).

usage: python tests/benchmarks/bench_extraction.py [--mb 10] [--seed-file seeds/000_4db9355ef4d2499e.txt]

Builds a corpus of at least --mb MB (UTF-8) by varying the seed report (digits shuffled,
full-width and ASCII variants, sentences reordered), splits it simply on 。！？ and runs
indicators_from_sentence on every sentence. Prints MB/s, sentences/s, rows and peak memory.
"""
from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from flows.extract.indicators import indicators_from_sentence  # noqa: E402

_FULL = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
_SPLIT = re.compile(r"(?<=[。！？])")


def build_corpus(seed_text: str, target_bytes: int, rng: random.Random) -> str:
    sentences = [s for s in _SPLIT.split(seed_text) if s.strip()]
    parts, size = [], 0
    while size < target_bytes:
        s = rng.choice(sentences)
        s = re.sub(r"[0-9]", lambda m: str(rng.randint(0, 9)), s)  # new figures, same shapes
        roll = rng.random()
        if roll < 0.2:
            s = s.translate(_FULL)
        elif roll < 0.3:
            s = s.replace("，", ", ").replace("；", "; ")
        parts.append(s)
        size += len(s.encode("utf-8"))
    return "".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--seed-file", default=str(ROOT / "seeds" / "000_4db9355ef4d2499e.txt"))
    args = ap.parse_args()
    corpus = build_corpus(Path(args.seed_file).read_text(encoding="utf-8"), int(args.mb * 1e6), random.Random(0))
    n_bytes = len(corpus.encode("utf-8"))
    sentences = [s for s in _SPLIT.split(corpus) if s]
    indicators_from_sentence("地区生产总值完成184.1亿元，同比增长6%。")  # warm caches and regexes

    t0 = time.perf_counter()
    n_rows = sum(len(indicators_from_sentence(s)) for s in sentences)
    elapsed = time.perf_counter() - t0

    tracemalloc.start()  # second, shorter pass for the extractor's own peak allocation
    for s in sentences[: max(1, len(sentences) // 10)]:
        indicators_from_sentence(s)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    print(f"corpus: {n_bytes / 1e6:.1f} MB, {len(corpus):,} chars, {len(sentences):,} sentences")
    print(f"rows: {n_rows:,}")
    print(f"time: {elapsed:.2f} s")
    print(f"throughput: {n_bytes / 1e6 / elapsed:.1f} MB/s, {len(sentences) / elapsed:,.0f} sentences/s")
    print(f"peak traced allocation during extraction: {traced_peak / 1e6:.2f} MB")
    print(f"peak RSS of the process (corpus included): {max_rss_kb / 1024:.0f} MB")


if __name__ == "__main__":
    main()
