"""Places mentioned in a sentence or paragraph of a report.

Two passes over the text:

1. A dictionary pass, leftmost-longest: administrative names (full names anywhere, short
   forms within reach of the home unit), famous rivers/lakes/mountains, generic districts
   (新城区) and stop tokens — words that contain place-like strings but are not places
   (合作社, 幸福安宁, 全省, 河长制). A stop token consumes its characters, so nothing inside
   it can become a place.
2. A suffix pass for local features (寺 庙 泉 池 街 村 古城 景区 …): a feature needs a
   proper-name stem before its suffix, taken from the unconsumed characters to the left,
   with verbs cut off and generic words rejected (``_stem``).

Vocabularies live in ``data/``; see the notes column of each file.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from flows.places import evidence, gazetteer, segment
from flows.places.evidence import data_rows
from flows.places.gazetteer import Division
from flows.places.matcher import Matcher, starts_of
from flows.places.segment import Words

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class PlaceHit:
    start: int
    end: int               # text[start:end] == surface
    surface: str           # as written, e.g. 运城
    name: str              # canonical, e.g. 运城市; for features the full name, e.g. 古堆泉
    place_type: str        # province, prefecture, county, district, town, village, river, ...
    adcode: str | None     # 6 digits for administrative units
    province: str | None   # containing units (or the unit itself at that level), where known
    prefecture: str | None
    county: str | None
    lon: float | None
    lat: float | None


@dataclass(frozen=True)
class _Suffix:
    suffix: str
    place_type: str
    min_stem: int
    max_stem: int
    not_before: str


def _chars(name: str) -> str:
    return "".join(
        line.strip() for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


def _ethnic_township_suffixes(suffixes: list[_Suffix]) -> list[_Suffix]:
    """米粮泉回族乡, 长营满族乡, 民族乡: a township named with its nationality (as 乡)."""
    town = next(s for s in suffixes if s.suffix == "乡")
    return [_Suffix(nation + "乡", town.place_type, town.min_stem, 4, town.not_before)
            for nation in [*gazetteer.nationalities(), "民族"]]


@lru_cache(maxsize=1)
def _vocab() -> dict:
    breaks = _chars("stem_breaks.txt")
    suffixes = [
        _Suffix(r["suffix"], r["place_type"], int(r["min_stem"]), int(r["max_stem"]), r.get("not_before") or "")
        for r in data_rows("feature_suffixes.csv")
    ]
    stop_rows = data_rows("stop_tokens.csv")
    return {
        "stop": {r["token"] for r in stop_rows},
        "stop_name_end": {r["token"] for r in stop_rows if r.get("name_end") == "1"},
        "stop_stem_ok": {r["token"] for r in stop_rows if r.get("stem_ok") == "1"},
        "short_stop": {r["short"] for r in data_rows("short_form_stoplist.csv")},
        "entities": {r["name"] for r in data_rows("named_entities.csv")},
        "place_words": sorted({r["word"] for r in data_rows("place_words.csv")}, key=len, reverse=True),
        "famous": {r["name"]: r["place_type"] for r in data_rows("famous_features.csv")},
        "generic_districts": {r["name"]: r["place_type"] for r in data_rows("generic_districts.csv")},
        "cuts": sorted({r["word"] for r in data_rows("stem_cuts.csv")}, key=len, reverse=True),
        "generic_stems": {r["stem"] for r in data_rows("generic_stems.csv")},
        "breaks": set(breaks),
        "measure_breaks": set(_chars("measure_breaks.txt")),
        "suffixes": sorted(suffixes + _ethnic_township_suffixes(suffixes), key=lambda s: len(s.suffix), reverse=True),
    }


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, set[str]], int]:
    """surface -> kinds of entry ({'full', 'short', 'famous', 'generic', 'stop'}), and the longest surface."""
    v = _vocab()
    lex: dict[str, set[str]] = {}
    for name in gazetteer.by_name():
        lex.setdefault(name, set()).add("full")
    for short in gazetteer.by_short():
        # a very common word (安宁, 江山) is kept, but needs a list or a scope (see evidence.py)
        lex.setdefault(short, set()).update({"short", "strong"} if short in v["short_stop"] else {"short"})
    for name in v["famous"]:
        lex.setdefault(name, set()).add("famous")
    for name in v["generic_districts"]:
        lex.setdefault(name, set()).add("generic")
    for token in v["stop"]:
        lex.setdefault(token, set()).add("stop")
    for name in v["entities"]:
        lex.setdefault(name, set()).add("entity")
    return lex, max(len(k) for k in lex)


@lru_cache(maxsize=1)
def _lexicon_matcher() -> Matcher:
    return Matcher(_lexicon()[0])


@dataclass(frozen=True)
class Candidates:
    """Where the place lexicon's entries and the feature suffixes occur in one sentence
    (offsets into the sentence): what ``places_in_text`` looks up first."""

    lexicon: dict[int, list[int]]  # start -> lengths of the entries starting there, longest first
    suffixes: list[tuple[int, int]]  # (start, end) of every feature suffix, overlapping


def candidates_in(text: str, spans: list[tuple[int, int]]) -> list[Candidates]:
    """The ``Candidates`` of each sentence ``text[s:e]`` (sorted, disjoint ``spans`` of a
    paragraph), from one pass of each automaton over the paragraph instead of one a sentence."""
    lexicon = _lexicon_matcher().matches_in(text, spans)
    suffixes = _suffix_index().matcher.matches_in(text, spans)
    return [Candidates(starts_of(lex), sfx) for lex, sfx in zip(lexicon, suffixes)]


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _home_chain(home: Division | None) -> tuple[str | None, str | None, str | None]:
    if home is None:
        return None, None, None
    county = home.name if home.level in ("county", "district") else None
    return home.province, home.prefecture, county


def _admin_hit(start: int, end: int, surface: str, d: Division) -> PlaceHit:
    county = d.name if d.level in ("county", "district") else None
    return PlaceHit(start, end, surface, d.name, d.level, d.adcode, d.province, d.prefecture, county, d.lon, d.lat)


def _within_reach(d: Division, home: Division | None) -> bool:
    """Short forms of counties need the home province, of districts the home prefecture."""
    if d.level in ("province", "prefecture"):
        return True
    if home is None:
        return False
    if d.level == "county":
        return d.province_code == home.province_code
    if d.adcode[:2] in gazetteer.MUNICIPALITIES or home.level == "province":
        return d.province_code == home.province_code
    return d.adcode[:4] == home.adcode[:4]


# after a full name ending in 市, these characters show the 市 belongs to another word (市场, 市民)
_CITY_WORD_NEXT = set("场民")
# after a two-character full name (代县, 范县), these show 县/区 starts a word (县长, 县委, 县级, 县域, 县城)
_UNIT_WORD_NEXT = set("长委级域城直属情内外乡镇")


def _full_ok(text: str, start: int, end: int, d: Division, home: Division | None) -> bool:
    name = text[start:end]
    nxt = text[end] if end < len(text) else ""
    if name.endswith("市") and nxt in _CITY_WORD_NEXT:
        return False
    if len(name) == 2:
        if nxt in _UNIT_WORD_NEXT:
            return False
        prev = text[start - 1] if start else ""
        inside = home is not None and d.province_code == home.province_code
        if not inside and _is_han(prev) and prev not in "省市州":
            return False
    return True


def _suffix_follows(text: str, end: int, *, exclude: frozenset[str] | set[str] = frozenset()) -> bool:
    """A feature suffix (not of the `exclude` types) starts at `end` and is not a word's beginning (乡村, 镇村)."""
    if end >= len(text):
        return False
    for sfx in _suffix_index().by_first.get(text[end], ()):
        if sfx.place_type in exclude:
            continue
        if text.startswith(sfx.suffix, end):
            nxt = text[end + len(sfx.suffix)] if end + len(sfx.suffix) < len(text) else ""
            if not nxt or nxt not in sfx.not_before:
                return True
    # 南京东路, 中山西街: a direction between the name and a road's or a street's suffix
    if text[end] in _DIRECTIONS and end + 1 < len(text):
        for sfx in _suffix_index().by_first.get(text[end + 1], ()):
            if sfx.place_type in _ROAD_TYPES and sfx.place_type not in exclude and text.startswith(sfx.suffix, end + 1):
                return True
    return False


_ROAD_TYPES = frozenset({"road", "street"})


# a short form read across a feature's end: 伊通河南段 is 伊通河 + 南段, not 河南
_FEATURE_END_CHARS = set("河江湖山")
_DIRECTIONS = set("东南西北")
_PART_WORDS = set("岸段侧麓部片坡畔")


def _straddles_feature(text: str, start: int, end: int, consumed: list[bool]) -> bool:
    surface = text[start:end]
    if len(surface) != 2 or surface[0] not in _FEATURE_END_CHARS or surface[1] not in _DIRECTIONS:
        return False
    prev = text[start - 1] if start else ""
    nxt = text[end] if end < len(text) else ""
    return bool(prev) and _is_han(prev) and not consumed[start - 1] and nxt in _PART_WORDS


def _try_entry(text: str, start: int, end: int, kinds: set[str], home: Division | None,
               *, consumed: list[bool], scope: Division | None, words: Words, rejected: Counter,
               year: int | None = None) -> PlaceHit | str | None:
    """A hit, 'stop' when the span is consumed as a non-place, or None to try a shorter span.

    `scope` is a province or prefecture named right before the span (陕西神木): a short form
    inside it is taken even when it lies outside the home unit's reach.
    """
    surface = text[start:end]
    v = _vocab()
    if "entity" in kinds:  # 宁德时代, 青岛啤酒: a company or brand, not the place
        rejected["brand_or_organization"] += 1
        return "stop"
    if "stop" in kinds:  # stop tokens win over same-length names: 城区, 老城区 are generic areas
        prev = text[start - 1] if start else ""
        if (surface in v["stop_name_end"] and _is_han(prev) and not consumed[start - 1]
                and prev not in v["breaks"]):
            return None  # 竹山村: the token ends a name whose stem the feature pass reads
        if text.startswith(_BASIN, end - 1):
            return None  # 花溪河流域 is 花溪河 + 流域, not 花溪 + 河流
        if surface in v["stop_stem_ok"] and _suffix_follows(text, end, exclude=_NOT_SETTLEMENT):
            return None  # 江南水乡 is no place, 江南镇 and 江南街道 are
        return "stop"
    if "generic" in kinds:
        cands = gazetteer.by_name().get(surface, [])
        local = [c for c in cands if home is not None and home.level != "province" and c.adcode[:4] == home.adcode[:4]]
        if local:
            return _admin_hit(start, end, surface, local[0])
        if home is None:
            return "stop"
        province, prefecture, county = _home_chain(home)
        return PlaceHit(start, end, surface, surface, v["generic_districts"][surface], None,
                        province, prefecture, county, None, None)
    if "full" in kinds:
        d = gazetteer.resolve(list(gazetteer.by_name()[surface]), home, year=year)
        if d is not None and _full_ok(text, start, end, d, home):
            if _full_name_words_ok(text, start, end, d, home, words, year=year):
                if evidence.institution_follows(text, end, v["cuts"]):
                    rejected["institution"] += 1  # 上海市第一人民医院 is a hospital
                    return "stop"
                return _admin_hit(start, end, surface, d)
            rejected["word_boundary"] += 1
    if "short" in kinds and not _straddles_feature(text, start, end, consumed):
        # a short form that begins a feature's name (钱塘江, 平遥古城) or a town's (乐山镇 in
        # 长春, 伊金霍洛镇) is left to the feature pass; so is another province's city before
        # a street's or a village's suffix (南京街, 太原街 in 沈阳), while 平遥街头 is 平遥
        all_cands = gazetteer.by_short()[surface]
        cands = [c for c in all_cands if _within_reach(c, home) or (scope is not None and gazetteer.contains(scope, c))]
        d = gazetteer.resolve(cands, home, year=year)
        naming = _NAMING_TYPES if d is not None and (home is None or d.province_code == home.province_code) else set()
        if d is not None and not _suffix_follows(text, end, exclude=naming):
            outside = scope is None and home is not None and d.province_code != home.province_code
            if not _words_agree(text, start, end, words):
                rejected["word_boundary"] += 1  # 美丽江苏 is not 丽江, 新晋中国 not 晋中
            elif reason := _other_reading(text, start, end, kinds, d, home=home, outside=outside, scope=scope,
                                          words=words, consumed=consumed):
                rejected[reason] += 1
                if reason in ("institution", "brand_or_organization", "inside_longer_name"):
                    return "stop"  # nothing inside 西安交通大学 or 三沙湾 is a place either
            elif outside and not _named_as_place(text, start, end, words):
                rejected["outside_short_form"] += 1  # another province's short form needs more
            else:
                end = _with_unit_char(text, end, d)
                return _admin_hit(start, end, text[start:end], d)
        elif d is None and all_cands:
            rejected["ambiguous" if cands else "out_of_reach"] += 1
    if "famous" in kinds and not _suffix_follows(text, end, exclude=_NATURAL_TYPES):
        # 沱江镇, 长江村, 黄河路: a famous name before a settlement's or a road's suffix names
        # that place (长江江西段 is still 长江)
        if evidence.institution_follows(text, end, v["cuts"]):
            rejected["institution"] += 1  # 西湖大学 is a university, not the lake
            return "stop"
        ptype = v["famous"][surface]
        if ptype in _NATURAL_TYPES and _lone_char_before(text, start, consumed):
            return None  # 、沮漳河 is not 漳河: the feature pass reads the whole name
        return PlaceHit(start, end, surface, surface, ptype, None, None, None, None, None, None)
    return None


def _other_reading(text: str, start: int, end: int, kinds: set[str], d: Division, *, home: Division | None,
                   outside: bool, scope: Division | None, words: Words, consumed: list[bool]) -> str | None:
    """Why a short form that passed the word-boundary check still names something else, or None.

    An institution, company or facility (西安交通大学, 哈尔滨电气, 乐山机场), a short quoted brand
    (“金芙蓉”), a longer name of the report's own area beginning with another province's city
    (三沙湾), or an ordinary word without the evidence of a place (see ``flows/places/evidence.py``).
    """
    v = _vocab()
    if evidence.institution_follows(text, end, v["cuts"]):
        return "institution"
    surface = text[start:end]
    if _with_unit_char(text, end, d) > end:
        return None  # 大理州, 凉山州: the unit's own character
    if (d.level in ("county", "district") or evidence.ordinary(surface)) and evidence.in_brand_quote(text, start, end):
        return "brand_or_organization"  # “金芙蓉”, “龙江好物”; “上海品牌” and “投资河北” name the region
    if text.startswith(evidence.longer_name_tails(outside=outside), end):
        return "inside_longer_name"  # 三沙湾 in Fujian, 江汉平原
    if evidence.road_named_after(text, end, words) or evidence.diversion_project(text, start):
        return "inside_longer_name"  # 成都道 (a road in Tianjin), 引黄济宁 (a water-diversion project)
    if evidence.phrase_before(text, start, words):
        return "ordinary_word"  # 七十周年大庆
    strong = "strong" in kinds
    overlapped = evidence.overlapped(text, start, end)  # 惠民生: 民生
    if not strong and not overlapped and not evidence.ordinary(surface):
        return None
    lex, longest = _lexicon()
    if scope is not None or evidence.in_list_of_units(text, start, end, lex, longest):
        return None
    if strong:
        return "ordinary_word"  # 幸福安宁, 江山 alone: only a list or a scope names the unit
    if _place_word_follows(text, end):
        return None  # 富宁港, 天水经开区, 湖北段
    if overlapped:
        return "ordinary_word"
    if evidence.compound_reading(text, start, end, words):
        return "ordinary_word"  # 资源型, 宏伟蓝图, 解放军, 文山会海
    if outside or not _direct_unit(d, home) or not evidence.place_fits(text, start, end, words, consumed):
        return "ordinary_word"  # 推进全面振兴, 大兴调查研究之风; 资源 (a county) in a province's report
    return None


def _direct_unit(d: Division, home: Division | None) -> bool:
    """`d` is one of the units the home unit is made of (a province's prefectures and the
    county-level units it runs itself, a municipality's districts, a prefecture's counties), or
    a county's neighbour in its prefecture: the units a report names bare, without a list."""
    if home is None or d.province_code != home.province_code:
        return False
    if home.level == "province":
        return d.level == "prefecture" or d.prefecture_code is None
    return d.adcode[:4] == home.adcode[:4]


def _words_agree(text: str, start: int, end: int, words: Words) -> bool:
    """The name's edges agree with the sentence's words (segmented by jieba).

    A name that starts inside a word is read across it (美丽江苏 is 美丽 / 江苏, not 丽江; 出海口
    is no 海口), unless that word is an organisation's name containing it (中共上海市委). A name
    whose last characters begin the next word (新晋中国: 晋 / 中国工程院) is no name either,
    unless a place word follows it, which outweighs the segmenter (唐山港, 洮河定西段).
    """
    if words.starts_inside_word(start):
        w_start, w_end = words.word_at(start)
        return w_end >= end and segment.tag(text[w_start:w_end]) == "nt"
    if words.ends_inside_word(start, end):
        return _place_word_follows(text, end)
    return True


def _place_word_follows(text: str, end: int) -> bool:
    return any(text.startswith(w, end) for w in _vocab()["place_words"])


def _full_name_words_ok(text: str, start: int, end: int, d: Division, home: Division | None, words: Words,
                        *, year: int | None = None) -> bool:
    """A full name's edges agree with the sentence's words (中南部县城 is not 南部县, 适应城市
    not 应城市). When its unit character begins the next word (运城市委: 运城 / 市委), the name
    stands if its short form names the same unit; 西安区域 (西安 / 区域) is not 西安区."""
    if _words_agree(text, start, end, words):
        return True
    if words.starts_inside_word(start):
        return False
    return gazetteer.resolve(list(gazetteer.by_short().get(text[start:end - 1], [])), home, year=year) == d


# a list of places around a name: 天津、山东对口协作, 深圳—香港—广州
_LIST_MARKS = set("、—／/")


def _named_as_place(text: str, start: int, end: int, words: Words) -> bool:
    """Evidence beyond the characters that a short form names its unit: the segmenter reads it
    as a word of its own (与重庆共同) or as the head of a noun built on it (台湾同胞); a place word
    follows (港, 机场, 高新区); or it stands in a list beside another place."""
    if words.is_word(start, end):
        return True  # whatever jieba's tag: it tags many cities as persons (连云港 nr, 遵义 v)
    if not words.starts_inside_word(start):
        word = words.word_from(start)
        if len(word) > end - start and (segment.tag(word) or "").startswith("n"):
            return True
    if _place_word_follows(text, end):
        return True
    lex, longest = _lexicon()
    admin = {"full", "short", "famous"}
    if start >= 2 and text[start - 1] in _LIST_MARKS:
        if any(lex.get(text[start - 1 - k:start - 1], set()) & admin for k in range(2, min(longest, start - 1) + 1)):
            return True
    if end < len(text) - 2 and text[end] in _LIST_MARKS:
        if any(lex.get(text[end + 1:end + 1 + k], set()) & admin for k in range(2, longest + 1)):
            return True
    return False


# 凉山州, 长阳县, 鄂温克旗: the short form of an autonomous unit with its unit character
_UNIT_CHARS = {"自治州": "州", "自治县": "县", "自治旗": "旗"}


def _with_unit_char(text: str, end: int, d: Division) -> int:
    for suffix, ch in _UNIT_CHARS.items():
        if d.name.endswith(suffix) and text.startswith(ch, end):
            nxt = text[end + 1] if end + 1 < len(text) else ""
            return end if nxt in _UNIT_WORD_NEXT else end + 1  # 凉山州委 keeps 凉山
    return end


def _lone_char_before(text: str, start: int, consumed: list[bool]) -> bool:
    """One free Han character between a boundary and `start` (、沮漳河): it begins the name."""
    if start < 1 or consumed[start - 1] or not _is_han(text[start - 1]) or text[start - 1] in _vocab()["breaks"]:
        return False
    return start == 1 or not _is_han(text[start - 2])


# Suffixes after a short form that leave the short form naming its division: 平遥街头 and
# 运城村民 are not features. Any other suffix makes a feature of its own, whatever unit
# shares its stem (钱塘江, 平遥古城, 乐山镇 in 长春, 伊金霍洛镇, 红旗街道).
_NAMING_TYPES = {"village", "street"}
# suffixes after which a regional nickname (江南, 齐鲁) is a town's or a road's name
_NOT_SETTLEMENT = frozenset({"scenic_site", "old_town", "grassland", "desert", "park", "wetland", "reservoir",
                             "temple", "spring", "lake", "river", "mountain"})
# features that a famous name does not begin: 长江江西段 is 长江, not 长江江
_NATURAL_TYPES = {"river", "lake", "mountain", "spring"}


def _dictionary_pass(text: str, home: Division | None, consumed: list[bool], words: Words,
                     rejected: Counter, found: dict[int, list[int]], year: int | None = None) -> list[PlaceHit]:
    """Leftmost-longest over the lexicon: at each position where entries start (found in one
    automaton pass), the longest entry that `_try_entry` accepts wins and consumes its
    characters; a rejected entry falls back to the next shorter one at the same position."""
    lex, _ = _lexicon()
    hits: list[PlaceHit] = []
    i = 0
    for start in sorted(found):
        if start < i:
            continue
        i = start
        last = hits[-1] if hits else None
        scope = (gazetteer.division(last.adcode)
                 if last is not None and last.end == i and last.place_type in ("province", "prefecture") else None)
        for length in found[start]:
            if length < 2:
                continue
            got = _try_entry(text, i, i + length, lex[text[i:i + length]], home, consumed=consumed, scope=scope,
                             words=words, rejected=rejected, year=year)
            if got is None:
                continue
            if isinstance(got, PlaceHit):
                hits.append(got)
                length = got.end - i  # 凉山州: a unit character taken after the short form
            for k in range(i, i + length):
                consumed[k] = True
            i += length
            break
    return hits


def _jieba():
    return segment.jieba_and_tags()


_BAD_TAGS = {"v", "vn", "vd", "a", "ad", "an", "d", "m", "t", "r", "p", "c", "u", "q", "f", "l", "i", "b"}


def _generic_word(word: str) -> bool:
    """A dictionary word that is a verb, adjective, … or a frequent common noun (not a name)."""
    if word in gazetteer.by_short() or word in gazetteer.by_name():
        return False  # a place name (平遥 in 平遥古城) is a name whatever jieba tags it
    jb, tags = _jieba()
    tag = tags.get(word)
    if tag is None:
        return False
    if tag == "m" and (len(word) >= 3 or (word[1] == "家" and word[0] not in _NUMERALS)):
        # jieba tags some names as numeral phrases: 许家 (许家冲村), 三星堆; numeral phrases
        # before a suffix are two characters (三家, 千户, 许多)
        return False
    if tag in _BAD_TAGS or tag.startswith("v"):
        return True
    return tag != "ns" and jb.dt.FREQ.get(word, 0) >= 2000


_NUMERALS = set("一二三四五六七八九十百千万两几多余每数")
# suffixes of units that contain villages and streets, read inside a stem as its left end
_CONTAINER_UNITS = ("街道", "镇", "乡")


def _stem(text: str, start: int, consumed: list[bool]) -> tuple[str, bool]:
    """The proper-name stem ending at `start`, and whether a boundary (not a cut) precedes it."""
    v = _vocab()
    k = start
    while k > 0 and start - k < 8:
        ch = text[k - 1]
        if consumed[k - 1] or not _is_han(ch):
            break
        if ch in v["measure_breaks"]:
            if k < 2 or not _is_han(text[k - 2]) or text[k - 2] in _NUMERALS or text[k - 2] in v["breaks"]:
                break
        elif ch in v["breaks"]:
            break
        k -= 1
    window = text[k:start]
    if not window:
        return "", True
    # a cut word may begin on the break that stopped the walk (对接赛里木湖: 对 is a break)
    lead = text[k - 1:k] if k > 0 and not consumed[k - 1] else ""
    cut_at = 0
    for word in v["cuts"]:
        pos = (lead + window).rfind(word)
        if pos >= 0:
            cut_at = max(cut_at, pos + len(word) - len(lead))
    # an enclosing town's name ends the stem: 龙泉镇青龙村 is 龙泉镇 + 青龙村
    for unit in _CONTAINER_UNITS:
        pos = window.rfind(unit, 2)
        if pos >= 0:
            cut_at = max(cut_at, pos + len(unit))
    window = window[cut_at:]
    jb, _ = _jieba()
    kept: list[str] = []
    for token in reversed(jb.lcut(window, HMM=False)):
        if len(token) > 1 and _generic_word(token):
            break
        kept.append(token)
    stem = "".join(reversed(kept))
    return stem, cut_at == 0 and len(stem) == len(window)


# 花溪河流域 is 花溪河 + 流域, although 河流 after a stem is a common noun (主要河流)
_BASIN = "流域"


def _feature_candidates(text: str, home: Division | None, consumed: list[bool], words: Words,
                        rejected: Counter, suffixes: list[tuple[int, int]]) -> list[PlaceHit]:
    v = _vocab()
    index = _suffix_index()
    province, prefecture, county = _home_chain(home)
    out: list[PlaceHit] = []
    at: dict[str, list[int]] = {}
    for start, end in suffixes:
        at.setdefault(text[start:end], []).append(start)
    for name in sorted(at, key=index.rank.__getitem__):  # in the order of _vocab()["suffixes"]
        sfx = index.by_name[name]
        for pos in sorted(at[name]):
            end = pos + len(sfx.suffix)
            nxt = text[end] if end < len(text) else ""
            # 于山风景区 is not 山风 + 景区: a longer suffix ending here takes the characters
            longer = any(text.startswith(o, end - len(o)) for o in index.longer[sfx.suffix])
            blocked = bool(nxt) and nxt in sfx.not_before and not text.startswith(_BASIN, end)
            # 西陵峡口: 陵 before another one-character suffix is inside the stem of 西陵峡 (竹山村, not 竹山)
            inner = nxt in index.one_char
            if not longer and not inner and not any(consumed[pos:end]) and not blocked:
                stem, bounded = _stem(text, pos, consumed)
                if len(stem) > sfx.max_stem:
                    # 现身西陵峡口: a unit's short form ending a long stem is the name (西陵峡)
                    tail = next((stem[-k:] for k in range(sfx.max_stem, 1, -1) if stem[-k:] in gazetteer.by_short()), None)
                    stem, bounded = (tail, True) if tail else (stem, bounded)
                ok = sfx.min_stem <= len(stem) <= sfx.max_stem and stem not in v["generic_stems"]
                if ok and len(stem) == 1 and (not bounded or stem in _NUMERALS):
                    ok = False  # 一村一幼 is a slogan
                if ok and len(stem) > 1 and _generic_word(stem):
                    ok = False
                if ok and _after_title(text, pos - len(stem)):
                    ok = False
                if ok and not _feature_words_ok(text, pos - len(stem), pos, end, words):
                    ok = False
                    rejected["word_boundary"] += 1
                if ok:
                    start = pos - len(stem)
                    name, ptype = stem + sfx.suffix, sfx.place_type
                    if sfx.place_type == "scenic_site" and sfx.suffix.endswith("区"):
                        inner = _inner_feature(stem)
                        if inner is not None:
                            name, ptype = inner
                    out.append(PlaceHit(start, end, text[start:end], name, ptype, None,
                                        province, prefecture, county, None, None))
    return out


@dataclass(frozen=True)
class _SuffixIndex:
    matcher: Matcher                 # every feature suffix, found in one pass
    longer: dict[str, list[str]]     # suffix -> longer suffixes that end with it (景区 -> 风景区 …)
    one_char: frozenset[str]         # the one-character suffixes
    by_first: dict[str, list[_Suffix]]  # first character -> suffixes, in the order of _vocab()["suffixes"]
    by_name: dict[str, _Suffix]
    rank: dict[str, int]             # suffix -> its place in _vocab()["suffixes"] (longest first)


@lru_cache(maxsize=1)
def _suffix_index() -> _SuffixIndex:
    suffixes = _vocab()["suffixes"]
    names = [s.suffix for s in suffixes]
    by_first: dict[str, list[_Suffix]] = {}
    for s in suffixes:
        by_first.setdefault(s.suffix[0], []).append(s)
    return _SuffixIndex(
        Matcher(names),
        {a: [b for b in names if len(b) > len(a) and b.endswith(a)] for a in names},
        frozenset(n for n in names if len(n) == 1),
        by_first,
        {s.suffix: s for s in suffixes},
        {name: k for k, name in enumerate(names)},
    )


# after a feature's suffix, characters that name a part of it (河谷, 江畔, 山麓, 河口)
_FEATURE_PART_NEXT = _PART_WORDS | set("谷口")
# unit characters that a slogan repeats (百县千镇万村, 联县带村, 以城带乡): inside a feature's
# stem as a word of their own, or after a numeral (三区一村), they make no name
_UNIT_CHARS_IN_SLOGANS = set("县区镇乡村城")


def _feature_words_ok(text: str, start: int, pos: int, end: int, words: Words) -> bool:
    """A feature's name (stem text[start:pos] + suffix up to `end`) agrees with the sentence's
    words: it does not start inside a word, its suffix ends a word (村容村貌 holds no 村 of a
    name), it is no other word (愚公移山 is an idiom), and its stem is no slogan of unit
    characters: one standing alone before the stem's end (联县带村, 以城带乡), a stem of unit
    characters only (县镇村) or one after a numeral (三区一村)."""
    if words.starts_inside_word(start):
        return False
    if not words.boundary_at(end) and text[end] not in _FEATURE_PART_NEXT:
        return False  # 安宁河谷 (安宁 / 河谷) is still 安宁河
    if words.is_word(start, end) and _generic_word(text[start:end]):
        return False
    only_units = all(c in _UNIT_CHARS_IN_SLOGANS for c in text[start:pos])
    for k in range(start, pos):
        if text[k] not in _UNIT_CHARS_IN_SLOGANS:
            continue
        alone = words.boundary_at(k) and words.boundary_at(k + 1) and (k < pos - 1 or only_units)  # 陆城街道 is a name
        if alone or (k > start and text[k - 1] in _NUMERALS):
            return False
    return True


# heads of government and other titles: the name after one is a person's (市长　马泽江, 书记李清河)
_TITLES = ("省长", "市长", "县长", "区长", "州长", "旗长", "盟长", "主席", "书记", "主任", "同志", "局长", "镇长", "乡长")


def _after_title(text: str, start: int) -> bool:
    return text[:start].rstrip(" \u3000\t").endswith(_TITLES)


def _inner_feature(stem: str) -> tuple[str, str] | None:
    """绛州古城 in 绛州古城景区: the stem already names a feature."""
    for sfx in _vocab()["suffixes"]:
        if sfx.place_type == "scenic_site" and sfx.suffix.endswith("区"):
            continue
        if stem.endswith(sfx.suffix) and len(stem) - len(sfx.suffix) >= sfx.min_stem:
            return stem, sfx.place_type
    return None


_AREA_TAILS = ("风景名胜区", "旅游度假区", "文化旅游区", "旅游区", "风景区", "景区")


def _feature_pass(text: str, home: Division | None, consumed: list[bool], words: Words,
                  rejected: Counter, suffixes: list[tuple[int, int]]) -> list[PlaceHit]:
    cands = _feature_candidates(text, home, consumed, words, rejected, suffixes)
    cands.sort(key=lambda h: (-(h.end - h.start), h.start))
    hits: list[PlaceHit] = []
    for h in cands:
        if any(consumed[h.start:h.end]):
            continue
        end = h.end
        for tail in _AREA_TAILS:  # 绛州古城景区: surface takes the tail, the name stays
            if text.startswith(tail, end) and not any(consumed[end:end + len(tail)]):
                end += len(tail)
                break
        h = PlaceHit(h.start, end, text[h.start:end], h.name, h.place_type, None,
                     h.province, h.prefecture, h.county, None, None)
        for k in range(h.start, h.end):
            consumed[k] = True
        hits.append(h)
    return hits


def _famous_extensions(text: str, hits: list[PlaceHit], home: Division | None, consumed: list[bool]) -> list[PlaceHit]:
    """A famous name that begins a longer feature's name is that feature: 清江画廊景区 (清江 is
    a river), 西江千户苗寨 (西江 is a river). The words between may be common (画廊, 千户) but
    no name of their own (长江西陵峡 stays 长江 + 西陵峡), no verb and no break."""
    v = _vocab()
    lex, _ = _lexicon()
    province, prefecture, county = _home_chain(home)
    out: list[PlaceHit] = []
    for h in hits:
        ext = None
        if h.adcode is None and h.name in v["famous"]:
            for pos in range(h.end + 1, min(h.end + 5, len(text)) + 1):
                middle = text[h.end:pos]
                ch = text[pos - 1]
                if consumed[pos - 1] or not _is_han(ch) or ch in v["breaks"] or ch in v["measure_breaks"]:
                    break
                if any(w in middle for w in v["cuts"]):
                    break
                sfx = next((x for x in v["suffixes"] if text.startswith(x.suffix, pos)
                            and x.place_type not in _NATURAL_TYPES), None)
                if sfx is None:
                    continue
                end = pos + len(sfx.suffix)
                if any(text[a:b] in lex for a in range(h.end, pos) for b in range(a + 2, end + 1)):
                    break
                nxt = text[end] if end < len(text) else ""
                if any(consumed[pos:end]) or (nxt and nxt in sfx.not_before):
                    break
                ext = PlaceHit(h.start, end, text[h.start:end], text[h.start:end], sfx.place_type, None,
                               province, prefecture, county, None, None)
                for k in range(h.end, end):
                    consumed[k] = True
                break
        out.append(ext or h)
    return out


_LISTED_UNITS = re.compile(r"((?:[\u4e00-\u9fff]{2,5}、)+[\u4e00-\u9fff]{2,5}?)([两二三四五六七八九十])个?(街道|镇|乡|村)")
_COUNTS = {c: i for i, c in enumerate("零一二三四五六七八九十")} | {"两": 2}


def _listed_units(text: str, home: Division | None, consumed: list[bool]) -> list[PlaceHit]:
    """Towns listed before their shared, counted suffix: 径山、鸬鸟、百丈三镇 are 径山镇, 鸬鸟镇
    and 百丈镇; 集里、淮川、关口三个街道 are three subdistricts. The count must match the list."""
    out: list[PlaceHit] = []
    if "、" not in text:
        return out  # no list: the regex, which backtracks at every Han character, has nothing to find
    v = _vocab()
    lex, _ = _lexicon()
    province, prefecture, county = _home_chain(home)
    for m in _LISTED_UNITS.finditer(text):
        items = m.group(1).split("、")
        first_end = m.start(1) + len(items[0])
        items[0], _ = _stem(text, first_end, consumed)  # 推进集里 -> 集里
        if len(items) != _COUNTS[m.group(2)] or len(items[0]) < 2:
            continue
        sfx = next(x for x in v["suffixes"] if x.suffix == m.group(3))
        spans, pos = [], first_end - len(items[0])
        for item in items:
            spans.append((pos, pos + len(item)))
            pos += len(item) + 1
        if any(any(consumed[a:b]) for a, b in spans) or any(
                _listed_word(item) or "stop" in lex.get(item, set()) or any(c in v["breaks"] for c in item)
                for item in items):
            continue
        for (a, b), item in zip(spans, items):
            out.append(PlaceHit(a, b, item, item + sfx.suffix, sfx.place_type, None, province, prefecture, county, None, None))
            for k in range(a, b):
                consumed[k] = True
    return out


def _listed_word(item: str) -> bool:
    """A common word in a counted list (农业、工业、服务业三个村); numeral-like names pass (百丈)."""
    if item[0] in "一二三四五六七八九十" or item[-1] in "镇乡村街区":
        return True  # 一村、二村两个村 are numbered, not named
    return _generic_word(item) and _jieba()[1].get(item) != "m"


def places_in_text(text: str, *, home_adcode: str | None, rejected: Counter | None = None,
                   candidates: Candidates | None = None, year: int | None = None) -> list[PlaceHit]:
    """Places named in `text` (a sentence), in order of appearance; offsets index `text`.

    `rejected`, when given, counts the candidates left out, by reason (see README, "places").
    `candidates` are the sentence's lexicon and suffix matches when the caller found them for
    a whole paragraph at once (``candidates_in``).
    `year`, the report's year, picks the units in force then (``gazetteer.in_force``).
    """
    if candidates is None:
        candidates = candidates_in(text, [(0, len(text))])[0]
    home = gazetteer.division(home_adcode)
    consumed = [False] * len(text)
    rejected = Counter() if rejected is None else rejected
    words = Words(text)
    hits = _dictionary_pass(text, home, consumed, words, rejected, candidates.lexicon, year)
    hits = _famous_extensions(text, hits, home, consumed)
    hits += _listed_units(text, home, consumed)
    hits += _feature_pass(text, home, consumed, words, rejected, candidates.suffixes)
    return sorted(hits, key=lambda h: h.start)
