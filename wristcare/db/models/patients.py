"""The patient, their versioned health history and their consents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wristcare.db.base import Base, Timestamped, UTCDateTime, utcnow
from wristcare.db.vocab import Allergy, SafetyFlag


def _yes_no_columns() -> type:
    """A mixin with one Boolean column per safety flag and allergy, from the vocabulary,
    so a flag added there is a column here (and needs its migration)."""
    columns = {
        flag.value: mapped_column(Boolean, default=False, nullable=False)
        for flag in (*SafetyFlag, *Allergy)
    }
    return type("YesNoAnswers", (), columns)


class Patient(Timestamped, Base):
    __tablename__ = "patients"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_number: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    preferred_name: Mapped[str] = mapped_column(String(200), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    occupation: Mapped[str] = mapped_column(String(200), default="")
    dominant_hand: Mapped[str] = mapped_column(String(20), default="")
    repetitive_activities: Mapped[str] = mapped_column(Text, default="")
    referring_clinician_name: Mapped[str] = mapped_column(String(200), default="")
    referring_clinician_contact: Mapped[str] = mapped_column(Text, default="")
    family_doctor_name: Mapped[str] = mapped_column(String(200), default="")
    family_doctor_contact: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # Lower-cased, accent-folded copy of the searchable fields, so that search as you
    # type is one LIKE over one column, however many patients there are.
    search_text: Mapped[str] = mapped_column(Text, default="")
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Optimistic concurrency: two practitioners saving the same record on a shared
    # server must not silently overwrite each other.
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    histories: Mapped[list[HealthHistory]] = relationship(
        back_populates="patient", order_by="HealthHistory.version", cascade="all"
    )
    consents: Mapped[list[Consent]] = relationship(back_populates="patient", cascade="all")

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (
        # The everyday list (not archived) in name order, and search as you type: the
        # database walks this index instead of the table (see tests/bench).
        Index("ix_patients_archived_search", "archived_at", "search_text"),
        # The duplicate check looks patients up by date of birth.
        Index("ix_patients_date_of_birth", "date_of_birth"),
    )


class HealthHistory(_yes_no_columns(), Base):  # type: ignore[misc]  # a base made at run time
    """One version of a patient's health history; an edit adds a version, never overwrites."""

    __tablename__ = "health_histories"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("practitioners.id"))
    # Set when a later version replaces this one; the current version has none.
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # "Reviewed with the patient, no change" without making a new version.
    reviewed_on: Mapped[date | None] = mapped_column(Date)

    # The yes/no answers (SafetyFlag, Allergy) come from _yes_no_columns; the details here.
    conditions: Mapped[str] = mapped_column(Text, default="")
    medications: Mapped[str] = mapped_column(Text, default="")
    anticoagulant_drug: Mapped[str] = mapped_column(String(200), default="")
    allergies_other: Mapped[str] = mapped_column(Text, default="")
    herbs_supplements: Mapped[str] = mapped_column(Text, default="")
    pregnancy_due_date: Mapped[date | None] = mapped_column(Date)
    implanted_device_detail: Mapped[str] = mapped_column(String(200), default="")
    metal_implant_site: Mapped[str] = mapped_column(String(200), default="")
    lymphoedema_limb: Mapped[str] = mapped_column(String(50), default="")
    skin_problem_detail: Mapped[str] = mapped_column(String(200), default="")
    capacity_detail: Mapped[str] = mapped_column(String(200), default="")

    patient: Mapped[Patient] = relationship(back_populates="histories")

    __table_args__ = (
        Index("uq_health_histories_patient_version", "patient_id", "version", unique=True),
    )


class Consent(Base):
    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    modality: Mapped[str] = mapped_column(String(40))
    given_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20))  # written / verbal
    # Who gave consent: the patient or a parent/guardian ("signed by" is kept for a
    # practitioner signing a note).
    consenter: Mapped[str] = mapped_column(String(20))
    guardian_name: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("practitioners.id"))
    # A withdrawal checks the consent is as the practitioner saw it.
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    patient: Mapped[Patient] = relationship(back_populates="consents")

    __mapper_args__ = {"version_id_col": version_id}
