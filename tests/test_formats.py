"""Reports as people have them: a saved web page (UTF-8 or GBK, with the page around it), a
printed PDF and a Word file give the same rows as the plain text they were made from, each
with offsets into its own text; plain text keeps every character, its page boilerplate is
only left out of extraction; unreadable files are named with the reason."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from flows.parse.formats import read_source
from flows.parse.reading import ReportError
from flows.report.report import parse_report, text_sha256
from source_docs import docx_bytes, html_page, pdf_bytes

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_4db9355ef4d2499e.txt"
REPORTS = {"city": FIXTURES / "city_report_2024.txt", "seed": SEED}  # short fixture; the real 新绛县 report

INDICATOR_KEYS = ("kind", "period", "period_start", "part", "indicator", "indicator_code", "measure", "value",
                  "value_high", "unit", "value_std", "unit_std", "qualifier", "is_main_target", "value_text", "sentence")
PLEDGE_KEYS = ("period", "part", "seq", "theme", "topic", "text", "item_no", "is_livelihood_project")
MENTION_KEYS = ("place_id", "surface")
REPORT_KEYS = ("region_name", "adcode", "report_year", "review_year", "delivered_by", "meeting", "delivered_on")


def inputs_of(text: str) -> dict[str, bytes]:
    return {
        "page.html": html_page(text, charset="utf-8"),
        "page_gbk.htm": html_page(text, charset="gbk", breaks=True),
        "page_gb2312.html": html_page(text, charset="gb2312"),
        "printed.pdf": pdf_bytes(text, lines_per_page=12),
        "word.docx": docx_bytes(text),
    }


def facts(report) -> dict:
    rows = report.rows
    return {
        "indicators": [tuple(r[k] for k in INDICATOR_KEYS) for r in rows["indicators"]],
        "pledges": [tuple(r[k] for k in PLEDGE_KEYS) for r in rows["pledges"]],
        "places": sorted(tuple(r[k] for k in MENTION_KEYS) for r in rows["place_mentions"]),
        "report": tuple(rows["reports"][0][k] for k in REPORT_KEYS),
    }


@pytest.fixture(scope="module", params=sorted(REPORTS))
def made(request):
    path = REPORTS[request.param]
    plain = parse_report(source_file=path.name, data=path.read_bytes())
    text = path.read_text(encoding="utf-8")
    return plain, {name: (data, parse_report(source_file=name, data=data)) for name, data in inputs_of(text).items()}


@pytest.mark.parametrize("name", ["page.html", "page_gbk.htm", "page_gb2312.html", "printed.pdf", "word.docx"])
def test_each_format_gives_the_rows_of_the_plain_text(made, name):
    plain, others = made
    data, report = others[name]
    expected, got = facts(plain), facts(report)
    assert expected["indicators"] and expected["pledges"] and expected["places"]
    assert got == expected
    source = read_source(name, data)
    assert report.rows["reports"][0]["source_type"] == {"html": "html", "htm": "html", "pdf": "pdf", "docx": "docx"}[name.rsplit(".", 1)[1]]
    assert report.rows["reports"][0]["text_sha256"] == text_sha256(source.text)
    for row in report.rows["indicators"]:
        assert source.text[row["char_start"]:row["char_end"]] == row["value_text"]
    for row in report.rows["place_mentions"]:
        assert source.text[row["char_start"]:row["char_end"]] == row["surface"]
    for row in report.rows["pledges"]:  # a sentence joined across a break has several spans
        spans = [tuple(map(int, span.split(":"))) for span in row["spans"].split(";")]
        assert "".join(source.text[s:e] for s, e in spans) == row["text"]


def test_web_page_loses_its_page_furniture_and_honours_its_charset():
    text = (FIXTURES / "city_report_2024.txt").read_text(encoding="utf-8")
    for charset, expected in (("gbk", "gb18030"), ("gb2312", "gb18030"), ("utf-8", "utf-8")):
        source = read_source("page.html", html_page(text, charset=charset, breaks=True))
        assert source.encoding == expected
        lines = source.text.splitlines()
        assert lines[-1] == "1.新建改扩建中小学校12所，新增学位8000个。2.改造城镇老旧小区156个。"
        assert "各位代表：" in lines and "二、2024年工作安排" in lines
        for furniture in ("下载", "打印", "字号", "分享到", "来源", "责任编辑", "相关链接", "版权所有", "首页", "浏览次数"):
            assert furniture not in source.text, furniture
        assert source.removed["boilerplate_lines"] >= 1  # what readability left of the page


def test_gbk_page_without_a_declared_charset_is_still_read():
    text = "政府工作报告\n全市地区生产总值完成2651.4亿元，比上年增长5.1%。\n"
    page = html_page(text, charset="gbk").replace(b'<meta http-equiv="Content-Type" content="text/html; charset=gbk" />', b"")
    assert b"charset" not in page
    source = read_source("page.html", page)
    assert source.encoding == "gb18030"
    assert "全市地区生产总值完成2651.4亿元，比上年增长5.1%。" in source.text.splitlines()


@pytest.mark.parametrize("justify", [True, False])
def test_pdf_lines_are_joined_and_page_numbers_and_running_heads_dropped(justify):
    text = (FIXTURES / "city_report_2024.txt").read_text(encoding="utf-8")
    source = read_source("printed.pdf", pdf_bytes(text, chars_per_line=24, lines_per_page=10,
                                                  running_head="长治市人民政府", justify=justify))
    assert source.text.splitlines() == [line for line in text.splitlines() if line.strip()]
    assert source.removed["page_numbers"] == source.removed["running_heads"] >= 3
    assert source.removed["unwrapped_lines"] > 10


def test_plain_text_keeps_every_character_and_only_leaves_boilerplate_out():
    page_top = "下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n"
    head = "来源：长治日报\n时间：2024-01-20\n王晓东作政府工作报告。本报记者 李明摄\n"
    tail = "\n相关报道：\n长治市十五届人大四次会议开幕\n图解：2024年政府工作报告\n"
    body = (FIXTURES / "city_report_2024.txt").read_text(encoding="utf-8")
    text = page_top + head + body + tail
    report = parse_report(source_file="saved.txt", data=text.encode("utf-8"))
    clean = parse_report(source_file="clean.txt", data=body.encode("utf-8"))
    source = read_source("saved.txt", text.encode("utf-8"))
    assert source.text == text  # offsets stay those of open(path, encoding="utf-8").read()
    assert report.rows["reports"][0]["n_chars"] == len(text)
    assert [text[s:e] for s, e in source.excluded] == [
        "下载", "打印", "全屏", "收藏", "【字号：", "加大", "还原", "减小", "】", "来源：长治日报",
        "时间：2024-01-20", "王晓东作政府工作报告。本报记者 李明摄", "相关报道：",
        "长治市十五届人大四次会议开幕", "图解：2024年政府工作报告"]
    assert report.quality["removed"] == {
        "boilerplate_lines": 15, "boilerplate_date": 1, "boilerplate_font_size": 1,
        "boilerplate_page_tools": 8, "boilerplate_photo": 1, "boilerplate_related": 3,
        "boilerplate_source": 1}
    # the same rows as the clean text, shifted by the page top
    shift = len(page_top + head)
    for table in ("indicators", "pledges", "place_mentions"):
        assert [(r["char_start"] - shift, r["char_end"] - shift) for r in report.rows[table]] == \
               [(r["char_start"], r["char_end"]) for r in clean.rows[table]]
    assert facts(report)["indicators"] == facts(clean)["indicators"]
    assert facts(report)["pledges"] == facts(clean)["pledges"]
    for row in report.rows["place_mentions"] + report.rows["pledges"] + report.rows["indicators"]:
        assert row["char_start"] >= shift and row["char_end"] <= shift + len(body)


def test_breadcrumbs_labels_on_their_own_line_and_related_lists_are_boilerplate():
    from flows.parse.boilerplate import boilerplate_lines

    lines = ["当前位置：", "首页", ">", "政务信息", ">", "要闻", "要闻", "2024年政府工作报告",
             "发表时间：", "2024-02-09 09:45:30", "来源：", "市日报客户端", "阅读量：", "【字体：", "小", "中", "大", "】",
             "各位代表：", "现在，我代表市人民政府，向大会报告工作，请予审议。", "责任编辑：", "李莎莎",
             "相关链接>>", "市十五届人大四次会议关于政府工作报告的决议", "打印本页", "关闭窗口"]
    found = boilerplate_lines(lines)
    assert [lines[i] for i in range(len(lines)) if i not in found] == [
        "2024年政府工作报告", "各位代表：", "现在，我代表市人民政府，向大会报告工作，请予审议。"]


def test_report_text_lines_that_look_like_labels_are_kept():
    from flows.parse.boilerplate import boilerplate_lines

    lines = ["分享经济、平台经济健康发展，新增市场主体2.1万户。", "来源于群众的意见建议办结率100%。",
             "时间紧、任务重，我们迎难而上。", "大", "首页设计"]
    assert boilerplate_lines(lines) == {3: "page_tools"}


def _scanned_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.rect(50, 50, 400, 600, fill=1)  # an image of a page, no text layer
    pdf.showPage()
    pdf.save()
    return out.getvalue()


@pytest.mark.parametrize("name, data, reason", [
    ("scan.pdf", None, r"PDF has no text layer \(1 pages; a scanned image\?\)"),
    ("broken.pdf", b"%PDF-1.4\nthis is not a PDF body", "not a readable PDF"),
    ("broken.docx", b"PK\x03\x04 not really a zip", r"not a readable Word \(\.docx\) file"),
    ("old.doc", b"\xd0\xcf\x11\xe0 an old Word file", r"unsupported file type \.doc: reports are read from \.docx \.htm \.html \.pdf \.txt"),
    ("table.xlsx", b"PK\x03\x04", r"unsupported file type \.xlsx"),
    ("empty.html", b"  \n", "empty file"),
    ("nav.html", "<html><body><div>首页</div><div>下载 打印 全屏 收藏</div></body></html>".encode(), "no report text found"),
])
def test_unreadable_inputs_are_named_with_the_reason(name, data, reason):
    with pytest.raises(ReportError, match=reason):
        read_source(name, _scanned_pdf() if data is None else data)


def test_a_page_whose_report_readability_would_cut_is_read_whole():
    """The report in two blocks with a long comment list between them: readability keeps the
    comments; the whole page is read instead, so no paragraph of the report is lost."""
    paragraphs = [line for line in (FIXTURES / "city_report_2024.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    half = len(paragraphs) // 2
    comments = "".join(f"<div class='comment'><p>网友{i}：这份报告说到了老百姓心坎上，希望各项民生实事早日落地见效，"
                       "我们拭目以待！</p></div>" for i in range(40))
    page = ("<html><head><meta charset='utf-8'></head><body><div id='a'>"
            + "".join(f"<p>{p}</p>" for p in paragraphs[:half]) + f"</div><div id='comments'>{comments}</div><div id='b'>"
            + "".join(f"<p>{p}</p>" for p in paragraphs[half:]) + "</div></body></html>").encode("utf-8")
    source = read_source("split.html", page)
    assert source.removed["whole_page_read"] == 1
    lines = source.text.splitlines()
    assert [p for p in paragraphs if p in lines] == paragraphs


def test_pdf_pages_without_text_are_counted():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.setFont("STSong-Light", 14)
    pdf.drawString(60, 700, "全市地区生产总值完成2651.4亿元，比上年增长5.1%。")
    pdf.showPage()
    pdf.rect(50, 50, 400, 600, fill=1)  # a scanned page
    pdf.showPage()
    pdf.save()
    source = read_source("mixed.pdf", out.getvalue())
    assert source.text == "全市地区生产总值完成2651.4亿元，比上年增长5.1%。\n"
    assert source.removed["pages_without_text"] == 1
