"""Writing the audit trail from inside a use case's transaction."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session as DbSession

from wristcare.clinic.context import ClinicContext
from wristcare.db.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields that changed."""
    return {
        key: [_plain(before.get(key)), _plain(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def record(
    db: DbSession,
    ctx: ClinicContext,
    *,
    action: str,
    entity: str,
    entity_id: int | None,
    patient_id: int | None,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    """Add one audit entry to the caller's transaction (it commits or fails with it).

    The entry names the context's practitioner by id (a foreign key: an id with no record
    behind it fails the whole transaction) and by name as it was when they acted.
    """
    if not isinstance(ctx, ClinicContext):
        raise TypeError("the audit trail needs the context of the acting practitioner")
    actor = ctx.actor
    db.add(
        AuditEntry(
            practitioner_id=actor.practitioner_id,
            actor=actor.name,
            action=action,
            entity=entity,
            entity_id=entity_id,
            patient_id=patient_id,
            changes={k: _plain(v) for k, v in (changes or {}).items()},
            reason=reason,
        )
    )
