"""Programs the suite runs besides Python, and what happens where one is missing."""

from __future__ import annotations

import os
import shutil

import pytest


def require_tool(program: str, package: str) -> str:
    """The program's path. Where it is missing the test is skipped on a developer's
    machine, and fails under CI=true: CI must run every test, and `make test` installs
    the Debian package when it runs as root."""
    found = shutil.which(program)
    if found:
        return found
    message = f"{program} is missing: install the Debian package {package} (make test does)"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
