"""``wristcare rules``: the safety rules as an aligned table, without a database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from wristcare import cli
from wristcare.clinic.safety import list_rules

# main() sets up logging in each test's own data folder (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("fresh_logging")


def _table(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    code = cli.main(["rules", *argv] if "rules" not in argv else list(argv))
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    return out.splitlines()


def test_every_rule_is_listed_in_aligned_columns(capsys: pytest.CaptureFixture[str]) -> None:
    lines = _table(capsys)
    rules = list_rules()
    assert len(lines) == 1 + len(rules)
    header = lines[0]
    assert header.split() == ["CODE", "LEVEL", "SWITCHABLE", "TITLE", "SOURCE"]
    # Each column starts where its heading does, on every line.
    starts = [header.index(name) for name in ("LEVEL", "SWITCHABLE", "TITLE", "SOURCE")]
    for line, rule in zip(lines[1:], rules, strict=True):
        assert line.startswith(f"{rule.code} ")
        cells = [line[a:b].strip() for a, b in zip([0, *starts], [*starts, None], strict=True)]
        assert cells[0] == rule.code
        assert cells[3] == rule.title
        assert cells[4] == rule.source
        assert line == line.rstrip()


def test_levels_in_words_and_who_may_switch_a_rule_off(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = _table(capsys)
    starts = [lines[0].index(name) for name in ("LEVEL", "SWITCHABLE", "TITLE")]
    by_code = {
        line.split()[0]: (line[starts[0] : starts[1]].strip(), line[starts[1] : starts[2]].strip())
        for line in lines[1:]
    }
    assert by_code["DEVICE-EA"] == ("Stop", "always on")
    assert by_code["PREG-AVOID"] == ("Caution", "yes")
    assert by_code["THORAX-DEPTH"] == ("Caution", "always on")  # a caution kept on
    assert by_code["RF-THENAR-WASTING"] == ("Red flag", "always on")
    assert by_code["RADIAL-ARTERY"] == ("Note", "yes")
    assert {code for code in by_code if code.startswith("PREG")} == {
        "PREG-AVOID",
        "PREG-CAUTION",
        "PREG-EA",
    }


def test_no_database_is_opened(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(url: str | None) -> None:
        raise AssertionError("rules opened a database")

    monkeypatch.setattr(cli, "open_database", refuse)
    monkeypatch.setattr(cli, "Database", refuse)
    where = tmp_path / "not-made.db"
    assert len(_table(capsys, "--db", f"sqlite:///{where}", "rules")) == 1 + len(list_rules())
    assert len(_table(capsys)) == 1 + len(list_rules())  # nor the one in the data folder
    assert not where.exists()
    assert [p for p in tmp_path.rglob("*") if p.suffix in (".db", ".sqlite3")] == []


def test_as_a_real_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "wristcare", "rules"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("CODE")
    assert "PREG-AVOID" in result.stdout


def test_a_reader_that_stops_early_is_not_an_error() -> None:
    # `wristcare rules | head -3` where the reader has gone before the table is written:
    # `true` reads nothing and exits long before Python has started up.
    pipeline = subprocess.run(
        f"'{sys.executable}' -m wristcare rules | true; echo \"status=${{PIPESTATUS[0]}}\"",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
        executable="/bin/bash",
    )  # fmt: skip
    assert pipeline.stdout.strip() == "status=0"
    assert pipeline.stderr == ""


def test_with_a_database_the_switched_off_cautions_say_so(
    capsys: pytest.CaptureFixture[str], database: Any, db_path: Path, ctx: Any
) -> None:
    from wristcare.clinic.rule_switches import switch_rule

    switch_rule(database, ctx, "DIABETES-DISTAL", on=False)
    database.dispose()
    lines = _table(capsys, "rules", "--db", f"sqlite:///{db_path}")
    starts = [lines[0].index(name) for name in ("SWITCHABLE", "TITLE")]
    switchable = {line.split()[0]: line[starts[0] : starts[1]].strip() for line in lines[1:]}
    assert switchable["DIABETES-DISTAL"] == "switched off"
    assert switchable["PREG-AVOID"] == "yes"
    assert switchable["DEVICE-EA"] == "always on"
    # Without the database the same rule is simply switchable.
    plain = _table(capsys, "rules")
    assert any(line.startswith("DIABETES-DISTAL") and " yes " in line for line in plain)


def test_a_database_that_cannot_be_read_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = cli.main(["rules", "--db", f"sqlite:///{tmp_path / 'missing.db'}"])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_USAGE and out == ""
    assert err.startswith("wristcare: ") and len(err.strip().splitlines()) == 1
