"""Patients on a real SQLite file: create, validate, search, sort, page, edit, archive."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import NotFoundError, ValidationError
from wristcare.clinic.patients import (
    DuplicatePatientError,
    PatientDetails,
    PatientQuery,
    PatientRecord,
    archive_patient,
    count_patients,
    create_patient,
    find_duplicates,
    get_patient,
    search_patients,
    unarchive_patient,
    update_patient,
)
from wristcare.db.engine import Database
from wristcare.db.errors import ConcurrentEditError
from wristcare.db.models import (
    AuditEntry,
    Patient,
    Practitioner,
    TreatmentPlan,
    TreatmentSession,
)

MakePatient = Callable[..., PatientRecord]
CountRows = Callable[[type], int]
TODAY = date(2025, 6, 15)  # as in conftest.py


def _audit(database: Database, patient_id: int) -> list[tuple[str, str, dict]]:
    with database.read() as db:
        rows = db.execute(
            select(AuditEntry.action, AuditEntry.actor, AuditEntry.changes)
            .where(AuditEntry.patient_id == patient_id, AuditEntry.entity == "patient")
            .order_by(AuditEntry.id)
        ).all()
    return [tuple(r) for r in rows]


def _names(rows) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.name for r in rows]


def _search(database: Database, text: str = "", **query) -> list[str]:  # type: ignore[no-untyped-def]
    return _names(search_patients(database, PatientQuery(text=text, **query)))


def _add_session(database: Database, patient_id: int, started: datetime) -> None:
    with database.transaction() as db:
        practitioner = Practitioner(name="Dr Test")
        db.add(practitioner)
        db.flush()
        db.add(
            TreatmentSession(
                patient_id=patient_id,
                practitioner_id=practitioner.id,
                started_at=started,
                local_date=started.date(),
                tz="UTC",
            )
        )


# --- creating ------------------------------------------------------------------------


def test_create_stores_every_field_and_numbers_the_record(
    database: Database, ctx: ClinicContext
) -> None:
    details = PatientDetails(
        name="  Ann Example ",
        preferred_name="Annie",
        date_of_birth=date(1980, 5, 17),
        sex="female",
        phone="07700 900123",
        email="ann@example.org",
        address="1 High Street\r\nTown",
        occupation="Violinist",
        dominant_hand="left",
        repetitive_activities="Practice 4 hours a day",
        referring_clinician_name="Dr Who",
        notes="Prefers mornings",
    )
    record = create_patient(database, ctx, details)

    assert record.record_number == "P000001"
    stored = get_patient(database, record.id)
    assert stored.details.name == "Ann Example"  # trimmed
    assert stored.details.address == "1 High Street\nTown"  # line endings made plain
    assert stored.details.preferred_name == "Annie"
    assert stored.details.dominant_hand == "left"
    assert stored.details.date_of_birth == date(1980, 5, 17)
    assert not stored.archived
    assert stored.last_visit is None
    assert stored.created_at.tzinfo is not None
    assert stored.version_id == record.version_id


def test_record_numbers_follow_on(make_patient: MakePatient) -> None:
    numbers = [make_patient(f"Patient {i}").record_number for i in range(3)]
    assert numbers == ["P000001", "P000002", "P000003"]


def test_emoji_and_chinese_round_trip(database: Database, make_patient: MakePatient) -> None:
    record = make_patient("王小明 🌸", preferred_name="小明", notes="喜欢早上 🙂")
    stored = get_patient(database, record.id)
    assert stored.details.name == "王小明 🌸"
    assert stored.details.notes == "喜欢早上 🙂"
    assert _search(database, "小明") == ["王小明 🌸"]
    assert _search(database, "🌸") == ["王小明 🌸"]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": ""}, "name", "Name is required"),
        ({"name": " \t\n "}, "name", "Name is required"),
        ({"date_of_birth": TODAY + timedelta(days=1)}, "date_of_birth", "future"),
        ({"date_of_birth": date(1899, 12, 31)}, "date_of_birth", "before 1900"),
        ({"email": "ann@"}, "email", "name@example.com"),
        ({"email": "ann example.org"}, "email", "name@example.com"),
        ({"notes": "x" * 1_000_000}, "notes", "too long"),
        ({"name": "A" * 201}, "name", "too long"),
        ({"phone": "call me maybe"}, "phone", "Phone"),
        ({"sex": "unknown"}, "sex", "sex"),
        ({"dominant_hand": "tentacle"}, "dominant_hand", "hand"),
        ({"notes": "null\x00byte"}, "notes", "cannot be stored"),
    ],
)
def test_invalid_details_save_nothing(
    database: Database,
    count_rows: CountRows,
    changes: dict,
    field: str,
    words: str,
    ctx: ClinicContext,
) -> None:
    details = PatientDetails(name="Ann Example", date_of_birth=date(1980, 5, 17))
    for key, value in changes.items():
        setattr(details, key, value)

    with pytest.raises(ValidationError) as caught:
        create_patient(database, ctx, details)

    assert set(caught.value.fields) == {field}
    assert words in caught.value.fields[field]
    assert words in caught.value.message
    assert count_rows(Patient) == 0
    assert count_rows(AuditEntry) == 1  # the practitioner's own registration only


def test_every_problem_is_reported_at_once(
    database: Database, count_rows: CountRows, ctx: ClinicContext
) -> None:
    details = PatientDetails(
        name=" ",
        date_of_birth=TODAY + timedelta(days=30),
        email="nope",
        notes="pasted " * 200_000,
    )
    with pytest.raises(ValidationError) as caught:
        create_patient(database, ctx, details)
    assert set(caught.value.fields) == {"name", "date_of_birth", "email", "notes"}
    assert count_rows(Patient) == 0


def test_boundary_dates_are_allowed(make_patient: MakePatient) -> None:
    assert make_patient("Born Today", date_of_birth=TODAY).details.date_of_birth == TODAY
    oldest = make_patient("Very Old", date_of_birth=date(1900, 1, 1))
    assert oldest.details.date_of_birth == date(1900, 1, 1)
    assert make_patient("No Birthday", date_of_birth=None).details.date_of_birth is None


# --- duplicates ------------------------------------------------------------------------


def test_duplicate_name_and_birth_date(
    database: Database, make_patient: MakePatient, count_rows: CountRows
) -> None:
    first = make_patient("Ann Example")

    with pytest.raises(DuplicatePatientError) as caught:
        make_patient("ann example")

    assert [m.id for m in caught.value.matches] == [first.id]
    assert caught.value.matches[0].record_number == "P000001"
    assert "P000001" in caught.value.message
    assert count_rows(Patient) == 1

    second = make_patient("Ann Example", allow_duplicate=True)
    assert second.id != first.id
    assert count_rows(Patient) == 2


@pytest.mark.parametrize(
    ("first_name", "again"),
    [
        ("José García", "JOSÉ GARCÍA"),
        ("ÉMILE ZOLA", "Émile Zola"),  # SQLite's lower() leaves É alone
        ("José García", "Jose Garcia"),
        ("José García", "José  García"),
    ],
)
def test_duplicates_ignore_case_accents_and_spacing(
    make_patient: MakePatient, first_name: str, again: str
) -> None:
    first = make_patient(first_name)
    with pytest.raises(DuplicatePatientError) as caught:
        make_patient(again)
    assert [m.id for m in caught.value.matches] == [first.id]


def test_same_name_other_birth_date_is_not_a_duplicate(
    make_patient: MakePatient, count_rows: CountRows
) -> None:
    make_patient("Ann Example", date_of_birth=date(1980, 5, 17))
    make_patient("Ann Example", date_of_birth=date(1981, 5, 17))
    assert count_rows(Patient) == 2


def test_same_name_without_birth_date_is_a_softer_warning(
    database: Database, make_patient: MakePatient
) -> None:
    first = make_patient("Ann Example", date_of_birth=date(1980, 5, 17))
    with pytest.raises(DuplicatePatientError) as caught:
        make_patient("Ann Example", date_of_birth=None)
    assert not caught.value.certain
    assert "same name" in caught.value.message
    assert [m.id for m in caught.value.matches] == [first.id]
    undated = make_patient("Ann Example", date_of_birth=None, allow_duplicate=True)
    # An existing record without a birth date: a dated newcomer gets the soft warning too.
    with pytest.raises(DuplicatePatientError) as caught:
        make_patient("Ann Example", date_of_birth=date(1990, 1, 1))
    assert not caught.value.certain
    assert [m.id for m in caught.value.matches] == [undated.id]
    # With both name and birth date matching, the certain warning wins.
    with pytest.raises(DuplicatePatientError) as caught:
        make_patient("Ann Example", date_of_birth=date(1980, 5, 17))
    assert caught.value.certain
    assert [m.id for m in caught.value.matches] == [first.id]
    assert find_duplicates(database, "Example, Ann", None) != []


@pytest.mark.parametrize(
    "typed",
    [
        "Ann\u200b Example",  # zero-width space
        "An\u00adn Example",  # soft hyphen
        "\ufeffAnn Example",  # byte-order mark
        "Ann Exam\u200dple",  # zero-width joiner
        "Example, Ann",
        "EXAMPLE,  ann",
    ],
)
def test_duplicates_ignore_invisible_characters_and_surname_first(
    make_patient: MakePatient, typed: str
) -> None:
    first = make_patient("Ann Example")
    with pytest.raises(DuplicatePatientError) as caught:
        make_patient(typed)
    assert caught.value.certain
    assert [m.id for m in caught.value.matches] == [first.id]


def test_archived_patients_count_as_duplicates(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    first = make_patient("Ann Example")
    archive_patient(database, ctx, first.id, expected_version=first.version_id)
    matches = find_duplicates(database, " Ann Example ", date(1980, 5, 17))
    assert [(m.id, m.archived) for m in matches] == [(first.id, True)]


# --- editing ---------------------------------------------------------------------------


def test_update_saves_and_audits_old_and_new(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    record = make_patient("Ann Example", phone="0123")
    details = get_patient(database, record.id).details
    details.phone = "0456"
    details.occupation = "Chef"

    updated = update_patient(database, ctx, record.id, details, expected_version=record.version_id)

    assert updated.details.phone == "0456"
    assert updated.version_id > record.version_id
    assert _search(database, "0456") == ["Ann Example"]
    assert _search(database, "0123") == []
    entries = _audit(database, record.id)
    assert [e[0] for e in entries] == ["create", "update"]
    assert entries[1][1] == "Tess Tester"
    assert entries[1][2] == {"phone": ["0123", "0456"], "occupation": ["", "Chef"]}


def test_update_with_dates_audits_iso_text(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    record = make_patient()
    details = get_patient(database, record.id).details
    details.date_of_birth = date(1981, 1, 2)
    update_patient(database, ctx, record.id, details, expected_version=record.version_id)
    assert _audit(database, record.id)[-1][2] == {"date_of_birth": ["1980-05-17", "1981-01-02"]}


def test_update_without_changes_writes_nothing(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    record = make_patient()
    same = update_patient(
        database,
        ctx,
        record.id,
        get_patient(database, record.id).details,
        expected_version=record.version_id,
    )
    assert same.version_id == record.version_id
    assert [e[0] for e in _audit(database, record.id)] == ["create"]


def test_stale_version_raises_and_keeps_the_other_edit(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    record = make_patient()
    theirs = get_patient(database, record.id).details
    theirs.phone = "0111"
    update_patient(database, ctx, record.id, theirs, expected_version=record.version_id)

    mine = get_patient(database, record.id).details
    mine.phone = "0999"
    with pytest.raises(ConcurrentEditError, match="Someone else saved"):
        update_patient(database, ctx, record.id, mine, expected_version=record.version_id)

    assert get_patient(database, record.id).details.phone == "0111"
    assert [e[0] for e in _audit(database, record.id)] == ["create", "update"]


def test_invalid_update_saves_nothing(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    record = make_patient()
    details = get_patient(database, record.id).details
    details.name = ""
    details.phone = "0456"
    with pytest.raises(ValidationError):
        update_patient(database, ctx, record.id, details, expected_version=record.version_id)
    assert get_patient(database, record.id).details.phone == ""


def test_missing_patient(database: Database, ctx: ClinicContext) -> None:
    with pytest.raises(NotFoundError):
        get_patient(database, 4242)
    with pytest.raises(NotFoundError):
        update_patient(database, ctx, 4242, PatientDetails(name="Nobody"), expected_version=1)
    with pytest.raises(NotFoundError):
        archive_patient(database, ctx, 4242, expected_version=1)


# --- archiving -------------------------------------------------------------------------


def test_archive_and_unarchive(
    database: Database, make_patient: MakePatient, ctx: ClinicContext, other_ctx: ClinicContext
) -> None:
    kept = make_patient("Kept Patient")
    gone = make_patient("Gone Patient")

    archived = archive_patient(database, other_ctx, gone.id, expected_version=gone.version_id)

    assert get_patient(database, gone.id).archived
    assert _search(database) == ["Kept Patient"]
    assert _search(database, include_archived=True) == ["Gone Patient", "Kept Patient"]
    assert count_patients(database, PatientQuery()) == 1
    assert count_patients(database, PatientQuery(include_archived=True)) == 2
    rows = search_patients(database, PatientQuery(include_archived=True))
    assert [r.archived for r in rows] == [True, False]

    # Again, from the record as it is now: nothing more happens.
    archive_patient(database, ctx, gone.id, expected_version=archived.version_id)
    # From the record as it was before the archive: refused, not silently undone.
    with pytest.raises(ConcurrentEditError):
        unarchive_patient(database, ctx, gone.id, expected_version=gone.version_id)
    unarchive_patient(database, ctx, gone.id, expected_version=archived.version_id)

    assert not get_patient(database, gone.id).archived
    assert _search(database) == ["Gone Patient", "Kept Patient"]
    entries = _audit(database, gone.id)
    assert [(e[0], e[1]) for e in entries] == [
        ("create", "Tess Tester"),
        ("archive", "Dr Bea Other"),
        ("unarchive", "Tess Tester"),
    ]
    assert [e[0] for e in _audit(database, kept.id)] == ["create"]


# --- search as you type ----------------------------------------------------------------


@pytest.fixture
def people(make_patient: MakePatient) -> dict[str, PatientRecord]:
    return {
        "ann": make_patient(
            "Ann Example",
            preferred_name="Nancy",
            date_of_birth=date(1980, 5, 17),
            phone="07700 900123",
            email="ann.example@mail.test",
        ),
        "jose": make_patient(
            "José Núñez", date_of_birth=date(1975, 12, 1), phone="+34 600-111-222"
        ),
        "bob": make_patient("Bob 100% Sure", date_of_birth=date(1990, 1, 1)),
        "under": make_patient("Al_Underscore", date_of_birth=date(1991, 2, 3)),
        "wang": make_patient("王小明", date_of_birth=None),
    }


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("ann", ["Ann Example"]),
        ("exam", ["Ann Example"]),
        ("ann exa", ["Ann Example"]),
        ("EXA ANN", ["Ann Example"]),
        ("nancy", ["Ann Example"]),
        ("1980-05-17", ["Ann Example"]),
        ("1980-05", ["Ann Example"]),
        ("17/05/1980", ["Ann Example"]),
        ("07700900123", ["Ann Example"]),
        ("900123", ["Ann Example"]),
        ("07700 900123", ["Ann Example"]),
        ("ann.example@mail", ["Ann Example"]),
        ("P000001", ["Ann Example"]),
        ("p000002", ["José Núñez"]),
        ("jose", ["José Núñez"]),
        ("nunez", ["José Núñez"]),
        ("NÚÑEZ", ["José Núñez"]),
        ("600111222", ["José Núñez"]),
        ("100%", ["Bob 100% Sure"]),
        ("%", ["Bob 100% Sure"]),
        ("_", ["Al_Underscore"]),
        ("l_u", ["Al_Underscore"]),
        ("王", ["王小明"]),
        ("zzz", []),
        ("ann zzz", []),
    ],
)
def test_search(database: Database, people: dict, text: str, names: list[str]) -> None:
    assert sorted(_search(database, text)) == sorted(names)
    assert count_patients(database, PatientQuery(text=text)) == len(names)


def test_like_wildcards_are_literal(database: Database, people: dict) -> None:
    # "a_n" would match "Ann" if _ were a wildcard; "b%e" would match "Bob ... Sure".
    assert _search(database, "a_n") == []
    assert _search(database, "b%e") == []
    assert _search(database, "\\") == []


def test_empty_search_lists_everyone(database: Database, people: dict) -> None:
    assert len(_search(database, "   ")) == 5


# --- order and paging ------------------------------------------------------------------


def test_sort_by_name(database: Database, make_patient: MakePatient) -> None:
    for name in ["carol Brown", "Alice Smith", "bob Jones"]:
        make_patient(name)
    assert _search(database) == ["Alice Smith", "bob Jones", "carol Brown"]
    assert _search(database, sort="name", descending=True) == [
        "carol Brown",
        "bob Jones",
        "Alice Smith",
    ]


def test_sort_by_name_ignores_accents(database: Database, make_patient: MakePatient) -> None:
    for name in ["Zoë Walker", "Émile Zola", "Eva Brown", "Fatima Khan"]:
        make_patient(name)
    assert _search(database) == ["Émile Zola", "Eva Brown", "Fatima Khan", "Zoë Walker"]


def test_sort_by_last_visit_puts_never_seen_last(
    database: Database, make_patient: MakePatient
) -> None:
    never = make_patient("Never Seen")
    old = make_patient("Old Visit")
    recent = make_patient("Recent Visit")
    noon = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)
    _add_session(database, old.id, noon)
    _add_session(database, recent.id, noon - timedelta(days=300))
    _add_session(database, recent.id, noon + timedelta(days=30))  # the latest one counts

    assert _search(database, sort="last_visit") == ["Old Visit", "Recent Visit", "Never Seen"]
    assert _search(database, sort="last_visit", descending=True) == [
        "Recent Visit",
        "Old Visit",
        "Never Seen",
    ]
    rows = {r.name: r for r in search_patients(database, PatientQuery())}
    assert rows["Recent Visit"].last_visit == date(2025, 2, 9)
    assert rows["Never Seen"].last_visit is None
    assert get_patient(database, recent.id).last_visit == date(2025, 2, 9)
    assert get_patient(database, never.id).last_visit is None


def test_sort_by_birth_date_and_record_number(
    database: Database, make_patient: MakePatient
) -> None:
    make_patient("Middle", date_of_birth=date(1970, 1, 1))
    make_patient("Unknown", date_of_birth=None)
    make_patient("Young", date_of_birth=date(2000, 1, 1))
    assert _search(database, sort="date_of_birth") == ["Middle", "Young", "Unknown"]
    assert _search(database, sort="date_of_birth", descending=True) == [
        "Young",
        "Middle",
        "Unknown",
    ]
    assert _search(database, sort="record_number", descending=True) == [
        "Young",
        "Unknown",
        "Middle",
    ]


def test_next_review_comes_from_the_current_plan(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    record = make_patient()
    other = make_patient("Bea Other")
    with database.transaction() as db:
        for status, review in (("completed", date(2025, 6, 1)), ("active", date(2025, 8, 1)),
                               ("draft", date(2025, 7, 1))):  # fmt: skip
            db.add(
                TreatmentPlan(
                    patient_id=record.id, status=status, review_on=review,
                    started_on=date(2025, 5, 1), practitioner_id=ctx.actor.practitioner_id,
                    practitioner_name=ctx.actor.name,
                )
            )  # fmt: skip
    rows = {row.name: row for row in search_patients(database, PatientQuery())}
    assert rows["Ann Example"].next_review == date(2025, 8, 1)
    assert rows["Bea Other"].next_review is None
    assert get_patient(database, record.id).next_review == date(2025, 8, 1)
    assert get_patient(database, other.id).next_review is None


def test_paging_and_count_agree(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    for i in range(23):
        make_patient(f"Patient {i:02d}", date_of_birth=date(1980, 1, 1) + timedelta(days=i))
    archived = make_patient("Archived One", date_of_birth=date(1970, 1, 1))
    archive_patient(database, ctx, archived.id, expected_version=archived.version_id)

    query = PatientQuery(text="patient")
    total = count_patients(database, query)
    pages = [search_patients(database, query, offset=o, limit=10) for o in range(0, 30, 10)]

    assert total == 23
    assert [len(p) for p in pages] == [10, 10, 3]
    seen = [r.name for page in pages for r in page]
    assert seen == [f"Patient {i:02d}" for i in range(23)]
    assert search_patients(database, query, offset=23, limit=10) == []


def test_keep_until_follows_the_last_visit(database: Database, make_patient: MakePatient) -> None:
    record = make_patient(date_of_birth=date(1980, 5, 17))
    _add_session(database, record.id, datetime(2025, 3, 1, 12, tzinfo=UTC))
    assert get_patient(database, record.id).keep_until == date(2033, 3, 1)


def test_find_patients_counts_every_match_in_the_same_query(
    database: Database, make_patient: MakePatient
) -> None:
    from wristcare.clinic.patients import find_patients

    for number in range(7):
        make_patient(f"Page Patient {number}")
    make_patient("Someone Else")
    query = PatientQuery(text="page")
    first = find_patients(database, query, limit=3)
    assert [r.name for r in first.rows] == ["Page Patient 0", "Page Patient 1", "Page Patient 2"]
    assert first.total == 7 == count_patients(database, query)
    last = find_patients(database, query, offset=6, limit=3)
    assert ([r.name for r in last.rows], last.total) == (["Page Patient 6"], 7)
    beyond = find_patients(database, query, offset=50, limit=3)
    assert (beyond.rows, beyond.total) == ([], 7)
    nothing = find_patients(database, PatientQuery(text="nobody"))
    assert (nothing.rows, nothing.total) == ([], 0)


def test_renaming_into_a_duplicate_is_caught(
    database: Database, make_patient: MakePatient, ctx: ClinicContext
) -> None:
    make_patient("Anna Smith")
    typo = make_patient("Ana Smith")
    fixed = PatientDetails(name="Anna Smith", date_of_birth=typo.details.date_of_birth)
    version = typo.version_id
    with pytest.raises(DuplicatePatientError):
        update_patient(database, ctx, typo.id, fixed, expected_version=version)
    assert get_patient(database, typo.id).details.name == "Ana Smith"
    renamed = update_patient(
        database, ctx, typo.id, fixed, expected_version=version, allow_duplicate=True
    )
    assert renamed.details.name == "Anna Smith"
    # Other edits to a patient who already shares a name and birth date are not held up.
    assert update_patient(
        database,
        ctx,
        typo.id,
        replace(fixed, phone="01632 960123"),
        expected_version=renamed.version_id,
    ).details.phone
