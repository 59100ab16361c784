"""The clinic's switched-off caution rules: a clinic setting kept in the clinic settings'
``extra``, changed one rule at a time with an audit entry (who, when, which rule, on or
off). The rule engine (clinic/safety) only receives the set; this is where it is stored."""

from __future__ import annotations

from sqlalchemy.orm import Session as DbSession

from wristcare.clinic import audit
from wristcare.clinic.clinic_settings import (
    ClinicSettings,
    get_clinic_settings,
    read_clinic_settings,
)
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.safety.checks import validate_disabled
from wristcare.clinic.safety.rulebook import RuleBook, rule_book
from wristcare.db.engine import Database
from wristcare.db.models import ClinicSettingsRow
from wristcare.db.models.clinic import CLINIC_ROW_ID
from wristcare.setting import Setting

# Where in the clinic settings' ``extra`` the switched-off rule codes are listed.
RULES_OFF_KEY = "safety_rules_off"
RULES_OFF = Setting(
    frozenset(),
    label="Switched-off cautions",
    help="Caution rules the clinic has chosen not to show; stops are always on.",
)


def _stored(extra: dict) -> frozenset[str]:
    # A hand-edited database may hold anything here: what is not a list of codes is none.
    try:
        return frozenset(RULES_OFF.decode(extra.get(RULES_OFF_KEY, [])))
    except ValueError:
        return frozenset()


def rules_off_of(settings: ClinicSettings, book: RuleBook | None = None) -> frozenset[str]:
    """The rules the clinic switched off. A code the rules no longer allow off (a rule
    renamed, or made a stop, in a later rules file) is ignored: it fires again."""
    book = book or rule_book()
    kept = set()
    for code in _stored(settings.details.extra):
        try:
            validate_disabled({code}, book)
        except ValidationError:
            continue
        kept.add(code)
    return frozenset(kept)


def rules_off(database: Database) -> frozenset[str]:
    """The caution rules this clinic has switched off."""
    return rules_off_of(get_clinic_settings(database))


def read_rules_off(db: DbSession) -> frozenset[str]:
    """The switched-off rules inside a caller's unit of work."""
    return rules_off_of(read_clinic_settings(db))


def switch_rule(database: Database, ctx: ClinicContext, code: str, on: bool) -> frozenset[str]:
    """Switch one rule on or off for the whole clinic (audited); returns the rules now
    off. Only a caution the rules file allows off may be switched off (ValidationError
    says why not); switching on is always allowed."""
    if not on:
        validate_disabled({code})
    with database.transaction() as db:
        row = db.get(ClinicSettingsRow, CLINIC_ROW_ID)
        if row is None:  # made by migration 0002; only a hand-edited database lacks it
            row = ClinicSettingsRow(id=CLINIC_ROW_ID, extra={})
            db.add(row)
            db.flush()
        extra = dict(row.extra or {})
        before = _stored(extra)
        after = (before - {code}) if on else (before | {code})
        if after == before:
            return after
        # JSON columns are rewritten whole.
        extra[RULES_OFF_KEY] = RULES_OFF.encode(after)
        row.extra = extra
        audit.record(
            db,
            ctx,
            action="safety_rule_on" if on else "safety_rule_off",
            entity="clinic_settings",
            entity_id=row.id,
            patient_id=None,
            changes={"rule": code, "on": [not on, on]},
        )
        db.flush()
        return after
