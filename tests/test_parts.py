"""The parts of a report (front, review, five-year plan, plan, self-building, closing) and what
they mean for pledges and periods, on a short report in the shape of the 2026 provincial ones."""
from flows.parse.cleaning import clean_text
from flows.parse.parts import five_year_span, own_five_year, report_parts
from flows.report.report import parse_report
from flows.parse.structure import structure

REPORT = """下载
打印
【字号：
加大
】
2026年某某省政府工作报告
——2026年1月26日在广东省第十四届
人民代表大会第五次会议上
广东省省长 孟凡利
各位代表：
现在，我代表省人民政府，向大会报告工作，请予审议。
一、2025年和“十四五”时期工作回顾
过去一年，全省地区生产总值增长3.9%。我们坚持扩大有效投资，推进重大项目建设。
（一）全力促进经济平稳健康发展。
着力扩大内需，社会消费品零售总额增长4.2%。
二、“十五五”时期的主要目标和重点任务
“十五五”时期是基本实现社会主义现代化夯实基础的关键时期。我们将加快建设现代化产业体系，推动经济实现质的有效提升。
“十四五”时期，全省经济总量连上新台阶，年均增长5%。
“十五五”时期，地区生产总值年均增长5%左右，建设更高水平的创新型省份。
三、2026年工作安排
今年经济社会发展的主要预期目标是：地区生产总值增长4.5%—5%，城镇调查失业率5.5%左右。
（一）坚持供需两端协同发力，努力推动经济稳定均衡可持续增长。
大力提振消费。实施城乡居民增收计划，开展消费品以旧换新。推动服务消费提质扩容。
（二）加强民生保障。
持续办好民生实事。扎实推进就业优先，稳定重点群体就业。
各位代表！建设人民满意的政府，必须坚持依法行政，持续加强政府自身建设。
各位代表！奋进正当其时，实干成就未来。让我们更加紧密地团结在以习近平同志为核心的党中央周围，为实现目标而努力奋斗！
附件1
2026年省十件民生实事
坚持民生为大，扎扎实实办好十件民生实事。
一、提高城乡低保标准。
农村低保标准提高到每人每月700元以上。
二、提升养老服务供给水平。
新增养老床位1万张。
附件2
名词解释
1.“两新”：是指大规模设备更新和消费品以旧换新。
"""


def parts_of(text: str, year: int) -> list[tuple[str | None, str]]:
    blocks, labels = report_parts(structure(clean_text(text).paragraphs), report_year=year)
    return [(label, block.text[:12]) for block, label in zip(blocks, labels)]


def test_five_year_plans_have_their_years():
    assert five_year_span(14) == (2021, 2025)
    assert five_year_span(15) == (2026, 2030)
    assert own_five_year(2026) == (2026, 2030)
    assert own_five_year(2024) == (2021, 2025)


def test_every_paragraph_has_its_part():
    labelled = parts_of(REPORT, 2026)

    def parts(opening: str) -> str | None:
        return next(label for label, text in labelled if opening.startswith(text) or text.startswith(opening))
    assert parts("下载") == "front" and parts("各位代表：") == "front"
    assert parts("过去一年，全省地区生产总值") == "review"
    assert parts("（一）全力促进经济平稳健康发展") == "review"  # a plan-worded heading inside the review part
    assert parts("“十五五”时期是基本实现社会主") == "five_year_plan"
    assert parts("“十四五”时期，全省经济总量连") == "review"  # a look back inside the five-year part
    assert parts("“十五五”时期，地区生产总值年") == "five_year_plan"
    assert parts("今年经济社会发展的主要预期目标") == "plan"
    assert parts("各位代表！建设人民满意的政府，") == "self_building"
    assert parts("各位代表！奋进正当其时，实干成") == "closing"
    assert parts("坚持民生为大，扎扎实实办好十件") == "plan"  # an annexed livelihood list
    assert parts("1.“两新”：是指大规模设备") == "closing"  # the glossary annex


def test_pledges_come_only_from_what_the_report_commits_to():
    parsed = parse_report(source_file="2026_demo.txt", data=REPORT.encode("utf-8")).rows
    pledges = parsed["pledges"]
    texts = [p["text"] for p in pledges]
    assert not any("过去一年" in t or "各位代表" in t or "名词" in t or "两新" in t for t in texts)
    assert "（一）坚持供需两端协同发力，努力推动经济稳定均衡可持续增长。" not in texts  # a heading on its own line
    five_year = [p for p in pledges if p["part"] == "five_year_plan"]
    assert [p["text"] for p in five_year] == ["我们将加快建设现代化产业体系，推动经济实现质的有效提升。",
                                              "“十五五”时期，地区生产总值年均增长5%左右，建设更高水平的创新型省份。"]
    assert {(p["period_start"], p["period"]) for p in five_year} == {(2026, 2030)}
    plan = [p for p in pledges if p["part"] == "plan"]
    assert {(p["period_start"], p["period"]) for p in plan} == {(None, 2026)}
    themes = {p["text"]: p["theme"] for p in plan}
    assert themes["实施城乡居民增收计划，开展消费品以旧换新。"] == "坚持供需两端协同发力"
    items = [(p["item_no"], p["text"], p["is_livelihood_project"]) for p in pledges if p["item_no"]]
    assert items == [(1, "提高城乡低保标准。", True), (2, "提升养老服务供给水平。", True)]


def test_five_year_goals_are_published_for_their_span():
    rows = parse_report(source_file="2026_demo.txt", data=REPORT.encode("utf-8")).rows["indicators"]
    goal = next(r for r in rows if r["sentence"].startswith("“十五五”时期，地区生产总值"))
    # an average over the plan's five years: its span, and no one year of its own
    assert (goal["kind"], goal["period_start"], goal["period_end"], goal["period"], goal["part"]) == (
        "target", 2026, 2030, None, "five_year_plan")
    target = next(r for r in rows if r["value_text"] == "5.5%")
    assert (target["kind"], target["period_start"], target["period"], target["part"]) == ("target", None, 2026, "plan")
    review = next(r for r in rows if r["value_text"] == "4.2%")
    assert (review["kind"], review["period"], review["part"]) == ("actual", 2025, "review")


def test_the_report_lists_its_parts_and_flags_what_disagrees():
    quality = parse_report(source_file="2026_demo.txt", data=REPORT.encode("utf-8")).quality
    assert [p["part"] for p in quality["parts"]] == [
        "front", "review", "five_year_plan", "review", "five_year_plan", "plan", "self_building", "closing",
        "plan", "closing"]
    assert quality["parts"][1]["heading"] == "一、2025年和“十四五”时期工作回顾"
    assert quality["flags"] == []
    no_plan = "2026年某县政府工作报告\n各位代表：\n一、2025年工作回顾\n过去一年，全县经济稳中有进。"
    assert parse_report(source_file="x.txt", data=no_plan.encode()).quality["flags"] == ["no plan part found"]


def test_news_labels_keep_each_paragraphs_own_kind():
    text = ("展望2024\n今年，全县将坚定做强新型工业，培育新动能。\n回眸2023\n"
            "2023年，全县地区生产总值增长6%。\n坚定抓好“三农”事业 稳固高质量发展基石\n实施高标准农田建设5万亩。")
    parts = parts_of(text, 2024)
    assert parts[-1] == ("plan", "实施高标准农田建设5万亩")  # a plan heading after the review label
    assert ("review", "2023年，全县地区生产") in parts


def test_a_plan_before_the_five_year_part_and_a_closing_after_it():
    text = ("2026年某省政府工作报告\n各位代表：\n一、2025年工作回顾\n过去一年，全省经济稳中有进，地区生产总值增长5%。\n"
            "二、2026年工作安排\n今年的主要预期目标是：地区生产总值增长5%左右。\n（一）扩大有效需求。\n实施重大项目300个。\n"
            "三、“十五五”时期主要目标任务\n“十五五”时期，全省将基本建成现代化产业体系。\n"
            "各位代表！\n让我们更加紧密地团结在以习近平同志为核心的党中央周围，为实现目标而努力奋斗！\n")
    labels = [label for label, _ in parts_of(text, 2026)]
    assert labels[-4:] == ["five_year_plan", "five_year_plan", "closing", "closing"]
    assert "plan" in labels


def test_livelihood_items_numbered_in_brackets_inside_a_paragraph():
    text = ("2026年某省政府工作报告\n各位代表：\n一、2025年工作回顾\n过去一年，全省经济稳中有进。\n二、2026年重点工作\n"
            "（一）持续保障和改善民生。\n今年继续办好十件民生实事：（1）新增托位1万个；（2）改造老旧小区500个；（3）新建公办幼儿园20所。"
            "持续推进就业优先。\n")
    pledges = parse_report(source_file="x.txt", data=text.encode()).rows["pledges"]
    items = [(p["item_no"], p["text"], p["is_livelihood_project"]) for p in pledges if p["item_no"]]
    assert items == [(1, "新增托位1万个；", True), (2, "改造老旧小区500个；", True), (3, "新建公办幼儿园20所。", True)]
