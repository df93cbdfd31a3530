"""Every install command planlint prints or documents works where planlint is on no
package index (issue 19 item 1): a checkout path, or a requirement naming the
repository (`name @ git+https://...#subdirectory=plugins/name`), never a bare
distribution name pip would look up on an index."""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from planlint.sites import BUILTIN_SITES, REPOSITORY

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "plugins").glob("*/README.md"))]


def _requirements(command: str) -> list[str]:
    """The requirement arguments of one `pip install ...` command."""
    command = re.split(r"(?:&&|;|\|\||\s#)", command)[0]
    words = shlex.split(command)
    return [w for w in words[words.index("install") + 1 :] if not w.startswith("-")]


def _check(requirement: str, where: str) -> None:
    from packaging.requirements import Requirement

    if requirement.startswith((".", "/")) or requirement in ("-e",) or requirement.startswith("plugins/"):
        path = requirement.split("[", 1)[0]
        assert (ROOT / path).exists() or path in (".",), f"{where}: {requirement} is no folder of this repository"
        return
    parsed = Requirement(requirement)
    if parsed.name.startswith("planlint"):
        assert parsed.url and parsed.url.startswith(f"git+{REPOSITORY}"), f"{where}: {requirement} needs a package index"
        subdirectory = re.search(r"#subdirectory=([\w./-]+)", parsed.url)
        folder = ROOT / (subdirectory.group(1) if subdirectory else ".")
        if folder.exists():  # a plugin another branch adds is checked once it is here
            project = tomllib.loads((folder / "pyproject.toml").read_text(encoding="utf-8"))["project"]
            assert project["name"] == parsed.name, f"{where}: {requirement} installs {project['name']}"


def test_the_plugin_hints_give_commands_that_work():
    hinted = [site for site in BUILTIN_SITES if site.first_party]
    assert any(site.first_party == "planlint-concussion" for site in hinted)
    for site in hinted:
        commands = re.findall(r'pip install ("[^"]+"|\S+)', site.install)
        assert commands, site.install
        for command in commands:
            requirement = shlex.split(command.rstrip(";)"))[0]
            if requirement.startswith("./plugins/") and not (ROOT / requirement).exists():
                continue  # a plugin another branch adds (planlint-acl) is checked once it is here
            _check(requirement, f"the {site.name} hint")
        assert f'additional_dependencies: ["./plugins/{site.first_party}"]' in site.install


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_documented_installs_need_no_package_index(doc):
    text = doc.read_text(encoding="utf-8")
    # A command may be folded over lines (YAML `>-`): join those first.
    text = re.sub(r">-\n\s+pip install", " pip install", text)
    text = re.sub(r"\n\s{6,}(\"planlint)", r" \1", text)
    for command in re.findall(r"pip install[^\n`]*", text):
        if "planlint" not in command and "-e" not in command and "." not in command:
            continue
        for requirement in _requirements(command):
            if "planlint" in requirement or requirement.startswith((".", "plugins/")):
                _check(requirement.strip("'\""), f"{doc.name}: {command}")
