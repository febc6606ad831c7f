"""Report metadata: whose report it is, for which year, by whom, at which meeting, on which day.

Works on the whole text of one report (full report, header-style speech, news summary or
template). Everything is looked up by pattern; anything not stated, or written as a
placeholder (XX, ××, 某某), is None.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from flows.parse.parts import heading_part
from flows.parse.structure import fold_width, is_heading
from flows.places import gazetteer

_PLACEHOLDER = re.compile(r"[XxＸｘ×＊*]{1,3}|某某|姓名")
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}

TITLES = ("国务院总理", "总理", "省长", "市长", "县长", "区长", "州长", "旗长", "盟长", "主席")
_TITLE_RE = "(?:代理)?代?(?:" + "|".join(TITLES) + ")"
_UNIT = r"[\u4e00-\u9fffXx×]"
_NUM = r"[一二三四五六七八九十百零〇\dXx×]+"
_MEETING = re.compile(rf"({_UNIT}{{1,20}}?)(?:第?{_NUM}届人民代表大会第{_NUM}次(?:全体)?会议|第?{_NUM}届人大{_NUM}次会议)")
_NAME_END = r"(?=代表|各位|作|向|在|同志|说|指出|表示|强调|宣读|[，,。：:；;、（(\s]|$)"
# a person's name: two to four characters, or a transliterated name with a middle dot (艾尔肯·吐尼亚孜)
_PERSON = r"[\u4e00-\u9fff]{1,6}[·•・．.][\u4e00-\u9fff]{1,8}|[\u4e00-\u9fff]{2,4}?"
_NOT_NAME = ("代表", "政府", "人民", "工作", "报告", "大会", "会议", "同志", "向大会")
# a word before a title that names the unit, not the person: 自治区主席, 县人民政府县长
_UNIT_WORDS = ("自治区", "自治州", "自治县", "省", "市", "县", "区", "州", "旗", "盟")
# a body before a title, not a person: 国务院总理, 市政府市长
_ORGAN_ENDS = ("院", "府", "部", "委", "厅", "局")


def _cn_number(s: str) -> int | None:
    """二〇二四 -> 2024, 十五 -> 15, 二十七 -> 27; digits pass through."""
    s = fold_width(s)
    if s.isdigit():
        return int(s)
    if not s or any(c not in _CN_DIGITS and c != "十" for c in s):
        return None
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return int("".join(str(_CN_DIGITS[c]) for c in s))


def _normalise(text: str) -> str:
    """Full-width digits to ASCII and Chinese-numeral dates to digits (二〇二四年一月十五日)."""
    text = fold_width(text)

    def date(m: re.Match) -> str:
        y, mo, d = (_cn_number(g) if g else None for g in m.groups())
        out = f"{y}年" if y else ""
        return out + (f"{mo}月" if mo else "") + (f"{d}日" if d else "")

    cn = "[〇零○一二三四五六七八九]"
    text = re.sub(rf"({cn}{{4}})年([一二三四五六七八九十]{{1,2}})月(?:([一二三四五六七八九十]{{1,3}})日)?", date, text)
    # years alone (二〇二四年工作安排), and spaced dates from PDF text (2024 年 1 月 16 日)
    text = re.sub(rf"({cn}{{4}})年", lambda m: f"{_cn_number(m.group(1))}年", text)
    text = re.sub(r"(\d)[ \u3000]+(?=[年月日])|(?<=[年月])[ \u3000]+(?=\d)", lambda m: m.group(1) or "", text)
    # a two-character name spaced out to align with three-character ones: 市长　王　成
    return re.sub(rf"(?m)({_TITLE_RE})[ \u3000]+([\u4e00-\u9fff])[ \u3000]+([\u4e00-\u9fff])[ \u3000]*$", r"\1 \2\3", text)


_SHORT_UNIT = {"州": ("prefecture",), "盟": ("prefecture",), "市": ("prefecture", "county"),
               "县": ("county",), "旗": ("county",), "区": ("district",), "省": ("province",)}


def _region_of(prefix: str) -> str | None:
    """The administrative name ending `prefix` (在新绛县 -> 新绛县), or a placeholder XX县."""
    for k in range(min(len(prefix), 20), 1, -1):
        tail = prefix[-k:]
        if tail in gazetteer.by_name():
            return tail
    # short form + unit character, as news write it: 恩施州, 运城市 is already full
    for k in range(min(len(prefix), 10), 2, -1):
        tail = prefix[-k:]
        level = _SHORT_UNIT.get(tail[-1])
        cands = [d for d in gazetteer.by_short().get(tail[:-1], []) if d.level in level] if level else []
        if len(cands) == 1:
            return tail
    m = re.search(r"(?:[XxＸｘ×]{1,3}|某某)(?:省|自治区|市|自治州|州|盟|县|自治县|旗|区)$", prefix)
    return m.group(0) if m else None


def _region_at_start(title: str) -> str | None:
    """The unit a title begins with, in news about its parts: 黔东南州各县市政府工作报告 -> 黔东南州."""
    for k in range(min(len(title), 20), 2, -1):
        if _region_of(title[:k]) == title[:k]:
            return title[:k]
    return None


def _resolve(name: str | None, text: str) -> gazetteer.Division | None:
    if not name or _PLACEHOLDER.search(name):
        return None
    cands = list(gazetteer.by_name().get(name, []))
    if not cands and name[-1] in _SHORT_UNIT:
        cands = [d for d in gazetteer.by_short().get(name[:-1], []) if d.level in _SHORT_UNIT[name[-1]]]
    if len(cands) <= 1:
        return cands[0] if cands else None
    provinces = [d for d in cands if d.level == "province"]
    if len(provinces) == 1:
        return provinces[0]  # 上海市 is a municipality (province-level), not its own prefecture row
    # several units share the name (新城区, 朝阳区): take the one whose province or
    # prefecture the text mentions most
    def score(d: gazetteer.Division) -> int:
        names = {d.province, d.prefecture} - {None, d.name}
        shorts = {gazetteer.short_form(n) for n in names} - {None}
        return sum(text.count(n) for n in names | shorts)
    ranked = sorted(cands, key=score, reverse=True)
    return ranked[0] if score(ranked[0]) > score(ranked[1]) else None


_SHORT_FORM_MIN_MENTIONS = 2


def _named_in_short_form(text: str, unit: str) -> str | None:
    """The unit of level ``unit`` (县, 市 …) whose short form the text uses most, at least twice
    and more than any other (桦川 → 桦川县); None when no such unit stands out."""
    counts = Counter()
    for short, divisions in gazetteer.by_short().items():
        if len(short) >= 2 and short in text:
            for d in divisions:
                if d.level in _SHORT_UNIT[unit] and d.name.endswith(unit):
                    counts[d.name] = max(counts[d.name], text.count(short))
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < _SHORT_FORM_MIN_MENTIONS or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _parent_before(prefix: str, region: str) -> str:
    """The containing unit written right before a region (宁波市 in 宁波市鄞州区第十九届…), or ''."""
    inner = [d for d in gazetteer.by_name().get(region, [])]
    for k in range(min(len(prefix), 12), 1, -1):
        tail = prefix[-k:]
        outer = gazetteer.by_name().get(tail, [])
        if any(o.level in ("province", "prefecture") and gazetteer.contains(o, d) and o.adcode != d.adcode
               for o in outer for d in inner):
            return tail + _parent_before(prefix[:-k], tail)
    return ""


def _meeting(text: str) -> tuple[str | None, str | None]:
    """The people's congress session of the report and its region name as written."""
    for m in _MEETING.finditer(text):
        region = _region_of(m.group(1))
        if region is None and m.group(1)[-1] in _SHORT_UNIT:
            # 县第十八届人民代表大会…: a draft that names its county only in short form (桦川)
            region = _named_in_short_form(text, m.group(1)[-1])
            if region:
                return (None if _PLACEHOLDER.search(m.group(0)) else m.group(0)[len(m.group(1)) - 1:]), region
        if region is None:
            continue
        start = m.start(1) + len(m.group(1)) - len(region)
        start -= len(_parent_before(text[:start], region))
        meeting = text[start:m.end()]
        return (None if _PLACEHOLDER.search(meeting) else meeting), region
    return None, None


_NAME_INITIALS = Path(__file__).with_name("vocab") / "name_initials.txt"


@lru_cache(maxsize=1)
def _name_initials() -> frozenset[str]:
    """The characters jieba's part-of-speech model lets open a person's name (vocab/name_initials.txt)."""
    lines = _NAME_INITIALS.read_text(encoding="utf-8").splitlines()
    return frozenset("".join(line.strip() for line in lines if not line.startswith("#")))


def _could_be_name(name: str) -> bool:
    """A person's name opens on a surname. jieba's part-of-speech model knows which characters
    begin a person's name (its state table, learnt from a tagged corpus): 者食堂 (社区长者食堂)
    and 负责制 (县长负责制) do not. A transliterated name (艾尔肯·吐尼亚孜) has no surname."""
    if re.search(r"[·•・．.]", name):
        return True
    return name[0] in _name_initials()


def _title_starts_a_word(text: str, start: int) -> bool:
    """The title at ``start`` is a word of its own, not the end of another (社区长者: 社区|长者)."""
    if start == 0 or not "\u4e00" <= text[start - 1] <= "\u9fff":
        return True
    window = text[max(0, start - 4):start + 4]
    cut, position = start - max(0, start - 4), 0
    for word in _words(window):
        if position == cut:
            return True
        if position > cut:
            return False
        position += len(word)
    return False


def _words(text: str) -> list[str]:
    from flows.parse.cleaning import _segmenter

    return _segmenter().lcut(text, HMM=False)


def _speaker(text: str) -> tuple[str | None, str | None, str | None]:
    """(name, title, region written before the title) of the person delivering the report.

    A person's name only: in the header (title block, delivery line), or in the body next to
    the report being delivered (省长张三代表省人民政府作政府工作报告); never words that follow a
    title inside a sentence (县长负责制, 社区长者食堂)."""
    header_end = len(_header(text))
    found: list[tuple[int, str | None, str, str | None]] = []

    def delivering(start: int) -> bool:
        return start < header_end or "报告" in text[start:start + 60]
    for m in re.finditer(rf"(?<!副)({_TITLE_RE})[ \u3000\u00a0]*({_PERSON}){_NAME_END}", text):
        title, name = m.group(1), m.group(2)
        if any(w in name for w in _NOT_NAME) or name[:2] in ("代表",) or name[0] in "向在作对":
            continue
        if not ((_could_be_name(name) or _PLACEHOLDER.search(name)) and delivering(m.start())
                and _title_starts_a_word(text, m.start())):
            continue
        found.append((m.start(), name, title, _region_of(text[max(0, m.start() - 20):m.start()])))
    for m in re.finditer(rf"(?:^|[，,。：:；;\s])([\u4e00-\u9fff]{{2,3}})({_TITLE_RE})(?=代表|作|向|在|[，,。\s])", text):
        name, title = m.group(1), m.group(2)
        if (name in gazetteer.by_name() or gazetteer.by_short().get(name) or any(w in name for w in _NOT_NAME)
                or name.endswith(_UNIT_WORDS) or name.endswith(_ORGAN_ENDS)):
            continue
        if not (_could_be_name(name) and delivering(m.start())):
            continue
        found.append((m.start(), name, title, None))
    # placeholder-only speakers (市长 XXX) still give the title
    for m in re.finditer(rf"(?<!副)({_TITLE_RE})[ \u3000]*(?:[XxＸｘ×]{{2,3}}|[\u4e00-\u9fff]某某)", text):
        found.append((m.start(), None, m.group(1), _region_of(text[max(0, m.start() - 20):m.start()])))
    if not found:
        return None, None, None
    # prefer the mention next to the report being delivered
    def near_report(item) -> tuple[int, int]:
        window = text[item[0]:item[0] + 60]
        return (0 if "报告" in window or "作" in window[:12] else 1, item[0])
    pos, name, title, region = min(found, key=near_report)
    if name and _PLACEHOLDER.search(name):
        name = None
    return name, title, region


# The delivery line: ——2024年1月10日在…人民代表大会第…次会议上, bare or in brackets, read in the
# header with its line breaks removed (web copies break it: …在广东省第十四届\n人民代表大会…).
_DELIVERY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日[ \t\u3000]*在[^。]{0,60}?(?:人民代表大会|人大)")
_HEADER_MAX = 2500


def _header(text: str) -> str:
    """The report's header: its text up to the greeting (各位代表), at most the first 2,500
    characters. The title, delivery line and speaker sit there; the body's dates do not."""
    greeting = text.find("各位代表", 0, _HEADER_MAX)
    return text[:greeting if greeting >= 0 else _HEADER_MAX]


def _joined(text: str) -> str:
    """The header with its spaces and line breaks removed: a meeting or title line broken in two
    by a web page (…在广东省第十四届\n人民代表大会…) or spaced (第十四届 人民代表大会) reads as one."""
    return re.sub(r"[\s\u3000\u00a0]+", "", text)


_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?!\s*[至到—\-~－])")


def _delivered_on(text: str, year: int | None) -> dt.date | None:
    # the header line: ——2024年1月10日在…会议上, also bare or in brackets: （2024年1月10日在…）
    head = _DELIVERY.search(_joined(_header(text)))
    if head:
        return _date(int(head.group(1)), int(head.group(2)), int(head.group(3)))
    best: tuple[int, dt.date] | None = None
    for sentence in re.split(r"[。！\n]", text):
        has_report = "政府工作报告" in sentence or "作报告" in sentence or "报告工作" in sentence
        opens = "开幕" in sentence or "开幕会" in sentence
        if not (has_report or opens):
            continue
        for m in _DATE.finditer(sentence):
            if m.start() and sentence[m.start() - 1] in "至到—-~":
                continue
            y = int(m.group(1)) if m.group(1) else year
            if y is None:
                continue
            if not m.group(1) and int(m.group(2)) >= 10:
                y -= 1  # 12月28日 in a report for next year: the session sits in the year before
            date = _date(y, int(m.group(2)), int(m.group(3)))
            rank = 0 if (has_report and opens) else (1 if has_report else 2)
            if date and (best is None or rank < best[0]):
                best = (rank, date)
            break
    return best[1] if best else None


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


_PLAN = [
    r"展望(\d{4})", r"(\d{4})年(?:的)?(?:政府)?工作(?:安排|任务|部署|思路)", r"(\d{4})年(?:的)?(?:主要)?(?:预期)?(?:目标任务|预期目标|主要目标|发展目标|重点工作|工作重点|总体要求)",
    r"(\d{4})年[，,]?\s*(?:我们|全县|全市|全区|全省|我县|我市|我区|我省)?[\u4e00-\u9fff]{0,8}?(?:将|要)",
    r"(\d{4})年(?:是|为)[^。]{0,40}?(?:之年|关键年|攻坚年)",
    r"(\d{4})年[^。；;\n]{0,24}?(?:预期目标|主要目标|工作目标|发展目标|目标任务)",
]
# a statistical bulletin covers one year and plans for none: report and review year are that year
_BULLETIN = re.compile(r"(\d{4})年[^。\n]{0,16}?统计公报")
# the title line of a report or bulletin: 临汾市尧都区政府工作报告, 太谷区2023年国民经济和社会发展统计公报
_TITLE_LINE = re.compile(r"([\u4e00-\u9fffXx×]{2,20}?)(?:人民)?政府工作报告|([\u4e00-\u9fffXx×]{2,20}?)(?:\d{4}年)?国民经济和社会发展统计公报")
_REVIEW = [
    r"(\d{4})年国民经济和社会发展统计公报", r"(\d{4})年(?:全年)?(?:主要)?统计数据",
    r"回眸(\d{4})", r"回顾(\d{4})", r"(\d{4})年(?:政府)?工作回顾", r"过去的(\d{4})年", r"(\d{4})年初承诺",
    r"(\d{4})年[，,]\s*(?:是|面对)[^。]{0,60}?[。，]", r"(\d{4})年[，,]\s*[\u4e00-\u9fff]{0,8}?(?:坚持|取得|完成|实现了|克服)",
]


def _years(text: str) -> tuple[int | None, int | None]:
    plan, review = Counter(), Counter()
    for pat in _PLAN:
        for m in re.finditer(pat, text):
            plan[int(m.group(1))] += 1
    for pat in _REVIEW:
        for m in re.finditer(pat, text):
            review[int(m.group(1))] += 1
    # a plan year is backed by its review year (2035 by nothing: a long-range goal, not the plan year)
    report_year = max(plan, key=lambda y: (plan[y] + review[y - 1], review[y - 1] > 0, -y)) if plan else None
    review_year = None
    for year, _ in review.most_common():
        if year != report_year:
            review_year = year
            break
    return report_year, review_year


_YEAR_WORD = r"((?:19|20)\d{2})年"
# A headline naming the report's year: 一图读懂2024年南平市政府工作报告 (the report plans for that year).
_TITLE_YEAR_RE = re.compile(_YEAR_WORD + r"[^\n。，,]{0,20}?政府工作报告")
# A year opening a plan statement: 2024年全市计划实施…, 2024年，全县将…, 2024年力争…
_PLAN_YEAR_RE = re.compile(_YEAR_WORD + r"[，,]?\s*(?:全[市县区省州旗盟]|我[市县区省])?(?:计划|将|要|力争|预期|预计|确保)")
# A year opening a review statement: 2023年全市实现…, 2023年，城乡居民…分别为…
_REVIEW_YEAR_RE = re.compile(_YEAR_WORD + r"[，,]?\s*(?:全[市县区省州旗盟]|我[市县区省])?(?:实现|完成|达到|取得)")
_ANY_YEAR_RE = re.compile(_YEAR_WORD + r"(?![0-9]{1,2}月|代)")


def years_from_wording(text: str) -> tuple[int | None, int | None]:
    """(report_year, review_year) of a text whose header does not say, e.g. a news summary.

    A headline year before 政府工作报告 is the plan year; so is a year opening a plan statement
    (2024年全市计划…); a year opening a review statement (2023年全市实现…) is the review year.
    Failing those, two consecutive years mentioned most often are the review and the plan year.
    """
    lines = [line for line in text.splitlines() if line.strip()][:3]
    title = _TITLE_YEAR_RE.search("\n".join(lines))
    if title:
        return int(title.group(1)), None
    plan = [int(m.group(1)) for m in _PLAN_YEAR_RE.finditer(text)]
    review = [int(m.group(1)) for m in _REVIEW_YEAR_RE.finditer(text)]
    if plan:
        return max(plan, key=plan.count), None
    if review:
        return None, max(review, key=review.count)
    counts: dict[int, int] = {}
    for m in _ANY_YEAR_RE.finditer(text):
        counts[int(m.group(1))] = counts.get(int(m.group(1)), 0) + 1
    pairs = [(counts[y] + counts[y + 1], y) for y in counts if y + 1 in counts]
    if not pairs:
        return None, None
    _, review_year = max(pairs)
    return review_year + 1, review_year


_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})年[^\n。，,；;]{0,20}?(?:人民)?政府工作报告")
_HEADING_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_TITLE_LINE_MAX = 40


def _title_year(header: str) -> int | None:
    """The year in the report's title line (2026年上海市政府工作报告, 陕西省2026年政府工作报告)."""
    for line in header.splitlines():
        m = _TITLE_YEAR.search(line) if len(line.strip()) <= _TITLE_LINE_MAX else None
        if m:
            return int(m.group(1))
    return None


def _part_heading_years(text: str) -> tuple[int | None, int | None]:
    """(plan year, review year) named by the report's part headings: 一、2025年工作回顾 and
    三、2026年重点工作 (the first of each kind that names a year)."""
    found: dict[str, int] = {}
    for line in text.splitlines():
        line = line.strip()
        if not is_heading(line):
            continue
        kind, _ = heading_part(line, report_year=None, after_plan=False)
        years = [int(y) for y in _HEADING_YEAR.findall(line)]
        if kind in ("plan", "review") and years and kind not in found:
            found[kind] = min(years) if kind == "plan" else max(years)
    return found.get("plan"), found.get("review")


def _report_years(norm: str, delivered_on: dt.date | None, flags: list[str]) -> tuple[int | None, int | None]:
    """(report_year, review_year), from the strongest evidence first: the delivery date
    (a session from October on plans for the next year), the title line, the part headings
    (一、2025年工作回顾 → 2026), and only then the wording. Long-range years (到2035年) are
    never evidence of their own: in the wording a plan year must be backed by its review year.
    Disagreements between the strong sources go to ``flags``."""
    header = _header(norm)
    bulletin = _BULLETIN.search(norm[:300])
    if bulletin:
        year = int(bulletin.group(1))
        return year, year
    evidence: list[tuple[str, int]] = []
    if delivered_on is not None:
        evidence.append((f"delivered on {delivered_on.isoformat()}", delivered_on.year + (1 if delivered_on.month >= 10 else 0)))
    title = _title_year(header)
    if title is not None:
        evidence.append(("title year", title))
    plan_heading, review_heading = _part_heading_years(norm)
    if review_heading is not None:
        evidence.append((f"review heading {review_heading}", review_heading + 1))
    if plan_heading is not None:
        evidence.append((f"plan heading {plan_heading}", plan_heading))
    if evidence:
        (source, report_year), *others = evidence
        for other, year in others:
            if year != report_year:
                flags.append(f"report year {report_year} from the {source}, but the {other} gives {year}")
        return report_year, report_year - 1
    report_year, review_year = _years(norm)
    if report_year is None and review_year is None:
        report_year, review_year = years_from_wording(norm)
    if report_year is None and review_year is not None:
        report_year = review_year + 1
    if report_year is not None and review_year != report_year - 1:
        review_year = report_year - 1
    return report_year, review_year


# The State Council's report to the National People's Congress: 我代表国务院，向大会报告政府工作;
# 国务院总理 李克强; ——2016年3月5日在第十二届全国人民代表大会第四次会议上. Its region is the
# country (全国, adcode 100000); the meeting has no region before its 第…届.
NATIONAL = {"region_name": "全国", "region_level": "national", "adcode": "100000", "province": None, "prefecture": None}
_NATIONAL_CUE = re.compile(r"代表国务院[，,]?\s*向大会|国务院总理")
_NATIONAL_MEETING = re.compile(rf"第{_NUM}届全国人民代表大会第{_NUM}次会议")


def _national(norm: str) -> tuple[bool, str | None]:
    """(whether the report is the State Council's, its meeting as written)."""
    head = _header(norm)
    if not (_NATIONAL_CUE.search(head) or _NATIONAL_CUE.search(norm[:6000])):
        return False, None
    m = _NATIONAL_MEETING.search(_joined(head)) or _NATIONAL_MEETING.search(norm[:6000])
    return True, (m.group(0) if m else None)


def report_metadata(text: str, flags: list[str] | None = None) -> dict:
    """Region, years, speaker, meeting and date of one report; None where not stated.

    ``flags``, when given, receives one line per disagreement between the report's facts
    (a title year that is not the delivery year, a review heading for another year …).
    """
    norm = _normalise(text)
    meeting, region = _meeting(_joined(_header(norm)))
    if meeting is None and region is None:
        meeting, region = _meeting(norm)
    name, title, title_region = _speaker(norm)
    if region is None:
        m = (re.search(rf"({_UNIT}{{2,20}}?)人民政府(?:工作报告|向大会)", norm)
             or re.search(r"代表([\u4e00-\u9fff]{2,20}?)人民政府", norm)
             or _TITLE_LINE.search(norm[:300]))
        heading = next(g for g in m.groups() if g) if m else ""
        region = (_region_of(heading) or _region_at_start(heading)) if m else None
    region = region or title_region
    division = _resolve(region, norm)
    if region and _PLACEHOLDER.search(region):
        region = None
    national, national_meeting = _national(norm) if meeting is None else (False, None)
    delivered_on = _delivered_on(norm, None)
    report_year, review_year = _report_years(norm, delivered_on, flags if flags is not None else [])
    if delivered_on is None:
        delivered_on = _delivered_on(norm, report_year)  # a date without its year (1月15日上午，…开幕)
    level = division.level if division else None
    if division is None and region:
        level = {"省": "province", "区": "district", "县": "county", "旗": "county", "州": "prefecture", "盟": "prefecture"}.get(region[-1])
    if national:
        return {**NATIONAL, "report_year": report_year, "review_year": review_year,
                "delivered_by": name, "delivered_by_title": title, "meeting": meeting or national_meeting,
                "delivered_on": delivered_on}
    return {
        "region_name": region,
        "region_level": level,
        "adcode": division.adcode if division else None,
        "province": division.province if division else None,
        "prefecture": division.prefecture if division else None,
        "report_year": report_year,
        "review_year": review_year,
        "delivered_by": name,
        "delivered_by_title": title,
        "meeting": meeting,
        "delivered_on": delivered_on,
    }
