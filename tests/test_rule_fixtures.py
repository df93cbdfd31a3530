"""Every rule fires on its fail_ fixtures exactly where the ``# expect:`` markers say,
and stays silent on its pass_ fixtures."""

from pathlib import Path

import pytest

from planlint.testing import RuleTester, fixture_cases

CASES = fixture_cases(Path(__file__).parent / "fixtures" / "rules")


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(path):
    RuleTester(path.parent.name).assert_fixture(path)
