"""The treatment rules: one small predicate per rule code, the wording and lists from data."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import replace

from wristcare.clinic.consent_terms import GUARDIAN_UNDER_AGE, MODALITIES
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.history_details import HealthHistoryDetails
from wristcare.clinic.labels import LIMBS
from wristcare.clinic.safety.body import limb_of, point_at_site, read_site
from wristcare.clinic.safety.findings import Finding, by_level, finding_of
from wristcare.clinic.safety.herbs import HISTORY_FIELDS, herbs_in, herbs_in_history
from wristcare.clinic.safety.rulebook import (
    ALWAYS_ON_LEVELS,
    BodyPart,
    Rule,
    RuleBook,
    mm,
    rule_book,
)
from wristcare.clinic.safety.treatment import (
    TreatedPoint,
    TreatmentContext,
    canonical_code,
    validate_treatment,
)
from wristcare.db.vocab import Limb, Side

# Which part of the body and side each lymphoedema answer of the health history means.
_LYMPHOEDEMA_LIMB: dict[Limb, tuple[BodyPart, Side | None]] = {
    Limb.LEFT_ARM: (BodyPart.ARM, Side.LEFT),
    Limb.RIGHT_ARM: (BodyPart.ARM, Side.RIGHT),
    Limb.BOTH_ARMS: (BodyPart.ARM, None),
    Limb.LEFT_LEG: (BodyPart.LEG, Side.LEFT),
    Limb.RIGHT_LEG: (BodyPart.LEG, Side.RIGHT),
}

Check = Callable[[TreatmentContext, Rule, RuleBook], Finding | None]


def _labels(points: Iterable[TreatedPoint]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.label for p in points))


def _points_finding(
    rule: Rule, book: RuleBook, points: list[TreatedPoint], fields: tuple[str, ...], **values: str
) -> Finding | None:
    if not points:
        return None
    labels = _labels(points)
    return finding_of(
        rule,
        book,
        {"points": ", ".join(labels), **values},
        points=tuple(dict.fromkeys(p.code for p in points)),
        fields=fields,
    )


def _listed(ctx: TreatmentContext, codes: Collection[str]) -> list[TreatedPoint]:
    return [p for p in ctx.treatment.points if p.code in codes]


def _electroacupuncture_text(ctx: TreatmentContext) -> str:
    channels = ", ".join(f"{a}–{b}" for a, b in ctx.treatment.channels)
    return f"electroacupuncture planned on {channels}" if channels else "electroacupuncture planned"


def _channel_points(ctx: TreatmentContext) -> tuple[str, ...]:
    return tuple(dict.fromkeys(code for pair in ctx.treatment.channels for code in pair))


def _due(h: HealthHistoryDetails) -> str:
    return f" (due {h.pregnancy_due_date:%d %b %Y})" if h.pregnancy_due_date else ""


def _bleeding(h: HealthHistoryDetails) -> str:
    parts = []
    if h.anticoagulant:
        parts.append(f"On {h.anticoagulant_drug or 'an anticoagulant'}")
    if h.bleeding_disorder:
        parts.append("with a bleeding disorder" if parts else "Bleeding disorder")
    return ", ".join(parts)


def _with_history(
    check: Callable[[TreatmentContext, HealthHistoryDetails, Rule, RuleBook], Finding | None],
) -> Check:
    def run(ctx: TreatmentContext, rule: Rule, book: RuleBook) -> Finding | None:
        return None if ctx.history is None else check(ctx, ctx.history, rule, book)

    return run


def consent_missing(ctx: TreatmentContext, rule: Rule, book: RuleBook) -> Finding | None:
    """A modality used with no consent in force."""
    active = {c.modality for c in ctx.consents}
    used = ctx.treatment.modalities_used
    missing = [m for m in MODALITIES if m in used and m not in active]
    if not missing:
        return None
    names = " and ".join(MODALITIES[m].lower() for m in missing)
    return finding_of(rule, book, {"modalities": names}, fields=("consents",))


def minor_without_guardian(ctx: TreatmentContext, rule: Rule, book: RuleBook) -> Finding | None:
    """A patient under 16 whose consent for a modality used was not a guardian's."""
    if ctx.age_years is None or ctx.age_years >= GUARDIAN_UNDER_AGE:
        return None
    used = ctx.treatment.modalities_used
    unguarded = [
        m
        for m in MODALITIES
        if m in used
        and any(c.modality == m for c in ctx.consents)
        and not any(c.modality == m and c.guardian_present for c in ctx.consents)
    ]
    if not unguarded:
        return None
    names = " and ".join(MODALITIES[m].lower() for m in unguarded)
    age = f"{ctx.age_years} year{'s' if ctx.age_years != 1 else ''} old"
    return finding_of(rule, book, {"age": age, "modalities": names}, fields=("consents", "age"))


def history_missing(ctx: TreatmentContext, rule: Rule, book: RuleBook) -> Finding | None:
    """Treating with no health history on record."""
    if ctx.history is not None or not ctx.treatment.modalities_used:
        return None
    return finding_of(rule, book, {}, fields=("history",))


@_with_history
def lymphoedema_limb(
    ctx: TreatmentContext, h: HealthHistoryDetails, rule: Rule, book: RuleBook
) -> Finding | None:
    """A point on the limb with lymphoedema (a point with no side yet counts)."""
    if not h.lymphoedema or h.lymphoedema_limb not in _LYMPHOEDEMA_LIMB:
        return None
    limb, side = _LYMPHOEDEMA_LIMB[Limb(h.lymphoedema_limb)]
    on_limb = [
        p
        for p in ctx.treatment.points
        if limb_of(book, p.code) == limb
        and (side is None or p.side not in ("left", "right") or p.side == side)
    ]
    label = LIMBS[h.lymphoedema_limb].lower()
    return _points_finding(rule, book, on_limb, ("lymphoedema_limb", "side"), limb=label)


def _pregnancy_points(codes: Callable[[RuleBook], Collection[str]]) -> Check:
    @_with_history
    def check(
        ctx: TreatmentContext, h: HealthHistoryDetails, rule: Rule, book: RuleBook
    ) -> Finding | None:
        if not h.pregnant:
            return None
        return _points_finding(rule, book, _listed(ctx, codes(book)), ("pregnant",), due=_due(h))

    return check


def _avoided_in_pregnancy(book: RuleBook) -> frozenset[str]:
    return book.points_of(book.rule("PREG-AVOID"))


def _cautious_in_pregnancy(book: RuleBook) -> Collection[str]:
    # BL31-BL34 are lumbosacral too: the stronger finding names them, not both.
    return book.points_of(book.rule("PREG-CAUTION")) - _avoided_in_pregnancy(book)


def _electroacupuncture_with(flag: str, **extra: Callable[[HealthHistoryDetails], str]) -> Check:
    @_with_history
    def check(
        ctx: TreatmentContext, h: HealthHistoryDetails, rule: Rule, book: RuleBook
    ) -> Finding | None:
        if not (getattr(h, flag) and "electroacupuncture" in ctx.treatment.modalities_used):
            return None
        values = {
            "electroacupuncture": _electroacupuncture_text(ctx),
            **{k: f(h) for k, f in extra.items()},
        }
        return finding_of(
            rule, book, values, points=_channel_points(ctx), fields=(flag, "channels")
        )

    return check


@_with_history
def bleeding_needle(
    ctx: TreatmentContext, h: HealthHistoryDetails, rule: Rule, book: RuleBook
) -> Finding | None:
    """A thick needle or deep needling with an anticoagulant or a bleeding disorder."""
    if not (h.anticoagulant or h.bleeding_disorder):
        return None
    p = book.parameters
    problems, flagged = [], []
    for point in ctx.treatment.points:
        bits = []
        if point.gauge is not None and point.gauge > p.bleeding_max_gauge:
            bits.append(f"{mm(point.gauge, 100)} needle")
        if point.depth is not None and point.depth > p.deep_needling:
            bits.append(f"{mm(point.depth, 10)} deep (deep is over {mm(p.deep_needling, 10)})")
        if bits:
            problems.append(f"{point.label} {' and '.join(bits)}")
            flagged.append(point)
    if not flagged:
        return None
    values = {"bleeding": _bleeding(h), "problems": "; ".join(problems)}
    return _points_finding(rule, book, flagged, ("anticoagulant", "gauge", "depth"), **values)


@_with_history
def herb_bleeding(
    ctx: TreatmentContext, h: HealthHistoryDetails, rule: Rule, book: RuleBook
) -> Finding | None:
    """Bleeding-risk herbs in the history or plan, with an anticoagulant or bleeding disorder."""
    if not (h.anticoagulant or h.bleeding_disorder):
        return None
    found = herbs_in_history(book, h)
    places = {HISTORY_FIELDS[name]: herbs for name, herbs in found.items()}
    in_plan = herbs_in(book, ctx.treatment.supplements)
    if in_plan:
        places["the plan's supplements"] = in_plan
    if not places:
        return None
    herbs = list(dict.fromkeys(herb for names in places.values() for herb in names))
    values = {
        "bleeding": _bleeding(h),
        "herbs": ", ".join(herbs),
        "where": " and ".join(places),
    }
    fields = (*found, *(("supplements",) if in_plan else ()))
    return finding_of(rule, book, values, fields=("anticoagulant", *fields))


@_with_history
def diabetes_distal(
    ctx: TreatmentContext, h: HealthHistoryDetails, rule: Rule, book: RuleBook
) -> Finding | None:
    """Hand, wrist, foot or ankle points with diabetes."""
    if not h.diabetes:
        return None
    return _points_finding(rule, book, _listed(ctx, book.points_of(rule)), ("diabetes",))


def thorax_depth(ctx: TreatmentContext, rule: Rule, book: RuleBook) -> Finding | None:
    """A point over the lung not yet shown to be needled shallow or along the skin."""
    p = book.parameters
    problems, flagged = [], []
    for point in _listed(ctx, book.points_of(rule)):
        shallow = point.depth is not None and point.depth <= p.thoracic_max_depth
        if shallow or point.angle in p.thoracic_safe_angles:
            continue
        depth = "depth not recorded" if point.depth is None else f"{mm(point.depth, 10)} deep"
        angle = point.angle or "angle not recorded"
        problems.append(f"{point.label} {depth}, {angle}")
        flagged.append(point)
    return _points_finding(rule, book, flagged, ("depth", "angle"), problems="; ".join(problems))


def _at_site(flag: str, detail_field: str, unknown: str) -> Check:
    @_with_history
    def check(
        ctx: TreatmentContext, h: HealthHistoryDetails, rule: Rule, book: RuleBook
    ) -> Finding | None:
        if not getattr(h, flag) or not ctx.treatment.points:
            return None
        detail = getattr(h, detail_field)
        site = read_site(book, detail)
        if site.placed:
            points = [p for p in ctx.treatment.points if point_at_site(book, p.code, p.side, site)]
            how = f"at {site.describe()}, as read from the site"
        else:
            points = list(ctx.treatment.points)
            how = "may be at the site: it names no part of the body WristCare knows, so check each"
        values = {"detail": detail or unknown, "how": how}
        return _points_finding(rule, book, points, (detail_field,), **values)

    return check


def radial_artery(ctx: TreatmentContext, rule: Rule, book: RuleBook) -> Finding | None:
    """LU8 and LU9 lie beside the radial artery."""
    return _points_finding(rule, book, _listed(ctx, book.points_of(rule)), ())


CHECKS: dict[str, Check] = {
    "CONSENT-MISSING": consent_missing,
    "MINOR-NO-GUARDIAN": minor_without_guardian,
    "DEVICE-EA": _electroacupuncture_with(
        "implanted_device", device=lambda h: h.implanted_device_detail or "not described"
    ),
    "LYMPH-LIMB": lymphoedema_limb,
    "HISTORY-MISSING": history_missing,
    "PREG-AVOID": _pregnancy_points(_avoided_in_pregnancy),
    "PREG-CAUTION": _pregnancy_points(_cautious_in_pregnancy),
    "PREG-EA": _electroacupuncture_with("pregnant", due=_due),
    "EPILEPSY-EA": _electroacupuncture_with("epilepsy"),
    "BLEED-NEEDLE": bleeding_needle,
    "HERB-BLEED": herb_bleeding,
    "DIABETES-DISTAL": diabetes_distal,
    "THORAX-DEPTH": thorax_depth,
    "SITE-SKIN": _at_site("skin_problem_at_site", "skin_problem_detail", "Skin problem"),
    "SITE-METAL": _at_site("metal_implant", "metal_implant_site", "site not recorded"),
    "RADIAL-ARTERY": radial_artery,
}


def list_rules(book: RuleBook | None = None) -> list[Rule]:
    """Every rule, treatment rules then red flags, with code, level, title and source."""
    return list((book or rule_book()).rules)


def validate_disabled(disabled: Collection[str], book: RuleBook | None = None) -> None:
    """Refuse to switch off a rule that is unknown, a stop, a red flag or marked always on."""
    book = book or rule_book()
    problems = []
    for code in sorted(disabled):
        try:
            rule = book.rule(code)
        except KeyError:
            problems.append(f"there is no rule {code}")
            continue
        if rule.level in ALWAYS_ON_LEVELS:
            problems.append(f"{code} is a {rule.level} rule and cannot be switched off")
        elif not rule.may_disable:
            problems.append(f"{code} cannot be switched off")
    if problems:
        raise ValidationError({"disabled_rules": "; ".join(problems)})


def check_treatment(
    ctx: TreatmentContext, disabled: Collection[str] = (), book: RuleBook | None = None
) -> list[Finding]:
    """Every treatment rule that fires, stops first; ``disabled`` are the clinic's switched-off
    cautions. ValidationError if a stop is in ``disabled`` or the treatment cannot be read."""
    book = book or rule_book()
    validate_disabled(disabled, book)
    problems = validate_treatment(ctx.treatment)
    if problems:
        raise ValidationError(problems)
    treatment = replace(
        ctx.treatment,
        points=tuple(replace(p, code=canonical_code(p.code)) for p in ctx.treatment.points),
        channels=tuple((canonical_code(a), canonical_code(b)) for a, b in ctx.treatment.channels),
    )
    ctx = replace(ctx, treatment=treatment)
    findings = []
    for rule in book.rules:
        if rule.kind != "treatment" or rule.code in disabled:
            continue
        finding = CHECKS[rule.code](ctx, rule, book)
        if finding is not None:
            findings.append(finding)
    return by_level(findings)
