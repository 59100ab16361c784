"""The test suite never reads or writes the real user's data folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import platformdirs

from wristcare import config

TESTS = Path(__file__).resolve().parent

# A module-scoped fixture runs before any function-scoped autouse fixture: the way the
# demo database of test_cli.py once wrote its log into the real data folder.
PROBE = """
import pytest

from wristcare import cli


@pytest.fixture(scope="module")
def early():
    assert cli.main(["migrate"]) == 0


def test_probe(early):
    pass
"""


def test_user_folders_point_into_the_suite_folder() -> None:
    home = Path(os.environ["HOME"])
    assert home.name == "home" and home.parent.name.startswith("wristcare-suite-")
    real_looking = Path(platformdirs.user_data_dir(config.APP_NAME, config.APP_AUTHOR))
    assert home.parent in real_looking.parents


def test_a_run_of_the_suite_leaves_the_real_home_untouched(tmp_path: Path) -> None:
    home = tmp_path / "real-home"
    home.mkdir()
    probe = tmp_path / "probe"
    probe.mkdir()
    shutil.copyfile(TESTS / "conftest.py", probe / "conftest.py")
    (probe / "test_probe.py").write_text(PROBE, encoding="utf-8")
    # The environment of a developer who has never set anything for the tests.
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("XDG_", "WRISTCARE_"))
    }
    env["HOME"] = str(home)

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(probe)],
        cwd=probe,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(home.rglob("*")) == []
