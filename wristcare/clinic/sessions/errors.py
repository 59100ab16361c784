"""Errors of the session-note use cases, worded for the practitioner."""

from __future__ import annotations

from wristcare.errors import WristCareError


class NoteLockedError(WristCareError):
    """The note is signed: it changes only by a signed addendum, correction or error mark."""


class NotYourDraftError(WristCareError):
    """A draft belongs to the practitioner who started it; nobody else may save or sign it."""
