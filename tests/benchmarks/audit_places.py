"""Audit of administrative-unit mentions outside a report's own province (a script, not a test).

usage: python tests/benchmarks/audit_places.py REPORTS_DIR [--labels LABELS.tsv] [--out MENTIONS.tsv]

Parses every ``*.txt`` in REPORTS_DIR with ``parse_report`` and lists each place mention with an
adcode outside the report's own province (the province found by the report's metadata), with
the characters around it, as a TSV for a human annotator:

    report  char_start  surface  name  place_type  adcode  context  label

``context`` shows the mention in 【】 with 12 characters on each side. The annotator fills
``label`` with 1 (the writer names that place) or 0 (characters that only spell a name, a
company or brand, a wrong unit). With ``--labels`` (a TSV of that shape, labelled), mentions are
matched on (report, char_start, surface) and precision = real / labelled is printed; mentions
without a label are counted as unlabelled and printed so they can be judged and added.
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from flows.report.report import parse_report  # noqa: E402

FIELDS = ["report", "char_start", "surface", "name", "place_type", "adcode", "context", "label"]


def outside_mentions(folder: Path) -> list[dict]:
    rows: list[dict] = []
    for path in sorted(folder.glob("*.txt")):
        data = path.read_bytes()
        parsed = parse_report(source_file=path.name, data=data).rows
        report = parsed["reports"][0]
        home = (report.get("adcode") or "")[:2]
        text = data.decode("utf-8", errors="replace")
        for m in parsed["place_mentions"]:
            if not m["adcode"] or not home or m["adcode"][:2] == home:
                continue
            s, e = m["char_start"], m["char_end"]
            context = (text[max(0, s - 12):s] + "【" + text[s:e] + "】" + text[e:e + 12]).replace("\n", "⏎")
            rows.append({"report": path.name, "char_start": s, "surface": m["surface"], "name": m["name"],
                         "place_type": m["place_type"], "adcode": m["adcode"], "context": context, "label": ""})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports", type=Path)
    ap.add_argument("--labels", type=Path, help="labelled TSV (label 1 = real mention, 0 = false)")
    ap.add_argument("--out", type=Path, help="write the mentions (with known labels) as TSV here")
    args = ap.parse_args()
    rows = outside_mentions(args.reports)
    labels: dict[tuple[str, str, str], str] = {}
    if args.labels:
        with open(args.labels, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t", lineterminator="\n"):
                labels[(r["report"], str(r["char_start"]), r["surface"])] = (r.get("label") or "").strip()
    for r in rows:
        r["label"] = labels.get((r["report"], str(r["char_start"]), r["surface"]), "")
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, FIELDS, delimiter="\t", lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    else:
        w = csv.DictWriter(sys.stdout, FIELDS, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    real = sum(r["label"] == "1" for r in rows)
    false = sum(r["label"] == "0" for r in rows)
    unlabelled = [r for r in rows if r["label"] not in ("0", "1")]
    print(f"outside-province admin mentions: {len(rows)}  real: {real}  false: {false}  "
          f"unlabelled: {len(unlabelled)}  precision: {real / max(1, real + false):.3f}", file=sys.stderr)
    for r in unlabelled:
        print(f"  unlabelled: {r['report']} {r['char_start']} {r['surface']} {r['context']}", file=sys.stderr)


if __name__ == "__main__":
    main()
