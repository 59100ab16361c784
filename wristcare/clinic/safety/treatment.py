"""What the safety rules look at: the patient as recorded and the treatment proposed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from wristcare.clinic.consent_terms import MODALITIES, ConsentRecord
from wristcare.clinic.errors import UnknownPointError
from wristcare.clinic.history_details import HealthHistoryDetails
from wristcare.clinic.labels import ANGLES, SIDES
from wristcare.clinic.point_codes import resolve_point_code
from wristcare.clinic.validation import Problems
from wristcare.db.vocab import Side


@dataclass(frozen=True)
class TreatedPoint:
    """One point in the proposed treatment, as the rules check it (the stored point is
    db.models.NeedledPoint).

    ``gauge`` is in 1/100 mm (25 = 0.25 mm) and ``depth`` in 1/10 mm (120 = 12 mm); None
    while not yet recorded. ``side`` is a Side and ``angle`` a NeedleAngle value, or "".
    """

    code: str
    side: str = ""
    gauge: int | None = None
    depth: int | None = None
    angle: str = ""

    @property
    def label(self) -> str:
        """``PC7 (left)``: the point as a finding names it."""
        return f"{self.code} ({SIDES[Side(self.side)].lower()})" if self.side else self.code


@dataclass(frozen=True)
class ProposedTreatment:
    """The draft session's or plan's treatment.

    ``channels`` are electroacupuncture pairs of point codes; ``modalities`` are consent
    modality keys (needled points imply acupuncture, channels electroacupuncture, and
    electroacupuncture acupuncture: it is given through needles);
    ``supplements`` is the plan's herbs and supplements as written.
    """

    points: tuple[TreatedPoint, ...] = ()
    channels: tuple[tuple[str, str], ...] = ()
    modalities: frozenset[str] = frozenset()
    supplements: str = ""

    @property
    def modalities_used(self) -> frozenset[str]:
        """The modalities given, with those the points and channels imply."""
        used = set(self.modalities)
        if self.points:
            used.add("acupuncture")
        if self.channels:
            used.add("electroacupuncture")
        if "electroacupuncture" in used:
            used.add("acupuncture")
        return frozenset(used)


@dataclass(frozen=True)
class ActiveConsent:
    """A consent in force on the clinic date."""

    modality: str
    guardian_present: bool = False


@dataclass(frozen=True)
class TreatmentContext:
    """Everything the treatment rules read. ``history`` is None when none is recorded."""

    history: HealthHistoryDetails | None
    consents: tuple[ActiveConsent, ...]
    age_years: int | None
    treatment: ProposedTreatment


def consents_in_force(records: Iterable[ConsentRecord], day: date) -> tuple[ActiveConsent, ...]:
    """The consents given by ``day`` and not withdrawn, as the rules read them."""
    return tuple(
        ActiveConsent(r.modality, guardian_present=r.consenter == "guardian")
        for r in records
        if r.active_on(day)
    )


def canonical_code(code: str) -> str:
    """The WHO code for a point as given, or the text upper-cased if it is not a code."""
    try:
        return resolve_point_code(code)
    except UnknownPointError:
        return code.strip().upper()


def validate_treatment(treatment: ProposedTreatment) -> dict[str, str]:
    """Field -> message for a proposed treatment the rules cannot read."""
    problems = Problems()
    for index, point in enumerate(treatment.points):
        where = f"points[{index}]"
        _known_point(problems, f"{where}.code", point.code)
        problems.check(
            f"{where}.side",
            not point.side or point.side in SIDES,
            f"Side of {point.code} must be left, right, both or midline",
        )
        problems.check(
            f"{where}.angle",
            not point.angle or point.angle in ANGLES,
            f"Angle of {point.code} must be perpendicular, oblique or transverse",
        )
        problems.check(
            f"{where}.gauge",
            point.gauge is None or 5 <= point.gauge <= 60,
            f"Gauge of {point.code} must be 0.05 to 0.60 mm",
        )
        problems.check(
            f"{where}.depth",
            point.depth is None or 0 <= point.depth <= 1500,
            f"Depth of {point.code} must be 0 to 150 mm",
        )
    for index, pair in enumerate(treatment.channels):
        # When both ends are unknown the second is named (as it always was).
        for code in reversed(pair):
            _known_point(problems, f"channels[{index}]", code)
    unknown = sorted(treatment.modalities - MODALITIES.keys())
    problems.check("modalities", not unknown, f"Unknown treatment kind: {', '.join(unknown)}")
    return problems.fields


def _known_point(problems: Problems, key: str, code: str) -> None:
    # The point library words the problem (an unknown code, an ambiguous alias).
    try:
        resolve_point_code(code)
    except UnknownPointError as error:
        problems.add(key, str(error))
