"""Errors the clinic layer raises for the person at the keyboard."""

from __future__ import annotations

from collections.abc import Mapping

from wristcare.errors import WristCareError


class ValidationError(WristCareError):
    """Input that cannot be saved; ``fields`` maps each field to what is wrong with it."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = dict(fields)
        summary = "; ".join(self.fields.values())
        super().__init__(f"Please correct: {summary}")


class NotFoundError(WristCareError):
    """The record asked for does not exist (or no longer does)."""


class UnknownPointError(WristCareError):
    """A point code that is not in the library."""
