"""Large hostile inputs, generated at test time (nothing of this size is committed).

Each recipe returns the bytes of one file; the sizes are those of the attacks
reported against planlint (a few hundred kilobytes to 10 MiB).
"""

from __future__ import annotations

HEAD = (
    "planlint: 1\nid: hostile\ntitle: hostile\ninjury: {site: hamstring, type: strain, occurred: 2026-03-14}\nphases: [{id: a}]\n"
)


def deep_flow(depth: int = 100_000) -> bytes:
    """100,000 nested flow sequences: libyaml's cost grows with depth squared when read whole."""
    return ("x: " + "[" * depth + "]" * depth + "\n").encode()


def deep_block(depth: int = 100_000) -> bytes:
    """100,000 nested block sequences on one line ("- - - ... x")."""
    return ("- " * depth + "x\n").encode()


def merge_wide(keys: int = 20_000) -> bytes:
    """A merge key over a 20,000-key mapping (position adoption was quadratic)."""
    mapping = "{" + ", ".join(f"k{i}: {i}" for i in range(keys)) + "}"
    return f"base: &b {mapping}\nx:\n  <<: *b\n  own: 1\n# a comment\n".encode()


def hash_strings(count: int = 100_000) -> bytes:
    """Many quoted "a #" strings on one line (comment detection was quadratic)."""
    return ("x: [" + ", ".join(['"a #"'] * count) + "]  # planlint: disable=PL003\n").encode()


def disable_file_lines(count: int = 50_000) -> bytes:
    """50,000 disable-file comments (suppression matching was quadratic)."""
    body = HEAD + "sessions: [{day: 1, phase: a}]\n"
    return (body + "".join(f"# planlint: disable-file=HS00{i % 10}\n" for i in range(count))).encode()


def late_error(megabytes: int = 1) -> bytes:
    """A valid-looking megabyte that libyaml rejects at its very end (the pure-Python
    parser used to read the whole file again)."""
    items = "".join(f"  - k{i}: v{i}\n" for i in range(megabytes * 1024 * 1024 // 16))
    return f"x:\n{items}y: [\n".encode()


def yaml12_large(kilobytes: int = 400) -> bytes:
    """A ':' inside a flow scalar (the fallback parser's construct) in a file too large for it."""
    filler = "".join(f"# filler line {i:08d} ..........................................\n" for i in range(kilobytes * 1024 // 64))
    return (
        HEAD.replace("occurred: 2026-03-14", "occurred: 2026-03-14T17:30:00+01:00") + "sessions: [{day: 1, phase: a}]\n" + filler
    ).encode()


def alias_block(lines: int = 1000, aliases: int = 99_000) -> bytes:
    """A 1,000-line block scalar aliased 99,000 times (a position per alias: over 7 GB)."""
    block = "a: &a |\n" + "".join(f"  line {i} of a long block\n" for i in range(lines))
    return (block + "b: [" + ", ".join(["*a"] * aliases) + "]  # a comment\n").encode()


def alias_bomb() -> bytes:
    """Billion laughs: nine levels of nine aliases."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join(["*" + previous] * 9) + "]")
        previous = name
    return ("\n".join(lines) + "\n").encode()


def int_list(mebibytes: int = 10) -> bytes:
    """A 10 MiB flow list of integers (every event used to be materialised first)."""
    count = (mebibytes * 1024 * 1024 - 64) // 3
    return ("x: [" + ", ".join(["1"] * count) + "]\n").encode()


def oversized() -> bytes:
    """Just over the 10 MiB file size limit."""
    return b"a: 1\n" + b"#" * (10 * 1024 * 1024)


def many_sessions(count: int = 10_001) -> bytes:
    """One session more than the sessions limit."""
    return (HEAD + "sessions:\n" + "  - {day: 1, phase: a}\n" * count).encode()


def shared_sessions(count: int = 9_000) -> bytes:
    """Sessions that are all one aliased session with many exercises (expanded nodes count)."""
    exercise = "{name: Bridge, ref: isometric_bridge, sets: 3}"
    session = "&s {day: 1, phase: a, exercises: [" + ", ".join([exercise] * 30) + "]}"
    return (HEAD + "sessions: [" + session + ", " + ", ".join(["*s"] * count) + "]\n").encode()


def huge_hex_version(digits: int = 3_600) -> bytes:
    """`planlint: 0x` and 3,600 hex digits (str() of it exceeds Python's int-to-text limit)."""
    return ("planlint: 0x" + "f" * digits + "\n").encode()


def long_digits(field: str, digits: int) -> bytes:
    """A plan whose ``field`` holds a number with ``digits`` digits."""
    number = "9" * digits
    if field == "day":
        return (HEAD + f"sessions:\n  - {{day: {number}, phase: a}}\n").encode()
    monitoring = f"monitoring: {{max_pain_during: 3, reassess_soreness_after: {number}h}}\n"
    return (HEAD + monitoring + "sessions:\n  - {day: 1, phase: a}\n").encode()


def deep_toml(depth: int = 100_000) -> bytes:
    """A planlint.toml 100,000 arrays deep."""
    return ("select = " + "[" * depth + "]" * depth + "\n").encode()


def yaml12_wide(kilobytes: int = 127) -> bytes:
    """The fallback parser's construct, then a flow list filling a file just under its size limit."""
    count = (kilobytes * 1024 - 40) // 3
    return ("x: {a: b:c}\ny: [" + ", ".join(["1"] * count) + "]\n").encode()


def many_fixes(count: int = 20_000, per_session: int = 4) -> bytes:
    """``count`` findings that carry a safe fix (``45m`` -> ``45min``), ``per_session`` per session:
    each fix used to re-index the whole text, and the diff was difflib's quadratic search
    (40,000 of them on a 2.2 MB plan: 939 s)."""
    exercise = "      - {name: Bridge, ref: isometric_bridge, hold: 30m}\n"
    session = "    phase: a\n    duration: 45m\n    exercises:\n" + exercise * (per_session - 1)
    head = HEAD.replace("occurred: 2026-03-14}", "occurred: 2026-03-14T17:30:00+01:00}")
    monitoring = "monitoring: {max_pain_during: 2, next_morning_rule: true}\n"
    return (
        head + monitoring + "sessions:\n" + "".join(f"  - day: {1 + i % 300}\n" + session for i in range(count // per_session))
    ).encode()


def sprint_sessions(count: int = 10_000) -> bytes:
    """``count`` sessions, a sprint in each at 10% and 90% in turn: about one finding per
    session (HS005, PL103). The report pinned each finding by scanning every session
    (10,000 sessions: 63 s and 496 MB) and repeated each finding's explain text."""
    head = HEAD.replace("occurred: 2026-03-14}", "occurred: 2026-03-14T17:30:00+01:00}")
    monitoring = "monitoring: {max_pain_during: 2, next_morning_rule: true, reassess_soreness_after: 48h}\n"
    sessions = "".join(
        f'  - {{day: {3 + i // 4}, time: "{8 + 2 * (i % 4):02d}:00", phase: a, '
        f"exercises: [{{name: Sprint, ref: flying_sprint, intensity: {10 if i % 2 == 0 else 90}%}}]}}\n"
        for i in range(count)
    )
    return (head + monitoring + "sessions:\n" + sessions).encode()
