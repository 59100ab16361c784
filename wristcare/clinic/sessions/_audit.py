"""The one place the session use cases write the audit trail from.

Kept in one helper because audit.record's signature is changing (the practitioner id is
added beside the name snapshot): only this function has to follow.
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
        actor=ctx.actor.name,
        action=action,
        entity=entity,
        entity_id=entity_id,
        patient_id=patient_id,
        changes=changes,
        reason=reason,
    )
