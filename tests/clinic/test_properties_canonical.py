"""Properties of the canonical form a signature vouches for: the same note hashes the same
whatever the Unicode normal form of its text, the order of its keys and the time zone its
datetimes (or the machine) are in; and a real change changes the hash.

One note is signed through the use cases; the properties vary copies of it in memory, so
no example touches the database.
"""

from __future__ import annotations

import os
import random
import time
import unicodedata
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sessions_helpers import sign_note

from wristcare.clinic.context import ClinicContext
from wristcare.clinic.patients import PatientRecord
from wristcare.clinic.sessions import SessionNote, get_note
from wristcare.clinic.sessions.canonical import content_hash, session_form
from wristcare.clinic.sessions.details import TEXT_FIELDS
from wristcare.db.engine import Database

# Letters whose NFC and NFD differ (precomposed accents, Hangul syllables), mixed with
# anything else Unicode has that can be stored.
COMPOSABLE = "éëåñçøÅÉÜǅ가힣ḯ"
TEXT = st.text(
    st.one_of(
        st.sampled_from(COMPOSABLE),
        st.characters(exclude_categories=("Cs",), exclude_characters="\x00"),
    ),
    max_size=30,
)
# The sessions' own note, fixed for the whole test: the examples only read it.
ONCE = settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def note(database: Database, ctx: ClinicContext, patient: PatientRecord) -> SessionNote:
    return get_note(database, sign_note(database, ctx, patient.id).id)


def _hash(note: SessionNote) -> str:
    return content_hash(session_form(note))


def _shuffled(value: Any, rng: random.Random) -> Any:
    """The same JSON value with every dict's keys in another order."""
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {key: _shuffled(value[key], rng) for key in keys}
    if isinstance(value, list):
        return [_shuffled(item, rng) for item in value]
    return value


@ONCE
@given(field=st.sampled_from(sorted(TEXT_FIELDS)), text=TEXT)
def test_nfc_and_nfd_text_hash_the_same(note: SessionNote, field: str, text: str) -> None:
    composed = replace(note, **{field: unicodedata.normalize("NFC", text)})
    decomposed = replace(note, **{field: unicodedata.normalize("NFD", text)})
    assert _hash(composed) == _hash(decomposed)
    named = replace(note, practitioner_name=unicodedata.normalize("NFD", f"Zoë {text}"))
    assert _hash(named) == _hash(replace(named, practitioner_name=f"Zoë {text}"))


@ONCE
@given(field=st.sampled_from(sorted(TEXT_FIELDS)), text=TEXT)
def test_a_changed_text_changes_the_hash(note: SessionNote, field: str, text: str) -> None:
    changed = replace(note, **{field: text})
    same = unicodedata.normalize("NFC", text) == unicodedata.normalize("NFC", getattr(note, field))
    assert (_hash(changed) == _hash(note)) is same


@ONCE
@given(seed=st.integers(), scores=st.data())
def test_key_order_does_not_change_the_hash(
    note: SessionNote, seed: int, scores: st.DataObject
) -> None:
    assert len(note.scores) > 1  # the signed note rates several scales
    reordered = replace(note, scores=tuple(scores.draw(st.permutations(note.scores))))
    assert _hash(reordered) == _hash(note)
    form = session_form(note)
    assert content_hash(_shuffled(form, random.Random(seed))) == content_hash(form)


@ONCE
@given(
    zone=st.timezones(),
    shift=st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=3650)),
)
def test_the_zone_of_a_datetime_does_not_change_the_hash(
    note: SessionNote, zone: Any, shift: timedelta
) -> None:
    assert note.signed_at is not None
    elsewhere = replace(
        note, started_at=note.started_at.astimezone(zone), signed_at=note.signed_at.astimezone(zone)
    )
    assert _hash(elsewhere) == _hash(note)
    # Another instant (a second or more later, the form keeps whole seconds) is not.
    later = replace(note, started_at=note.started_at + shift)
    assert _hash(later) != _hash(note)


@pytest.mark.parametrize("host", ["Pacific/Kiritimati", "America/St_Johns", "UTC"])
def test_the_host_time_zone_does_not_change_the_hash(note: SessionNote, host: str) -> None:
    here = _hash(note)
    saved = os.environ.get("TZ")
    os.environ["TZ"] = host
    time.tzset()
    try:
        assert _hash(note) == here
    finally:
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()
