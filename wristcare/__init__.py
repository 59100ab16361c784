"""WristCare: notes, plans and take-home care for acupuncturists."""

__version__ = "0.1.0"
