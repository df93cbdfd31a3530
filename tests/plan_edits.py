"""Helpers shared by the command-line tests: a clean plan to edit, and the CLI's text output parsed.

The plan is tests/fixtures/cli/minimal-clean.plan.yaml (no findings); tests
make one small edit to it and assert exactly what planlint reports.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from planlint.cli import main

REPO = Path(__file__).resolve().parents[1]
CLI_FIXTURES = REPO / "tests" / "fixtures" / "cli"
#: A folder of plans owned by the tests (frozen copies of the examples; see its README).
EXAMPLES = CLI_FIXTURES / "library"
MINIMAL = CLI_FIXTURES / "minimal-clean.plan.yaml"
UNSAFE_EXAMPLE = CLI_FIXTURES / "unsafe.plan.yaml"
CLEAN_EXAMPLE = CLI_FIXTURES / "clean.plan.yaml"
BROKEN_EXAMPLE = CLI_FIXTURES / "broken-schema.plan.yaml"
SUPPRESSED_EXAMPLE = CLI_FIXTURES / "suppressed.plan.yaml"

#: ``path:line:col: CODE severity message``
LINE_RE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d{3}) (?P<severity>error|warning|info) (?P<message>\S.*)$"
)


def minimal_text() -> str:
    return MINIMAL.read_text(encoding="utf-8")


def edit(text: str, old: str, new: str) -> str:
    """Replace ``old`` (which must occur exactly once) by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def sprint_text(time: str = "01:00") -> str:
    """The minimal plan with an unresisted sprint added to the day 2 session
    (HS001 at line 35, column 9, when early). The injury is on day 0 at 17:30:
    "01:00" on day 2 is 31.5 h after it, "09:30" is 40 h."""
    text = edit(minimal_text(), 'time: "10:00"', f'time: "{time}"')
    return edit(
        text,
        "        ref: single_leg_balance\n",
        "        ref: single_leg_balance\n      - name: Flying sprint\n        ref: flying_sprint\n        intensity: 60%\n",
    )


def warnings_only_text() -> str:
    """The minimal plan without its soreness rule: one PL107 warning at `monitoring` (line 11)."""
    return edit(minimal_text(), "  next_morning_rule: true\n", "")


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def run(*args, input=None, env=None):
    """``planlint ARGS`` in-process; fails the test on an uncaught exception."""
    result = CliRunner().invoke(main, [str(a) for a in args], input=input, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def rows(output: str) -> list[dict]:
    return [m.groupdict() for m in map(LINE_RE.match, output.splitlines()) if m]


def paths_of(node, prefix=()):
    """Every path into a plan's data, the root's ``()`` first (for mutation tests)."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths_of(value, prefix + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from paths_of(value, prefix + (i,))
