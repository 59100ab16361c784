"""Made-up, varied demo data for trying the app, screenshots and benchmarks.

Every name, date and number here is invented. The mix follows what a hand clinic sees:
office and manual workers with numbness and tingling, a share of pregnant patients,
people on anticoagulants, a few with devices or lymphoedema, some children.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from wristcare.clinic.patients import search_key
from wristcare.clinic.retention import age_on
from wristcare.db.engine import Database
from wristcare.db.models import (
    Consent,
    HealthHistory,
    Patient,
    Practitioner,
    TreatmentPlan,
    TreatmentSession,
)

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
COMPLAINTS = [
    "Numbness and tingling in thumb, index and middle finger, worse at night",
    "Aching wrist after typing, pins and needles in the morning",
    "Pain at the base of the thumb when opening jars",
    "Hands wake me at night; shaking them helps",
    "Dropping things, clumsy fingers",
    "Burning pain in palm after long shifts",
    "Tingling both hands since pregnancy",
]
PATTERNS = ["Qi and blood stagnation in the channels", "Wind-damp bi", "Blood deficiency",
            "Liver qi stagnation", "Damp-heat in the channels"]  # fmt: skip


@dataclass(frozen=True)
class DemoResult:
    patients: int
    sessions: int
    plans: int


def _birth_date(rng: random.Random, today: date) -> date:
    age = rng.randint(8, 15) if rng.random() < 0.03 else int(rng.triangular(18, 88, 48))
    return today - timedelta(days=age * 365 + rng.randint(0, 364))


def _history(rng: random.Random, sex: str, age: int, on: datetime, today: date) -> HealthHistory:
    chance = rng.random
    anticoagulant = chance() < 0.08 and age > 40
    # Only someone first seen in the last months can still be pregnant today: an older
    # history saying "pregnant, due last year" would put a stale alert on the header.
    days_ago = (today - on.date()).days
    pregnant = sex == "female" and 18 <= age <= 44 and days_ago <= 200 and chance() < 0.3
    lymph = chance() < 0.03
    device = chance() < 0.02 and age > 55
    metal = chance() < 0.05
    skin = chance() < 0.03
    capacity = chance() < 0.01
    herbs = ", ".join(rng.sample(HERBS, rng.randint(0, 2)))
    return HealthHistory(
        version=1,
        recorded_at=on,
        recorded_by="Demo practitioner",
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
        pregnancy_due_date=(on.date() + timedelta(days=rng.randint(days_ago + 14, 280))) if pregnant else None,
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


def _consents(rng: random.Random, patient_age: int, since: date, guardian: str) -> list[Consent]:
    if rng.random() < 0.12:
        return []  # not yet recorded: the header says so
    minor = patient_age < 16
    signer = (
        {"consenter": "guardian", "guardian_name": guardian} if minor else {"consenter": "patient"}
    )
    consents = [Consent(modality="acupuncture", given_on=since, method="written", **signer)]
    for modality, share in (("electroacupuncture", 0.3), ("moxibustion", 0.2), ("cupping", 0.1)):
        if rng.random() < share:
            method = "written" if rng.random() < 0.7 else "verbal"
            consent = Consent(modality=modality, given_on=since, method=method, **signer)
            if rng.random() < 0.1:
                consent.withdrawn_on = since + timedelta(days=rng.randint(7, 60))
            consents.append(consent)
    return consents  # fmt: skip


def _sessions(
    rng: random.Random, first: date, today: date, practitioner: Practitioner
) -> list[TreatmentSession]:
    sessions = []
    day = first
    for _ in range(rng.randint(1, 12)):
        if day > today:
            break
        start = datetime.combine(day, time(rng.randint(8, 18), rng.choice([0, 15, 30, 45])))
        sessions.append(
            TreatmentSession(
                practitioner=practitioner,
                practitioner_name=practitioner.name,
                started_at=start.astimezone(UTC),
                local_date=day,
                tz="UTC",
                duration_minutes=rng.choice([45, 60, 60, 90]),
                complaint=rng.choice(COMPLAINTS),
                side=rng.choice(["right", "left", "bilateral"]),
                pattern=rng.choice(PATTERNS),
                needles_in=8,
                needles_out=8,
            )
        )
        day += timedelta(days=rng.choice([3, 4, 7, 7, 14]))
    return sessions


def fill_demo(
    database: Database, *, patients: int = 200, seed: int = 1, today: date | None = None
) -> DemoResult:
    """Add ``patients`` invented patients with histories, consents, sessions and plans."""
    rng = random.Random(seed)
    today = today or date.today()
    now = datetime.now(UTC)
    made: list[Patient] = []
    session_count = plan_count = 0
    with database.transaction() as db:
        practitioner = Practitioner(name="Dr Demo Practitioner")
        db.add(practitioner)
        for _ in range(patients):
            sex = rng.choice(["female", "female", "male", "male", "other", ""])
            if rng.random() < 0.08:
                name, preferred = rng.choice(CHINESE)
            else:
                pool = GIVEN.get(sex) or GIVEN["female"] + GIVEN["male"]
                name, preferred = f"{rng.choice(pool)} {rng.choice(FAMILY)}", ""
            dob = _birth_date(rng, today)
            age = (today - dob).days // 365
            occupation, activities = rng.choice(OCCUPATIONS)
            first_seen = today - timedelta(days=rng.randint(0, 900))
            patient = Patient(
                record_number=f"new-{uuid.uuid4().hex[:12]}",
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
                archived_at=now - timedelta(days=rng.randint(30, 400)) if rng.random() < 0.05 else None,
                created_at=datetime.combine(first_seen, time(9)).astimezone(UTC),
            )  # fmt: skip
            seen_at = datetime.combine(first_seen, time(9)).astimezone(UTC)
            patient.histories.append(_history(rng, sex, age, seen_at, today))
            guardian = f"{rng.choice(GIVEN['female'])} {name.split()[-1]}"
            # Who signs depends on the age on the day consent was given, not today.
            age_then = age_on(dob, first_seen)
            patient.consents.extend(_consents(rng, age_then, first_seen, guardian))
            db.add(patient)
            made.append(patient)
            if rng.random() < 0.75:
                for session in _sessions(rng, first_seen, today, practitioner):
                    session.patient = patient
                    db.add(session)
                    session_count += 1
            if rng.random() < 0.5:
                db.add(
                    TreatmentPlan(
                        patient=patient,
                        problem="Carpal tunnel symptoms, " + rng.choice(["right", "left", "both"]),
                        status="active",
                        started_on=first_seen,
                        review_on=today + timedelta(days=rng.randint(-20, 60)),
                        schedule="Twice a week for 3 weeks, then weekly",
                        planned_sessions=rng.choice([6, 8, 10, 12]),
                    )
                )
                plan_count += 1
        db.flush()
        for patient in made:
            patient.record_number = f"P{patient.id:06d}"
            patient.search_text = search_key(patient, patient.record_number)
    return DemoResult(patients=len(made), sessions=session_count, plans=plan_count)
