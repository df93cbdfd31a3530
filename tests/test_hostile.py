"""Hostile and mangled input never crashes planlint: seeded mutation of real plans."""

import random
from pathlib import Path

from planlint.engine import Linter, lint_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [p.read_bytes() for p in sorted(ROOT.glob("examples/*.plan.yaml"))]
TOKENS = [
    b": ",
    b"- ",
    b"\n",
    b"  ",
    b"#",
    b"'",
    b'"',
    b"[",
    b"]",
    b"{",
    b"}",
    b"&a ",
    b"*a",
    b"!!int ",
    b"<<: ",
    b"---\n",
    b"day: -3",
    b"time: 25:99",
    b"at: 2026-02-30T10:00",
    b"phase: nope",
    b"\t",
    b"\xff",
    b"\x00",
    b"%YAML 1.1\n",
    b"? ",
    b"|",
    b">",
    b"~",
    b"null",
    b"1e400",
    b"-.inf",
    b"planlint: 2",
    b"intensity: 900%",
    b"# planlint: disable=HS001,PL007 -- x",
    b"# planlint: disable-file=",
    b"load: {rpe: 99}",
]


def mangle(data: bytes, rng: random.Random) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        pos = rng.randrange(len(data) + 1)
        action = rng.randrange(3)
        if action == 0:
            data[pos:pos] = rng.choice(TOKENS)
        elif action == 1:
            del data[pos : pos + rng.randint(1, 40)]
        else:
            lines = bytes(data).split(b"\n")
            lines.insert(rng.randrange(len(lines)), rng.choice(lines))
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def test_mangled_plans_give_findings_not_crashes():
    linter = Linter()
    rng = random.Random(20261125)
    for _ in range(400):
        result = linter.lint_bytes("mangled.plan.yaml", mangle(rng.choice(SEEDS), rng))
        assert not result.crashed, [f.message for f in result.findings if f.code == "PL000"]


def test_a_session_that_is_not_a_mapping():
    text = (
        "planlint: 1\nid: x\ntitle: x\ninjury: {site: hamstring, type: strain, occurred: 2026-03-14}\n"
        "phases: [{id: a}]\nsessions:\n  -\n  - 3\n"
    )
    findings = [(f.code, f.line, f.message) for f in lint_text(text).findings]
    assert findings == [
        ("PL003", 7, "session 1 must be a mapping (key: value lines), found nothing (an empty value)"),
        ("PL003", 8, "session 2 must be a mapping (key: value lines), found the number 3"),
    ]
