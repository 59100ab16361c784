"""Reference tables loaded from resources/: acupoints, exercises; and the practitioners."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from wristcare.db.base import Base, Timestamped


class Acupoint(Base):
    __tablename__ = "acupoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    # WHO code without a space (LU9, EX-UE9). A few extra points have no code.
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    meridian: Mapped[str] = mapped_column(String(4), default="")
    number: Mapped[int | None] = mapped_column(Integer)
    pinyin: Mapped[str] = mapped_column(String(100))
    hanzi_traditional: Mapped[str] = mapped_column(String(20), default="")
    hanzi_simplified: Mapped[str] = mapped_column(String(20), default="")
    english: Mapped[str] = mapped_column(String(200), default="")
    other_codes: Mapped[str] = mapped_column(String(200), default="")
    other_names: Mapped[str] = mapped_column(String(200), default="")
    is_extra: Mapped[bool] = mapped_column(Boolean, default=False)
    sort_key: Mapped[int] = mapped_column(Integer, default=0)


class Exercise(Base):
    __tablename__ = "exercises"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str] = mapped_column(Text, default="")
    hold_seconds: Mapped[int | None] = mapped_column(Integer)
    repetitions: Mapped[int | None] = mapped_column(Integer)
    times_per_day: Mapped[str] = mapped_column(String(40), default="")
    caution: Mapped[str] = mapped_column(Text, default="")
    image: Mapped[str] = mapped_column(String(200), default="")


class Practitioner(Timestamped, Base):
    """Who writes the notes. Deactivated when they leave, never deleted: the audit trail
    and signed notes keep pointing at them."""

    __tablename__ = "practitioners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    profession: Mapped[str] = mapped_column(String(200), default="")
    registration_body: Mapped[str] = mapped_column(String(200), default="")
    registration_number: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version_id: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version_id}
