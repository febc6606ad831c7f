"""One report in, its rows out: the parse step as a plain, pure function.

read (plain text decoded; a web page, PDF or Word file turned into text: ``flows.parse.formats``)
→ clean (repeats, cut sentences) → structure (headings, kinds) → sentences →
indicators, pledges, place mentions, each with offsets into the decoded source text.
"""
from __future__ import annotations

import hashlib
import math
import pickle
import zlib
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from flows.extract.indicators import IndicatorHit, indicators_from_sentence, template_placeholders
from flows.extract.periods import multi_year, span_in
from flows.extract.pledges import Pledge, pledges_from_blocks
from flows.parse.cleaning import clean_text
from flows.parse.evidence import has_invisible, hostile_characters, no_report_content, not_report_text, touches_invisible
from flows.parse.formats import read_source
from flows.parse.parts import FIVE_YEAR, PLAN, own_five_year, part_flags, part_spans, report_parts
from flows.parse.reading import ReportError
from flows.parse.sentences import block_sentences
from flows.parse.structure import Block, structure
from flows.parse.tables import table_cells, table_header
from flows.parse.targets import TargetPassage
from flows.parse.metadata import report_metadata
from flows.places.places import PlaceHit, candidates_in, places_in_text

__all__ = ["PARSER_FILES", "ParsedReport", "ReportError", "parse_report"]

_PACKAGE = Path(__file__).resolve().parents[1]
# The files whose content defines what the parser produces (code and vocabularies): a
# change to any of them invalidates cached parse results.
PARSER_FILES: list[Path] = sorted(
    p
    for folder in ("parse", "extract", "places", "report")
    for p in (_PACKAGE / folder).rglob("*")
    if p.is_file() and p.suffix in {".py", ".csv", ".tsv", ".json", ".txt"}
)


class ParsedReport:
    """One report's rows, stored column by column in a compressed pickle.

    Ten thousand reports wait in memory between parsing and assembling: as Python objects
    they take about 1.5 GB, compressed about a tenth of that. ``columns`` unpacks them on
    demand (table -> column -> values) and ``rows`` gives them back as dicts.
    """

    def __init__(self, *, report_id: str, source_file: str, sha256: str, n_bytes: int,
                 rows: dict[str, list[dict]], quality: dict) -> None:
        self.report_id, self.source_file, self.sha256, self.n_bytes = report_id, source_file, sha256, n_bytes
        self.quality = quality
        columns = {table: {key: [row[key] for row in table_rows] for key in table_rows[0]} if table_rows else {}
                   for table, table_rows in rows.items()}
        self.counts = {table: len(table_rows) for table, table_rows in rows.items()}
        self._packed = zlib.compress(pickle.dumps(columns, protocol=pickle.HIGHEST_PROTOCOL), 1)

    @property
    def columns(self) -> dict[str, dict[str, list]]:
        return pickle.loads(zlib.decompress(self._packed))

    @property
    def rows(self) -> dict[str, list[dict]]:
        return {table: [dict(zip(cols, values)) for values in zip(*cols.values())] if cols else []
                for table, cols in self.columns.items()}

    def __repr__(self) -> str:
        return f"ParsedReport({self.report_id!r}, {self.counts})"


_FIGURES = re.compile(r"[0-9０-９][0-9０-９.．,，]*")


def text_sha256(text: str) -> str:
    """SHA-256 of the text every offset refers to, as published (texts/<report_id>.txt, UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def report_id_for(source_file: str) -> str:
    """A report's id is its file name without the extension: stable across edits and releases."""
    return re.sub(r"[^\w\-.]+", "_", Path(source_file).stem)


def stable_id(prefix: str, *parts: object) -> str:
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}-{digest}"


def _source_span(block: Block, start: int, end: int) -> tuple[int, int] | None:
    """Source offsets of ``block.text[start:end]``, or None when it straddles a join."""
    spans = block.paragraph.source_spans(start, end)
    return spans[0] if len(spans) == 1 else None


def _indicator_timing(hit: IndicatorHit, skind: str | None, report_year: int | None, review_year: int | None) -> tuple[str, int | None]:
    """(kind, period) of one number.

    An explicit year of the review year or later decides (2023年… actual; 到2025年… a target
    for 2025). An earlier year is a base of comparison (比2020年翻一番, 较2022年末增加), not the
    period, unless the number is that year's own start point (由2015年的2089.7亿元增加到…: an
    actual for 2015). Otherwise the kind comes from the sentence's kind (the nearest heading's
    kind, corrected by its own years and tense), and, outside any part, from target wording
    (力争, 预期目标, 将, 左右, 以上). Actuals are about the review year, targets about the plan year.
    """
    if hit.year is not None and not 1949 <= hit.year <= 2100:
        hit = replace(hit, year=None)  # a historical date (1921年), not the period of a statistic
    year = hit.year
    if year is not None and review_year is not None and year < review_year:
        if hit.year_is_start:
            return "actual", year  # 由2015年的2089.7亿元: the 2015 level
        year = None  # a base year
    if year is not None and review_year is not None and year <= review_year:
        return "actual", year
    if year is not None and report_year is not None and year >= report_year:
        return "target", year
    if skind == "plan" or (skind is None and hit.target_cue):
        kind = "target"
    else:
        kind = "actual"
    if year is not None:
        return kind, year
    return kind, report_year if kind == "target" else review_year


def parse_report(*, source_file: str, data: bytes) -> ParsedReport:
    """Parse one report's bytes into rows of the reports, indicators, pledges and place_mentions tables."""
    source = read_source(source_file, data)
    text = source.text
    if reason := not_report_text(text) or hostile_characters(text):
        raise ReportError(reason)
    report_id = report_id_for(source_file)
    clean = clean_text(text, exclude=source.excluded)
    if not clean.paragraphs:
        raise ReportError("no text after removing blank lines")
    flags: list[str] = list(source.flags)
    meta = report_metadata(text, flags)
    report_year, review_year = meta["report_year"], meta["review_year"]
    blocks, labels = report_parts(structure(clean.paragraphs), report_year=report_year)
    part_of = {id(block): label for block, label in zip(blocks, labels)}
    if PLAN not in labels and report_year is not None and report_year != review_year:
        flags.append("no plan part found")
    flags += part_flags(blocks, labels, report_year=report_year, review_year=review_year)
    # one pass per block: its sentences and their kinds, for the pledges and the loop below
    split = block_sentences(blocks, report_year=report_year, review_year=review_year)
    pledges = pledges_from_blocks(blocks, parts=labels, report_year=report_year, review_year=review_year,
                                  split=split)
    five_year = own_five_year(report_year)
    placeholders = template_placeholders(text)

    pledge_of: dict[tuple[int, int], Pledge] = {}
    pledge_rows = []
    seen_ids: dict[str, int] = {}
    for pledge in pledges:
        spans = pledge.block.paragraph.source_spans(pledge.start, pledge.end)
        # the wording without its figures: a pledge whose numbers are corrected keeps its id
        key = _FIGURES.sub("#", re.sub(r"\s+", "", pledge.text))
        n = seen_ids[key] = seen_ids.get(key, 0) + 1
        pledge_id = stable_id(f"{report_id}-pl", key, n)
        for sentence in pledge.sentences:
            pledge_of[(id(sentence.block), sentence.start)] = pledge
        pledge.pledge_id = pledge_id  # type: ignore[attr-defined]
        pledge_rows.append({
            "pledge_id": pledge_id, "report_id": report_id, "seq": pledge.seq,
            **_pledge_period(FIVE_YEAR if pledge.five_year_goal else part_of[id(pledge.block)], report_year, five_year),
            "part": part_of[id(pledge.block)],
            "theme": pledge.theme, "topic": pledge.topic, "section": pledge.section, "text": pledge.text,
            "item_no": pledge.item_no, "is_livelihood_project": pledge.is_livelihood_project,
            "char_start": min(s for s, _ in spans), "char_end": max(e for _, e in spans),
            "spans": ";".join(f"{s}:{e}" for s, e in spans),
        })

    indicator_rows, mention_rows = [], []
    unnamed: list[IndicatorHit] = []  # figures whose "name" names nothing: left out, counted
    home = meta.get("adcode")
    places_rejected: Counter = Counter()  # place candidates left out, by reason
    columns: list[str] | None = None  # the header of the table the current rows belong to
    dropped = 0  # figures and places not published: see quality["dropped_unsafe"]
    passage = TargetPassage()  # the main-targets passage, however it is laid out
    heading_spans: dict[str | None, tuple[int, int] | None] = {}  # span_in of each section heading
    invisible = has_invisible(text)  # no zero-width character anywhere: no span touches one
    for block, sentences in zip(blocks, split):
        main_from = passage.start(block, part_of[id(block)])
        header = table_header(block.text)
        if header is not None:
            columns = header
        elif not table_cells(block.text):
            columns = None
        # the place lexicon and the feature suffixes found in the whole block at once
        candidates = candidates_in(block.text, [(s.start, s.end) for s in sentences.sentences])
        for sentence, skind, places in zip(sentences.sentences, sentences.kinds, candidates):
            pledge = pledge_of.get((id(block), sentence.start))
            skind = passage.kind(block=block, sentence_end=sentence.end, kind=skind)
            found = []
            if not block.is_heading:
                sentence_span = heading_span = paragraph_span = None
                for n_hit, hit in enumerate(indicators_from_sentence(sentence.text, columns=columns, dropped=unnamed)):
                    if n_hit == 0:  # the years the sentence and its heading span, read once a sentence with figures
                        sentence_span = span_in(sentence.text, review_year=review_year)
                        if block.section not in heading_spans:
                            heading_spans[block.section] = span_in(block.section, review_year=review_year)
                        heading_span = heading_spans[block.section]
                        # a five-year review names its span once, before its figures: 过去五年…。一是…年均增长7.8%
                        paragraph_span = span_in(block.text[:sentence.start], review_year=review_year) \
                            if sentence.start else None
                    span = _source_span(block, sentence.start + hit.start, sentence.start + hit.end)
                    if span is None or text[span[0]:span[1]] != hit.value_text:
                        continue
                    if (invisible and touches_invisible(text, span[0], span[1], hit.indicator)) or not all(
                            v is None or math.isfinite(v)
                            for v in (hit.value, hit.value_std, hit.value_high, hit.value_std_high)):
                        dropped += 1  # a figure cut by a zero-width character, or beyond float
                        continue
                    kind, period = _indicator_timing(hit, skind, report_year, review_year)
                    hit, period, period_start, period_end = multi_year(
                        hit, kind=kind, period=period, explicit_year=hit.year if period == hit.year else None,
                        report_year=report_year, review_year=review_year,
                        in_five_year_part=part_of[id(block)] == FIVE_YEAR, five_year=five_year,
                        sentence_span=sentence_span, heading_span=heading_span, paragraph_span=paragraph_span)
                    found.append((hit, span, kind, period, period_start, period_end))
            for hit, span, kind, period, period_start, period_end in found:
                # what the number is, not what it says: a corrected figure keeps its id, and the
                # next release shows it as a changed row rather than one removed and one added
                key = (kind, period, hit.indicator, hit.measure)
                n = seen_ids[str(key)] = seen_ids.get(str(key), 0) + 1
                indicator_rows.append({
                    "indicator_id": stable_id(f"{report_id}-in", *key, n), "report_id": report_id,
                    "kind": kind, "period": period, "period_start": period_start, "period_end": period_end,
                    "section": block.section,
                    "indicator": hit.indicator,
                    "indicator_code": hit.indicator_code, "indicator_en": hit.indicator_en, "measure": hit.measure,
                    "value": hit.value, "unit": hit.unit, "value_std": hit.value_std, "unit_std": hit.unit_std,
                    "qualifier": hit.qualifier, "value_text": hit.value_text, "char_start": span[0], "char_end": span[1],
                    "sentence": sentence.text, "pledge_id": getattr(pledge, "pledge_id", None) if kind == "target" else None,
                    "part": part_of[id(block)],
                    "value_high": hit.value_high, "value_std_high": hit.value_std_high, "aggregation": hit.aggregation,
                    "is_main_target": kind == "target" and main_from is not None and sentence.start + len(sentence.text) > main_from,
                })
            sentence_indicators = indicator_rows[len(indicator_rows) - len(found):] if found else []
            for place in places_in_text(sentence.text, home_adcode=home, rejected=places_rejected, candidates=places,
                                        year=report_year):
                span = _source_span(block, sentence.start + place.start, sentence.start + place.end)
                if span is None or text[span[0]:span[1]] != place.surface:
                    continue
                if invisible and touches_invisible(text, span[0], span[1]):
                    dropped += 1
                    continue
                mention_rows.append(_mention_row(place, span, report_id, pledge, sentence_indicators, seen_ids))

    counts = {"indicators": len(indicator_rows), "pledges": len(pledge_rows)}
    if reason := no_report_content(meta, counts):
        raise ReportError(reason)
    indicator_rows, merged_into = one_row_per_fact(indicator_rows)
    for row in mention_rows:
        row["indicator_id"] = merged_into.get(row["indicator_id"], row["indicator_id"])
    digest = text_sha256(text)
    quality = {
        "source_type": source.source_type,
        "encoding": source.encoding,
        "text_sha256": digest,
        "removed": source.removed,
        "paragraphs": len(clean.paragraphs),
        "duplicate_paragraphs": clean.duplicate_paragraphs,
        "duplicate_sentences": clean.duplicate_sentences,
        "joined_fragments": clean.joined_fragments,
        "unwrapped_lines": clean.unwrapped_lines,
        "joins": clean.joins,
        "unjoined_fragments": clean.unjoined_fragments,
        "is_template": bool(placeholders),
        "template_placeholders": sorted(set(placeholders))[:20],
        "dropped_unsafe": dropped,
        "parts": [{"part": p.kind, "char_start": p.char_start, "char_end": p.char_end, "heading": p.heading}
                  for p in part_spans(blocks, labels, len(text))],
        "flags": flags,
        "indicators_unnamed": {"count": len(unnamed),
                               "examples": sorted({h.indicator for h in unnamed if h.indicator})[:20]},
        "indicators_restated": len(merged_into),
        "place_candidates_rejected": dict(sorted(places_rejected.items())),
        "rows": {"indicators": len(indicator_rows), "pledges": len(pledge_rows), "place_mentions": len(mention_rows)},
    }
    report_row = {
        "report_id": report_id, "source_file": Path(source_file).name,
        "source_sha256": hashlib.sha256(data).hexdigest(),
        **{k: meta.get(k) for k in ("region_name", "region_level", "adcode", "province", "prefecture",
                                    "delivered_by", "delivered_by_title", "meeting", "delivered_on")},
        "report_year": report_year, "review_year": review_year, "n_chars": len(text),
        "duplicate_paragraphs": clean.duplicate_paragraphs, "joined_fragments": clean.joined_fragments,
        "is_template": bool(placeholders), "encoding": source.encoding,
        "source_type": source.source_type, "text_sha256": digest,
    }
    return ParsedReport(
        report_id=report_id, source_file=Path(source_file).name, sha256=report_row["source_sha256"], n_bytes=len(data),
        rows={"reports": [report_row], "indicators": indicator_rows, "pledges": pledge_rows, "place_mentions": mention_rows},
        quality=quality,
    )


_FACT_FIELDS = ("kind", "period", "period_start", "period_end", "aggregation", "measure", "value_std", "value_std_high",
                "unit_std", "qualifier")


def one_row_per_fact(rows: list[dict]) -> tuple[list[dict], dict[str, str]]:
    """A figure restated later in the report (same indicator — its code, else its name — measure,
    kind, period, value and qualifier) is one row at its first statement: ``n_mentions`` counts
    the statements and ``other_offsets`` lists the later ones (``start:end;start:end``); it is a
    main target when any statement is. Returns the rows and {dropped indicator_id: kept id}."""
    first: dict[tuple, dict] = {}
    out, merged_into = [], {}
    for row in rows:
        key = (row["indicator_code"] or row["indicator"], *(row[f] for f in _FACT_FIELDS))
        kept = first.get(key)
        if kept is None:
            first[key] = row
            row.update(n_mentions=1, other_offsets=None)
            out.append(row)
            continue
        kept["n_mentions"] += 1
        offsets = f"{row['char_start']}:{row['char_end']}"
        kept["other_offsets"] = f"{kept['other_offsets']};{offsets}" if kept["other_offsets"] else offsets
        kept["is_main_target"] = kept["is_main_target"] or row["is_main_target"]
        kept["pledge_id"] = kept["pledge_id"] or row["pledge_id"]
        merged_into[row["indicator_id"]] = kept["indicator_id"]
    return out, merged_into


def _pledge_period(part: str | None, report_year: int | None, five_year: tuple[int, int] | None) -> dict:
    """A five-year goal covers its plan's years (2026-2030); any other pledge the plan year."""
    if part == FIVE_YEAR and five_year is not None:
        return {"period": five_year[1], "period_start": five_year[0]}
    return {"period": report_year, "period_start": None}


def place_id_for(place: PlaceHit) -> str:
    if place.adcode:
        return f"cn-{place.adcode}"
    return stable_id("pl", place.name, place.place_type, place.province, place.prefecture, place.county)


def _mention_row(place: PlaceHit, span: tuple[int, int], report_id: str, pledge, indicators: list[dict], seen: dict) -> dict:
    place_id = place_id_for(place)
    n = seen[place_id + place.surface] = seen.get(place_id + place.surface, 0) + 1
    nearest = min(indicators, key=lambda row: abs(row["char_start"] - span[0]), default=None)
    return {
        "mention_id": stable_id(f"{report_id}-pm", place_id, place.surface, n), "place_id": place_id,
        "report_id": report_id, "surface": place.surface, "char_start": span[0], "char_end": span[1],
        "pledge_id": getattr(pledge, "pledge_id", None), "indicator_id": nearest["indicator_id"] if nearest else None,
        # the place's own attributes, gathered into the places table by assemble_tables
        "name": place.name, "place_type": place.place_type, "adcode": place.adcode, "province": place.province,
        "prefecture": place.prefecture, "county": place.county, "lon": place.lon, "lat": place.lat,
    }
