"""Made-up, varied demo data for trying the app, screenshots and benchmarks.

Every name, date and number here is invented. The mix follows what a hand clinic sees:
office and manual workers with numbness and tingling, a share of pregnant patients,
people on anticoagulants, a few with devices or lymphoedema, some children.

Patients, histories, consents and archiving go through the same use cases as what a
practitioner types (validation and audit trail included), as the "Demo practitioner",
each dated on the (invented) day it happened. Demo data goes only into a new or empty
database: it must never mix with real records.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session as DbSession

from wristcare.clinic.clinic_settings import get_clinic_settings, update_clinic_settings
from wristcare.clinic.consent import ConsentDetails, _record_consent, _withdraw_consent
from wristcare.clinic.context import ClinicContext, system_clock
from wristcare.clinic.history import HealthHistoryDetails, _save_history
from wristcare.clinic.patients import (
    PatientDetails,
    PatientQuery,
    _archive_patient,
    _create_patient,
    count_patients,
)
from wristcare.clinic.practitioners import find_or_add_practitioner
from wristcare.clinic.retention import age_on
from wristcare.db.engine import Database
from wristcare.demo.plans import add_demo_plans
from wristcare.demo.referrals import add_demo_referrals
from wristcare.demo.sessions import _add_demo_course
from wristcare.errors import WristCareError

DEMO_PRACTITIONER = "Demo practitioner"
DEMO_CLINIC = {
    "name": "Riverside Acupuncture Clinic (demo)",
    "address": "12 Mill Lane\nTotnes TQ9 5AB",
    "phone": "01632 960 142",
    "email": "hello@riverside.example",
}

GIVEN = {
    "female": ["Anna", "Maria", "Sarah", "Fatima", "Chloé", "Priya", "Olivia", "Zoë", "Mei",
               "Aoife", "Ingrid", "Lucía", "Grace", "Hannah", "Amara", "Noor", "Sofia", "Ruth"],
    "male": ["James", "Mohammed", "Oliver", "José", "Liam", "Arjun", "Tomás", "David", "Wei",
             "Kwame", "Lars", "Mateo", "Daniel", "Samuel", "Yusuf", "Henrik", "Ciarán", "Tom"],
}  # fmt: skip
FAMILY = ["Smith", "Jones", "Williams", "Brown", "Taylor", "Khan", "Patel", "O'Brien",
          "Nowak", "García", "Müller", "Okafor", "Nguyen", "Kowalski", "Dubois", "Rossi",
          "Jensen", "Murphy", "Ali", "Evans", "Lindqvist", "Silva", "Hughes", "Walker"]  # fmt: skip
CHINESE = [("王小明", "Xiaoming"), ("李静", "Jing"), ("张伟", "Wei"), ("陈美玲", "Meiling"),
           ("刘洋", "Yang"), ("黃志強", "Chi-keung")]  # fmt: skip
OCCUPATIONS = [
    ("Software developer", "Typing and mouse use 8 hours a day"),
    ("Hairdresser", "Scissors and hair dryer all day"),
    ("Dental hygienist", "Scaling instruments, pinch grip"),
    ("Violinist", "Practice 4 hours a day"),
    ("Carpenter", "Hammer, screwdriver, vibrating sander"),
    ("Supermarket cashier", "Scanning, repetitive wrist turns"),
    ("Accountant", "Keyboard and calculator"),
    ("Nurse", "Lifting patients, writing notes"),
    ("Retired teacher", "Knitting and gardening"),
    ("Student", "Gaming and phone use in the evenings"),
    ("Chef", "Knife work, heavy pans"),
    ("Warehouse picker", "Handheld scanner, lifting boxes"),
    ("Graphic designer", "Stylus and tablet"),
    ("Parent at home", "Carrying a baby, pram"),
]
CONDITIONS = ["Hypothyroidism", "Rheumatoid arthritis", "Hypertension", "Osteoarthritis, thumb base",
              "Asthma", "Migraine", "Previous wrist fracture (2019)", "Cervical spondylosis",
              "Type 2 diabetes", "Menopause", "Gout"]  # fmt: skip
MEDICATIONS = ["Levothyroxine 100 mcg", "Ramipril 5 mg", "Metformin 500 mg twice daily",
               "Sertraline 50 mg", "Ibuprofen as needed", "Combined pill", "Salbutamol inhaler",
               "Methotrexate 15 mg weekly", "Amitriptyline 10 mg at night"]  # fmt: skip
ANTICOAGULANTS = ["Warfarin", "Apixaban", "Rivaroxaban", "Clopidogrel", "Aspirin 75 mg"]
HERBS = ["Ginkgo", "Turmeric", "Vitamin B6", "Fish oil", "Ginseng", "Magnesium", "Dong quai"]


@dataclass(frozen=True)
class DemoResult:
    patients: int
    sessions: int
    plans: int
    practitioner: str
    # The current plan of each patient with a course (export/ prints handouts for some).
    current_plans: tuple[int, ...] = ()


class NotEmptyError(WristCareError):
    """Demo data was asked for in a database that already holds patients."""


def _birth_date(rng: random.Random, today: date) -> date:
    age = rng.randint(8, 15) if rng.random() < 0.03 else int(rng.triangular(18, 88, 48))
    return today - timedelta(days=age * 365 + rng.randint(0, 364))


def _history(rng: random.Random, sex: str, age: int, on: date, today: date) -> HealthHistoryDetails:
    chance = rng.random
    anticoagulant = chance() < 0.08 and age > 40
    # Only someone first seen in the last months can still be pregnant today: an older
    # history saying "pregnant, due last year" would put a stale alert on the header.
    days_ago = (today - on).days
    pregnant = sex == "female" and 18 <= age <= 44 and days_ago <= 200 and chance() < 0.3
    lymph = chance() < 0.03
    device = chance() < 0.02 and age > 55
    metal = chance() < 0.05
    skin = chance() < 0.03
    capacity = chance() < 0.01
    herbs = ", ".join(rng.sample(HERBS, rng.randint(0, 2)))
    return HealthHistoryDetails(
        conditions="\n".join(rng.sample(CONDITIONS, rng.randint(0, 3))),
        medications="\n".join(rng.sample(MEDICATIONS, rng.randint(0, 3))),
        anticoagulant=anticoagulant,
        anticoagulant_drug=rng.choice(ANTICOAGULANTS) if anticoagulant else "",
        bleeding_disorder=chance() < 0.01,
        allergy_metal=chance() < 0.04,
        allergy_latex=chance() < 0.03,
        allergy_adhesive=chance() < 0.03,
        allergies_other=rng.choice(["", "", "", "Penicillin", "Elastoplast rash"]),
        herbs_supplements=herbs,
        pregnant=pregnant,
        pregnancy_due_date=(on + timedelta(days=rng.randint(days_ago + 14, 280))) if pregnant else None,
        implanted_device=device,
        implanted_device_detail=rng.choice(["Pacemaker", "ICD", "Cochlear implant"]) if device else "",
        epilepsy=chance() < 0.02,
        metal_implant=metal,
        metal_implant_site=rng.choice(["Left wrist plate", "Right hip", "Right radius pins"]) if metal else "",
        lymphoedema=lymph,
        lymphoedema_limb=rng.choice(["left_arm", "right_arm"]) if lymph else "",
        diabetes=chance() < 0.1,
        skin_problem_at_site=skin,
        skin_problem_detail=rng.choice(["Eczema on both wrists", "Healing cut, right palm"]) if skin else "",
        needle_anxiety=chance() < 0.1,
        fainting_history=chance() < 0.04,
        capacity_concern=capacity,
        capacity_detail="Early dementia; daughter attends" if capacity else "",
    )  # fmt: skip


def _consents(
    rng: random.Random, patient_age: int, since: date, guardian: str
) -> list[tuple[ConsentDetails, date | None]]:
    """(consent, withdrawn on) pairs."""
    if rng.random() < 0.12:
        return []  # not yet recorded: the header says so
    minor = patient_age < 16
    signer = (
        {"consenter": "guardian", "guardian_name": guardian} if minor else {"consenter": "patient"}
    )
    consents: list[tuple[ConsentDetails, date | None]] = [
        (ConsentDetails(modality="acupuncture", given_on=since, method="written", **signer), None)
    ]
    for modality, share in (("electroacupuncture", 0.3), ("moxibustion", 0.2), ("cupping", 0.1)):
        if rng.random() < share:
            method = "written" if rng.random() < 0.7 else "verbal"
            withdrawn = since + timedelta(days=rng.randint(7, 60)) if rng.random() < 0.1 else None
            consents.append(
                (
                    ConsentDetails(modality=modality, given_on=since, method=method, **signer),
                    withdrawn,
                )
            )
    return consents  # fmt: skip


def _at(ctx: ClinicContext, day: date, hour: int = 9) -> ClinicContext:
    """The demo practitioner acting at ``hour`` o'clock on ``day``, clinic time."""
    moment = datetime.combine(day, time(hour), tzinfo=ctx.tz).astimezone(UTC)
    return replace(ctx, clock=lambda: moment)


def _patient(rng: random.Random, today: date) -> tuple[PatientDetails, str, int, date]:
    """Details, sex, age today and date of birth of one invented patient."""
    sex = rng.choice(["female", "female", "male", "male", "other", ""])
    if rng.random() < 0.08:
        name, preferred = rng.choice(CHINESE)
    else:
        pool = GIVEN.get(sex) or GIVEN["female"] + GIVEN["male"]
        name, preferred = f"{rng.choice(pool)} {rng.choice(FAMILY)}", ""
    dob = _birth_date(rng, today)
    age = (today - dob).days // 365
    occupation, activities = rng.choice(OCCUPATIONS)
    details = PatientDetails(
        name=name,
        preferred_name=preferred,
        date_of_birth=dob,
        sex=sex,
        phone=f"07{rng.randint(100, 999)} {rng.randint(100000, 999999)}",
        email=f"{name.split()[0].lower()}.{rng.randint(10, 99)}@example.org"
        if rng.random() < 0.8 and name.isascii()
        else "",
        occupation="School pupil" if age < 16 else occupation,
        dominant_hand=rng.choice(["right"] * 8 + ["left", "both"]),
        repetitive_activities="" if age < 16 else activities,
        referring_clinician_name=rng.choice(["", "", "Dr A. Hughes (GP)", "Physio: K. Lee"]),
        family_doctor_name=rng.choice(["Dr R. Patel", "Dr S. Murphy", "Dr L. Chen", ""]),
        family_doctor_contact=rng.choice(["Riverside Surgery, 01632 960123", ""]),
    )  # fmt: skip
    return details, sex, age, dob


def fill_demo(
    database: Database,
    *,
    patients: int = 200,
    seed: int = 1,
    clock: Callable[[], datetime] = system_clock,
    course_share: float = 0.75,
) -> DemoResult:
    """Add ``patients`` invented patients with histories, consents, sessions and plans,
    written as the "Demo practitioner". NotEmptyError if the database holds any patient.

    ``course_share`` of the patients get a course of sessions. Every note goes through the
    session use cases (about 30 ms each), so a benchmark of 20,000 patients asks for fewer.
    """
    if count_patients(database, PatientQuery(include_archived=True)):
        raise NotEmptyError(
            "This database already holds patients: demo data goes only into a new or empty "
            "database (give a new file with --db)."
        )
    rng = random.Random(seed)
    ctx = find_or_add_practitioner(database, DEMO_PRACTITIONER, clock=clock)
    _demo_letterhead(database, ctx)
    # One transaction, the use cases' inner forms inside it: the same code, validation and
    # audit as a practitioner's edits, and either the whole demo is written or none of it
    # (and no fsync per patient).
    with database.transaction() as db:
        sessions, plans, current = _fill(db, rng, ctx, patients, course_share)
    return DemoResult(
        patients=patients,
        sessions=sessions,
        plans=plans,
        practitioner=ctx.actor.name,
        current_plans=tuple(current),
    )


def _demo_letterhead(database: Database, ctx: ClinicContext) -> None:
    """An invented clinic on the handouts, unless this database already names one."""
    settings = get_clinic_settings(database)
    if settings.details.name.strip():
        return
    letterhead = replace(settings.details, **DEMO_CLINIC)
    update_clinic_settings(database, ctx, letterhead, expected_version=settings.version_id)


def _fill(
    db: DbSession,
    rng: random.Random,
    ctx: ClinicContext,
    patients: int,
    course_share: float,
) -> tuple[int, int, list[int]]:
    today = ctx.today()
    session_count = plan_count = 0
    current_plans: list[int] = []
    with_notes: list[int] = []
    for _ in range(patients):
        details, sex, age, dob = _patient(rng, today)
        first_seen = today - timedelta(days=rng.randint(0, 900))
        archive_after = rng.randint(30, 400) if rng.random() < 0.05 else None
        then = _at(ctx, first_seen)
        # Invented names can repeat; the demo keeps both, as a practitioner may.
        record = _create_patient(db, then, details, allow_duplicate=True)
        history = _history(rng, sex, age, first_seen, today)
        _save_history(db, then, record.id, history, None)
        guardian = f"{rng.choice(GIVEN['female'])} {details.name.split()[-1]}"
        # Who signs depends on the age on the day consent was given, not today.
        consents = _consents(rng, age_on(dob, first_seen), first_seen, guardian)
        for consent, withdrawn in consents:
            given = _record_consent(db, then, record.id, consent)
            if withdrawn is not None and withdrawn <= today:
                _withdraw_consent(
                    db, _at(ctx, withdrawn, 17), given.id, withdrawn, given.version_id
                )
        # A patient whose consent is not on record yet is only booked in: nobody is
        # needled without consent, so the demo's notes have no overridden consent stops.
        sessions, plans, current = _sessions_and_plans(
            db, rng, ctx, record.id, first_seen, course_share if consents else 0.0,
            history.anticoagulant,
        )  # fmt: skip
        session_count += sessions
        plan_count += plans
        if current is not None:
            current_plans.append(current)
        if sessions and archive_after is None:
            with_notes.append(record.id)
        if archive_after is not None:
            when = min(today, first_seen + timedelta(days=archive_after))
            _archive_patient(db, _at(ctx, when, 18), record.id, record.version_id)
    add_demo_referrals(db, ctx, with_notes[:2])
    return session_count, plan_count, current_plans


# --- sessions and plans ----------------------------------------------------------------
# Both go through their use cases (demo/sessions.py and demo/plans.py).


def _sessions_and_plans(
    db: DbSession,
    rng: random.Random,
    ctx: ClinicContext,
    patient_id: int,
    first_seen: date,
    course_share: float,
    anticoagulant: bool,
) -> tuple[int, int, int | None]:
    """A course of sessions (by the demo practitioner) and, with it, the plans it
    followed: how many sessions, how many plans, and the current plan's id."""
    if rng.random() >= course_share:
        return 0, 0, None
    sessions = _add_demo_course(db, ctx, patient_id, rng, first_seen).sessions
    plans = add_demo_plans(db, ctx, patient_id, rng, first_seen,
                           anticoagulant=anticoagulant)  # fmt: skip
    return sessions, plans.plans, plans.current_plan_id
