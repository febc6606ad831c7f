"""Reading report files: every encoding real reports come in, and a clear reason when not."""
import pytest

from flows.parse.reading import ReportError, decode_report

TEXT = "全县地区生产总值完成184.1亿元，同比增长6%。"


def test_utf8_without_bom():
    decoded = decode_report(TEXT.encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (TEXT, "utf-8")


def test_utf8_bom_stays_as_first_character_so_offsets_match_a_plain_utf8_read():
    decoded = decode_report(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert decoded.text == "\ufeff" + TEXT
    assert decoded.encoding == "utf-8-bom"


def test_gbk_and_gb18030_are_detected():
    assert decode_report(TEXT.encode("gbk")).text == TEXT
    assert decode_report(TEXT.encode("gb18030")).encoding == "gb18030"


def test_utf16_with_bom():
    assert decode_report(TEXT.encode("utf-16")).text == TEXT


def test_empty_and_blank_files_are_errors():
    with pytest.raises(ReportError, match="empty file"):
        decode_report(b"")
    with pytest.raises(ReportError, match="empty file"):
        decode_report(b" \r\n\t\n")


def test_binary_garbage_is_an_error_naming_the_reason():
    with pytest.raises(ReportError, match="not UTF-8"):
        decode_report(bytes(range(128, 256)) * 4)


def test_line_ends_are_read_as_python_reads_a_text_file(tmp_path):
    raw = "标题\r\n全县地区生产总值完成184.1亿元。\r旧式换行\n".encode("gb18030")
    path = tmp_path / "crlf.txt"
    path.write_bytes(raw)
    decoded = decode_report(raw)
    assert decoded.text == open(path, encoding="gb18030").read() == "标题\n全县地区生产总值完成184.1亿元。\n旧式换行\n"
