"""The wheel, installed in a fresh virtual environment, works: package data included."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _listed_packages() -> set[str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return set(tomllib.load(handle)["tool"]["setuptools"]["packages"])


def _packages_on_disk() -> set[str]:
    code = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "wristcare").rglob("__init__.py")
    }
    data = {
        ".".join(("wristcare", *folder.relative_to(ROOT).parts))
        for folder in (ROOT / "resources", *(ROOT / "resources").rglob("*"))
        if folder.is_dir() and folder.name != "__pycache__"
    }
    return code | data


def test_every_package_and_data_folder_is_in_the_wheel_configuration() -> None:
    assert _listed_packages() == _packages_on_disk()


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_the_installed_wheel_runs_demo_and_check(tmp_path: Path) -> None:
    # Built from a copy, so that the build leaves nothing in the checkout.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("wristcare", "resources"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(ROOT / name, source / name)
    pip = (sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input")
    _run(
        *pip,
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "-w",
        "dist",
        source,
        cwd=tmp_path,
    )
    (wheel,) = (tmp_path / "dist").glob("wristcare-*.whl")

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    _run(*pip, "--python", python, "install", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    # The dependencies (SQLAlchemy, Alembic, ...) come from the test environment, read as
    # plain folders: its editable WristCare is not installed there.
    site = Path(
        _run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
        ).strip()
    )
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("WRISTCARE_RESOURCES", "PYTHONPATH", "WRISTCARE_DB_URL")
    }
    env["WRISTCARE_DATA_DIR"] = str(tmp_path / "data")
    where = _run(
        python,
        "-c",
        "import wristcare, wristcare.config as c\n"
        "print(wristcare.__file__)\nprint(c.resources_dir())",
        cwd=tmp_path,
        env=env,
    ).splitlines()
    assert all(Path(line).is_relative_to(site) for line in where), where

    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    command = venv / "bin" / "wristcare"
    out = _run(command, "demo", "--patients", "5", "--db", url, cwd=tmp_path, env=env)
    assert out.startswith("added 5 demo patients")
    out = _run(command, "check", "--db", url, cwd=tmp_path, env=env)
    assert out.splitlines()[-1] == "ok"
