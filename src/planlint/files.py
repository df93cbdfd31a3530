"""Writing planlint's own output files: atomically, and never over a plan being linted."""

from __future__ import annotations

import os
import tempfile
from typing import Iterable


def write_atomically(path: str, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``:
    a reader (or a crash) sees the old file or the new one, never half of one.
    Raises OSError."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=".planlint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n", errors="backslashreplace") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def clashes_with(output: str, inputs: Iterable[str]) -> str | None:
    """The input file that ``output`` would overwrite, if any."""
    target = os.path.realpath(output)
    return next((path for path in inputs if os.path.realpath(path) == target), None)
