"""A third-party plugin, installed the way users install one, is found and run by planlint.

The first test builds a throwaway plugin distribution in a temporary folder,
installs it with pip into a fresh virtual environment, and runs planlint there
as a separate process: its rule is listed with its plugin name, reports at the
right line, and sets the exit code. Nothing is downloaded:

- the fresh venv sees this interpreter's packages (planlint, its dependencies,
  pip) through a ``.pth`` file that calls ``site.addsitedir`` on our
  site-packages folders. ``venv --system-site-packages`` would not do: it
  exposes the *base* interpreter's packages, not those of the venv the tests
  run in;
- the plugin is built by a tiny PEP 517 backend that ships inside it
  (``backend-path``), written with the standard library only, so
  ``pip install --no-index --no-build-isolation`` needs neither setuptools nor
  wheel (setuptools before 70.1 cannot build a wheel without the ``wheel``
  package, and a build-isolated install would download them).

The second test registers a plugin whose rule crashes, in process, and checks
that the crash becomes a PL000 finding naming the plugin and the rule while the
other rules still report.
"""

from __future__ import annotations

import importlib.util
import json
import os
import site
import subprocess
import sys
from pathlib import Path

import pytest

from planlint.api import Evidence, Rule, Severity, Violation, hookimpl
from planlint.config import ConfigResolver
from planlint.engine import Linter
from planlint.plugins import build_plugin_host

PLUGIN_MODULE = '''\
"""An example third-party planlint plugin (built by tests/test_third_party_plugin.py)."""

from planlint.api import Evidence, Rule, Severity, Violation, rules_hook


class ForbiddenExercise(Rule):
    code = "XY001"
    name = "forbidden-exercise"
    severity = Severity.ERROR
    summary = "An exercise the XY club does not allow."
    why = "The XY club's medical team has banned it."
    instead = "Choose another exercise."
    evidence = (Evidence("heuristic", "Club policy, for testing plugin loading."),)

    def check(self, plan, ctx):
        for session, exercise in plan.exercises():
            if exercise.name.strip().lower() == "forbidden":
                yield Violation(exercise.span, f"exercise '{exercise.name}' is not allowed by the XY club")


class Explodes(Rule):
    code = "XY002"
    name = "explodes"
    severity = Severity.WARNING
    summary = "Crashes on exercises named 'explode' (a deliberately buggy rule)."
    why = "Tests that a crashing plugin rule does not take planlint down."
    instead = "-"
    evidence = (Evidence("heuristic", "Test rule."),)

    def check(self, plan, ctx):
        if any(exercise.name == "explode" for _, exercise in plan.exercises()):
            raise RuntimeError("the XY002 rule has a bug")
        return ()


planlint_rules = rules_hook([ForbiddenExercise, Explodes])
'''

# A PEP 517 backend in the standard library alone: builds a pure-Python wheel.
BACKEND = """\
import base64
import hashlib
import zipfile
from pathlib import Path

DIST, VERSION = "planlint_xy_example", "0.1.0"
ROOT = Path(__file__).resolve().parent.parent


def _record(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    info = f"{DIST}-{VERSION}.dist-info"
    files = {
        "xy_planlint.py": (ROOT / "xy_planlint.py").read_bytes(),
        f"{info}/METADATA": b"Metadata-Version: 2.1\\nName: planlint-xy-example\\nVersion: 0.1.0\\nRequires-Dist: planlint\\n",
        f"{info}/WHEEL": b"Wheel-Version: 1.0\\nGenerator: xy_backend\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
        f"{info}/entry_points.txt": b"[planlint]\\nxy = xy_planlint\\n",
    }
    name = f"{DIST}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(Path(wheel_directory) / name, "w") as wheel:
        lines = []
        for path, data in files.items():
            wheel.writestr(path, data)
            lines.append(_record(path, data))
        lines.append(f"{info}/RECORD,,")
        wheel.writestr(f"{info}/RECORD", "\\n".join(lines) + "\\n")
    return name
"""

PYPROJECT = """\
# The wheel's metadata (name planlint-xy-example 0.1.0, entry point
# [planlint] xy = xy_planlint) is written by the in-tree backend.
[build-system]
requires = []
build-backend = "xy_backend"
backend-path = ["_backend"]
"""

PLAN = """\
planlint: 1
id: xy-plugin-check
title: Plan for the third-party plugin test
injury:
  site: other
  type: other
  occurred: 2026-03-14T17:30:00+01:00
monitoring:
  max_pain_during: 3
  next_morning_rule: true
phases:
  - id: only
sessions:
  - day: 2
    time: "10:00"
    phase: only
    exercises:
      - name: allowed
        contraction: isometric
        kind: strength
      - name: forbidden
        contraction: isometric
        kind: strength
"""
FORBIDDEN_LINE = 21  # the `- name: forbidden` item


def write_plugin(folder: Path, module: str = PLUGIN_MODULE) -> Path:
    (folder / "_backend").mkdir(parents=True)
    (folder / "_backend" / "xy_backend.py").write_text(BACKEND, encoding="utf-8")
    (folder / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (folder / "xy_planlint.py").write_text(module, encoding="utf-8")
    return folder


def our_site_dirs() -> list[str]:
    dirs = list(site.getsitepackages())
    if site.ENABLE_USER_SITE and os.path.isdir(site.getusersitepackages()):
        dirs.append(site.getusersitepackages())
    return list(dict.fromkeys(d for d in dirs if os.path.isdir(d)))


def make_venv(where: Path) -> Path:
    """A fresh venv that also sees this interpreter's site-packages; its python."""
    if importlib.util.find_spec("pip") is None:
        pytest.skip("pip is not installed in the test interpreter, so the plugin cannot be installed")
    try:
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, capture_output=True, timeout=60)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        pytest.skip(f"cannot create a virtual environment here: {exc}")
    python = where / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    lines = "".join(f"import site; site.addsitedir({d!r})\n" for d in our_site_dirs())
    Path(purelib, "_planlint_test_parent.pth").write_text(lines, encoding="utf-8")
    return python


def clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "PYTHONPATH"}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", NO_COLOR="1")
    # planlint may be importable only through PYTHONPATH (a source checkout): keep that.
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return env


def install_plugin(tmp_path: Path, module: str = PLUGIN_MODULE):
    """Install the plugin with ``module`` in a fresh venv; a function that runs planlint there."""
    plugin = write_plugin(tmp_path / "planlint-xy-example", module)
    python = make_venv(tmp_path / "venv")
    env = clean_env()

    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--no-deps", "--no-build-isolation", str(plugin)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    def planlint(*args):
        return subprocess.run(
            [str(python), "-m", "planlint", *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
        )

    return planlint


def test_installed_third_party_plugin_is_listed_and_run(tmp_path):
    planlint = install_plugin(tmp_path)

    rules = planlint("rules")
    assert rules.returncode == 0, rules.stderr
    rows = {line.split()[0]: line.split() for line in rules.stdout.splitlines() if line.strip()}
    assert rows["XY001"] == ["XY001", "forbidden-exercise", "error", "yes", "xy", "all"]
    assert rows["XY002"][4] == "xy"  # the plugin column (then the sites)
    assert rows["HS001"][4] == "hamstring"  # the built-in packs are still there

    plugins = planlint("plugins")
    assert "xy  planlint-xy-example 0.1.0  (2 rules)" in plugins.stdout.splitlines()

    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "forbidden.plan.yaml").write_text(PLAN, encoding="utf-8")
    check = planlint("check", "--format", "json", str(plans / "forbidden.plan.yaml"))
    assert check.returncode == 1, check.stdout + check.stderr
    items = json.loads(check.stdout)
    findings = [f for f in items if f["code"] is not None]
    assert [(f["code"], f["line"], f["column"], f["severity"]) for f in findings] == [("XY001", FORBIDDEN_LINE, 9, "error")]
    assert findings[0]["message"] == "exercise 'forbidden' is not allowed by the XY club"
    # The plugin's rules check every plan: they ran, with the general rules, on a plan no pack has rules for.
    assert findings[0]["rules_run"] == ["core", "xy"]
    [note] = [f for f in items if f["code"] is None]
    assert note["message"] == "only the general rules ran (core, xy): planlint has no injury-specific rules for site 'other'"

    text = planlint("check", str(plans / "forbidden.plan.yaml"))
    assert f"forbidden.plan.yaml:{FORBIDDEN_LINE}:9: XY001 error " in text.stdout
    assert text.returncode == 1

    # A rule of the plugin that crashes: PL000 naming the plugin, the rest still reported, exit code 3.
    (plans / "explode.plan.yaml").write_text(PLAN.replace("name: allowed", "name: explode"), encoding="utf-8")
    crashed = planlint("check", "--format", "json", str(plans / "explode.plan.yaml"))
    assert crashed.returncode == 3, crashed.stdout + crashed.stderr
    codes = {f["code"]: f for f in json.loads(crashed.stdout) if f["code"] is not None}
    assert set(codes) == {"PL000", "XY001"}
    assert "XY002" in codes["PL000"]["message"] and "'xy'" in codes["PL000"]["message"]
    assert "Traceback" not in crashed.stderr


# A pack written from docs/architecture.md, with the rules hook misspelt: the pack
# would otherwise contribute nothing and every plan would pass in silence.
MISSPELT_MODULE = PLUGIN_MODULE.replace("planlint_rules = rules_hook(", "planlint_rule = rules_hook(")


def test_a_misspelt_hook_is_an_error_naming_the_plugin_and_the_hook(tmp_path):
    planlint = install_plugin(tmp_path, MISSPELT_MODULE)
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "forbidden.plan.yaml").write_text(PLAN, encoding="utf-8")
    check = planlint("check", str(plans / "forbidden.plan.yaml"))
    assert check.returncode == 3, check.stdout + check.stderr
    assert (
        "planlint: error: plugin 'xy' implements a hook planlint does not have: planlint_rule "
        "(did you mean 'planlint_rules'?); the hooks are: planlint_docs_url, planlint_exercise_catalog, "
        "planlint_injury_sites, planlint_output_formats, planlint_rules, planlint_schema_extensions"
    ) in check.stderr.splitlines()
    assert planlint("plugins").returncode == 3


# ------------------------------------------------------------------ in process: a crashing rule


class DividesByZero(Rule):
    code = "XY900"
    name = "divides-by-zero"
    severity = Severity.WARNING
    summary = "A deliberately broken rule."
    why = "Tests crash isolation."
    instead = "-"
    evidence = (Evidence("heuristic", "Test rule."),)

    def check(self, plan, ctx):
        yield Violation(plan.sessions[0].span, "never reported")
        raise ZeroDivisionError("division by zero")


class BoomPlugin:
    @hookimpl
    def planlint_rules(self):
        return [DividesByZero()]


def test_crashing_plugin_rule_becomes_pl000_and_other_rules_still_report(minimal_plan):
    host = build_plugin_host(extra_plugins=[("boom", BoomPlugin())])
    linter = Linter(ConfigResolver(search=False), host=host)
    assert linter.rules["XY900"].plugin == "boom"

    result = linter.lint_bytes("boom.plan.yaml", minimal_plan.encode("utf-8"))

    assert result.crashed is True
    crashes = [f for f in result.findings if f.code == "PL000"]
    assert len(crashes) == 1
    crash = crashes[0]
    assert (crash.line, crash.column, crash.severity, crash.source) == (1, 1, Severity.ERROR, "boom")
    assert "XY900" in crash.message and "divides-by-zero" in crash.message
    assert "plugin 'boom'" in crash.message and "ZeroDivisionError" in crash.message
    # the violation yielded before the crash is dropped, the other rules still ran
    assert not [f for f in result.findings if f.code == "XY900"]
    codes = {f.code for f in result.findings}
    assert {"HS004", "PL106"} <= codes
    assert not host.problems
