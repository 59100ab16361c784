"""Benchmarks: run with `make bench`, never part of `make test`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def clinic_20k(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A database with 20,000 demo patients, written through the clinic use cases (made
    once per run; takes about a quarter of an hour; WRISTCARE_BENCH_DB names a file made
    so earlier to copy instead). One in ten has a course of notes:
    every note goes through the session use cases, and 20,000 courses would take hours."""
    from wristcare.db.engine import Database
    from wristcare.db.migrate import upgrade
    from wristcare.demo.fill import fill_demo

    path: Path = tmp_path_factory.mktemp("bench") / "clinic.sqlite3"
    prebuilt = os.environ.get("WRISTCARE_BENCH_DB")
    if prebuilt:  # a copy of a file made earlier the same way: runs compare on one file
        shutil.copyfile(prebuilt, path)
        database = Database(f"sqlite:///{path}")
        yield database
        database.dispose()
        return
    database = Database(f"sqlite:///{path}")
    upgrade(database)
    fill_demo(database, patients=20_000, seed=7, course_share=0.1)
    # As a clinic's file is when the app opens it: the bulk load folded into the main
    # file, not waiting in the write-ahead log.
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    yield database
    database.dispose()
