"""The context every write is made in: never a blank actor, dates in the clinic's zone."""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from wristcare.clinic import clinic_settings, consent, history, patients, practitioners
from wristcare.clinic.context import Actor, ClinicContext
from wristcare.clinic.patients import PatientDetails, create_patient
from wristcare.db.engine import Database
from wristcare.db.models import AuditEntry

WRITES = [
    patients.create_patient,
    patients.update_patient,
    patients.archive_patient,
    patients.unarchive_patient,
    history.save_history,
    history.mark_history_reviewed,
    consent.record_consent,
    consent.withdraw_consent,
    practitioners.add_practitioner,
    practitioners.update_practitioner,
    practitioners.set_practitioner_active,
    clinic_settings.update_clinic_settings,
    clinic_settings.carry_over_file_settings,
]


@pytest.mark.parametrize("write", WRITES, ids=lambda f: f.__name__)
def test_every_write_requires_the_context(write) -> None:  # type: ignore[no-untyped-def]
    parameter = inspect.signature(write).parameters["ctx"]
    assert parameter.default is inspect.Parameter.empty


def _use_cases() -> list:  # type: ignore[type-arg]
    """Every public function of clinic/ that works on the database in a context."""
    import importlib
    import pkgutil

    import wristcare.clinic

    found = {}
    for info in pkgutil.walk_packages(wristcare.clinic.__path__, "wristcare.clinic."):
        module = importlib.import_module(info.name)
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function):
                continue
            if function.__module__ != module.__name__:
                continue
            names = list(inspect.signature(function).parameters)
            if names[:1] in (["database"], ["db"]) and "ctx" in names:
                found[f"{module.__name__}.{name}"] = function
    return sorted(found.items())


USE_CASES = _use_cases()


@pytest.mark.parametrize(("name", "use_case"), USE_CASES, ids=[name for name, _ in USE_CASES])
def test_one_signature_convention(name: str, use_case) -> None:  # type: ignore[no-untyped-def]
    # (database or db, ctx, ids…, what is written…, expected_version), options by keyword:
    # the context always second and positional, a stale-copy guard always named
    # expected_version, always required and last of the positional ones.
    parameters = list(inspect.signature(use_case).parameters.values())
    ctx = parameters[1]
    assert ctx.name == "ctx" and ctx.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD, name
    assert ctx.default is inspect.Parameter.empty, name
    assert "based_on" not in [p.name for p in parameters], name
    positional = [p for p in parameters if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    guards = [p for p in parameters if p.name == "expected_version"]
    if guards:
        assert guards[0] is positional[-1], name
        assert guards[0].default is inspect.Parameter.empty, name


@pytest.mark.parametrize(
    ("practitioner_id", "name"), [(0, "Dr A"), (None, "Dr A"), (1, ""), (1, "  "), ("1", "Dr A")]
)
def test_no_blank_actor(practitioner_id: object, name: str) -> None:
    with pytest.raises(ValueError):
        Actor(practitioner_id, name)  # type: ignore[arg-type]


def test_a_context_needs_an_actor() -> None:
    with pytest.raises(TypeError):
        ClinicContext(actor="Dr A")  # type: ignore[arg-type]


def test_today_is_the_clinic_date_whatever_the_host_zone() -> None:
    actor = Actor(1, "Dr A")
    late = datetime(2025, 6, 15, 22, 30, tzinfo=UTC)  # 23:30 in London, next day in Kiribati
    assert ClinicContext(actor, ZoneInfo("Europe/London"), lambda: late).today() == date(
        2025, 6, 15
    )
    kiribati = ClinicContext(actor, ZoneInfo("Pacific/Kiritimati"), lambda: late)
    assert kiribati.today() == date(2025, 6, 16)
    assert kiribati.local_date(late) == date(2025, 6, 16)


def test_a_practitioner_not_on_record_cannot_write(database: Database, ctx: ClinicContext) -> None:
    from wristcare.db.errors import DatabaseError

    ghost = ClinicContext(Actor(999, "Nobody"), ctx.tz, ctx.clock)
    with pytest.raises(DatabaseError):
        create_patient(database, ghost, PatientDetails(name="Ann Example"))
    assert patients.count_patients(database, patients.PatientQuery()) == 0


def test_audit_of_a_new_patient_names_the_practitioner(
    database: Database, ctx: ClinicContext
) -> None:
    record = create_patient(database, ctx, PatientDetails(name="Ann Example"))
    with database.read() as db:
        entry = db.execute(
            select(AuditEntry.practitioner_id, AuditEntry.actor, AuditEntry.action).where(
                AuditEntry.patient_id == record.id
            )
        ).one()
    assert tuple(entry) == (ctx.actor.practitioner_id, "Tess Tester", "create")


def test_the_context_knows_nothing_of_the_settings_store() -> None:
    # The circle context -> clinic_settings -> audit -> context stays open: the context
    # imports nothing of clinic/ (not even for type checking), so every use case and the
    # audit trail can depend on it.
    import ast

    from wristcare.clinic import context

    tree = ast.parse(inspect.getsource(context))
    imported = [
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert [name for name in imported if name.startswith("wristcare")] == []
