"""The home-care library a plan chooses from: the shipped items and the clinic's own.

The clinic's items live in the database (every workstation sees them) and are versioned
like any record. One saved under a shipped item's key replaces that item in the list; a
plan keeps its own snapshot of an item's text, so later edits here never change a plan
or a handout already given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

from wristcare.clinic import audit
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.homecare_library import (
    CLINIC,
    DoseRange,
    HomeCareLibraryItem,
    homecare_dir,
    homecare_library,
)
from wristcare.clinic.plans.details import HomeCareDetails
from wristcare.clinic.plans.validation import DOSE_LIMITS, LINE_LIMIT, MAX_STEPS
from wristcare.clinic.text import SHORT_TEXT_LIMIT, cleaned, fold
from wristcare.clinic.validation import Problems
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import HomeCareLibraryRow
from wristcare.db.vocab import HomeCareKind

LIBRARY_DOSES = ("hold_seconds", "repetitions", "times_a_day", "weeks")
_KEY = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
STALE_MESSAGE = (
    "This home-care item was changed from another window since you opened it. Reopen it "
    "to see those changes; yours were not saved."
)


def plan_kind(library_kind: str) -> HomeCareKind:
    """The plan vocabulary's kind for a library kind (``self-massage`` -> self_massage)."""
    return HomeCareKind(library_kind.replace("-", "_"))


def library_kind(kind: HomeCareKind | str) -> str:
    """The library's spelling of a plan kind."""
    return str(HomeCareKind(kind).value).replace("_", "-")


@dataclass
class HomeCareItemDetails:
    """A clinic home-care item as edited: ``key`` None for a new one (made from the
    title), a shipped key to save the clinic's own version of that item."""

    key: str | None = None
    kind: HomeCareKind = HomeCareKind.EXERCISE
    title: str = ""
    summary: str = ""
    steps: list[str] = field(default_factory=list)
    stop_rules: list[str] = field(default_factory=list)
    illustration: str | None = None
    hold_seconds: int | None = None
    repetitions: int | None = None
    times_a_day: int | None = None
    weeks: int | None = None
    each_side: bool = False
    caution: str = ""


def _dose(value: int | None) -> DoseRange | None:
    return None if value is None else DoseRange(value, value)


def _item_of(row: HomeCareLibraryRow, shipped_keys: set[str]) -> HomeCareLibraryItem:
    return HomeCareLibraryItem(
        key=row.key,
        kind=library_kind(row.kind),  # type: ignore[arg-type]  # the library's spelling of a kind
        title=row.title,
        summary=row.summary,
        steps=tuple(row.steps),
        stop_rules=tuple(row.stop_rules),
        illustration=row.illustration or "",
        hold_seconds=_dose(row.hold_seconds),
        repetitions=_dose(row.repetitions),
        times_a_day=_dose(row.times_a_day),
        weeks=_dose(row.weeks),
        each_side=row.each_side,
        source=CLINIC,
        version=row.version_id,
        caution=row.caution,
        overrides_shipped=row.key in shipped_keys,
    )


def list_homecare_items(database: Database) -> list[HomeCareLibraryItem]:
    """The library as a plan chooses from it: shipped items in their order (the clinic's
    version where it has one), then the clinic's own items by title."""
    shipped = homecare_library()
    keys = {item.key for item in shipped}
    with database.read() as db:
        own = {row.key: _item_of(row, keys) for row in db.scalars(select(HomeCareLibraryRow))}
    items = [own.pop(item.key, item) for item in shipped]
    return items + sorted(own.values(), key=lambda item: fold(item.title))


def find_homecare_item(database: Database, key: str) -> HomeCareLibraryItem:
    """The library item with this key, the clinic's version first (NotFoundError if none)."""
    for item in list_homecare_items(database):
        if item.key == key:
            return item
    raise NotFoundError(f"There is no home-care item {key!r} in the library")


def homecare_details_from(item: HomeCareLibraryItem) -> HomeCareDetails:
    """A plan's home-care item made from a library item: its text as a snapshot and its
    dose (the low end of a range) for the practitioner to adjust."""

    def low(dose: DoseRange | None) -> int | None:
        return None if dose is None else dose.low

    return HomeCareDetails(
        library_key=item.key,
        kind=plan_kind(item.kind),
        title=item.title,
        steps=list(item.steps),
        stop_rules=list(item.stop_rules),
        hold_seconds=low(item.hold_seconds),
        repetitions=low(item.repetitions),
        times_a_day=low(item.times_a_day),
        weeks=low(item.weeks),
        each_side=item.each_side,
        illustration=item.illustration or None,
        caution=item.caution,
    )


def validate_homecare_item(details: HomeCareItemDetails) -> dict[str, str]:
    """What is wrong with a clinic home-care item, by field."""
    problems = Problems()
    key = details.key
    problems.check(
        "key",
        key is None or (isinstance(key, str) and bool(_KEY.match(key))),
        "A key is lower-case letters, digits and _ (2 to 40)",
    )
    problems.vocab("kind", details.kind, HomeCareKind, "Kind")
    problems.text("title", details.title, "Title", SHORT_TEXT_LIMIT)
    problems.text("summary", details.summary, "Summary", LINE_LIMIT)
    problems.text("caution", details.caution, "Caution", LINE_LIMIT)
    problems.required("title", details.title, "The item needs a title")
    problems.lines("steps", details.steps, "Steps", most=MAX_STEPS, limit=LINE_LIMIT)
    problems.lines(
        "stop_rules", details.stop_rules, "When to stop", most=MAX_STEPS, limit=LINE_LIMIT
    )
    problems.required("steps", details.steps, "Write at least one step the patient follows")
    for name in LIBRARY_DOSES:
        low, high, label = DOSE_LIMITS[name]
        problems.whole(
            name,
            getattr(details, name),
            low,
            high,
            label,
            message=f"{label} must be a whole number from {low} to {high}",
        )
    picture = details.illustration
    problems.check(
        "illustration",
        picture is None
        or (
            isinstance(picture, str)
            and re.fullmatch(r"[a-z0-9_]{1,90}\.svg", picture) is not None
            and (homecare_dir() / picture).is_file()
        ),
        "Choose one of the library's illustrations",
    )
    return problems.fields


def _new_key(title: str, taken: set[str]) -> str:
    stem = re.sub(r"[^a-z0-9]+", "_", fold(title)).strip("_")[:30] or "item"
    stem = stem if stem[0].isalpha() else f"item_{stem}"[:30]
    key, number = stem if len(stem) > 1 else f"{stem}_item", 2
    while key in taken:
        key, number = f"{stem}_{number}", number + 1
    return key


def add_homecare_item(
    database: Database, ctx: ClinicContext, details: HomeCareItemDetails
) -> HomeCareLibraryItem:
    """Add a clinic home-care item: a new one, or the clinic's first version of a shipped
    item, under its key."""
    details = _checked(details)
    shipped_keys = {item.key for item in homecare_library()}
    with database.transaction() as db:
        rows = {row.key: row for row in db.scalars(select(HomeCareLibraryRow))}
        key = details.key or _new_key(details.title, shipped_keys | set(rows))
        if key in rows:
            raise ValidationError({"key": "The clinic already has an item with this key"})
        row = HomeCareLibraryRow(key=key, created_at=ctx.now())
        db.add(row)
        action = "override" if key in shipped_keys else "create"
        return _write_item(db, ctx, row, details, action, shipped_keys)


def save_homecare_item(
    database: Database, ctx: ClinicContext, details: HomeCareItemDetails, expected_version: int
) -> HomeCareLibraryItem:
    """Save edits to one of the clinic's own home-care items, made on the version the form
    was loaded from; ConcurrentEditError if someone saved it since."""
    details = _checked(details)
    shipped_keys = {item.key for item in homecare_library()}
    with database.transaction() as db:
        row = db.scalar(select(HomeCareLibraryRow).where(HomeCareLibraryRow.key == details.key))
        if row is None:
            raise NotFoundError("This home-care item is not one of the clinic's own")
        if row.version_id != expected_version:
            raise ConcurrentEditError(STALE_MESSAGE)
        return _write_item(db, ctx, row, details, "save", shipped_keys)


def _checked(details: HomeCareItemDetails) -> HomeCareItemDetails:
    details = cleaned(details)
    errors = validate_homecare_item(details)
    if errors:
        raise ValidationError(errors)
    return details


def _write_item(
    db: DbSession,
    ctx: ClinicContext,
    row: HomeCareLibraryRow,
    details: HomeCareItemDetails,
    action: str,
    shipped_keys: set[str],
) -> HomeCareLibraryItem:
    for name in ("kind", "title", "summary", "illustration", "each_side", "caution",
                 *LIBRARY_DOSES):  # fmt: skip
        setattr(row, name, getattr(details, name))
    row.kind = HomeCareKind(details.kind)
    row.steps, row.stop_rules = list(details.steps), list(details.stop_rules)
    row.updated_by_id, row.updated_by_name = ctx.actor.practitioner_id, ctx.actor.name
    row.updated_at = ctx.now()
    db.flush()
    audit.record(db, ctx, action=action, entity="homecare_item",
                 entity_id=row.id, patient_id=None,
                 changes={"key": row.key, "title": row.title})  # fmt: skip
    return _item_of(row, shipped_keys)
