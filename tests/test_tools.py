"""A program the suite needs and cannot find: skipped on a developer's machine, a failure
under CI=true (CI must run every test; `make test` installs what is missing)."""

from __future__ import annotations

import pytest
from tools import require_tool

MISSING = "wristcare-no-such-program"


def test_a_missing_program_skips_the_test_on_a_developers_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"{MISSING} is missing.*poppler-utils"):
        require_tool(MISSING, "poppler-utils")


def test_a_missing_program_fails_the_test_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=f"{MISSING} is missing"):
        require_tool(MISSING, "poppler-utils")


def test_a_program_that_is_there_is_found() -> None:
    assert require_tool("sh", "dash").endswith("/sh")
