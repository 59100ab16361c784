"""Settings declared once: type, default, range, label, help and problem wording.

Every kind of setting (this computer's preferences in config.Settings, the clinic
settings, the outcome thresholds and BCTQ minimum kept in the clinic settings' ``extra``)
declares each value as a dataclass field made by ``setting()``. The JSON form, the checks
and the settings pages follow from the declaration, so a range or a label is written in
one place only (after Picard's typed options and Vorta's settings-as-data).

This module sits with config.py at the bottom of the layers: it imports nothing of
WristCare and no Qt, so db/, clinic/ and gui/ may all use it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, TypeVar

T = TypeVar("T")

# The key under which a field's declaration sits in its dataclass metadata.
_KEY = "wristcare.setting"


@dataclass(frozen=True)
class Setting:
    """One setting's declaration.

    The kind of value is the default's type: a whole number, a Decimal (kept in JSON as a
    string, never a float), an enum (kept as its value), text, or a set of codes (a
    frozenset of text, kept as a sorted list). ``low`` and ``high`` are
    inclusive, ``above`` an exclusive lower bound; ``max_length`` bounds text. ``label``
    is the settings page's label (with its ``&`` mnemonic), ``help`` its tooltip and
    ``unit`` the suffix a spin box shows. ``message`` says what is wrong with a value
    (``{low}``, ``{high}``, ``{above}`` and ``{title}`` are filled in); ``unreadable``
    what is wrong with stored JSON that is not this kind of value at all.
    """

    default: Any
    low: Any = None
    high: Any = None
    above: Any = None
    max_length: int | None = None
    label: str = ""
    help: str = ""
    unit: str = ""
    message: str = ""
    unreadable: str = ""

    @property
    def title(self) -> str:
        """The label as read aloud and in messages: no mnemonic ampersand."""
        return self.label.replace("&&", "\0").replace("&", "").replace("\0", "&")

    def field(self, **changes: Any) -> Any:
        """A dataclass field declared by this setting (``changes`` adjust a copy: the
        same period can carry another page's label)."""
        declared = replace(self, **changes)
        return dataclasses.field(default=declared.default, metadata={_KEY: declared})

    def accepts(self, value: object) -> bool:
        """Whether ``value`` is this kind of value and inside the declared range."""
        kind = type(self.default)
        if isinstance(self.default, Enum):
            return isinstance(value, kind)
        # bool is an int to Python, but true is not a number of years.
        if type(value) is not kind:
            return False
        if isinstance(value, Decimal) and not value.is_finite():
            return False
        if isinstance(value, str):
            return self.max_length is None or len(value) <= self.max_length
        if isinstance(value, frozenset):
            return all(isinstance(code, str) for code in value)
        if self.above is not None and not value > self.above:
            return False
        if self.low is not None and value < self.low:
            return False
        return self.high is None or value <= self.high

    def problem(self, value: object) -> str | None:
        """What is wrong with ``value`` in this setting's own words, or None."""
        if self.accepts(value):
            return None
        template = self.message or "{title}: a value from {low} to {high}"
        return template.format(low=self.low, high=self.high, above=self.above, title=self.title)

    def encode(self, value: Any) -> object:
        """``value`` as JSON keeps it."""
        if isinstance(value, Enum):
            return value.value
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, frozenset):
            return sorted(value)
        return value

    def decode(self, raw: object) -> Any:
        """A value read back from JSON; ValueError when it cannot be this kind of value.

        Numbers and text come back as they are (``problem`` then judges them); enums and
        Decimals are parsed from their JSON form. A set of codes must be a list; entries
        that are not text are left out (they can name nothing).
        """
        kind = type(self.default)
        if isinstance(self.default, Enum):
            return kind(str(raw))
        if isinstance(self.default, Decimal):
            if isinstance(raw, bool) or not isinstance(raw, str | int):
                raise ValueError(raw)
            try:
                return Decimal(raw)
            except InvalidOperation as error:
                raise ValueError(raw) from error
        if isinstance(self.default, frozenset):
            if not isinstance(raw, list):
                raise ValueError(raw)
            return frozenset(code for code in raw if isinstance(code, str))
        return raw


def setting(default: Any, **declaration: Any) -> Any:
    """A dataclass field declared as a setting: ``setting(8, low=1, high=100, label=…)``."""
    return Setting(default, **declaration).field()


def declared(cls: type | object) -> dict[str, Setting]:
    """Field name -> declaration, for the fields of ``cls`` made by ``setting()``."""
    # fields() takes a dataclass or an instance of one; typeshed's overloads say only that.
    found = fields(cls)  # type: ignore[arg-type]  # a dataclass or one's instance, as said above
    return {f.name: f.metadata[_KEY] for f in found if _KEY in f.metadata}


def declaration(cls: type | object, name: str) -> Setting:
    """The declaration of one field."""
    return declared(cls)[name]


def problems(values: object) -> dict[str, str]:
    """Field name -> what is wrong, for every declared field of a settings object."""
    found = {}
    for name, spec in declared(values).items():
        problem = spec.problem(getattr(values, name))
        if problem:
            found[name] = problem
    return found


def to_json(values: object) -> dict[str, object]:
    """The declared fields of a settings object as JSON keeps them."""
    return {name: spec.encode(getattr(values, name)) for name, spec in declared(values).items()}


def read_json(cls: type, data: Mapping[str, object]) -> tuple[dict[str, object], dict[str, str]]:
    """The declared values found in ``data`` (other keys are not read), and a problem for
    each one that cannot be read at all. Keys left out are left out: they take the
    defaults when the object is made."""
    values: dict[str, object] = {}
    unreadable: dict[str, str] = {}
    for name, spec in declared(cls).items():
        if name not in data:
            continue
        try:
            values[name] = spec.decode(data[name])
        except ValueError:
            unreadable[name] = (spec.unreadable or spec.message).format(
                low=spec.low, high=spec.high, above=spec.above, title=spec.title
            )
    return values, unreadable


def load_json(cls: type[T], data: object) -> T:
    """A settings object from JSON that may hold anything: every declared value that is
    missing, unreadable, of the wrong kind or out of range takes its default, and keys
    that are not declared are ignored. Never raises for what ``data`` holds."""
    kept: dict[str, object] = {}
    if isinstance(data, Mapping):
        for name, spec in declared(cls).items():
            if name not in data:
                continue
            try:
                value = spec.decode(data[name])
            except ValueError:
                continue
            if spec.accepts(value):
                kept[name] = value
    return cls(**kept)


__all__ = [
    "Setting",
    "declaration",
    "declared",
    "load_json",
    "problems",
    "read_json",
    "setting",
    "to_json",
]
