"""What a take-home care plan says: a frozen snapshot, checked, with a JSON form.

Kept apart from the PDF code so the GUI and ``clinic/`` can build and store a snapshot
without importing ReportLab. The JSON form is what a handout record keeps: rebuilding the
document from it and printing again gives the same PDF, byte for byte.
"""

from __future__ import annotations

import base64
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, date, datetime
from typing import Any

from wristcare.clinic.validation import Problems
from wristcare.db.vocab import Side
from wristcare.errors import WristCareError

# A planned point's side as the snapshot writes it: the words of snapshot version 1, kept
# so that every stored handout reads back and prints byte for byte. None: no side printed
# (a midline point is one needle).
_SNAPSHOT_SIDES: dict[Side | None, str] = {
    Side.LEFT: "left",
    Side.RIGHT: "right",
    Side.BILATERAL: "both",
    None: "",
}
_SIDE_OF_SNAPSHOT = {text: side for side, text in _SNAPSHOT_SIDES.items()}
# The sides a printed point may have.
SIDES: tuple[Side | None, ...] = tuple(_SNAPSHOT_SIDES)
SNAPSHOT_VERSION = 1

# Limits that keep a handout printable; well above anything a practitioner writes.
MAX_NOTES_CHARS = 50_000
MAX_LINE_CHARS = 2_000
MAX_ITEMS = 60
MAX_WEEKS = 52
_LOGO_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


class CarePlanError(WristCareError):
    """A care plan that cannot be printed as given; the message says what to correct."""


@dataclass(frozen=True, slots=True)
class ClinicLetterhead:
    """The clinic and practitioner printed at the top of the handout."""

    clinic_name: str
    address: str = ""
    phone: str = ""
    email: str = ""
    practitioner_name: str = ""
    registration: str = ""  # for example "BAcC 12345"
    logo: bytes | None = None  # PNG or JPEG


@dataclass(frozen=True, slots=True)
class SchedulePhase:
    """One phase of treatment: so many sessions a week for so many weeks."""

    sessions_per_week: int
    weeks: int
    note: str = ""

    @property
    def sessions(self) -> int:
        return self.sessions_per_week * self.weeks


@dataclass(frozen=True, slots=True)
class PlannedPoint:
    """A point of the planned protocol, as printed for the patient."""

    code: str
    pinyin: str
    hanzi: str = ""
    side: Side | None = None


@dataclass(frozen=True, slots=True)
class HomeCareDose:
    """How much and how often, as set for this patient (None: not part of the dose)."""

    hold_seconds: int | None = None
    repetitions: int | None = None
    sets: int | None = None
    times_a_day: int | None = None
    days_a_week: int | None = None
    weeks: int | None = None
    each_side: bool = False


@dataclass(frozen=True, slots=True)
class HomeCareEntry:
    """One home-care item as handed over: a snapshot of its text and the patient's dose."""

    key: str
    title: str
    steps: tuple[str, ...]
    dose: HomeCareDose = field(default_factory=HomeCareDose)
    cautions: tuple[str, ...] = ()
    illustration: str | None = None  # an SVG file of the home-care library


@dataclass(frozen=True, slots=True)
class SupplementNote:
    """A supplement or herb in the plan; ``bleeding_caution`` prints the herb–drug caution."""

    text: str
    bleeding_caution: bool = False


@dataclass(frozen=True, slots=True)
class ProgressVisit:
    """One visit's score on the take-home progress chart."""

    on: date
    score: int


@dataclass(frozen=True, slots=True)
class ProgressChart:
    """A small "your progress so far" chart: one score per visit, in the patient's words
    (for example "Your numbness scores at each visit", "0 = none, 10 = worst")."""

    title: str
    scale_note: str
    highest: int
    visits: tuple[ProgressVisit, ...]


@dataclass(frozen=True, slots=True)
class CarePlanDocument:
    """Everything the take-home care plan prints, and nothing else."""

    letterhead: ClinicLetterhead
    patient_name: str
    issued_on: date  # the clinic-local date printed on the handout
    issued_at: datetime  # aware; the PDF's creation date, so a reprint is identical
    problem: str
    goals: tuple[str, ...] = ()
    phases: tuple[SchedulePhase, ...] = ()
    review_on: date | None = None
    points: tuple[PlannedPoint, ...] = ()
    home_care: tuple[HomeCareEntry, ...] = ()
    supplements: tuple[SupplementNote, ...] = ()
    anticoagulant_alert: bool = False
    practitioner_notes: str = ""
    large_print: bool = False
    progress: ProgressChart | None = None

    def __post_init__(self) -> None:
        check_care_plan(self)

    @property
    def planned_sessions(self) -> int:
        """The number of sessions the phases add up to."""
        return sum(phase.sessions for phase in self.phases)

    @property
    def home_practice_weeks(self) -> int:
        """Weeks the tick sheet covers: the longest home-care item, else the schedule."""
        weeks = [entry.dose.weeks for entry in self.home_care if entry.dose.weeks]
        if weeks:
            return max(weeks)
        return min(sum(phase.weeks for phase in self.phases) or 4, MAX_WEEKS)


def check_care_plan(document: CarePlanDocument) -> None:
    """Raise CarePlanError if the document cannot be printed as it stands."""
    problems = Problems()
    _document_problems(document, problems)
    if problems:
        # One message, as it always was: the first problem in the order they are checked.
        raise CarePlanError(next(iter(problems.fields.values())))


def _document_problems(document: CarePlanDocument, problems: Problems) -> None:
    problems.required(
        "patient_name", document.patient_name, "The care plan needs the patient's name"
    )
    problems.required(
        "clinic_name",
        document.letterhead.clinic_name,
        "The care plan needs the clinic's name (clinic settings)",
    )
    problems.check(
        "issued_at",
        document.issued_at.tzinfo is not None,
        "The time the care plan was issued must carry its time zone",
    )
    logo = document.letterhead.logo
    problems.check(
        "logo",
        logo is None or logo.startswith(_LOGO_SIGNATURES),
        "The clinic logo must be a PNG or JPEG image",
    )
    problems.check(
        "practitioner_notes",
        len(document.practitioner_notes) <= MAX_NOTES_CHARS,
        f"The practitioner's notes are too long to print ({MAX_NOTES_CHARS:,} characters at most)",
    )
    lines = [document.problem, *document.goals, document.patient_name]
    lines += [note.text for note in document.supplements]
    for index, entry in enumerate(document.home_care):
        lines += [entry.title, *entry.steps, *entry.cautions]
        problems.required(
            f"home_care.{index}.title", entry.title, "Every home-care item needs a title"
        )
    problems.check(
        "lines",
        all(len(line) <= MAX_LINE_CHARS for line in lines),
        f"A line of the care plan is over {MAX_LINE_CHARS:,} characters",
    )
    problems.check(
        "items",
        len(document.home_care) <= MAX_ITEMS and len(document.points) <= MAX_ITEMS,
        f"A care plan prints at most {MAX_ITEMS} items of each kind",
    )
    for index, phase in enumerate(document.phases):
        problems.check(
            f"phases.{index}",
            1 <= phase.sessions_per_week <= 7 and 1 <= phase.weeks <= MAX_WEEKS,
            "Each phase needs 1 to 7 sessions a week, for 1 to 52 weeks",
        )
    for index, point in enumerate(document.points):
        problems.check(
            f"points.{index}.side",
            point.side in SIDES,
            f"Point {point.code}: side must be left, right or both",
        )
    for index, entry in enumerate(document.home_care):
        key, dose = f"home_care.{index}", entry.dose
        for name in ("hold_seconds", "repetitions", "sets", "times_a_day", "days_a_week", "weeks"):
            value = getattr(dose, name)
            problems.check(
                f"{key}.{name}",
                value is None or 1 <= value <= 1000,
                f"{entry.title}: {name.replace('_', ' ')} must be 1 or more",
            )
        problems.check(
            f"{key}.days_a_week",
            dose.days_a_week is None or dose.days_a_week <= 7,
            f"{entry.title}: days a week must be 1 to 7",
        )
        problems.check(
            f"{key}.weeks",
            dose.weeks is None or dose.weeks <= MAX_WEEKS,
            f"{entry.title}: at most {MAX_WEEKS} weeks",
        )
    if document.progress is not None:
        _progress_problems(document.progress, problems)


def _progress_problems(chart: ProgressChart, problems: Problems) -> None:
    problems.check(
        "progress.title",
        bool(chart.title.strip()) and len(chart.title) <= MAX_LINE_CHARS,
        "The progress chart needs a title of one line",
    )
    problems.check(
        "progress.scale_note",
        len(chart.scale_note) <= MAX_LINE_CHARS,
        f"A line of the care plan is over {MAX_LINE_CHARS:,} characters",
    )
    problems.check(
        "progress.highest",
        1 <= chart.highest <= 100,
        "The progress chart's scale must top out at 1 to 100",
    )
    problems.check(
        "progress.visits",
        1 <= len(chart.visits) <= MAX_ITEMS,
        f"The progress chart shows 1 to {MAX_ITEMS} visits",
    )
    for index, visit in enumerate(chart.visits):
        problems.check(
            f"progress.visits.{index}",
            not isinstance(visit.score, bool) and 0 <= visit.score <= chart.highest,
            f"A score on the progress chart is outside 0-{chart.highest}",
        )


def care_plan_to_json(document: CarePlanDocument) -> str:
    """The snapshot of the document as printed, as JSON text (logo as base64)."""
    data = asdict(document)
    logo = document.letterhead.logo
    data["letterhead"]["logo"] = base64.b64encode(logo).decode("ascii") if logo else None
    data["issued_on"] = document.issued_on.isoformat()
    data["issued_at"] = document.issued_at.astimezone(UTC).isoformat()
    data["review_on"] = document.review_on.isoformat() if document.review_on else None
    for point in data["points"]:
        point["side"] = _SNAPSHOT_SIDES[point["side"]]
    # Left out when there is no chart, so snapshots without one read as they always did.
    if document.progress is None:
        del data["progress"]
    else:
        for visit in data["progress"]["visits"]:
            visit["on"] = visit["on"].isoformat()
    data["snapshot_version"] = SNAPSHOT_VERSION
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def care_plan_from_json(text: str) -> CarePlanDocument:
    """Rebuild a document from ``care_plan_to_json`` output (CarePlanError if damaged)."""
    try:
        data = json.loads(text)
        if data.pop("snapshot_version", None) != SNAPSHOT_VERSION:
            raise CarePlanError("This handout snapshot is from an unknown version")
        letterhead = dict(data.pop("letterhead"))
        review_on = data.pop("review_on")
        progress = data.pop("progress", None)
        if letterhead.get("logo"):
            letterhead["logo"] = base64.b64decode(letterhead["logo"], validate=True)
        return CarePlanDocument(
            letterhead=ClinicLetterhead(**letterhead),
            issued_on=date.fromisoformat(data.pop("issued_on")),
            issued_at=datetime.fromisoformat(data.pop("issued_at")),
            review_on=date.fromisoformat(review_on) if review_on else None,
            goals=tuple(data.pop("goals")),
            phases=tuple(SchedulePhase(**phase) for phase in data.pop("phases")),
            points=tuple(_point(point) for point in data.pop("points")),
            home_care=tuple(_entry(entry) for entry in data.pop("home_care")),
            supplements=tuple(SupplementNote(**note) for note in data.pop("supplements")),
            progress=_progress(progress) if progress is not None else None,
            **_only_fields(data),
        )
    except CarePlanError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise CarePlanError(f"The handout snapshot is damaged ({error})") from None


def _point(data: dict[str, Any]) -> PlannedPoint:
    return PlannedPoint(**{**data, "side": _SIDE_OF_SNAPSHOT[data["side"]]})


def _entry(data: dict[str, Any]) -> HomeCareEntry:
    return HomeCareEntry(
        key=data["key"],
        title=data["title"],
        steps=tuple(data["steps"]),
        dose=HomeCareDose(**data["dose"]),
        cautions=tuple(data["cautions"]),
        illustration=data["illustration"],
    )


def _progress(data: dict[str, Any]) -> ProgressChart:
    visits = tuple(
        ProgressVisit(on=date.fromisoformat(visit["on"]), score=visit["score"])
        for visit in data.pop("visits")
    )
    return ProgressChart(visits=visits, **data)


def _only_fields(data: dict[str, Any]) -> dict[str, Any]:
    known = {f.name for f in fields(CarePlanDocument)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise CarePlanError(f"The handout snapshot has an unknown field {unknown[0]!r}")
    return data
