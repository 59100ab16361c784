"""The models must not lose references to None, however often a view asks them.

PySide6 6.12.0 on Python 3.11 dropped a reference to None each time C++ handed an empty
value back to Python (super().data() in an override, a C++ proxy's data(), headerData):
after about 50 search keystrokes the app aborted with "Fatal Python error: none_dealloc".
From Python 3.12 None is immortal and its count never falls, so there the calls still
run (any other crash would show) but the count cannot tell.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt

from wristcare.clinic.acupoints import list_points
from wristcare.clinic.patients import PatientDetails, PatientQuery, create_patient, find_patients
from wristcare.db.engine import Database
from wristcare.gui.library.model import AcupointFilterModel, AcupointTableModel
from wristcare.gui.patients.list_model import PatientListModel
from wristcare.gui.patients.list_style import PatientListStyle

CALLS = 20_000
# Checked in batches: a leaking build must fail the test, not abort the whole run.
BATCH = 500
# Roles no model here fills for a plain row: each call returns nothing.
EMPTY_ROLES = (
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.StatusTipRole,
    Qt.ItemDataRole.WhatsThisRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.CheckStateRole,
    Qt.ItemDataRole.SizeHintRole,
    Qt.ItemDataRole.UserRole + 50,
)
NONE_IS_IMMORTAL = sys.version_info >= (3, 12)


def _no_reference_lost(call: Callable[[], object]) -> None:
    for _ in range(CALLS // BATCH):
        before = sys.getrefcount(None)
        for _ in range(BATCH):
            assert call() is None
        lost = before - sys.getrefcount(None)
        # A few references may come and go with the interpreter's own work; a leak loses
        # one a call, hundreds a batch.
        assert lost < BATCH // 10, f"{lost} references to None lost in {BATCH} calls"


def _cycle(model: QAbstractItemModel) -> Callable[[], object]:
    indexes = [
        model.index(row, column)
        for row in range(min(model.rowCount(), 5))
        for column in range(model.columnCount())
    ]
    assert indexes
    state = {"n": 0}

    def call() -> object:
        n = state["n"] = state["n"] + 1
        return model.data(indexes[n % len(indexes)], EMPTY_ROLES[n % len(EMPTY_ROLES)])

    return call


def _header(model: QAbstractItemModel) -> Callable[[], object]:
    return lambda: model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.DecorationRole)


@pytest.fixture
def patient_models(
    qapp: Any, database: Database, ctx: Any
) -> tuple[PatientListModel, PatientListStyle]:
    for number in range(3):
        create_patient(
            database,
            ctx,
            PatientDetails(name=f"Patient {number}", date_of_birth=date(1980, 1, 1 + number)),
        )
    model = PatientListModel(
        lambda query, offset, limit: find_patients(database, query, offset=offset, limit=limit)
    )
    assert model.set_query(PatientQuery())
    style = PatientListStyle()
    style.setSourceModel(model)
    return model, style


@pytest.fixture
def library_models(qapp: Any, database: Database) -> tuple[AcupointTableModel, AcupointFilterModel]:
    model = AcupointTableModel(list_points(database))
    proxy = AcupointFilterModel()
    proxy.setSourceModel(model)
    return model, proxy


def test_python_none_is_immortal_only_from_3_12() -> None:
    """Says which check the tests below make on this Python."""
    before = sys.getrefcount(None)
    held = [None] * 1000
    grew = sys.getrefcount(None) - before
    del held
    assert (grew == 0) == NONE_IS_IMMORTAL


def test_patient_list_model_and_its_looks(patient_models: Any) -> None:
    model, style = patient_models
    for call in (_cycle(model), _cycle(style), _header(model), _header(style)):
        _no_reference_lost(call)


def test_library_model_and_its_filter(library_models: Any) -> None:
    model, proxy = library_models
    proxy.set_query("LU")
    for call in (_cycle(model), _cycle(proxy), _header(model), _header(proxy)):
        _no_reference_lost(call)
