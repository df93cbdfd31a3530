"""Which files to lint: explicit files as given, directories searched for plans.

A folder search leaves out what the project excludes (``exclude`` /
``extend-exclude`` in configuration, ``--exclude`` / ``--extend-exclude``),
gitignore-style patterns relative to the configuration's folder, and what git
ignores (``.gitignore`` files from the repository's root down, read with
pathspec, the library that implements git's rules). A file named on the command
line is always linted, as in ruff.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

PLAN_SUFFIXES = (".plan.yaml", ".plan.yml")
#: Folders never searched unless ``exclude`` says otherwise: hidden ones (version
#: control among them), virtual environments, caches.
DEFAULT_EXCLUDE = (".*/", "node_modules/", "__pycache__/", "venv/", "site-packages/")


@dataclass(frozen=True)
class Exclusions:
    """What a folder search leaves out: ``patterns`` (gitignore syntax) relative to
    ``root``, and .gitignore files when ``gitignore`` is set."""

    patterns: tuple[str, ...] = DEFAULT_EXCLUDE
    root: str = "."
    gitignore: bool = True

    @classmethod
    def of(cls, exclude, extend_exclude, root: str, gitignore: bool = True) -> Exclusions:
        patterns = tuple(DEFAULT_EXCLUDE if exclude is None else exclude) + tuple(extend_exclude)
        return cls(patterns, os.path.abspath(root), gitignore)


@lru_cache(maxsize=256)
def _spec(lines: tuple[str, ...]):
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def _gitignore(folder: str):
    """The spec of ``folder``'s .gitignore, or None."""
    path = os.path.join(folder, ".gitignore")
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = tuple(handle.read(1024 * 1024).splitlines())
    except OSError:
        return None
    return _spec(lines) if lines else None


def _git_root(folder: str) -> str | None:
    for candidate in [folder, *_parents(folder)]:
        if os.path.exists(os.path.join(candidate, ".git")):
            return candidate
    return None


def _parents(folder: str):
    while True:
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        yield parent
        folder = parent


class _Ignored:
    """Answers "is this path left out?" while a folder is walked top-down."""

    def __init__(self, exclusions: Exclusions, top: str) -> None:
        self.exclusions = exclusions
        self.spec = _spec(exclusions.patterns)
        self.gitignores: dict[str, object] = {}
        if exclusions.gitignore:
            # The searched folder's own .gitignore, and those of its parents up to the
            # repository's root when it is inside one.
            chain = [top, *_parents(top)]
            root = _git_root(top)
            for folder in reversed(chain[: chain.index(root) + 1] if root in chain else chain[:1]):
                self._read(folder)

    def _read(self, folder: str) -> None:
        spec = _gitignore(folder)
        if spec is not None:
            self.gitignores[folder] = spec

    def entered(self, folder: str) -> None:
        if self.exclusions.gitignore:
            self._read(folder)

    def __call__(self, path: str, is_dir: bool) -> bool:
        absolute = os.path.abspath(path)
        suffix = "/" if is_dir else ""
        relative = os.path.relpath(absolute, self.exclusions.root)
        if not relative.startswith(".."):
            if self.spec.match_file(relative.replace(os.sep, "/") + suffix):
                return True
        elif self.spec.match_file(os.path.basename(absolute) + suffix):
            return True  # outside the configuration's folder: patterns without a slash still apply
        # The deepest .gitignore that has a say decides (a later file can re-include).
        for folder in sorted(
            (f for f in self.gitignores if absolute.startswith(f.rstrip(os.sep) + os.sep)), key=len, reverse=True
        ):
            verdict = self.gitignores[folder].check_file(os.path.relpath(absolute, folder).replace(os.sep, "/") + suffix).include
            if verdict is not None:
                return verdict
        return False


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


def discover(paths: list[str], exclusions=None) -> Discovery:
    """Explicit files are linted whatever their name (the spec lints any .yaml
    passed explicitly); directories are searched recursively for *.plan.yaml and
    *.plan.yml, skipping hidden folders. Each file is listed once, in a stable order.

    A folder search never leaves the folder: a symbolic link whose target is
    outside it is skipped (with a note), and folder links are not followed. A
    sub-folder that cannot be read is a problem, not a silent gap. Anything
    that is not a regular file (a FIFO, a device) is refused: reading it would
    block the run or never end.

    ``exclusions``: an :class:`Exclusions`, or a function from a searched folder to
    the one that applies there (its configuration's); None: the defaults.
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
            rules = exclusions(path) if callable(exclusions) else exclusions
            ignored = _Ignored(rules or Exclusions(root=os.path.abspath(path)), os.path.abspath(path))
            for root, dirs, names in os.walk(path, onerror=unreadable):
                if root != path:
                    ignored.entered(os.path.abspath(root))
                dirs[:] = sorted(d for d in dirs if not ignored(os.path.join(root, d), True))
                for name in sorted(names):
                    if not is_plan_file(name):
                        continue
                    full = os.path.join(root, name)
                    if ignored(full, False):
                        continue
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
