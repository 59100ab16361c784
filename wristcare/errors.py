"""Errors that carry a message meant for the person using WristCare.

Anything raised as a ``WristCareError`` is shown as its message (a dialog in the GUI, one
line on the command line); anything else is a bug and goes to the crash handler.
"""


class WristCareError(Exception):
    """An error with a message a practitioner can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
