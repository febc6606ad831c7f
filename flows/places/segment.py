"""Word boundaries of a sentence, from jieba's dictionary: the evidence that characters which
spell a place name are written as that name (丽江 in 美丽江苏 is not: the sentence's words are
美丽 / 江苏).

jieba (a maintained segmenter with a 350,000-word dictionary and part-of-speech tags) is
loaded once, lazily, on the first sentence that needs it; it keeps a pickled copy of its
dictionary in the system's temporary folder (``jieba.cache``), so later processes load in
about half a second; the part-of-speech tags are cached beside it (``_word_tags``). Sentences are segmented with the dictionary only (``HMM=False``): the
same sentence always gives the same words, and only when a candidate needs the evidence.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def jieba_and_tags():
    """(jieba, word -> part-of-speech tag of jieba's dictionary)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba, _word_tags(jieba)


def _word_tags(jieba) -> dict[str, str]:
    """The tag column of jieba's dictionary (``word freq tag`` lines), as ``jieba.posseg`` reads
    it; importing jieba.posseg parses the 350,000 lines on every start (about 0.3 s), so the
    table is kept beside jieba's own cache, in a file named after the dictionary's size and
    modification time, and read back with marshal (a few hundredths of a second)."""
    source = Path(jieba.__file__).with_name("dict.txt")
    if jieba.dt.dictionary not in (None, jieba.DEFAULT_DICT):
        source = Path(jieba.dt.dictionary)
    st = source.stat()
    key = hashlib.sha1(f"{source}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    cache = Path(jieba.dt.tmp_dir or tempfile.gettempdir()) / f"jieba.tags.{key}.marshal"
    try:
        return marshal.loads(cache.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    tags: dict[str, str] = {}
    with open(source, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    try:  # written whole, then renamed: a concurrent reader never sees half a file
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(tags))
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only temporary folder: the table is rebuilt next time
    return tags


def tag(word: str) -> str | None:
    """jieba's part-of-speech tag of a dictionary word (ns = place name, nt = organisation), or None."""
    return jieba_and_tags()[1].get(word)


class Words:
    """The words of one sentence, segmented on demand.

    jieba cuts a sentence into blocks of Han characters, letters and digits (its
    ``re_han_default``) and segments each block on its own, so only the block around a
    position is segmented, once: the words are those of the whole sentence.
    """

    __slots__ = ("text", "_blocks", "_word")

    def __init__(self, text: str) -> None:
        self.text = text
        self._blocks: list[tuple[int, int]] | None = None
        self._word: dict[int, tuple[int, int]] = {}  # character -> its word, for segmented blocks

    def _block(self, i: int) -> tuple[int, int] | None:
        """The block (start, end) that jieba segments on its own and that holds character i."""
        if self._blocks is None:
            jb, _ = jieba_and_tags()
            self._blocks = [m.span() for m in jb.re_han_default.finditer(self.text)]
        k = bisect_right(self._blocks, (i, len(self.text) + 1)) - 1
        if k < 0 or not self._blocks[k][0] <= i < self._blocks[k][1]:
            return None
        return self._blocks[k]

    def word_at(self, i: int) -> tuple[int, int]:
        """(start, end) of the word containing character i."""
        word = self._word.get(i)
        if word is not None:
            return word
        if i >= len(self.text):
            return (i, i)
        block = self._block(i)
        if block is None:
            return (i, i + 1)  # punctuation and spaces are words of one character
        jb, _ = jieba_and_tags()
        pos = block[0]
        for w in jb.cut(self.text[pos:block[1]], HMM=False):
            for j in range(pos, pos + len(w)):
                self._word[j] = (pos, pos + len(w))
            pos += len(w)
        return self._word[i]

    def _may_cut(self, p: int) -> bool:
        """Whether a word can hold both text[p-1] and text[p]: some dictionary word spans p, or
        both are letters or digits (jieba joins a run of those). When none can, every
        segmentation has a boundary at p, and the block need not be segmented to know it."""
        if p <= 0 or p >= len(self.text):
            return False
        block = self._block(p - 1)
        if block is None or p >= block[1]:
            return False
        jb, _ = jieba_and_tags()
        if jb.re_eng.match(self.text[p - 1]) and jb.re_eng.match(self.text[p]):
            return True
        freq, text = jb.dt.FREQ, self.text
        for a in range(max(block[0], p - _longest_word() + 1), p):
            b = a + 1  # the prefixes of dictionary words are in FREQ with frequency 0 (jieba's get_DAG)
            while b <= block[1]:
                f = freq.get(text[a:b])
                if f is None:
                    break
                if f and b > p:
                    return True
                b += 1
        return False

    def boundary_at(self, p: int) -> bool:
        """A word ends before character p (true at the ends of the text)."""
        return not self._may_cut(p) or self.word_at(p)[0] == p

    def starts_inside_word(self, start: int) -> bool:
        """`start` falls inside a word (江苏 read from 美丽江苏 at 丽)."""
        return not self.boundary_at(start)

    def ends_inside_word(self, start: int, end: int) -> bool:
        """The span's last characters begin a word that runs past `end` (西安区 in 西安区域:
        区 begins 区域). A span that is the head of a longer word starting with it (台湾同胞,
        上海市第一人民医院) does not count: the word is built on the name."""
        if end >= len(self.text) or not self._may_cut(end):
            return False
        w_start, _ = self.word_at(end)
        return start < w_start < end

    def is_word(self, start: int, end: int) -> bool:
        """text[start:end] is one word of the sentence."""
        if end - start > 1:
            jb, _ = jieba_and_tags()
            if not jb.dt.FREQ.get(self.text[start:end]) and not all(jb.re_eng.match(c) for c in self.text[start:end]):
                return False  # neither a dictionary word nor a run of letters and digits
        return self.word_at(start) == (start, end)

    def word_from(self, start: int) -> str:
        """The whole word that begins at `start` (or contains it)."""
        a, b = self.word_at(start)
        return self.text[a:b]


@lru_cache(maxsize=1)
def _longest_word() -> int:
    jb, _ = jieba_and_tags()
    return max(len(w) for w, f in jb.dt.FREQ.items() if f)
