"""planlint's own codes and packs conform: documented, tested by fixtures, reference page current."""

from pathlib import Path

from planlint.engine import Linter
from planlint.run import lint_file
from planlint.testing import check_pack

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "rules"
LINTER = Linter()
DOCUMENTED = LINTER.documented()


def test_catalog_codes_are_all_present():
    expected = {f"PL00{i}" for i in range(8)} | {f"PL1{i:02d}" for i in range(1, 13)} | {f"HS0{i:02d}" for i in range(1, 14)}
    expected |= {f"MS00{i}" for i in range(1, 6)} | {"MS101", "MS102", "MS201", "MS301"}
    assert expected <= set(DOCUMENTED)


def test_builtin_packs_are_the_entry_points_of_planlint():
    builtin = {info.name for info in LINTER.host.plugins if info.builtin}
    assert builtin == {"core", "hamstring", "muscle"}
    assert {DOCUMENTED[code][1] for code in DOCUMENTED if code.startswith(("PL1", "HS", "MS"))} == builtin


def test_builtin_packs_conform():
    # The pipeline codes ("planlint") and every pack planlint itself declares.
    check_pack(LINTER.host.builtin_names, FIXTURES, ROOT / "docs" / "rules.md")


def test_packaged_schema_matches_the_published_one():
    published = (ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8")
    packaged = (ROOT / "src" / "planlint" / "data" / "plan.schema.json").read_text(encoding="utf-8")
    assert packaged == published


def test_clean_examples_produce_no_findings():
    for name in (
        "hamstring-grade2b-criteria",
        "hamstring-grade1-sprinter",
        "calf-strain-masters-runner",
        "acl-reconstruction-late-stage",  # format 1.1: no suppression needed any more
        "achilles-tendinopathy-first-visit",
    ):
        result = lint_file(LINTER, str(ROOT / "examples" / f"{name}.plan.yaml"))
        assert [(f.code, f.line) for f in result.findings] == [], name
