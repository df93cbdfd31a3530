"""Mutation check for the test suite: does replacing one rule's message with a constant,
or making check_pack report nothing, fail the tests?

    python tools/mutate_messages.py            # every rule code, then check_pack
    python tools/mutate_messages.py HS001 CC005

For each code, the tests run with a pytest plugin (this file, loaded with ``-p``) that
turns every message of that rule into "mutated message". A code whose mutant
survives (the tests still pass) is printed and the exit code is 1. Not part of CI:
it runs the rule tests once per code (a few seconds each).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The tests that pin what findings say (fixtures with message fragments, messages, docs).
TESTS = [
    "tests/test_rule_fixtures.py",
    "tests/test_messages.py",
    "tests/test_rule_docs.py",
    "tests/test_check_pack.py",
    "plugins/planlint-concussion/tests",
]
for extra in ROOT.glob("plugins/*/tests"):
    if str(extra.relative_to(ROOT)) not in TESTS:
        TESTS.append(str(extra.relative_to(ROOT)))


def pytest_configure(config) -> None:  # the plugin side: applies the mutant named in the environment
    mutant = os.environ.get("PLANLINT_MUTANT")
    if not mutant:
        return
    if mutant == "check_pack":
        import planlint.testing

        planlint.testing.pack_problems = lambda *args, **kwargs: []
        return
    from planlint.engine import Linter
    from planlint.rules.rule import Violation

    original = Linter._check

    def mutated(loaded, plan, context, limits, checked, not_applicable):
        found = original(loaded, plan, context, limits, checked, not_applicable)
        if found is None or loaded.rule.code != mutant:
            return found
        return [Violation(v.span, "mutated message") for v in found]

    Linter._check = staticmethod(mutated)


def _survives(mutant: str) -> bool:
    env = dict(os.environ, PLANLINT_MUTANT=mutant, PYTHONPATH=str(ROOT / "tools") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "mutate_messages",
            "--basetemp",
            f"/tmp/planlint-mutant-{mutant}",
            *TESTS,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    return completed.returncode == 0


def main(codes: list[str]) -> int:
    if not codes:
        from planlint.config import ConfigResolver
        from planlint.engine import Linter

        codes = sorted(Linter(ConfigResolver(search=False)).rules) + ["check_pack"]
    survivors = []
    for code in codes:
        survived = _survives(code)
        print(f"{code}: {'SURVIVED (the tests did not notice)' if survived else 'killed'}", flush=True)
        if survived:
            survivors.append(code)
    print(f"{len(codes) - len(survivors)} of {len(codes)} mutants killed")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
