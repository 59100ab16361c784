"""The take-home care plan PDF, read back with pypdf: content, layout promises, safety text."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest

from wristcare.export.care_plan import care_plan_pdf, write_care_plan_pdf
from wristcare.export.care_plan_document import (
    CarePlanDocument,
    CarePlanError,
    HomeCareDose,
    SupplementNote,
    care_plan_from_json,
    care_plan_to_json,
)
from wristcare.export.care_plan_wording import BLEEDING_CAUTION, RED_FLAGS, SEE_DOCTOR_HEADING

from .samples import LOREM, PATIENT, long_plan, realistic_plan

# Words that promise a result; clinical.md section 5: describe the plan, promise nothing.
PROMISES = (
    "may help",
    "will help",
    "helps",
    "help you",
    "improve",
    "relieve",
    "relief",
    "cure",
    "heal",
    "guarantee",
    "effective",
    "proven",
    "get rid of",
    "eliminate",
    "will reduce",
    "will ease",
)


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def _flat(text: str) -> str:
    """Text with all whitespace gone: line breaks fall anywhere in a laid-out PDF."""
    return re.sub(r"\s+", "", text)


def _body(data: bytes, document: CarePlanDocument) -> str:
    """All pages' text without the running footer, flattened."""
    footer = re.compile(r"Page\d+of\d+|Careplanfor.*?0142", re.DOTALL)
    return "".join(footer.sub("", _flat(page)) for page in _pages(data))


@pytest.fixture(scope="module")
def plan() -> CarePlanDocument:
    return realistic_plan()


@pytest.fixture(scope="module")
def plan_pdf(plan: CarePlanDocument) -> bytes:
    return care_plan_pdf(plan)


def test_the_handout_has_the_patient_the_plan_and_the_schedule(
    plan: CarePlanDocument, plan_pdf: bytes
) -> None:
    assert plan_pdf.startswith(b"%PDF-")
    text = _flat("".join(_pages(plan_pdf)))
    for expected in (
        PATIENT,
        "25 November 2026",
        "Riverside Acupuncture Clinic",
        "01803 555 0142",
        "BAcC 012345",
        "Numbness and tingling in your right thumb",
        "3 out of 10 or less by 15 January 2027",
        "Twice a week for 3 weeks (6 sessions)",
        "Then once a week for 4 weeks (4 sessions)",
        "Planned number of sessions: 10",
        "16 December 2026",
    ):
        assert _flat(expected) in text, expected


def test_every_exercise_is_there_with_its_steps_and_dose(
    plan: CarePlanDocument, plan_pdf: bytes
) -> None:
    text = _body(plan_pdf, plan)
    for entry in plan.home_care:
        assert _flat(entry.title) in text
        for step in entry.steps:
            assert _flat(re.sub(r"^\d+\.\s+", "", step)) in text, step
        for caution in entry.cautions:
            assert _flat(caution) in text
    assert _flat("Hold each position for 7 seconds. Do it 10 times.") in text
    assert _flat("Hold each position for 15 seconds. Do it 3 times on each side.") in text


def test_points_print_with_their_chinese_names(plan_pdf: bytes) -> None:
    text = _flat("".join(_pages(plan_pdf)))
    for expected in (
        "PC7",
        "Daling",
        "大陵",
        "PC6",
        "內關/内关",
        "TE5",
        "外關/外关",
        "LI4",
        "合谷",
    ):
        assert expected in text


def test_chinese_is_set_in_the_embedded_han_font_and_latin_in_dejavu(plan_pdf: bytes) -> None:
    fonts_of: dict[str, set[str]] = {}

    def visit(text: str, _cm: object, _tm: object, font: dict | None, _size: float) -> None:
        if text.strip() and font is not None:
            for char in text.strip():
                fonts_of.setdefault(char, set()).add(str(font["/BaseFont"]))

    reader = pypdf.PdfReader(io.BytesIO(plan_pdf))
    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    for char in "大陵內關内关外合谷":
        assert fonts_of[char] == {"/AAAAAA+WristCareHan-Regular"}, char
    for char in "Ł’Margt":
        assert all("DejaVuSans" in font for font in fonts_of[char]), char
    # Every text font is embedded: the handout looks the same on any machine.
    used = set().union(*fonts_of.values())
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if str(font["/BaseFont"]) in used:
                descendant = font.get("/FontDescriptor")
                assert descendant is not None and "/FontFile2" in descendant.get_object()


def test_the_red_flags_are_always_printed(plan: CarePlanDocument) -> None:
    bare = replace(
        plan,
        goals=(),
        phases=(),
        review_on=None,
        points=(),
        home_care=(),
        supplements=(),
        practitioner_notes="",
    )
    for document in (plan, bare, replace(bare, large_print=True)):
        text = _body(care_plan_pdf(document), document)
        assert _flat(SEE_DOCTOR_HEADING) in text
        assert _flat("See your doctor if your symptoms get worse, do not go away") in text
        for flag in RED_FLAGS:
            assert _flat(flag) in text, flag


def test_the_bleeding_caution_is_printed_beside_supplements_for_an_anticoagulated_patient(
    plan: CarePlanDocument,
) -> None:
    notes = (SupplementNote("Fish oil, one capsule a day."),)
    with_alert = _body(care_plan_pdf(replace(plan, supplements=notes)), plan)
    without = _body(
        care_plan_pdf(replace(plan, supplements=notes, anticoagulant_alert=False)), plan
    )
    flagged = _body(
        care_plan_pdf(
            replace(
                plan,
                supplements=(SupplementNote("Ginkgo.", bleeding_caution=True),),
                anticoagulant_alert=False,
            )
        ),
        plan,
    )
    caution = _flat(BLEEDING_CAUTION)
    assert caution in with_alert
    # Beside the supplement: straight after it, before the next section.
    assert with_alert.index(_flat("Fish oil")) < with_alert.index(caution)
    assert with_alert.index(caution) < with_alert.index(_flat("Notes from your practitioner"))
    assert caution not in without
    assert caution in flagged


@pytest.mark.parametrize("document", [realistic_plan(), long_plan(large_print=True)])
def test_no_promise_words_anywhere(document: CarePlanDocument) -> None:
    text = " ".join(" ".join(_pages(care_plan_pdf(document))).split()).lower()
    found = [word for word in PROMISES if re.search(rf"\b{word}", text)]
    assert found == []


def test_the_promise_scan_can_fail(plan: CarePlanDocument) -> None:
    promising = replace(plan, problem="This treatment will help your wrist.")
    text = " ".join(_pages(care_plan_pdf(promising))).lower()
    assert any(re.search(rf"\b{word}", text) for word in PROMISES)


def test_a_long_plan_flows_onto_many_pages_with_nothing_lost() -> None:
    document = long_plan()
    assert len(document.practitioner_notes) >= 5000 and len(document.home_care) == 15
    data = care_plan_pdf(document)
    pages = _pages(data)
    assert len(pages) >= 10
    for number, page in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in page
    text = _body(data, document)
    for entry in document.home_care:
        assert _flat(entry.title) in text
    for line in document.practitioner_notes.splitlines():
        assert _flat(line) in text, line[:40]
    # The tick sheet runs for the eight weeks, every item every week.
    for week in range(1, 9):
        assert f"Week{week},from" in text
    assert text.count(_flat(document.home_care[-1].title)) >= 1 + 8


def test_one_huge_paragraph_and_an_unbroken_word_are_not_cropped(plan: CarePlanDocument) -> None:
    word = "x" * 3000
    notes = (LOREM * 60).replace("\n", " ") + " " + word
    document = replace(plan, practitioner_notes=notes, problem="Wrist " + "y" * 400)
    text = _body(care_plan_pdf(document), document)
    assert _flat(notes) in text
    assert "y" * 400 in text


def _sizes_of(data: bytes, phrase: str) -> set[float]:
    sizes: set[float] = set()

    def visit(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
        if phrase in text:
            sizes.add(round(size * tm[0], 1))

    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_large_print_really_is_larger(plan: CarePlanDocument, plan_pdf: bytes) -> None:
    large = care_plan_pdf(replace(plan, large_print=True))
    for phrase in ("Put the splint on", "your symptoms started after", "Numbness and tingling"):
        assert _sizes_of(plan_pdf, phrase) == {12.0}, phrase
        assert _sizes_of(large, phrase) == {16.0}, phrase
    # Everything in large print, footers and table cells included, is 13 pt or more.
    smallest: list[float] = []

    def visit(text: str, _cm: object, tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            smallest.append(size * tm[0])

    for page in pypdf.PdfReader(io.BytesIO(large)).pages:
        page.extract_text(visitor_text=visit)
    assert min(smallest) >= 13
    assert len(_pages(large)) > len(_pages(plan_pdf))


def test_metadata_is_set(plan_pdf: bytes) -> None:
    info = pypdf.PdfReader(io.BytesIO(plan_pdf)).metadata
    assert info is not None
    assert info.title == f"Care plan for {PATIENT}"
    assert info.author == "Dr Wei Chen Lic.Ac."
    assert info.subject == "Take-home care plan"
    assert info["/CreationDate"] == "D:20261125103000+00'00'"


def test_a_reprint_from_the_snapshot_is_byte_for_byte_the_same(
    plan: CarePlanDocument, plan_pdf: bytes
) -> None:
    snapshot = care_plan_to_json(plan)
    reprint = care_plan_pdf(care_plan_from_json(snapshot))
    assert hashlib.sha256(reprint).hexdigest() == hashlib.sha256(plan_pdf).hexdigest()
    # and the hash does depend on what was printed
    later = replace(plan, issued_at=datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    assert hashlib.sha256(care_plan_pdf(later)).digest() != hashlib.sha256(plan_pdf).digest()


def test_the_snapshot_round_trips_every_field(plan: CarePlanDocument) -> None:
    assert care_plan_from_json(care_plan_to_json(plan)) == plan
    long = long_plan(large_print=True, letterhead=replace(plan.letterhead, logo=None))
    assert care_plan_from_json(care_plan_to_json(long)) == long


@pytest.mark.parametrize(
    "damage", ["{", "[]", '{"snapshot_version": 99}', '{"snapshot_version": 1}']
)
def test_a_damaged_snapshot_is_a_clear_error(damage: str) -> None:
    with pytest.raises(CarePlanError, match="snapshot"):
        care_plan_from_json(damage)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"patient_name": "  "}, "patient's name"),
        ({"issued_at": datetime(2026, 11, 25, 10, 30)}, "time zone"),
        ({"practitioner_notes": "x" * 50_001}, "too long"),
    ],
)
def test_an_unprintable_plan_is_refused_with_a_message(
    plan: CarePlanDocument, changes: dict[str, object], message: str
) -> None:
    with pytest.raises(CarePlanError, match=message):
        replace(plan, **changes)  # type: ignore[arg-type]


def test_a_logo_that_is_not_an_image_is_refused(plan: CarePlanDocument) -> None:
    with pytest.raises(CarePlanError, match="PNG or JPEG"):
        replace(plan, letterhead=replace(plan.letterhead, logo=b"GIF89a..."))
    broken = replace(plan, letterhead=replace(plan.letterhead, logo=b"\x89PNG\r\n\x1a\nbroken"))
    with pytest.raises(CarePlanError, match="logo cannot be read"):
        care_plan_pdf(broken)


def test_a_jpeg_logo_is_printed(plan: CarePlanDocument) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), "#336699").save(buffer, format="JPEG")
    data = care_plan_pdf(replace(plan, letterhead=replace(plan.letterhead, logo=buffer.getvalue())))
    first = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert [image.image.size for image in first.images] == [(300, 100)]


def test_without_a_logo_or_phone_the_letterhead_still_prints(plan: CarePlanDocument) -> None:
    plain = replace(plan, letterhead=replace(plan.letterhead, logo=None, phone=""))
    text = _flat("".join(_pages(care_plan_pdf(plain))))
    assert "RiversideAcupunctureClinic" in text and "Questions?" not in text


def test_a_chinese_name_and_a_very_long_name_fit_the_footer(plan: CarePlanDocument) -> None:
    for name in ("王小明", "Anna-Maria " + "Wolfeschlegelsteinhausenbergerdorff " * 4):
        data = care_plan_pdf(replace(plan, patient_name=name, large_print=True))
        assert _flat(name) in _flat(_pages(data)[0])


def test_the_helper_writes_an_owner_only_file(plan: CarePlanDocument, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    data = write_care_plan_pdf(plan, path)
    assert path.read_bytes() == data
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["plan.pdf"]


def test_a_file_that_cannot_be_written_is_a_clear_error(
    plan: CarePlanDocument, tmp_path: Path
) -> None:
    with pytest.raises(CarePlanError, match="Cannot save the care plan to .*missing"):
        write_care_plan_pdf(plan, tmp_path / "missing" / "plan.pdf")


@pytest.mark.needs_tool("pdftoppm", "poppler-utils")
def test_every_page_renders(tmp_path: Path) -> None:
    document = long_plan(large_print=True)
    source = tmp_path / "plan.pdf"
    write_care_plan_pdf(document, source)
    result = subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(source), str(tmp_path / "page")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0 and "Error" not in result.stderr, result.stderr
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(pypdf.PdfReader(str(source)).pages)


def _render_first_page(document: CarePlanDocument, folder: Path) -> bytes:
    source = folder / "plan.pdf"
    write_care_plan_pdf(document, source)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", str(source), str(folder / "p")],
        check=True,
        timeout=60,
    )
    (page,) = folder.glob("p-*.png")
    return page.read_bytes()


@pytest.mark.needs_tool("pdftoppm", "poppler-utils")
def test_chinese_names_render_as_real_glyphs_not_boxes(
    plan: CarePlanDocument, tmp_path: Path
) -> None:
    # Missing glyphs all draw the same box: swapping two characters would change nothing.
    renders = []
    for name in ("大陵", "陵大", ""):
        folder = tmp_path / (name or "none")
        folder.mkdir()
        point = replace(plan.points[0], hanzi=name)
        renders.append(_render_first_page(replace(plan, points=(point,)), folder))
    assert len(set(renders)) == 3


def test_reportlab_is_not_imported_when_the_app_starts() -> None:
    # The GUI may build a snapshot at start-up; only printing loads ReportLab.
    code = (
        "import sys, wristcare.__main__, wristcare.gui.app, wristcare.gui.main_window, "
        "wristcare.export.care_plan_document, wristcare.export.handouts; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'svglib')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_printing_a_care_plan_loads_no_database_code() -> None:
    # The first handout of a session must be quick (tests/bench): the PDF code draws its
    # progress chart beside the report's, whose document module reads the database.
    code = (
        "import sys, wristcare.export.care_plan; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'alembic'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_an_item_without_a_dose_prints_beside_its_drawing() -> None:
    # Self-massage has no dose in the library: its stop rules were kept with its last step
    # inside the text beside the drawing, which ReportLab could not lay out.
    from wristcare.clinic.homecare_library import homecare_item

    from .samples import entry

    massage = replace(entry(homecare_item("self_massage")), dose=HomeCareDose())
    data = care_plan_pdf(realistic_plan(home_care=(massage,)))
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    assert "Do not massage over broken skin" in text
