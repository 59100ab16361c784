"""The one place the session use cases write the audit trail from.

The entry names the acting practitioner by id and by a snapshot of their name, both from
the context.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session as DbSession

from wristcare.clinic import audit
from wristcare.clinic.context import ClinicContext


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
    """Add one audit entry for the acting practitioner to the caller's transaction."""
    audit.record(
        db,
        actor=ctx.actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        patient_id=patient_id,
        changes=changes,
        reason=reason,
    )
