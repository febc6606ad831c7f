"""Word boundaries of a sentence, from jieba's dictionary: the evidence that characters which
spell a place name are written as that name (丽江 in 美丽江苏 is not: the sentence's words are
美丽 / 江苏).

jieba (a maintained segmenter with a 350,000-word dictionary and part-of-speech tags) is
loaded once, lazily, on the first sentence that needs it; it keeps a pickled copy of its
dictionary in the system's temporary folder (``jieba.cache``), so later processes load in a
fraction of a second. Sentences are segmented with the dictionary only (``HMM=False``): the
same sentence always gives the same words, and only when a candidate needs the evidence.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def jieba_and_tags():
    """(jieba, word -> part-of-speech tag of jieba's dictionary)."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba, jieba.posseg.dt.word_tag_tab


def tag(word: str) -> str | None:
    """jieba's part-of-speech tag of a dictionary word (ns = place name, nt = organisation), or None."""
    return jieba_and_tags()[1].get(word)


class Words:
    """The words of one sentence; segmented on first use."""

    __slots__ = ("text", "_start", "_end")

    def __init__(self, text: str) -> None:
        self.text = text
        self._start: list[int] | None = None
        self._end: list[int] | None = None

    def _segment(self) -> None:
        jb, _ = jieba_and_tags()
        n = len(self.text)
        self._start, self._end = [0] * (n + 1), [0] * (n + 1)
        pos = 0
        for word in jb.cut(self.text, HMM=False):
            for k in range(pos, pos + len(word)):
                self._start[k], self._end[k] = pos, pos + len(word)
            pos += len(word)
        self._start[n] = self._end[n] = n

    def word_at(self, i: int) -> tuple[int, int]:
        """(start, end) of the word containing character i."""
        if self._start is None:
            self._segment()
        return self._start[i], self._end[i]

    def starts_inside_word(self, start: int) -> bool:
        """`start` falls inside a word (江苏 read from 美丽江苏 at 丽)."""
        return self.word_at(start)[0] < start

    def ends_inside_word(self, start: int, end: int) -> bool:
        """The span's last characters begin a word that runs past `end` (西安区 in 西安区域:
        区 begins 区域). A span that is the head of a longer word starting with it (台湾同胞,
        上海市第一人民医院) does not count: the word is built on the name."""
        if end >= len(self.text):
            return False
        w_start, _ = self.word_at(end)
        return start < w_start < end

    def is_word(self, start: int, end: int) -> bool:
        return self.word_at(start) == (start, end)

    def word_from(self, start: int) -> str:
        """The whole word that begins at `start` (or contains it)."""
        a, b = self.word_at(start)
        return self.text[a:b]
