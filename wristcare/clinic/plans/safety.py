"""The safety rules read against a plan, so the practitioner sees at planning time what
the planned points, electroacupuncture pairs and supplements will meet in the session
(pregnancy points, an implanted device with electro, herbs with an anticoagulant, …).

A plan is not a treatment: nothing here is answered or signed. The note asks for the
reasons when the points are needled."""

from __future__ import annotations

from wristcare.clinic.acupoints import UnknownPointError, resolve_point_code
from wristcare.clinic.plans.details import PlanDetails
from wristcare.clinic.safety.checks import check_treatment
from wristcare.clinic.safety.findings import Finding
from wristcare.clinic.safety.treatment import ProposedTreatment, TreatedPoint, TreatmentContext
from wristcare.clinic.sessions.safety import SafetyFacts


def _code(typed: str) -> str | None:
    try:
        return resolve_point_code(typed)
    except UnknownPointError:
        return None  # the plan's own checks report a point it cannot read


def plan_treatment(details: PlanDetails) -> ProposedTreatment:
    """The plan's protocol as the rules read it: its library points with their sides,
    each electroacupuncture pair once, and its supplements and herbs as written."""
    codes = [_code(p.point) if p.point.strip() else None for p in details.points]
    points = tuple(
        TreatedPoint(code=code, side=str(p.side or ""))
        for p, code in zip(details.points, codes, strict=True)
        if code is not None
    )
    pairs: set[tuple[int, int]] = set()
    for index, point in enumerate(details.points):
        other = point.electro_pair
        if other is not None and other != index and 0 <= other < len(codes):
            pairs.add((min(index, other), max(index, other)))
    channels = tuple(
        (first, second)
        for a, b in sorted(pairs)
        if (first := codes[a]) is not None and (second := codes[b]) is not None
    )
    return ProposedTreatment(
        points=points,
        channels=channels,
        supplements=details.supplements,
    )


def plan_findings(facts: SafetyFacts, details: PlanDetails) -> list[Finding]:
    """Every safety rule that fires on the plan as written, stops first (pure and fast:
    the plan editor runs it on each edit)."""
    context = TreatmentContext(
        history=facts.history,
        consents=facts.consents,
        age_years=facts.age_years,
        treatment=plan_treatment(details),
    )
    return check_treatment(context, disabled=facts.rules_off)
