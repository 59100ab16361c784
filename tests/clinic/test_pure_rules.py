"""The rule engines are pure: importing them loads no database code, no Qt and no use case.

Each import runs in a fresh interpreter, so what the rest of the suite has loaded
cannot hide an import that slipped in.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import wristcare.clinic.outcomes
import wristcare.clinic.safety

# Use-case modules the rules once imported for their data.
_USE_CASES = ("wristcare.clinic.history", "wristcare.clinic.consent", "wristcare.clinic.acupoints")


def _modules(package: object) -> list[str]:
    found = [
        info.name
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}.")  # type: ignore[attr-defined]
    ]
    return [package.__name__, *sorted(found)]  # type: ignore[attr-defined]


# The banner's alerts are worded by the same rules, and as pure.
PURE = [
    *_modules(wristcare.clinic.safety),
    *_modules(wristcare.clinic.outcomes),
    "wristcare.clinic.alerts",
    "wristcare.clinic.labels",
]


def test_every_rule_module_is_checked() -> None:
    assert "wristcare.clinic.safety.checks" in PURE
    assert "wristcare.clinic.outcomes.measures" in PURE
    assert not any(m.startswith("wristcare.clinic.outcome_store") for m in PURE)


@pytest.mark.parametrize("module", PURE)
def test_importing_the_rules_loads_no_database_and_no_use_case(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'PySide6') "
        f"or m in {_USE_CASES!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"{module} loads {result.stdout.strip()}"


def test_the_check_itself_sees_sqlalchemy() -> None:
    # A store loads SQLAlchemy: the same check must say so, or it proves nothing.
    code = "import sys, wristcare.clinic.outcome_store.records; print('sqlalchemy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.stdout.strip() == "True", result.stderr
