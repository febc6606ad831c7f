"""Whatever a report looks like, its rows pass the published schemas.

A single invalid row fails validation and with it the whole run, so the parser must never
emit one: reports are scrambled, truncated, converted to ASCII punctuation, stripped of
their headings or made of headings only, and every variant must validate.
"""
import random
import re
from pathlib import Path

import pytest

from flows.report.assemble import assemble_tables
from flows.parse.reading import ReportError, decode_report
from flows.report.report import parse_report
from flows.validate import validate_tables

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
ASCII = str.maketrans("，。；：！？（）％", ",.;:!?()%")


def variants(text: str, seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    paragraphs = [p for p in text.splitlines() if p.strip()]
    shuffled = paragraphs[:]
    rng.shuffle(shuffled)
    cut = rng.randrange(1, max(2, len(text)))
    return {
        "shuffled": "\n".join(shuffled),
        "truncated": text[:cut],
        "ascii": text.translate(ASCII),
        "headings only": "\n".join(p for p in paragraphs if not re.search("[。！？]", p)) or "标题",
        "no headings": "\n".join(p for p in paragraphs if re.search("[。！？]", p)) or "正文。",
        "one line": "".join(paragraphs),
        "doubled": text + "\n" + text,
    }


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_rows_of_every_variant_pass_the_schemas(source):
    raw = source.read_bytes()
    text = decode_report(raw).text
    parsed = []
    for name, variant in variants(text, seed=len(text)).items():
        try:
            parsed.append(parse_report(source_file=f"{source.stem}-{name.replace(' ', '_')}.txt",
                                       data=variant.encode("utf-8")))
        except ReportError:
            continue  # an empty variant is a per-file error, which is fine
    result = validate_tables(assemble_tables(parsed))
    assert result.ok, result.failures[:5]

