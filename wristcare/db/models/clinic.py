"""The clinic's own settings: one row that every workstation on the database shares."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wristcare.config import RETENTION_ADULT_YEARS as ADULT
from wristcare.config import RETENTION_CHILD_UNTIL_AGE as CHILD
from wristcare.db.base import Base, UTCDateTime, utcnow

# The one row's id; a CHECK keeps a second row out.
CLINIC_ROW_ID = 1


class ClinicSettingsRow(Base):
    """Letterhead, record-keeping periods, time zone, and keyed room for later settings."""

    __tablename__ = "clinic_settings"

    id: Mapped[int] = mapped_column(primary_key=True, default=CLINIC_ROW_ID)
    name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    website: Mapped[str] = mapped_column(String(200), default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_type: Mapped[str] = mapped_column(String(20), default="")
    retention_adult_years: Mapped[int] = mapped_column(Integer, default=ADULT.default)
    retention_child_until_age: Mapped[int] = mapped_column(Integer, default=CHILD.default)
    # An IANA name (Europe/London); empty until the clinic chooses one (dates then
    # follow UTC, the same on every machine).
    time_zone: Mapped[str] = mapped_column(String(64), default="")
    # Outcome thresholds, handout defaults and whatever later work adds, by key.
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Whether a settings.json from before clinic settings lived here was carried over.
    file_settings_carried: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}
    __table_args__ = (
        CheckConstraint(f"id = {CLINIC_ROW_ID}", name="one_row"),
        # The periods' limits as declared; a change there needs a migration (0002 made these).
        CheckConstraint(
            f"retention_adult_years BETWEEN {ADULT.low} AND {ADULT.high}", name="adult_years"
        ),
        CheckConstraint(
            f"retention_child_until_age BETWEEN {CHILD.low} AND {CHILD.high}", name="child_age"
        ),
    )
