"""The layering rules of design.md, and the promise that logs hold no patient data.

Layers import only downwards: gui → export → clinic → db → config. The import rules are
checked on the source with ``ast`` (every import, those inside functions and under
``TYPE_CHECKING`` included), so they cost milliseconds and see imports a test run never
executes; one subprocess still imports everything below the GUI to prove Qt stays out.
"""

from __future__ import annotations

import ast
import logging
import pkgutil
import re
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from cli_helpers import run

import wristcare
import wristcare.clinic
import wristcare.db

PACKAGE = Path(wristcare.__file__).parent

# Bottom to top. A module may import its own layer and those below it, never one above.
# cli.py, __main__.py and whatever else sits beside them are the top and import anything.
LAYERS = {
    "wristcare.config": 0,
    "wristcare.setting": 0,
    "wristcare.errors": 0,
    "wristcare.logs": 0,
    "wristcare.db": 1,
    "wristcare.clinic": 2,
    "wristcare.export": 3,
    "wristcare.gui": 4,
}
QT = ("PySide6", "shiboken6")
# What may not be imported by a module that promises "no database": the engine (a
# Database is how a use case opens a transaction), the ORM rows and SQLAlchemy's Session.
DATABASE_ACCESS = ("wristcare.db.engine", "wristcare.db.models", "sqlalchemy.orm")
# The only part of db/ a document may know: the stored vocabularies (enums).
EXPORT_MAY_IMPORT_FROM_DB = ("wristcare.db.vocab",)
# Imports a workstream is still removing, each an xfail with strict=True: when the fix
# lands the test passes, fails as XPASS, and its line here goes. None are left.
EXPORT_STILL_OPENS_THE_DATABASE: dict[str, str] = {}


# --- the source, parsed once ---------------------------------------------------------------


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    tree: ast.Module

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"


@dataclass(frozen=True)
class Import:
    """One imported thing: ``name`` from the module ``target`` (None: the module itself)."""

    importer: str
    target: str
    name: str | None
    line: int

    def __str__(self) -> str:
        what = self.target if self.name is None else f"{self.target}.{self.name}"
        return f"{self.importer}:{self.line} imports {what}"


@cache
def modules() -> dict[str, Module]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if ".migrations.versions." in name:
            continue  # frozen history, run by Alembic
        found[name] = Module(name, path, ast.parse(path.read_text(encoding="utf-8")))
    return found


def _absolute(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.name.split(".")
    if not module.is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


@cache
def imports(name: str) -> tuple[Import, ...]:
    """Every import in the module, wherever it stands; ``from package import module``
    counts as importing that module."""
    module = modules()[name]
    found = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            found += [Import(name, alias.name, None, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                if submodule in modules():
                    found.append(Import(name, submodule, None, node.lineno))
                else:
                    found.append(Import(name, source, alias.name, node.lineno))
    return tuple(found)


def _under(name: str, prefixes: tuple[str, ...] | str) -> bool:
    prefixes = (prefixes,) if isinstance(prefixes, str) else prefixes
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _layer(name: str) -> int | None:
    return next((layer for prefix, layer in LAYERS.items() if _under(name, prefix)), None)


@cache
def touches_the_database(name: str) -> bool:
    """Whether importing the module brings in a way to open the database: it imports
    the engine, the ORM rows or SQLAlchemy's Session itself, or (a package) re-exports
    one of its own modules that does."""
    for item in imports(name):
        if _under(item.target, DATABASE_ACCESS):
            return True
        inside = modules()[name].is_package and _under(item.target, name)
        if inside and item.target in modules() and touches_the_database(item.target):
            return True
    return False


def _database_names(module: Module) -> set[str]:
    """The names this module's annotations use for a Database or a SQLAlchemy Session."""
    names = set()
    for item in imports(module.name):
        if item.target == "wristcare.db.engine" and item.name == "Database":
            names.add("Database")
        if item.target == "sqlalchemy.orm" and item.name == "Session":
            names.add("Session")
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.asname and alias.name in ("Database", "Session"):
                    names.add(alias.asname)
    return names


def opens_the_database(target: str, name: str, seen: frozenset[str] = frozenset()) -> bool:
    """Whether ``name`` in the module ``target`` is a use case or a store: a function
    that takes a Database or a SQLAlchemy Session. A name the module imports from
    elsewhere (a package's re-export) is followed to where it is defined."""
    module = modules().get(target)
    if module is None or target in seen:
        return False
    for node in module.tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
            words = set()
            arguments = node.args
            for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
                if argument.annotation is not None:
                    words |= set(re.findall(r"\w+", ast.unparse(argument.annotation)))
            return bool(words & _database_names(module))
    for item in imports(target):
        if item.name == name:
            return opens_the_database(item.target, name, seen | {target})
    return False


def _names(prefix: str, *, leaving_out: tuple[str, ...] = ()) -> list[str]:
    return [n for n in modules() if _under(n, prefix) and not _under(n, leaving_out)]


# --- the rules -----------------------------------------------------------------------------


def test_the_source_walk_finds_every_layer() -> None:
    names = modules()
    for prefix in LAYERS:
        assert _names(prefix), prefix
    assert len(names) > 100
    assert {"wristcare.clinic.patients", "wristcare.db.engine", "wristcare.export"} <= set(names)
    # Imports inside functions are seen: cli.py imports its commands' modules lazily.
    assert any(i.target.startswith("wristcare.export") for i in imports("wristcare.cli"))


def test_no_layer_imports_a_layer_above_it() -> None:
    wrong = [
        str(item)
        for name in modules()
        if (own := _layer(name)) is not None
        for item in imports(name)
        if (other := _layer(item.target)) is not None and other > own
    ]
    assert wrong == []


def test_nothing_below_the_gui_names_qt() -> None:
    # Even inside a function: a lazy import of Qt would still tie the layer to the GUI.
    wrong = [
        str(item)
        for name in modules()
        if not _under(name, "wristcare.gui")
        for item in imports(name)
        if _under(item.target, QT)
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(reason=reason, strict=True))
        if (reason := EXPORT_STILL_OPENS_THE_DATABASE.get(name))
        else name
        for name in _names("wristcare.export")
    ],
)
def test_export_never_opens_the_database(name: str) -> None:
    """A document is made from facts that clinic/ read: export/ may import data types
    from clinic/ but no use case, no store, no engine and no ORM row."""
    wrong = []
    for item in imports(name):
        if _under(item.target, "wristcare.db") or _under(item.target, "sqlalchemy"):
            if not _under(item.target, EXPORT_MAY_IMPORT_FROM_DB):
                wrong.append(str(item))
        elif _under(item.target, "wristcare.clinic"):
            if item.name is None and touches_the_database(item.target):
                wrong.append(f"{item} (a whole module with use cases)")
            elif item.name is not None and opens_the_database(item.target, item.name):
                wrong.append(f"{item} (a use case or store)")
    assert wrong == []


@pytest.mark.parametrize("name", _names("wristcare.clinic.safety"))
def test_the_rule_engine_imports_data_definitions_only(name: str) -> None:
    """The safety rules are pure: they import no module that can open the database (a
    use case or store), and nothing of SQLAlchemy."""
    wrong = [
        str(item)
        for item in imports(name)
        if _under(item.target, ("sqlalchemy", *DATABASE_ACCESS))
        or (_under(item.target, "wristcare") and touches_the_database(item.target))
    ]
    assert wrong == []


def test_the_rules_catch_what_they_are_for() -> None:
    # The checks above pass only if they can fail: each finds what it is meant to.
    assert touches_the_database("wristcare.clinic.patients")
    assert touches_the_database("wristcare.clinic.plans")  # a package re-exporting stores
    assert not touches_the_database("wristcare.clinic.text")
    assert opens_the_database("wristcare.clinic.patients", "get_patient")
    assert opens_the_database("wristcare.clinic.plans", "get_plan")  # through the package
    assert not opens_the_database("wristcare.clinic.patients", "PatientDetails")
    assert not opens_the_database("wristcare.clinic.text", "fold")
    assert _layer("wristcare.gui.main_window") > _layer("wristcare.export.care_plan") > 0


# --- at run time ---------------------------------------------------------------------------

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


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
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


def _flush_log() -> None:
    for handler in logging.getLogger("wristcare").handlers:
        handler.flush()


@pytest.mark.usefixtures("fresh_logging")
def test_log_holds_no_patient_names(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from wristcare.logs import crash_report

    def names_in(path: Path) -> list[str]:
        with sqlite3.connect(path) as connection:
            return [row[0] for row in connection.execute("SELECT name FROM patients")]

    # A run that makes a database and writes patients into it, and a crash naming some
    # of the shared demo's patients.
    new = tmp_path / "new.sqlite3"
    code, _, err = run(capsys, "demo", "--patients", "2", "--seed", "5", "--db", f"sqlite:///{new}")
    assert code == 0, err
    names = names_in(demo_db) + names_in(new)
    try:
        try:
            raise KeyError(names[0])
        except KeyError as inner:
            raise ValueError("could not save " + names[1]) from inner
    except ValueError as error:
        logging.getLogger("wristcare.test").error(
            "crash\n%s", crash_report(type(error), error, error.__traceback__)
        )
    _flush_log()

    log = (tmp_path / "userdata" / "logs" / "wristcare.log").read_text(encoding="utf-8")
    assert "database schema" in log  # the runs did log
    assert "builtins.ValueError (message withheld" in log
    assert "caused by builtins.KeyError" in log
    assert len(names) > 20
    for name in names:
        for part in name.split():
            if len(part) > 3:  # "Tom", "Ali" could be anywhere in a path
                assert part not in log, part
