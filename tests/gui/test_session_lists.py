"""The session lists: the patient's Sessions tab, the Sessions view across patients (today's
and every unsigned draft first), their lazy model and looks proxy, and opening from them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.sessions import (
    count_sessions,
    list_sessions,
    mark_entered_in_error,
    save_draft,
    sign_session,
    start_draft,
)
from wristcare.db.engine import Database
from wristcare.db.vocab import SessionStatus, Side
from wristcare.gui.sessions.list_model import SessionListModel
from wristcare.gui.sessions.list_style import SessionListStyle

from .session_helpers import activate, add_patient

OLD = datetime(2025, 5, 1, 9, 0, tzinfo=UTC)


def _note(
    database: Database, ctx: ClinicContext, patient_id: int, start: datetime, *, sign: bool
) -> int:
    from wristcare.clinic.sessions import PointDetails

    note = start_draft(database, ctx, patient_id, started_at=start)
    details = note.to_details()
    details.complaint = f"Complaint {start:%d %b}"
    details.side = Side.RIGHT
    details.ended_at = start + timedelta(minutes=40)
    details.points = [PointDetails(point="PC7", side=Side.RIGHT)]
    details.needles_in = details.needles_out = 1
    note = save_draft(database, ctx, note.id, details, note.version)
    if sign:
        note = sign_session(database, ctx, note.id, note.version)
    return note.id


def _model(database: Database, ctx: ClinicContext, page_size: int = 2) -> SessionListModel:
    return SessionListModel(
        lambda offset, limit: list_sessions(database, ctx, offset=offset, limit=limit),
        lambda: count_sessions(database),
        with_patient=True,
        page_size=page_size,
    )


def test_models_are_well_behaved_and_fetch_pages_lazily(
    window: Any, qtmodeltester: Any, database: Database, ctx: ClinicContext
) -> None:
    patient = add_patient(window, database, ctx)
    for days in range(5):
        _note(database, ctx, patient, OLD + timedelta(days=days), sign=True)
    model = _model(database, ctx)
    assert model.refresh()
    assert (model.rowCount(), model.total) == (2, 5)
    assert model.canFetchMore(model.index(-1, -1))
    qtmodeltester.check(model)
    style = SessionListStyle()
    style.setSourceModel(model)
    qtmodeltester.check(style)
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 5


def test_the_list_is_read_again_off_the_gui_thread(qtbot: Any) -> None:
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication

    threads: list[str] = []

    def on_gui_thread() -> bool:
        return QThread.currentThread() == QApplication.instance().thread()

    def page(offset: int, limit: int) -> list[Any]:
        threads.append(f"page {offset} {'gui' if on_gui_thread() else 'worker'}")
        return []

    def count() -> int:
        threads.append(f"count {'gui' if on_gui_thread() else 'worker'}")
        return 0

    model = SessionListModel(page, count, with_patient=True)
    with qtbot.waitSignal(model.search_finished):
        model.reload()
    assert threads == ["count worker", "page 0 worker"]


def test_sessions_view_puts_todays_and_drafts_first_and_opens_a_note(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    anna = add_patient(window, database, ctx, "Anna Smith")
    tom = add_patient(window, database, ctx, "Tom Jones")
    old_signed = _note(database, ctx, anna, OLD, sign=True)
    old_draft = _note(database, ctx, tom, OLD - timedelta(days=3), sign=False)
    wrong = _note(database, ctx, tom, OLD + timedelta(days=1), sign=True)
    mark_entered_in_error(database, ctx, wrong, "Wrong patient")
    today = _note(database, ctx, anna, ctx.now() - timedelta(hours=1), sign=True)

    window.show_view("Sessions")
    view = window.sessions
    model = view.model
    qtbot.waitUntil(lambda: not model.searching)  # read off the GUI thread
    assert view.count.text() == "4 sessions"
    ids = [model.row_of(r).id for r in range(model.rowCount())]
    assert set(ids[:2]) == {today, old_draft}
    assert ids[2:] == [wrong, old_signed]
    columns = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    draft_row = ids.index(old_draft)
    shown = {columns[c]: model.index(draft_row, c).data() for c in range(7)}
    assert shown["Patient"] == "Tom Jones" and shown["Status"] == "Draft"
    assert shown["Points"] == "PC7 R"
    style = view.table.model()
    assert style.index(draft_row, 0).data(Qt.ItemDataRole.FontRole).bold()
    wrong_font: QFont = style.index(ids.index(wrong), 0).data(Qt.ItemDataRole.FontRole)
    assert wrong_font.strikeOut()
    assert model.row_of(ids.index(wrong)).status is SessionStatus.ENTERED_IN_ERROR

    activate(qtbot, window)
    view.table.setFocus()
    view.table.selectRow(ids.index(old_signed))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert list(view.notes.windows) == [old_signed]
    note = view.notes.windows[old_signed]
    assert "Signed" in note.banner.text()


def test_patient_tab_lists_their_notes_and_offers_the_unsigned_draft(
    window: Any, qtbot: Any, database: Database, ctx: ClinicContext
) -> None:
    anna = add_patient(window, database, ctx)
    _note(database, ctx, anna, OLD, sign=True)
    draft = _note(database, ctx, anna, OLD + timedelta(days=7), sign=False)

    window.patients.open_patient(anna)
    record = window.patients.record
    bar = record.sessions.draft_bar
    assert bar.isVisible() and "Unsigned session note from 08/05/2025" in bar.text.text()
    panel = record.sessions
    assert panel.model.rowCount() == 2 and panel.count.text() == "2 sessions"
    assert panel.model.index(0, 3).data() == "Draft"

    activate(qtbot, window)
    qtbot.keyClick(
        record,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert list(window.sessions.notes.windows) == [draft]
    # New session with my unsigned draft open goes back to that draft, not a second one.
    window.patients.record.sessions.request_new()
    assert list(window.sessions.notes.windows) == [draft]
