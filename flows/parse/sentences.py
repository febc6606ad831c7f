"""A block's sentences and their kinds, found once per block.

The per-report pass (``flows.report``) and the pledge extractor both walk every sentence of
every block and ask each one's kind (review or plan). Splitting a block and reading its
sentences' kinds once, and handing the result to every extractor, replaces two or three
passes of the same regular expressions over the same text.
"""
from __future__ import annotations

from dataclasses import dataclass

from flows.parse.structure import Block, Sentence, sentence_kind, split_sentences


@dataclass(frozen=True)
class BlockSentences:
    """One block split into sentences, each with its kind (``sentence_kind``)."""

    block: Block
    sentences: tuple[Sentence, ...]
    kinds: tuple[str | None, ...]


def block_sentences(blocks: list[Block], *, report_year: int | None,
                    review_year: int | None) -> list[BlockSentences]:
    """Every block's sentences and their kinds, in block order."""
    out = []
    for block in blocks:
        sentences = tuple(split_sentences(block))
        kinds = tuple(sentence_kind(s.text, block_kind=block.kind, report_year=report_year,
                                    review_year=review_year) for s in sentences)
        out.append(BlockSentences(block, sentences, kinds))
    return out
