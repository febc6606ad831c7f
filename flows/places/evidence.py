"""Evidence that characters spelling a unit's short form name the unit, and not something else.

Three kinds of reading compete with a place:

- **an ordinary word** (资源, 港口, 振兴, 宏伟, 解放 in 解放军, 惠民 in 惠民生, 大兴 in 大兴调查研究,
  文山 in 文山会海, 大庆 in 周年大庆). Every report uses these words both ways, so no word is
  banned: a short form that is a word of jieba's dictionary with a tag other than a name's
  (``ordinary``) or a word of ``short_form_stoplist.csv`` (``strong``, very common words: 安宁,
  江山) needs evidence, or is rejected as ``ordinary_word``;
- **an institution, company or facility named after the place** (西安交通大学, 哈尔滨电气,
  乐山机场: ``institution_suffixes.csv``) or a brand in short quotation marks (“金芙蓉”);
- **a longer name** that begins with the unit's name: an area of the report's own province
  beginning with another province's city (三沙湾 in Fujian, 钦州湾 in Guangdong), a landform or
  basin (江汉平原, 牡丹江流域: ``longer_name_tails.csv``), a road (成都道 in Tianjin) or a
  water-diversion project (引黄济宁).

Evidence, in the order it is looked for: a province or prefecture right before it (广西资源),
a list of units (资源、龙胜两县; A、B撤县设市; 酒泉、天水; 美姑至昭觉), a place word after it
(富宁港) — and, for a unit the report's own region is made of (a province's prefectures, a
municipality's districts, a prefecture's counties), a context where a place fits: the
name stands as a word of its own after a boundary, a verb, a preposition or a conjunction
(支持平凉…, 在武威…), and is no attribute of the word after it (大兴调查研究).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flows.places import segment
from flows.places.segment import Words

DATA = Path(__file__).parent / "data"

# jieba's tags for names (place, person, transliterated, other proper, organisation): a short
# form tagged so is read as a name; any other tag (n, v, a, b, …) marks an ordinary word
NAME_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt"})
# tags of the word before an ordinary word that leave room for a place: verbs (支持, 推动),
# prepositions (在, 对), conjunctions (和), adjectives (健全) and names (惠州博罗)
_PLACE_BEFORE_TAGS = ("v", "p", "c", "a", "ns", "nz")
_NUMERALS = set("0123456789０１２３４５６７８９一二三四五六七八九十百千两")
# an idiom's or compound's reading wins when a word of at least this frequency runs from inside
# the name past its end (惠民生: 民生 is a word)
_OVERLAP_FREQ = 200
# list marks between two units: 天津、山东; 深圳—香港; 美姑至昭觉
LIST_MARKS = frozenset("、—／/")
_RANGE_MARK = "至"
_UNIT_CHARS = set("省市县区州旗盟")
_MAX_INFIX = 6  # characters between a name and an institution's suffix (西安交通大学, 四川工程职业技术大学)
_INFIX_STOPS = set("的了和与及或在对把将为是等各之以从向到于由被让使并而也都又，、。；：！？")


@dataclass(frozen=True)
class _Suffix:
    suffix: str
    kind: str
    not_before: str


def data_rows(name: str) -> list[dict[str, str]]:
    """The rows of a vocabulary file in ``flows/places/data/`` (read by places.py too)."""
    with open(DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def _institutions() -> list[_Suffix]:
    rows = [_Suffix(r["suffix"], r["kind"], r.get("not_before") or "") for r in data_rows("institution_suffixes.csv")]
    return sorted(rows, key=lambda s: len(s.suffix), reverse=True)


@lru_cache(maxsize=1)
def longer_name_tails(*, outside: bool) -> tuple[str, ...]:
    """Tails that make a longer name of the name before them: everywhere (江汉平原), or only
    after a unit of another province (三沙湾)."""
    rows = data_rows("longer_name_tails.csv")
    return tuple(sorted((r["tail"] for r in rows if outside or r["where"] == "any"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _list_tail() -> re.Pattern[str]:
    """After a listed short form: more items, then a count or 等 and a unit word (两县, 等3个县,
    县市区), or a change of status (撤县设市)."""
    units = [line.strip() for line in (DATA / "list_tails.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    unit = "|".join(sorted(units, key=len, reverse=True))
    return re.compile(rf"(?:[、和及与][\u4e00-\u9fff]{{2,5}}?)*"
                      rf"(?:(?:[两二三四五六七八九十\d]+|等\d*|等[一二三四五六七八九十两]*)个?(?:{unit})"
                      rf"|撤县设[市区]|撤市设区|撤地设市)")


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def ordinary(short: str) -> bool:
    """A word of jieba's dictionary whose tag is not a name's (资源 n, 振兴 v, 宏伟 a, 大兴 b)."""
    tag = segment.tag(short)
    return tag is not None and tag not in NAME_TAGS


def institution_follows(text: str, end: int, cut_words: list[str]) -> bool:
    """An institution's, company's or facility's suffix follows the name at `end`, directly or
    after up to six characters that hold no verb of ``stem_cuts.csv`` and no particle
    (西安交通大学, 上海市第一人民医院, 哈尔滨电气; 深圳建设医院 is a plan, not a hospital's name)."""
    for k in range(_MAX_INFIX + 1):
        if k and (end + k > len(text) or not _is_han(text[end + k - 1]) or text[end + k - 1] in _INFIX_STOPS):
            return False
        for sfx in _institutions():
            if text.startswith(sfx.suffix, end + k):
                nxt = text[end + k + len(sfx.suffix):end + k + len(sfx.suffix) + 1]
                infix = text[end:end + k]
                if (not nxt or nxt not in sfx.not_before) and not any(w in infix for w in cut_words):
                    return True
    return False


def road_named_after(text: str, end: int, words: Words) -> bool:
    """道 after the name ends a road's name (成都道, 南京道 in Tianjin), unless it begins a word
    of its own (道路, 道德)."""
    return text.startswith("道", end) and words.boundary_at(end) and words.boundary_at(end + 1)


def diversion_project(text: str, start: int) -> bool:
    """引A济B, 引A入B, 引A补B: a water-diversion project's name, whose 济 (to supply) is no
    first character of a unit's name (引黄济宁 is not 济宁)."""
    return start >= 2 and text[start] in "济入补" and text[start - 2] == "引" and _is_han(text[start - 1])


_OPEN_QUOTES = "“「‘\""
_CLOSE_QUOTES = "”」’\""


def in_brand_quote(text: str, start: int, end: int) -> bool:
    """The name is part of a short quoted name (“金芙蓉”, “伊春号”): a brand, a product or a
    train, not the place. A quoted place alone (“兰州”) or a longer quotation is no brand."""
    a = start
    while a > 0 and start - a < 4 and _is_han(text[a - 1]):
        a -= 1
    b = end
    while b < len(text) and b - end < 4 and _is_han(text[b]):
        b += 1
    if a == 0 or b >= len(text) or text[a - 1] not in _OPEN_QUOTES or text[b] not in _CLOSE_QUOTES:
        return False
    return (a, b) != (start, end) and b - a <= 6


_MAX_ITEMS = 8  # items of a list walked past very common words to find a unit that is none


def _unit_ending_at(text: str, a: int, lex: dict[str, set[str]], longest: int) -> tuple[int, bool] | None:
    """(start, is_strong) of the longest unit's name ending at `a`, or None."""
    for k in range(longest, 1, -1):
        kinds = lex.get(text[a - k:a], set()) if a - k >= 0 else set()
        if kinds & {"full", "famous", "short"}:
            return a - k, not (kinds & {"full", "famous"}) and "strong" in kinds
    return None


def _unit_starting_at(text: str, b: int, lex: dict[str, set[str]], longest: int) -> tuple[int, bool] | None:
    """(end, is_strong) of the longest unit's name starting at `b`, or None."""
    for k in range(longest, 1, -1):
        kinds = lex.get(text[b:b + k], set()) if b + k <= len(text) else set()
        if kinds & {"full", "famous", "short"}:
            return b + k, not (kinds & {"full", "famous"}) and "strong" in kinds
    return None


def _listed_beside_unit(text: str, start: int, end: int, lex: dict[str, set[str]], longest: int) -> bool:
    """Across list marks or 至, a unit's name that is no very common word: next to the name
    (酒泉、天水; 美姑至昭觉), or further along a list of very common ones (和平、河西、南开)."""
    marks = LIST_MARKS | {_RANGE_MARK}
    a = start
    for _ in range(_MAX_ITEMS):
        if a < 3 or text[a - 1] not in marks:
            break
        got = _unit_ending_at(text, a - 1, lex, longest)
        if got is None:
            break
        a, strong = got
        if not strong:
            return True
    b = end
    for _ in range(_MAX_ITEMS):
        if b >= len(text) - 2 or text[b] not in marks:
            break
        got = _unit_starting_at(text, b + 1, lex, longest)
        if got is None:
            break
        b, strong = got
        if not strong:
            return True
    return False


def in_list_of_units(text: str, start: int, end: int, lex: dict[str, set[str]], longest: int) -> bool:
    """The name is an item of a list of units: beside another unit across a list mark or 至
    (酒泉、天水; 美姑至昭觉), or followed by the list's count and unit word (资源、龙胜两县,
    江山、常山等县) or a change of status (A、B撤县设市)."""
    if _listed_beside_unit(text, start, end, lex, longest):
        return True
    m = _list_tail().match(text, end)
    if m is None:
        return False
    if m.group().startswith("撤"):
        return True  # 仁怀撤县设市
    listed = (end < len(text) and text[end] in "、和及与") or (start > 0 and text[start - 1] in "、和及与")
    return listed


def _prev_word(text: str, start: int, words: Words) -> str | None:
    if start == 0 or not _is_han(text[start - 1]):
        return None
    a, b = words.word_at(start - 1)
    return text[a:start] if b == start else None


def phrase_before(text: str, start: int, words: Words) -> bool:
    """A counted time word glued before the name makes a phrase of it: 七十周年大庆, 70周年大庆
    (a festival), while 当前广东 and 六期宁夏 still name the province."""
    word = _prev_word(text, start, words)
    if word is None or segment.tag(word) != "t":
        return False
    k = start - len(word)
    return k > 0 and (text[k - 1] in _NUMERALS or (segment.tag(_prev_word(text, k, words) or "") or "") == "m")


def compound_reading(text: str, start: int, end: int, words: Words) -> bool:
    """The name is the head of a longer word of the sentence (资源型, 宏伟蓝图, 解放军, 文山会海)."""
    if words.starts_inside_word(start):
        return False
    a, b = words.word_at(start)
    return a == start and b > end


def overlapped(text: str, start: int, end: int) -> bool:
    """A frequent word runs from inside the name to the end of a phrase (惠民生、: 民生), so the
    name's first characters are a word of their own (惠). A word that runs on into more
    characters (广东经济: 东经, 汕头发挥: 头发) is no such reading; nor one after which a
    unit's character follows the name (运城市民: 城市 runs past 运城, but 市 is the city's own)."""
    if end < len(text) and text[end] in _UNIT_CHARS:
        return False
    jb, _ = segment.jieba_and_tags()
    for i in range(start + 1, end):
        for j in range(end + 1, min(len(text), i + 4) + 1):
            if (j == len(text) or not _is_han(text[j])) and jb.dt.FREQ.get(text[i:j], 0) >= _OVERLAP_FREQ:
                return True
    return False


def place_fits(text: str, start: int, end: int, words: Words, consumed: list[bool]) -> bool:
    """A context where a place fits, for an ordinary word that is also a unit of the report's
    own province: it stands as a word after a boundary, a place, a verb, a preposition or a
    conjunction (支持平凉…, 在武威…, 惠州博罗…), and is not a distinguishing word (jieba's ``b``) before the
    noun or verb it qualifies (大兴调查研究)."""
    if not words.is_word(start, end):
        return False
    if start > 0 and _is_han(text[start - 1]) and not consumed[start - 1]:
        word = _prev_word(text, start, words)
        if word is None or not (segment.tag(word) or "").startswith(_PLACE_BEFORE_TAGS):
            return False  # 全面振兴, 更加富裕, 人民安居
    if segment.tag(text[start:end]) == "b" and end < len(text) and _is_han(text[end]):
        a, b = words.word_at(end)
        if (segment.tag(text[a:b]) or "").startswith(("n", "v")):
            return False  # a distinguishing word before what it qualifies: 大兴调查研究
    return True
