"""Lint throughput on a synthetic programme library.

Usage: python benchmarks/bench_lint.py [N]  (default 2000 plans)

Builds N plans in a temporary folder by varying the bundled examples (ids,
days, injury dates), then times (1) the in-process pipeline per plan and
(2) the full `planlint check DIR --format json` command. Prints plans/second
and milliseconds per plan; asserts nothing (speed targets are reported in
closing notes, not enforced by unit tests).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from planlint.engine import Linter

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.plan.yaml"))


def build_library(folder: Path, count: int) -> list[Path]:
    sources = [p.read_text(encoding="utf-8") for p in EXAMPLES if "concussion" not in p.name]
    paths = []
    for i in range(count):
        text = sources[i % len(sources)]
        path = folder / f"team-{i % 50:02d}" / f"plan-{i:05d}.plan.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("2026-03-", f"2026-{1 + i % 9:02d}-"), encoding="utf-8")
        paths.append(path)
    return paths


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = build_library(folder, count)
        raw = [(str(p), p.read_bytes()) for p in paths]
        started = time.perf_counter()
        linter = Linter()
        setup = time.perf_counter() - started
        started = time.perf_counter()
        findings = sum(len(linter.lint_bytes(path, data).findings) for path, data in raw)
        elapsed = time.perf_counter() - started
        print(
            f"in-process: {count} plans in {elapsed:.2f} s = {count / elapsed:.0f} plans/s, "
            f"{elapsed / count * 1000:.2f} ms/plan ({findings} findings; start-up {setup * 1000:.0f} ms)"
        )
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "planlint", "check", str(folder), "--format", "json"], stdout=subprocess.DEVNULL, check=False
        )
        elapsed = time.perf_counter() - started
        print(f"cli: planlint check DIR --format json on {count} plans: {elapsed:.2f} s")
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "planlint", "check", str(paths[0])], stdout=subprocess.DEVNULL, check=False)
        print(f"cli: one plan, whole command: {(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
