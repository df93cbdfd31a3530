"""planlint against the parse floor, side by side on one generated library.

Usage:
    python benchmarks/bench_floor.py [--plans 1000 10000] [--repeat 3] [--cpu N] [--json results.json]

Builds a library of plans of about 400 lines (the bundled examples varied:
ids, dates, days; a fifth written with a flow-mapping injury that holds a
timestamp, the README's own style; comments kept), then times, each as its own
process and in one run so the ratios compare like with like:

- floor: ruamel.yaml's C-backed compose of every file (nodes with positions);
- PyYAML's CSafeLoader load, the stricter reference (the ruamel floor spends
  most of its time in ruamel's Python resolver);
- yamllint (relaxed) and check-jsonschema --schemafile schemas/plan.schema.json,
  when installed (pip install -e ".[bench]");
- planlint check -j 1 (no cache) with the default event builder (the C one when
  it is installed) and with the Python builder forced (PLANLINT_BUILDER=python);
- planlint check with -j 2 (no cache), a cold cache (a fresh cache folder
  before every run), a warm re-run (the whole-run cache replays it), a warm
  findings cache with the whole-run cache off (PLANLINT_NO_RUN_CACHE=1), and a
  warm cache with one file changed;
- a warm re-run of 200 plans against its cold run (the whole-run cache);
- planlint --version and one small plan (start-up, as pre-commit sees it),
  with --no-cache and with a fresh cache folder before every run.

Every process runs with warm bytecode: PYTHONDONTWRITEBYTECODE is removed from
the environment (an editable install under it recompiles planlint on every
run, about 65 ms) and each row starts with one run that is not counted. The
generated files are dated a minute back, as a library's files are: a file
modified within 3 seconds of a run makes the whole-run cache record nothing.
- a library of the same plans with one schema error each (invalid plans).

The floor, PyYAML and the two planlint -j 1 rows run in rounds (each once per
round, in turn), and their CPU ratio to the floor is the median of the ratios
within each round, so that a machine whose speed drifts (a shared one) still
compares like with like. Every one-process row runs on one CPU (``--cpu``, the
first this process may use by default; ``--cpu -1`` leaves scheduling alone);
-j 2 may use any.

Prints medians (wall and CPU seconds, peak RSS) and CPU ratios to the floor,
and writes them as JSON. Asserts nothing: targets are read off the table in
the closing notes, never enforced by unit tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.plan.yaml"))
PYTHON = sys.executable

# Both parse every file with libyaml; a file libyaml refuses (a ':' inside an unquoted
# flow value, which YAML 1.2 allows) costs the floor only the failed parse.
FLOOR = """
import sys
from ruamel.yaml import YAML
yaml = YAML(typ="safe", pure=False)
refused = 0
for name in open(sys.argv[1], encoding="utf-8").read().split("\\n"):
    if name:
        with open(name, encoding="utf-8") as handle:
            try:
                yaml.compose(handle.read())
            except Exception:
                refused += 1
print(refused, file=sys.stderr)
"""
PYYAML = """
import sys, yaml
refused = 0
for name in open(sys.argv[1], encoding="utf-8").read().split("\\n"):
    if name:
        with open(name, encoding="utf-8") as handle:
            try:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)
            except Exception:
                refused += 1
print(refused, file=sys.stderr)
"""

_INJURY_BLOCK = re.compile(r"^injury:\n((?:  .*\n)+)", re.MULTILINE)


def _flow_injury(text: str) -> str:
    """The injury block written as one flow mapping (``injury: {site: ..., occurred: 2026-...}``)."""
    match = _INJURY_BLOCK.search(text)
    if not match:
        return text
    pairs = []
    for line in match.group(1).splitlines():
        stripped = line.split("#", 1)[0].strip()
        if ":" in stripped:
            key, value = stripped.split(":", 1)
            value = value.strip()
            if "," in value:  # a comma would end the value in a flow mapping
                value = '"' + value.replace('"', '\\"') + '"'
            pairs.append(f"{key.strip()}: {value}")
    return text[: match.start()] + "injury: {" + ", ".join(pairs) + "}\n" + text[match.end() :]


def build_library(folder: Path, count: int, invalid: bool = False) -> list[Path]:
    sources = [p.read_text(encoding="utf-8") for p in EXAMPLES if "broken" not in p.name]
    paths = []
    for number in range(count):
        text = sources[number % len(sources)]
        text = re.sub(r"^id: (\S+)", lambda m, number=number: f"id: {m.group(1)}-{number}", text, count=1, flags=re.MULTILINE)
        text = text.replace("2026-", f"20{26 + number % 3}-")
        if number % 5 == 0:
            text = _flow_injury(text)
        if invalid:
            text = text.replace("phases:\n", "phases:\n  # a typo every coach makes once\n", 1).replace(
                "\nsessions:\n", "\nsesions: []\nsessions:\n", 1
            )
        path = folder / f"team-{number % 50:02d}" / f"plan-{number:05d}.plan.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


#: The CPU the one-process rows run on (None: wherever the kernel puts them); set by main().
ONE_CPU: int | None = None


def _environment(env: dict | None) -> dict:
    """``env`` (default: this process's) without PYTHONDONTWRITEBYTECODE: warm bytecode."""
    chosen = dict(os.environ if env is None else env)
    chosen.pop("PYTHONDONTWRITEBYTECODE", None)
    return chosen


def age(folder: Path, seconds: int = 60) -> None:
    """Date every file and folder below ``folder`` ``seconds`` back."""
    then = time.time() - seconds
    for root, dirs, names in os.walk(folder):
        for name in [*dirs, *names]:
            os.utime(os.path.join(root, name), (then, then))
    os.utime(folder, (then, then))


def run_once(command: list[str], env: dict | None = None, one_cpu: bool = True) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds (user + system), peak RSS (MiB) and exit code of one run."""
    env = _environment(env)
    pin = (lambda: os.sched_setaffinity(0, {ONE_CPU})) if one_cpu and ONE_CPU is not None else None
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, preexec_fn=pin)
    _, status, usage = os.wait4(process.pid, 0)
    return (
        time.perf_counter() - started,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        os.waitstatus_to_exitcode(status),
    )


def summary(runs: list[tuple[float, float, float, int]]) -> dict:
    return {
        "wall": statistics.median(run[0] for run in runs),
        "cpu": statistics.median(run[1] for run in runs),
        "peak_mib": max(run[2] for run in runs),
        "exit_codes": sorted({run[3] for run in runs}),
        "runs": len(runs),
    }


def measure(command: list[str], repeat: int, env: dict | None = None, before=None, one_cpu: bool = True, warmup: int = 1) -> dict:
    """Median wall and CPU seconds and the largest peak RSS (MiB) of ``command`` run ``repeat``
    times, after ``warmup`` runs that are not counted (``before`` runs before each)."""
    for _ in range(warmup):
        if before:
            before()
        run_once(command, env, one_cpu)
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(run_once(command, env, one_cpu))
    return summary(runs)


def measure_in_rounds(commands: dict[str, tuple[list[str], dict | None]], repeat: int, floor: str) -> dict[str, dict]:
    """Each command once per round, in turn; CPU ratios to ``floor`` paired within rounds."""
    runs: dict[str, list] = {name: [] for name in commands}
    for command, env in commands.values():  # warm-up, not counted
        run_once(command, env)
    for _ in range(repeat):
        for name, (command, env) in commands.items():
            runs[name].append(run_once(command, env))
    rows = {name: summary(found) for name, found in runs.items()}
    for name, row in rows.items():
        ratios = [run[1] / base[1] for run, base in zip(runs[name], runs[floor]) if base[1]]
        row["cpu_ratio_to_floor"] = statistics.median(ratios) if ratios else None
        row["paired"] = True
    return rows


def c_builder_installed() -> bool:
    """Whether the planlint this Python runs has its C event builder."""
    probe = "import planlint.cbuilder as c, sys; sys.exit(0 if c.available() else 1)"
    return subprocess.run([PYTHON, "-c", probe], capture_output=True).returncode == 0


def tool(name: str) -> str | None:
    beside = Path(PYTHON).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def run_library(count: int, repeat: int, work: Path) -> dict:
    library = work / f"library-{count}"
    paths = build_library(library, count)
    age(library)
    listing = work / f"files-{count}.txt"
    listing.write_text("\n".join(str(p) for p in paths), encoding="utf-8")
    lines = sum(p.read_text(encoding="utf-8").count("\n") for p in paths) / count
    cache = work / f"cache-{count}"
    env = {**os.environ, "PLANLINT_CACHE_DIR": str(cache)}
    planlint = [PYTHON, "-m", "planlint", "check", "--format", "json", "--exit-zero"]
    floor = "floor: ruamel.yaml C compose"
    paired: dict[str, tuple[list[str], dict | None]] = {floor: ([PYTHON, "-c", FLOOR, str(listing)], None)}
    try:
        import yaml  # noqa: F401

        paired["PyYAML CSafeLoader load"] = ([PYTHON, "-c", PYYAML, str(listing)], None)
    except ImportError:
        pass
    default = "C" if c_builder_installed() else "Python: the C one is not installed"
    paired["planlint -j 1 (no cache)"] = (
        [*planlint, "--no-cache", "-j", "1", str(library)],
        {**env, "PLANLINT_BUILDER": "auto"},
    )
    paired["planlint -j 1 (no cache), Python builder"] = (
        [*planlint, "--no-cache", "-j", "1", str(library)],
        {**env, "PLANLINT_BUILDER": "python"},
    )
    rows: dict[str, dict] = measure_in_rounds(paired, repeat, floor)
    yamllint = tool("yamllint")
    if yamllint:
        rows["yamllint -d relaxed"] = measure([yamllint, "-d", "relaxed", str(library)], repeat)
    check_jsonschema = tool("check-jsonschema")
    if check_jsonschema:
        schema = str(ROOT / "schemas" / "plan.schema.json")
        rows["check-jsonschema"] = measure([check_jsonschema, "--schemafile", schema, *map(str, paths)], repeat)
    rows["planlint -j 2 (no cache)"] = measure([*planlint, "--no-cache", "-j", "2", str(library)], repeat, env, one_cpu=False)
    rows["planlint -j 1, cold cache"] = measure(
        [*planlint, "-j", "1", str(library)], repeat, env, before=lambda: shutil.rmtree(cache, ignore_errors=True)
    )
    rows["planlint -j 1, warm re-run (whole-run cache)"] = measure([*planlint, "-j", "1", str(library)], repeat, env)
    rows["planlint -j 1, warm findings cache, no run cache"] = measure(
        [*planlint, "-j", "1", str(library)], repeat, {**env, "PLANLINT_NO_RUN_CACHE": "1"}
    )
    changed = paths[count // 2]

    def touch_one():
        changed.write_text(changed.read_text(encoding="utf-8") + f"# edited {time.time_ns()}\n", encoding="utf-8")
        then = time.time() - 60  # an old file, edited: the whole-run cache misses, the findings cache hits the rest
        os.utime(changed, (then, then))

    rows["planlint -j 1, warm cache, 1 file changed"] = measure(
        [*planlint, "-j", "1", str(library)], repeat, env, before=touch_one
    )
    invalid = work / f"invalid-{count}"
    build_library(invalid, count, invalid=True)
    age(invalid)
    rows["planlint -j 1 (no cache), 1 schema error per plan"] = measure(
        [*planlint, "--no-cache", "-j", "1", str(invalid)], repeat, env
    )
    floor_cpu = rows[floor]["cpu"]
    for row in rows.values():
        if "cpu_ratio_to_floor" not in row:
            row["cpu_ratio_to_floor"] = row["cpu"] / floor_cpu if floor_cpu else None
    rows["planlint -j 1 (no cache)"]["jobs_2_speedup"] = rows["planlint -j 1 (no cache)"]["wall"] / max(
        rows["planlint -j 2 (no cache)"]["wall"], 1e-9
    )
    return {"plans": count, "lines_per_plan": round(lines), "default_builder": default, "rows": rows}


def warm_rerun(count: int, repeat: int, work: Path) -> dict:
    """A re-run over unchanged files (the whole-run cache replays it) against the cold run
    (a fresh cache folder before every run), both -j 1."""
    library = work / f"rerun-{count}"
    build_library(library, count)
    age(library)
    cache = work / f"rerun-cache-{count}"
    env = {**os.environ, "PLANLINT_CACHE_DIR": str(cache)}
    command = [PYTHON, "-m", "planlint", "check", "--format", "json", "--exit-zero", "-j", "1", str(library)]
    cold = measure(command, repeat, env, before=lambda: shutil.rmtree(cache, ignore_errors=True))
    warm = measure(command, repeat, env)
    return {"plans": count, "cold": cold, "warm": warm, "warm_to_cold_wall": warm["wall"] / cold["wall"]}


def startup(repeat: int, work: Path) -> dict:
    small = work / "small.plan.yaml"
    shutil.copy(ROOT / "tests" / "fixtures" / "cli" / "minimal-clean.plan.yaml", small)
    os.utime(small, (time.time() - 60, time.time() - 60))
    cache = work / "cache-startup"
    env = {**os.environ, "PLANLINT_CACHE_DIR": str(cache)}
    planlint = str(Path(PYTHON).parent / "planlint")
    return {
        "planlint --version": measure([planlint, "--version"], repeat, env),
        "planlint --help": measure([planlint, "--help"], repeat, env),
        "planlint check one small plan --no-cache": measure([planlint, "check", "--no-cache", str(small)], repeat, env),
        "planlint check one small plan, fresh cache folder": measure(
            [planlint, "check", str(small)], repeat, env, before=lambda: shutil.rmtree(cache, ignore_errors=True)
        ),
    }


def print_table(result: dict) -> None:
    cpu = result["machine"]["one_cpu"]
    print(f"one-process rows on CPU {cpu}" if cpu is not None else "one-process rows wherever the kernel puts them")
    for library in result["libraries"]:
        print(
            f"\n{library['plans']} plans of about {library['lines_per_plan']} lines; default event builder: {library['default_builder']}"
        )
        print(f"{'':52} {'wall s':>8} {'CPU s':>8} {'CPU/floor':>10} {'peak MiB':>9}")
        for name, row in library["rows"].items():
            ratio = f"{row['cpu_ratio_to_floor']:.2f}x" if row["cpu_ratio_to_floor"] is not None else "-"
            print(f"{name:52} {row['wall']:8.2f} {row['cpu']:8.2f} {ratio:>10} {row['peak_mib']:9.0f}")
        speedup = library["rows"]["planlint -j 1 (no cache)"].get("jobs_2_speedup")
        if speedup:
            print(f"-j 2 against -j 1 (wall, no cache): {speedup:.2f}x faster")
    for rerun in result.get("reruns", []):
        cold, warm = rerun["cold"], rerun["warm"]
        print(
            f"\nwarm re-run of {rerun['plans']} plans: {warm['wall'] * 1000:.0f} ms against {cold['wall'] * 1000:.0f} ms cold "
            f"({rerun['warm_to_cold_wall'] * 100:.1f}% of cold, wall; CPU {warm['cpu'] * 1000:.0f} / {cold['cpu'] * 1000:.0f} ms)"
        )
    print("\nstart-up")
    for name, row in result["startup"].items():
        print(f"{name:52} {row['wall'] * 1000:7.0f} ms (CPU {row['cpu'] * 1000:.0f} ms, peak {row['peak_mib']:.0f} MiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rerun", type=int, nargs="*", default=[200], help="libraries for the warm re-run row")
    parser.add_argument("--startup-repeat", type=int, default=10, help="runs of each start-up row (median quoted)")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    parser.add_argument(
        "--cpu", type=int, default=None, help="the CPU for one-process rows (default: the first allowed; -1: any)"
    )
    args = parser.parse_args()
    global ONE_CPU
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    ONE_CPU = None if args.cpu == -1 or not allowed else (args.cpu if args.cpu is not None else allowed[0])
    with tempfile.TemporaryDirectory(prefix="planlint-bench-") as tmp:
        work = Path(tmp)
        result = {
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "machine": {
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "platform": platform.platform(),
                "one_cpu": ONE_CPU,
            },
            "libraries": [run_library(count, args.repeat if count <= 2000 else 1, work) for count in args.plans],
            "reruns": [warm_rerun(count, max(args.repeat, 5), work) for count in args.rerun],
            "startup": startup(args.startup_repeat, work),
        }
    print_table(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
