"""Where WristCare keeps its data, which database it opens, and the user's settings.

This is the one module that knows about paths. Nothing here touches the disk at import
time; callers ask for what they need when they need it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "WristCare"
APP_AUTHOR = "WristCare"
DB_URL_ENV = "WRISTCARE_DB_URL"
DATA_DIR_ENV = "WRISTCARE_DATA_DIR"
RESOURCES_ENV = "WRISTCARE_RESOURCES"
# The top-level resources/ folder, installed as this package (see pyproject.toml).
RESOURCES_PACKAGE = "wristcare.resources"
DEFAULT_DB_FILENAME = "wristcare.sqlite3"

# Owner-only: patients' records must not be readable by other accounts on the machine.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def data_dir() -> Path:
    """The user data directory (not created)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    """Where the application log goes (not created)."""
    return data_dir() / "logs"


def settings_path() -> Path:
    return data_dir() / "settings.json"


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if missing and make it owner-only.

    Parents that had to be made are owner-only too (``mkdir(parents=True)`` would give
    them the default mode); folders that already existed keep theirs.
    """
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
        os.chmod(folder, PRIVATE_DIR_MODE)
    if not path.is_dir():
        # A file in the way: say so as mkdir would.
        path.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
    os.chmod(path, PRIVATE_DIR_MODE)
    return path


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / DEFAULT_DB_FILENAME}"


def resolve_db_url(cli_value: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The database URL: ``--db`` wins, then ``WRISTCARE_DB_URL``, then the default file."""
    env = os.environ if environ is None else environ
    if cli_value:
        return cli_value
    if env.get(DB_URL_ENV):
        return env[DB_URL_ENV]
    return default_db_url()


def resources_dir() -> Path:
    """The shipped data files: the ``wristcare.resources`` package data of an installed
    (or editable) WristCare, the ``resources/`` folder of a frozen build, or of a checkout
    that was never installed."""
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    try:
        files = resources.files(RESOURCES_PACKAGE)
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "resources"
    # Installed from a wheel or editable, the package is a folder on disk: fonts must be
    # handed to Qt and ReportLab as real file names.
    return Path(str(files))


def _acceptable(value: object, default: object, limits: Mapping[str, int]) -> bool:
    # bool is an int to Python, but true is not a number of years.
    if type(value) is not type(default):
        return False
    # A hand-edited "retention_years_adult": 0 would let records be destroyed at once.
    if isinstance(value, int):
        return limits.get("min", value) <= value <= limits.get("max", value)
    return True


@dataclass
class Settings:
    """This computer's preferences, declared once with their types and defaults.

    Stored as JSON in the data directory. Unknown keys are ignored, and wrong types or
    numbers outside a setting's limits fall back to the default, so an old or hand-edited
    file never stops the app. Clinic-wide settings (clinic name, record-keeping periods,
    time zone) live in the database, so every workstation of a clinic sees the same.
    """

    patients_page_size: int = field(default=100, metadata={"min": 10, "max": 10_000})
    # Who used WristCare last on this computer: offered first at the next start.
    last_practitioner_id: int = field(default=0, metadata={"min": 0, "max": 2**31 - 1})

    @classmethod
    def limits(cls, name: str) -> tuple[int, int]:
        """The smallest and largest value a whole-number setting accepts (for spin boxes)."""
        metadata = next(f.metadata for f in fields(cls) if f.name == name)
        return metadata["min"], metadata["max"]

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        raw = _raw(path or settings_path())
        values: dict = {}  # of any type: _acceptable checked each against its default
        defaults = cls()
        for setting in fields(cls):
            value = raw.get(setting.name)
            if _acceptable(value, getattr(defaults, setting.name), setting.metadata):
                values[setting.name] = value
        return cls(**values)

    def save(self, path: Path | None = None) -> None:
        path = path or settings_path()
        # Clinic values an earlier version kept here stay in the file until every database
        # they belong to has taken them (see file_clinic_values): nothing is lost.
        kept = {key: value for key, value in _raw(path).items() if key in FILE_CLINIC_VALUES}
        ensure_private_dir(path.parent)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
        # O_CREAT's mode applies only to a new file: one left over by a crash keeps its own.
        os.chmod(tmp, PRIVATE_FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({**kept, **asdict(self)}, handle, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)


def _raw(path: Path) -> dict:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


# Clinic-wide values that WristCare kept in the settings file before they moved into the
# database (schema 0002), with their defaults and limits.
FILE_CLINIC_VALUES: dict[str, tuple[object, Mapping[str, int]]] = {
    "practitioner_name": ("", {"max_length": 200}),
    "clinic_name": ("", {"max_length": 200}),
    "retention_years_adult": (8, {"min": 1, "max": 100}),
    "retention_child_until_age": (25, {"min": 18, "max": 100}),
}


def _storable_text(value: str, max_length: int) -> bool:
    # A hand-edited file can hold anything JSON can: NUL, a lone surrogate, 100,000
    # characters. Such a value is left behind rather than carried into the records.
    return (
        0 < len(value.strip()) <= max_length
        and "\x00" not in value
        and not any("\ud800" <= ch <= "\udfff" for ch in value)
    )


def file_clinic_values(path: Path | None = None) -> dict[str, object]:
    """The clinic values an earlier WristCare kept in the settings file (practitioner name,
    clinic name, record-keeping periods), those that are present and acceptable."""
    raw = _raw(path or settings_path())
    values: dict[str, object] = {}
    for key, (default, limits) in FILE_CLINIC_VALUES.items():
        value = raw.get(key)
        if isinstance(value, str):
            if _storable_text(value, limits["max_length"]):
                values[key] = value.strip()
        elif _acceptable(value, default, limits):
            values[key] = value
    return values


def machine_time_zone() -> str | None:
    """This computer's IANA time zone name (Europe/London), or None if it cannot be told.

    Only a suggestion for a new clinic: the clinic's zone is a clinic setting.
    """
    from zoneinfo import available_timezones

    known = available_timezones() - {"localtime", "Factory", "posixrules"}
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = os.readlink("/etc/localtime")
    except OSError:
        target = ""
    if "zoneinfo/" in target:
        candidates.append(target.split("zoneinfo/", 1)[1])
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    return next((name for name in candidates if name in known), None)
