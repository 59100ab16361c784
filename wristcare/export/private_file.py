"""Writing a document the patient's data is in: owner-only, replaced whole.

Kept apart from the PDF page code so that saving a rendered PDF never imports ReportLab.
"""

from __future__ import annotations

import os
from pathlib import Path

from wristcare.config import PRIVATE_FILE_MODE
from wristcare.errors import WristCareError


def write_private(data: bytes, path: Path, error: type[WristCareError], what: str) -> None:
    """Write ``data`` to ``path`` owner-only, replaced whole: a half-written file is never
    left behind. ``error`` names the file and ``what`` it is when it cannot be written."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
        os.chmod(tmp, PRIVATE_FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as problem:
        tmp.unlink(missing_ok=True)
        raise error(f"Cannot save the {what} to {path}: {problem.strerror or problem}") from None
