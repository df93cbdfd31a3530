"""Which files to lint: explicit files as given, directories searched for plans."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

PLAN_SUFFIXES = (".plan.yaml", ".plan.yml")
#: Folders never searched: version control, virtual environments, caches.
SKIPPED_DIRS = {"node_modules", "__pycache__", "venv", ".venv", "site-packages"}


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: Said on standard error, but not problems: symbolic links left alone.
    notes: list[str] = field(default_factory=list)


def is_plan_file(name: str) -> bool:
    return name.lower().endswith(PLAN_SUFFIXES)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def discover(paths: list[str]) -> Discovery:
    """Explicit files are linted whatever their name (the spec lints any .yaml
    passed explicitly); directories are searched recursively for *.plan.yaml and
    *.plan.yml, skipping hidden folders. Each file is listed once, in a stable order.

    A folder search never leaves the folder: a symbolic link whose target is
    outside it is skipped (with a note), and folder links are not followed. A
    sub-folder that cannot be read is a problem, not a silent gap. Anything
    that is not a regular file (a FIFO, a device) is refused: reading it would
    block the run or never end.
    """
    found = Discovery()
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    def unreadable(error: OSError) -> None:
        found.problems.append(f"{os.fsdecode(error.filename or '?')}: cannot read the folder: {error.strerror}")

    for path in paths:
        if os.path.isdir(path):
            plans = 0
            tree = os.path.realpath(path)
            for root, dirs, names in os.walk(path, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
                for name in sorted(names):
                    if not is_plan_file(name):
                        continue
                    full = os.path.join(root, name)
                    if os.path.islink(full) and not _inside(os.path.realpath(full), tree):
                        found.notes.append(f"{full}: skipped: a symbolic link to a file outside {path}")
                        continue
                    # Only regular files: a FIFO or device named like a plan would block the run.
                    if os.path.isfile(full):
                        plans += 1
                        add(full)
            if plans == 0:
                found.problems.append(f"{path}: no plan files found (looked for *.plan.yaml and *.plan.yml)")
        elif os.path.exists(path):
            if os.path.isfile(path):
                add(path)
            else:
                found.problems.append(f"{path}: not a regular file (a pipe or a device); planlint reads plan files only")
        else:
            found.problems.append(f"{path}: no such file or directory")
    return found
