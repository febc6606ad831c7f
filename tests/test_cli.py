"""The command line: exact output and exit codes; every command and option documented."""

from __future__ import annotations

import fcntl
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from flows import cli, settings
from flows.settings import REPO_ROOT

from conftest import SEED_DIR


def options_of(parser) -> dict[str, list[str]]:
    """command -> its long options (and the top-level ones under "")."""
    import argparse

    found = {"": [o for a in parser._actions for o in a.option_strings if o.startswith("--")]}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[name] = [o for a in sub._actions for o in a.option_strings
                               if o.startswith("--") and o != "--help"]
    return found


def test_options_are_the_agreed_ones():
    assert options_of(cli.build_parser()) == {
        "": ["--help"],
        "run": ["--seeds", "--output", "--allow-shrink", "--batch-size", "--task-runner", "--workers",
                "--dask-address", "--max-file-mb", "--repair", "--verbose"],
        "serve": ["--cron", "--interval", "--seeds", "--output", "--allow-shrink",
                  "--batch-size", "--task-runner", "--workers", "--dask-address", "--max-file-mb", "--repair",
                  "--verbose", "--ui"],
    }


@pytest.mark.parametrize("command", ["run", "serve"])
def test_help_documents_every_option(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main([command, "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith(f"usage: python -m flows {command} ")
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    for action in sub._actions:
        assert action.help and action.help.strip(), action.option_strings
        for option in action.option_strings:
            assert option in text


def test_top_level_help_lists_both_commands(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert re.search(r"^\s+run\s+parse, validate and publish once$", text, re.M)
    assert re.search(r"^\s+serve\s+keep running and publish on a schedule$", text, re.M)


def readme_command_section() -> str:
    readme = REPO_ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md not written yet")
    text = readme.read_text(encoding="utf-8")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(#{1,6})\s+.*(command|usage|命令)", line, re.I)
        if m:
            level = len(m.group(1))
            end = next((j for j in range(i + 1, len(lines))
                        if re.match(rf"^#{{1,{level}}}\s", lines[j])), len(lines))
            return "\n".join(lines[i:end])
    pytest.fail("README.md has no command-line section (a heading with 'command' or 'usage')")


def test_readme_command_section_documents_every_command_and_option():
    section = readme_command_section()
    missing = [f"{cmd} {opt}".strip() for cmd, opts in options_of(cli.build_parser()).items()
               for opt in opts if opt != "--help" and opt not in section]
    missing += [f"python -m flows {cmd}" for cmd in ("run", "serve") if f"python -m flows {cmd}" not in section]
    assert not missing, f"README.md's command section does not mention: {missing}"


# --------------------------------------------------------------------------- usage errors


@pytest.mark.parametrize("argv, message", [
    ([], "python -m flows: error: the following arguments are required: COMMAND"),
    (["publish"], "python -m flows: error: argument COMMAND: invalid choice: 'publish' (choose from 'run', 'serve')"),
    (["run", "--batch-size", "0"], "python -m flows run: error: argument --batch-size: must be at least 1, got 0"),
    (["run", "--batch-size", "many"], "python -m flows run: error: argument --batch-size: not a whole number: 'many'"),
    (["run", "--task-runner", "ray"], "python -m flows run: error: argument --task-runner: invalid choice: 'ray' (choose from 'default', 'dask')"),
    (["run", "--dask-address", "tcp://127.0.0.1:8786"], "python -m flows: error: --dask-address needs --task-runner dask"),
    (["serve"], "python -m flows serve: error: one of the arguments --cron --interval is required"),
    (["serve", "--cron", "0 6 * * *", "--interval", "60"], "python -m flows serve: error: argument --interval: not allowed with argument --cron"),
    (["serve", "--interval", "0"], "python -m flows serve: error: argument --interval: must be more than 0, got 0"),
])
def test_usage_errors_exit_2_with_one_line(argv, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[-1] == message


def test_missing_seeds_folder(tmp_path, capsys):
    missing = tmp_path / "nope"
    assert cli.main(["run", "--seeds", str(missing), "--output", str(tmp_path / "out")]) == 1
    assert capsys.readouterr() == ("", f"no such folder: {missing}\n")


def test_help_does_not_import_prefect():
    code = "import sys, flows.cli; flows.cli.build_parser(); print('prefect' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True)
    assert done.stdout == "False\n", done.stderr


# --------------------------------------------------------------------------- runs


@pytest.fixture
def cli_env(prefect_harness, tmp_path, monkeypatch):
    monkeypatch.setattr(settings, "CACHE_DIR", tmp_path / "cache")
    return tmp_path


def test_run_prints_the_release_then_no_change(cli_env, capsys):
    argv = ["run", "--seeds", str(SEED_DIR), "--output", str(cli_env / "out")]
    assert cli.main(argv) == 0
    out, err = capsys.readouterr()
    assert re.fullmatch(r"published v1\.0\.0 \(reports \+1 -0 ~0, pledges \+\d+ -0 ~0, indicator_codes \+\d+ -0 ~0, indicators "
                        r"\+\d+ -0 ~0, places \+\d+ -0 ~0, place_mentions \+\d+ -0 ~0, series \+\d+ -0 ~0\)\n"
                        r"1 report, 0 failed, 0 skipped\n", out), out
    assert err == ""
    assert cli.main(argv) == 0
    assert capsys.readouterr() == ("no change: v1.0.0 is current\n1 report, 0 failed, 0 skipped\n", "")


def test_run_exits_1_when_validation_fails(cli_env, capsys, monkeypatch):
    from flows import pipeline
    from flows.validate import ValidationResult

    failure = {"table": "reports", "column": "adcode", "check": "str_matches", "value": "12",
               "primary_key": "r1"}
    monkeypatch.setattr(pipeline, "validate_tables", lambda t: ValidationResult(tables=t, failures=[failure]))
    assert cli.main(["run", "--seeds", str(SEED_DIR), "--output", str(cli_env / "out")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert re.fullmatch(rf"validation failed: 1 rows rejected, see {re.escape(str(cli_env / 'out' / '.failed'))}"
                        r"/quality-\d{8}T\d{12}Z\.json\n", err), err
    assert not (cli_env / "out" / "LATEST").exists()


def test_run_exits_1_when_every_report_fails(cli_env, capsys):
    seeds = cli_env / "seeds"
    seeds.mkdir()
    (seeds / "blank.txt").write_text("  \n")
    assert cli.main(["run", "--seeds", str(seeds), "--output", str(cli_env / "out")]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("no report could be parsed: 1 of 1 files failed (blank.txt: empty file), see ")
    assert err.count("\n") == 1


def test_run_exits_1_when_another_run_holds_the_lock(cli_env, capsys):
    out_dir = cli_env / "out"
    out_dir.mkdir()
    with open(out_dir / ".lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code = cli.main(["run", "--seeds", str(SEED_DIR), "--output", str(out_dir)])
    assert code == 1
    assert capsys.readouterr() == ("", f"another run is publishing to {out_dir} (lock {out_dir / '.lock'})\n")


@pytest.mark.slow
def test_python_dash_m_flows_run_prints_the_release_and_the_count(tmp_path):
    """The real command in a fresh process: Prefect's temporary server, quiet logs."""
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"),
           "GWR_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("PREFECT_API_URL", None)
    done = subprocess.run([sys.executable, "-m", "flows", "run", "--output", str(tmp_path / "out")],
                          cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"published v1\.0\.0 \(.*\)\n1 report, 0 failed, 0 skipped\n", done.stdout), done.stdout
    assert done.stderr == ""


def test_serve_with_a_bad_cron_exits_2_with_one_line_before_starting_anything(capsys, monkeypatch):
    from flows import serve

    monkeypatch.setattr(serve, "serve_schedule", lambda **kw: pytest.fail("started although --cron is bad"))
    assert cli.main(["serve", "--cron", "not a cron"]) == 2
    assert capsys.readouterr() == (
        "", "python -m flows serve: error: --cron 'not a cron': Invalid cron string: \"not a cron\"\n")


def test_the_lock_is_taken_before_anything_is_parsed(cli_env, capsys, monkeypatch):
    from flows import pipeline

    monkeypatch.setattr(pipeline, "scan_folder", lambda *a, **kw: pytest.fail("scanned under a held lock"))
    out_dir = cli_env / "out"
    out_dir.mkdir()
    with open(out_dir / ".lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert cli.main(["run", "--seeds", str(SEED_DIR), "--output", str(out_dir)]) == 1
    assert capsys.readouterr().err == f"another run is publishing to {out_dir} (lock {out_dir / '.lock'})\n"


def test_a_signal_after_the_release_moved_into_place_still_exits_0(cli_env, capsys, monkeypatch):
    """SIGTERM between publishing and returning: the release is out, so the run succeeded."""
    from flows import pipeline

    out_dir = cli_env / "out"

    def published_then_signalled(**kw):
        (out_dir / "v1.0.0").mkdir(parents=True)
        (out_dir / "LATEST").write_text("v1.0.0\n")
        raise SystemExit(143)

    monkeypatch.setattr(pipeline, "publish_work_reports", published_then_signalled)
    assert cli.main(["run", "--seeds", str(SEED_DIR), "--output", str(out_dir)]) == 0
    assert capsys.readouterr() == ("published v1.0.0 (interrupted afterwards)\n", "")


def test_a_signal_before_publishing_exits_with_the_signal(cli_env, capsys, monkeypatch):
    from flows import pipeline

    def signalled(**kw):
        raise SystemExit(143)

    monkeypatch.setattr(pipeline, "publish_work_reports", signalled)
    assert cli.main(["run", "--seeds", str(SEED_DIR), "--output", str(cli_env / "out")]) == 143
    assert capsys.readouterr() == ("", "interrupted\n")
