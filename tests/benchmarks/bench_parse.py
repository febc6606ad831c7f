"""Throughput of the whole-report parse (a script, not a test).

usage: python tests/benchmarks/bench_parse.py [DIR ...] [--generated 30] [--repeat 2] [--profile N]

Runs ``parse_report`` — decoding, cleaning, structure, metadata, indicators, pledges, places,
packing: everything a report goes through before the tables are assembled — over real-length
reports, on one core, and prints per corpus:

- MB/s (UTF-8 bytes of the reports) and reports/s, best of ``--repeat`` passes;
- each stage's share of the time (the functions ``parse_report`` calls, timed by wrapping
  them for one extra pass; ``other`` is parse_report's own code);
- a single compiled-regex pass over the same text in the same run, for comparison;
- start-up: a fresh interpreter importing the parser and parsing the first report;
- peak memory: tracemalloc's peak during one parse pass, and the process's peak RSS.

Corpora: the seed reports (``seeds/``), ``--generated`` reports made from the seed by
``bench_scale.make_corpus`` (other counties, years and numbers), and the report files
(``*.txt``) of each folder ``DIR`` given, e.g. real reports. ``--profile N`` prints the N most expensive functions (cProfile) of one pass
over the largest corpus.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# CPU time of this process: the figures are for one core, and stay meaningful on a machine
# whose other cores are busy (wall-clock time would count the waits for a core)
_clock = time.process_time
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

# the stages: names that parse_report looks up in its module (wrapped for the stage pass)
STAGES = {
    "read": "read_source", "clean": "clean_text", "metadata": "report_metadata",
    "structure": "structure", "parts": "report_parts", "periods": "span_in", "pledges": "pledges_from_blocks", "templates": "template_placeholders",
    "sentences": "block_sentences", "place candidates": "candidates_in", "tables": "table_header",
    "indicators": "indicators_from_sentence", "places": "places_in_text", "packing": "ParsedReport",
}
# a single pass of one compiled regex over the text: numbers with a unit, the cheapest useful scan
_ONE_REGEX = re.compile(r"\d+(?:\.\d+)?\s*(?:亿元|万元|%|万人|万吨|公里)")

STARTUP = """
import sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from flows.report.report import parse_report
parse_report(source_file={name!r}, data=open({path!r}, 'rb').read())
print(time.perf_counter() - t0, time.process_time())
"""


def corpora(args) -> dict[str, list[tuple[str, bytes]]]:
    out = {"seed": [(p.name, p.read_bytes()) for p in sorted((ROOT / "seeds").glob("*.txt"))]}
    if args.generated:
        from bench_scale import make_corpus

        with tempfile.TemporaryDirectory() as tmp:
            out[f"generated ({args.generated})"] = [(p.name, p.read_bytes()) for p in make_corpus(Path(tmp), args.generated)]
    for folder in args.dirs:
        out[folder.name if folder.name != "reports" else folder.parent.name] = \
            [(p.name, p.read_bytes()) for p in sorted(folder.glob("*.txt"))]
    return out


def startup(first: Path) -> float:
    """(wall, CPU) seconds for a fresh interpreter to start, import the parser and parse one
    report (the CPU time includes the interpreter's own start)."""
    code = STARTUP.format(root=str(ROOT), name=first.name, path=str(first))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    wall, cpu = map(float, out.stdout.strip().splitlines()[-1].split())
    return wall, cpu


def timed_pass(parse, reports) -> float:
    t0 = _clock()
    for name, data in reports:
        parse(source_file=name, data=data)
    return _clock() - t0


def stage_shares(reports) -> dict[str, float]:
    """Seconds per stage over one pass, measured by wrapping the stage functions."""
    import flows.report.report as report

    spent: dict[str, float] = defaultdict(float)
    originals = {}

    def wrap(stage, fn):
        def timed(*a, **kw):
            t0 = _clock()
            try:
                return fn(*a, **kw)
            finally:
                spent[stage] += _clock() - t0
        return timed

    for stage, attr in STAGES.items():
        if not hasattr(report, attr):  # an older or newer parser without that stage
            continue
        originals[attr] = getattr(report, attr)
        setattr(report, attr, wrap(stage, originals[attr]))
    try:
        total = timed_pass(report.parse_report, reports)
    finally:
        for attr, fn in originals.items():
            setattr(report, attr, fn)
    spent["other"] = max(0.0, total - sum(spent.values()))
    return {k: v / total for k, v in spent.items()}


def compare_matchers(texts: list[str]) -> None:
    """The place lexicon's matches (start -> lengths) in every sentence, by three automata:
    ahocorasick-rs (what flows/places/matcher.py uses), pyahocorasick, and one compiled regex
    alternation (longest match at each position by a lookahead, shorter ones by dict look-ups).
    Prints build and match time; fails if they do not give the same matches."""
    import ahocorasick
    import ahocorasick_rs

    from flows.places.matcher import Matcher
    from flows.places.places import _lexicon

    lex, longest = _lexicon()
    words = sorted(lex, key=len, reverse=True)
    sentences = [s for t in texts for s in re.split(r"(?<=[。！？；\n])", t) if s]

    def by_pyahocorasick():
        automaton = ahocorasick.Automaton()
        for word in words:
            automaton.add_word(word, len(word))
        automaton.make_automaton()

        def starts(text):
            out = {}
            for end, length in automaton.iter(text):
                out.setdefault(end - length + 1, []).append(length)
            for v in out.values():
                v.sort(reverse=True)
            return out
        return starts

    def by_ahocorasick_rs():
        return Matcher(words).starts

    def by_regex():
        pattern = re.compile("(?=(" + "|".join(map(re.escape, words)) + "))")

        def starts(text):
            out = {}
            for m in pattern.finditer(text):
                i, top = m.start(), len(m.group(1))
                out[i] = [k for k in range(top, 0, -1) if text[i:i + k] in lex]
            return out
        return starts

    results, timing = {}, {}
    for name, build in (("ahocorasick-rs", by_ahocorasick_rs), ("pyahocorasick", by_pyahocorasick),
                        ("regex alternation", by_regex)):
        t0 = _clock()
        starts = build()
        built = _clock() - t0
        t0 = _clock()
        results[name] = [starts(s) for s in sentences]
        timing[name] = (built, _clock() - t0)
    mb = sum(len(s.encode("utf-8")) for s in sentences) / 1e6
    print(f"\nplace lexicon ({len(words)} entries) over {len(sentences)} sentences, {mb:.3f} MB:")
    for name, (built, spent) in timing.items():
        same = results[name] == results["ahocorasick-rs"]
        print(f"  {name:<18} build {built * 1000:7.1f} ms   match {spent:6.3f} s  {mb / spent:7.1f} MB/s   "
              f"same matches: {same}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--generated", type=int, default=30)
    ap.add_argument("dirs", nargs="*", type=Path, metavar="DIR", help="folders of report files (*.txt)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--profile", type=int, default=0)
    ap.add_argument("--matchers", action="store_true", help="compare the automata for the place lexicon")
    args = ap.parse_args()

    sets = corpora(args)
    first = ROOT / "seeds" / sets["seed"][0][0]
    wall, cpu = startup(first)
    print(f"start-up (import the parser, parse the first report): {cpu:.2f} s CPU, {wall:.2f} s wall")

    from flows.report.report import parse_report

    parse_report(source_file=sets["seed"][0][0], data=sets["seed"][0][1])  # warm: dictionaries, automata
    print(f"\n{'corpus':<18} {'reports':>7} {'MB':>7} {'MB/s':>7} {'reports/s':>9} {'regex MB/s':>10} {'tracemalloc peak MiB':>20}")
    shares = {}
    for label, reports in sets.items():
        n_bytes = sum(len(d) for _, d in reports)
        best = min(timed_pass(parse_report, reports) for _ in range(max(1, args.repeat)))
        texts = [d.decode("utf-8", errors="replace") for _, d in reports]
        t0 = _clock()
        for _ in range(20):
            for t in texts:
                sum(1 for _ in _ONE_REGEX.finditer(t))
        regex = (_clock() - t0) / 20
        tracemalloc.start()
        timed_pass(parse_report, reports)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        shares[label] = stage_shares(reports)
        print(f"{label:<18} {len(reports):>7} {n_bytes / 1e6:>7.3f} {n_bytes / 1e6 / best:>7.2f} "
              f"{len(reports) / best:>9.1f} {n_bytes / 1e6 / regex:>10.1f} {peak / 2**20:>20.1f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of this process: {rss:.0f} MiB")

    print("\nshare of parse_report's time per stage:")
    stages = [*STAGES, "other"]
    print(f"{'stage':<14}" + "".join(f"{label[:18]:>20}" for label in shares))
    for stage in stages:
        print(f"{stage:<14}" + "".join(f"{shares[label].get(stage, 0.0):>19.1%} " for label in shares))

    if args.matchers:
        largest = max(sets.values(), key=lambda r: sum(len(d) for _, d in r))
        compare_matchers([d.decode("utf-8", errors="replace") for _, d in largest])

    if args.profile:
        largest = max(sets.values(), key=lambda r: sum(len(d) for _, d in r))
        prof = cProfile.Profile()
        prof.runcall(timed_pass, parse_report, largest)
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
