"""The lazy patient list model: pages on demand, sorting asked of the database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import (
    PatientDetails,
    PatientPage,
    PatientQuery,
    PatientRow,
    create_patient,
    find_patients,
)
from wristcare.db.engine import Database
from wristcare.db.errors import DatabaseLockedError
from wristcare.gui.patients.list_model import (
    BORN,
    LAST_VISIT,
    NAME,
    NEXT_REVIEW,
    PHONE,
    RECORD,
    PatientListModel,
)
from wristcare.gui.patients.list_style import OVERDUE, PatientListStyle


def _row(number: int, archived: bool = False) -> PatientRow:
    return PatientRow(
        id=number,
        record_number=f"P{number:06d}",
        name=f"Patient {number:02d}",
        preferred_name="Sam" if number == 2 else "",
        date_of_birth=date(1980, 1, 1 + number % 28),
        phone="01632 960000",
        email="",
        archived=archived,
        last_visit=date(2026, 1, 5) if number % 2 else None,
        next_review=date(2000, 1, 1) if number == 3 else None,
    )


class FakeClinic:
    def __init__(self, total: int) -> None:
        self.rows = [_row(n, archived=n == 4) for n in range(1, total + 1)]
        self.calls: list[tuple[PatientQuery, int, int]] = []
        self.locked = False

    def fetch(self, query: PatientQuery, offset: int, limit: int) -> PatientPage:
        self.calls.append((query, offset, limit))
        if self.locked:
            raise DatabaseLockedError("The database is in use by another program.")
        return PatientPage(self.rows[offset : offset + limit], len(self.rows))


def test_pages_are_fetched_only_as_the_view_needs_them(qtmodeltester: Any) -> None:
    clinic = FakeClinic(35)
    model = PatientListModel(clinic.fetch, page_size=10)
    model.set_query(PatientQuery())
    assert model.rowCount() == 10 and model.total == 35
    root = QModelIndex()
    assert model.canFetchMore(root)
    model.fetchMore(root)
    model.fetchMore(root)
    assert model.rowCount() == 30
    model.fetchMore(root)
    assert model.rowCount() == 35
    assert not model.canFetchMore(root)
    assert [offset for _, offset, _ in clinic.calls] == [0, 10, 20, 30]
    qtmodeltester.check(model)


@pytest.mark.parametrize(
    ("column", "key"),
    [
        (NAME, "name"),
        (BORN, "date_of_birth"),
        (LAST_VISIT, "last_visit"),
        (RECORD, "record_number"),
    ],
)
@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_each_sortable_column_has_its_database_order(
    column: int, key: str, order: Qt.SortOrder
) -> None:
    clinic = FakeClinic(35)
    model = PatientListModel(clinic.fetch, page_size=10)
    model.set_query(PatientQuery(include_archived=True))
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 20
    model.sort(column, order)
    query, offset, limit = clinic.calls[-1]
    descending = order == Qt.SortOrder.DescendingOrder
    assert (query.sort, query.descending, query.include_archived) == (key, descending, True)
    # A new order starts again from the first page.
    assert (offset, limit, model.rowCount()) == (0, 10, 10)
    assert model.query == query


def test_sorting_asks_the_database_and_ignores_unsortable_columns() -> None:
    clinic = FakeClinic(5)
    model = PatientListModel(clinic.fetch, page_size=10)
    model.set_query(PatientQuery(text="pat"))
    model.sort(LAST_VISIT, Qt.SortOrder.DescendingOrder)
    query = clinic.calls[-1][0]
    assert (query.sort, query.descending, query.text) == ("last_visit", True, "pat")
    calls = len(clinic.calls)
    model.sort(PHONE, Qt.SortOrder.AscendingOrder)  # not a database sort
    model.sort(NEXT_REVIEW, Qt.SortOrder.DescendingOrder)
    assert len(clinic.calls) == calls
    assert (model.query.sort, model.query.descending) == ("last_visit", True)
    model.sort(NAME, Qt.SortOrder.AscendingOrder)
    assert (clinic.calls[-1][0].sort, clinic.calls[-1][0].descending) == ("name", False)


def test_display_texts_and_facts() -> None:
    clinic = FakeClinic(5)
    model = PatientListModel(clinic.fetch, page_size=10)
    model.set_query(PatientQuery())
    assert model.index(1, 0).data() == "Patient 02 (Sam)"
    assert model.index(0, BORN).data() == "02/01/1980"
    assert model.index(0, RECORD).data() == "P000001"
    assert model.index(0, LAST_VISIT).data() == "05/01/2026"
    assert model.index(1, LAST_VISIT).data() == ""
    assert model.index(2, NEXT_REVIEW).data(PatientListModel.ReviewRole) == "overdue"
    assert model.index(1, NEXT_REVIEW).data(PatientListModel.ReviewRole) is None
    assert model.index(3, 0).data().endswith("— archived")
    assert model.index(3, 0).data(PatientListModel.ArchivedRole) is True
    assert model.index(0, 0).data(PatientListModel.ArchivedRole) is False
    assert model.index(0, 0).data(PatientListModel.PatientIdRole) == 1
    # The data model has no looks of its own: the style proxy adds them.
    assert model.index(3, 0).data(Qt.ItemDataRole.FontRole) is None


def _styled(total: int) -> tuple[FakeClinic, PatientListModel, PatientListStyle]:
    clinic = FakeClinic(total)
    model = PatientListModel(clinic.fetch, page_size=10)
    model.set_query(PatientQuery())
    style = PatientListStyle()
    style.setSourceModel(model)
    return clinic, model, style


def test_style_proxy_is_a_well_behaved_model(qtmodeltester: Any) -> None:
    _, model, style = _styled(35)
    qtmodeltester.check(style)


def test_style_proxy_shows_archived_and_overdue() -> None:
    clinic, model, style = _styled(35)
    archived = style.index(3, NAME)
    assert archived.data(Qt.ItemDataRole.FontRole).italic()
    assert archived.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert style.index(0, NAME).data(Qt.ItemDataRole.FontRole) is None
    overdue = style.index(2, NEXT_REVIEW)
    assert overdue.data(Qt.ItemDataRole.ForegroundRole) == OVERDUE
    assert overdue.data(Qt.ItemDataRole.FontRole).bold()
    assert overdue.data(Qt.ItemDataRole.ToolTipRole) == "Review overdue"
    assert overdue.data() == "01/01/2000"
    # A name too long for its column is shortened on screen; the tooltip has all of it.
    assert style.index(1, NAME).data(Qt.ItemDataRole.ToolTipRole) == "Patient 02 (Sam)"
    # Sorting and paging pass through to the model (and so to the database).
    style.sort(LAST_VISIT, Qt.SortOrder.DescendingOrder)
    assert (clinic.calls[-1][0].sort, clinic.calls[-1][0].descending) == ("last_visit", True)
    assert style.canFetchMore(QModelIndex())
    style.fetchMore(QModelIndex())
    assert style.rowCount() == 20


def test_model_over_a_real_database(
    database: Database, qtmodeltester: Any, ctx: ClinicContext
) -> None:
    for number in range(25):
        create_patient(
            database, ctx, PatientDetails(name=f"Test Patient {number:02d}", date_of_birth=None)
        )
    model = PatientListModel(
        lambda q, offset, limit: find_patients(database, q, offset=offset, limit=limit),
        page_size=10,
    )
    model.set_query(PatientQuery())
    assert (model.rowCount(), model.total) == (10, 25)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 25
    assert model.index(24, 0).data() == "Test Patient 24"
    # "19" is in one name and in another patient's record number (P000019).
    model.set_query(PatientQuery(text="patient 19"))
    assert model.total == 2
    assert [model.index(r, 0).data() for r in range(2)] == ["Test Patient 18", "Test Patient 19"]
    qtmodeltester.check(model)


def test_a_page_that_cannot_be_read_leaves_the_list_as_it_was(
    qtbot: Any, qtmodeltester: Any
) -> None:
    clinic = FakeClinic(35)
    model = PatientListModel(clinic.fetch, page_size=10)
    assert model.set_query(PatientQuery())
    clinic.locked = True
    resets: list[bool] = []
    model.modelAboutToBeReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(model.failed) as failed:
        assert not model.set_query(PatientQuery(text="smith"))
    assert isinstance(failed.args[0], DatabaseLockedError)
    # No reset was begun (one begun and never ended breaks every view on the model).
    assert resets == []
    assert model.query == PatientQuery() and model.rowCount() == 10 and model.total == 35
    with qtbot.waitSignal(model.failed):
        model.sort(LAST_VISIT, Qt.SortOrder.AscendingOrder)
    assert model.query.sort == "name"

    # Scrolling: one failure, then no more asking until the list is read again.
    with qtbot.waitSignal(model.failed):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 10 and not model.canFetchMore(QModelIndex())
    clinic.locked = False
    assert model.refresh()
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 20
    qtmodeltester.check(model)  # last: the tester fetches more pages itself


def test_a_list_that_shrank_since_it_was_counted_stops_paging() -> None:
    clinic = FakeClinic(35)
    model = PatientListModel(clinic.fetch, page_size=10)
    model.set_query(PatientQuery())
    del clinic.rows[5:]  # archived by someone else meanwhile
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 10 and model.total == 10
    assert not model.canFetchMore(QModelIndex())


def test_a_review_is_overdue_by_the_clinics_date_not_the_machines() -> None:
    # Patient 3's review is on 1 January 2000: the day after it, by the clinic's calendar,
    # it is overdue; on the day itself it is not, whatever date the host machine has.
    clinic = FakeClinic(5)
    on_the_day = PatientListModel(clinic.fetch, today=lambda: date(2000, 1, 1))
    on_the_day.set_query(PatientQuery())
    assert on_the_day.index(2, NEXT_REVIEW).data(PatientListModel.ReviewRole) == "planned"
    day_after = PatientListModel(clinic.fetch, today=lambda: date(2000, 1, 2))
    day_after.set_query(PatientQuery())
    assert day_after.index(2, NEXT_REVIEW).data(PatientListModel.ReviewRole) == "overdue"
