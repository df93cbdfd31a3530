"""The floor benchmark runs end to end on a tiny library (its numbers are read in closing notes, not here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_floor_benchmark_runs_on_20_plans_and_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_floor.py"),
            "--plans",
            "20",
            "--repeat",
            "1",
            "--rerun",
            "20",
            "--startup-repeat",
            "1",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text())
    (library,) = document["libraries"]
    assert library["plans"] == 20 and 300 < library["lines_per_plan"] < 500
    rows = library["rows"]
    assert rows["floor: ruamel.yaml C compose"]["cpu_ratio_to_floor"] == 1.0
    assert library["default_builder"] in ("C", "Python: the C one is not installed")
    for name in (
        "planlint -j 1 (no cache)",
        "planlint -j 1 (no cache), Python builder",
        "planlint -j 2 (no cache)",
        "planlint -j 1, warm re-run (whole-run cache)",
        "planlint -j 1, warm findings cache, no run cache",
        "planlint -j 1, warm cache, 1 file changed",
    ):
        assert rows[name]["exit_codes"] == [0], name  # --exit-zero: a crash would be 3
    assert set(document["startup"]) == {
        "planlint --version",
        "planlint --help",
        "planlint check one small plan --no-cache",
        "planlint check one small plan, fresh cache folder",
    }
    (rerun,) = document["reruns"]
    assert rerun["plans"] == 20 and rerun["warm"]["exit_codes"] == [0] and rerun["cold"]["exit_codes"] == [0]
