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


def is_plan_file(name: str) -> bool:
    return name.lower().endswith(PLAN_SUFFIXES)


def discover(paths: list[str]) -> Discovery:
    """Explicit files are linted whatever their name (the spec lints any .yaml
    passed explicitly); directories are searched recursively for *.plan.yaml and
    *.plan.yml, skipping hidden folders. Each file is listed once, in a stable order."""
    found = Discovery()
    seen: set[str] = set()

    def add(path: str) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for path in paths:
        if os.path.isdir(path):
            plans = 0
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
                for name in sorted(names):
                    full = os.path.join(root, name)
                    # Only regular files: a FIFO or device named like a plan would block the run.
                    if is_plan_file(name) and os.path.isfile(full):
                        plans += 1
                        add(full)
            if plans == 0:
                found.problems.append(f"{path}: no plan files found (looked for *.plan.yaml and *.plan.yml)")
        elif os.path.exists(path):
            add(path)
        else:
            found.problems.append(f"{path}: no such file or directory")
    return found
