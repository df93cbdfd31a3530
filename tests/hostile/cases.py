"""The hostile corpus: every case, what it builds and the outcome it must have.

A case builds its inputs in an empty folder (copying a small file from
``files/``, generating a large one from a recipe, or setting up a FIFO, a
symbolic link, a configuration or a plugin) and returns the arguments of its
planlint command (``check`` unless the case names another: ``report``,
``init``, ``lsp`` with a recorded session on standard input). The harness
(``tests/test_hostile_corpus.py``) runs it in a subprocess under a memory and
CPU limit and checks the exit code, the codes reported, standard error, and
the CPU time taken.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hostile import lsp_session, recipes

FILES = Path(__file__).parent / "files"
EXAMPLES = Path(__file__).parents[2] / "examples"
VALID = (FILES / "yaml12-colon.plan.yaml").read_text(encoding="utf-8")

Build = Callable[[Path], list]
Check = Callable[[Path, str, str], None]


@dataclass
class Case:
    name: str
    build: Build
    exit: int
    codes: frozenset[str] = frozenset()  # every one must be reported
    stderr: str = ""  # a fragment standard error must contain
    seconds: float = 10.0  # CPU seconds the run may use (the RLIMIT_CPU of 20 s stops it anyway)
    check: Check | None = None  # further assertions on (folder, stdout, stderr)
    plugin: str | None = None  # source of a plugin module installed for the run
    output: str = "json"  # report format the harness parses (None: the case's own)
    # "stdin": text, bytes, or a function of the folder; "env": a function of the folder giving
    # environment variables to set (None: to remove)
    extra: dict = field(default_factory=dict)
    command: tuple[str, ...] = ("check",)  # the planlint command run (its arguments come from build)


# ----------------------------------------------------------------------------- builders


def copy(name: str) -> Build:
    def build(folder: Path) -> list:
        shutil.copy(FILES / name, folder / name)
        return [name]

    return build


def generated(recipe: Callable[[], bytes], name: str = "hostile.plan.yaml") -> Build:
    def build(folder: Path) -> list:
        (folder / name).write_bytes(recipe())
        return [name]

    return build


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def with_config(toml: str | bytes, name: str = "planlint.toml") -> Build:
    def build(folder: Path) -> list:
        write(folder, name, toml)
        write(folder, "a.plan.yaml", VALID)
        return ["a.plan.yaml"]

    return build


def with_catalog(catalog_path: Callable[[Path], str]) -> Build:
    def build(folder: Path) -> list:
        where = catalog_path(folder)
        write(folder, "planlint.toml", f'exercise-catalogs = ["{where}"]\n')
        write(folder, "a.plan.yaml", VALID)
        return ["a.plan.yaml"]

    return build


def fifo(folder: Path, name: str) -> str:
    os.mkfifo(folder / name)
    return str(folder / name)


def fifo_beside_a_plan(folder: Path) -> list:
    fifo(folder, "p.plan.yaml")
    write(folder, "a.plan.yaml", VALID)
    return ["."]


def symlink_outside(folder: Path) -> list:
    secret = folder / "outside" / "credentials"
    write(folder, "outside/credentials", "https://user:SECRET-TOKEN@example.invalid\n")
    write(folder, "tree/good.plan.yaml", VALID)
    os.symlink(secret, folder / "tree" / "x.plan.yaml")
    return ["tree", "--format", "github"]


def no_secret(folder: Path, stdout: str, stderr: str) -> None:
    assert "SECRET-TOKEN" not in stdout + stderr
    assert "x.plan.yaml: skipped: a symbolic link to a file outside" in stderr


def output_is_a_plan(folder: Path) -> list:
    write(folder, "a.plan.yaml", VALID)
    return ["a.plan.yaml", "-o", "./a.plan.yaml"]


def plan_untouched(folder: Path, stdout: str, stderr: str) -> None:
    assert (folder / "a.plan.yaml").read_text(encoding="utf-8") == VALID


def no_raw_controls(folder: Path, stdout: str, stderr: str) -> None:
    for char in ("\x1b", "\r", "\u202e"):
        assert char not in stdout, repr(char)
    # One finding, the note that the safety rules were not run, the summary: nothing forged.
    lines = stdout.splitlines()
    assert len(lines) == 3 and "safety rules not run" in lines[1] and lines[2].startswith("Checked 1 file: 1 error")
    assert "\\x1b[2J" in stdout and "\\u202e" in stdout


def valid_json(folder: Path, stdout: str, stderr: str) -> None:
    import json

    json.loads(stdout)


def sarif_uri_without_dots(folder: Path, stdout: str, stderr: str) -> None:
    import json

    uri = json.loads(stdout)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert ".." not in uri and uri.startswith("file:")


def stdin_dotdot(folder: Path) -> list:
    return ["-", "--stdin-filename", "../../x.plan.yaml", "--format", "sarif"]


def non_utf8_name(folder: Path) -> list:
    name = os.fsdecode(b"bad-\xff-name.plan.yaml")
    (folder / "plans").mkdir()
    (folder / "plans" / name).write_text("planlint: 1\n", encoding="utf-8")
    return ["plans", "--format", "sarif"]


def sarif_percent_encoded(folder: Path, stdout: str, stderr: str) -> None:
    import json

    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in json.loads(stdout)["runs"][0]["results"]}
    assert uris == {"plans/bad-%FF-name.plan.yaml"}


def many_files(count: int = 70, die: bool = False) -> Build:
    def build(folder: Path) -> list:
        for i in range(count):
            write(folder, f"plans/p{i:03d}.plan.yaml", VALID.replace("id: yaml12", f"id: p{i:03d}"))
        if die:
            write(folder, "plans/p033.plan.yaml", VALID.replace("id: yaml12", "id: die"))
        return ["plans", "-j", "100000" if not die else "2"]

    return build


def all_files_reported(count: int, dead: str | None = None) -> Check:
    def check(folder: Path, stdout: str, stderr: str) -> None:
        import json

        findings = json.loads(stdout)
        paths = {f["path"] for f in findings}
        assert len(paths) == count
        internal = [f for f in findings if f["code"] == "PL000"]
        if dead:
            assert [f["path"] for f in internal] == [os.path.join("plans", dead)]
            assert "died" in internal[0]["message"]
        else:
            assert not internal

    return check


def _fixed_everywhere(sessions_fixed: int, stderr: str, verb: str) -> None:
    assert sessions_fixed == 5_000, sessions_fixed
    assert f"{verb} 20000 findings in 1 file" in stderr, stderr[-500:]


def with_gitignore(content: bytes | None = None, make=None, plan_name: str = "a.plan.yaml") -> Build:
    """A repository holding one plan and a .gitignore (``content``, or made by ``make``)."""

    def build(folder: Path) -> list:
        (folder / ".git").mkdir()
        write(folder, f"plans/{plan_name}", VALID)
        if make is not None:
            make(folder, folder / "plans" / ".gitignore")
        else:
            write(folder, "plans/.gitignore", content)
        return ["plans"]

    return build


def deep_tree(depth: int = 1500) -> Build:
    def build(folder: Path) -> list:
        write(folder, "tree/top.plan.yaml", VALID)
        current = folder / "tree"
        for _ in range(depth):
            current = current / "d"
            current.mkdir()
        write(current, "deep.plan.yaml", VALID)
        return ["tree"]

    return build


def folders_with_gitignores(count: int = 12_000) -> Build:
    """Many sibling folders, each with a .gitignore and a sub-folder: every path used to be
    checked against every .gitignore read so far."""

    def build(folder: Path) -> list:
        (folder / ".git").mkdir()
        for i in range(count):
            write(folder, f"tree/f{i:05d}/.gitignore", "*.tmp\n")
            (folder / f"tree/f{i:05d}/sub").mkdir()  # checked after its folder's .gitignore is read
        write(folder, "tree/f00000/a.plan.yaml", VALID)
        return ["tree"]

    return build


def both_plans_found(folder: Path, stdout: str, stderr: str) -> None:
    import json

    assert sorted(os.path.basename(f["path"]) for f in json.loads(stdout) if f["code"] == "HS004") == [
        "deep.plan.yaml",
        "top.plan.yaml",
    ]


def note_about(fragment: str) -> Check:
    def check(folder: Path, stdout: str, stderr: str) -> None:
        assert "planlint: note: cannot read the .gitignore" in stderr and fragment in stderr, stderr[-500:]

    return check


def with_baseline(content: bytes | None = None, make=None) -> Build:
    """A plan and a baseline for it (``content``, or made by ``make``), run with --baseline."""

    def build(folder: Path) -> list:
        write(folder, "a.plan.yaml", VALID)
        if make is not None:
            make(folder / "baseline.json")
        else:
            write(folder, "baseline.json", content)
        return ["a.plan.yaml", "--baseline", "baseline.json"]

    return build


def baseline_entry(**fields) -> bytes:
    import json

    item = {"path": "a.plan.yaml", "code": "HS004", "fingerprint": "f", "message": "m", **fields}
    return json.dumps({"version": 1, "tool": "planlint", "findings": [item] * 1000}).encode()


UNSAFE = (EXAMPLES / "hamstring-unsafe.plan.yaml").read_text(encoding="utf-8")


def cache_env(inside_checkout: bool) -> Callable[[Path], dict]:
    """The user's cache folder in the case's folder; PLANLINT_CACHE_DIR in the checkout
    (a user who keeps the cache in the project) when ``inside_checkout``, else unset (the
    default: per-user now; ``.planlint_cache`` in the working folder, the checkout, before)."""

    def env(folder: Path) -> dict:
        chosen = str(folder / "checkout" / ".planlint_cache") if inside_checkout else None
        return {"XDG_CACHE_HOME": str(folder / "user-cache"), "PLANLINT_CACHE_DIR": chosen}

    return env


def checkout_with_cache_links(folder: Path) -> list:
    """A checkout that ships .planlint_cache with CACHEDIR.TAG linked to a file of the
    user's and .gitignore a dangling link (a plain check used to overwrite / create them)."""
    write(folder, "victim/precious.txt", "precious\n")
    write(folder, "checkout/plans/a.plan.yaml", UNSAFE)
    cache = folder / "checkout" / ".planlint_cache"
    cache.mkdir()
    os.symlink(folder / "victim" / "precious.txt", cache / "CACHEDIR.TAG")
    os.symlink(folder / "victim" / "created", cache / ".gitignore")
    return ["plans"]


def victim_untouched(folder: Path, stdout: str, stderr: str) -> None:
    assert (folder / "victim" / "precious.txt").read_text() == "precious\n"
    assert sorted(p.name for p in (folder / "victim").iterdir()) == ["precious.txt"]


def checkout_cache_is_a_link(folder: Path) -> list:
    (folder / "victim").mkdir()
    write(folder, "checkout/plans/a.plan.yaml", UNSAFE)
    os.symlink(folder / "victim", folder / "checkout" / ".planlint_cache")
    return ["plans"]


def nothing_in_victim(folder: Path, stdout: str, stderr: str) -> None:
    assert list((folder / "victim").iterdir()) == []


def checkout_with_linked_shards(folder: Path) -> list:
    """Shards linked to another folder, and 50,001 dummy entries to make pruning run (in
    the v1 layout of planlint 0.1, which followed linked shards; the v2 layout gets linked
    shards too): pruning used to delete the other folder's files, oldest first."""
    import tempfile

    write(folder, "checkout/plans/a.plan.yaml", UNSAFE)
    cache = folder / "checkout" / ".planlint_cache"
    # 50,001 files take 10 s on a slow disk and 0.3 s in memory: built in /dev/shm when there is one.
    dummies = Path(tempfile.mkdtemp(dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else folder))
    (folder / "cleanup").write_text(str(dummies))
    for number in range(50_001):
        os.close(os.open(dummies / f"{number:064x}.json", os.O_CREAT | os.O_WRONLY, 0o600))
    (cache / "v1").mkdir(parents=True)
    (cache / "v2").mkdir(parents=True)
    os.symlink(dummies, cache / "v1" / "00")
    for layout, suffix in (("v1", ".json"), ("v2", ".entry")):
        for shard in range(16):
            target = folder / "victim" / layout / f"{shard:x}"
            target.mkdir(parents=True)
            for number in range(4):
                (target / f"{number:064x}{suffix}").write_text("keep")
                os.utime(target / f"{number:064x}{suffix}", (946684800, 946684800))  # older than any entry
            os.symlink(target, cache / layout / f"a{shard:x}")
    return ["plans"]


def remove_dummies(folder: Path) -> None:
    import subprocess

    if (folder / "cleanup").exists():
        subprocess.run(["rm", "-rf", (folder / "cleanup").read_text()], check=False)


def victim_entries_kept(folder: Path, stdout: str, stderr: str) -> None:
    kept = [p.read_text() for p in (folder / "victim").rglob("*") if p.is_file()]
    assert kept == ["keep"] * (2 * 16 * 4), len(kept)


FORGE = """
import hashlib, hmac, json, os, sys
from pathlib import Path
from planlint import cache as cache_module
from planlint.config import ConfigResolver
from planlint.engine import Linter
plan, where = sys.argv[1], Path(sys.argv[2])
linter = Linter(ConfigResolver(search=False))
cache = cache_module.for_linter(linter, where)
key = cache.key(plan, Path(plan).read_bytes(), linter.settings_for(plan).token)
if cache_module.FORMAT == "v1":  # planlint <= 0.1: the entry carries its own key, and is believed
    (where / "v1" / key[:2]).mkdir(parents=True)
    (where / "v1" / key[:2] / f"{key}.json").write_text(json.dumps({"key": key, "rules_skipped": False, "fail_on": 2, "findings": []}))
else:  # the attacker has everything but the per-user secret: guesses one, and ships it too
    secret = b"g" * 32
    (where / "v2").mkdir(parents=True)
    (where / "secret").write_bytes(secret)
    name = hmac.new(secret, b"name\\0" + key.encode(), hashlib.sha256).hexdigest()
    body = json.dumps({"rules_skipped": False, "fail_on": 2, "findings": []}).encode()
    mac = hmac.new(secret, b"entry\\0" + key.encode() + b"\\0" + body, hashlib.sha256).hexdigest().encode()
    (where / "v2" / name[:2]).mkdir()
    (where / "v2" / name[:2] / f"{name}.entry").write_bytes(mac + b"\\n" + body)
"""


def checkout_with_a_forged_entry(folder: Path) -> list:
    """A committed cache entry for an unsafe plan, with no findings: on the same install
    (a shared CI image) it made the plan pass with exit 0."""
    import subprocess
    import sys

    plan = write(folder, "checkout/plans/a.plan.yaml", UNSAFE)
    env = {**os.environ, "XDG_CACHE_HOME": str(folder / "user-cache")}
    subprocess.run(
        [sys.executable, "-c", FORGE, "plans/a.plan.yaml", str(folder / "checkout" / ".planlint_cache")],
        cwd=plan.parent.parent,
        env=env,
        check=True,
    )
    return ["plans/a.plan.yaml"]


def report_page(folder: Path):
    """The report's page, parsed enough to count its parts."""
    import re

    text = (folder / "report.html").read_text(encoding="utf-8")
    return text, {
        "plans": len(re.findall(r'<section class="plan[ "]', text)),
        "failed": text.count('data-card="failed"'),
        "rules": text.count('class="rule-text"'),
        "explain links": text.count('class="explain-link"'),
    }


def examples_and_one_huge_kg(folder: Path) -> list:
    """Every example plan, one with ``kg: 1.7e308``: the whole report used to fail (exit 3, no page)."""
    for example in sorted(EXAMPLES.glob("*.plan.yaml")):
        text = example.read_text(encoding="utf-8")
        if example.name == "acl-reconstruction-late-stage.plan.yaml":  # one plan, whatever other examples hold
            text = text.replace("load: {kg: 80}", "load: {kg: 1.7e308}")
        write(folder, f"plans/{example.name}", text)
    return ["plans", "-o", "report.html"]


def one_card_failed_the_others_drawn(folder: Path, stdout: str, stderr: str) -> None:
    text, parts = report_page(folder)
    assert parts["plans"] == len(list(EXAMPLES.glob("*.plan.yaml"))) and parts["failed"] == 1, parts
    assert "could not draw this plan (OverflowError" in text


def big_plan_report(folder: Path, stdout: str, stderr: str) -> None:
    text, parts = report_page(folder)
    # 10,000 findings of 5 codes: each code's text once, 5,000 findings listed (the bound)
    assert parts["rules"] == 5 and parts["explain links"] == 5_000, parts
    assert "and 5003 more findings not listed here" in text
    assert len(text) < 30 * 1024 * 1024  # 44 MB before, each finding with its explain text


def bidi_title(folder: Path) -> list:
    write(folder, "a.plan.yaml", VALID.replace("title: ", "title: \u202eevil\u200b ", 1) if "title: " in VALID else VALID)
    return ["a.plan.yaml", "-o", "report.html"]


def no_raw_bidi(folder: Path, stdout: str, stderr: str) -> None:
    text, _ = report_page(folder)
    assert "\u202e" not in text and "\u200b" not in text
    assert "\\u202eevil\\u200b" in text


def lsp_open_big_plan(folder: Path) -> list:
    """10,000 findings published: the line list was rebuilt twice per diagnostic (28 s)."""
    text = recipes.sprint_sessions().decode()
    (folder / "big.plan.yaml").write_text(text, encoding="utf-8")
    (folder / "stdin").write_bytes(lsp_session.session(lsp_session.did_open(folder / "big.plan.yaml", text)))
    return []


def lsp_published(count: int | None, name: str) -> Check:
    """The diagnostics of ``name`` were published: ``count`` of them (None: HS004 among them)."""

    def check(folder: Path, stdout: str, stderr: str) -> None:
        messages = lsp_session.replies(stdout)
        diagnostics = lsp_session.diagnostics_of(messages, (folder / name).as_uri())
        assert count is None or len(diagnostics) == count, len(diagnostics)
        assert count is not None or "HS004" in {d["code"] for d in diagnostics}
        assert not any(d["code"] in ("internal", "configuration") for d in diagnostics)

    return check


def crowded_line_session(path: Path, count: int) -> bytes:
    """Write a plan with ``count`` findings on one line at ``path``; the language-server
    session that opens it, asks for a code action on all of them, then for "fix all"."""
    sessions = ", ".join(f"{{day: {2 + i % 3}, phase: a, duration: 45m}}" for i in range(count))
    text = recipes.HEAD.replace("occurred: 2026-03-14}", "occurred: 2026-03-14T17:30:00+01:00}") + f"sessions: [{sessions}]\n"
    path.write_text(text, encoding="utf-8")
    line = text.count("\n") - 1
    diagnostics = [
        {
            "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 10}},
            "message": "x",
            "code": "PL003",
            "source": "planlint",
            "data": {"finding": i, "version": 1},
        }
        for i in range(count)
    ]
    return lsp_session.session(
        lsp_session.did_open(path, text),
        lsp_session.code_action(2, path.as_uri(), line, diagnostics),
        lsp_session.code_action(3, path.as_uri(), line, [], only=["source.fixAll"]),
    )


def lsp_code_action_on_a_crowded_line(folder: Path) -> list:
    """1,000 findings on one line of a 40 KB plan, and a code action asked for all of them
    (each suppression re-parsed the document: 79 s), then "fix all"."""
    (folder / "stdin").write_bytes(crowded_line_session(folder / "crowded.plan.yaml", 1000))
    return []


def crowded_line_answered(folder: Path, stdout: str, stderr: str) -> None:
    messages = lsp_session.replies(stdout)
    quick = next(m for m in messages if m.get("id") == 2)["result"]
    assert len(quick) == 200 and sum(1 for a in quick if a["title"].startswith("Suppress")) == 1
    (fix_all,) = next(m for m in messages if m.get("id") == 3)["result"]
    assert fix_all["title"] == "planlint: fix all (1000 safe fixes)"


def lsp_change_unopened(make) -> Build:
    """A change to a document the client never opened, named like a plan: ignored, never
    read (a FIFO hung the server, /dev/zero ran it out of memory); the next document is linted."""

    def build(folder: Path) -> list:
        make(folder / "never-opened.plan.yaml")
        write(folder, "a.plan.yaml", VALID)
        stdin = lsp_session.session(
            lsp_session.did_change((folder / "never-opened.plan.yaml").as_uri(), 2, "x"),
            lsp_session.did_open(folder / "a.plan.yaml", VALID),
        )
        (folder / "stdin").write_bytes(stdin)
        return []

    return build


def lsp_strange_uris(folder: Path) -> list:
    """URIs no file can have: a NUL, a lone surrogate (was "planlint failed")."""
    stdin = lsp_session.session(
        lsp_session.did_open(folder / "x", VALID, uri="file:///tmp/bad%00name.plan.yaml"),
        lsp_session.did_open(folder / "x", VALID, uri="file:///tmp/bad\ud800name.plan.yaml"),
    )
    (folder / "stdin").write_bytes(stdin)
    return []


def strange_uris_linted(folder: Path, stdout: str, stderr: str) -> None:
    messages = lsp_session.replies(stdout)
    for uri in ("file:///tmp/bad%00name.plan.yaml", "file:///tmp/bad\ud800name.plan.yaml"):
        codes = {d["code"] for d in lsp_session.diagnostics_of(messages, uri)}
        assert "HS004" in codes and "internal" not in codes, codes


def stdin_file(folder: Path) -> bytes:
    return (folder / "stdin").read_bytes()


def repository(make) -> Build:
    """A repository to run ``planlint init`` in (``repo``), a folder outside it (``outside``,
    holding a settings.json of ``{}``), and what ``make`` plants in it."""

    def build(folder: Path) -> list:
        write(folder, "repo/plans/a.plan.yaml", VALID)
        write(folder, "outside/settings.json", "{}\n")
        make(folder)
        return ["repo"]

    return build


def outside_untouched(folder: Path, stdout: str, stderr: str) -> None:
    assert sorted(p.name for p in (folder / "outside").iterdir()) == ["settings.json"]
    assert (folder / "outside" / "settings.json").read_text() == "{}\n"


def left_alone(name: str, why: str) -> Check:
    def check(folder: Path, stdout: str, stderr: str) -> None:
        outside_untouched(folder, stdout, stderr)
        assert f"left alone {name}: {why}" in stdout, stdout

    return check


def escaped_plan_name(folder: Path) -> list:
    write(folder, "repo/plans/\x1b]0;pwned\x07\x1b[2J.plan.yaml", VALID)
    (folder / "outside").mkdir()
    (folder / "outside" / "settings.json").write_text("{}\n")
    return ["repo"]


def name_escaped(folder: Path, stdout: str, stderr: str) -> None:
    assert "\x1b" not in stdout and "\x07" not in stdout
    assert "(for plans/\\x1b]0;pwned\\x07\\x1b[2J.plan.yaml)" in stdout, stdout


# ----------------------------------------------------------------------------- plugins

PLUGIN_HEADER = """
import os, signal, sys
from planlint.api import Evidence, Rule, Severity, Span, Violation, rules_hook, hookimpl


class Base(Rule):
    code, name, severity = "ZZ001", "hostile", Severity.WARNING
    summary = why = instead = "x"
    evidence = (Evidence("practice", "x"),)
"""


def plugin(body: str) -> str:
    return PLUGIN_HEADER + textwrap.dedent(body)


RULE_EXIT = plugin("""
class Exits(Base):
    def check(self, plan, ctx):
        sys.exit(0)

planlint_rules = rules_hook([Exits])
""")
RULE_INTERRUPT = plugin("""
class Interrupts(Base):
    def check(self, plan, ctx):
        raise KeyboardInterrupt

planlint_rules = rules_hook([Interrupts])
""")
RULE_LOOPS = plugin("""
class Loops(Base):
    def check(self, plan, ctx):
        while True:
            try:
                pass
            except Exception:
                pass

planlint_rules = rules_hook([Loops])
""")
RULE_ENDLESS = plugin("""
class Endless(Base):
    def check(self, plan, ctx):
        while True:
            yield Violation(Span(1, 1, 1, 2), "again")

planlint_rules = rules_hook([Endless])
""")
RULE_BAD_SPANS = plugin("""
class Wild(Base):
    def check(self, plan, ctx):
        yield Violation(Span(-5, -1, -5, -1), "negative")
        yield Violation(Span(10_000, 3, 10_001, 1), "past the end")

planlint_rules = rules_hook([Wild])
""")
RULE_KILLS_WORKER = plugin("""
class Kills(Base):
    def check(self, plan, ctx):
        if plan.id == "die":
            os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer does
        return ()

planlint_rules = rules_hook([Kills])
""")
IMPORT_EXIT = plugin("raise SystemExit(0)\n")
IMPORT_INTERRUPT = plugin("raise KeyboardInterrupt\n")
HOOK_INT = plugin("""
@hookimpl
def planlint_rules():
    return 5
""")
CODE_INT = plugin("""
class Numbered(Base):
    code = 901
    def check(self, plan, ctx):
        return ()

planlint_rules = rules_hook([Numbered])
""")
SEVERITY_TEXT = plugin("""
class Texty(Base):
    severity = "error"
    def check(self, plan, ctx):
        return ()

planlint_rules = rules_hook([Texty])
""")
BAD_REGEX = plugin("""
from planlint.api import SchemaExtension

@hookimpl
def planlint_schema_extensions():
    return [SchemaExtension("hamstring", {"phase": {"properties": {"stage": {"type": "string", "pattern": "(unclosed"}}}})]
""")

# ----------------------------------------------------------------------------- the corpus

PL = frozenset


CASES: list[Case] = [
    # -- super-linear work: each bounded in time and memory
    Case("deep-flow-100k", generated(recipes.deep_flow), 1, PL({"PL001"}), seconds=5),
    Case("deep-block-100k", generated(recipes.deep_block), 1, PL({"PL001"}), seconds=5),
    Case("merge-over-20k-keys", generated(recipes.merge_wide), 1, PL({"PL003"}), seconds=8),
    # the real comment at the end of the line is found (and silences the PL003 there)
    Case("hash-strings-one-line", generated(recipes.hash_strings), 0, seconds=10),
    Case("disable-file-50k-lines", generated(recipes.disable_file_lines), 1, PL({"PL007"}), seconds=15),
    Case("libyaml-error-at-the-end-1mb", generated(recipes.late_error), 1, PL({"PL001"}), seconds=8),
    # The ':'-in-a-flow-value construct is quoted in a copy and read by libyaml: no size limit, the plan is linted.
    Case("yaml12-construct-in-a-large-file", generated(recipes.yaml12_large), 1, PL({"HS010", "PL106"}), seconds=5),
    Case("yaml12-fallback-at-its-size-limit", generated(recipes.yaml12_wide), 1, PL({"PL003"}), seconds=6),
    # 99,000 copies of a 30 KB text: past four times the file-size limit of text, refused as it is read.
    Case("block-scalar-aliased-99k", generated(recipes.alias_block), 1, PL({"PL001"}), seconds=8),
    Case("alias-bomb", generated(recipes.alias_bomb), 1, PL({"PL001"}), seconds=5),
    Case("int-list-10mib", generated(recipes.int_list), 1, PL({"PL001"}), seconds=10),
    Case("oversized-file", generated(recipes.oversized), 1, PL({"PL001"}), seconds=5),
    Case("sessions-past-the-limit", generated(recipes.many_sessions), 1, PL({"PL003"}), seconds=10),
    Case("aliased-sessions", generated(recipes.shared_sessions), 1, PL({"PL001"}), seconds=10),
    # 20,000 findings with a safe fix: --diff and --fix stay linear (were quadratic: 45 s at 10,000, 939 s at 40,000)
    Case(
        "diff-20k-fixes",
        lambda f: generated(recipes.many_fixes)(f) + ["--diff"],
        1,
        output=None,
        check=lambda f, out, err: _fixed_everywhere(out.count("+    duration: 45min\n"), err, "Would fix"),
        seconds=15,
    ),
    Case(
        "fix-20k-fixes",
        lambda f: generated(recipes.many_fixes)(f) + ["--fix", "--format", "json"],
        1,
        output=None,
        check=lambda f, out, err: _fixed_everywhere(
            (f / "hostile.plan.yaml").read_text(encoding="utf-8").count("duration: 45min\n"), err, "Fixed"
        ),
        seconds=15,
    ),
    # -- discovery: .gitignore files and trees from the repository under review
    # 19 bytes that backtrack exponentially as a regular expression, on a 200-character name: hung
    Case(
        "gitignore-backtracking-pattern",
        with_gitignore(b"*a*a*a*a*a*a*a*a*b\n", plan_name="a" * 200 + ".plan.yaml"),
        1,
        PL({"HS004"}),
        seconds=5,
    ),
    # git reads [z-a] as "z" (the range is empty): was an internal error with nothing checked
    Case("gitignore-empty-range", with_gitignore(b"[z-a]\n"), 1, PL({"HS004"}), seconds=5),
    Case("gitignore-one-mebibyte-line", with_gitignore(b"*a" * (512 * 1024 - 1) + b"\n"), 1, PL({"HS004"}), seconds=5),
    Case(
        "gitignore-link-to-a-fifo",
        with_gitignore(make=lambda f, target: (os.mkfifo(f / "pipe"), os.symlink(f / "pipe", target))),
        1,
        PL({"HS004"}),
        check=note_about("a symbolic link, not followed"),
        seconds=5,
    ),
    Case(
        "gitignore-is-a-fifo",
        with_gitignore(make=lambda f, target: os.mkfifo(target)),
        1,
        PL({"HS004"}),
        check=note_about("not a regular file"),
        seconds=5,
    ),
    Case(
        "gitignore-link-to-dev-zero",
        with_gitignore(make=lambda f, target: os.symlink("/dev/zero", target)),
        1,
        PL({"HS004"}),
        check=note_about("a symbolic link, not followed"),
        seconds=5,
    ),
    Case("tree-1500-folders-deep", deep_tree(), 1, PL({"HS004"}), check=both_plans_found, seconds=8),
    Case("gitignore-in-12000-folders", folders_with_gitignores(), 1, PL({"HS004"}), seconds=5),
    Case(
        "exclude-setting-with-an-empty-range",
        lambda f: [*with_config("")(f)[:0], ".", "--exclude", "[z-a]"],
        2,
        stderr="exclude: the pattern '[z-a]' has a range whose end comes before its start",
    ),
    # -- planlint report: per-plan degradation, linear pins, shared explain texts, escapes
    Case(
        "report-one-plan-with-kg-1.7e308",
        examples_and_one_huge_kg,
        1,
        output=None,
        check=one_card_failed_the_others_drawn,
        command=("report",),
    ),
    Case(
        "report-10000-sessions-10000-findings",
        lambda f: generated(recipes.sprint_sessions)(f) + ["-o", "report.html"],
        1,
        output=None,
        check=big_plan_report,
        command=("report",),
        seconds=15,
    ),
    Case("report-bidi-title", bidi_title, 1, output=None, check=no_raw_bidi, command=("report",)),
    # -- planlint lsp: recorded sessions
    Case(
        "lsp-10000-findings-published",
        lsp_open_big_plan,
        0,
        output=None,
        check=lsp_published(10_003, "big.plan.yaml"),
        command=("lsp",),
        seconds=15,
        extra={"stdin": stdin_file},
    ),
    Case(
        "lsp-code-action-on-1000-findings-on-one-line",
        lsp_code_action_on_a_crowded_line,
        0,
        output=None,
        check=crowded_line_answered,
        command=("lsp",),
        seconds=15,
        extra={"stdin": stdin_file},
    ),
    Case(
        "lsp-change-to-an-unopened-fifo",
        lsp_change_unopened(os.mkfifo),
        0,
        output=None,
        check=lsp_published(None, "a.plan.yaml"),
        command=("lsp",),
        extra={"stdin": stdin_file},
    ),
    Case(
        "lsp-change-to-an-unopened-link-to-dev-zero",
        lsp_change_unopened(lambda path: os.symlink("/dev/zero", path)),
        0,
        output=None,
        check=lsp_published(None, "a.plan.yaml"),
        command=("lsp",),
        extra={"stdin": stdin_file},
    ),
    Case(
        "lsp-uris-with-a-nul-and-a-lone-surrogate",
        lsp_strange_uris,
        0,
        output=None,
        check=strange_uris_linted,
        command=("lsp",),
        extra={"stdin": stdin_file},
    ),
    # -- planlint init in a repository under review: no FIFO read, no link written through
    Case(
        "init-settings-json-is-a-fifo",
        repository(lambda f: ((f / "repo/.vscode").mkdir(), os.mkfifo(f / "repo/.vscode/settings.json"))),
        0,
        output=None,
        check=left_alone(".vscode/settings.json", "it is not a regular UTF-8 file of at most 1 MiB"),
        command=("init",),
    ),
    Case(
        "init-settings-json-links-out-of-the-repository",
        repository(
            lambda f: ((f / "repo/.vscode").mkdir(), os.symlink(f / "outside/settings.json", f / "repo/.vscode/settings.json"))
        ),
        0,
        output=None,
        check=left_alone(".vscode/settings.json", "it is a symbolic link; planlint init does not write through one"),
        command=("init",),
    ),
    Case(
        "init-vscode-folder-links-out-of-the-repository",
        repository(lambda f: os.symlink(f / "outside", f / "repo/.vscode")),
        0,
        output=None,
        check=left_alone(".vscode/settings.json", "its folder is a symbolic link to outside the repository"),
        command=("init",),
    ),
    Case(
        "init-schema-folder-links-out-of-the-repository",
        repository(lambda f: os.symlink(f / "outside", f / "repo/.planlint")),
        0,
        output=None,
        check=left_alone(".planlint/plan.schema.json", "its folder is a symbolic link to outside the repository"),
        command=("init",),
    ),
    Case(
        "init-pre-commit-config-is-a-fifo",
        repository(lambda f: os.mkfifo(f / "repo/.pre-commit-config.yaml")),
        0,
        output=None,
        check=left_alone(".pre-commit-config.yaml", "it exists"),
        command=("init",),
    ),
    Case("init-plan-named-with-escape-sequences", escaped_plan_name, 0, output=None, check=name_escaped, command=("init",)),
    # -- tracebacks from tiny files
    Case("unicode-out-of-range", copy("unicode-out-of-range.plan.yaml"), 1, PL({"PL001"})),
    Case("out-of-range-through-yaml12", copy("out-of-range-through-yaml12.plan.yaml"), 1, PL({"PL001"})),
    Case("surrogate-value", copy("surrogate-value.plan.yaml"), 1, PL({"PL001"})),
    Case("surrogate-key", copy("surrogate-key.plan.yaml"), 1, PL({"PL001"})),
    Case("surrogate-through-yaml12-json", copy("surrogate-through-yaml12.plan.yaml"), 1, PL({"PL003"})),
    Case(
        "surrogate-through-yaml12-text",
        lambda f: copy("surrogate-through-yaml12.plan.yaml")(f) + ["--format", "text"],
        1,
        output=None,
    ),
    Case(
        "surrogate-through-yaml12-github",
        lambda f: copy("surrogate-through-yaml12.plan.yaml")(f) + ["--format", "github"],
        1,
        output=None,
    ),
    Case(
        "surrogate-through-yaml12-sarif",
        lambda f: copy("surrogate-through-yaml12.plan.yaml")(f) + ["--format", "sarif"],
        1,
        output=None,
        check=valid_json,
    ),
    Case("raw-control-byte", copy("raw-escape-byte.plan.yaml"), 1, PL({"PL001"})),
    Case("day-1e308", copy("day-1e308.plan.yaml"), 1, PL({"PL003"})),
    Case("day-310-digits", generated(lambda: recipes.long_digits("day", 310)), 1, PL({"PL003"})),
    Case("day-5000-digits", generated(lambda: recipes.long_digits("day", 5000)), 1, PL({"PL001"})),
    Case("version-3600-hex-digits", generated(recipes.huge_hex_version), 1, PL({"PL006"})),
    Case("reassess-soreness-400-digits", generated(lambda: recipes.long_digits("reassess", 400)), 1, PL({"PL003"})),
    Case("non-utf8-file-name-sarif", non_utf8_name, 1, output=None, check=sarif_percent_encoded),
    Case(
        "output-to-dev-full",
        lambda f: copy("day-1e308.plan.yaml")(f) + ["-o", "/dev/full"],
        2,
        stderr="cannot write the report to /dev/full",
        output=None,
    ),
    Case("config-not-utf8", with_config(b"select = ['\xff']\n"), 2, stderr="not UTF-8"),
    Case("config-100k-arrays-deep", with_config(recipes.deep_toml()), 2, stderr="invalid TOML"),
    Case("config-tool-is-a-number", with_config("tool = 5\n"), 2, stderr="'tool' must be a table"),
    Case(
        "catalog-contraction-is-a-list",
        with_catalog(lambda f: str(write(f, "c.yaml", "drill: {contraction: [a], kind: strength}\n"))),
        2,
        stderr="has contraction ['a']",
    ),
    # -- configuration values past what a machine can give: exit 2, not exit 3 (MemoryError, OverflowError)
    Case(
        "config-max-bytes-1e17",
        with_config("[limits]\nmax-bytes = 100000000000000000\n"),
        2,
        stderr="limits.max-bytes must be at most 268435456 (256 MiB)",
    ),
    Case(
        "config-rule-timeout-1e300",
        with_config("rule-timeout = 1e300\n"),
        2,
        stderr="rule-timeout must be a number of seconds from 0.001 to 3600, or 0 (no budget)",
    ),
    Case(
        "catalog-is-a-folder",
        with_catalog(lambda f: str(f)),
        2,
        stderr="not a regular file (a folder, a pipe or a device)",
    ),
    # -- baselines from the repository under review: bounded, exit 2 (were exit 3, or 60 s at 1.6 GB)
    Case(
        "baseline-count-1e18",
        with_baseline(baseline_entry(count=10**18)),
        2,
        stderr="baseline.json: baseline entry 1: count must be a whole number from 1 to 1,000,000",
    ),
    Case(
        "baseline-nested-100k-deep",
        with_baseline(b'{"version": 1, "findings": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"),
        2,
        stderr="not a planlint baseline (JSON nested far deeper than the format)",
    ),
    Case(
        "baseline-message-nested-900-deep",
        with_baseline(
            b'{"version": 1, "findings": [{"path": "a", "code": "c", "fingerprint": "f", "message": '
            + b"[" * 900
            + b"]" * 900
            + b"}]}"
        ),
        2,
        stderr="baseline.json: baseline entry 1: message must be a text",
    ),
    Case(
        "baseline-is-a-fifo",
        with_baseline(make=lambda path: os.mkfifo(path)),
        2,
        stderr="not a regular file",
    ),
    # 1,000 entries of count 1,000,000 (one key): counted, not expanded into 10**9 entries (was 951 MB, exit 3)
    Case(
        "baseline-1000-entries-of-count-1000000",
        with_baseline(baseline_entry(count=1_000_000)),
        1,
        stderr="1 baseline entry in baseline.json match no finding any more",
        seconds=5,
    ),
    # -- the findings cache: a checkout's cache folder is trusted for nothing
    Case(
        "cache-links-shipped-in-the-checkout",
        checkout_with_cache_links,
        1,
        PL({"HS001"}),
        check=victim_untouched,
        extra={"env": cache_env(inside_checkout=False), "cwd": "checkout"},
    ),
    Case(
        "cache-links-in-the-chosen-cache-folder",
        checkout_with_cache_links,
        1,
        PL({"HS001"}),
        check=victim_untouched,
        extra={"env": cache_env(inside_checkout=True), "cwd": "checkout"},
    ),
    Case(
        "cache-folder-is-a-link-out-of-the-checkout",
        checkout_cache_is_a_link,
        1,
        PL({"HS001"}),
        check=nothing_in_victim,
        extra={"env": cache_env(inside_checkout=True), "cwd": "checkout"},
    ),
    Case(
        "cache-shards-linked-out-and-50001-dummies",
        checkout_with_linked_shards,
        1,
        PL({"HS001"}),
        check=victim_entries_kept,
        seconds=10,
        extra={"env": cache_env(inside_checkout=True), "cwd": "checkout", "cleanup": remove_dummies},
    ),
    Case(
        "cache-forged-entry-for-an-unsafe-plan",
        checkout_with_a_forged_entry,
        1,
        PL({"HS001"}),
        extra={"env": cache_env(inside_checkout=True), "cwd": "checkout"},
    ),
    # -- silent passes
    Case("nan-and-inf-numbers", copy("nan-and-inf.plan.yaml"), 1, PL({"PL003"})),
    Case("option-nan", with_config("[rules.HS001]\nmin-hours = nan\n"), 2, stderr="expected a finite number"),
    Case("option-inf", with_config("[rules.HS001]\nmin-hours = inf\n"), 2, stderr="expected a finite number"),
    Case("select-empty", lambda f: copy("day-1e308.plan.yaml")(f) + ["--select", ""], 2, stderr="selects no rule"),
    Case(
        "config-top-level-and-tool-table",
        with_config("ignore = ['HS008']\n[tool.planlint]\nfail-on = 'error'\n"),
        2,
        stderr="both top-level keys",
    ),
    # -- data loss and leaks
    Case(
        "output-names-a-linted-plan", output_is_a_plan, 2, stderr="is one of the linted files", check=plan_untouched, output=None
    ),
    Case("symlink-out-of-the-tree", symlink_outside, 1, check=no_secret, output=None),
    Case("stdin-filename-climbs-out", stdin_dotdot, 1, check=sarif_uri_without_dots, output=None, extra={"stdin": VALID}),
    # -- terminal injection
    Case(
        "terminal-injection-text",
        lambda f: copy("terminal-injection.plan.yaml")(f) + ["--format", "text"],
        1,
        check=no_raw_controls,
        output=None,
    ),
    Case(
        "terminal-injection-github",
        lambda f: copy("terminal-injection.plan.yaml")(f) + ["--format", "github"],
        1,
        check=no_raw_controls,
        output=None,
    ),
    # -- runs: FIFOs, devices, jobs, dead workers
    Case("fifo-as-path", lambda f: [fifo(f, "p.plan.yaml")], 2, stderr="not a regular file"),
    Case("fifo-in-a-searched-folder", fifo_beside_a_plan, 1, PL({"HS004"})),
    Case("fifo-as-config", lambda f: with_config("")(f) + ["--config", fifo(f, "c.toml")], 2, stderr="not a regular file"),
    Case("fifo-as-catalog", with_catalog(lambda f: fifo(f, "c.yaml")), 2, stderr="not a regular file"),
    Case("dev-zero-as-config", lambda f: with_config("")(f) + ["--config", "/dev/zero"], 2, stderr="not a regular file"),
    Case("dev-zero-as-catalog", with_catalog(lambda f: "/dev/zero"), 2, stderr="not a regular file"),
    Case("jobs-100000", many_files(), 1, check=all_files_reported(70), seconds=20),
    Case(
        "worker-killed",
        many_files(die=True),
        3,
        PL({"PL000"}),
        plugin=RULE_KILLS_WORKER,
        check=all_files_reported(70, "p033.plan.yaml"),
        seconds=30,
    ),
    # -- plugins
    Case("rule-calls-sys-exit", copy("yaml12-colon.plan.yaml"), 3, PL({"PL000", "HS004"}), plugin=RULE_EXIT),
    Case("rule-raises-keyboardinterrupt", copy("yaml12-colon.plan.yaml"), 3, PL({"PL000", "HS004"}), plugin=RULE_INTERRUPT),
    Case(
        "rule-loops-forever",
        lambda f: with_config("rule-timeout = 1\n")(f),
        3,
        PL({"PL000", "HS004"}),
        plugin=RULE_LOOPS,
        seconds=8,
    ),
    Case("rule-endless-generator", copy("yaml12-colon.plan.yaml"), 3, PL({"PL000", "HS004"}), plugin=RULE_ENDLESS, seconds=8),
    Case(
        "rule-spans-outside-the-file",
        lambda f: copy("yaml12-colon.plan.yaml")(f) + ["--format", "sarif"],
        1,
        plugin=RULE_BAD_SPANS,
        output=None,
        check=valid_json,
    ),
    Case(
        "plugin-import-raises-systemexit",
        copy("yaml12-colon.plan.yaml"),
        3,
        PL({"HS004"}),
        plugin=IMPORT_EXIT,
        stderr="could not be loaded: SystemExit",
    ),
    Case(
        "plugin-import-raises-keyboardinterrupt",
        copy("yaml12-colon.plan.yaml"),
        3,
        PL({"HS004"}),
        plugin=IMPORT_INTERRUPT,
        stderr="could not be loaded: KeyboardInterrupt",
    ),
    Case(
        "hook-returns-an-int",
        copy("yaml12-colon.plan.yaml"),
        3,
        PL({"HS004"}),
        plugin=HOOK_INT,
        stderr="returned rules that are not a list",
    ),
    Case("rule-code-is-an-int", copy("yaml12-colon.plan.yaml"), 3, PL({"HS004"}), plugin=CODE_INT, stderr="the code 901 must be"),
    Case(
        "rule-severity-is-text",
        copy("yaml12-colon.plan.yaml"),
        3,
        PL({"HS004"}),
        plugin=SEVERITY_TEXT,
        stderr="is not a planlint Severity",
    ),
    Case(
        "schema-extension-bad-regex",
        copy("yaml12-colon.plan.yaml"),
        3,
        PL({"HS004"}),
        plugin=BAD_REGEX,
        stderr="has a bad regular expression: missing ), unterminated subpattern",
    ),
]
