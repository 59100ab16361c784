"""The home-care library a plan chooses from: shipped items plus the clinic's own."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from plans_helpers import full_plan
from sqlalchemy import select

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.homecare_library import CLINIC, SHIPPED, homecare_library
from wristcare.clinic.plans import (
    HomeCareItemDetails,
    add_homecare_item,
    create_plan,
    find_homecare_item,
    get_plan,
    homecare_details_from,
    list_homecare_items,
    save_homecare_item,
)
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import AuditEntry
from wristcare.db.vocab import HomeCareKind


def _warm_soak(**changes: object) -> HomeCareItemDetails:
    details = HomeCareItemDetails(
        kind=HomeCareKind.HEAT,
        title="Warm water soak",
        summary="Warm water for stiff hands in the morning.",
        steps=["  Fill a bowl with warm, not hot, water.  ", "", "Soak both hands for 5 minutes."],
        stop_rules=["Stop if your skin goes red or sore."],
        times_a_day=1,
    )
    for name, value in changes.items():
        setattr(details, name, value)
    return details


def test_the_shipped_items_come_first_and_the_clinics_own_after(
    database: Database, ctx: ClinicContext
) -> None:
    shipped = [item.key for item in homecare_library()]
    assert [item.key for item in list_homecare_items(database)] == shipped

    own = add_homecare_item(database, ctx, _warm_soak())

    assert own.key == "warm_water_soak" and own.source == CLINIC and own.version == 1
    assert own.steps == ("Fill a bowl with warm, not hot, water.", "Soak both hands for 5 minutes.")
    items = list_homecare_items(database)
    assert [item.key for item in items] == [*shipped, "warm_water_soak"]
    assert {item.source for item in items[:-1]} == {SHIPPED}
    # A second item with the same title gets a key of its own.
    again = add_homecare_item(database, ctx, _warm_soak())
    assert again.key == "warm_water_soak_2"


def test_editing_an_own_item_needs_its_version(database: Database, ctx: ClinicContext) -> None:
    own = add_homecare_item(database, ctx, _warm_soak())
    edited = save_homecare_item(
        database, ctx, _warm_soak(key=own.key, times_a_day=2), expected_version=own.version
    )
    assert edited.times_a_day is not None and edited.times_a_day.low == 2
    assert edited.version == 2
    with pytest.raises(ConcurrentEditError):
        save_homecare_item(database, ctx, _warm_soak(key=own.key), expected_version=own.version)
    with pytest.raises(NotFoundError):
        save_homecare_item(database, ctx, _warm_soak(key="tendon_gliding"), expected_version=1)
    with database.read() as db:
        actions = db.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "homecare_item")
        ).all()
    assert actions == ["create", "save"]


def test_the_clinic_overrides_a_shipped_item_under_its_key(
    database: Database, ctx: ClinicContext
) -> None:
    splint = find_homecare_item(database, "night_splint")
    ours = add_homecare_item(
        database,
        ctx,
        HomeCareItemDetails(key="night_splint", kind=HomeCareKind.SPLINT, title="Our night splint",
                            steps=["Wear the blue splint we fitted."],
                            illustration=splint.illustration, weeks=6),
    )  # fmt: skip

    assert ours.overrides_shipped and ours.source == CLINIC
    items = list_homecare_items(database)
    assert [item.key for item in items] == [item.key for item in homecare_library()]
    assert find_homecare_item(database, "night_splint").title == "Our night splint"
    # The details a plan takes from it carry the clinic's text and the kind in plan words.
    details = homecare_details_from(find_homecare_item(database, "night_splint"))
    assert (details.title, details.kind, details.weeks) == (
        "Our night splint", HomeCareKind.SPLINT, 6,
    )  # fmt: skip
    with pytest.raises(ValidationError) as raised:
        add_homecare_item(database, ctx, _warm_soak(key="night_splint"))
    assert "already has an item" in raised.value.fields["key"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"steps": []}, "steps"),
        ({"steps": ["x" * 1_000_000]}, "steps"),
        ({"repetitions": 0}, "repetitions"),
        ({"hold_seconds": 3600}, "hold_seconds"),
        ({"illustration": "../../etc/passwd.svg"}, "illustration"),
        ({"illustration": "not_in_the_library.svg"}, "illustration"),
        ({"key": "Has Spaces"}, "key"),
        ({"kind": "juggling"}, "kind"),
    ],
)
def test_a_bad_item_is_refused_by_field(
    database: Database, ctx: ClinicContext, changes: dict, field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        add_homecare_item(database, ctx, _warm_soak(**changes))
    assert field in raised.value.fields
    assert [item.source for item in list_homecare_items(database)].count(CLINIC) == 0


def test_a_plan_keeps_its_copy_when_the_library_changes(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    own = add_homecare_item(database, ctx, _warm_soak())
    details = full_plan()
    details.home_care = [homecare_details_from(own)]
    details.home_care[0].times_a_day = 3
    plan = create_plan(database, ctx, make_patient().id, details)

    save_homecare_item(
        database, ctx, _warm_soak(key=own.key, title="Hot water soak", steps=["Changed."]),
        expected_version=own.version,
    )  # fmt: skip

    item = get_plan(database, plan.id).details.home_care[0]
    assert item.library_key == own.key
    assert item.title == "Warm water soak" and item.times_a_day == 3
    assert item.steps == list(own.steps)
