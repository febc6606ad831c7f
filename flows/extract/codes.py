"""Standard indicator codes: the codebook ``vocab/indicator_codes.csv`` and the rule that gives a
row its code.

A code is given for the whole subject, never for a word inside it: 地区生产总值 and 全省生产总值
are ``gdp``; 海洋生产总值 (ocean GDP) and 单位地区生产总值二氧化碳排放 (CO2 per unit of GDP) are not.
The subject is compared with the aliases after dropping scope words (全省, 全市 …) wherever
they stand, and only for the measures the codebook lists for the code (a share is never a
level's code: 制造业增加值占地区生产总值比重 is not ``gdp``).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from flows.extract.numbers import _read_csv, normalize

__all__ = ["CODEBOOK", "CodeEntry", "alias_prefix", "code_for", "codebook_rows"]


@dataclass(frozen=True)
class CodeEntry:
    code: str
    name_zh: str
    name_en: str
    unit_std: str
    measures: tuple[str, ...]
    definition: str
    aliases: tuple[str, ...]


CODEBOOK: dict[str, CodeEntry] = {
    r["code"]: CodeEntry(r["code"], r["name_zh"], r["name_en"], r["unit_std"], tuple(r["measures"].split("|")),
                         r["definition"], tuple(r["aliases"].split("|")))
    for r in _read_csv("indicator_codes.csv")
}

# Scope words that say where, not what (全省生产总值 = 生产总值), and the quoting and spacing
# reports wrap names in; removed before the comparison.
_SCOPE_RE = re.compile(r"全省|全市|全区|全县|全州|全盟|全旗|全国|本省|本市|我省|我市|地区(?=生产总值)|[\s“”\"'‘’「」()（）]")
# Words after the subject that say how it is summarised, not what it is.
_TAIL_RE = re.compile(r"(?:同口径|平均值|均值|平均|总量|规模|水平)$")


def _key(name: str) -> str:
    return _SCOPE_RE.sub("", normalize(name))


_ALIASES: dict[str, str] = {}
for _entry in CODEBOOK.values():
    for _alias in _entry.aliases:
        _ALIASES.setdefault(_key(_alias), _entry.code)


# Standard units that measure the same kind of thing: a level in 万亩 may be a code's mu, never its t.
_UNIT_FAMILY = {"CNY": "money", "USD": "money", "mu": "area", "ha": "area", "km2": "area", "m2": "area",
                "t": "mass", "kg": "mass", "%": "rate", "pp": "rate", "‰": "rate"}


def _same_kind(unit_std: str, code_unit: str) -> bool:
    return unit_std == code_unit or _UNIT_FAMILY.get(unit_std, unit_std) == _UNIT_FAMILY.get(code_unit, code_unit)


@functools.lru_cache(maxsize=16384)
def code_for(name: str, measure: str, unit_std: str | None = None) -> str | None:
    """The code of an indicator named ``name`` measured as ``measure`` (a level or change in
    ``unit_std``); None when the whole name is no alias of a code, the code is never measured that
    way, or the figure's unit measures another kind of thing than the code's."""
    if not name:
        return None
    key = _key(name)
    code = _ALIASES.get(key)
    if code is None:
        bare = _TAIL_RE.sub("", key)
        code = _ALIASES.get(bare) if bare != key else None
    if code is None or measure not in CODEBOOK[code].measures:
        return None
    if unit_std is not None and measure in ("level", "change") and not _same_kind(unit_std, CODEBOOK[code].unit_std):
        return None
    return code


_MIN_PREFIX_ALIAS = 3  # 经济 alone opens too many phrases (经济社会发展) to be taken as a subject
_MAX_PREFIX_REST = 2   # the verb after it: 地区生产总值连跨, 生产总值迈上


def alias_prefix(subject: str) -> str | None:
    """The alias a subject opens with when only a short verb follows it (全省地区生产总值连跨 ->
    地区生产总值, as written); None otherwise."""
    for k in range(len(subject) - 1, _MIN_PREFIX_ALIAS - 1, -1):
        if len(subject) - k > _MAX_PREFIX_REST:
            break
        if len(_key(subject[:k])) >= _MIN_PREFIX_ALIAS and _key(subject[:k]) in _ALIASES:
            return subject[:k]
    return None


def codebook_rows() -> list[dict]:
    """The codebook as rows of the published ``indicator_codes`` table."""
    return [{"code": e.code, "name_zh": e.name_zh, "name_en": e.name_en, "unit_std": e.unit_std,
             "measures": "|".join(e.measures), "definition": e.definition, "aliases": "|".join(e.aliases)}
            for e in CODEBOOK.values()]
