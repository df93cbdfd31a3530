"""Every rule fires on its fail_ fixtures exactly where the ``# expect:`` markers say,
and stays silent on its pass_ fixtures."""

from pathlib import Path

import pytest

from planlint.testing import RuleTester, expected_markers

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
CASES = sorted(FIXTURES.glob("*/*.plan.yaml"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(path):
    code = path.parent.name
    findings = RuleTester(code).assert_fixture(path)
    if path.name.startswith("fail_"):
        assert findings, "a fail_ fixture must produce at least one finding"
    else:
        assert not expected_markers(path.read_text(), code), "pass_ fixtures carry no markers"
