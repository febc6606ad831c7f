"""What a run shows while it works: a bar on a terminal, plain lines in a log, stage times,
failed inputs by name."""

from __future__ import annotations

import io
import re

from flows import progress as progress_module
from flows.progress import Progress, Stages, failed_lines


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_a_bar_counts_reports_and_leaves_one_line():
    out = Terminal()
    bar = Progress(total=3, done=1, stream=out)
    assert bar.bar is not None
    bar.add(1)
    bar.add(1)
    bar.close()
    text = out.getvalue()
    assert "parsing reports" in text and "3/3" in text  # the bar, drawn with rich
    last = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "", text.rstrip("\n").rsplit("\n", 1)[-1])  # the bar erased
    assert re.fullmatch(r"parsed 3/3 reports in \d+\.\d s", last), repr(last)


def test_in_a_log_plain_lines_and_no_control_characters(monkeypatch):
    clock = iter([0.0, 3.0, 3.1])
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(clock))
    out = io.StringIO()
    plain = Progress(total=2, stream=out)
    plain.add(1)  # t=3: a line
    plain.add(1)
    plain.close()
    assert out.getvalue() == "parsed 1/2 reports\nparsed 2/2 reports\n"


def test_stage_times_add_up_per_stage(monkeypatch):
    clock = iter([0.0, 1.5, 10.0, 12.25, 20.0, 20.5])
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(clock))
    stage = Stages()
    with stage("parse"):
        pass
    with stage("publish"):
        pass
    with stage("parse"):
        pass
    assert stage.line() == "stages: parse 2.0 s, publish 2.2 s"


def test_failed_inputs_are_named_with_their_reasons_the_first_few():
    errors = [{"source_file": f"{i}.txt", "reason": "empty file"} for i in range(7)]
    assert failed_lines(errors[:1]) == ["failed: 0.txt: empty file"]
    lines = failed_lines(errors, first=5)
    assert lines[0] == "failed: 0.txt: empty file" and len(lines) == 6
    assert lines[-1] == "... and 2 more failed input(s)"
