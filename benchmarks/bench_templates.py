"""Linting a templated plan costs no more than linting its written-out form (issue 17).

Usage: python benchmarks/bench_templates.py [--repeat 200] [--weeks 12 52] [--json out.json]

For the two templated examples and for generated plans of W weeks (three
templated sessions a week: two gym days and a running day, with `progress`),
prints the plan written out by ``planlint expand`` next to the templated file,
and times ``Linter.lint_bytes`` (no cache) on both, in one process, interleaved,
best of three rounds of ``--repeat`` lints each. Also checks that both give the
same codes and counts. Asserts nothing about speed: the numbers go in the notes.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from planlint.engine import Linter
from planlint.run import expand_bytes

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [
    ROOT / "examples" / "hamstring-grade2a-templated.plan.yaml",
    ROOT / "examples" / "acl-reconstruction-late-stage-templated.plan.yaml",
]

HEADER = """\
planlint: 1.1
id: generated-{weeks}-weeks
title: Generated {weeks}-week plan
injury:
  site: hamstring
  type: strain
  grade: 1b
  occurred: 2026-03-14T17:30:00+01:00
monitoring:
  pain_scale: nrs-0-10
  max_pain_during: 3
  next_morning_rule: true
phases:
  - id: protect
    exit:
      - test: isometric_tolerance
  - id: build
templates:
  gym:
    phase: build
    time: "10:00"
    duration: 50min
    rpe: 5
    exercises:
      - name: Nordic hamstring curl
        ref: nordic_hamstring_curl
        sets: 2
        reps: 4
        load: bodyweight
        progress: {{reps: 1, max: 8}}
      - name: Single-leg Romanian deadlift
        ref: single_leg_rdl
        sets: 3
        reps: 8
        load: {{kg: 8}}
        progress: {{kg: 1, max: 30}}
      - name: Single-leg balance
        ref: single_leg_balance
        sets: 3
        hold: 30s
  run:
    phase: build
    time: "17:00"
    duration: 40min
    rpe: 4
    exercises:
      - name: Tempo runs
        ref: tempo_run
        reps: 8
        distance: 100m
        intensity: 60%
      - name: Foam rolling
        ref: foam_rolling
        duration: 5min
sessions:
  - day: 1
    phase: protect
    exercises:
      - name: Isometric bridge
        ref: isometric_bridge
        sets: 3
        hold: 30s
  - use: gym
    repeat: {{weeks: 1-{weeks}, on: [mon, thu]}}
  - use: run
    repeat: {{weeks: 1-{weeks}, on: [sat]}}
"""


def _best(linter: Linter, path: str, raw: bytes, repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        linter.lint_bytes(path, raw)
    return (time.perf_counter() - started) / repeat


def compare(linter: Linter, name: str, templated: bytes, repeat: int) -> dict:
    settings = linter.settings_for(None)
    written = expand_bytes(linter, name, templated, settings).text.encode("utf-8")
    a = Counter(f.code for f in linter.lint_bytes(name, templated).findings)
    b = Counter(f.code for f in linter.lint_bytes(name, written).findings)
    assert a == b, (name, a, b)
    rounds = []
    for _ in range(3):
        rounds.append((_best(linter, name, templated, repeat), _best(linter, name, written, repeat)))
    templated_s = min(r[0] for r in rounds)
    written_s = min(r[1] for r in rounds)
    return {
        "plan": name,
        "templated_lines": templated.count(b"\n"),
        "written_out_lines": written.count(b"\n"),
        "sessions": sum(1 for line in written.splitlines() if line.lstrip().startswith((b"- day:", b"- at:"))),
        "findings": sum(a.values()),
        "templated_ms": round(templated_s * 1000, 3),
        "written_out_ms": round(written_s * 1000, 3),
        "ratio": round(templated_s / written_s, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--weeks", type=int, nargs="*", default=[12, 52])
    parser.add_argument("--json")
    args = parser.parse_args()
    linter = Linter()
    rows = [compare(linter, path.name, path.read_bytes(), args.repeat) for path in EXAMPLES]
    for weeks in args.weeks:
        text = HEADER.format(weeks=weeks).encode()
        rows.append(compare(linter, f"generated-{weeks}-weeks.plan.yaml", text, max(1, args.repeat // max(1, weeks // 6))))
    print(f"{'plan':52} {'lines':>13} {'sessions':>8} {'templated':>10} {'written out':>11} {'ratio':>6}")
    for row in rows:
        lines = f"{row['templated_lines']}/{row['written_out_lines']}"
        print(
            f"{row['plan']:52} {lines:>13} {row['sessions']:>8} {row['templated_ms']:>8.2f}ms "
            f"{row['written_out_ms']:>9.2f}ms {row['ratio']:>6.2f}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
