"""Reading a report file: bytes in, text out, or a clear reason why not.

Offsets published in every table are indices into the text returned here: the file decoded
exactly as Python's ``open(path, encoding=ENCODING).read()`` returns it — universal newlines
(CRLF and CR become LF, as ``io.TextIOWrapper`` does by default) and nothing else. A UTF-8
byte-order mark, when present, stays as the character U+FEFF at offset 0. So a user who opens
the source file with the encoding in ``reports.encoding`` (``utf-8`` for ``utf-8-bom``) gets
``text[char_start:char_end] == value_text``.
"""
from __future__ import annotations

from dataclasses import dataclass


class ReportError(Exception):
    """A report that cannot be read or parsed; ``str(error)`` is the reason."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str

    def __post_init__(self) -> None:
        # universal newlines, as open(...).read() gives them
        object.__setattr__(self, "text", self.text.replace("\r\n", "\n").replace("\r", "\n"))


# Tried in this order. GB18030 is a superset of GBK and GB2312, so one codec covers all
# three; it decodes almost any byte string, so it is tried after the strict UTF codecs and
# its result is checked for plausibility (a Chinese report is mostly Han characters).
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def han_ratio(text: str) -> float:
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    han = sum(1 for c in visible if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return han / len(visible)


def decode_report(data: bytes) -> DecodedText:
    """Decode a report's bytes (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK)."""
    if not data.strip():
        raise ReportError("empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ReportError(f"invalid {codec} after byte-order mark at byte {exc.start}") from exc
            return DecodedText(text, codec + ("-bom" if codec == "utf-8" else ""))
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ReportError(
                f"not UTF-8 (invalid byte at {utf8_error.start}) and not GB18030/GBK either"
            ) from utf8_error
        if han_ratio(text) < 0.3 or "\x00" in text:
            raise ReportError(
                f"not UTF-8 (invalid byte at {utf8_error.start}); as GB18030 it is not Chinese text"
            )
        return DecodedText(text, "gb18030")
