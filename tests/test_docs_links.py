"""What the README, examples/README.md and docs/ point at exists in the repository, and
the example plans copy cleanly into a plan repository (issue 19 item 10)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", ROOT / "examples" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_and_named_files_exist(doc):
    text = doc.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    named = re.findall(r"`((?:docs|schemas|examples|shared)/[\w./-]+\.(?:md|json|yaml))`", text)
    missing = []
    for target in links:
        if re.match(r"[a-z]+:", target):
            continue  # a URL
        if not (doc.parent / target).exists():
            missing.append(target)
    missing += [name for name in named if not (ROOT / name).exists() and not (doc.parent / name).exists()]
    assert missing == [], f"{doc.name} points at files the repository does not have"


def test_the_specs_are_shipped_and_linked():
    for name in ("plan-format-v1.md", "rules-v1.md"):
        assert (ROOT / "docs" / "spec" / name).is_file()
    assert "docs/spec/plan-format-v1.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_example_plans_carry_no_schema_modeline():
    """A modeline wins over `planlint init`'s mapping and its relative path breaks in a
    copy: the examples, the files people copy, have none."""
    for path in sorted((ROOT / "examples").glob("*.plan.yaml")):
        assert "yaml-language-server:" not in path.read_text(encoding="utf-8"), path.name
