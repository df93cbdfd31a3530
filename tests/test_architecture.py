"""docs/architecture.md names every module of the package, and only modules that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "planlint"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def _modules() -> list[str]:
    """Modules by the name the document uses: `x.py`, or `folder/` for a subpackage's files."""
    return sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py") if path.name != "__init__.py")


def test_every_module_is_in_the_architecture_document():
    missing = []
    for module in _modules():
        name = Path(module).name
        folder = str(Path(module).parent)
        if f"`{module}`" in DOC or f"`{name}`" in DOC or (folder != "." and f"`{folder}/`" in DOC):
            continue
        missing.append(module)
    assert missing == []


def test_every_module_the_document_names_exists():
    named = set(re.findall(r"`((?:[a-z_]+/)?[a-z_]+\.py)`", DOC))
    files = {str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")}
    known = {Path(f).name for f in files} | files
    elsewhere = {"setup.py", "tests/test_builders.py", "tests/test_rule_docs.py"}  # named files outside the package
    assert sorted(name for name in named if name not in known | elsewhere) == []
    for name in elsewhere & named:
        assert (ROOT / name).is_file(), name
