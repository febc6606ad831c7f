"""Command line: ``python -m flows run|serve`` (see CONTRACT.md, "Command line").

Prefect is imported only once a command runs, after ``flows.settings`` has set the
environment (and ``--verbose`` has had its say), so ``--help`` needs no Prefect at all.
"""

from __future__ import annotations

from flows import settings  # first: the environment, before prefect is imported

import argparse
import importlib
import os
import sys
from pathlib import Path

from flows.names import printable

PROG = "python -m flows"


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, got {text}")
    return value


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seeds", metavar="DIR", type=Path, default=settings.DEFAULT_SEEDS,
                   help="folder of report text files (*.txt) (default: seeds/ of the repository)")
    p.add_argument("--output", metavar="DIR", type=Path, default=settings.DEFAULT_OUTPUT,
                   help="folder of releases: LATEST, releases.json, CHANGELOG.md, vX.Y.Z/ "
                        "(default: output/ of the repository)")
    p.add_argument("--allow-shrink", action="store_true",
                   help="publish even when the release would have fewer reports or rows than "
                        "the latest one (refused otherwise)")
    p.add_argument("--batch-size", metavar="N", type=_positive_int,
                   default=settings.DEFAULT_BATCH_SIZE,
                   help="reports per parse task (default: %(default)s)")
    p.add_argument("--task-runner", choices=["default", "dask"], default="default",
                   help="where parse tasks run: a pool of worker processes (default) or Dask")
    p.add_argument("--workers", metavar="N", type=_positive_int, default=None,
                   help="parse on at most N processes (default: one a core; a run with little "
                        "to parse uses one)")
    p.add_argument("--dask-address", metavar="ADDR",
                   help="scheduler address of an existing Dask cluster, e.g. tcp://10.0.0.5:8786 "
                        "(with --task-runner dask; without it a local cluster of 2 worker "
                        "processes is started for the parsing and stopped after it)")
    p.add_argument("--max-file-mb", metavar="MB", type=_positive_number, default=settings.DEFAULT_MAX_FILE_MB,
                   help="larger input files are listed as failed, not read (default: %(default)s)")
    p.add_argument("--repair", action="store_true",
                   help="when the latest release is missing or fails its SHA256SUMS, withdraw it "
                        "(kept in releases.json, folder moved to .damaged/, id never reused) "
                        "and publish from the inputs, instead of refusing")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="show Prefect's run logs on stderr")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Turn local-government work reports (政府工作报告) into versioned open "
                    "datasets: parse, validate (pandera), publish a release (Parquet + CSV).")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run", help="parse, validate and publish once",
        description="Parse every report, validate the five tables and publish a release. Prints "
                    "the release id it published, or that nothing changed, and exits 0. Exits 1 "
                    "with a one-line reason on stderr when it could not publish (validation "
                    "failed, every report failed, the publisher refused, another run holds the "
                    "lock); the previous release stays LATEST.")
    _add_common(run)

    serve = sub.add_parser(
        "serve", help="keep running and publish on a schedule",
        description="Serve the flow as a Prefect deployment and run it on a schedule until "
                    "SIGINT/SIGTERM. Without PREFECT_API_URL a local Prefect server is started "
                    "on a free port (SQLite in .prefect/) and stopped on exit; with it, that "
                    "server is used.")
    when = serve.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", metavar="EXPR",
                      help='cron schedule, e.g. "0 6 * * *" for 06:00 every day')
    when.add_argument("--interval", metavar="SECONDS", type=_positive_number,
                      help="run every SECONDS seconds")
    _add_common(serve)
    serve.add_argument("--ui", action="store_true",
                       help="also serve the Prefect UI from the local server (off by default)")
    return parser


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return printable(text.splitlines()[0]) if text else type(exc).__name__


def _latest(output: Path) -> str | None:
    try:
        return (output / "LATEST").read_text(encoding="utf-8").strip()
    except OSError:
        return None


def _run(args: argparse.Namespace) -> int:
    from flows.precheck import settled
    from flows.publish.release import PublishError
    from flows.quality import RunFailed

    output = args.output.resolve()
    # nothing new, or no report file: answered before Prefect is imported and its server started
    try:
        answer = settled(seeds=str(args.seeds.resolve()), output=str(output),
                         max_bytes=int(args.max_file_mb * 2**20), cache_dir=settings.CACHE_DIR)
    except (RunFailed, PublishError) as exc:
        print(_first_line(exc), file=sys.stderr)
        return 1
    if answer is not None:
        print("\n".join(printable(line) for line in answer.splitlines()))
        return 0

    from flows import serve

    latest_before = _latest(output)
    # our own local API server (not Prefect's implicit temporary one): it dies with this process
    # even on kill -9, Dask workers report to it, and it boots while the flow is imported
    api = serve.temporary_api(meanwhile=lambda: importlib.import_module("flows.pipeline"))
    try:
        # SIGTERM unwinds like Ctrl-C, so the temporary server and Dask workers are stopped
        with serve.sigterm_raises(), api:
            from flows import pipeline

            message = pipeline.publish_work_reports(seeds=str(args.seeds.resolve()), output=str(output),
                           allow_shrink=args.allow_shrink, batch_size=args.batch_size,
                           cache_dir=str(settings.CACHE_DIR), task_runner=args.task_runner,
                           dask_address=args.dask_address, repair=args.repair,
                           max_file_mb=args.max_file_mb, workers=args.workers)
    except (RunFailed, PublishError) as exc:
        print(_first_line(exc), file=sys.stderr)
        return 1
    except (KeyboardInterrupt, SystemExit) as exc:
        latest = _latest(output)
        if latest != latest_before and latest and (output / latest).is_dir():
            # the signal came after the release was moved into place and recorded
            print(f"published {latest} (interrupted afterwards)")
            return 0
        print("interrupted", file=sys.stderr)
        return exc.code if isinstance(exc, SystemExit) and isinstance(exc.code, int) else 130
    except Exception as exc:
        if args.verbose:
            raise
        if problem := prefect_server_problem(exc):
            print(f"run failed: {problem}; LATEST is {_latest(output) or 'not set'}", file=sys.stderr)
            return 1
        print(f"run failed: {type(exc).__name__}: {_first_line(exc)} "
              "(--verbose shows the traceback)", file=sys.stderr)
        return 1
    print("\n".join(printable(line) for line in message.splitlines()))
    return 0


def prefect_server_problem(exc: BaseException, *, home: Path | None = None) -> str | None:
    """A one-line reason for an error of Prefect's own server (HTTP 5xx), or None. Its usual
    cause here is its SQLite database in PREFECT_HOME that can no longer be written (a full
    disk), which the API only reports as ``500 Internal Server Error``."""
    import shutil

    import httpx

    if not isinstance(exc, httpx.HTTPStatusError) or exc.response.status_code < 500:
        return None
    home = home or settings.PREFECT_HOME
    try:
        free = f"{shutil.disk_usage(home).free / 2**20:,.0f} MB free there"
    except OSError as err:
        free = f"cannot be checked: {err.strerror}"
    return (f"Prefect's server failed (HTTP {exc.response.status_code}): its database in "
            f"{printable(home)} could not be used — is the disk full? ({free})")


def cron_problem(expr: str) -> str | None:
    """Why ``expr`` is no cron schedule Prefect accepts, or None. Checked before anything starts
    (Prefect itself would check it only once the server is up and the deployment registered)."""
    from prefect.client.schemas.schedules import CronSchedule
    from pydantic import ValidationError

    try:
        CronSchedule(cron=expr)
    except ValidationError as exc:
        return exc.errors()[0].get("msg", "invalid").removeprefix("Value error, ")
    return None


def _serve(args: argparse.Namespace) -> int:
    from flows.serve import serve_schedule

    try:
        return serve_schedule(seeds=args.seeds.resolve(), output=args.output.resolve(),
                              cron=args.cron, interval=args.interval,
                              allow_shrink=args.allow_shrink, batch_size=args.batch_size,
                              task_runner=args.task_runner, dask_address=args.dask_address,
                              ui=args.ui, repair=args.repair, max_file_mb=args.max_file_mb,
                              workers=args.workers)
    except KeyboardInterrupt:
        return 0
    except RuntimeError as exc:  # the local server did not start
        print(f"serve failed: {_first_line(exc)}", file=sys.stderr)
        return 1


def utf8_mode_argv(argv: list[str] | None) -> list[str] | None:
    """The command to run this one again in Python's UTF-8 mode, or None when it runs in it.

    File names are bytes; a release names its files by report id (texts/<id>.txt, site pages),
    Chinese as UTF-8. Under ``LC_ALL=C`` with ``PYTHONUTF8=0`` Python encodes file names as
    ASCII and could write none of them. UTF-8 mode cannot be switched on in a running
    interpreter, so the command line runs itself again with ``-X utf8`` (and PYTHONUTF8=1 for
    the processes it starts: Prefect's flow runs, Dask workers)."""
    if argv is not None or sys.getfilesystemencoding().lower().replace("-", "") == "utf8":
        return None
    return [sys.executable, "-X", "utf8", "-m", "flows", *sys.argv[1:]]


def main(argv: list[str] | None = None) -> int:
    if again := utf8_mode_argv(argv):
        os.environ["PYTHONUTF8"] = "1"
        os.execv(again[0], again)
    for stream in (sys.stdout, sys.stderr):  # an ASCII terminal (LC_ALL=C): \\uXXXX escapes, no crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.dask_address and args.task_runner != "dask":
        parser.error("--dask-address needs --task-runner dask")
    if not args.seeds.is_dir():
        print(f"no such folder: {printable(args.seeds)}", file=sys.stderr)
        return 1
    settings.apply_environment(verbose=args.verbose, one_run=args.command == "run")
    if args.command == "serve" and args.cron is not None and (problem := cron_problem(args.cron)):
        print(f"{PROG} serve: error: --cron {args.cron!r}: {problem}", file=sys.stderr)
        return 2
    if args.command == "run":
        return _run(args)
    return _serve(args)
