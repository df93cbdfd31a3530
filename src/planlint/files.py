"""Reading and writing files safely.

Reading: regular files only (a FIFO or a device would block the run or never
end), and never more than a cap. Writing: a report goes to a temporary file
beside its destination and is renamed over it only when complete, so a failure
leaves the previous report as it was.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable

from planlint.limits import MAX_SETTINGS_BYTES


class FileProblem(OSError):
    """A file that cannot be used; the message says why, with its path."""


def read_regular(path: str | os.PathLike, limit: int, what: str = "file", *, follow_symlinks: bool = True) -> bytes:
    """At most ``limit + 1`` bytes of the regular file at ``path`` (the caller
    decides what one byte too many means); FileProblem for anything else: a
    folder, a FIFO, a device, and with ``follow_symlinks=False`` a symbolic link."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below.
        descriptor = os.open(path, flags)
    except OSError as exc:
        if not follow_symlinks and exc.errno == errno.ELOOP:
            raise FileProblem(f"cannot read {what} {os.fsdecode(path)}: a symbolic link, not followed") from None
        raise FileProblem(f"cannot read {what} {os.fsdecode(path)}: {exc.strerror}") from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise FileProblem(f"cannot read {what} {os.fsdecode(path)}: not a regular file (a folder, a pipe or a device)")
        handle = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with handle:
        try:
            # What the file holds, not what the limit allows, is allocated (a limit of
            # a gigabyte must not cost a gigabyte per file); a file that grew is read on.
            data = handle.read(min(limit, status.st_size) + 1)
            if len(data) <= limit and len(data) == status.st_size + 1:
                data += handle.read(limit + 1 - len(data))
            return data
        except OSError as exc:
            raise FileProblem(f"cannot read {what} {os.fsdecode(path)}: {exc.strerror}") from None


def read_settings_text(path: str | os.PathLike, what: str) -> str:
    """A configuration or catalog file as text: regular, at most 1 MiB, UTF-8."""
    raw = read_regular(path, MAX_SETTINGS_BYTES, what)
    if len(raw) > MAX_SETTINGS_BYTES:
        raise FileProblem(f"cannot read {what} {os.fsdecode(path)}: larger than {MAX_SETTINGS_BYTES // 1024} KiB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"cannot read {what} {os.fsdecode(path)}: not UTF-8 text (byte 0x{raw[exc.start : exc.start + 1].hex()} at offset {exc.start})"
        ) from None


def write_atomically(path: str, data: bytes) -> None:
    """Replace the regular file at ``path`` with ``data``, or leave it as it was.

    A destination that exists and is not a regular file (``/dev/stdout``, a
    pipe) is written in place: it cannot be replaced, only written to. A
    symbolic link is followed: its target changes, the link stays. The file
    keeps its permissions.
    """
    if os.path.islink(path):
        path = os.path.realpath(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with open(path, "wb") as handle:
            handle.write(data)
        return
    folder = os.path.dirname(os.path.abspath(path))
    import tempfile  # only when writing: it imports shutil and random

    descriptor, temporary = tempfile.mkstemp(prefix=".planlint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, stat.S_IMODE(mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def same_file(a: str, b: str) -> bool:
    """``a`` and ``b`` name the same existing file (through links or different spellings)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def clashes_with(output: str, inputs: Iterable[str]) -> str | None:
    """The input file that writing ``output`` would overwrite, if any."""
    return next((path for path in inputs if same_file(output, path)), None)


def package_text(relative: str) -> str:
    """The text of one of planlint's own data files (``data/plan.schema.json``). Read
    through the package's loader, as ``pkgutil.get_data`` does (a folder or a zip
    archive), without importing ``importlib.resources`` (zipfile and pathlib, a few
    milliseconds of every run); other loaders go through importlib.resources."""
    import planlint

    loader = getattr(planlint, "__loader__", None)
    folder = os.path.dirname(getattr(planlint, "__file__", None) or "")
    if folder and hasattr(loader, "get_data"):
        try:
            return loader.get_data(os.path.join(folder, *relative.split("/"))).decode("utf-8")
        except OSError:
            pass
    from importlib import resources

    return resources.files("planlint").joinpath(relative).read_text(encoding="utf-8")
