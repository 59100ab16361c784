"""The layering rules of design.md, and the promise that logs hold no patient data."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import wristcare.clinic
import wristcare.db

IMPORT_EVERYTHING_BELOW_GUI = """
import importlib, pkgutil, sys
import wristcare.clinic, wristcare.db
names = ["wristcare.cli", "wristcare.config", "wristcare.logs", "wristcare.errors"]
for package in (wristcare.clinic, wristcare.db):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        names.append(info.name)
import wristcare.export
names.append("wristcare.export")
for info in pkgutil.walk_packages(wristcare.export.__path__, "wristcare.export."):
    names.append(info.name)
for name in names:
    if ".migrations.versions." in name or name.endswith(".migrations.env"):
        continue  # run by Alembic, not imported
    importlib.import_module(name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
gui = sorted(m for m in sys.modules if m.startswith("wristcare.gui"))
print(len(names), qt, gui)
"""


def _python(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_layers_below_the_gui_never_import_qt() -> None:
    result = _python(IMPORT_EVERYTHING_BELOW_GUI)
    assert result.returncode == 0, result.stderr
    count, qt, gui = result.stdout.split(" ", 2)
    assert int(count) >= 15  # the walk found the modules
    assert qt == "[]"
    assert gui.strip() == "[]"


def test_clinic_modules_are_all_listed() -> None:
    # The subprocess walks the packages; make sure the walk sees what is on disk.
    clinic = {m.name for m in pkgutil.iter_modules(wristcare.clinic.__path__)}
    db = {m.name for m in pkgutil.iter_modules(wristcare.db.__path__)}
    assert {"patients", "history", "consent", "alerts", "acupoints", "retention"} <= clinic
    assert {"engine", "migrate", "models", "reference_data", "integrity"} <= db


def test_log_holds_no_patient_names(tmp_path: Path) -> None:
    env = {**os.environ, "WRISTCARE_DATA_DIR": str(tmp_path / "data")}
    env.pop("WRISTCARE_DB_URL", None)
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    script = f"""
        import logging, sqlite3
        from wristcare import cli
        from wristcare.logs import crash_report
        assert cli.main(["demo", "--patients", "40", "--seed", "5", "--db", {url!r}]) == 0
        names = [r[0] for r in sqlite3.connect({str(tmp_path / "demo.sqlite3")!r})
                 .execute("SELECT name FROM patients")]
        try:
            try:
                raise KeyError(names[0])
            except KeyError as inner:
                raise ValueError("could not save " + names[1]) from inner
        except ValueError as error:
            logging.getLogger("wristcare.test").error(
                "crash\\n%s", crash_report(type(error), error, error.__traceback__)
            )
        print("\\n".join(names))
    """
    result = _python(script, env)
    assert result.returncode == 0, result.stderr
    added, *names = result.stdout.splitlines()
    assert added.startswith("added 40 demo patients")
    assert len(names) == 40

    log = (tmp_path / "data" / "logs" / "wristcare.log").read_text(encoding="utf-8")
    assert "database schema" in log  # the demo run did log
    assert "builtins.ValueError (message withheld" in log
    assert "caused by builtins.KeyError" in log
    for name in names:
        for part in name.split():
            if len(part) > 3:  # "Tom", "Ali" could be anywhere in a path
                assert part not in log, part
