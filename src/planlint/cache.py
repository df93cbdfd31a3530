"""The findings cache: a file whose bytes, configuration and tools have not changed is not linted again.

Content-addressed: an entry's key is a hash of the file's path and bytes, the
token of its effective settings (configuration, rule options, exercise
catalogs' content; see ``engine.FileSettings.token``) and the *tool salt*
(planlint's and every loaded plugin's version, and the size and modification
time of every file of their packages and distributions, so that editing any
module of a plugin, installed or editable, invalidates).

It trusts nothing it finds, because a repository under review may ship a
cache folder, and a shared machine may hold someone else's:

- **Where**: a per-user folder outside any checkout by default
  (``$XDG_CACHE_HOME/planlint``, ``~/.cache/planlint``; ``~/Library/Caches/planlint``
  on macOS), or ``$PLANLINT_CACHE_DIR``. A plain ``planlint check`` writes
  nothing inside the tree it lints.
- **Authenticated**: each entry carries a keyed digest (HMAC-SHA256) of the key
  the *reader* computed and of its body, under a per-user secret kept in the
  per-user folder (never in ``$PLANLINT_CACHE_DIR``, which could be inside a
  checkout); its file name is a keyed digest too. An entry written by anyone
  without the secret (committed to a repository, copied from another machine)
  is a miss, and so is one that does not verify, parse or type-check: never
  a crash, never a finding that was not computed.
- **No link followed, nothing outside it touched**: every folder and file
  below the cache folder is opened relative to its parent's descriptor with
  ``O_NOFOLLOW`` (files created with ``O_EXCL``, renamed into place); a cache
  folder or shard that is a symbolic link, not owned by the user, or
  writable by others is not used; pruning deletes only entry files it listed
  itself, by name, relative to the shard it opened without following links.

Where the platform lacks these calls (``dir_fd``, ``O_NOFOLLOW``: Windows), or
the folder cannot be used, linting goes on without the cache
(:attr:`FindingsCache.refused` says why).
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import re
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from planlint.limits import MAX_ENTRIES, MAX_ENTRY_BYTES

if TYPE_CHECKING:  # pragma: no cover
    from planlint.edits import Fix
    from planlint.findings import Finding, RulesRun, Severity

# Finding, Span and Fix are imported where an entry is read: the whole-run cache
# (planlint.runcache) uses this module's safe file operations before any of the
# linter is imported.

#: Names another folder for the cache (the secret stays in the per-user folder).
CACHE_DIR_VARIABLE = "PLANLINT_CACHE_DIR"
FORMAT = "v2"
SECRET_NAME = "secret"
SECRET_BYTES = 32
_ENTRY_NAME = re.compile(r"^[0-9a-f]{64}\.entry$")
_SHARD_NAME = re.compile(r"^[0-9a-f]{2}$")
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# planlint's findings cache; see https://bford.info/cachedir/\n"

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
#: Everything the safe operations need; without it the cache is not used.
SUPPORTED = bool(
    _O_NOFOLLOW
    and _O_DIRECTORY
    and {os.open, os.mkdir, os.unlink, os.rename, os.stat, os.link} <= os.supports_dir_fd
    and os.scandir in os.supports_fd
)


class CacheRefused(Exception):
    """The cache folder (or the secret) cannot be used safely; the message says why."""


def user_cache_folder() -> Path | None:
    """The per-user cache folder (the default cache, and where the secret is kept)."""
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return Path(base) / "planlint"
    home = os.path.expanduser("~")
    if not home or home == "~":
        return None
    if sys.platform == "darwin":
        return Path(home) / "Library" / "Caches" / "planlint"
    return Path(home) / ".cache" / "planlint"


def default_directory() -> Path | None:
    """``$PLANLINT_CACHE_DIR``, else the per-user cache folder (None: no home folder)."""
    chosen = os.environ.get(CACHE_DIR_VARIABLE)
    return Path(chosen) if chosen else user_cache_folder()


# --------------------------------------------------------------------------- the tool salt


def tool_salt(versions: Iterable[tuple[str, str, str]], locations: Iterable[str]) -> str:
    """planlint's and the plugins' (name, distribution, version), and the size and
    modification time of every file at ``locations`` (files, or folders walked
    whole, ``__pycache__`` aside)."""
    digest = hashlib.sha256(FORMAT.encode())
    for item in sorted(versions):
        digest.update("\0".join(item).encode("utf-8", "backslashreplace") + b"\1")
    for location in sorted(set(locations)):
        for path in _files_at(location):
            try:
                status = os.stat(path)
            except OSError:
                continue
            digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\1".encode("utf-8", "backslashreplace"))
    return digest.hexdigest()


def _files_at(location: str) -> list[str]:
    if os.path.isfile(location):
        return [location]
    found = []
    for root, dirs, names in os.walk(location):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found.extend(os.path.join(root, name) for name in sorted(names))
    return found


def plugin_locations(module, distribution: str | None, metadata_folder: str | None = None) -> list[str]:
    """Every file a plugin's code can come from: its top-level package (or module),
    which covers an editable install, and every file its distribution installed
    (its ``RECORD``, read from ``metadata_folder`` when known, else found with
    importlib.metadata)."""
    locations = []
    top = sys.modules.get((getattr(module, "__name__", "") or "").split(".")[0])
    for holder in (top, module):
        where = getattr(holder, "__file__", None)
        if where:
            locations.append(os.path.dirname(where) if os.path.basename(where) == "__init__.py" else where)
            break
    if metadata_folder is not None:
        return locations + _recorded_files(metadata_folder)
    if distribution and distribution not in ("?", "(registered)"):
        from importlib import metadata

        try:
            dist = metadata.distribution(distribution)
        except metadata.PackageNotFoundError:
            return locations
        for file in dist.files or ():
            if "__pycache__" not in file.parts:
                locations.append(str(dist.locate_file(file)))
    return locations


def _recorded_files(metadata_folder: str) -> list[str]:
    """The files a ``RECORD`` (or an egg's ``installed-files.txt``) lists, with the metadata
    folder itself (a distribution without a record: its metadata folder only)."""
    import csv

    base = os.path.dirname(metadata_folder)
    found = [metadata_folder]
    try:
        with open(os.path.join(metadata_folder, "RECORD"), encoding="utf-8", errors="replace", newline="") as handle:
            rows = [row[0] for row in csv.reader(handle) if row]
    except OSError:
        try:
            with open(os.path.join(metadata_folder, "installed-files.txt"), encoding="utf-8", errors="replace") as handle:
                base = metadata_folder
                rows = [line.strip() for line in handle if line.strip()]
        except OSError:
            return found
    for row in rows:
        if "__pycache__" not in row.replace("\\", "/").split("/"):
            found.append(os.path.normpath(os.path.join(base, row)))
    return found


# --------------------------------------------------------------------------- the cache


class FindingsCache:
    def __init__(
        self, directory: Path | None, salt: str, max_entries: int = MAX_ENTRIES, secret_folder: Path | None = None
    ) -> None:
        self.directory = Path(directory) if directory is not None else None
        self.salt = salt
        self.max_entries = max_entries
        self.secret_folder = secret_folder if secret_folder is not None else user_cache_folder()
        self.written = 0
        self.usable = SUPPORTED and self.directory is not None and self.secret_folder is not None
        #: Why the cache is not used (None while it is): for a note on standard error.
        self.refused: str | None = None if self.usable else "this platform or environment cannot keep it safely"
        self._secret: bytes | None = None
        self._root: int | None = None  # the entries' folder, opened once (forked workers share it)
        self._shards: dict[str, int] = {}  # shard folders, opened once each

    # -- keys --------------------------------------------------------------------

    def key(self, path: str, raw: bytes, token: str) -> str:
        digest = hashlib.sha256()
        for part in (self.salt, token, path):
            digest.update(part.encode("utf-8", "backslashreplace") + b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def _name(self, key: str) -> tuple[str, str]:
        """(shard, file name) of ``key``'s entry: a keyed digest, so nobody without the
        secret can even name the file."""
        name = hmac.new(self._secret, b"name\0" + key.encode(), hashlib.sha256).hexdigest()
        return name[:2], f"{name}.entry"

    def _mac(self, key: str, body: bytes) -> bytes:
        return hmac.new(self._secret, b"entry\0" + key.encode() + b"\0" + body, hashlib.sha256).hexdigest().encode()

    # -- reading and writing -----------------------------------------------------

    def get(self, key: str):
        """The cached ``(findings, rules_skipped, fail_on, rules_run)`` for ``key``, or None."""
        if not self._open():
            return None
        shard, name = self._name(key)
        try:
            data = _read_entry(self._root, shard, name)
        except OSError:
            return None  # absent, or not a regular file of ours
        mac, _, body = data.partition(b"\n")
        if not hmac.compare_digest(mac, self._mac(key, body)):
            # Not written with this secret for this key: never believed. Entries are
            # written once, never replaced (below), so a torn one is removed here
            # (by name, in the shard opened without following links) to be written again.
            if len(mac) == 64 and len(body) != 0:
                try:
                    os.unlink(name, dir_fd=self._shard(shard))
                except (OSError, CacheRefused):
                    pass
            return None
        from planlint.findings import RulesRun, Severity

        try:
            document = json.loads(body)
            findings = [_finding(item) for item in document["findings"]]
            run = document["rules_run"]
            rules_run = None if run is None else RulesRun.from_dict(run)
            return findings, bool(document["rules_skipped"]), Severity(document["fail_on"]), rules_run
        except (ValueError, KeyError, TypeError, IndexError, RecursionError):
            return None

    def put(
        self, key: str, findings: list[Finding], rules_skipped: bool, fail_on: Severity, rules_run: RulesRun | None = None
    ) -> None:
        if not self._open():
            return
        document = {
            "rules_skipped": rules_skipped,
            "fail_on": int(fail_on),
            "rules_run": None if rules_run is None else rules_run.to_dict(),
            "findings": [_item(f) for f in findings],
        }
        body = json.dumps(document, ensure_ascii=True, separators=(",", ":")).encode()
        if len(body) > MAX_ENTRY_BYTES:
            return
        shard, name = self._name(key)
        try:
            _write_once(self._shard(shard), name, self._mac(key, body) + b"\n" + body)
            self.written += 1
        except CacheRefused as exc:
            self._refuse(str(exc))
        except OSError:
            self._refuse("it cannot be written (a read-only or full disk?)")

    def close(self) -> None:
        """Close the folders this cache opened (a process may build many caches: tests,
        the language server); it opens them again when used."""
        shards, self._shards = self._shards, {}
        for descriptor in shards.values():
            try:
                os.close(descriptor)
            except OSError:
                pass
        if self._root is not None:
            root, self._root = self._root, None
            try:
                os.close(root)
            except OSError:
                pass

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - at interpreter exit os may be gone
            pass

    def _shard(self, shard: str) -> int:
        """The shard folder's descriptor, opened (and checked) once per process."""
        descriptor = self._shards.get(shard)
        if descriptor is None:
            descriptor = self._shards[shard] = _open_folder(self._root, shard, create=True)
        return descriptor

    # -- the folder ----------------------------------------------------------------

    def _open(self) -> bool:
        """Open (or create) the cache folder and read (or make) the secret, once per process."""
        if not self.usable:
            return False
        if self._root is not None:
            return True
        try:
            self._secret = _secret(self.secret_folder)
            self._root = _open_root(self.directory)
            return True
        except CacheRefused as exc:
            self._refuse(str(exc))
        except OSError as exc:
            self._refuse(f"{exc.strerror or exc}")
        return False

    def _refuse(self, why: str) -> None:
        self.usable = False
        if self.refused is None:
            self.refused = f"{self.directory}: {why}"

    def prune(self) -> int:
        """Remove the oldest entries past ``max_entries``; the number removed. Only files
        named like entries, listed here, in shards opened without following a link
        (the entries forked workers wrote count too)."""
        if not self._open():
            return 0
        entries = []
        try:
            with os.scandir(self._root) as listing:
                shards = sorted(e.name for e in listing if _SHARD_NAME.match(e.name) and e.is_dir(follow_symlinks=False))
        except OSError:
            return 0
        for shard in shards:
            try:
                shard_fd = _open_folder(self._root, shard, create=False)
            except (OSError, CacheRefused):
                continue  # a link or someone else's folder: left alone
            try:
                with os.scandir(shard_fd) as listing:
                    for entry in listing:
                        if _ENTRY_NAME.match(entry.name) and entry.is_file(follow_symlinks=False):
                            entries.append((entry.stat(follow_symlinks=False).st_mtime_ns, shard, entry.name))
            except OSError:
                pass
            finally:
                os.close(shard_fd)
        excess = len(entries) - self.max_entries
        if excess <= 0:
            return 0
        removed = 0
        doomed: dict[str, list[str]] = {}
        for _, shard, name in sorted(entries)[:excess]:
            doomed.setdefault(shard, []).append(name)
        for shard, names in doomed.items():
            try:
                shard_fd = _open_folder(self._root, shard, create=False)
            except (OSError, CacheRefused):
                continue
            try:
                for name in names:
                    try:
                        os.unlink(name, dir_fd=shard_fd)  # never follows a link: removes the name itself
                        removed += 1
                    except OSError:
                        pass
            finally:
                os.close(shard_fd)
        return removed


# --------------------------------------------------------------------------- safe file operations


def _check_folder(descriptor: int, what: str) -> None:
    status = os.fstat(descriptor)
    if not stat.S_ISDIR(status.st_mode):
        raise CacheRefused(f"{what} is not a folder")
    if hasattr(os, "getuid") and status.st_uid != os.getuid():
        raise CacheRefused(f"{what} belongs to another user")
    if status.st_mode & 0o022:
        raise CacheRefused(f"{what} can be written by other users")


def _open_root(directory: Path) -> int:
    """The cache folder's descriptor: created (mode 0700, with CACHEDIR.TAG and a
    .gitignore of ``*``) when missing; refused when it is a link, someone else's,
    or writable by others. Its own parent folders are the caller's choice, followed."""
    created = False
    try:
        os.mkdir(directory, 0o700)
        created = True
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(directory.parent, exist_ok=True)
        os.mkdir(directory, 0o700)
        created = True
    try:
        root = os.open(directory, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise CacheRefused(
                "it is a symbolic link (not followed)" if os.path.islink(directory) else "it is not a folder"
            ) from None
        raise CacheRefused(exc.strerror) from None
    try:
        _check_folder(root, "it")
        if created:
            _write_new(root, "CACHEDIR.TAG", _TAG.encode())
            _write_new(root, ".gitignore", b"# Created by planlint: this folder is a cache.\n*\n")
        format_fd = _open_folder(root, FORMAT, create=True)
    except BaseException:
        os.close(root)
        raise
    os.close(root)
    return format_fd


def _open_folder(parent: int, name: str, *, create: bool) -> int:
    """The folder ``name`` in ``parent``, never through a link; created (0700) when missing."""
    if create:
        try:
            os.mkdir(name, 0o700, dir_fd=parent)
        except FileExistsError:
            pass
    try:
        descriptor = os.open(name, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC, dir_fd=parent)
    except OSError as exc:
        if exc.errno in (errno.ENOTDIR, errno.ELOOP):  # a file, or a link: not a folder of ours
            raise CacheRefused(f"{name} is not a folder (a symbolic link?)") from None
        raise
    try:
        _check_folder(descriptor, name)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def _write_new(folder: int, name: str, data: bytes) -> None:
    """Write ``data`` as ``name`` in ``folder``: to a fresh temporary file (O_EXCL,
    O_NOFOLLOW), renamed over ``name`` (a rename replaces a link, never writes through it)."""
    temporary = f".tmp-{os.getpid()}-{os.urandom(6).hex()}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC, 0o600, dir_fd=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.rename(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
    except BaseException:
        try:
            os.unlink(temporary, dir_fd=folder)
        except OSError:
            pass
        raise


def _write_once(folder: int, name: str, data: bytes) -> None:
    """Create ``name`` in ``folder`` holding ``data``: ``O_EXCL`` and ``O_NOFOLLOW`` (never
    through a link, never over an existing name), no temporary file or rename. An
    entry that exists already is left as it is (the same key gives the same entry;
    a damaged one fails its check on reading and is removed then). A write cut short
    leaves an entry whose digest does not match: a miss, never a wrong finding."""
    try:
        descriptor = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC, 0o600, dir_fd=folder)
    except FileExistsError:
        return
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def _read_entry(root: int, shard: str, name: str) -> bytes:
    shard_fd = os.open(shard, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC, dir_fd=root)
    try:
        descriptor = os.open(name, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_CLOEXEC, dir_fd=shard_fd)
    finally:
        os.close(shard_fd)
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
            raise OSError("not an entry")
        return handle.read(MAX_ENTRY_BYTES + 1)


def _secret(folder: Path) -> bytes:
    """The per-user secret (32 random bytes, mode 0600) in ``folder``, made once: written
    to a temporary file and linked into place, so a concurrent run never reads half."""
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError as exc:
        raise CacheRefused(f"cannot create the folder for the cache's secret {folder}: {exc.strerror}") from None
    base = os.open(folder, os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC)
    try:
        _check_folder(base, f"the folder of the cache's secret {folder}")
        for _ in range(2):
            try:
                descriptor = os.open(SECRET_NAME, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_CLOEXEC, dir_fd=base)
            except FileNotFoundError:
                temporary = f".secret-{os.getpid()}-{os.urandom(6).hex()}"
                made = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC, 0o600, dir_fd=base)
                with os.fdopen(made, "wb") as handle:
                    handle.write(os.urandom(SECRET_BYTES))
                try:
                    os.link(temporary, SECRET_NAME, src_dir_fd=base, dst_dir_fd=base, follow_symlinks=False)
                except FileExistsError:
                    pass  # another run made it first: use theirs
                finally:
                    os.unlink(temporary, dir_fd=base)
                continue
            except OSError as exc:
                raise CacheRefused(f"the cache's secret in {folder} cannot be read: {exc.strerror}") from None
            with os.fdopen(descriptor, "rb") as handle:
                status = os.fstat(descriptor)
                if not stat.S_ISREG(status.st_mode) or status.st_mode & 0o077 or status.st_uid != os.getuid():
                    raise CacheRefused(f"the cache's secret in {folder} is not a private file of this user")
                secret = handle.read(SECRET_BYTES + 1)
            if len(secret) != SECRET_BYTES:
                raise CacheRefused(f"the cache's secret in {folder} is damaged; delete it")
            return secret
        raise CacheRefused(f"the cache's secret in {folder} cannot be made")
    finally:
        os.close(base)


# --------------------------------------------------------------------------- entries


def _item(finding: Finding) -> list:
    s = finding.span
    return [
        finding.path,
        s.line,
        s.column,
        s.end_line,
        s.end_column,
        finding.code,
        finding.name,
        int(finding.severity),
        finding.message,
        finding.source,
        finding.suppressed,
        finding.suppression_reason,
        finding.suppression_kind,
        finding.fingerprint,
        finding.fix.to_dict() if finding.fix is not None else None,
        finding.occurrence.to_dict() if finding.occurrence is not None else None,
    ]


def _finding(item: list) -> Finding:
    from planlint.findings import Finding, Severity
    from planlint.positions import Occurrence, Span

    occurrence = item[15] if len(item) == 16 else None  # format 1.1 templates (entries before them have 15 items)
    (
        path,
        line,
        column,
        end_line,
        end_column,
        code,
        name,
        severity,
        message,
        source,
        suppressed,
        reason,
        kind,
        fingerprint,
        fix,
    ) = item[:15]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (line, column, end_line, end_column)):
        raise TypeError("positions must be whole numbers")
    if not all(isinstance(v, str) for v in (path, code, name, message, source, kind, fingerprint)):
        raise TypeError("texts must be texts")
    return Finding(
        path,
        Span(line, column, end_line, end_column),
        code,
        name,
        Severity(severity),
        message,
        source,
        bool(suppressed),
        reason if isinstance(reason, str) else None,
        kind,
        fingerprint,
        _fix(fix),
        occurrence=None if occurrence is None else Occurrence.from_dict(occurrence),
    )


def _fix(document) -> Fix | None:
    if document is None:
        return None
    from planlint.edits import Fix, TextEdit
    from planlint.positions import Span

    edits = tuple(
        TextEdit(Span(e["line"], e["column"], e["end_line"], e["end_column"]), str(e["new_text"])) for e in document["edits"]
    )
    return Fix(str(document["description"]), edits)


# --------------------------------------------------------------------------- marks


class Marks:
    """Facts this user's planlint checked once and need not check again (a plugin's
    schema extension is a valid schema), kept as empty files in ``marks/`` of the cache
    folder whose names are keyed digests of the fact: nobody without the per-user
    secret can plant one. Anything unusual (no secret, a link, another owner) means
    "not known", never an error."""

    def __init__(self, directory: Path | None = None, secret_folder: Path | None = None, *, write: bool = True) -> None:
        """``write=False`` (``--no-cache``): read marks that exist, create nothing."""
        self.directory = directory if directory is not None else default_directory()
        self.secret_folder = secret_folder if secret_folder is not None else user_cache_folder()
        self.write = write
        self._folder: int | None = None
        self._secret: bytes | None = None
        self._failed = not SUPPORTED or self.directory is None or self.secret_folder is None

    def _open(self) -> bool:
        if self._folder is not None or self._failed:
            return not self._failed
        if not self.write and not (
            os.path.isfile(os.path.join(self.secret_folder, SECRET_NAME))
            and os.path.isdir(os.path.join(self.directory, FORMAT, "marks"))
        ):
            self._failed = True  # nothing to read, and nothing may be created
            return False
        try:
            self._secret = _secret(self.secret_folder)
            root = _open_root(Path(self.directory))
            try:
                self._folder = _open_folder(root, "marks", create=self.write)
            finally:
                os.close(root)
        except (CacheRefused, OSError):
            self._failed = True
        return not self._failed

    def _name(self, fact: str) -> str:
        return hmac.new(self._secret, b"mark\0" + fact.encode("utf-8", "backslashreplace"), hashlib.sha256).hexdigest()

    def known(self, fact: str) -> bool:
        if not self._open():
            return False
        try:
            status = os.stat(self._name(fact), dir_fd=self._folder, follow_symlinks=False)
        except OSError:
            return False
        return stat.S_ISREG(status.st_mode)

    def remember(self, fact: str) -> None:
        if not self.write or not self._open():
            return
        try:
            _write_new(self._folder, self._name(fact), b"")
        except OSError:
            pass

    def close(self) -> None:
        if self._folder is not None:
            os.close(self._folder)
            self._folder = None


def for_linter(linter, directory: Path | None = None) -> FindingsCache:
    """The cache for a run with ``linter``'s plugins, in ``directory`` (default: see
    :func:`default_directory`)."""
    import planlint

    versions = [("planlint", "planlint", planlint.__version__)]
    locations = [os.path.dirname(planlint.__file__)]
    for info in linter.host.plugins:
        versions.append((info.name, info.distribution, info.version))
        locations.extend(plugin_locations(linter.host.manager.get_plugin(info.name), info.distribution, info.metadata_folder))
    return FindingsCache(directory or default_directory(), tool_salt(versions, locations))
