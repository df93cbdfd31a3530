"""planlint's gitignore matcher against git itself, and discovery on hostile trees.

The differential tests build a work tree, write generated .gitignore files, and
compare what a folder search keeps with what ``git ls-files --others
--exclude-standard`` lists (git's own verdict, ancestors' exclusions included).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from planlint import discovery
from planlint.discovery import Exclusions, discover
from planlint.errors import ConfigError
from planlint.gitignore import PatternError, PatternList, check_setting

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

# Names with the characters patterns treat specially (all valid in file names).
NAMES = ["a", "b", "ab", "ba", "a b", "a*", "[a]", "a?b", "!a", "#a", "a\\b", "x.plan.yaml", "ab.plan.yaml", "-", "é"]
TOKENS = [
    "a",
    "b",
    "*",
    "**",
    "***",
    "?",
    "/",
    "/",
    "[ab]",
    "[!a]",
    "[^b]",
    "[a-b]",
    "[z-a]",
    "[]a]",
    "[!]]",
    "[a-]",
    "[[:alpha:]]",
    "[[:space:]]",
    "[[:bogus:]]",
    "[[:alpha:]",
    "[",
    "\\*",
    "\\[",
    "\\",
    " ",
    "\\ ",
    ".plan.yaml",
    "*.plan.yaml",
    "x",
    "é",
    "[é]",
    "\\/",
]


def _git(folder: Path, *args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True).stdout


def _random_pattern(rng: random.Random) -> str:
    body = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 5)))
    if rng.random() < 0.2:
        body = "!" + body
    if rng.random() < 0.2:
        body = "/" + body
    if rng.random() < 0.25:
        body += "/"
    return body


def _tree(root: Path, rng: random.Random) -> None:
    for _ in range(60):
        depth = rng.randint(1, 3)
        parts = [rng.choice(NAMES) for _ in range(depth)]
        path = root.joinpath(*parts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_text("x")
        except (NotADirectoryError, FileExistsError):
            continue  # a file where a folder would go: the tree keeps the file


def _git_keeps(root: Path) -> set[bytes]:
    listed = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    return {path for path in listed.split(b"\0") if path}


def _planlint_keeps(root: Path, monkeypatch) -> set[bytes]:
    monkeypatch.setattr(discovery, "is_plan_file", lambda name: True)  # every file, as git lists them
    found = discover([str(root)], Exclusions((".git/",), str(root), True))
    prefix = os.fsencode(str(root)) + b"/"
    return {os.fsencode(path)[len(prefix) :] for path in found.files}


def test_generated_gitignore_files_agree_with_git(tmp_path, monkeypatch):
    rng = random.Random(18)
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    _tree(root, rng)
    folders = [p for p in root.rglob("*") if p.is_dir() and ".git" not in p.parts]
    disagreements = []
    for trial in range(int(os.environ.get("GITIGNORE_TRIALS", "150"))):
        for old in root.rglob(".gitignore"):
            old.unlink()
        lines = [_random_pattern(rng) for _ in range(rng.randint(1, 6))]
        (root / ".gitignore").write_bytes(("\n".join(lines) + "\n").encode())
        nested = rng.choice(folders) if folders and rng.random() < 0.5 else None
        if nested is not None:
            (nested / ".gitignore").write_bytes((_random_pattern(rng) + "\n").encode())
        expected, actual = _git_keeps(root), _planlint_keeps(root, monkeypatch)
        if expected != actual:
            disagreements.append((trial, lines, nested, sorted(expected ^ actual)[:5]))
    assert not disagreements, disagreements[:3]


CLASSES = ["alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "xdigit"]


@pytest.mark.parametrize("name", CLASSES)
def test_character_classes_agree_with_git(tmp_path, monkeypatch, name):
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    for byte in [*range(1, 128), 0xC3]:
        if byte not in (ord("/"), ord(".")):
            (root / os.fsdecode(b"c" + bytes([byte]))).write_text("x")
    (root / ".gitignore").write_text(f"c[[:{name}:]]\n")
    assert _planlint_keeps(root, monkeypatch) == _git_keeps(root)


# ----------------------------------------------------------------------------- the matcher


def _ignored(patterns: str, path: str, is_dir: bool = False) -> bool | None:
    data = os.fsencode(path)
    return PatternList.parse(patterns.encode()).verdict(data, data.rfind(b"/") + 1, 0, is_dir)


def test_a_pattern_that_makes_a_regular_expression_backtrack_is_matched_at_once():
    """`*a*a*a*a*a*a*a*a*b` on a long name: exponential for a backtracking regex (the
    pathspec translation hung discovery); one pass here."""
    name = "a" * 250 + ".plan.yaml"
    assert _ignored("*a*a*a*a*a*a*a*a*b\n", name) is None
    assert _ignored("*a*a*a*a*a*a*a*a*b\n", "a" * 250 + "b") is True


def test_a_one_megabyte_pattern_is_read_once_and_matches_nothing_shorter():
    line = ("*a" * (512 * 1024)).encode()
    patterns = PatternList.parse(line + b"\n")
    assert patterns.verdict(b"aaa.plan.yaml", 0, 0, False) is None


def test_a_run_of_unclosed_classes_is_read_in_linear_time():
    """`[[:[:[:...` scans for the same `]` once, not once per `[:` (quadratic)."""
    patterns = PatternList.parse(b"x[" + b"[:" * 300_000 + b"a]\n")
    # git (checked with git 2.39 on x[[:[:[:a]): a set of "[", ":" and "a"
    assert [patterns.verdict(name, 0, 0, False) for name in (b"xa", b"x[", b"x:", b"xb")] == [True, True, True, None]


def test_git_rules_for_lines():
    assert _ignored("#a\n", "#a") is None  # a comment
    assert _ignored("\\#a\n", "#a") is True
    assert _ignored("a   \n", "a") is True  # trailing spaces trimmed
    assert _ignored("a\\ \n", "a ") is True  # unless escaped
    assert _ignored("a\r\n", "a") is True
    assert _ignored("a/\n", "a") is None and _ignored("a/\n", "a", True) is True
    assert _ignored("a\n!a\n", "a") is False  # the last line decides
    assert _ignored("/a\n", "b/a") is None and _ignored("a\n", "b/a") is True
    assert _ignored("a/**/b\n", "a/b") is True and _ignored("a/**/b\n", "a/x/y/b") is True
    assert _ignored("a/**/b\n", "a/xb") is None
    assert _ignored("[z-a]\n", "z") is True and _ignored("[z-a]\n", "m") is None  # git: only z
    assert _ignored("a[\n", "a[") is None  # an unclosed set matches nothing in git


def test_a_malformed_exclude_setting_is_a_configuration_error_that_says_why():
    with pytest.raises(PatternError, match=r"range whose end comes before its start \(like \[z-a\]\)"):
        check_setting("[z-a]")
    with pytest.raises(PatternError, match=r"a '\[' is never closed"):
        check_setting("drafts/[a")
    with pytest.raises(PatternError, match=r"\[:alhpa:\] is not a character class"):
        check_setting("[[:alhpa:]]")
    with pytest.raises(PatternError, match="ends with a backslash"):
        check_setting("x\\")
    check_setting("[a-z]*.plan.yaml")


# ----------------------------------------------------------------------------- discovery


def test_a_gitignore_that_is_a_fifo_a_device_or_a_link_is_not_read(tmp_path):
    for name, make in (
        ("fifo", lambda p: os.mkfifo(p)),
        ("zero", lambda p: os.symlink("/dev/zero", p)),
        ("link", lambda p: os.symlink(tmp_path / "elsewhere", p)),
    ):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "a.plan.yaml").write_text("x")
        (tmp_path / "elsewhere").write_text("*.plan.yaml\n")
        make(folder / ".gitignore")
        found = discover([str(folder)])
        assert found.files == [str(folder / "a.plan.yaml")]
        assert len(found.notes) == 1 and found.notes[0].endswith("; its patterns are not applied")
        assert str(folder / ".gitignore") in found.notes[0]


def test_a_gitignore_over_one_mebibyte_is_not_read(tmp_path):
    (tmp_path / "a.plan.yaml").write_text("x")
    (tmp_path / ".gitignore").write_bytes(b"*.plan.yaml\n" + b"#" * (1024 * 1024))
    found = discover([str(tmp_path)])
    assert found.files == [str(tmp_path / "a.plan.yaml")]
    assert found.notes == [f"{tmp_path / '.gitignore'}: larger than 1 MiB, not read; its patterns are not applied"]


def test_a_tree_1500_folders_deep_is_searched_without_recursion(tmp_path):
    deep = os.path.join(str(tmp_path), *(["d"] * 1500))
    os.makedirs(deep.rsplit(os.sep, 750)[0])  # makedirs recurses: build it in two halves
    os.chdir(deep.rsplit(os.sep, 750)[0])
    try:
        os.makedirs(os.path.join(*(["d"] * 750)))
    finally:
        os.chdir(tmp_path)
    Path(deep, "a.plan.yaml").write_text("x")
    (tmp_path / "top.plan.yaml").write_text("x")
    try:
        found = discover([str(tmp_path)])
        assert [Path(p).name for p in found.files] == ["top.plan.yaml", "a.plan.yaml"] and not found.problems
    finally:
        subprocess.run(["rm", "-rf", str(tmp_path / "d")], check=False)  # past shutil.rmtree's recursion


def test_each_path_is_checked_against_its_own_folders_gitignore_files_only(tmp_path, monkeypatch):
    for i in range(40):
        (tmp_path / f"f{i:02d}").mkdir()
        (tmp_path / f"f{i:02d}" / ".gitignore").write_text("*.tmp\n")
        (tmp_path / f"f{i:02d}" / "a.plan.yaml").write_text("x")
    calls = []
    real = PatternList.verdict

    def counting(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(PatternList, "verdict", counting)
    found = discover([str(tmp_path)], Exclusions((), str(tmp_path), True))
    assert len(found.files) == 40
    # A folder: the (empty) configured patterns only (the root has no .gitignore); a plan:
    # those and its own folder's .gitignore, never the 39 others (it was 40 + 1 each).
    assert len(calls) == 40 * 1 + 40 * 2


def test_an_exclude_setting_git_would_never_match_is_exit_2(tmp_path):
    from plan_edits import minimal_text, run, write

    write(tmp_path, "plans/a.plan.yaml", minimal_text())
    result = run("check", "--exclude", "[z-a]", tmp_path / "plans")
    assert result.exit_code == 2
    assert "exclude: the pattern '[z-a]' has a range whose end comes before its start" in result.stderr
    write(tmp_path, "planlint.toml", 'extend-exclude = ["drafts/[a"]\n')
    result = run("check", tmp_path / "plans")
    assert (
        result.exit_code == 2
        and "extend-exclude: the pattern 'drafts/[a' can never match: a '[' is never closed with ']'" in result.stderr
    )


def test_exclusions_outside_the_configuration_folder_apply_by_name(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "a.draft.plan.yaml").write_text("x")
    (tmp_path / "elsewhere" / "b.plan.yaml").write_text("x")
    found = discover([str(tmp_path / "elsewhere")], Exclusions(("*.draft.plan.yaml", "elsewhere/b*"), str(tmp_path / "cfg")))
    assert [Path(p).name for p in found.files] == ["b.plan.yaml"]


def test_configuration_errors_name_the_pattern():
    with pytest.raises(ConfigError, match=r"exclude: the pattern '\[z-a\]'"):
        discover(["."], Exclusions(("[z-a]",), "."))
