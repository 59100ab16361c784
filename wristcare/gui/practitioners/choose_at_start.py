"""Choosing the practitioner when the app starts (or when switching)."""

from __future__ import annotations

import getpass
import logging
from dataclasses import replace

from PySide6.QtWidgets import QWidget

from wristcare.clinic.clinic_settings import (
    carry_over_file_settings,
    get_clinic_settings,
    update_clinic_settings,
    validate_clinic_settings,
)
from wristcare.clinic.context import ClinicContext
from wristcare.clinic.errors import ValidationError
from wristcare.clinic.practitioners import (
    PractitionerDetails,
    PractitionerUnavailableError,
    context_for,
    list_practitioners,
    register_first_practitioner,
    validate_practitioner,
)
from wristcare.config import Settings, file_clinic_values, machine_time_zone
from wristcare.db.engine import Database
from wristcare.gui.practitioners.choose import ChoosePractitionerDialog
from wristcare.gui.practitioners.first_run import FirstRunDialog

log = logging.getLogger(__name__)


def account_full_name() -> str:
    """The computer account's full name (else its login name): the first-run prefill."""
    try:
        import os
        import pwd

        full = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError, OSError):
        full = ""
    if full:
        return full
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def register_with_clinic(
    database: Database, details: PractitionerDetails, clinic_name: str, time_zone: str
) -> ClinicContext:
    """The first-run answer: the first practitioner, then the clinic's name and zone
    (saved as them). Everything is checked before anything is written."""
    clinic = get_clinic_settings(database)
    wanted = replace(clinic.details, name=clinic_name.strip(), time_zone=time_zone.strip())
    problems = {
        ("clinic_name" if key == "name" else key): message
        for key, message in validate_clinic_settings(wanted).items()
    }
    problems.update(validate_practitioner(details.cleaned()))
    if problems:
        raise ValidationError(problems)
    ctx = register_first_practitioner(database, details)
    update_clinic_settings(database, ctx, wanted, expected_version=clinic.version_id)
    return context_for(database, ctx.actor.practitioner_id)


def first_run(database: Database, parent: QWidget | None = None) -> ClinicContext | None:
    """Ask for the first practitioner and the clinic; None when put off."""
    values = file_clinic_values()
    dialog = FirstRunDialog(
        lambda details, name, zone: register_with_clinic(database, details, name, zone),
        name=str(values.get("practitioner_name") or account_full_name()),
        clinic_name=str(values.get("clinic_name", "")),
        time_zone=get_clinic_settings(database).details.time_zone or machine_time_zone(),
        parent=parent,
    )
    dialog.exec()
    return dialog.context


def ask_who(
    database: Database, current: int, parent: QWidget | None = None
) -> ClinicContext | None:
    """Choose among the active practitioners (``current`` offered first); None if cancelled
    or if nobody is on record yet (then first_run is the question)."""
    practitioners = list_practitioners(database)
    if not practitioners:
        return None
    dialog = ChoosePractitionerDialog(practitioners, current=current, parent=parent)
    if not dialog.exec() or (chosen := dialog.chosen_id()) is None:
        return None
    return context_for(database, chosen)


def remember(settings: Settings, ctx: ClinicContext | None) -> None:
    """Offer this practitioner first at the next start on this computer."""
    if ctx is None or settings.last_practitioner_id == ctx.actor.practitioner_id:
        return
    settings.last_practitioner_id = ctx.actor.practitioner_id
    try:
        settings.save()
    except OSError as error:  # a preference only: the app goes on
        log.warning("could not save the settings: %s", error.strerror)


def carry_over(database: Database, ctx: ClinicContext) -> ClinicContext:
    """Once per database: the clinic values an older settings file held, and the zone
    dates followed until now (this machine's)."""
    values = {**file_clinic_values(), "time_zone": machine_time_zone()}
    if carry_over_file_settings(database, ctx, values):
        return context_for(database, ctx.actor.practitioner_id)
    return ctx


def choose_at_start(
    database: Database, settings: Settings, parent: QWidget | None = None
) -> ClinicContext | None:
    """The context to start in, asking only what must be asked.

    No practitioner yet: the one named in an older settings file is carried over, else
    the first-run question (which can be put off: None). One active practitioner: them.
    Several: who is using WristCare, the last one on this computer offered first.
    """
    practitioners = list_practitioners(database, include_inactive=True)
    active = [p for p in practitioners if p.active]
    ctx: ClinicContext | None
    if not practitioners:
        name = file_clinic_values().get("practitioner_name")
        ctx = None
        if isinstance(name, str):
            # The name an older WristCare wrote changes under: carried over, not asked.
            try:
                ctx = register_first_practitioner(database, PractitionerDetails(name=name))
            except ValidationError:
                ctx = None
        if ctx is None:
            ctx = first_run(database, parent)
    elif len(active) == 1:
        ctx = context_for(database, active[0].id)
    else:
        ctx = ask_who(database, settings.last_practitioner_id, parent)
    if ctx is not None:
        ctx = carry_over(database, ctx)
        remember(settings, ctx)
    return ctx


def context_again(database: Database, ctx: ClinicContext | None) -> ClinicContext | None:
    """The same practitioner's context with the clinic settings as stored now (None if
    they were deactivated meanwhile)."""
    if ctx is None:
        return None
    try:
        return context_for(database, ctx.actor.practitioner_id, clock=ctx.clock)
    except PractitionerUnavailableError:
        return None


def switch(
    database: Database, settings: Settings, current: ClinicContext | None, parent: QWidget
) -> ClinicContext | None:
    """One action from the window: choose who is using WristCare now (or set up the
    first practitioner). None when cancelled."""
    if not list_practitioners(database, include_inactive=True):
        ctx = first_run(database, parent)
    else:
        wanted = current.actor.practitioner_id if current else settings.last_practitioner_id
        ctx = ask_who(database, wanted, parent)
    if ctx is not None:
        ctx = carry_over(database, ctx)
        remember(settings, ctx)
    return ctx
