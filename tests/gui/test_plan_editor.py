"""A treatment plan built through the real window: typed in, saved, made current (the
patient list shows its review), exported with Ctrl+P off the GUI thread and checked with
pypdf, reprinted exactly, and turned into a session note with the plan's points."""

from __future__ import annotations

import hashlib
import stat
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from wristcare.clinic.clinic_settings import get_clinic_settings, update_clinic_settings
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import get_patient
from wristcare.clinic.plans import get_plan, save_plan
from wristcare.db.engine import Database
from wristcare.db.vocab import Instrument, PlanStatus, Side
from wristcare.gui.patients.list_model import COLUMNS
from wristcare.gui.plans import export as care_plan_export

from .conftest import DialogAnswers
from .plan_helpers import CTRL, add_home_care, click, new_plan, write_plan
from .session_helpers import activate, add_patient, retype


class Files:
    """The file dialog and the system viewer, answered: each save goes into ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.suggested: list[str] = []
        self.opened: list[Path] = []

    def choose(self, parent: Any, name: str) -> Path:
        self.suggested.append(name)
        return self.folder / name

    def open(self, path: Path) -> bool:
        self.opened.append(path)
        return True


@pytest.fixture
def files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database: Database, ctx: ClinicContext
) -> Files:
    # The letterhead needs the clinic's name.
    settings = get_clinic_settings(database)
    details = replace(settings.details, name="Riverside Acupuncture Clinic")
    update_clinic_settings(database, ctx, details, expected_version=settings.version_id)
    files = Files(tmp_path)
    monkeypatch.setattr(care_plan_export, "choose_path", files.choose)
    monkeypatch.setattr(care_plan_export, "open_in_viewer", files.open)
    return files


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_a_plan_built_in_the_window_is_saved_made_current_and_printed(
    window: Any,
    qtbot: Any,
    database: Database,
    ctx: ClinicContext,
    answers: DialogAnswers,
    files: Files,
) -> None:
    patient = add_patient(window, database, ctx, "Mary Jones")
    plan_window = new_plan(qtbot, window, patient)
    form = plan_window.form
    write_plan(qtbot, plan_window)
    assert form.phases.total.text() == "<b>Planned sessions: 10</b>"
    qtbot.keyClick(plan_window, Qt.Key.Key_S, CTRL)

    plan = get_plan(database, plan_window.plan.id)
    assert plan_window.saved_label.text().startswith("Saved"), form.problems.text()
    details = plan.details
    assert details.problem.startswith("Right carpal tunnel syndrome")
    assert details.review_on.isoformat() == "2025-07-06"
    goal = details.goals[0]
    assert goal.measure is Instrument.NRS_NUMBNESS
    assert (goal.baseline, goal.target) == (Decimal(7), Decimal(3))
    assert goal.target_on.isoformat() == "2025-07-15"
    assert [(p.sessions_per_week, p.weeks) for p in details.phases] == [(2, 3), (1, 4)]
    assert plan.planned_sessions == 10
    assert [(p.point, p.side, p.electro_pair) for p in details.points] == [
        ("PC7", Side.RIGHT, 1),
        ("PC6", Side.RIGHT, 0),
    ]
    gliding, splint = details.home_care
    assert (gliding.library_key, gliding.repetitions) == ("tendon_gliding", 8)
    assert gliding.steps and gliding.stop_rules
    assert (splint.library_key, splint.weeks) == ("night_splint", 6)
    assert plan.status is PlanStatus.DRAFT

    click(qtbot, plan_window.current_button)
    assert get_plan(database, plan.id).status is PlanStatus.ACTIVE
    assert "Current plan" in plan_window.banner.text()
    # The patient list shows the current plan's review; the Plans tab marks it current.
    model = window.patients.model
    row = model.find_row(patient)
    assert model.index(row, COLUMNS.index("Next review")).data() == "06/07/2025"
    plans = window.patients.record.plans
    assert plans.model.index(0, 0).data() == "Current"
    assert "reviewed on 06/07/2025" in plans.summary.text()

    # Ctrl+P: saved where the dialog says, off the GUI thread, then offered to the viewer.
    qtbot.keyClick(plan_window, Qt.Key.Key_P, CTRL)
    handouts = plan_window.handouts.model
    qtbot.waitUntil(lambda: handouts.rowCount() == 1 or bool(answers.errors), timeout=30_000)
    assert answers.errors == []
    number = get_patient(database, patient).record_number
    assert files.suggested == [f"care-plan-{number}-2025-06-15.pdf"]
    path = files.folder / files.suggested[0]
    assert files.opened == [path]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = _pdf_text(path)
    assert "Mary Jones" in text
    assert "Tendon gliding" in text and "Night splint" in text
    flat = " ".join(text.split()).lower()
    assert "twice a week for 3 weeks" in flat
    assert "when to contact us or see your doctor" in flat
    handout = get_plan(database, plan.id).handouts[0]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == handout.sha256
    assert handouts.index(0, 1).data() == "Tess Tester"
    assert handouts.index(0, 3).data() == handout.sha256[:12]

    # Reprint exactly: the same bytes as given.
    plan_window.handouts.table.selectRow(0)
    click(qtbot, plan_window.handouts.reprint_button)
    qtbot.waitUntil(lambda: len(files.opened) == 2, timeout=30_000)
    again = files.opened[1]
    assert again != path and again.name.endswith("-reprint.pdf")
    assert hashlib.sha256(again.read_bytes()).hexdigest() == handout.sha256
    assert answers.errors == []

    # Start a session from the plan: the note opens with the plan's points.
    click(qtbot, plan_window.session_button)
    notes = window.sessions.notes.windows
    qtbot.waitUntil(lambda: len(notes) == 1)
    note = next(iter(notes.values()))
    assert [row.point for row in note.form.treatment.points.rows] == ["PC7", "PC6"]
    assert len(note.form.treatment.channels.rows) == 1
    # ... and from the note, "Treatment plan" comes back to this plan's window.
    activate(qtbot, note)
    click(qtbot, note.plan_button)
    assert window.plan_windows.windows == {plan.id: plan_window}
    assert answers.errors == []


def test_large_print_is_recorded_and_a_plan_that_cannot_be_saved_is_not_printed(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, files: Files
) -> None:
    patient = add_patient(window, database, ctx)
    plan_window = new_plan(qtbot, window, patient)
    # No problem written: Ctrl+P shows why, by the field, and saves no file.
    qtbot.keyClick(plan_window, Qt.Key.Key_P, CTRL)
    assert files.suggested == []
    assert plan_window.form.top.error_text("problem")
    qtbot.keyClicks(plan_window.form.problem, "Wrist pain")
    click(qtbot, plan_window.large_print)
    qtbot.keyClick(plan_window, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: plan_window.handouts.model.rowCount() == 1, timeout=30_000)
    assert plan_window.handouts.model.index(0, 2).data() == "Yes"
    assert get_plan(database, plan_window.plan.id).handouts[0].large_print


def test_messages_show_by_the_field_and_a_stale_save_offers_a_reload(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, answers: DialogAnswers
) -> None:
    patient = add_patient(window, database, ctx)
    plan_window = new_plan(qtbot, window, patient)
    form = plan_window.form
    click(qtbot, form.goals.add_button)
    goal = form.goals.rows[0]
    qtbot.keyClicks(goal.description, "Less numbness")
    # The autosave says what is missing, and the typing stays where it is.
    plan_window.autosave.timeout.emit()
    assert form.top.error_text("problem") == "Describe the problem this plan is for"
    assert goal.description.hasFocus()
    # Saving on purpose takes the cursor to it.
    qtbot.keyClick(plan_window, Qt.Key.Key_S, CTRL)
    assert form.problem.hasFocus()
    qtbot.keyClicks(form.problem, "Tingling fingers")
    retype(qtbot, goal.target, "three")
    assert not plan_window.save()
    assert "Enter a number" in goal.error.text() and goal.error.isVisible()
    retype(qtbot, goal.target, "3")
    assert not plan_window.save()  # a target without a measure
    assert "measure" in goal.error.text().lower()
    click(qtbot, goal.remove)
    assert plan_window.save()
    assert not form.problems.isVisible()

    # Someone else saves the plan first: ours is refused, and the reload shows theirs.
    theirs = get_plan(database, plan_window.plan.id).to_details()
    theirs.problem = "Changed in another window"
    save_plan(database, ctx, plan_window.plan.id, theirs, expected_version=plan_window.plan.version)
    qtbot.keyClicks(form.problem, " at night")
    assert not plan_window.save()
    assert answers.kinds() == ["reload"]
    assert form.problem.toPlainText() == "Changed in another window"
    assert answers.errors == []


def test_fifteen_home_care_items_stay_usable_at_1280_by_720(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    patient = add_patient(window, database, ctx)
    plan_window = new_plan(qtbot, window, patient)
    plan_window.resize(1280, 720)
    qtbot.keyClicks(plan_window.form.problem, "Both wrists")
    plan_window.form.notes_for_patient.setPlainText("Keep your wrists warm and straight. " * 140)
    titles = ["Tendon gliding", "Night splint", "Median nerve gliding", "Wrist stretch: palm",
              "Self-massage"]  # fmt: skip
    for number in range(15):
        add_home_care(qtbot, plan_window, titles[number % len(titles)])
    qtbot.wait(20)
    assert plan_window.width() <= 1280 and plan_window.height() <= 720
    hint = plan_window.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 720
    assert not plan_window.form.scroll.horizontalScrollBar().isVisible()
    last = plan_window.form.home_care.list.rows[-1]
    plan_window.form.scroll.ensureWidgetVisible(last.doses["weeks"])
    qtbot.wait(20)
    assert last.doses["weeks"].visibleRegion().boundingRect().width() >= 40
    assert plan_window.save(), plan_window.form.problems.text()
    assert len(get_plan(database, plan_window.plan.id).details.home_care) == 15


def test_a_completed_plan_is_read_only_and_copies_into_a_new_draft(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, answers: DialogAnswers
) -> None:
    patient = add_patient(window, database, ctx)
    plan_window = new_plan(qtbot, window, patient)
    qtbot.keyClicks(plan_window.form.problem, "Left wrist pain")
    click(qtbot, plan_window.current_button)
    assert plan_window.completed_button.isVisible()
    click(qtbot, plan_window.completed_button)
    assert answers.kinds() == ["confirm"]
    first = get_plan(database, plan_window.plan.id)
    assert first.status is PlanStatus.COMPLETED
    assert plan_window.form.problem.isReadOnly() and not plan_window.save_button.isVisible()
    assert "read-only" in plan_window.banner.text()
    panel = window.patients.record.plans
    assert panel.model.index(0, 0).data() == "Completed"

    click(qtbot, plan_window.copy_button)
    windows = window.plan_windows.windows
    qtbot.waitUntil(lambda: len(windows) == 2)
    copy = next(w for plan_id, w in windows.items() if plan_id != first.id)
    assert copy.plan.status is PlanStatus.DRAFT
    assert copy.form.problem.toPlainText() == "Left wrist pain"
    assert not copy.form.problem.isReadOnly()
    assert [panel.model.index(row, 0).data() for row in range(2)] == ["Draft", "Completed"]
    assert answers.errors == []


def test_the_plan_window_is_named_for_screen_readers_and_each_alt_key_goes_to_one_place(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    from .test_accessibility import _clashes, _inputs_and_buttons

    patient = add_patient(window, database, ctx)
    plan_window = new_plan(qtbot, window, patient)
    write_plan(qtbot, plan_window)
    assert _clashes(plan_window) == {}
    unnamed = [
        f"{type(w).__name__} {w.objectName()!r}"
        for w in _inputs_and_buttons(plan_window)
        if not w.accessibleName()
    ]
    assert unnamed == []
    # Alt+V goes to the review date.
    activate(qtbot, plan_window)
    qtbot.keyClick(plan_window, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    assert plan_window.form.review_on.hasFocus()


def test_a_care_plan_that_cannot_be_made_says_why_and_records_nothing(
    window: Any,
    qtbot: Any,
    database: Database,
    ctx: ClinicContext,
    answers: DialogAnswers,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No clinic name for the letterhead (the files fixture would set one).
    chosen: list[str] = []
    monkeypatch.setattr(
        care_plan_export, "choose_path", lambda parent, name: chosen.append(name) or tmp_path / name
    )
    patient = add_patient(window, database, ctx)
    plan_window = new_plan(qtbot, window, patient)
    qtbot.keyClicks(plan_window.form.problem, "Wrist pain")
    qtbot.keyClick(plan_window, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: bool(answers.errors), timeout=30_000)
    assert "clinic's name" in answers.errors[0].message
    assert list(tmp_path.glob("*.pdf")) == [] and len(chosen) == 1
    assert get_plan(database, plan_window.plan.id).handouts == ()
    assert plan_window.saved_label.text() == "Care plan not saved"
    assert plan_window.print_button.isEnabled()
    assert "confirm" not in answers.kinds()


def test_a_care_plan_that_cannot_be_written_is_not_recorded_as_given(
    window: Any,
    qtbot: Any,
    database: Database,
    ctx: ClinicContext,
    answers: DialogAnswers,
    files: Files,
) -> None:
    files.folder = files.folder / "no such folder"
    patient = add_patient(window, database, ctx)
    plan_window = new_plan(qtbot, window, patient)
    qtbot.keyClicks(plan_window.form.problem, "Wrist pain")
    qtbot.keyClick(plan_window, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: bool(answers.errors), timeout=30_000)
    assert "no such folder" in answers.errors[0].message
    assert get_plan(database, plan_window.plan.id).handouts == ()
    assert plan_window.handouts.model.rowCount() == 0 and files.opened == []


def test_the_plan_shows_the_safety_rules_as_its_points_are_written(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, answers: DialogAnswers
) -> None:
    from wristcare.clinic.history import HealthHistoryDetails

    from .plan_helpers import add_point

    pregnant = HealthHistoryDetails(pregnant=True, pregnancy_due_date=date(2025, 11, 1))
    patient = add_patient(window, database, ctx, "Grace Hall", history=pregnant)
    plan_window = new_plan(qtbot, window, patient)
    safety = plan_window.form.safety
    qtbot.waitUntil(lambda: safety.facts is not None)
    assert safety.rows == [] and "Nothing" in safety.summary.text()
    add_point(qtbot, plan_window, "PC7")
    assert safety.rows == []
    add_point(qtbot, plan_window, "LI4")
    qtbot.waitUntil(lambda: [row.shown.code for row in safety.rows] == ["PREG-AVOID"])
    assert "session note will ask" in safety.summary.text()
    click(qtbot, plan_window.form.points.list.rows[1].remove)
    qtbot.waitUntil(lambda: safety.rows == [])
    assert answers.errors == []


def test_a_name_at_its_length_limit_keeps_the_plan_window_on_a_small_screen(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext, answers: DialogAnswers
) -> None:
    from wristcare.clinic.text import SHORT_TEXT_LIMIT

    long_name = ("Wolfeschlegelsteinhausen " * 20)[: SHORT_TEXT_LIMIT - 1] + "x"
    patient = add_patient(window, database, ctx, long_name)
    plan_window = new_plan(qtbot, window, patient)
    assert plan_window.minimumSizeHint().width() <= 1280
    assert plan_window.width() <= 1280
