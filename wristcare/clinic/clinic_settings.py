"""The clinic's settings, kept in the database so every workstation shares them.

Letterhead (name, address, phone, email, website, logo), record-keeping periods, the
clinic's time zone, and a keyed place (``extra``) for the outcome thresholds and handout
defaults that later work adds. Per-machine preferences stay in the settings file
(config.Settings).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy.orm import Session as DbSession

from wristcare.clinic import audit
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.outcomes.settings import (
    OutcomeSettings,
    outcome_settings_of,
    outcome_settings_problems,
)
from wristcare.clinic.retention import RetentionPolicy
from wristcare.clinic.text import SHORT_TEXT_LIMIT, clean, text_problem
from wristcare.clinic.validation import Problems
from wristcare.config import RETENTION_ADULT_YEARS, RETENTION_CHILD_UNTIL_AGE
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import ClinicSettingsRow
from wristcare.db.models.clinic import CLINIC_ROW_ID
from wristcare.setting import Setting, declared, setting

LOGO_LIMIT = 512 * 1024
EXTRA_LIMIT = 64 * 1024
# Dates follow this zone until the clinic chooses one: the same on every machine.
FALLBACK_ZONE = "UTC"

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"

STALE_MESSAGE = (
    "Someone else changed the clinic settings while you were editing them. "
    "Open the settings again to see their changes; yours were not saved."
)


@dataclass
class ClinicSettingsDetails:
    """The clinic settings as edited in the Clinic page of the settings dialog."""

    name: str = setting("", max_length=SHORT_TEXT_LIMIT, label="Clinic &name")
    address: str = setting("", max_length=2_000, label="&Address")
    phone: str = setting("", max_length=50, label="&Phone")
    email: str = setting("", max_length=254, label="&Email")
    website: str = setting("", max_length=SHORT_TEXT_LIMIT, label="&Website")
    logo: bytes | None = None
    retention_adult_years: int = RETENTION_ADULT_YEARS.field(
        label="Keep adult records (&years)",
        help="Years an adult's record is kept after their last treatment.",
        message="Years to keep adult records: a whole number from {low} to {high}",
    )
    retention_child_until_age: int = RETENTION_CHILD_UNTIL_AGE.field(
        label="Keep children's records until a&ge",
        help="A record of someone treated as a child is kept at least until this birthday.",
        message="Age to keep children's records until: a whole number from {low} to {high}",
    )
    time_zone: str = setting("", label="&Time zone")
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClinicSettings:
    """The clinic settings as stored; ``version_id`` is what an edit must start from."""

    details: ClinicSettingsDetails
    logo_type: str
    version_id: int
    file_settings_carried: bool

    @property
    def retention(self) -> RetentionPolicy:
        return RetentionPolicy(
            adult_years=self.details.retention_adult_years,
            child_until_age=self.details.retention_child_until_age,
        )

    @property
    def outcomes(self) -> OutcomeSettings:
        """Thresholds, BCTQ minimum and the clinic's BCTQ wording (defaults until set)."""
        return outcome_settings_of(self.details.extra)

    @property
    def zone(self) -> ZoneInfo:
        """The clinic's time zone (UTC until one is chosen)."""
        return ZoneInfo(self.details.time_zone or FALLBACK_ZONE)


@cache
def time_zone_names() -> tuple[str, ...]:
    """Every IANA time zone name this machine knows, sorted."""
    # "localtime" is whatever the machine says (the very thing a clinic zone replaces),
    # and "Factory" means "not set": neither is a place.
    return tuple(sorted(available_timezones() - {"localtime", "Factory", "posixrules"}))


def is_time_zone(name: str) -> bool:
    """Whether ``name`` is an IANA time zone (Europe/London), checked with zoneinfo."""
    return isinstance(name, str) and name in time_zone_names()


def logo_type(data: bytes) -> str | None:
    """ "png" or "jpeg" from the file's first bytes, or None for anything else."""
    if data.startswith(_PNG):
        return "png"
    if data.startswith(_JPEG):
        return "jpeg"
    return None


def _problem(spec: Setting, value: object) -> str | None:
    # Text is judged as all typed text is (storable, not too long); a time zone by its
    # own check below.
    if spec.max_length is not None:
        return text_problem(value, spec.title, spec.max_length)
    if isinstance(spec.default, int):
        return spec.problem(value)
    return None


def validate_clinic_settings(details: ClinicSettingsDetails) -> dict[str, str]:
    """Field -> message for everything that stops these settings being saved."""
    problems = Problems()
    # The limits of each declared setting (wristcare.setting) are read from its declaration.
    for name, spec in declared(details).items():
        problem = _problem(spec, getattr(details, name))
        if problem:
            problems.add(name, problem)
    if "email" not in problems:  # text that could be stored, so it can be searched
        problems.check(
            "email",
            not details.email or "@" in details.email,
            "Email should look like clinic@example.com",
        )
    problems.check(
        "time_zone",
        not details.time_zone or is_time_zone(details.time_zone),
        "Choose a time zone from the list (for example Europe/London)",
    )
    logo = details.logo
    if logo is not None and problems.check(
        "logo",
        isinstance(logo, bytes) and logo_type(logo) is not None,
        "The logo must be a PNG or JPEG image",
    ):
        problems.check(
            "logo",
            len(logo) <= LOGO_LIMIT,
            f"The logo is too large ({len(logo) // 1024:,} KB; at most {LOGO_LIMIT // 1024} KB)",
        )
    try:
        size = len(json.dumps(details.extra, ensure_ascii=False).encode("utf-8"))
    except (TypeError, ValueError, UnicodeEncodeError):
        problems.add("extra", "Other settings must be plain values (text, numbers, lists)")
    else:
        if problems.check(
            "extra",
            isinstance(details.extra, dict) and size <= EXTRA_LIMIT,
            "Other settings are too large",
        ):
            for key, message in outcome_settings_problems(details.extra).items():
                problems.add(key, message)
    return problems.fields


def _row(db: DbSession) -> ClinicSettingsRow:
    row = db.get(ClinicSettingsRow, CLINIC_ROW_ID)
    if row is None:  # made by migration 0002; only a hand-edited database lacks it
        row = ClinicSettingsRow(id=CLINIC_ROW_ID, extra={})
        db.add(row)
        db.flush()
    return row


def _details_of(row: ClinicSettingsRow) -> ClinicSettingsDetails:
    values = {f.name: getattr(row, f.name) for f in fields(ClinicSettingsDetails)}
    values["extra"] = dict(row.extra or {})
    return ClinicSettingsDetails(**values)


def _settings_of(row: ClinicSettingsRow) -> ClinicSettings:
    return ClinicSettings(
        details=_details_of(row),
        logo_type=row.logo_type,
        version_id=row.version_id,
        file_settings_carried=row.file_settings_carried,
    )


def read_clinic_settings(db: DbSession) -> ClinicSettings:
    """The settings inside a caller's unit of work (reads use it for dates and periods)."""
    row = db.get(ClinicSettingsRow, CLINIC_ROW_ID)
    if row is None:
        return ClinicSettings(ClinicSettingsDetails(), "", 0, False)
    return _settings_of(row)


def get_clinic_settings(database: Database) -> ClinicSettings:
    """The clinic settings as stored now."""
    with database.read() as db:
        return read_clinic_settings(db)


def _cleaned(details: ClinicSettingsDetails) -> ClinicSettingsDetails:
    texts: dict[str, Any] = {
        name: clean(getattr(details, name))
        for name, spec in declared(details).items()
        if isinstance(spec.default, str)
    }
    return replace(details, **texts)


def _audit_value(name: str, value: Any) -> Any:
    # The audit trail says a logo changed, not its bytes.
    if name == "logo":
        return None if value is None else f"image, {len(value):,} bytes"
    return value


def _write(db: DbSession, row: ClinicSettingsRow, details: ClinicSettingsDetails) -> dict:
    before = asdict(_details_of(row))
    after = asdict(details)
    changes = {
        name: [_audit_value(name, before[name]), _audit_value(name, value)]
        for name, value in after.items()
        if before[name] != value
    }
    for name, value in after.items():
        setattr(row, name, value)
    row.logo_type = (logo_type(details.logo) or "") if details.logo else ""
    return changes


def update_clinic_settings(
    database: Database,
    ctx: ClinicContext,
    details: ClinicSettingsDetails,
    expected_version: int,
) -> ClinicSettings:
    """Save the clinic settings (audited); a stale edit raises ConcurrentEditError."""
    details = _cleaned(details)
    problems = validate_clinic_settings(details)
    if problems:
        raise ValidationError(problems)
    with database.transaction() as db:
        row = _row(db)
        if row.version_id != expected_version:
            raise ConcurrentEditError(STALE_MESSAGE)
        changes = _write(db, row, details)
        if changes:
            audit.record(
                db,
                ctx,
                action="update",
                entity="clinic_settings",
                entity_id=row.id,
                patient_id=None,
                changes=changes,
            )
            db.flush()
        return _settings_of(row)


def carry_over_file_settings(
    database: Database, ctx: ClinicContext, values: Mapping[str, object]
) -> bool:
    """Bring the clinic-wide values of an old settings file into the database, once.

    ``values`` are what config.file_clinic_values() read (clinic name, retention
    periods), and ``time_zone``: the zone dates followed until now (the machine's), kept
    if the clinic has not chosen one. Values the clinic has already changed in the
    database are not overwritten.
    Returns whether anything was carried (False when it was done before).
    """
    with database.transaction() as db:
        row = _row(db)
        if row.file_settings_carried:
            return False
        details = _details_of(row)
        defaults = ClinicSettingsDetails()
        for name, key in (
            ("name", "clinic_name"),
            ("retention_adult_years", "retention_years_adult"),
            ("retention_child_until_age", "retention_child_until_age"),
        ):
            value = values.get(key)
            # Only where the database still has the default: a value the clinic chose
            # here wins over an old file's.
            if value is not None and getattr(details, name) == getattr(defaults, name):
                setattr(details, name, value)
        zone = values.get("time_zone")
        if not details.time_zone and isinstance(zone, str) and is_time_zone(zone):
            details.time_zone = zone
        candidate = _cleaned(details)
        if validate_clinic_settings(candidate):
            candidate = _details_of(row)  # a bad file value never blocks the start
        changes = _write(db, row, candidate)
        row.file_settings_carried = True
        audit.record(
            db,
            ctx,
            action="carry_over",
            entity="clinic_settings",
            entity_id=row.id,
            patient_id=None,
            changes=changes,
            reason="settings file of an earlier WristCare",
        )
        db.flush()
        return True


__all__ = [
    "LOGO_LIMIT",
    "ClinicSettings",
    "ClinicSettingsDetails",
    "carry_over_file_settings",
    "get_clinic_settings",
    "is_time_zone",
    "logo_type",
    "read_clinic_settings",
    "time_zone_names",
    "update_clinic_settings",
    "validate_clinic_settings",
]
