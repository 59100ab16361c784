"""Who acts, for which clinic, and when: the context every clinical write is made in.

Built once when the app starts or the practitioner changes (and once per CLI command),
then passed to the use cases. It replaces ``actor=""`` defaults and ``date.today()``
computed in many places: the actor is a practitioner record, and "today" is the clinic's
date in the clinic's time zone, whatever zone the viewing machine is in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def system_clock() -> datetime:
    """The current instant, aware UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Actor:
    """The practitioner a write is attributed to: the id for queries, the name as a
    snapshot so the audit trail reads correctly after the profile changes."""

    practitioner_id: int
    name: str

    def __post_init__(self) -> None:
        # Never a blank actor: every write must be attributable to a practitioner record.
        if type(self.practitioner_id) is not int or self.practitioner_id < 1:
            raise ValueError("an actor needs the id of a practitioner record")
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("an actor needs the practitioner's name")


@dataclass(frozen=True)
class ClinicContext:
    """The acting practitioner, the clinic's time zone and a clock (injectable in tests).

    The rest of the clinic settings is read where it is used, inside that use case's
    transaction: a copy held here would go stale, and the most basic object of clinic/
    must not depend on the settings store (which depends on it to audit its writes).
    """

    actor: Actor
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    clock: Callable[[], datetime] = system_clock

    def __post_init__(self) -> None:
        if not isinstance(self.actor, Actor):
            raise TypeError("a clinic context needs an Actor")

    def now(self) -> datetime:
        """The current instant, aware UTC."""
        moment = self.clock()
        if moment.tzinfo is None:
            raise ValueError("the clock must return an aware datetime")
        return moment.astimezone(UTC)

    def today(self) -> date:
        """Today's date in the clinic's time zone."""
        return self.now().astimezone(self.tz).date()

    def local_date(self, moment: datetime) -> date:
        """The clinic-local date of an instant."""
        return moment.astimezone(self.tz).date()
