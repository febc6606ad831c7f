"""Page furniture around a report: lines that are never read for rows.

People save reports from government and newspaper sites, so their copies carry the page
around the report: 下载 / 打印 / 全屏 / 收藏, 【字号：大 中 小】, 分享到, 来源 and 时间 lines,
breadcrumbs (首页 > 政务公开 > …), 责任编辑, photo captions, 相关报道 lists and copyright
footers. Each kind is a regular expression in ``vocab/boilerplate.tsv``, matched against a
whole short line, plus three rules that need a line's neighbours (hand-written: no library
knows these page layouts):

- a label with its value on the next line (``来源：`` then ``四川日报``) takes that line too;
- a breadcrumb written one item a line (``首页`` / ``>`` / ``云南要闻``) takes the items on
  both sides of each separator, and a repeat of an item just below it (the section name
  shown again as the page's heading);
- a 相关报道 / 相关链接 heading takes the list of short titles that follows it.

A plain-text report keeps every character (offsets stay those of the file): its boilerplate
lines are only left out of extraction. Web pages, PDFs and Word files lose them from the
text that is published (see ``flows.parse.formats``).
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

VOCAB = Path(__file__).with_name("vocab") / "boilerplate.tsv"
MAX_LINE = 100  # longer lines are report text, whatever they start with
SHORT = 20  # a label's value or a breadcrumb item is a short line
TITLE = 50  # a related article's title is not much longer
_SENTENCE = re.compile(r"[。；;！？!?]")
_SEPARATOR = re.compile(r"^[>＞»›/|｜]+$")


@dataclass(frozen=True)
class Rule:
    kind: str
    value_on_next: bool
    pattern: re.Pattern


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    with VOCAB.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return tuple(Rule(r["kind"], r["value_on_next"] == "1", re.compile(r["pattern"], re.IGNORECASE))
                     for r in rows)


def _kind(line: str) -> Rule | None:
    if len(line) > MAX_LINE:
        return None
    for rule in rules():
        if rule.pattern.match(line):
            return rule
    return None


def _short(line: str, limit: int = SHORT) -> bool:
    return len(line) <= limit and not _SENTENCE.search(line)


def boilerplate_lines(lines: list[str]) -> dict[int, str]:
    """{index: kind} of the boilerplate among ``lines`` (stripped, non-blank lines in order)."""
    found: dict[int, str] = {}
    for i, line in enumerate(lines):
        if i in found:
            continue
        rule = _kind(line)
        if rule is None:
            continue
        found[i] = rule.kind
        label_only = re.search(r"[:：]\s*$", line) is not None
        nxt = i + 1
        if rule.value_on_next and label_only and nxt < len(lines) and _short(lines[nxt]) \
                and not re.search(r"[:：]\s*$", lines[nxt]):
            found.setdefault(nxt, rule.kind)
        if rule.kind == "navigation" and _SEPARATOR.match(line):
            for j in (i - 1, i + 1):
                if 0 <= j < len(lines) and _short(lines[j]):
                    found.setdefault(j, "navigation")
            after = i + 2  # the last item shown again as the page's heading
            if after < len(lines) and lines[after] == lines[i + 1] and _short(lines[after]):
                found.setdefault(after, "navigation")
        if rule.kind == "related":
            j = i + 1
            while j < len(lines) and _short(lines[j], TITLE) and j - i <= 30:
                found.setdefault(j, "related")
                j += 1
    return found


def count_kinds(found: dict[int, str]) -> dict[str, int]:
    return dict(sorted(Counter(found.values()).items()))
