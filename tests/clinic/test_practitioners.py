"""Practitioners are records: added, corrected, deactivated, never deleted; all audited."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.practitioners import (
    PractitionerDetails,
    PractitionerUnavailableError,
    add_practitioner,
    context_for,
    find_or_add_practitioner,
    list_practitioners,
    register_first_practitioner,
    set_practitioner_active,
    update_practitioner,
)
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import AuditEntry, Practitioner
from wristcare.errors import WristCareError


def _trail(database: Database) -> list[tuple]:
    with database.read() as db:
        rows = db.execute(
            select(AuditEntry.action, AuditEntry.practitioner_id, AuditEntry.actor,
                   AuditEntry.entity_id)
            .where(AuditEntry.entity == "practitioner")
            .order_by(AuditEntry.id)
        ).all()  # fmt: skip
    return [tuple(r) for r in rows]


def test_the_first_practitioner_registers_themselves(
    database: Database, ctx: ClinicContext
) -> None:
    me = ctx.actor.practitioner_id
    assert _trail(database) == [("create", me, "Tess Tester", me)]
    with pytest.raises(WristCareError, match="already set up"):
        register_first_practitioner(database, PractitionerDetails(name="Someone Else"))


def test_add_correct_and_deactivate_never_delete(database: Database, ctx: ClinicContext) -> None:
    details = PractitionerDetails(
        name=" Bea Other ", profession="Acupuncturist", registration_body="BAcC",
        registration_number="12345",
    )  # fmt: skip
    bea = add_practitioner(database, ctx, details)
    assert bea.details.name == "Bea Other" and bea.active
    assert bea.describe() == "Bea Other, Acupuncturist, BAcC 12345"

    married = replace(details, name="Bea Other-Smith")
    renamed = update_practitioner(database, ctx, bea.id, married, expected_version=bea.version_id)
    with pytest.raises(ConcurrentEditError):
        update_practitioner(database, ctx, bea.id, details, expected_version=bea.version_id)

    gone = set_practitioner_active(
        database, ctx, bea.id, False, expected_version=renamed.version_id
    )
    assert not gone.active
    assert [p.name for p in list_practitioners(database)] == ["Tess Tester"]
    assert [p.name for p in list_practitioners(database, include_inactive=True)] == [
        "Bea Other-Smith",
        "Tess Tester",
    ]
    with database.read() as db:
        assert len(db.scalars(select(Practitioner)).all()) == 2
    with pytest.raises(PractitionerUnavailableError):
        context_for(database, bea.id)
    me = ctx.actor.practitioner_id
    assert [(a, who) for a, who, _, _ in _trail(database)] == [
        ("create", me), ("create", me), ("update", me), ("deactivate", me),
    ]  # fmt: skip


def test_you_cannot_deactivate_yourself(database: Database, ctx: ClinicContext) -> None:
    with pytest.raises(WristCareError, match="yourself"):
        set_practitioner_active(database, ctx, ctx.actor.practitioner_id, False, expected_version=1)


def test_old_audit_entries_keep_the_name_as_it_was(database: Database, ctx: ClinicContext) -> None:
    update_practitioner(
        database,
        ctx,
        ctx.actor.practitioner_id,
        PractitionerDetails(name="Tess Wed"),
        expected_version=1,
    )
    assert _trail(database)[0][2] == "Tess Tester"
    assert context_for(database, ctx.actor.practitioner_id).actor.name == "Tess Wed"


def test_find_or_add_for_the_command_line(database: Database) -> None:
    demo = find_or_add_practitioner(database, "Demo practitioner")
    again = find_or_add_practitioner(database, "Demo practitioner")
    assert demo.actor == again.actor
    other = find_or_add_practitioner(database, "Night Shift")
    assert other.actor.practitioner_id != demo.actor.practitioner_id
    # Added by the practitioner already on record.
    assert _trail(database)[-1][1] == demo.actor.practitioner_id
