"""SECURITY.md's promises each name the tests that back them: every name must exist."""

from __future__ import annotations

import re
from pathlib import Path

from hostile.cases import CASES

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "SECURITY.md").read_text(encoding="utf-8")


def test_every_corpus_case_security_md_names_exists():
    flat = " ".join(TEXT.split()).replace("`[corpus: name]`", "")  # the page's own explanation of the notation
    named = {
        name.strip()
        for group in re.findall(r"\[corpus:\s*([^\];]+)", flat)  # up to the first ";" (test functions follow)
        for name in group.split(",")
        if name.strip() and name.strip() != "…"
    }
    assert len(named) > 40
    assert named <= {case.name for case in CASES}, sorted(named - {case.name for case in CASES})


def test_every_test_function_security_md_names_exists():
    named = set(re.findall(r"`(test_[a-z0-9_]+)`", TEXT))
    defined = {
        match
        for path in (ROOT / "tests").rglob("test_*.py")
        for match in re.findall(r"^(?:async )?def (test_[a-z0-9_]+)", path.read_text(encoding="utf-8"), re.MULTILINE)
    }
    assert len(named) >= 25
    assert named <= defined, sorted(named - defined)
