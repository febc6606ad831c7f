"""Imported by the parse pool's fork server (``flows.report.pool``): loads what the first
parse of a process would — the parser's modules, jieba's dictionary, the gazetteer, the place
automata — so that every worker forked from the server starts ready.

Importing this module parses one short snippet: that is its purpose.
"""

from flows.parse.reading import ReportError
from flows.report.report import parse_report

SNIPPET = ("某县2024年政府工作报告\n回眸2023\n全县地区生产总值完成184.1亿元，同比增长6%。新建运城至新绛道路12公里。\n"
           "展望2024\n地区生产总值增长6%左右。实施古堆泉保护。\n")

try:
    parse_report(source_file="warm.txt", data=SNIPPET.encode("utf-8"))
except ReportError:  # a stricter parser may find no report in it: the dictionaries are loaded all the same
    pass
