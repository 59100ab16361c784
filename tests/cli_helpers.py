"""Running the ``wristcare`` command in-process, for the CLI tests.

Each test module that runs it says ``pytestmark = pytest.mark.usefixtures("fresh_logging")``
(the fixture is in tests/conftest.py): main() sets up logging in the test's own data
folder, and none of it may leak into the next test.
"""

from __future__ import annotations

import pytest

from wristcare import cli


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``wristcare ARGV``: the exit code, standard output and standard error."""
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(code: int, err: str) -> str:
    """The one line a refused command prints, after checking it is exactly that: exit
    code 2, one line naming the program, no traceback."""
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("wristcare")
    return lines[0]
