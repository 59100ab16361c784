"""``wristcare check`` only reads: no byte, mode, time or side file changes, nothing made."""

from __future__ import annotations

import os
import pwd
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from wristcare import cli
from wristcare.db.engine import Database
from wristcare.db.errors import DatabaseError
from wristcare.db.integrity import check_database

SIDECARS = ("-wal", "-shm", "-journal")


# main() sets up logging in each test's own data folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("fresh_logging")


def _state(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file in the folder: its bytes, mode and modification time."""
    return {
        entry.name: (
            entry.read_bytes(),
            stat.S_IMODE(entry.stat().st_mode),
            entry.stat().st_mtime_ns,
        )
        for entry in sorted(folder.iterdir())
        if entry.is_file()
    }


def _check(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str, str]:
    code = cli.main(["check", "--db", f"sqlite:///{path}"])
    out, err = capsys.readouterr()
    return code, out, err


def _locked_down(folder: Path, path: Path) -> None:
    path.chmod(0o444)
    folder.chmod(0o555)


def _journal_mode_byte(path: Path) -> int:
    # Byte 18 of the header: 1 for a rollback journal, 2 for WAL.
    return path.read_bytes()[18]


@pytest.fixture
def locked_folder(tmp_path: Path, db_path: Path) -> Iterator[tuple[Path, Path]]:
    folder = tmp_path / "theirs"
    folder.mkdir()
    path = folder / "clinic.sqlite3"
    db_path.rename(path)
    yield folder, path
    folder.chmod(0o755)


def test_check_of_a_read_only_wal_file_in_a_read_only_folder(
    locked_folder: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, path = locked_folder
    assert _journal_mode_byte(path) == 2
    _locked_down(folder, path)
    before = _state(folder)
    folder_mtime = folder.stat().st_mtime_ns

    code, out, err = _check(capsys, path)

    assert code == 0, err
    assert out.splitlines()[-1] == "ok"
    assert _state(folder) == before  # no byte, mode or time changed, no -wal or -shm
    assert folder.stat().st_mtime_ns == folder_mtime


def test_check_never_switches_a_rollback_journal_file_to_wal(
    locked_folder: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, path = locked_folder
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
    assert _journal_mode_byte(path) == 1
    _locked_down(folder, path)
    before = _state(folder)

    code, out, err = _check(capsys, path)

    assert code == 0, err
    assert _state(folder) == before
    assert _journal_mode_byte(path) == 1


def test_check_reads_changes_still_in_the_wal_file(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Another program has the database open and its last commit is only in the -wal file.
    writer = sqlite3.connect(db_path)
    try:
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("PRAGMA foreign_keys=OFF")
        writer.execute(
            "INSERT INTO consents (patient_id, modality, given_on, method, consenter, "
            "guardian_name, notes, recorded_at, recorded_by, version_id) VALUES "
            "(77, 'cupping', '2024-01-01', 'written', 'patient', '', '', '2024-01-01', '', 1)"
        )
        writer.commit()
        assert db_path.with_name(db_path.name + "-wal").stat().st_size > 0

        code, out, _ = _check(capsys, db_path)

        assert code == 1
        assert "1 rows point at records that do not exist" in out
    finally:
        writer.close()


def test_check_leaves_someone_elses_group_file_as_it_was(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path.chmod(0o660)
    before = _state(db_path.parent)

    code, _, err = _check(capsys, db_path)

    assert code == 0, err
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o660
    assert _state(db_path.parent) == before


def test_check_refuses_an_empty_file_and_leaves_it_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    path.chmod(0o644)

    code, out, err = _check(capsys, path)

    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and "empty" in err
    assert path.read_bytes() == b""
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.sqlite3", "userdata"]


@pytest.mark.parametrize("missing", ["typo.sqlite3", "no-such-folder/clinic.sqlite3"])
def test_check_of_a_missing_path_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], missing: str
) -> None:
    code, _, err = _check(capsys, tmp_path / missing)
    assert code == 2
    assert len(err.splitlines()) == 1 and "no database at" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["userdata"]


def test_a_read_only_database_refuses_writes(db_path: Path) -> None:
    database = Database(f"sqlite:///{db_path}", read_only=True)
    try:
        assert check_database(database).ok
        with pytest.raises(DatabaseError), database.transaction() as db:
            db.execute(text("DELETE FROM acupoints"))
    finally:
        database.dispose()
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM acupoints").fetchone() == (404,)


# --- as another user ---------------------------------------------------------------------

# Everything the check needs is imported before the process becomes "nobody": this
# interpreter's own files (under /root) are not readable by that user.
AS_NOBODY = """
import os, sys
from wristcare import cli, logs
from wristcare.db import engine, integrity, migrate
import wristcare.clinic.sessions.chain
import sqlalchemy.dialects.sqlite.pysqlite, alembic.runtime.migration, alembic.script
migrate.head_revision()
os.setgroups([])
os.setgid({gid})
os.setuid({uid})
sys.exit(cli.main(["check", "--db", "sqlite:///{path}"]))
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to become another user")
def test_check_as_another_user_on_their_read_only_file(template_db: Path) -> None:
    nobody = pwd.getpwnam("nobody")
    # A folder the other user can reach (pytest's own temporary folders are root-only).
    outer = Path(tempfile.mkdtemp(prefix="wristcare-ro-"))
    try:
        outer.chmod(0o755)
        folder = outer / "owner-only-writable"
        folder.mkdir()
        path = folder / "clinic.sqlite3"
        path.write_bytes(template_db.read_bytes())
        path.chmod(0o444)
        folder.chmod(0o555)
        before = _state(folder)

        result = subprocess.run(
            [
                sys.executable,
                "-c",
                AS_NOBODY.format(uid=nobody.pw_uid, gid=nobody.pw_gid, path=path),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**os.environ, "WRISTCARE_DATA_DIR": str(outer / "nobody-data")},
        )

        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout.splitlines()[-1] == "ok"
        assert _state(folder) == before
    finally:
        folder.chmod(0o755)
        shutil.rmtree(outer)
