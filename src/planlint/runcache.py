"""The whole-run cache: ``planlint check`` run again over unchanged inputs replays what it printed.

A pre-commit hook, an editor task or a CI retry runs the same ``check`` over the
same files again and again. When nothing that can change the output has
changed, the recorded output (standard output and standard error, in order)
and exit code are replayed without importing the linter.

**What the key covers** (computed here, before anything else is imported):
the command line as given, the working folder, the whole environment (but
``_``, ``OLDPWD``, ``SHLVL``, ``PWD``: the working folder is in the key
itself), whether standard output and error are terminals and the terminal's
size, the streams' encodings, the interpreter (its path, version, flags and
``sys.path``), and the names of every installed distribution on ``sys.path``
(installing, removing or upgrading any package, a plugin or not, misses).

**What the manifest covers** (recorded by the run that wrote the entry, checked
on every replay): every linted file; every folder the search listed (a file
added, removed or renamed in it changes the folder); in each of those folders
and in every parent of every path on the command line (as written and with
links resolved), ``planlint.toml``, ``pyproject.toml``, ``.gitignore`` and
whether ``.git`` exists, and the folder itself (a link swapped for another);
the exercise catalogs and ``--config``/``--baseline`` files; and every file of
planlint and of each loaded plugin (its package and its distribution's files).
A file or folder is compared by ``lstat`` (type, device, inode, size,
modification and change time; through a link, its target too), so an edit,
a ``touch``, a ``chmod`` or a replaced file misses.

**Racy files**: a file modified within :data:`RACY_SECONDS` of the run that
would record it may be modified again without its times changing (the clock's
tick, a filesystem's 2-second times); such a run records nothing.

**Off** where the output cannot be proven fresh or the run does more than print:
standard input (``-``), ``--fix``/``--diff``, ``-o``, ``--write-baseline``,
``--prune-baseline``, ``--no-cache``, any option this module does not know,
``PLANLINT_NO_RUN_CACHE=1``; and nothing is recorded for a run that exits
2 or 3 (unreadable files, configuration errors, plugin problems, crashes).

**Trust**: the same as the findings cache (:mod:`planlint.cache`): entries live
in the per-user cache folder (or ``$PLANLINT_CACHE_DIR``), under a name that is
a keyed digest of the key, and carry an HMAC of the key and body under the
per-user secret; no link is followed. An entry from a checkout, another user
or another machine is a miss.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
import time

FORMAT = "run1"
#: Environment variables left out of the key: they change from shell to shell
#: without changing what planlint does (the working folder is in the key).
VOLATILE = frozenset({"_", "OLDPWD", "SHLVL", "PWD"})
#: Set to 1 to turn the whole-run cache off.
OFF_VARIABLE = "PLANLINT_NO_RUN_CACHE"
#: Files modified this recently when a run starts make it record nothing.
RACY_SECONDS = 3
#: Runs kept; past this the oldest entries are removed when one is written.
MAX_RUNS = 256
#: The names looked for in every folder that can hold configuration or patterns.
WATCHED_NAMES = ("planlint.toml", "pyproject.toml", ".gitignore")

#: ``check`` options that take a value, and flags, that a replayable run may use.
_VALUE_OPTIONS = frozenset(
    {
        "--format",
        "--select",
        "--extend-select",
        "--ignore",
        "--fail-on",
        "--config",
        "--exclude",
        "--extend-exclude",
        "--baseline",
        "--color",
        "-j",
        "--jobs",
    }
)
_FLAGS = frozenset({"--show-suppressed", "--exit-zero", "-q", "--quiet", "--statistics", "--show-source", "--no-show-source"})

#: The recording of this process's run, when it is recorded (see :func:`note_run`).
ACTIVE: Recording | None = None


def cacheable(argv: list[str]) -> bool:
    """Whether ``planlint`` + ``argv`` is a ``check`` this cache may record and replay:
    only known options, no standard input, nothing written but the report."""
    if argv[:1] != ["check"] or os.environ.get(OFF_VARIABLE):
        return False
    arguments = iter(argv[1:])
    positional_only = False
    for argument in arguments:
        if positional_only or not argument.startswith("-"):
            if argument == "-":
                return False
            continue
        if argument == "--":
            positional_only = True
            continue
        name, equals, _value = argument.partition("=")
        if name in _VALUE_OPTIONS:
            if not equals and next(arguments, None) is None:
                return False  # click's error message, not a replay
        elif argument not in _FLAGS:
            return False  # -h, -o, --fix, --no-cache, a typo, clustered short options...
    return True


def _env_items() -> list[tuple[str, str]]:
    return sorted((name, value) for name, value in os.environ.items() if name not in VOLATILE)


def _terminal(stream) -> str:
    try:
        if stream is None or not stream.isatty():
            return "-"
        size = os.get_terminal_size(stream.fileno())
        return f"tty {size.columns}x{size.lines}"
    except (OSError, ValueError, AttributeError):
        return "?"


def _installed() -> list[str]:
    """The distributions (and .pth files) in every folder of ``sys.path``."""
    found = []
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        found.append(folder)
        found.extend(sorted(n for n in names if n.endswith((".dist-info", ".egg-info", ".pth", ".egg-link"))))
    return found


def static_key(argv: list[str]) -> str:
    """The digest of everything but the files: command line, folder, environment, terminal, interpreter."""
    from planlint import __version__

    parts = [
        FORMAT,
        __version__,
        repr(argv),
        os.getcwd(),
        repr(_env_items()),
        _terminal(sys.stdout),
        _terminal(sys.stderr),
        repr([(getattr(s, "encoding", None), getattr(s, "errors", None)) for s in (sys.stdout, sys.stderr)]),
        sys.executable,
        sys.version,
        repr(tuple(sys.flags)),
        repr(sys.path),
        repr(_installed()),
        str(os.getuid()) if hasattr(os, "getuid") else "",
    ]
    import hashlib  # here, not at the top: a run this cache does not take never needs it

    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


# --------------------------------------------------------------------------- signatures


def signature(path: str):
    """What must stay the same of ``path``: None when absent; its type, device,
    inode, size and times, and its target's through a link."""
    try:
        status = os.lstat(path)
    except (OSError, ValueError):
        return None
    own = (status.st_mode, status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
    if stat.S_ISLNK(status.st_mode):
        return (own, signature_followed(path))
    return own


def signature_followed(path: str):
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return (status.st_mode, status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def identity(path: str):
    """A folder's identity without its times (a parent such as /tmp changes all day)."""
    try:
        status = os.lstat(path)
    except (OSError, ValueError):
        return None
    return (status.st_mode, status.st_dev, status.st_ino)


def existence(path: str):
    try:
        return stat.S_IFMT(os.stat(path).st_mode)
    except (OSError, ValueError):
        return None


_PROBES = {"s": signature, "i": identity, "e": existence}


def _newest(sig) -> int:
    """The modification time in a signature (the latest, through a link; 0 when none).
    A later write sets it to a later tick, unless the file was written within the tick
    the signature was taken in: that is what "racy" guards against. (The change time
    cannot be set back, so a file whose times were set back is still compared by it.)"""
    if not sig or not isinstance(sig, tuple):
        return 0
    if isinstance(sig[0], tuple):
        return max(_newest(part) for part in sig)
    return sig[4] if len(sig) == 6 else 0


def tool_files(locations: list[str]) -> list[str]:
    """Every file at ``locations`` (files, or folders walked whole, ``__pycache__`` aside). A
    folder's own times are left out (writing ``__pycache__`` changes them); the list of
    names is what tells a file added or removed."""
    found = []
    for location in sorted(set(locations)):
        if not os.path.isdir(location):
            found.append(location)
            continue
        for root, dirs, names in os.walk(location):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            found.extend(os.path.join(root, name) for name in sorted(names))
    return found


def tool_salt(locations: list[str]) -> str:
    return _tool_salt(locations)[0]


def _tool_salt(locations: list[str]) -> tuple[str, int]:
    """The digest of every tool file's signature, and the newest time among them."""
    import hashlib

    digest = hashlib.sha256()
    newest = 0
    for path in tool_files(locations):
        sig = signature(path)
        newest = max(newest, _newest(sig))
        digest.update(f"{path}\0{sig}\1".encode("utf-8", "surrogateescape"))
    return digest.hexdigest(), newest


# --------------------------------------------------------------------------- the store


class Store:
    """Run entries in ``runs/`` of the cache folder, named and signed with the per-user secret.

    Reading (every replay) uses only ``os``: the folder and secret are found and
    checked here as :mod:`planlint.cache` checks them (no link followed, this
    user's, not writable by others), without importing it (pathlib and json). Writing
    (a run that was linted anyway) goes through :mod:`planlint.cache`."""

    def __init__(self, directory: str | None = None, secret_folder: str | None = None) -> None:
        self.directory = directory if directory is not None else _default_directory()
        self.secret_folder = secret_folder if secret_folder is not None else _user_cache_folder()
        self.secret: bytes | None = None

    def _folder(self) -> int | None:
        """The ``runs`` folder, created when missing (through planlint.cache)."""
        from planlint import cache

        if not cache.SUPPORTED or self.directory is None or self.secret_folder is None:
            return None
        try:
            self.secret = cache._secret(cache.Path(self.secret_folder))
            root = cache._open_root(cache.Path(self.directory))
            try:
                return cache._open_folder(root, "runs", create=True)
            finally:
                os.close(root)
        except (cache.CacheRefused, OSError):
            return None

    def _existing_folder(self) -> int | None:
        """The ``runs`` folder if it exists and is safe to read, and the secret; nothing created."""
        if self.directory is None or self.secret_folder is None or not hasattr(os, "O_NOFOLLOW"):
            return None
        self.secret = _read_secret(self.secret_folder)
        if self.secret is None:
            return None
        descriptor = None
        try:
            descriptor = os.open(self.directory, _DIRECTORY)
            for name in (_CACHE_FORMAT, "runs"):
                _owned_folder(descriptor)
                inner = os.open(name, _DIRECTORY, dir_fd=descriptor)
                os.close(descriptor)
                descriptor = inner
            _owned_folder(descriptor)
            return descriptor
        except OSError:
            if descriptor is not None:
                os.close(descriptor)
            return None

    def _name(self, key: str) -> str:
        import hashlib
        import hmac

        return hmac.new(self.secret, b"run\0" + key.encode(), hashlib.sha256).hexdigest() + ".entry"

    def _mac(self, key: str, body: bytes) -> bytes:
        import hashlib
        import hmac

        return hmac.new(self.secret, b"run-entry\0" + key.encode() + b"\0" + body, hashlib.sha256).hexdigest().encode()

    def read(self, key: str):
        folder = self._existing_folder()
        if folder is None:
            return None
        try:
            descriptor = os.open(
                self._name(key), os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | os.O_CLOEXEC, dir_fd=folder
            )
        except OSError:
            return None
        finally:
            os.close(folder)
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
                return None
            data = handle.read(MAX_ENTRY_BYTES + 1)
        mac, _, body = data.partition(b"\n")
        import hmac

        if not hmac.compare_digest(mac, self._mac(key, body)):
            return None  # not ours, or not for this key: never believed
        try:
            entry = marshal.loads(body)  # authenticated: written by this user's planlint
        except (ValueError, EOFError, TypeError):
            return None
        if not (isinstance(entry, tuple) and len(entry) == 5 and entry[0] == FORMAT and entry[1] == key):
            return None
        return entry

    def write(self, key: str, entry: tuple) -> bool:
        body = marshal.dumps(entry)
        if len(body) > MAX_ENTRY_BYTES:
            return False
        folder = self._folder()
        if folder is None:
            return False
        from planlint.cache import _write_new

        try:
            _write_new(folder, self._name(key), self._mac(key, body) + b"\n" + body)
            self._prune(folder)
            return True
        except OSError:
            return False
        finally:
            os.close(folder)

    def _prune(self, folder: int) -> None:
        entries = []
        with os.scandir(folder) as listing:
            for item in listing:
                if item.name.endswith(".entry") and item.is_file(follow_symlinks=False):
                    entries.append((item.stat(follow_symlinks=False).st_mtime_ns, item.name))
        for _, name in sorted(entries)[: max(0, len(entries) - MAX_RUNS)]:
            try:
                os.unlink(name, dir_fd=folder)
            except OSError:
                pass


# What planlint.cache names these (checked equal by a test): repeated here so that a
# replay does not import it.
_CACHE_FORMAT = "v2"
_SECRET_NAME = "secret"
_SECRET_BYTES = 32
MAX_ENTRY_BYTES = 64 * 1024 * 1024
_DIRECTORY = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _user_cache_folder() -> str | None:
    """planlint.cache.user_cache_folder, as text."""
    base = os.environ.get("XDG_CACHE_HOME")
    if base and os.path.isabs(base):
        return os.path.join(base, "planlint")
    home = os.path.expanduser("~")
    if not home or home == "~":
        return None
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "planlint")
    return os.path.join(home, ".cache", "planlint")


def _default_directory() -> str | None:
    return os.environ.get("PLANLINT_CACHE_DIR") or _user_cache_folder()


def _owned_folder(descriptor: int) -> None:
    status = os.fstat(descriptor)
    if not stat.S_ISDIR(status.st_mode) or status.st_mode & 0o022:
        raise OSError("not a private folder")
    if hasattr(os, "getuid") and status.st_uid != os.getuid():
        raise OSError("another user's folder")


def _read_secret(folder: str) -> bytes | None:
    """The per-user secret if it exists and is this user's private file (never made here)."""
    try:
        base = os.open(folder, _DIRECTORY)
    except OSError:
        return None
    try:
        _owned_folder(base)
        descriptor = os.open(_SECRET_NAME, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | os.O_CLOEXEC, dir_fd=base)
    except OSError:
        return None
    finally:
        os.close(base)
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode) or status.st_mode & 0o077:
            return None
        if hasattr(os, "getuid") and status.st_uid != os.getuid():
            return None
        secret = handle.read(_SECRET_BYTES + 1)
    return secret if len(secret) == _SECRET_BYTES else None


# --------------------------------------------------------------------------- replaying


def fresh(entry: tuple) -> bool:
    """Whether every input the entry's run read is as it was."""
    _format, _key, manifest, tool, _output = entry
    for kind, path, recorded in manifest:
        if _PROBES[kind](path) != recorded:
            return False
    locations, salt = tool
    return tool_salt(list(locations)) == salt


def replay(entry: tuple) -> int:
    """Write the recorded output, in order; the recorded exit code."""
    events, code = entry[4]
    streams = {1: sys.stdout, 2: sys.stderr}
    for number, data in events:
        stream = streams[number]
        stream.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:  # pragma: no cover - a replaced stream without bytes
            stream.write(data.decode(getattr(stream, "encoding", None) or "utf-8", "replace"))
            stream.flush()
    return code


def run(argv: list[str], main) -> None:
    """``planlint check``: replay a fresh entry, or run ``main`` and record it. Exits."""
    started = time.time_ns()
    try:
        key = static_key(argv)
        store = Store()
        entry = store.read(key)
    except Exception:  # noqa: BLE001 - the cache must never stop a run
        main()
        return
    if entry is not None and fresh(entry):
        sys.exit(replay(entry))
    global ACTIVE
    ACTIVE = Recording(key, started)
    ACTIVE.capture()
    try:
        main()
    except SystemExit as ending:
        recording, ACTIVE = ACTIVE, None
        recording.release()
        code = ending.code if isinstance(ending.code, int) else (0 if ending.code is None else 1)
        recording.save(store, code)
        raise
    finally:
        if ACTIVE is not None:
            ACTIVE.release()
            ACTIVE = None


# --------------------------------------------------------------------------- recording


class _Tee:
    """A text stream that records what is written to it (and to its ``buffer``) as bytes."""

    def __init__(self, stream, number: int, events: list) -> None:
        self._stream = stream
        self._number = number
        self._events = events
        raw = getattr(stream, "buffer", None)
        self.buffer = _TeeBuffer(raw, number, events) if raw is not None else None

    def write(self, text):
        written = self._stream.write(text)
        if isinstance(text, str) and text:
            encoding = getattr(self._stream, "encoding", None) or "utf-8"
            errors = getattr(self._stream, "errors", None) or "strict"
            self._events.append((self._number, text.encode(encoding, errors)))
        return written

    def __getattr__(self, name):
        return getattr(self._stream, name)


class _TeeBuffer:
    def __init__(self, raw, number: int, events: list) -> None:
        self._raw = raw
        self._number = number
        self._events = events

    def write(self, data):
        written = self._raw.write(data)
        if data:
            self._events.append((self._number, bytes(data)))
        return written

    def __getattr__(self, name):
        return getattr(self._raw, name)


class Recording:
    """What one run printed, and the inputs it read (:func:`note_run`)."""

    def __init__(self, key: str, started: int) -> None:
        self.key = key
        self.started = started
        self.events: list[tuple[int, bytes]] = []
        self.manifest: list[tuple[str, str, object]] | None = None
        self.tool: tuple[tuple[str, ...], str] | None = None
        self.tool_newest = 0
        self._streams = None

    def capture(self) -> None:
        self._streams = (sys.stdout, sys.stderr)
        sys.stdout = _Tee(sys.stdout, 1, self.events)
        sys.stderr = _Tee(sys.stderr, 2, self.events)

    def release(self) -> None:
        """Put the streams back, unless the run replaced one itself (standard output gone:
        the command line swaps in os.devnull so that the final flush cannot fail again)."""
        if self._streams is not None:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
            stdout, stderr = self._streams
            if isinstance(sys.stdout, _Tee):
                sys.stdout = stdout
            if isinstance(sys.stderr, _Tee):
                sys.stderr = stderr
            self._streams = None

    def save(self, store: Store, code: int) -> None:
        if self.manifest is None or code not in (0, 1):
            return
        racy = self.started - RACY_SECONDS * 1_000_000_000
        if self.tool_newest >= racy or any(_newest(recorded) >= racy for kind, _path, recorded in self.manifest if kind == "s"):
            return
        try:
            store.write(self.key, (FORMAT, self.key, tuple(self.manifest), self.tool, (tuple(self.events), code)))
        except Exception:  # noqa: BLE001 - a cache that cannot be written is no cache, never an error
            pass


def note_run(request, linter, sources, problems, notes) -> None:
    """Called by :func:`planlint.run.execute` when this run is recorded: the inputs it read."""
    recording = ACTIVE
    if recording is None:
        return
    if problems or linter.host.problems or request.reads_stdin or request.fix is not None or request.outputs:
        return
    manifest: list[tuple[str, str, object]] = []
    seen: set[tuple[str, str]] = set()

    def watch(kind: str, path: str) -> None:
        if (kind, path) not in seen:
            seen.add((kind, path))
            manifest.append((kind, path, _PROBES[kind](path)))

    folders: set[str] = set()

    def with_parents(folder: str) -> None:
        for start in {os.path.abspath(folder), os.path.realpath(folder)}:
            current = start
            while current not in folders:
                folders.add(current)
                parent = os.path.dirname(current)
                if parent == current:
                    break
                current = parent

    real_parents: dict[str, str] = {}
    for path in request.paths:
        with_parents(path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path)) or ".")
    for folder in getattr(sources, "folders", ()):
        watch("s", folder)
        folders.add(os.path.abspath(folder))
    for source in sources:
        path = source.path
        watch("s", path)
        parent = os.path.dirname(os.path.abspath(path))
        if os.path.islink(path):
            with_parents(os.path.dirname(os.path.realpath(path)))
        elif parent not in real_parents:
            real_parents[parent] = parent
            with_parents(parent)
    for folder in sorted(folders):
        watch("i", folder)
        for name in WATCHED_NAMES:
            watch("s", os.path.join(folder, name))
        watch("e", os.path.join(folder, ".git"))
    configs = {id(source.settings.config): source.settings.config for source in sources}
    for config in configs.values():
        if config.path is not None:
            watch("s", os.path.abspath(str(config.path)))
        for catalog in config.exercise_catalogs:
            watch("s", os.path.abspath(catalog))
    for explicit in (request.config_path, request.baseline):
        if explicit:
            watch("s", os.path.abspath(explicit))
    locations = _tool_locations(linter)
    salt, recording.tool_newest = _tool_salt(locations)
    recording.manifest = manifest
    recording.tool = (tuple(locations), salt)


def _tool_locations(linter) -> list[str]:
    """planlint's package folder and every file each loaded plugin's code can come from."""
    import planlint
    from planlint.cache import plugin_locations

    locations = [os.path.dirname(planlint.__file__)]
    for info in linter.host.plugins:
        locations.extend(plugin_locations(linter.host.manager.get_plugin(info.name), info.distribution, info.metadata_folder))
    return sorted(set(locations))
