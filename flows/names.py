"""Names from outside (file names, folder names, values of sources.csv) made safe to use.

A file name on Linux is any bytes but ``/`` and NUL, up to 255 bytes: not necessarily UTF-8
(``bad\\xff.txt``), full of control characters (``\\x1b]0;title\\x07``), or as long as the file
system allows. Python hands such a name over as a ``str`` holding lone surrogates (PEP 383);
under ``LC_ALL=C PYTHONUTF8=0`` even an ordinary Chinese name arrives that way. Such a string
cannot be encoded, written to JSON, Parquet or a terminal. So:

- ``display_name``: the name as published (tables, quality.json, messages): its bytes decoded as
  UTF-8, every byte that is not UTF-8 written as ``\\xNN`` (Python's ``backslashreplace``).
  The file itself is still opened by its own path.
- ``printable``: text safe to print on a terminal: control and bidirectional characters (an
  escape sequence would retitle the window, clear the screen, turn text around) written as
  ``\\xNN`` / ``\\uNNNN``.
- ``file_name``: a file name derived from an id that fits the 255-byte limit: cut, with a digest
  of the whole id appended, when too long.
"""
from __future__ import annotations

import hashlib
import os
import re

NAME_MAX = 255
"""Longest file name, in bytes, on Linux file systems (ext4, xfs, btrfs, tmpfs)."""

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def display_name(name: str | bytes) -> str:
    """A file name as published: valid UTF-8, non-UTF-8 bytes as ``\\xNN``."""
    raw = name if isinstance(name, bytes) else os.fsencode(name)
    return raw.decode("utf-8", errors="backslashreplace")


def printable(text: object) -> str:
    """``text`` with control and bidirectional characters escaped, for a terminal line."""
    text = str(text)
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):  # lone surrogates of an undecodable name
        text = text.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="backslashreplace")
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def file_name(stem: str, suffix: str, *, limit: int = NAME_MAX) -> str:
    """``stem + suffix`` when it fits in ``limit`` bytes, else ``stem`` cut at a character
    boundary, ``-`` and 12 hex digits of its SHA-256, then ``suffix``: two long stems that share
    their beginning still give two names."""
    name = stem + suffix
    if len(name.encode("utf-8")) <= limit:
        return name
    digest = "-" + hashlib.sha256(stem.encode("utf-8", errors="surrogateescape")).hexdigest()[:12]
    room = limit - len(suffix.encode("utf-8")) - len(digest)
    cut = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return cut + digest + suffix
