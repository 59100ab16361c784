"""Where data lives, which database opens, and the user's settings file."""

from __future__ import annotations

import json
import stat
from dataclasses import fields
from pathlib import Path

import pytest

from wristcare import config
from wristcare.config import Settings, default_db_url, resolve_db_url


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- database URL ----------------------------------------------------------------------


def test_command_line_wins() -> None:
    env = {"WRISTCARE_DB_URL": "sqlite:///from-env.sqlite3"}
    assert resolve_db_url("sqlite:///from-cli.sqlite3", env) == "sqlite:///from-cli.sqlite3"


def test_environment_comes_next() -> None:
    env = {"WRISTCARE_DB_URL": "postgresql://clinic@server/wristcare"}
    assert resolve_db_url(None, env) == "postgresql://clinic@server/wristcare"
    assert resolve_db_url("", env) == "postgresql://clinic@server/wristcare"


def test_default_is_the_file_in_the_data_folder(tmp_path: Path) -> None:
    expected = f"sqlite:///{tmp_path / 'userdata' / 'wristcare.sqlite3'}"
    assert default_db_url() == expected
    assert resolve_db_url(None, {}) == expected
    assert resolve_db_url(None, {"WRISTCARE_DB_URL": ""}) == expected


def test_process_environment_is_read_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WRISTCARE_DB_URL", "sqlite:///x.sqlite3")
    assert resolve_db_url(None) == "sqlite:///x.sqlite3"


def test_data_dir_without_override_is_the_platform_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WRISTCARE_DATA_DIR")
    assert config.data_dir().name == "WristCare"
    assert config.log_dir() == config.data_dir() / "logs"


def test_resources_are_found_in_a_checkout() -> None:
    assert (config.resources_dir() / "reference" / "acupoints.csv").is_file()


def test_ensure_private_dir_makes_every_new_folder_private(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "c"
    assert config.ensure_private_dir(target) == target
    for folder in (tmp_path / "a", tmp_path / "a" / "b", target):
        assert _mode(folder) == 0o700

    # A folder that already existed on the way is not ours to change.
    tmp_path.chmod(0o755)
    config.ensure_private_dir(tmp_path / "d" / "e")
    assert _mode(tmp_path) == 0o755
    assert _mode(tmp_path / "d") == 0o700


def test_ensure_private_dir_tightens_an_existing_folder(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    config.ensure_private_dir(folder)
    assert _mode(folder) == 0o700


def test_ensure_private_dir_with_a_file_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OSError):
        config.ensure_private_dir(tmp_path / "file")
    with pytest.raises(OSError):
        config.ensure_private_dir(tmp_path / "file" / "sub")


# --- settings --------------------------------------------------------------------------


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert Settings.load(tmp_path / "nowhere.json") == Settings()
    assert Settings.load() == Settings()  # the default place, in this test's data folder


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b'"a string"', b"null"],
)
def test_corrupt_file_gives_defaults(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    assert Settings.load(path) == Settings()


def test_folder_instead_of_file_gives_defaults(tmp_path: Path) -> None:
    assert Settings.load(tmp_path) == Settings()


def test_wrong_types_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "retention_years_adult": "eight",
                "retention_child_until_age": True,  # a bool is not a number of years
                "practitioner_name": 42,
                "clinic_name": "Wrist Clinic",  # the one good value is kept
                "patients_page_size": 12.5,
                "unknown_key": "ignored",
            }
        ),
        encoding="utf-8",
    )
    settings = Settings.load(path)
    assert settings == Settings(clinic_name="Wrist Clinic")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("retention_years_adult", 0),
        ("retention_years_adult", -8),
        ("retention_child_until_age", 5),
        ("patients_page_size", 0),
        ("patients_page_size", 10**9),
    ],
)
def test_out_of_range_numbers_fall_back(tmp_path: Path, name: str, value: int) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({name: value}), encoding="utf-8")
    assert Settings.load(path) == Settings()


def test_limits_match_the_defaults() -> None:
    defaults = Settings()
    for setting in fields(Settings):
        if setting.type == "int":
            low, high = Settings.limits(setting.name)
            assert low <= getattr(defaults, setting.name) <= high


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "settings.json"
    settings = Settings(retention_years_adult=5, practitioner_name="Dr 王", patients_page_size=50)

    settings.save(path)

    assert Settings.load(path) == settings
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700
    assert not path.with_suffix(".tmp").exists()


def test_save_is_private_even_over_an_old_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0o644)
    leftover = path.with_suffix(".tmp")  # from a save that crashed half-way
    leftover.write_text("{", encoding="utf-8")
    leftover.chmod(0o644)

    Settings(clinic_name="Private").save(path)

    assert _mode(path) == 0o600
    assert Settings.load(path).clinic_name == "Private"


def test_save_to_default_place(tmp_path: Path) -> None:
    Settings(clinic_name="Default Place").save()
    path = tmp_path / "userdata" / "settings.json"
    assert _mode(path) == 0o600
    assert Settings.load().clinic_name == "Default Place"
