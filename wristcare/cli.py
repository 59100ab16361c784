"""The ``wristcare`` command: start the app, or run a task on the database.

Every failure a user can cause (a bad URL, an unknown command, an unreadable file)
ends in one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from wristcare import __version__, config
from wristcare.db.engine import Database, is_memory, parse_url, sqlite_path
from wristcare.db.errors import DatabaseError
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

    plan_pdf = commands.add_parser(
        "plan-pdf", help="print a patient's current care plan to a PDF (recorded as handed over)"
    )
    plan_pdf.add_argument(
        "--patient",
        required=True,
        metavar="RECORD_NUMBER",
        help="the record number shown in the app, for example P000029",
    )
    plan_pdf.add_argument("--out", required=True, type=Path, metavar="FILE")
    plan_pdf.add_argument("--large-print", action="store_true", help="body text 16 pt")
    _add_db(plan_pdf, argparse.SUPPRESS)
    report = commands.add_parser("report", help="write a patient's progress report as a PDF")
    report.add_argument("--patient", required=True, metavar="RECORD_NUMBER")
    report.add_argument("--out", required=True, metavar="FILE", type=Path)
    _add_db(report, argparse.SUPPRESS)

    migrate = commands.add_parser("migrate", help="upgrade the database to this version")
    _add_db(migrate, argparse.SUPPRESS)

    check = commands.add_parser("check", help="report the schema version and integrity")
    _add_db(check, argparse.SUPPRESS)

    rules = commands.add_parser("rules", help="list the safety rules (no database needed)")
    # Its own name: ``wristcare --db URL rules`` (the global option) opens nothing, as
    # before; ``wristcare rules --db URL`` asks for the clinic's switched-off cautions.
    rules.add_argument(
        "--db",
        dest="rules_db",
        metavar="URL",
        default=None,
        help="also show which cautions this clinic's database has switched off",
    )

    letter = commands.add_parser(
        "letter", help="write a referral letter to the family doctor as of the latest session"
    )
    letter.add_argument("--patient", required=True, metavar="RECORD_NUMBER")
    letter.add_argument("--out", required=True, metavar="FILE", type=Path)
    _add_db(letter, argparse.SUPPRESS)

    run = commands.add_parser("run", help="start the app (the default)")
    _add_db(run, argparse.SUPPRESS)
    return parser


def database_url(url: str | None) -> str:
    """The URL of the database to use, refusing ones that cannot keep records."""
    if url == "":
        raise WristCareError("--db needs a database URL, for example sqlite:///path/to/file")
    resolved = config.resolve_db_url(url)
    if is_memory(parse_url(resolved)):
        raise WristCareError(
            "An in-memory database keeps nothing once WristCare stops: "
            "give a file (sqlite:///path/to/file) or a server"
        )
    return resolved


def new_file_to_create(url: str | None) -> Path | None:
    """The SQLite file that opening ``url`` would create, unless it is the default one.

    A new default data file is expected on first run; a new file anywhere else is more
    likely a mistyped path, and should be confirmed before it is made.
    """
    resolved = database_url(url)
    path = sqlite_path(parse_url(resolved))
    if path is None or resolved == config.default_db_url():
        return None
    try:
        return None if path.exists() else path
    except OSError:
        return None  # opening it will say what is wrong with the path


def open_database(url: str | None) -> Database:
    """Open the database the user asked for; the default data folder is made private."""
    resolved = database_url(url)
    if resolved == config.default_db_url():
        folder = config.data_dir()
        try:
            config.ensure_private_dir(folder)
        except OSError as error:
            raise DatabaseError(
                f"Cannot create the data folder {folder}: {error.strerror}"
            ) from None
    return Database(resolved)


def open_current(url: str | None) -> Database:
    """Open and upgrade to the current schema (copying an older database aside first)."""
    from wristcare.db.migrate import upgrade

    database = open_database(url)
    try:
        result = upgrade(database)
    except BaseException:
        database.dispose()
        raise
    if result.changed:
        log.info("database schema %s -> %s", result.previous, result.current)
    return database


def _demo(args: argparse.Namespace) -> int:
    from wristcare.clinic.demo import fill_demo

    if args.patients < 1 or args.patients > 100_000:
        raise WristCareError("--patients takes a number from 1 to 100000")
    database = open_current(args.db)
    added = fill_demo(database, patients=args.patients, seed=args.seed)
    from wristcare.export.demo_handouts import add_demo_handouts

    handouts = add_demo_handouts(database, added.current_plans)
    print(
        f"added {added.patients} demo patients, {added.sessions} sessions, {added.plans} plans, "
        f"{handouts} handouts (written as {added.practitioner!r})"
    )
    return 0


def _plan_pdf(args: argparse.Namespace) -> int:
    from wristcare.clinic.patients import PatientQuery, search_patients
    from wristcare.clinic.plans import current_plan
    from wristcare.clinic.practitioners import context_for
    from wristcare.export.handouts import record_rendered, render_plan, write_private

    number = args.patient.strip().upper()
    out: Path = args.out
    if out.is_dir():
        raise WristCareError(f"--out {out} is a folder: give the name of the PDF file to write")
    if not out.parent.is_dir():
        raise WristCareError(f"--out: the folder {out.parent} does not exist")
    database = open_current(args.db)
    try:
        query = PatientQuery(text=number, include_archived=True)
        found = [row for row in search_patients(database, query) if row.record_number == number]
        if not found:
            raise WristCareError(f"No patient has the record number {number}")
        plan = current_plan(database, found[0].id)
        if plan is None:
            raise WristCareError(f"Patient {number} has no current plan: make one current first")
        # The command line has nobody to ask who is printing: the plan's practitioner.
        ctx = context_for(database, plan.practitioner_id)
        rendered = render_plan(database, ctx, plan.id, large_print=args.large_print)
        # Saved first: the record says what was handed over, so only a file that exists.
        write_private(out, rendered.data)
        handout = record_rendered(database, ctx, rendered)
    finally:
        database.dispose()
    print(
        f"wrote {out} ({len(rendered.data):,} bytes); handout {handout.id} recorded, "
        f"SHA-256 {handout.sha256}"
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    from wristcare.clinic.outcome_store.course import find_course_patient
    from wristcare.export.progress_report import write_progress_report_pdf
    from wristcare.export.progress_report_document import report_document

    # A report only reads: a mistyped path must not leave a new, empty database behind.
    path = sqlite_path(parse_url(database_url(args.db)))
    if path is not None and not path.exists():
        raise WristCareError(f"There is no database at {path}")
    if not args.patient.strip():
        raise WristCareError("--patient needs a record number")
    if args.out.is_dir():
        raise WristCareError(f"--out names a folder, not a file: {args.out}")
    database = open_current(args.db)
    try:
        patient = find_course_patient(database, record_number=args.patient)
        document = report_document(database, patient.id)
        write_progress_report_pdf(document, args.out)
    finally:
        database.dispose()
    # The record number only: the terminal (and its scrollback) gets no patient's name.
    print(f"wrote the progress report of record {patient.record_number} to {args.out}")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from wristcare.db.migrate import upgrade

    database = open_database(args.db)
    # verify: an up-to-date but damaged database must not be reported as fine.
    result = upgrade(database, verify=True)
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
    from wristcare.db.integrity import check_database

    # Read-only: no folder, file, journal or mode is created or changed, so a check of
    # someone else's file (or a mistyped path) leaves everything as it was.
    database = Database(database_url(args.db), read_only=True)
    try:
        report = check_database(database)
        chains = []
        if report.schema == report.expected_schema:
            from wristcare.clinic.sessions.chain import verify_chains

            chains = [f"signatures: {problem}" for problem in verify_chains(database)]
    finally:
        database.dispose()
    state = _schema_state(report.schema, report.expected_schema)
    schema = report.schema or "none (empty database)"
    print(f"schema: {schema} ({state}; this version writes {report.expected_schema})")
    for problem in [*report.problems, *chains]:
        print(problem)
    ok = report.ok and not chains
    print("ok" if ok else "problems found")
    return 0 if ok else 1


def _rules_off(url: str) -> frozenset[str]:
    from wristcare.clinic.safety.switches import rules_off

    # Read-only, as for check: listing rules changes nothing in the clinic's database.
    database = Database(database_url(url), read_only=True)
    try:
        return rules_off(database)
    finally:
        database.dispose()


def _rules(args: argparse.Namespace) -> int:
    # The rules are data shipped with the app: a database is opened only when --db is
    # given, to show which cautions the clinic has switched off.
    from wristcare.clinic.safety import list_rules
    from wristcare.clinic.safety.rulebook import ALWAYS_ON_LEVELS, LEVELS

    off = _rules_off(args.rules_db) if args.rules_db is not None else frozenset()
    rows = [("CODE", "LEVEL", "SWITCHABLE", "TITLE", "SOURCE")]
    for rule in list_rules():
        always_on = rule.level in ALWAYS_ON_LEVELS or not rule.may_disable
        switchable = "always on" if always_on else "yes"
        if rule.code in off:
            switchable = "switched off"
        rows.append((rule.code, LEVELS[rule.level], switchable, rule.title, rule.source))
    widths = [max(len(cell) for cell in column) for column in zip(*rows, strict=True)]
    for row in rows:
        # The last column is not padded: no trailing spaces.
        print("  ".join([*map(str.ljust, row[:4], widths), row[4]]))
    return 0


def _letter(args: argparse.Namespace) -> int:
    from datetime import datetime

    from wristcare.clinic.clinic_settings import get_clinic_settings
    from wristcare.clinic.referrals import referral_letter_facts
    from wristcare.export.referral_letter import write_referral_letter

    if args.out.is_dir():
        raise WristCareError(f"--out names a folder, not a file: {args.out}")
    database = open_current(args.db)
    try:
        today = datetime.now(get_clinic_settings(database).zone).date()
        facts = referral_letter_facts(database, args.patient, today)
    finally:
        database.dispose()
    write_referral_letter(facts, args.out)
    print(f"wrote the referral letter for {facts.record_number} to {args.out}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from wristcare.gui.app import run_app

    # A wrong --db was typed on a command line: it is answered there, before any window.
    database_url(args.db)
    return run_app(lambda: open_current(args.db), new_file=lambda: new_file_to_create(args.db))


COMMANDS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: _run,
    "run": _run,
    "demo": _demo,
    "plan-pdf": _plan_pdf,
    "report": _report,
    "migrate": _migrate,
    "check": _check,
    "rules": _rules,
    "letter": _letter,
}


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _log_failure(command: str, error: WristCareError) -> None:
    # Storage messages are written by WristCare and hold no record's content; any other
    # message may quote what was typed, so only its kind is logged.
    # INFO, not WARNING: with no writable data folder the log falls back to stderr for
    # warnings, and the command line promises one line.
    detail = _one_line(error.message) if isinstance(error, DatabaseError) else ""
    log.info("%s failed: %s %s", command, type(error).__name__, detail)


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
        _log_failure(args.command or "run", error)
        print(f"wristcare: {_one_line(error.message)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``wristcare rules | head``): nothing more to say. Point
        # stdout at nothing so that Python's own flush at exit does not complain.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as error:  # a bug: keep the details in the log, not on the screen
        from wristcare.logs import crash_report

        log.error("unexpected error\n%s", crash_report(type(error), error, error.__traceback__))
        print("wristcare: unexpected error; the details are in the log", file=sys.stderr)
        return 1
