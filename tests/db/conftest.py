"""A throwaway PostgreSQL server for the tests that need two real connections racing."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

SERVER_USER = "nobody"  # the server refuses to run as root


def _server_binaries() -> Path | None:
    """The folder with initdb and pg_ctl: on the PATH, or Debian's versioned folder."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(versions[0]).parent if versions else None


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A URL for a fresh PostgreSQL database, on a server that listens on a Unix socket
    in a temporary folder only (no network), started once for the run."""
    pytest.importorskip("psycopg")
    binaries = _server_binaries()
    if binaries is None:
        message = "no PostgreSQL server programs (initdb, pg_ctl) on this machine"
        # CI must really test PostgreSQL (the Makefile installs the server there).
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    as_root = os.geteuid() == 0
    run_as = {"user": SERVER_USER} if as_root else {}
    root = Path(tempfile.mkdtemp(prefix="wristcare-pg-"))
    root.chmod(0o755)
    if as_root:
        shutil.chown(root, user=SERVER_USER)
    data, socket = root / "data", root
    log = root / "server.log"

    def run(*command: str | Path) -> None:
        subprocess.run(
            [str(part) for part in command],
            check=True,
            capture_output=True,
            timeout=120,
            cwd=root,
            **run_as,  # type: ignore[arg-type]
        )

    run(
        binaries / "initdb",
        "-D",
        data,
        "-U",
        "wristcare",
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-sync",
        "--no-instructions",
    )
    options = f"-k {socket} -c listen_addresses='' -F"
    run(binaries / "pg_ctl", "-D", data, "-l", log, "-o", options, "-w", "start")
    try:
        import psycopg

        with psycopg.connect(
            host=str(socket), user="wristcare", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute("CREATE DATABASE wristcare_test")
        yield f"postgresql+psycopg://wristcare@/wristcare_test?host={socket}"
    finally:
        run(binaries / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)
