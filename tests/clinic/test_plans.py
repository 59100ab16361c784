"""Treatment plans through clinic/: saving, validation, one current plan, sessions from a
plan, handouts recorded, and the next review in the patient list."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from plans_helpers import START, full_plan
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.patients import PatientQuery, get_patient, search_patients
from wristcare.clinic.plans import (
    GoalDetails,
    HomeCareDetails,
    PhaseDetails,
    PlanDetails,
    PlanPointDetails,
    copy_plan,
    create_plan,
    current_plan,
    get_handout_snapshot,
    get_plan,
    list_plans,
    make_current,
    record_handout,
    save_plan,
    set_plan_status,
    start_session_from_plan,
    validate_new_plan,
    validate_plan,
)
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import AuditEntry, PlanIssue, TreatmentPlan, TreatmentSession
from wristcare.db.vocab import ElectroWaveform, PlanStatus, Side

SHA = "ab" * 32


def _audit_actions(database: Database, entity: str = "plan") -> list[str]:
    with database.read() as db:
        return list(
            db.scalars(
                select(AuditEntry.action).where(AuditEntry.entity == entity).order_by(AuditEntry.id)
            )
        )


def test_a_plan_is_saved_and_read_back_whole(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    patient = make_patient()
    draft = create_plan(database, ctx, patient.id)
    assert draft.status is PlanStatus.DRAFT
    assert draft.details.started_on == START
    assert draft.practitioner_name == "Tess Tester"

    saved = save_plan(database, ctx, draft.id, full_plan(), expected_version=draft.version)

    assert saved.version > draft.version
    assert saved.planned_sessions == 10
    details = saved.details
    assert [p.point for p in details.points] == ["PC7", "PC6", "LI4", "TE5"]
    assert saved.point_names[0] == ("PC7", "Daling", "大陵")
    assert [p.electro_pair for p in details.points] == [1, 0, None, None]
    assert details.goals[0].target == Decimal("3.00")
    assert details.goals[1].measure is None
    assert [h.library_key for h in details.home_care] == [
        "night_splint", "tendon_gliding", "wrist_flexor_stretch", None,
    ]  # fmt: skip
    assert details.home_care[1].times_a_day == 3
    assert details.home_care[0].illustration == "night_splint.svg"
    assert get_plan(database, draft.id) == saved
    assert _audit_actions(database) == ["create", "save"]


def test_saving_again_replaces_the_lists(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    plan = create_plan(database, ctx, make_patient().id, full_plan())
    details = plan.to_details()
    details.points = details.points[2:]
    details.phases = [PhaseDetails(1, 6)]
    details.home_care.pop(0)

    saved = save_plan(database, ctx, plan.id, details, expected_version=plan.version)

    assert [p.point for p in saved.details.points] == ["LI4", "TE5"]
    assert saved.planned_sessions == 6
    assert len(saved.details.home_care) == 3


def test_stale_version_is_refused_and_nothing_written(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    plan = create_plan(database, ctx, make_patient().id, full_plan())
    first = plan.to_details()
    first.problem = "Saved first"
    save_plan(database, ctx, plan.id, first, expected_version=plan.version)

    second = plan.to_details()
    second.problem = "Saved from a stale window"
    with pytest.raises(ConcurrentEditError):
        save_plan(database, ctx, plan.id, second, expected_version=plan.version)
    assert get_plan(database, plan.id).details.problem == "Saved first"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: setattr(d, "problem", "   "), "problem", "Describe the problem"),
        (lambda d: d.goals[0].__setattr__("target_on", START - timedelta(days=1)),
         "goals.0.target_on", "before the plan starts"),
        (lambda d: d.phases[0].__setattr__("weeks", 0), "phases.0.weeks", "between 1 and 52"),
        (lambda d: d.phases[1].__setattr__("sessions_per_week", 8), "phases.1.sessions_per_week",
         "between 1 and 7"),
        (lambda d: d.home_care[1].__setattr__("repetitions", 300), "home_care.1.repetitions",
         "between 1 and 100"),
        (lambda d: d.home_care[1].__setattr__("hold_seconds", -5), "home_care.1.hold_seconds",
         "between 1 and 300"),
        (lambda d: d.home_care[0].__setattr__("title", ""), "home_care.0.title", "needs a title"),
        (lambda d: setattr(d, "notes_for_patient", "x" * 1_000_000), "notes_for_patient",
         "too long (1,000,000 characters"),
        (lambda d: setattr(d, "review_on", START - timedelta(days=3)), "review_on",
         "before the plan starts"),
        (lambda d: setattr(d, "ended_on", START - timedelta(days=3)), "ended_on",
         "cannot end before it starts"),
        (lambda d: d.points[2].__setattr__("side", None), "points.2.side", "Side is required"),
        (lambda d: d.points[2].__setattr__("electro_pair", 2), "points.2.electro_pair",
         "paired with itself"),
        (lambda d: d.points[2].__setattr__("electro_pair", 0), "points.2.electro_pair",
         "already paired with point 2"),
        (lambda d: d.points[3].__setattr__("electro_pair", 9), "points.3.electro_pair",
         "one of the plan's points"),
        (lambda d: d.goals[0].__setattr__("target", Decimal(12)), "goals.0.target",
         "0 to 10"),
        (lambda d: d.goals[1].__setattr__("target", Decimal(2)), "goals.1.measure",
         "Choose the measure"),
        (lambda d: d.goals[0].__setattr__("achieved_on", START + timedelta(days=1)),
         "goals.0.achieved_on", "in the future"),
        (lambda d: setattr(d, "started_on", date(2031, 1, 1)), "started_on",
         "more than a year ahead"),
    ],
)  # fmt: skip
def test_each_mistake_is_named_by_its_field(
    database: Database,
    ctx: ClinicContext,
    make_patient: Callable,
    change: Callable,
    field: str,
    words: str,
) -> None:
    plan = create_plan(database, ctx, make_patient().id, full_plan())
    details = plan.to_details()
    change(details)

    assert words in validate_plan(details, START)[field]
    with pytest.raises(ValidationError) as raised:
        save_plan(database, ctx, plan.id, details, expected_version=plan.version)
    assert words in raised.value.fields[field]
    assert get_plan(database, plan.id) == plan


def test_emoji_and_chinese_are_kept(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    details = full_plan()
    details.problem = "手麻 numbness 🙂 at night"
    details.notes_for_patient = "Sleep well 😴 — 早睡早起"
    details.home_care[3].steps = ["把手放在温水里 5 分钟 ♨️"]

    plan = create_plan(database, ctx, make_patient().id, details)

    assert plan.details.problem == "手麻 numbness 🙂 at night"
    assert plan.details.notes_for_patient == "Sleep well 😴 — 早睡早起"
    assert plan.details.home_care[3].steps == ["把手放在温水里 5 分钟 ♨️"]


def test_an_unknown_point_is_refused_by_row(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    details = full_plan()
    details.points[2].point = "XX99"
    patient = make_patient()
    with pytest.raises(ValidationError) as raised:
        create_plan(database, ctx, patient.id, details)
    assert "points.2.point" in raised.value.fields
    assert list_plans(database, patient.id) == []


def test_a_new_plan_cannot_be_reviewed_in_the_past_but_an_older_one_can(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    details = full_plan(start=START - timedelta(weeks=8))
    details.review_on = START - timedelta(days=1)
    assert "review_on" in validate_new_plan(details, START)
    assert "review_on" not in validate_plan(details, START)
    with pytest.raises(ValidationError):
        create_plan(database, ctx, make_patient().id, details)

    plan = create_plan(database, ctx, make_patient("Bo Older").id, full_plan())
    # Entering a plan after the fact: its review date may be past (it shows as overdue).
    saved = save_plan(database, ctx, plan.id, details, expected_version=plan.version)
    assert saved.details.review_on == START - timedelta(days=1)


def test_one_current_plan_per_patient(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    patient = make_patient()
    first = create_plan(database, ctx, patient.id, full_plan())
    first = make_current(database, ctx, first.id, expected_version=first.version)
    assert first.status is PlanStatus.ACTIVE
    assert current_plan(database, patient.id) == first

    second = copy_plan(database, ctx, first.id)
    assert second.status is PlanStatus.DRAFT
    assert second.details.review_on is None
    assert second.details.points == first.details.points
    second = make_current(database, ctx, second.id, expected_version=second.version)

    old = get_plan(database, first.id)
    assert old.status is PlanStatus.COMPLETED
    assert old.details.ended_on == START
    assert current_plan(database, patient.id).id == second.id
    assert [row.status for row in list_plans(database, patient.id)] == [
        PlanStatus.ACTIVE, PlanStatus.COMPLETED,
    ]  # fmt: skip
    assert "complete" in _audit_actions(database)
    # A stale copy of the plan that was current cannot be saved over what happened.
    with pytest.raises(ConcurrentEditError):
        make_current(database, ctx, first.id, expected_version=first.version)


def test_the_database_itself_refuses_a_second_active_plan(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    patient = make_patient()
    plan = create_plan(database, ctx, patient.id, full_plan())
    make_current(database, ctx, plan.id, expected_version=plan.version)
    with pytest.raises(IntegrityError), database.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO treatment_plans (patient_id, status, practitioner_id, "
            "practitioner_name, problem, started_on, supplements, notes_for_patient, "
            "private_notes, version_id, created_at, updated_at) VALUES "
            "(?, 'active', ?, 'X', 'p', '2025-06-01', '', '', '', 1, '2025-06-01 00:00:00', "
            "'2025-06-01 00:00:00')",
            (patient.id, ctx.actor.practitioner_id),
        )


def test_closing_a_plan_and_no_way_back_to_draft(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    patient = make_patient()
    plan = create_plan(database, ctx, patient.id, full_plan())
    plan = make_current(database, ctx, plan.id, expected_version=plan.version)
    ended = set_plan_status(
        database, ctx, plan.id, PlanStatus.DISCONTINUED, expected_version=plan.version
    )
    assert ended.status is PlanStatus.DISCONTINUED
    assert ended.details.ended_on == START
    assert current_plan(database, patient.id) is None
    with pytest.raises(ValidationError) as raised:
        set_plan_status(database, ctx, plan.id, PlanStatus.DRAFT, expected_version=ended.version)
    assert "copy it" in raised.value.fields["status"]


def test_next_review_in_the_patient_list_is_the_current_plans(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    patient = make_patient()
    older = create_plan(database, ctx, patient.id, full_plan())
    older = make_current(database, ctx, older.id, expected_version=older.version)
    newer_details = full_plan()
    newer_details.review_on = START + timedelta(weeks=10)
    newer = create_plan(database, ctx, patient.id, newer_details)
    # A draft does not count: the review date is still the current plan's.
    assert get_patient(database, patient.id).next_review == START + timedelta(weeks=5)

    make_current(database, ctx, newer.id, expected_version=newer.version)

    assert get_patient(database, patient.id).next_review == START + timedelta(weeks=10)
    assert search_patients(database, PatientQuery())[0].next_review == START + timedelta(weeks=10)


def test_start_a_session_from_the_plan(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    patient = make_patient()
    plan = create_plan(database, ctx, patient.id, full_plan())

    note = start_session_from_plan(database, ctx, plan.id)

    assert note.is_draft and note.patient_id == patient.id
    assert [(p.code, p.side) for p in note.points] == [
        ("PC7", Side.RIGHT), ("PC6", Side.RIGHT), ("LI4", Side.BILATERAL), ("TE5", Side.RIGHT),
    ]  # fmt: skip
    assert note.points[3].note == "even method"
    assert [(c.channel, c.point_a_label, c.point_b_label) for c in note.channels] == [
        (1, "PC7", "PC6")
    ]
    assert note.channels[0].waveform is ElectroWaveform.CONTINUOUS
    assert note.needles_in == 4
    with database.read() as db:
        assert db.get(TreatmentSession, note.id).plan_id == plan.id
    assert "start_from_plan" in _audit_actions(database, "session")


def test_handouts_are_recorded_and_listed(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    plan = create_plan(database, ctx, make_patient().id, full_plan())
    snapshot = {"patient_name": "Ann Example", "goals": ["手麻 less"], "n": 1}

    row = record_handout(database, ctx, plan.id, snapshot=snapshot, sha256=SHA, large_print=True)

    assert row.issued_by_name == "Tess Tester" and row.large_print
    assert get_handout_snapshot(database, row.id) == (snapshot, SHA)
    later = get_plan(database, plan.id)
    assert later.handouts == (row,)
    assert later.version == plan.version  # handing over is not an edit of the plan
    assert list_plans(database, later.patient_id)[0].handout_count == 1
    assert _audit_actions(database, "plan_issue") == ["hand_out"]
    with pytest.raises(ValidationError):
        record_handout(database, ctx, plan.id, snapshot=snapshot, sha256="xyz", large_print=False)
    with pytest.raises(NotFoundError):
        get_handout_snapshot(database, 999)
    with database.read() as db:
        assert db.scalar(select(func.count()).select_from(PlanIssue)) == 1


def test_a_blank_draft_then_problem_required_to_save(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    plan = create_plan(database, ctx, make_patient().id)
    with pytest.raises(ValidationError) as raised:
        save_plan(database, ctx, plan.id, PlanDetails(), expected_version=plan.version)
    assert set(raised.value.fields) == {"problem"}
    with pytest.raises(NotFoundError):
        create_plan(database, ctx, 4242)


def test_the_editors_copy_is_not_the_views(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    plan = create_plan(database, ctx, make_patient().id, full_plan())
    before = copy.deepcopy(plan.details)
    details = plan.to_details()
    details.points.append(PlanPointDetails("HT7", Side.LEFT))
    details.goals.append(GoalDetails("More"))
    details.home_care.append(HomeCareDetails(title="More"))
    assert plan.details == before


def test_plans_listed_newest_first(
    database: Database, ctx: ClinicContext, make_patient: Callable
) -> None:
    patient = make_patient()
    old = full_plan(start=START - timedelta(weeks=20))
    old.review_on = START + timedelta(days=1)
    first = create_plan(database, ctx, patient.id, old)
    second = create_plan(database, ctx, patient.id, full_plan())
    rows = list_plans(database, patient.id)
    assert [row.id for row in rows] == [second.id, first.id]
    assert rows[0].planned_sessions == 10 and rows[0].handout_count == 0
    with database.read() as db:
        assert db.scalar(select(func.count()).select_from(TreatmentPlan)) == 2
