"""One pass per block: sentences, their kinds and place candidates found once for a whole
paragraph give exactly what the sentence-by-sentence calls give."""
import unicodedata

import pytest

from flows.extract.pledges import pledges_from_blocks
from flows.parse.cleaning import clean_text, display_width
from flows.parse.sentences import block_sentences
from flows.parse.structure import sentence_kind, split_sentences, structure
from flows.places.places import candidates_in, places_in_text

REPORT = """某县2024年政府工作报告
回眸2023
全县地区生产总值完成184.1亿元，同比增长6%。建成运城至新绛快速通道，绛州古城景区、龙兴寺游客增长35%。
泉掌、阳王、古交三镇新建村级光伏电站3处。汾河新绛段完成生态修复12公里。
展望2024
2024年，全县将坚持稳中求进。地区生产总值增长6%左右。办好五件实事：①新建1处“城市书房”；②改造运城市区至新绛县城道路。
推进汾河流域治理，实施古堆泉保护。Ｇ108国道新绛段改造完成.全年投资20亿元.
"""


def _blocks():
    return structure(clean_text(REPORT).paragraphs)


def test_block_sentences_are_split_sentences_with_their_kinds():
    blocks = _blocks()
    split = block_sentences(blocks, report_year=2024, review_year=2023)
    assert [s.block for s in split] == blocks
    for block, got in zip(blocks, split):
        assert list(got.sentences) == split_sentences(block)
        assert list(got.kinds) == [sentence_kind(s.text, block_kind=block.kind, report_year=2024, review_year=2023)
                                   for s in got.sentences]
    kinds = {s.text: k for b in split for s, k in zip(b.sentences, b.kinds)}
    assert kinds["全县地区生产总值完成184.1亿元，同比增长6%。"] == "review"
    assert kinds["地区生产总值增长6%左右。"] == "plan"


def test_pledges_from_precomputed_sentences_are_the_same_pledges():
    blocks = _blocks()
    split = block_sentences(blocks, report_year=2024, review_year=2023)
    given = pledges_from_blocks(blocks, report_year=2024, review_year=2023, split=split)
    alone = pledges_from_blocks(blocks, report_year=2024, review_year=2023)
    assert [(p.text, p.item_no, p.theme, p.topic) for p in given] == [(p.text, p.item_no, p.theme, p.topic) for p in alone]
    assert [p.text for p in given if p.item_no] == ["新建1处“城市书房”；", "改造运城市区至新绛县城道路。"]


@pytest.mark.parametrize("home", ["140825", None])
def test_place_candidates_of_a_paragraph_give_each_sentence_its_own_places(home):
    for block in _blocks():
        sentences = split_sentences(block)
        candidates = candidates_in(block.text, [(s.start, s.end) for s in sentences])
        assert len(candidates) == len(sentences)
        for sentence, found in zip(sentences, candidates):
            assert places_in_text(sentence.text, home_adcode=home, candidates=found) == \
                places_in_text(sentence.text, home_adcode=home)


def test_place_candidates_never_cross_a_sentence_end():
    text = "建设运城。市区道路改造完成。"  # 运城市 spans the full stop; it is in neither sentence
    found = candidates_in(text, [(0, 5), (5, len(text))])
    assert all(start + max(lengths) <= 5 for start, lengths in found[0].lexicon.items())
    assert 0 not in found[1].lexicon or all(text[5:5 + n] != "运城市" for n in found[1].lexicon[0])
    assert [p.surface for p in places_in_text(text[:5], home_adcode="140800", candidates=found[0])] == ["运城"]


@pytest.mark.parametrize("line", ["全县地区生产总值完成184.1亿元", "ＧＤＰ增长６％", "GDP 6%", "",
                                  "汾河\u3000新绛段", "𠀋𠀌 emoji 😀", "ｱｲｳ half-width katakana"])
def test_display_width_counts_wide_characters_twice(line):
    assert display_width(line) == sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
