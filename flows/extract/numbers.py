"""Find numeric quantities with units in report text and parse them.

A *quantity* is a number (Arabic, full-width or Chinese numerals) followed by an optional
multiplier (万, 亿 ...) and a unit from ``vocab/units.csv`` (元, 万亩, 户次, %, 个百分点 ...).
A number without a unit is never a quantity: that single rule already keeps years (2023年),
dates (2月27日), grades (4A级), phases (二期) and most slogans (五抓一促) out.
The remaining traps (ordinals, quoted names, idioms, slogans with units) are filtered here,
using ``vocab/traps.csv`` for the word lists.

Offsets always refer to the string passed in: ``text[q.start:q.end] == q.text``.
Normalisation (full-width digits and punctuation to ASCII) is a one-to-one character
mapping, so offsets in the normalised text are offsets in the original.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import cn2an

VOCAB = Path(__file__).parent / "vocab"


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(VOCAB / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass(frozen=True)
class Unit:
    unit: str
    unit_std: str
    factor: float
    kind: str  # currency | area | mass | ... | percent | permille | pp | multiple | count (units.csv)


UNITS: dict[str, Unit] = {
    r["unit"]: Unit(r["unit"], r["unit_std"], float(r["factor"]), r["kind"]) for r in _read_csv("units.csv")
}
MULTIPLIERS: dict[str, float] = {r["prefix"]: float(r["factor"]) for r in _read_csv("multipliers.csv")}
_NO_MULTIPLIER = frozenset({"percent", "permille", "pp", "multiple", "duration"})
"""Unit kinds that take no 万/亿: 5万%, 3万倍 and 2万天 are not things."""

# One-to-one character mapping (str.translate keeps offsets): full-width digits, %, ., comma
# between digits is handled by the number pattern; the Chinese comma ， is a clause separator
# and is deliberately NOT mapped to ",".
_FULLWIDTH = {ord("０") + i: ord("0") + i for i in range(10)}
_FULLWIDTH.update({ord("．"): ord("."), ord("％"): ord("%"), ord("Ｘ"): ord("X"), ord("ｘ"): ord("x"),
                   ord("－"): ord("-"), ord("−"): ord("-"), ord("："): ord(":"), ord("，"): ord("，"),
                   ord("；"): ord(";"), ord("！"): ord("!"), ord("？"): ord("?"), ord("（"): ord("("),
                   ord("）"): ord(")"), ord("\u3000"): ord(" ")})
for _c in "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＹＺ":
    _FULLWIDTH[ord(_c)] = ord(_c) - 0xFEE0
for _c in "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｙｚ":
    _FULLWIDTH[ord(_c)] = ord(_c) - 0xFEE0


# A full-width comma between full-width digits is a thousands separator (４２，３５０元);
# anywhere else it is a clause break and stays as it is.
_FW_THOUSANDS = re.compile("[０-９]，(?=[０-９]{3}(?![０-９]))")


# the characters _FULLWIDTH changes: most sentences hold none, and one regex scan replacing the
# few there are is several times cheaper than str.translate's lookup of every character
_FW_CHARS = {chr(k): chr(v) for k, v in _FULLWIDTH.items() if k != v}
_FW_ANY = re.compile("[" + re.escape("".join(_FW_CHARS)) + "]")


def normalize(text: str) -> str:
    """Full-width digits, letters and punctuation to ASCII; same length as ``text``."""
    norm = _FW_ANY.sub(lambda m: _FW_CHARS[m.group()], text)
    commas = [m.end() - 1 for m in _FW_THOUSANDS.finditer(text)]
    if commas:
        chars = list(norm)
        for p in commas:
            chars[p] = ","
        norm = "".join(chars)
    return norm


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


CN_DIGITS = "〇零一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿"
_ARABIC = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
_CN = rf"[{CN_NUMERAL_CHARS}]+?(?:点[{CN_DIGITS}]+)?"
# After 百分之 nothing follows to stop a lazy match (百分之十二点五 is 12.5, not 10): greedy.
_CN_PCT = rf"[{CN_NUMERAL_CHARS}]+(?:点[{CN_DIGITS}]+)?"
_UNIT = _alternation(UNITS)
_MULT = _alternation(MULTIPLIERS)
_APPROX = "余|多"

# The multiplier is lazy (??) so that units that start with 千/百 (千瓦, 千米, 百分点) win over
# 千 + 瓦 and so on; the regex backtracks to 万 + 亩 when 万亩 is not a unit.
QUANTITY_RE = re.compile(
    rf"(?P<neg>-)?(?:"
    rf"百分之(?P<pct>{_ARABIC}|{_CN_PCT})"
    rf"|(?P<num>{_ARABIC})[ \t]?(?P<a1>{_APPROX})?(?P<mult>{_MULT})??(?P<a2>{_APPROX})?(?P<unit>{_UNIT})"
    rf"|(?P<cn>{_CN})(?P<a3>{_APPROX})?(?P<cunit>{_UNIT})"
    rf")"
)

# Cheap test on the raw text: could it hold a quantity at all? Most report sentences cannot,
# and they then skip normalisation and the full pattern.
MAYBE_QUANTITY_RE = re.compile(rf"[0-9０-９]|百分之|[{CN_NUMERAL_CHARS}](?:{_APPROX})?(?:{_UNIT})")

# Quoted short strings are names ("六有标准", 《十四五规划》), never data.
QUOTED_RE = re.compile(r"“[^“”]{0,24}”|‘[^‘’]{0,24}’|\"[^\"\n]{0,24}\"|《[^《》]{0,40}》|「[^「」]{0,24}」|【[^【】]{0,24}】")
TRAPS_RE = re.compile("|".join(f"(?:{r['pattern']})" for r in _read_csv("traps.csv")))
# An amount that classifies what follows is a threshold, not a fact: 10亿元以上项目, 百亿元级产业园区,
# 10万元以上的村, 超10亿元企业. Checked right after currency amounts only (cheaper than a trap pattern).
_THRESHOLD_AFTER_RE = re.compile(
    r"(?P<mark>以上|以下|及以上|级)?的?(?:重点|重大|产业|工业|制造业|内资|外资|招商|签约|新建|续建)?"
    r"(?:项目|企业|村|集群|园区|工程|景区|平台)")
# Idioms such as 一批 一张蓝图 一件事 一次性 一个中心: a bare Chinese "one" before a unit is never data.
_BARE_ONE = frozenset({"一", "壹"})
_ONLY_MULTIPLIERS = re.compile(rf"[{'百千万亿'}]+")
_ONLY_ZEROS = re.compile(r"[〇零]+")


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float        # as written (2.36 in 2.36亿公斤), sign applied for an explicit minus
    unit: str           # as written, with the multiplier (亿公斤, 万户次, %)
    value_std: float
    unit_std: str
    kind: str           # unit kind, see Unit.kind
    approx: str | None  # 余 / 多 written inside the span (200余家)
    placeholder: bool = False  # a template's blank with a unit (××元, X.X%): holds a place, is no number
    value_high: float | None = None      # a range (5%—5.5%, 4.5-5%): value is the low bound, this the high one
    value_std_high: float | None = None  # the high bound in the standard unit


@functools.lru_cache(maxsize=4096)
def parse_cn_number(s: str) -> float | None:
    """Chinese numeral to float with cn2an (only ever called on a matched numeral span)."""
    try:
        return float(cn2an.cn2an(s, "normal"))
    except Exception:  # cn2an raises ValueError and friends on odd spans such as 十十
        return None


def parse_arabic(s: str) -> float:
    return float(s.replace(",", ""))


def _split_cn_multiplier(cn: str) -> tuple[str, str]:
    """两千三百万 -> (两千三百, 万): keep 万/亿 in the unit so 2300万元 and 两千三百万元 agree."""
    i = len(cn)
    while i > 0 and cn[i - 1] in "万亿":
        i -= 1
    if 0 < i < len(cn) and cn[i:] in MULTIPLIERS and parse_cn_number(cn[:i]) is not None:
        return cn[:i], cn[i:]
    return cn, ""


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in ``text`` (any string), in order, traps removed."""
    return quantities_in(text, normalize(text))


def quantities_in(text: str, norm: str, *, placeholders: bool = False) -> list[Quantity]:
    """find_quantities for a caller that already holds ``normalize(text)``.

    With ``placeholders``, a template's blanks with a unit (××元, X.X%, ○○公里) come back too, in
    order, flagged ``placeholder``: they hold a place in a list (分别达到××元和35600元) but are
    never data.
    """
    matches = list(QUANTITY_RE.finditer(norm))
    blanks = _placeholder_quantities(text, norm) if placeholders else []
    if not matches:
        return blanks
    quoted = [m.span() for m in QUOTED_RE.finditer(norm)]
    traps = [m.span() for m in TRAPS_RE.finditer(norm)]
    out: list[Quantity] = []
    for m in matches:
        q = _quantity(norm, text, m)
        if q is None or _inside(quoted, q.start, q.end) or _overlaps(traps, q.start, q.end) or _is_threshold(norm, q):
            continue
        low = _range_low(norm, text, q)
        if low is not None and not (out and out[-1].end > low.start):
            out.append(low)
        out.append(q)
    if blanks:
        out = sorted([q for q in out if not _overlaps([(b.start, b.end) for b in blanks], q.start, q.end)] + blanks,
                     key=lambda q: q.start)
    return _join_ranges(norm, text, out)


# Between the two bounds of a range: 5%—5.5%, 4.5-5%, 5％-5.5％, 5%～6%, 5000至6000人, 5%到6%.
_RANGE_SEP_RE = re.compile(r"[ \t]?(?:-|—{1,2}|–|~|～|〜|至|到)[ \t]?")
# 从5%提高到6%, 由5%到6%: a start and an end point, not a range
_FROM_BEFORE_RE = re.compile(r"(?:从|由)[^，,;。]{0,12}$")


def _join_ranges(norm: str, text: str, found: list[Quantity]) -> list[Quantity]:
    """A range is one quantity: its two bounds (the lower one with or without the unit) become one
    span from the low bound to the high bound, ``value`` the low and ``value_high`` the high one."""
    out: list[Quantity] = []
    for q in found:
        low = out[-1] if out else None
        if (low is not None and not low.placeholder and not q.placeholder and low.value_high is None
                and low.unit_std == q.unit_std and low.kind == q.kind and low.unit == q.unit
                and 0 <= low.value < q.value and low.approx is None
                and _RANGE_SEP_RE.fullmatch(norm, low.end, q.start)
                and not (norm[low.end:q.start].strip() in ("至", "到")
                         and _FROM_BEFORE_RE.search(norm, max(0, low.start - 12), low.start))):
            out[-1] = Quantity(low.start, q.end, text[low.start:q.end], low.value, q.unit, low.value_std,
                               q.unit_std, q.kind, q.approx, value_high=q.value, value_std_high=q.value_std)
            continue
        out.append(q)
    return out


def _is_threshold(norm: str, q: Quantity) -> bool:
    """10亿元以上项目 / 超10亿元企业: a currency amount that classifies the noun right after it."""
    if q.kind != "currency":
        return False
    m = _THRESHOLD_AFTER_RE.match(norm, q.end)
    return bool(m) and (m.group("mark") is not None or norm[max(0, q.start - 2):q.start].endswith(("超", "超过")))


# The lower bound of a range written with one unit: 5-6%, 6.5—7%, 5000至6000人.
_RANGE_LOW_RE = re.compile(r"(?<![0-9A-Za-z.,_/第])([0-9]+(?:\.[0-9]+)?)(万|亿)?[ \t]?(?:-|—|–|~|～|〜|至|到)[ \t]?$")


def _range_low(norm: str, text: str, q: Quantity) -> Quantity | None:
    """The bare number before ``q`` that is the lower end of a range, with q's unit; else None."""
    if q.value <= 0:
        return None
    m = _RANGE_LOW_RE.search(norm, max(0, q.start - 24), q.start)
    if not m:
        return None
    value = parse_arabic(m.group(1))
    if value >= q.value:
        return None  # 2023-6亿元 is not a range
    if m.group(2) and not q.unit.startswith(m.group(2)):
        return None  # 5万至6亿元: bounds in different multipliers are no range of one unit
    start, end = m.span(2) if m.group(2) else m.span(1)
    start = m.start(1)
    factor = q.value_std / q.value
    return Quantity(start, end, text[start:end], value, q.unit, _round(value * factor), q.unit_std, q.kind, None)


_ORDINAL_RANGE_RE = re.compile(r"第[0-9]+$")


def _quantity(norm: str, text: str, m: re.Match) -> Quantity | None:
    start, end = m.span()
    prev = norm[start - 1] if start else ""
    neg = -1.0 if m.group("neg") else 1.0
    if neg < 0 and prev and (prev.isascii() and prev.isalnum() or prev in "%)"):
        start, neg, prev = start + 1, 1.0, "-"  # 5-6%: a range, not minus six
    # PM2.5, PM10, G108, X.5 (placeholder), 5.5.3 (item numbers): not quantities.
    if prev and prev.isascii() and (prev.isalnum() or prev in "._/"):
        return None
    # Ordinals and ranks: 第四次, 第3位, 前10名, 第3-5名.
    if prev == "第" or (prev in "-—至到" and _ORDINAL_RANGE_RE.search(norm, max(0, start - 12), start - 1)) or (prev == "前" and (m.group("unit") or m.group("cunit") or "") in ("名", "位")):
        return None
    approx = m.group("a1") or m.group("a2") or m.group("a3")
    if m.group("pct") is not None:
        p = m.group("pct")
        value = parse_arabic(p) if p[0].isdigit() else parse_cn_number(p)
        if value is None:
            return None
        unit = UNITS["%"]
        return Quantity(start, end, text[start:end], neg * value, "%", neg * value, unit.unit_std, unit.kind, None)
    if m.group("num") is not None:
        value = parse_arabic(m.group("num"))
        mult = m.group("mult") or ""
        unit = UNITS[m.group("unit")]
    else:
        cn = m.group("cn")
        if cn in _BARE_ONE or _ONLY_MULTIPLIERS.fullmatch(cn):
            return None  # 一批, 千家万户, 百人: idioms
        prev_is_han_numeral = prev and prev in CN_NUMERAL_CHARS
        if prev_is_han_numeral:
            return None  # the lazy match started inside a longer numeral
        cn, mult = _split_cn_multiplier(cn)
        if _ONLY_ZEROS.fullmatch(cn):
            return None  # 〇〇亿元: a blank typed with the numeral zero, not the number 0
        value = parse_cn_number(cn)
        if value is None:
            return None
        unit = UNITS[m.group("cunit")]
    if mult and unit.kind in _NO_MULTIPLIER:
        return None
    factor = MULTIPLIERS.get(mult, 1.0) * unit.factor
    value = neg * value
    return Quantity(start, end, text[start:end], value, mult + unit.unit, _round(value * factor),
                    unit.unit_std, unit.kind, approx)


def _round(x: float) -> float:
    # 2.36 * 1e8 * 0.001 gives 236000.00000000003; 9 significant digits after scaling is plenty
    return float(f"{x:.12g}")


_PLACEHOLDER_RE = re.compile(
    rf"(?<![A-Za-z])(?P<core>[0-9]*[Xx×]+[0-9]*(?:\.[0-9Xx×]+)?)"
    rf"(?P<tail>(?:{_MULT})?(?:{_UNIT}|年|月|日))?(?![A-Za-z])"
)
# A blank with a unit: ××亿元, X.X%, ○○公里, 〇〇亿元 (zeros that are not part of a numeral).
_BLANK_QUANTITY_RE = re.compile(
    rf"(?<![A-Za-z{CN_NUMERAL_CHARS}])(?:[0-9]*[Xx×○]+[0-9]*(?:\.[0-9Xx×○]+)?|〇{{2,}})"
    rf"(?P<mult>{_MULT})??(?P<unit>{_UNIT})"
)


def _placeholder_quantities(text: str, norm: str) -> list[Quantity]:
    out = []
    for m in _BLANK_QUANTITY_RE.finditer(norm):
        unit = UNITS[m.group("unit")]
        mult = m.group("mult") or ""
        out.append(Quantity(m.start(), m.end(), text[m.start():m.end()], float("nan"), mult + unit.unit,
                            float("nan"), unit.unit_std, unit.kind, None, placeholder=True))
    return out


_UNIT_ONLY_RE = re.compile(rf"(?P<mult>{_MULT})??(?P<unit>{_UNIT})")


def unit_of(label: str) -> tuple[str, Unit] | None:
    """(multiplier, unit) of a unit written on its own, as a table's unit cell or a header's
    parenthesis gives it (万吨, 亿千瓦时, %); None when ``label`` is no known unit."""
    m = _UNIT_ONLY_RE.fullmatch(normalize(label.strip()))
    if m is None:
        return None
    unit = UNITS[m.group("unit")]
    mult = m.group("mult") or ""
    if mult and unit.kind in _NO_MULTIPLIER:
        return None
    return mult, unit


def bare_quantity(text: str, start: int, end: int, mult: str, unit: Unit) -> Quantity:
    """The number text[start:end] (digits only, sign allowed) measured in ``mult`` + ``unit``
    given elsewhere: the unit column or the column header of a table row."""
    value = parse_arabic(normalize(text[start:end]))
    factor = MULTIPLIERS.get(mult, 1.0) * unit.factor
    return Quantity(start, end, text[start:end], value, mult + unit.unit, _round(value * factor),
                    unit.unit_std, unit.kind, None)


def template_placeholders(text: str) -> list[str]:
    """Placeholders of a template (XX亿元, xx%, 20XX年, XXX) in ``text``, as written; [] if none.

    A lone X counts only with a unit after it (X% yes, X光 no).
    """
    if not isinstance(text, str):
        return []
    norm = normalize(text)
    out = []
    for m in _PLACEHOLDER_RE.finditer(norm):
        core = m.group("core")
        n_x = sum(ch in "Xx×" for ch in core)
        if n_x >= 2 or m.group("tail"):
            out.append(text[m.start():m.end()])
    return out
