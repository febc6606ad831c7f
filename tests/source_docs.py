"""Build the inputs people have (a saved web page, a Word file, a printed PDF) from a plain
report text, for the tests: each must give the same rows as the text it was made from."""
from __future__ import annotations

import html
import io

NAV = ["首页", "政务公开", "政府信息公开", "政府工作报告"]


def html_page(text: str, *, charset: str = "utf-8", title: str = "政府工作报告", breaks: bool = False) -> bytes:
    """A government site's article page around ``text``: navigation, font-size and share
    widgets, 来源/时间, related links, a copyright footer; one <p> per paragraph, or with
    ``breaks`` the paragraphs in one <div> apart by <br> (as many CMS pages have them)."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    if breaks:
        body = "<div>" + "<br/>\n".join("&nbsp;&nbsp;" + html.escape(p) for p in paragraphs) + "</div>"
    else:
        body = "\n".join(f'<p style="text-indent:2em;">{html.escape(p)}</p>' for p in paragraphs)
    nav = " &gt; ".join(f'<a href="/{i}/">{n}</a>' for i, n in enumerate(NAV))
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}" />
<title>{html.escape(title)}_政府信息公开_人民政府门户网站</title>
<link rel="stylesheet" href="/css/main.css"><script src="/js/jquery.min.js"></script>
</head><body>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="人民政府门户网站"></div>
<ul class="menu"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="location">您当前的位置：{nav}</div>
<div class="article">
<h1 class="title">{html.escape(title)}</h1>
<div class="info"><span>发布时间：2024-01-20 09:30</span><span>来源：市政府办公室</span>
<span>浏览次数：1024</span>
<span class="fontsize">【字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</span></div>
<div class="tools"><a href="#">下载</a> <a href="#">打印</a> <a href="#">全屏</a> <a href="#">收藏</a></div>
<div class="TRS_Editor" id="zoom">
{body}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="editor">责任编辑：李明</div>
</div>
<div class="related"><h3>相关链接</h3><ul>
<li><a href="/a/1.html">市政府召开常务会议研究部署近期重点工作</a></li>
<li><a href="/a/2.html">图解：一图读懂政府工作报告</a></li>
<li><a href="/a/3.html">市人大代表热议政府工作报告</a></li></ul></div>
<div class="footer"><p>主办：市人民政府办公室　承办：市大数据中心</p>
<p>版权所有 &copy; 2024 市人民政府　晋ICP备05000000号　网站标识码：1404000001</p>
<p>地址：太行西街1号　邮编：046000　联系电话：0355-2020000</p></div>
</body></html>"""
    return page.encode(charset, errors="xmlcharrefreplace")  # as servers do outside GBK


def docx_bytes(text: str) -> bytes:
    """A Word file with one paragraph per line of ``text``."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes(text: str, *, chars_per_line: int = 30, lines_per_page: int = 28,
              running_head: str = "政府工作报告", justify: bool = True) -> bytes:
    """A printed copy of ``text``: hard-wrapped lines, justified or ragged-right (paragraphs
    indented two characters; a Latin word or number is not split),
    a running head on every page and the page number (- 1 -) at its foot.

    reportlab's built-in Adobe CID font STSong-Light needs no font file, and its text
    layer maps back to Unicode through the standard UniGB-UCS2-H CMap."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    size = 14

    def measure(t: str) -> float:
        return pdfmetrics.stringWidth(t, "STSong-Light", size)

    full = chars_per_line * size
    lines: list[tuple[str, float, bool]] = []  # (text, x indent in points, justified)
    for paragraph in (p.strip() for p in text.splitlines()):
        if not paragraph:
            continue
        indent, line = 2 * size, ""
        for char in paragraph:  # wrap where the next character would pass the right margin
            if indent + measure(line + char) > full:
                # as word processors do, a Latin word or number moves whole to the next line
                keep = len(line.rstrip("0123456789.%abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")) \
                    if char.isascii() and char.isalnum() else len(line)
                keep = keep or len(line)
                lines.append((line[:keep], indent, True))
                indent, line = 0, line[keep:]
            line += char
        lines.append((line, indent, False))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    width, height = A4
    left = (width - chars_per_line * size) / 2
    pages = [lines[i:i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    for number, page in enumerate(pages, start=1):
        pdf.setFont("STSong-Light", 10)
        pdf.drawCentredString(width / 2, height - 40, running_head)
        pdf.setFont("STSong-Light", size)
        y = height - 80
        for line, indent, justified in page:
            # justified, as printed reports are: the spare space spread between the characters
            text = pdf.beginText(left + indent, y)
            text.setFont("STSong-Light", size)
            if justify and justified and len(line) > 1:
                text.setCharSpace((full - indent - measure(line)) / (len(line) - 1))
            text.textOut(line)
            pdf.drawText(text)
            y -= size * 1.6
        pdf.setFont("STSong-Light", 10)
        pdf.drawCentredString(width / 2, 30, f"- {number} -")
        pdf.showPage()
    pdf.save()
    return out.getvalue()
