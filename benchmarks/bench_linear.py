"""Stays linear: ``check --fix``, ``report`` and the language server at three sizes (1x, 10x, 100x).

Usage: python benchmarks/bench_linear.py [--scales 1,10,100] [--only check-fix,report,lsp-publish,lsp-code-action] [--json out.json]

Builds the inputs of issue 18's attacks, scaled: a plan whose findings all carry
a safe fix (``check --fix``), a plan of sessions with about one finding each
(``report``, and ``planlint lsp`` publishing its diagnostics), and findings
crowded on one line with a code action asked for all of them and "fix all"
(``planlint lsp``). A ``planlint.toml`` beside each input raises the limits so
that the 100x sizes are linted rather than refused. Each run is a subprocess
measured from a fresh parent: CPU seconds (user + system) and peak memory
(max RSS). Linear means the CPU column grows as the size column does (about 10x
per row); the table prints the ratio. It asserts nothing: speed is reported in
closing notes, never enforced by unit tests. ``--scales 1,2`` for a quick look.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from hostile import lsp_session, recipes  # noqa: E402
from hostile.cases import crowded_line_session  # noqa: E402

LIMITS = """\
[limits]
max-bytes = 67108864
max-sessions = 1000000
max-nodes = 50000000
max-violations = 1000000
"""

MEASURE = """
import json, resource, subprocess, sys
stdin = open(sys.argv[1], "rb") if sys.argv[1] != "-" else subprocess.DEVNULL
done = subprocess.run(sys.argv[3:], cwd=sys.argv[2], stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024, "exit": done.returncode,
                  "stderr": done.stderr.decode(errors="replace")[-300:]}))
"""


def measure(folder: Path, command: list[str], stdin: Path | None = None) -> dict:
    """Run ``command`` in ``folder`` from a fresh parent: its CPU seconds and peak memory."""
    wrapper = [sys.executable, "-c", MEASURE, str(stdin) if stdin else "-", str(folder), *command]
    return json.loads(subprocess.run(wrapper, check=True, capture_output=True).stdout)


PLANLINT = [sys.executable, "-m", "planlint"]


def check_fix(folder: Path, scale: int) -> tuple[int, list[str], Path | None, str]:
    fixes = 4_000 * scale
    (folder / "p.plan.yaml").write_bytes(recipes.many_fixes(fixes))
    return fixes, [*PLANLINT, "check", "--fix", "--no-cache", "p.plan.yaml"], None, "fixable findings"


def report(folder: Path, scale: int) -> tuple[int, list[str], Path | None, str]:
    sessions = 1_000 * scale
    (folder / "p.plan.yaml").write_bytes(recipes.sprint_sessions(sessions))
    return sessions, [*PLANLINT, "report", "p.plan.yaml", "-o", "report.html"], None, "sessions (~1 finding each)"


def lsp_publish(folder: Path, scale: int) -> tuple[int, list[str], Path | None, str]:
    sessions = 1_000 * scale
    text = recipes.sprint_sessions(sessions).decode()
    (folder / "p.plan.yaml").write_text(text, encoding="utf-8")
    (folder / "stdin").write_bytes(lsp_session.session(lsp_session.did_open(folder / "p.plan.yaml", text)))
    return sessions, [*PLANLINT, "lsp"], folder / "stdin", "sessions published (~1 diagnostic each)"


def lsp_code_action(folder: Path, scale: int) -> tuple[int, list[str], Path | None, str]:
    count = 100 * scale
    (folder / "stdin").write_bytes(crowded_line_session(folder / "p.plan.yaml", count))
    return count, [*PLANLINT, "lsp"], folder / "stdin", "findings on one line (quick fixes, then fix all)"


SCENARIOS = {"check-fix": check_fix, "report": report, "lsp-publish": lsp_publish, "lsp-code-action": lsp_code_action}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(SCENARIOS))
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--json")
    args = parser.parse_args()
    rows = []
    for name in args.only.split(","):
        first = None
        for scale in (int(s) for s in args.scales.split(",")):
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                (folder / "planlint.toml").write_text(LIMITS, encoding="utf-8")
                size, command, stdin, unit = SCENARIOS[name](folder, scale)
                input_bytes = (folder / "p.plan.yaml").stat().st_size
                result = measure(folder, command, stdin)
            first = first or result["cpu"]
            row = {"scenario": name, "scale": scale, "size": size, "unit": unit, "input_bytes": input_bytes, **result}
            rows.append(row)
            print(
                f"{name:16} {scale:>4}x {size:>8,} {unit:45} {input_bytes / 1e6:7.2f} MB in  "
                f"cpu {result['cpu']:7.2f} s ({result['cpu'] / first:5.1f}x)  max rss {result['rss_mb']:7.0f} MB  exit {result['exit']}",
                flush=True,
            )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
