"""The ``wristcare`` command: start the app, or run a task on the database.

Every failure a user can cause (a bad URL, an unknown command, an unreadable file)
ends in one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from wristcare import __version__, config
from wristcare.db.engine import Database
from wristcare.errors import WristCareError

log = logging.getLogger(__name__)

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog.split()[0]} --help)\n")


def _add_db(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help=f"database URL (else ${config.DB_URL_ENV}, else the file in the data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wristcare", description="Notes and care plans for acupuncturists.")
    parser.add_argument("--version", action="version", version=f"WristCare {__version__}")
    _add_db(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    demo = commands.add_parser("demo", help="fill the database with made-up demo patients")
    demo.add_argument("--patients", type=int, default=200, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    _add_db(demo, argparse.SUPPRESS)

    migrate = commands.add_parser("migrate", help="upgrade the database to this version")
    _add_db(migrate, argparse.SUPPRESS)

    check = commands.add_parser("check", help="report the schema version and integrity")
    _add_db(check, argparse.SUPPRESS)

    run = commands.add_parser("run", help="start the app (the default)")
    _add_db(run, argparse.SUPPRESS)
    return parser


def open_database(url: str | None) -> Database:
    """Open the database the user asked for; the default data folder is made private."""
    resolved = config.resolve_db_url(url)
    if resolved == config.default_db_url():
        config.ensure_private_dir(config.data_dir())
    return Database(resolved)


def open_current(url: str | None) -> Database:
    """Open and upgrade to the current schema (copying an older database aside first)."""
    from wristcare.db.migrate import upgrade

    database = open_database(url)
    result = upgrade(database)
    if result.changed:
        log.info("database schema %s -> %s", result.previous, result.current)
    return database


def _demo(args: argparse.Namespace) -> int:
    from wristcare.clinic.demo import fill_demo

    if args.patients < 1 or args.patients > 100_000:
        raise WristCareError("--patients takes a number from 1 to 100000")
    database = open_current(args.db)
    added = fill_demo(database, patients=args.patients, seed=args.seed)
    print(
        f"added {added.patients} demo patients, {added.sessions} sessions, {added.plans} plans "
        f"(written as {added.practitioner!r})"
    )
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from wristcare.db.migrate import upgrade

    database = open_database(args.db)
    result = upgrade(database)
    if result.changed:
        print(f"upgraded schema {result.previous or '(new database)'} -> {result.current}")
        if result.backup:
            print(f"the previous database was copied to {result.backup}")
    else:
        print(f"schema {result.current} is current; nothing to do")
    return 0


def _schema_state(schema: str | None, expected: str) -> str:
    from wristcare.db.migrate import is_known_revision

    if schema == expected:
        return "current"
    if schema is not None and not is_known_revision(schema):
        return "written by a newer WristCare"
    return "needs upgrade"


def _check(args: argparse.Namespace) -> int:
    from wristcare.db.engine import parse_url, sqlite_path
    from wristcare.db.integrity import check_database

    # Checking must not leave an empty database behind where a path was mistyped.
    path = sqlite_path(parse_url(config.resolve_db_url(args.db)))
    if path is not None and not path.exists():
        raise WristCareError(f"There is no database at {path}")
    report = check_database(open_database(args.db))
    state = _schema_state(report.schema, report.expected_schema)
    schema = report.schema or "none (empty database)"
    print(f"schema: {schema} ({state}; this version writes {report.expected_schema})")
    for problem in report.problems:
        print(problem)
    print("ok" if report.ok else "problems found")
    return 0 if report.ok else 1


def _run(args: argparse.Namespace) -> int:
    from wristcare.gui.app import run_app

    return run_app(lambda: open_current(args.db))


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: _run,
    "run": _run,
    "demo": _demo,
    "migrate": _migrate,
    "check": _check,
}


def _parse(argv: Sequence[str] | None) -> argparse.Namespace | int:
    # argparse ends --version, --help and usage errors with SystemExit; hand back the
    # status instead, so that main() always returns one (and tests can call it).
    try:
        return build_parser().parse_args(argv)
    except SystemExit as stop:
        code = stop.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_USAGE)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command in ``argv`` (default: the process arguments); returns the exit status."""
    from wristcare.logs import setup_logging

    args = _parse(argv)
    if isinstance(args, int):
        return args
    setup_logging()
    try:
        return COMMANDS[args.command](args)
    except WristCareError as error:
        print(f"wristcare: {error.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a bug: keep the details in the log, not on the screen
        from wristcare.logs import crash_report

        log.error("unexpected error\n%s", crash_report(type(error), error, error.__traceback__))
        print("wristcare: unexpected error; the details are in the log", file=sys.stderr)
        return 1
