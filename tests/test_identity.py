"""One identity for a finding (planlint.fingerprints.identities): the same in SARIF, GitLab,
the baseline and the cache; never a line number; stable when lines move."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from planlint.cli import main

PLAN = Path(__file__).parent / "fixtures" / "identity" / "two-alike.plan.yaml"


def _sarif_identities(folder: Path, name: str) -> list[tuple[str, int, str]]:
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "sarif", name], catch_exceptions=False)
    assert result.exit_code == 1, result.stderr
    results = json.loads(result.stdout)["runs"][0]["results"]
    return [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["partialFingerprints"]["planlintFingerprint/v2"],
        )
        for r in results
    ]


def _with_comment_above_every_line(text: str) -> str:
    return "".join(f"# a note added above line {n}\n{line}" for n, line in enumerate(text.splitlines(keepends=True), 1))


def test_sarif_identity_survives_comment_lines_added_above_every_finding(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    original = PLAN.read_text(encoding="utf-8")
    (tmp_path / "a.plan.yaml").write_text(original, encoding="utf-8")
    before = _sarif_identities(tmp_path, "a.plan.yaml")
    (tmp_path / "a.plan.yaml").write_text(_with_comment_above_every_line(original), encoding="utf-8")
    after = _sarif_identities(tmp_path, "a.plan.yaml")
    assert [(code, 2 * line) for code, line, _ in before] == [(code, line) for code, line, _ in after]  # every line moved
    assert [identity for *_, identity in before] == [identity for *_, identity in after]
    assert len({identity for *_, identity in before}) == len(before) == 8  # the two alike HS001 are told apart


def test_sarif_identity_equals_the_baselines_and_gitlabs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.plan.yaml").write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    sarif = sorted(identity for *_, identity in _sarif_identities(tmp_path, "a.plan.yaml"))
    written = CliRunner().invoke(main, ["check", "--no-cache", "--write-baseline", "baseline.json", "a.plan.yaml"])
    assert written.exit_code == 0, written.stderr
    entries = json.loads((tmp_path / "baseline.json").read_text(encoding="utf-8"))
    entries = entries["findings"] if isinstance(entries, dict) else entries
    from_baseline = sorted(f"{e['fingerprint']}/{n}" for e in entries for n in range(1, e.get("count", 1) + 1))
    assert from_baseline == sarif
    gitlab = CliRunner().invoke(main, ["check", "--no-cache", "--format", "gitlab", "a.plan.yaml"])
    import hashlib

    expected = sorted(hashlib.sha256(f"a.plan.yaml\0{identity}".encode()).hexdigest() for identity in sarif)
    assert sorted(issue["fingerprint"] for issue in json.loads(gitlab.stdout)) == expected


def test_the_cache_replays_the_same_identities(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PLANLINT_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "a.plan.yaml").write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")

    def run():
        result = CliRunner().invoke(main, ["check", "--format", "sarif", "a.plan.yaml"])
        return [r["partialFingerprints"] for r in json.loads(result.stdout)["runs"][0]["results"]]

    cold = run()
    assert any((tmp_path / "cache").iterdir())
    assert run() == cold
