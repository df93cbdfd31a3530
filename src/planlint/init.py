"""``planlint init``: set a plan repository up for editors, configuration and pre-commit.

Writes what is missing and never overwrites a file:

- ``.planlint/plan.schema.json``: the editor schema, with the installed plugins'
  additions and the catalog's ids (built-in, plugins', the configured club
  catalogs) for ``ref`` completion. In a folder of its own, so that it does not
  collide with a project's own ``schemas/``, and its name says where it came from;
- ``.vscode/settings.json``: ``yaml.schemas`` mapping ``*.plan.yaml`` and
  ``*.plan.yml`` to that schema (added to an existing file only when it is plain
  JSON without ``yaml.schemas``; otherwise the lines to add are printed);
- ``planlint.toml``: a starter configuration, unless the project has one;
- ``.pre-commit-config.yaml``: the planlint hook (with the installed plugins as
  ``additional_dependencies``), or, when the file exists, the lines to add.

Other editors that use yaml-language-server take a modeline instead, which is
printed: ``# yaml-language-server: $schema=<path to the schema>``.

The repository may be someone else's (a clone to review), so init never leaves
it and never blocks: a file it would write or edit that is (or is in a folder
that is) a symbolic link to outside the repository, or that is a symbolic link
at all, is left alone; files are read as regular files of at most 1 MiB (a
FIFO or a device is left alone, not read); new files are created with
``O_EXCL`` and ``O_NOFOLLOW``; an edited ``settings.json`` is replaced whole
(a new file renamed over it), never written through a link. Every name it
prints is escaped for the terminal (:func:`planlint.quoting.escape_controls`).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from planlint.catalog import Catalog
from planlint.config import find_config_file
from planlint.discovery import discover
from planlint.editor_schema import dump, editor_schema
from planlint.files import MAX_SETTINGS_BYTES, FileProblem, read_regular
from planlint.plugins import PluginHost
from planlint.quoting import escape_controls
from planlint.schema import SchemaExtension

SCHEMA_PATH = ".planlint/plan.schema.json"
PLAN_GLOBS = ["*.plan.yaml", "*.plan.yml"]
HOOKS_REPOSITORY = "https://github.com/planlint/planlint"

STARTER_CONFIG = """\
# planlint configuration: every key is optional; `planlint rules` lists the codes
# and `planlint explain CODE` a rule's options.
select = ["ALL"]                 # codes or prefixes; the most specific match wins
ignore = []
fail-on = "warning"              # error | warning | info
# exercise-catalogs = ["catalog/club-exercises.yaml"]   # {exercises: {id: {contraction, kind}}}
# require-suppression-reason = true

# [per-file-ignores]
# "legacy/*.plan.yaml" = ["PL105"]

# [rules.HS001]
# min-hours = 48                 # club policy: no sprints in the first 48 h
"""


@dataclass
class InitReport:
    written: list[str] = field(default_factory=list)
    left_alone: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    advice: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What to print, with terminal controls in names escaped (a plan named with an
        escape sequence, a configuration in a folder so named)."""
        out = [f"wrote {path}" for path in self.written]
        out += [f"left alone {path}: {why}" for path, why in self.left_alone]
        out += [""] + self.advice if self.advice else []
        return [escape_controls(line, keep_newlines=True).replace("\r", "\\r") for line in out]


def plugin_distributions(host: PluginHost) -> list[str]:
    """The installed distributions of plugins other than planlint's own packs (the hook
    needs them; :func:`hook_requirement` says how it gets each)."""
    return sorted(
        {info.distribution for info in host.plugins if not info.builtin and info.distribution not in ("?", "(registered)")}
    )


def vscode_settings() -> dict:
    return {"yaml.schemas": {f"./{SCHEMA_PATH}": PLAN_GLOBS}}


def hook_requirement(distribution: str) -> str:
    """How the hook's environment gets a plugin: planlint's first-party packs from the
    hook's own clone of planlint's repository (no package index has them), others by name."""
    from planlint.sites import BUILTIN_SITES

    if any(site.first_party == distribution for site in BUILTIN_SITES):
        return f'"./plugins/{distribution}"'
    return distribution


def installed_commit() -> str | None:
    """The commit planlint was installed from, when pip installed it from a git URL
    (``direct_url.json``, PEP 610); None otherwise (a checkout, an index)."""
    import json
    from importlib import metadata

    try:
        recorded = json.loads(metadata.distribution("planlint").read_text("direct_url.json") or "null")
    except (metadata.PackageNotFoundError, ValueError, OSError):
        return None
    vcs = recorded.get("vcs_info") if isinstance(recorded, dict) else None
    commit = vcs.get("commit_id") if isinstance(vcs, dict) and vcs.get("vcs") == "git" else None
    return commit if isinstance(commit, str) and re.fullmatch(r"[0-9a-f]{40}", commit) else None


def pre_commit_config(distributions: list[str], commit: str | None = None) -> str:
    """The hook's configuration: pinned to the commit planlint was installed from, else to
    a placeholder `pre-commit autoupdate --freeze` replaces (planlint has no release tag yet,
    so a version tag would name nothing)."""
    hook = "      - id: planlint\n"
    if distributions:
        hook += f"        additional_dependencies: [{', '.join(hook_requirement(d) for d in distributions)}]\n"
    if commit is not None:
        rev = f"{commit}   # the commit this planlint was installed from"
    else:
        rev = "HEAD   # run `pre-commit autoupdate --freeze` to pin the latest commit (planlint has no release tag yet)"
    return f"repos:\n  - repo: {HOOKS_REPOSITORY}\n    rev: {rev}\n    hooks:\n{hook}"


def init_repository(root: Path, extensions: list[SchemaExtension], catalog: Catalog, host: PluginHost) -> InitReport:
    report = InitReport()
    _schema(root, extensions, catalog, report)
    _vscode(root, report)
    _config(root, report)
    _pre_commit(root, plugin_distributions(host), report)
    example = _first_plan(root)
    relative = os.path.relpath(root / SCHEMA_PATH, example.parent if example else root).replace(os.sep, "/")
    where = f" (for {example.relative_to(root).as_posix()})" if example else ""
    report.advice.append(
        "Other editors with yaml-language-server (Neovim, Helix, Zed, JetBrains...): start each plan with\n"
        f"  # yaml-language-server: $schema={relative}{where}\n"
        "(the path is relative to the plan), or map *.plan.yaml to the schema in the editor's yaml.schemas setting; "
        "docs/editors.md has the details and the language server (planlint lsp) set-up."
    )
    return report


def _outside(root: Path, path: Path) -> str | None:
    """Why ``path`` must not be written or read, or None: it is a symbolic link, or a
    folder on the way to it leads out of the repository."""
    if os.path.islink(path):
        return "it is a symbolic link; planlint init does not write through one"
    real_root, real = os.path.realpath(root), os.path.realpath(path.parent)
    if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
        return "its folder is a symbolic link to outside the repository"
    return None


def _read(root: Path, path: Path) -> str | None:
    """An existing file init may edit: regular, at most 1 MiB, UTF-8 (else None)."""
    if _outside(root, path) is not None:
        return None
    try:
        raw = read_regular(path, MAX_SETTINGS_BYTES, "the file", follow_symlinks=False)
    except FileProblem:
        return None
    if len(raw) > MAX_SETTINGS_BYTES:
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _write(path: Path, text: str, root: Path, report: InitReport) -> None:
    """Create ``path`` (never overwrite it, never through a link, never outside the repository)."""
    name = path.relative_to(root).as_posix()
    why = _outside(root, path)
    if why is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        why = _outside(root, path)  # the folders as they are now
    if why is not None:
        report.left_alone.append((name, why))
        return
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags, 0o666)
    except FileExistsError:
        report.left_alone.append((name, "it exists"))
        return
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    report.written.append(name)


def _schema(root: Path, extensions, catalog: Catalog, report: InitReport) -> None:
    target = root / SCHEMA_PATH
    if os.path.lexists(target):
        report.left_alone.append(
            (SCHEMA_PATH, f"it exists; to refresh it (after upgrading planlint or a plugin): planlint schema > {SCHEMA_PATH}")
        )
        return
    _write(target, dump(editor_schema(extensions, catalog)), root, report)


def _vscode(root: Path, report: InitReport) -> None:
    target = root / ".vscode" / "settings.json"
    wanted = vscode_settings()
    snippet = json.dumps(wanted, indent=2)[1:-1].strip("\n")
    if not os.path.lexists(target):
        _write(target, json.dumps(wanted, indent=2) + "\n", root, report)
        return
    name = ".vscode/settings.json"
    why = _outside(root, target)
    text = _read(root, target)
    if why is not None or text is None:
        report.left_alone.append((name, why or "it is not a regular UTF-8 file of at most 1 MiB, so planlint does not edit it"))
        report.advice.append(f"Add to {name}:\n{snippet}")
        return
    try:
        settings = json.loads(text)
    except (ValueError, RecursionError):
        settings = None
    if not isinstance(settings, dict):
        report.left_alone.append((name, "it is not plain JSON (comments?), so planlint does not edit it"))
        report.advice.append(f"Add to {name}:\n{snippet}")
        return
    schemas = settings.get("yaml.schemas")
    if schemas is not None:
        if isinstance(schemas, dict) and f"./{SCHEMA_PATH}" in schemas:
            report.left_alone.append((name, "it already maps plans to the schema"))
        else:
            report.left_alone.append((name, "it has its own yaml.schemas"))
            report.advice.append(f'Add to "yaml.schemas" in {name}:\n  "./{SCHEMA_PATH}": {json.dumps(PLAN_GLOBS)}')
        return
    merged = _insert_first_key(text, snippet, bool(settings))
    if merged is None or json.loads(merged) != {**wanted, **settings}:
        report.left_alone.append((name, "planlint could not add yaml.schemas to it safely"))
        report.advice.append(f"Add to {name}:\n{snippet}")
        return
    # Rewritten only after checking that the result is the old settings plus ours: a new
    # file renamed over the old one (with its mode), never written through a link.
    mode = os.lstat(target).st_mode & 0o777
    descriptor, temporary = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(merged)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise
    report.written.append(f"{name} (added yaml.schemas)")


def _insert_first_key(text: str, snippet: str, has_keys: bool) -> str | None:
    """``text`` (a JSON object) with ``snippet`` as its first member; the rest unchanged."""
    brace = text.find("{")
    if brace < 0:
        return None
    indented = "\n".join("  " + line[2:] if line.startswith("  ") else line for line in snippet.splitlines())
    rest = text[brace + 1 :]
    if not has_keys:
        return text[: brace + 1] + "\n" + indented + "\n" + rest.lstrip()
    return text[: brace + 1] + "\n" + indented + "," + ("" if rest.startswith(("\n", "\r")) else "\n  ") + rest


def _config(root: Path, report: InitReport) -> None:
    found = find_config_file(root)
    if found is not None:  # here or in a parent folder: a new file would shadow it
        shown = found.name if found.parent == root else str(found)
        report.left_alone.append(("planlint.toml", f"the project's configuration is {shown}"))
        return
    _write(root / "planlint.toml", STARTER_CONFIG, root, report)


def _pre_commit(root: Path, distributions: list[str], report: InitReport) -> None:
    target = root / ".pre-commit-config.yaml"
    config = pre_commit_config(distributions, installed_commit())
    if not os.path.lexists(target):
        _write(target, config, root, report)
        return
    text = _read(root, target) or ""
    if "id: planlint" in text:
        report.left_alone.append((".pre-commit-config.yaml", "it already runs planlint"))
        return
    report.left_alone.append((".pre-commit-config.yaml", "it exists"))
    report.advice.append("Add to .pre-commit-config.yaml, under repos:\n" + "\n".join(config.splitlines()[1:]))


def _first_plan(root: Path) -> Path | None:
    """The first plan a folder search of ``root`` finds (the same search as ``check``)."""
    found = discover([str(root)])
    return Path(found.files[0]) if found.files else None
