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
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

from wristcare.setting import Setting, load_json, setting, to_json

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


@dataclass
class Settings:
    """This computer's preferences, declared once with their types, defaults and limits.

    Stored as JSON in the data directory. Unknown keys are ignored, and wrong types or
    numbers outside a setting's limits fall back to the default, so an old or hand-edited
    file never stops the app. Clinic-wide settings (clinic name, record-keeping periods,
    time zone) live in the database, so every workstation of a clinic sees the same.
    """

    patients_page_size: int = setting(
        100,
        low=10,
        high=10_000,
        label="Patients fetched &at a time",
        help="How many patients the list reads from the database at once; more are "
        "fetched as you scroll.",
    )
    # Who used WristCare last on this computer: offered first at the next start.
    last_practitioner_id: int = setting(0, low=0, high=2**31 - 1)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """The settings in ``path`` (the data directory's file by default); anything
        missing or unacceptable takes its default, so this never fails."""
        return load_json(cls, _raw(path or settings_path()))

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
            json.dump({**kept, **to_json(self)}, handle, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)


def _raw(path: Path) -> dict:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return raw if isinstance(raw, dict) else {}


# How long a patient's record is kept unless the clinic chooses otherwise (the UK NHS
# code), and the limits any clinic's choice must keep to. Declared here, at the bottom of
# the layers, because the settings file of an earlier WristCare held them too: the
# clinic's RetentionPolicy, its settings page and the database's defaults use these. The
# limits matter: a hand-edited "retention_years_adult": 0 would let records be destroyed
# at once.
RETENTION_ADULT_YEARS = Setting(8, low=1, high=100)
RETENTION_CHILD_UNTIL_AGE = Setting(25, low=18, high=100)

# Clinic-wide values that WristCare kept in the settings file before they moved into the
# database (schema 0002), with their defaults and limits.
FILE_CLINIC_VALUES: dict[str, Setting] = {
    "practitioner_name": Setting("", max_length=200),
    "clinic_name": Setting("", max_length=200),
    "retention_years_adult": RETENTION_ADULT_YEARS,
    "retention_child_until_age": RETENTION_CHILD_UNTIL_AGE,
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
    for key, spec in FILE_CLINIC_VALUES.items():
        value = raw.get(key)
        if isinstance(value, str):
            if spec.max_length is not None and _storable_text(value, spec.max_length):
                values[key] = value.strip()
        elif spec.accepts(value):
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
