"""Point codes as written in notes: WHO codes, older aliases and extra points. Pure data
and one pure function, so the rule engine can read codes without the point library."""

from __future__ import annotations

import re
import unicodedata

from wristcare.clinic.errors import UnknownPointError

# Points per meridian in the WHO standard.
MERIDIAN_SIZES = {
    "LU": 11, "LI": 20, "ST": 45, "SP": 21, "HT": 9, "SI": 19, "BL": 67,
    "KI": 27, "PC": 9, "TE": 23, "GB": 44, "LR": 14, "GV": 28, "CV": 24,
}  # fmt: skip

# Older and regional codes seen in notes and textbooks.
MERIDIAN_ALIASES = {
    "TW": "TE", "SJ": "TE", "TB": "TE", "UB": "BL", "B": "BL", "LV": "LR", "LIV": "LR",
    "DU": "GV", "REN": "CV", "RN": "CV", "P": "PC", "HE": "HT", "H": "HT", "K": "KI",
    "KID": "KI", "SPL": "SP",
}  # fmt: skip

EXTRA_REGIONS = ("HN", "B", "CA", "UE", "LE")

# ASCII only: NFKC (below) has already turned full-width and other digits into 0-9.
_MERIDIAN_CODE = re.compile(r"^([A-Z]+)[\s.\-_]*(\d+)$", re.ASCII)
_EXTRA_CODE = re.compile(r"^(EX|M|N)[\s.\-_]*([A-Z]{1,2})[\s.\-_]*(\d{1,3})([AB]?)$", re.ASCII)
# No meridian has more than 67 points; longer numbers are not worth converting.
_MAX_DIGITS = 3


def _shown(text: str) -> str:
    """What was typed, quoted for a message, and cut short if a whole paste was typed."""
    text = text.strip()
    return repr(text if len(text) <= 24 else text[:24] + "…")


def resolve_point_code(text: str) -> str:
    """The WHO code for a point as written (``lu9``, ``Lu-9``, ``SJ5``, ``Du20``, ``EX-UE9``).

    Full-width letters and digits (a Chinese input method left in full-width mode) are
    read as their ASCII forms. Raises UnknownPointError with a message saying what is
    wrong.
    """
    raw = unicodedata.normalize("NFKC", text).strip().upper()
    if not raw:
        raise UnknownPointError("No point code given")
    extra = _EXTRA_CODE.match(raw)
    if extra:
        prefix, region, number, suffix = extra.groups()
        if prefix == "EX" and region not in EXTRA_REGIONS:
            raise UnknownPointError(
                f"Unknown extra-point region {region!r} in {_shown(text)} "
                f"(regions: {', '.join(EXTRA_REGIONS)})"
            )
        return f"{prefix}-{region}{int(number)}{suffix.lower()}"
    match = _MERIDIAN_CODE.match(raw)
    if not match:
        raise UnknownPointError(f"{_shown(text)} is not a point code (examples: LU9, PC 7, EX-UE9)")
    letters, digits = match.groups()
    meridian = MERIDIAN_ALIASES.get(letters, letters)
    if meridian not in MERIDIAN_SIZES:
        raise UnknownPointError(f"Unknown meridian {letters[:8]!r} in {_shown(text)}")
    size = MERIDIAN_SIZES[meridian]
    number = int(digits) if len(digits) <= _MAX_DIGITS else None
    if number is None or not 1 <= number <= size:
        shown = number if number is not None else f"{digits[:_MAX_DIGITS]}…"
        raise UnknownPointError(f"{meridian} has points 1 to {size}; there is no {meridian}{shown}")
    return f"{meridian}{number}"
