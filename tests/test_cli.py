"""The ``wristcare`` command, run in-process (and once as a real process)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import one_line_error as _one_line_error
from cli_helpers import run as _run

from wristcare import __version__, cli
from wristcare.db.migrate import head_revision

# main() sets up logging in each test's own data folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("fresh_logging")


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"WristCare {__version__}"
    assert err == ""


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    for command in ("demo", "migrate", "check", "run"):
        assert command in out


def test_demo_then_check(db_path: Path, demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{db_path}"  # a new, migrated database

    code, out, err = _run(capsys, "demo", "--patients", "2", "--seed", "3", "--db", url)
    assert code == 0, err
    assert out.startswith("added 2 demo patients")
    assert "written as 'Demo practitioner'" in out
    assert _count(db_path, "patients") == 2

    # The shared demo database has every kind of record the demo writes.
    code, out, err = _run(capsys, "check", "--db", f"sqlite:///{demo_db}")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == f"schema: {head_revision()} (current; this version writes {head_revision()})"
    assert lines[-1] == "ok"


def test_db_option_before_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "first.sqlite3"
    code, out, _ = _run(capsys, "--db", f"sqlite:///{path}", "migrate")
    assert code == 0
    assert path.exists()


def test_migrate_a_new_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"

    code, out, err = _run(capsys, "migrate", "--db", url)
    assert code == 0, err
    assert out.strip() == f"upgraded schema (new database) -> {head_revision()}"

    code, out, _ = _run(capsys, "migrate", "--db", url)
    assert code == 0
    assert out.strip() == f"schema {head_revision()} is current; nothing to do"
    assert _count(tmp_path / "new.sqlite3", "acupoints") == 404


def test_default_database_is_in_the_private_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "migrate")
    assert code == 0, err
    data = tmp_path / "userdata"  # see the autouse fixture in tests/conftest.py
    assert (data / "wristcare.sqlite3").exists()
    assert data.stat().st_mode & 0o077 == 0


def test_environment_variable_chooses_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("WRISTCARE_DB_URL", f"sqlite:///{path}")
    code, _, _ = _run(capsys, "migrate")
    assert code == 0
    assert path.exists()


def test_check_of_a_missing_file_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "typo.sqlite3"
    code, _, err = _run(capsys, "check", "--db", f"sqlite:///{path}")
    assert "no database at" in _one_line_error(code, err)
    assert not path.exists()


def test_check_of_an_empty_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An empty file is not a database, and check must not make it one.
    path = tmp_path / "empty.sqlite3"
    path.touch()
    code, out, err = _run(capsys, "check", "--db", f"sqlite:///{path}")
    assert "is empty" in _one_line_error(code, err)
    assert out == ""
    assert path.read_bytes() == b""


def test_check_of_a_newer_database(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    code, out, _ = _run(capsys, "check", "--db", f"sqlite:///{db_path}")
    assert code == 1
    assert "written by a newer WristCare" in out.splitlines()[0]


def test_opening_a_newer_database_is_refused(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    code, _, err = _run(capsys, "migrate", "--db", f"sqlite:///{db_path}")
    assert "newer WristCare" in _one_line_error(code, err)


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        ["--no-such-option"],
        ["demo", "--patients", "many"],
        ["demo", "--patients", "0", "--db", "sqlite://"],
        ["--db", "nonsense://x", "check"],
        ["check", "--db", "nonsense://x"],
        ["migrate", "--db", "this is not a url"],
        ["migrate", "--db", "postgresql://clinic@server/wristcare"],
    ],
)
def test_user_errors_are_one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = _run(capsys, *argv)
    _one_line_error(code, err)
    assert out == ""


def test_a_file_that_is_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("Dear Dr Smith,\n" * 20, encoding="utf-8")
    for command in ("check", "migrate", "demo"):
        code, _, err = _run(capsys, command, "--db", f"sqlite:///{path}")
        assert "not a WristCare database" in _one_line_error(code, err)
    assert path.read_text(encoding="utf-8").startswith("Dear Dr Smith")


def test_a_path_inside_a_regular_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "plain-file"
    blocker.write_text("x", encoding="utf-8")
    for target in (blocker / "db.sqlite3", blocker / "sub" / "db.sqlite3"):
        code, _, err = _run(capsys, "migrate", "--db", f"sqlite:///{target}")
        _one_line_error(code, err)


def test_a_bug_is_one_line_and_the_log_keeps_no_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(args: object) -> int:
        raise RuntimeError("could not save Jane Doe-Example")

    monkeypatch.setitem(cli.COMMANDS, "check", broken)
    code, _, err = _run(capsys, "check")

    assert code == 1
    assert err.splitlines() == ["wristcare: unexpected error; the details are in the log"]
    log = (tmp_path / "userdata" / "logs" / "wristcare.log").read_text(encoding="utf-8")
    assert "RuntimeError" in log and "broken" in log
    assert "Jane" not in log


def test_the_installed_command_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wristcare", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"WristCare {__version__}"


def test_demo_never_writes_into_a_database_with_patients(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    patients, audit_before = _count(demo_db, "patients"), _count(demo_db, "audit_entries")

    code, out, err = _run(capsys, "demo", "--patients", "3", "--db", f"sqlite:///{demo_db}")

    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "new or empty database" in err
    assert _count(demo_db, "patients") == patients
    assert _count(demo_db, "audit_entries") == audit_before
    assert _count(demo_db, "practitioners") == 1


# --- the demo database -------------------------------------------------------------------


def _rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def test_demo_patients_have_histories_consents_and_sessions(demo_db: Path) -> None:
    patients = _count(demo_db, "patients")
    assert patients > 10
    with_history = _rows(demo_db, "SELECT count(DISTINCT patient_id) FROM health_histories")
    assert with_history == [(patients,)]
    consented = _rows(demo_db, "SELECT count(DISTINCT patient_id) FROM consents")[0][0]
    treated = _rows(demo_db, "SELECT count(DISTINCT patient_id) FROM treatment_sessions")[0][0]
    assert 0 < consented < patients
    assert 0 < treated < patients
    numbers = [r[0] for r in _rows(demo_db, "SELECT record_number FROM patients ORDER BY id")]
    assert numbers[0] == "P000001" and numbers[-1] == f"P{patients:06d}"
    blank = _rows(demo_db, "SELECT count(*) FROM patients WHERE search_text = ''")
    assert blank == [(0,)]


def test_demo_is_deterministic(tmp_path: Path, template_db: Path) -> None:
    # Three patients each, written into copies of a migrated database (migrating is the
    # slow part): enough for another seed to give other people.
    def demo(name: str, seed: int) -> list[tuple]:
        path = tmp_path / f"{name}.sqlite3"
        shutil.copyfile(template_db, path)
        url = f"sqlite:///{path}"
        assert cli.main(["demo", "--patients", "3", "--seed", str(seed), "--db", url]) == 0
        return _rows(path, "SELECT name, date_of_birth FROM patients ORDER BY id")

    first = demo("one", 7)
    assert demo("two", 7) == first
    assert demo("other", 8) != first


def test_migrate_an_older_database_reports_the_backup(
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import shutil

    from wristcare.db import migrate

    # A copy of the migrations with one more (empty) revision makes today's head "older".
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, folder)
    older = head_revision()
    (folder / "versions" / "9999_next.py").write_text(
        f'revision = "9999"\ndown_revision = "{older}"\nbranch_labels = None\n'
        "depends_on = None\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", folder)

    code, out, err = _run(capsys, "migrate", "--db", f"sqlite:///{db_path}")

    assert code == 0, err
    first, second = out.splitlines()
    assert first == f"upgraded schema {older} -> 9999"
    backup = Path(second.removeprefix("the previous database was copied to "))
    assert backup.parent == db_path.parent and backup.exists()
    assert f"before-upgrade-from-{older}" in backup.name


# --- damaged files, odd --db values ------------------------------------------------------


def _no_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong --db is answered on the command line; the window must not open."""

    def run_app(*args: object, **kwargs: object) -> int:
        raise AssertionError("the app started")

    monkeypatch.setattr("wristcare.gui.app.run_app", run_app)


def _log_text(tmp_path: Path) -> str:
    return (tmp_path / "userdata" / "logs" / "wristcare.log").read_text(encoding="utf-8")


def test_check_of_a_schema_sqlite_cannot_spell_is_one_line(
    undecodable_schema_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("check", "migrate"):
        code, out, err = _run(capsys, command, "--db", f"sqlite:///{undecodable_schema_db}")
        assert "damaged" in _one_line_error(code, err)
        assert out == ""
    assert "DatabaseCorruptError" in _log_text(tmp_path)


def test_migrate_refuses_a_damaged_database(
    damaged_index_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = damaged_index_db.read_bytes()
    code, out, err = _run(capsys, "migrate", "--db", f"sqlite:///{damaged_index_db}")
    assert "damaged" in _one_line_error(code, err)
    assert out == ""
    assert damaged_index_db.read_bytes() == before
    assert list(damaged_index_db.parent.glob("*.bak")) == []
    assert "migrate failed: DatabaseCorruptError" in _log_text(tmp_path)


def test_check_reports_a_damaged_database(
    damaged_index_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "check", "--db", f"sqlite:///{damaged_index_db}")
    # SQLite either lists what it found or stops at the first damaged page.
    if code == 1:
        assert any(line.startswith("integrity:") for line in out.splitlines())
        assert out.splitlines()[-1] == "problems found"
    else:
        assert "damaged" in _one_line_error(code, err)


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
@pytest.mark.parametrize("command", ["demo", "migrate", "check", "run"])
def test_an_in_memory_database_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str, url: str
) -> None:
    _no_window(monkeypatch)
    code, out, err = _run(capsys, command, "--db", url)
    assert "in-memory" in _one_line_error(code, err)
    assert out == ""


@pytest.mark.parametrize("command", ["demo", "migrate", "check", "run"])
def test_an_empty_db_option_is_an_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    _no_window(monkeypatch)
    code, out, err = _run(capsys, command, "--db", "")
    assert "--db needs a database URL" in _one_line_error(code, err)
    assert not (tmp_path / "userdata" / "wristcare.sqlite3").exists()


@pytest.mark.parametrize("command", ["demo", "migrate", "check"])
def test_a_file_name_too_long_for_the_file_system(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    for target in (tmp_path / ("x" * 300) / "clinic.sqlite3", tmp_path / ("y" * 300)):
        code, out, err = _run(capsys, command, "--db", f"sqlite:///{target}")
        assert "name too long" in _one_line_error(code, err).lower()


def test_the_driver_message_names_the_extra(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whether or not psycopg is installed here, a missing driver is what the user sees.
    import sqlalchemy.dialects.postgresql.psycopg as dialect

    def no_driver(*args: object, **kwargs: object) -> None:
        raise ImportError("No module named 'psycopg'")

    monkeypatch.setattr(dialect.PGDialect_psycopg, "import_dbapi", classmethod(no_driver))
    code, _, err = _run(capsys, "check", "--db", "postgresql+psycopg://clinic@server/wristcare")
    assert "pip install 'wristcare[postgresql]'" in _one_line_error(code, err)


@pytest.mark.parametrize("command", ["demo", "migrate"])
def test_an_unwritable_data_folder_is_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
) -> None:
    # Root may write anywhere: a file where the folder should be stands in for a folder
    # that cannot be made.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("WRISTCARE_DATA_DIR", str(blocker / "WristCare"))
    code, out, err = _run(capsys, command)
    assert "Cannot create the data folder" in _one_line_error(code, err)
    assert out == ""


# --- plan-pdf ------------------------------------------------------------------------------


@pytest.fixture
def patient_with_plan(database, ctx):  # type: ignore[no-untyped-def]
    """P000001 with a current plan, P000002 with only a draft; the clinic named."""
    from dataclasses import replace
    from datetime import timedelta

    from wristcare.clinic.clinic_settings import get_clinic_settings, update_clinic_settings
    from wristcare.clinic.homecare_library import homecare_item
    from wristcare.clinic.patients import PatientDetails, create_patient
    from wristcare.clinic.plans import (
        PhaseDetails,
        PlanDetails,
        PlanPointDetails,
        create_plan,
        homecare_details_from,
        make_current,
    )
    from wristcare.db.vocab import Side

    settings = get_clinic_settings(database)
    update_clinic_settings(
        database,
        ctx,
        replace(settings.details, name="Riverside Clinic"),
        expected_version=settings.version_id,
    )
    details = PlanDetails(
        problem="Tingling in the right hand",
        started_on=ctx.today(),
        review_on=ctx.today() + timedelta(weeks=4),
        phases=[PhaseDetails(2, 3)],
        points=[PlanPointDetails("PC7", Side.RIGHT)],
        home_care=[homecare_details_from(homecare_item("tendon_gliding"))],
    )
    first = create_patient(database, ctx, PatientDetails(name="Wang Xiaoming 王小明"))
    plan = create_plan(database, ctx, first.id, details)
    make_current(database, ctx, plan.id, expected_version=plan.version)
    second = create_patient(database, ctx, PatientDetails(name="Bea Draft"))
    create_plan(database, ctx, second.id, details)
    database.dispose()
    return first.record_number, second.record_number


def test_plan_pdf_writes_the_current_plan_owner_only_and_records_it(
    db_path: Path, patient_with_plan: tuple[str, str], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    import io
    import stat

    import pypdf

    out = tmp_path / "plan.pdf"
    url = f"sqlite:///{db_path}"
    number = patient_with_plan[0].lower()  # typed in lower case: still found
    code, stdout, err = _run(
        capsys, "plan-pdf", "--patient", number, "--out", str(out), "--large-print", "--db", url
    )

    assert (code, err) == (0, "")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "王小明" in text and "Tendon gliding" in text and "大陵" in text
    rows = _rows(db_path, "SELECT sha256, large_print FROM plan_issues")
    assert rows == [(__import__("hashlib").sha256(out.read_bytes()).hexdigest(), 1)]
    assert rows[0][0] in stdout


@pytest.mark.parametrize(
    ("patient", "words"),
    [("P000404", "No patient has the record number P000404"), ("P000002", "no current plan")],
)
def test_plan_pdf_refuses_in_one_line_and_writes_nothing(
    db_path: Path, patient_with_plan: tuple[str, str], tmp_path: Path,
    capsys: pytest.CaptureFixture[str], patient: str, words: str,
) -> None:  # fmt: skip
    out = tmp_path / "plan.pdf"
    code, stdout, err = _run(capsys, "plan-pdf", "--patient", patient, "--out", str(out),
                             "--db", f"sqlite:///{db_path}")  # fmt: skip
    assert words in _one_line_error(code, err)
    assert stdout == "" and not out.exists()
    assert _count(db_path, "plan_issues") == 0


def test_plan_pdf_into_a_missing_folder_is_refused_before_anything_is_recorded(
    db_path: Path, patient_with_plan: tuple[str, str], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    nowhere = str(tmp_path / "nowhere" / "plan.pdf")
    url = f"sqlite:///{db_path}"
    code, _, err = _run(
        capsys, "plan-pdf", "--patient", patient_with_plan[0], "--out", nowhere, "--db", url
    )
    assert "does not exist" in _one_line_error(code, err)
    code, _, err = _run(capsys, "plan-pdf", "--patient", patient_with_plan[0])
    assert "--out" in _one_line_error(code, err)
    assert _count(db_path, "plan_issues") == 0


def test_demo_patients_with_sessions_have_plans_and_some_handouts(demo_db: Path) -> None:
    treated = {r[0] for r in _rows(demo_db, "SELECT DISTINCT patient_id FROM treatment_sessions")}
    current = _rows(demo_db, "SELECT patient_id FROM treatment_plans WHERE status = 'active'")
    assert treated == {row[0] for row in current} and len(current) == len(treated)
    handouts = _rows(demo_db, "SELECT plan_id, large_print, length(sha256) FROM plan_issues")
    assert 0 < len(handouts) < len(treated)
    assert {row[2] for row in handouts} == {64}
