"""Exact arithmetic for scores: one rounding rule, so a score re-derives identically on
every machine and after every export (no floats anywhere)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def round_half_up(value: Fraction | int, places: int = 2) -> Decimal:
    """``value`` rounded to ``places`` decimals, halves away from zero (2.125 -> 2.13).

    Works from the exact fraction, so the result never depends on a float or on the
    precision of the current Decimal context.
    """
    exact = Fraction(value)
    scale = 10**places
    scaled = exact * scale
    whole, remainder = divmod(abs(scaled.numerator), scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        whole += 1
    if scaled < 0:
        whole = -whole
    return Decimal(whole).scaleb(-places)


def as_fraction(value: Decimal | int) -> Fraction:
    """An integer or a finite Decimal as an exact fraction; floats are refused."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"expected an int or a Decimal, not {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError("a score must be a finite number")
    return Fraction(value)
