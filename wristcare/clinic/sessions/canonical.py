"""The canonical form of a signed record and its SHA-256: what a signature vouches for.

Sorted keys, NFC text, ISO dates and instants (UTC), integers in stated units, point
codes as snapshotted when the note was written (never looked up in the library), so the
hash is the same on every machine, after export and import, and after the acupoint
reference data is upgraded. Status, version and "updated at" are bookkeeping, not content:
an "entered in error" mark (itself signed) must not break the note's own signature.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from wristcare.clinic.sessions.details import ADJUNCTS, TEXT_FIELDS
from wristcare.clinic.sessions.views import AmendmentView, SessionNote

# Version 2 adds the note's safety findings and their answers. A signature keeps the
# version it was made with, and is checked against that form, so notes signed as
# version 1 still verify.
FORM_VERSION = 2
FORM_VERSIONS = frozenset({1, 2})
GENESIS = "0" * 64


def _plain(value: Any) -> Any:
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return value
    if isinstance(value, datetime):
        return _instant(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value != value.to_integral() else int(value)
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    raise TypeError(f"no canonical form for {type(value).__name__}")


def _instant(value: datetime) -> str:
    # Whole seconds in UTC: the same on every backend and after export and import.
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _unknown(version: int) -> None:
    if version not in FORM_VERSIONS:
        raise ValueError(f"no canonical form version {version}")


def session_form(note: SessionNote, version: int = FORM_VERSION) -> dict[str, Any]:
    """The canonical content of a signed note in form ``version`` (one of FORM_VERSIONS)."""
    _unknown(version)
    form = _session_form_v1(note)
    form["form"] = version
    if version >= 2:
        form["safety"] = _plain(
            sorted(
                [f.code, f.level, f.title, f.explanation, f.source, f.resolution, f.reason,
                 f.resolved_by_id, f.resolved_by_name, f.resolved_at and _instant(f.resolved_at)]
                for f in note.safety
            )
        )  # fmt: skip
    return form


def _session_form_v1(note: SessionNote) -> dict[str, Any]:
    return _plain(
        {
            "form": 1,
            "entity": "session",
            "id": note.id,
            "patient_id": note.patient_id,
            "practitioner": [note.practitioner_id, note.practitioner_name],
            "signed": [note.signed_by_id, note.signed_by_name,
                       note.signed_at and _instant(note.signed_at)],
            "local_date": note.local_date,
            "tz": note.tz,
            "started_at": note.started_at,
            "duration_minutes": note.duration_minutes,
            "side": note.side,
            "digits": [note.digits_left, note.digits_right],
            "severity": note.severity,
            "needles": [note.needles_in, note.needles_out],
            "next_appointment_on": note.next_appointment_on,
            "text": {name: getattr(note, name) for name in TEXT_FIELDS},
            "adjuncts": sorted(name for name in ADJUNCTS if getattr(note, name)),
            "scores": {instrument: score for instrument, score in note.scores},
            "points": [
                [p.position, p.code, p.site, p.side, p.needles, p.gauge_hundredths_mm,
                 p.length_mm, p.depth_tenths_mm, p.angle, p.technique, p.de_qi,
                 p.retention_minutes, p.note]
                for p in note.points
            ],
            "channels": [
                [c.channel, c.point_a, c.point_b, c.waveform, c.frequency_low_hz,
                 c.frequency_high_hz, c.intensity_tenths_ma, c.to_tolerance, c.minutes]
                for c in note.channels
            ],
            "findings": [
                [f.test, f.side, f.result, f.digit, f.two_point_mm, list(f.trials),
                 f.seconds_to_symptoms, f.note]
                for f in note.findings
            ],
            "adverse_events": [
                [e.kind, e.occurred_at, e.severity, e.serious, e.description, e.action_taken,
                 e.follow_up]
                for e in note.adverse_events
            ],
        }
    )  # fmt: skip


def amendment_form(
    amendment: AmendmentView, session_id: int, patient_id: int, version: int = FORM_VERSION
) -> dict[str, Any]:
    """The canonical content of an addendum, correction or "entered in error" mark (the
    same fields in every form version; only the version number differs)."""
    _unknown(version)
    return _plain(
        {
            "form": version,
            "entity": "amendment",
            "id": amendment.id,
            "session_id": session_id,
            "patient_id": patient_id,
            "kind": amendment.kind,
            "text": amendment.text,
            "field": amendment.field,
            "old_value": amendment.old_value,
            "new_value": amendment.new_value,
            "reason": amendment.reason,
            "author": [amendment.author_id, amendment.author_name],
            "created_at": amendment.created_at,
        }
    )


def content_hash(form: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of a form."""
    encoded = json.dumps(form, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def chain_hash(previous: str, content: str) -> str:
    """The next link: SHA-256 of the previous chain hash followed by the content hash."""
    return hashlib.sha256((previous + content).encode("ascii")).hexdigest()
