"""Which files to lint: explicit files as given, directories searched for plans.

A folder search leaves out what the project excludes (``exclude`` /
``extend-exclude`` in configuration, ``--exclude`` / ``--extend-exclude``),
gitignore-style patterns relative to the configuration's folder, and what git
ignores (``.gitignore`` files from the repository's root down). Both are
matched by :mod:`planlint.gitignore` (git's rules, in time linear in the path).
A file named on the command line is always linted, as in ruff, unless
``force_exclude`` (``--force-exclude``, ``force-exclude = true``; what the
pre-commit hook passes): then it is selected as a folder search would select
it (left out when the exclude settings leave it out, or when it is not a plan).

A plan is a ``*.plan.yaml`` / ``*.plan.yml`` file, or any ``.yaml`` / ``.yml``
file with a top-level ``planlint:`` key in its first :data:`HEAD_BYTES` bytes
(:func:`has_planlint_key`; the same test the language server applies). Only
those bytes are read to decide: a folder of other YAML costs one small read
per file, never a parse.

A repository under review supplies its tree and its ``.gitignore`` files, so
the search is built for hostile ones: it is iterative (a tree 1,500 folders
deep is searched like any other), a path is checked against the ``.gitignore``
files of its own folders only (not every one read so far), and a
``.gitignore`` is read with the rules plans are read with: a regular file (a
FIFO, a device or a symbolic link is not read; git does not follow a linked
``.gitignore`` either) of at most :data:`MAX_GITIGNORE_BYTES`; one that is
not read is said in a note, and then more files are linted, never fewer.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

from planlint.errors import ConfigError
from planlint.files import FileProblem, read_regular
from planlint.gitignore import PatternError, PatternList
from planlint.limits import MAX_GITIGNORE_BYTES

PLAN_SUFFIXES = (".plan.yaml", ".plan.yml")
YAML_SUFFIXES = (".yaml", ".yml")
#: How much of a ``.yaml`` file not named like a plan is read to find a top-level
#: ``planlint:`` key (plans start with it, after a comment block at most).
HEAD_BYTES = 4096
_PLANLINT_KEY = re.compile(rb"(?:\A|[\r\n])(?:\xef\xbb\xbf)?planlint[ \t]*:")
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
def _settings_patterns(patterns: tuple[str, ...]) -> PatternList:
    """The configured patterns, compiled once; a malformed one is a configuration error."""
    try:
        return PatternList.from_settings(patterns)
    except PatternError as exc:
        raise ConfigError(f"exclude: {exc}") from None


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


#: The .gitignore files that have a say in a folder, deepest first: (where paths
#: relative to the file's folder start, its patterns, the next one up), or None.
_Chain = tuple  # tuple[int, PatternList, "_Chain | None"]


class _Ignored:
    """Answers "is this path left out?" while a folder is walked top-down."""

    def __init__(self, exclusions: Exclusions, top: str, notes: list[str]) -> None:
        self.exclusions = exclusions
        self.settings = _settings_patterns(tuple(exclusions.patterns))
        root = os.fsencode(os.path.abspath(exclusions.root))
        self.root = root if root.endswith(b"/") else root + b"/"
        self.notes = notes
        self.top: _Chain | None = None
        if exclusions.gitignore:
            # The searched folder's own .gitignore, and those of its parents up to the
            # repository's root when it is inside one.
            chain = [top, *_parents(top)]
            root_folder = _git_root(top)
            for folder in reversed(chain[: chain.index(root_folder) + 1] if root_folder in chain else chain[:1]):
                self.top = self.entered(folder, self.top)

    def entered(self, folder: str, chain: _Chain | None) -> _Chain | None:
        """The chain for ``folder`` (absolute): its parent's, and its own .gitignore if it has one."""
        if not self.exclusions.gitignore:
            return chain
        path = os.path.join(folder, ".gitignore")
        try:
            os.lstat(path)
        except OSError:
            return chain  # none (or nothing git could read either)
        try:
            data = read_regular(path, MAX_GITIGNORE_BYTES, "the .gitignore", follow_symlinks=False)
        except FileProblem as exc:
            self.notes.append(f"{exc}; its patterns are not applied")
            return chain
        if len(data) > MAX_GITIGNORE_BYTES:
            self.notes.append(
                f"{path}: larger than {MAX_GITIGNORE_BYTES // (1024 * 1024)} MiB, not read; its patterns are not applied"
            )
            return chain
        patterns = PatternList.parse(data)
        if not patterns:
            return chain
        start = len(os.fsencode(folder).rstrip(b"/")) + 1
        return (start, patterns, chain)

    def __call__(self, path: bytes, name_start: int, is_dir: bool, chain: _Chain | None) -> bool:
        """``path``: absolute, as bytes; its name starts at ``name_start``."""
        if path.startswith(self.root):
            if self.settings.verdict(path, name_start, len(self.root), is_dir):
                return True
        elif self.settings.verdict(path, name_start, name_start, is_dir, names_only=True):
            return True  # outside the configuration's folder: patterns without a slash still apply
        # The deepest .gitignore that has a say decides (a later file can re-include).
        while chain is not None:
            start, patterns, chain = chain
            verdict = patterns.verdict(path, name_start, start, is_dir)
            if verdict is not None:
                return verdict
        return False


@dataclass
class Discovery:
    """The files a search found, and what it could not read or left out."""

    files: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: Said on standard error, but not problems: symbolic links left alone.
    notes: list[str] = field(default_factory=list)
    #: Files named on the command line that ``force_exclude`` left out.
    skipped: list[str] = field(default_factory=list)
    #: The folders listed, as named (the whole-run cache watches them).
    folders: list[str] = field(default_factory=list)


def is_plan_file(name: str) -> bool:
    return name.lower().endswith(PLAN_SUFFIXES)


def has_planlint_key(head: bytes | str) -> bool:
    """Whether the start of a YAML file (at most :data:`HEAD_BYTES` are looked at)
    has a top-level ``planlint:`` key: at the start of a line, not indented."""
    if isinstance(head, str):
        head = head[:HEAD_BYTES].encode("utf-8", "surrogatepass")
    return _PLANLINT_KEY.search(head[:HEAD_BYTES]) is not None


def is_plan(path: str, name: str | None = None) -> bool:
    """A plan by its name, or a ``.yaml``/``.yml`` regular file whose first bytes hold
    a top-level ``planlint:`` key (a file that cannot be read is not one)."""
    name = os.path.basename(path) if name is None else name
    if is_plan_file(name):
        return True
    if not name.lower().endswith(YAML_SUFFIXES):
        return False
    try:
        head = read_regular(path, HEAD_BYTES, "the file")
    except FileProblem:
        return False
    return has_planlint_key(head)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def discover(paths: list[str], exclusions=None, force_exclude=False) -> Discovery:
    """Explicit files are linted whatever their name (the spec lints any .yaml
    passed explicitly); directories are searched for *.plan.yaml and
    *.plan.yml and for .yaml/.yml files with a top-level ``planlint:`` key
    (:func:`is_plan`), skipping hidden folders. Each file is listed once, in a stable
    order (a folder's plans by name, then its sub-folders by name).

    A folder search never leaves the folder: a symbolic link whose target is
    outside it is skipped (with a note), and folder links are not followed. A
    sub-folder that cannot be read is a problem, not a silent gap. Anything
    that is not a regular file (a FIFO, a device) is refused: reading it would
    block the run or never end.

    ``exclusions``: an :class:`Exclusions`, or a function from a searched folder to
    the one that applies there (its configuration's); None: the defaults. A
    malformed configured pattern raises ConfigError.

    ``force_exclude``: a bool, or a function from a file's folder to one (its
    configuration's ``force-exclude``); when true, a named file that the exclude
    settings leave out, or that is not a plan, is skipped (listed in ``skipped``).
    """
    found = Discovery()
    seen: set = set()

    def add(path: str, identity=None) -> None:
        key = identity if identity is not None else _identity(path)
        if key not in seen:
            seen.add(key)
            found.files.append(path)

    for path in paths:
        if os.path.isdir(path):
            rules = exclusions(path) if callable(exclusions) else exclusions
            rules = rules or Exclusions(root=os.path.abspath(path))
            if _search(path, rules, found, add) == 0:
                found.problems.append(f"{path}: {_nothing_found(path, rules)}")
        elif os.path.exists(path):
            if os.path.isfile(path):
                folder = os.path.dirname(path) or "."
                forced = force_exclude(folder) if callable(force_exclude) else force_exclude
                if forced:
                    rules = exclusions(folder) if callable(exclusions) else exclusions
                    if not is_plan(path) or _excluded(path, rules or Exclusions(root=os.path.abspath(folder))):
                        found.skipped.append(path)
                        continue
                add(path)
            else:
                found.problems.append(f"{path}: not a regular file (a pipe or a device); planlint reads plan files only")
        else:
            found.problems.append(f"{path}: no such file or directory")
    return found


_LOOKED_FOR = "looked for *.plan.yaml, *.plan.yml and .yaml files with a top-level planlint: key"


def _nothing_found(path: str, exclusions: Exclusions) -> str:
    """Why a folder gave no plan: none there, or all of them excluded (counted by a
    second search without the project's exclusions; only on this error path)."""
    everything = Discovery()
    total = _search(path, Exclusions(DEFAULT_EXCLUDE, exclusions.root, False), everything, lambda *_: None)
    if total == 0:
        return f"no plan files found ({_LOOKED_FOR})"
    plans = f"{total} plan file{'s' if total != 1 else ''}"
    return (
        f"no plan files to check: {plans} found, all excluded (exclude / extend-exclude settings or .gitignore); "
        "name a file to lint it anyway, or change the exclude settings"
    )


def _excluded(path: str, exclusions: Exclusions) -> bool:
    """Whether a folder search from the configuration's folder would leave the file out:
    the file or one of its folders matches the exclude settings (default ones included)
    or a .gitignore, read folder by folder as the search reads them."""
    absolute = os.path.abspath(path)
    root = exclusions.root.rstrip(os.sep) or os.sep
    inside = _inside(absolute, root) and absolute != root
    ignored = _Ignored(exclusions, root if inside else os.path.dirname(absolute), [])
    chain = ignored.top
    if inside:
        current = root
        for part in os.path.relpath(os.path.dirname(absolute), root).split(os.sep):
            if part in ("", "."):
                continue
            current = os.path.join(current, part)
            full = os.fsencode(current)
            if ignored(full, len(full) - len(os.fsencode(part)), True, chain):
                return True
            chain = ignored.entered(current, chain)
    full = os.fsencode(absolute)
    return ignored(full, len(full) - len(os.fsencode(os.path.basename(absolute))), False, chain)


def _identity(path: str):
    """What makes two paths the same file: its device and inode (one system call,
    where a real path costs one per folder of a deep tree)."""
    try:
        status = os.stat(path)
        return (status.st_dev, status.st_ino)
    except OSError:
        return os.path.realpath(path)


def _search(top: str, exclusions: Exclusions, found: Discovery, add) -> int:
    """Search the folder ``top`` depth first without recursion; the number of plans found."""
    plans = 0
    tree = os.path.realpath(top)
    top_absolute = os.path.abspath(top)
    ignored = _Ignored(exclusions, top_absolute, found.notes)
    stack = [(top, os.fsencode(top_absolute), ignored.top)]
    while stack:
        folder, absolute, chain = stack.pop()
        if folder != top:
            chain = ignored.entered(os.fsdecode(absolute), chain)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            found.problems.append(f"{folder}: cannot read the folder: {exc.strerror}")
            continue
        found.folders.append(folder)
        folders = []
        for entry in entries:
            name = os.fsencode(entry.name)
            full = absolute + b"/" + name
            name_start = len(full) - len(name)
            if entry.is_dir(follow_symlinks=False):
                if not ignored(full, name_start, True, chain):
                    folders.append((entry.path, full, chain))
                continue
            named_plan = is_plan_file(entry.name)
            if (not named_plan and not entry.name.lower().endswith(YAML_SUFFIXES)) or ignored(full, name_start, False, chain):
                continue
            if entry.is_symlink() and not _inside(os.path.realpath(entry.path), tree):
                found.notes.append(f"{entry.path}: skipped: a symbolic link to a file outside {top}")
                continue
            # Only regular files: a FIFO or device named like a plan would block the run.
            try:
                if not entry.is_file():
                    continue
                status = entry.stat()
            except OSError:
                continue
            if not named_plan and not is_plan(entry.path, entry.name):
                continue  # a .yaml file without a top-level planlint: key: not a plan
            plans += 1
            add(entry.path, (status.st_dev, status.st_ino))
        stack.extend(reversed(folders))
    return plans
