"""The schema as editors use it: annotations on every property, friendly messages, the
catalog's ids for `ref`, the combined schema for plugins, and `planlint schema`/`catalog`."""

import copy
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from planlint.catalog import build_catalog
from planlint.cli import main
from planlint.editor_schema import dump, editor_schema, packaged_schema, site_schema
from planlint.loader import load_text
from planlint.schema import SchemaExtension, SchemaRegistry, _fast_check, base_schema, inline_refs

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = json.loads((ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8"))
STAGE = SchemaExtension(
    "concussion",
    {
        "phase": {
            "properties": {"stage": {"type": "integer", "minimum": 1, "maximum": 6, "title": "Stage", "description": "d"}},
            "required": ["stage"],
        }
    },
    gate_tests=["symptom_free_24h"],
)


def object_properties(schema):
    yield "plan", schema["properties"]
    for name, definition in schema["$defs"].items():
        if "properties" in definition:
            yield name, definition["properties"]
        for branch in definition.get("anyOf", ()):
            if "properties" in branch:
                yield name, branch["properties"]


def test_shipped_schema_is_current():
    assert (ROOT / "schemas" / "plan.schema.json").read_text(encoding="utf-8") == dump(packaged_schema()), (
        "regenerate it: python -m planlint.editor_schema --write"
    )


def test_the_id_is_where_the_published_file_is():
    assert SHIPPED["$id"] == "https://raw.githubusercontent.com/planlint/planlint/main/schemas/plan.schema.json"


@pytest.mark.parametrize("owner, properties", list(object_properties(SHIPPED)), ids=lambda v: v if isinstance(v, str) else "")
def test_every_property_has_a_description_markdown_and_examples(owner, properties):
    for key, prop in properties.items():
        missing = [k for k in ("title", "description", "markdownDescription", "examples") if k not in prop]
        assert not missing, f"{owner}.{key} has no {', '.join(missing)}"


def test_patterns_have_friendly_messages():
    def walk(node, where):
        if isinstance(node, dict):
            if "pattern" in node:
                message = node.get("patternErrorMessage") or node.get("errorMessage")  # the editor shows the first
                assert message and "^" not in message, where
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(SHIPPED, "#")
    assert "45min" in SHIPPED["$defs"]["duration"]["patternErrorMessage"]
    for name in ("athlete", "injury", "monitoring", "phase", "gate", "session", "exercise"):
        assert "spelling" in SHIPPED["$defs"][name]["errorMessage"]


def test_ref_completions_are_the_catalog_and_unknown_ids_stay_valid():
    ref = SHIPPED["$defs"]["exercise"]["properties"]["ref"]
    # Snippets, not an enum: yaml-language-server lists an enum's every value on hover (issue 19).
    assert "anyOf" not in ref and "enum" not in ref
    snippets = ref["defaultSnippets"]
    assert [s["label"] for s in snippets] == [s["body"] for s in snippets] == list(build_catalog().ids())
    described = {s["label"]: s["markdownDescription"] for s in snippets}
    assert "eccentric, strength" in described["nordic_hamstring_curl"]
    check = Draft202012Validator(ref)
    assert check.is_valid("club_only_drill") and not check.is_valid("Club Drill") and not check.is_valid(5)
    fast = _fast_check(ref)[0]
    assert fast("club_only_drill") and not fast("Club Drill")


def test_plugin_catalogs_and_club_catalogs_are_offered(tmp_path):
    catalog = build_catalog([("myplugin", {"sled_march": {"contraction": "concentric", "kind": "strength"}})])
    schema = site_schema([], None, catalog)
    snippets = schema["$defs"]["exercise"]["properties"]["ref"]["defaultSnippets"]
    assert snippets[-1]["label"] == "sled_march" and "from myplugin" in snippets[-1]["markdownDescription"]
    (tmp_path / "club.yaml").write_text("exercises:\n  club_drill: {contraction: mixed, kind: sport_specific}\n")
    (tmp_path / "planlint.toml").write_text('exercise-catalogs = ["club.yaml"]\n')
    result = CliRunner().invoke(main, ["schema", "--config", str(tmp_path / "planlint.toml")])
    assert result.exit_code == 0 and '"club_drill"' in result.stdout


def test_without_site_additions_the_editor_schema_is_the_shipped_one():
    assert editor_schema([], build_catalog()) == packaged_schema()
    assert dump(editor_schema([], build_catalog())) == (ROOT / "src" / "planlint" / "data" / "plan.schema.json").read_text(
        encoding="utf-8"
    )


# --------------------------------------------------------------------------- the combined schema


def documents():
    paths = sorted(ROOT.glob("tests/fixtures/**/*.plan.yaml")) + sorted(ROOT.glob("examples/*.plan.yaml"))
    paths += sorted(ROOT.glob("plugins/planlint-concussion/tests/fixtures/*/*.plan.yaml"))
    for path in paths:
        data = load_text(str(path), path.read_text(encoding="utf-8")).data
        if isinstance(data, dict):
            yield data


def per_site_validity(registry, document) -> bool:
    injury = document.get("injury")
    site = injury.get("site") if isinstance(injury, dict) else None
    return registry.validator(site if isinstance(site, str) else None).is_valid(document)


def test_combined_schema_accepts_what_each_site_schema_accepts():
    """One file for editors (the site picks the variant) means the same as planlint's
    per-site validation, with both jsonschema and the fast path."""
    combined = editor_schema([STAGE], build_catalog())
    assert combined["then"] == {"$ref": "#/$defs/concussion-plan"}
    assert set(combined["$defs"]) - set(base_schema()["$defs"]) == {"plan", "concussion-plan", "concussion-phase"}
    slow = Draft202012Validator(combined)
    fast = _fast_check(inline_refs(combined))[0]
    assert fast is not None
    registry = SchemaRegistry([STAGE])
    rng = random.Random(7)
    docs = list(documents())
    checked = valid = 0
    for document in docs + [mutate(rng.choice(docs), rng) for _ in range(600)]:
        expected = per_site_validity(registry, document)
        assert slow.is_valid(document) == expected
        assert fast(document) == expected
        checked, valid = checked + 1, valid + expected
    assert valid > 50 and checked - valid > 100


def mutate(document, rng):
    doc = copy.deepcopy(document)
    choice = rng.randrange(5)
    phases = doc.get("phases")
    if choice == 0 and isinstance(phases, list) and phases and isinstance(phases[0], dict):
        phases[0]["stage"] = rng.choice([1, 4, 7, "2"])
    elif choice == 1 and isinstance(phases, list) and phases and isinstance(phases[0], dict):
        phases[0].pop("stage", None)
    elif choice == 2 and isinstance(doc.get("injury"), dict):
        doc["injury"]["site"] = rng.choice(["concussion", "hamstring", "calf", 5])
    elif choice == 3:
        doc.pop("injury", None)
    elif isinstance(phases, list) and phases and isinstance(phases[0], dict):
        phases[0]["exit"] = [{"test": rng.choice(["symptom_free_24h", "bogus", "mobility"])}]
    return doc


def test_hover_on_injury_site_is_not_hidden_by_the_condition():
    combined = editor_schema([STAGE], build_catalog())
    site = combined["if"]["properties"]["injury"]["properties"]["site"]
    assert site["title"] == "Injury site" and site["const"] == "concussion"


# --------------------------------------------------------------------------- planlint schema / catalog


def test_schema_command_prints_the_editor_schema():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$id"].startswith(SHIPPED["$id"])
    site = json.loads(CliRunner().invoke(main, ["schema", "--site", "hamstring"]).stdout)
    assert site["$id"] == SHIPPED["$id"] + "?site=hamstring"


def test_catalog_command_lists_every_source(tmp_path):
    (tmp_path / "club.yaml").write_text("exercises:\n  club_drill: {contraction: mixed, kind: sport_specific, resisted: true}\n")
    (tmp_path / "planlint.toml").write_text('exercise-catalogs = ["club.yaml"]\n')
    text = CliRunner().invoke(main, ["catalog", "--config", str(tmp_path / "planlint.toml")])
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert lines[0].split() == ["ID", "CONTRACTION", "KIND", "RESISTED", "SOURCE"]
    assert lines[1].split() == ["isometric_bridge", "isometric", "strength", "no", "planlint"]
    assert lines[-1].split() == ["club_drill", "mixed", "sport_specific", "yes", str(tmp_path / "club.yaml")]
    rows = json.loads(
        CliRunner().invoke(main, ["catalog", "--format", "json", "--config", str(tmp_path / "planlint.toml")]).stdout
    )
    assert rows[-1] == {
        "id": "club_drill",
        "name": None,
        "contraction": "mixed",
        "kind": "sport_specific",
        "resisted": True,
        "source": str(tmp_path / "club.yaml"),
    }
    assert {r["id"] for r in rows} >= set(build_catalog().ids())


def test_catalog_command_reports_a_broken_club_catalog(tmp_path):
    (tmp_path / "planlint.toml").write_text('exercise-catalogs = ["missing.yaml"]\n')
    result = CliRunner().invoke(main, ["catalog", "--config", str(tmp_path / "planlint.toml")])
    assert result.exit_code == 2 and "cannot read exercise catalog" in result.stderr
