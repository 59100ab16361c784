"""Where data lives, which database opens, and the user's settings file."""

from __future__ import annotations

import json
import stat
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wristcare import config
from wristcare.config import Settings, default_db_url, resolve_db_url
from wristcare.setting import declaration, declared, load_json, to_json


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
                "patients_page_size": True,  # a bool is not a number
                "last_practitioner_id": 3,  # the one good value is kept
                "unknown_key": "ignored",
            }
        ),
        encoding="utf-8",
    )
    settings = Settings.load(path)
    assert settings == Settings(last_practitioner_id=3)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("patients_page_size", 0),
        ("patients_page_size", -8),
        ("last_practitioner_id", -1),
        ("patients_page_size", 0),
        ("patients_page_size", 10**9),
    ],
)
def test_out_of_range_numbers_fall_back(tmp_path: Path, name: str, value: int) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({name: value}), encoding="utf-8")
    assert Settings.load(path) == Settings()


def test_every_setting_is_declared_with_an_acceptable_default() -> None:
    declarations = declared(Settings)
    assert set(declarations) == {f.name for f in fields(Settings)}
    for name, spec in declarations.items():
        assert spec.accepts(getattr(Settings(), name)), name
        assert spec.low is not None and spec.high is not None, name


_PAGE_SIZE = declaration(Settings, "patients_page_size")
_LAST_ID = declaration(Settings, "last_practitioner_id")
valid_settings = st.builds(
    Settings,
    patients_page_size=st.integers(_PAGE_SIZE.low, _PAGE_SIZE.high),
    last_practitioner_id=st.integers(_LAST_ID.low, _LAST_ID.high),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=10,
)


@settings(database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(valid_settings)
def test_every_valid_settings_round_trips_through_the_file(tmp_path: Path, value: Settings) -> None:
    path = tmp_path / "settings.json"
    value.save(path)
    assert Settings.load(path) == value
    assert load_json(Settings, to_json(value)) == value


@settings(database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.dictionaries(
        st.sampled_from(["patients_page_size", "last_practitioner_id"]) | st.text(),
        json_values | st.integers(-(2**70), 2**70),
    )
)
def test_any_json_object_loads_each_value_or_its_default(tmp_path: Path, data: dict) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    loaded = Settings.load(path)
    for name, spec in declared(Settings).items():
        value = data.get(name)
        expected = value if type(value) is int and spec.low <= value <= spec.high else spec.default
        assert getattr(loaded, name) == expected


@settings(database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary() | json_values.map(lambda value: json.dumps(value).encode()))
def test_any_file_content_loads_without_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    loaded = Settings.load(path)
    assert all(spec.accepts(getattr(loaded, n)) for n, spec in declared(Settings).items())


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "settings.json"
    settings = Settings(last_practitioner_id=5, patients_page_size=50)

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

    Settings(patients_page_size=42).save(path)

    assert _mode(path) == 0o600
    assert Settings.load(path).patients_page_size == 42


def test_save_to_default_place(tmp_path: Path) -> None:
    Settings(patients_page_size=43).save()
    path = tmp_path / "userdata" / "settings.json"
    assert _mode(path) == 0o600
    assert Settings.load().patients_page_size == 43


def _write(path: Path, values: dict) -> None:
    import json

    path.write_text(json.dumps(values), encoding="utf-8")


def test_clinic_values_of_an_older_file_are_read(tmp_path: Path) -> None:
    from wristcare.config import file_clinic_values

    path = tmp_path / "settings.json"
    _write(path, {"practitioner_name": " Dr Lee ", "clinic_name": "Wrist Clinic",
                  "retention_years_adult": 10, "retention_child_until_age": 26,
                  "patients_page_size": 50})  # fmt: skip
    assert file_clinic_values(path) == {
        "practitioner_name": "Dr Lee",
        "clinic_name": "Wrist Clinic",
        "retention_years_adult": 10,
        "retention_child_until_age": 26,
    }


@pytest.mark.parametrize("name", ["x" * 100_003, "Dr\x00Lee", "Dr \ud800", "   ", 42, True])
def test_unstorable_practitioner_names_in_an_older_file_are_left(
    tmp_path: Path, name: object
) -> None:
    from wristcare.config import file_clinic_values

    path = tmp_path / "settings.json"
    _write(path, {"practitioner_name": name, "retention_years_adult": 0})
    assert file_clinic_values(path) == {}


def test_saving_keeps_the_older_clinic_values_in_the_file(tmp_path: Path) -> None:
    from wristcare.config import file_clinic_values

    path = tmp_path / "settings.json"
    _write(path, {"practitioner_name": "Dr Lee", "retention_years_adult": 10})
    Settings(last_practitioner_id=7).save(path)
    assert file_clinic_values(path) == {"practitioner_name": "Dr Lee", "retention_years_adult": 10}
    assert Settings.load(path).last_practitioner_id == 7


def test_machine_time_zone_is_an_iana_name_or_none(monkeypatch: pytest.MonkeyPatch) -> None:
    from zoneinfo import available_timezones

    from wristcare.config import machine_time_zone

    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    assert machine_time_zone() == "Pacific/Kiritimati"
    monkeypatch.setenv("TZ", "Not/AZone")
    assert machine_time_zone() in available_timezones() | {None}


@pytest.mark.parametrize("value", ["10", 10.0, None, [10], {"years": 10}, 0, 101])
def test_unusable_periods_in_an_older_file_are_left(tmp_path: Path, value: object) -> None:
    # A period written as text once raised KeyError; any such value is simply left behind.
    path = tmp_path / "settings.json"
    _write(path, {"retention_years_adult": value, "retention_child_until_age": value})
    assert config.file_clinic_values(path) == {}
