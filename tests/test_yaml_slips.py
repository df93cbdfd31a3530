"""YAML slips are reported at the line a person would fix (issue 19 item 2).

A plan written in flow style holds YAML 1.2 values libyaml refuses
(``injury: {..., occurred: 2026-03-14T17:30:00+01:00}``: a ':' inside a plain
scalar in a flow mapping). planlint reads those by quoting them in a copy of
the text; a slip further on used to be reported at the first refused ':'
("line 4 column 75"), wherever it really was. Each slip of the corpus below is
placed after such flow mappings; planlint's PL001 line must be libyaml's on
the same text with the timestamps quoted, and yamllint's when it is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import CParser
from ruamel.yaml.error import MarkedYAMLError

from planlint.loader import load_text

BASE = """\
planlint: 1
id: hs-2b-midfielder
title: Grade 2b hamstring strain, return to play
injury: {site: hamstring, type: strain, grade: 2b, occurred: 2026-03-14T17:30:00+01:00}
monitoring: {pain_scale: nrs-0-10, max_pain_during: 3, next_morning_rule: true, reassess_soreness_after: 72h}
phases:
  - id: protect
    exit: [{test: isometric_tolerance, max_pain: 2}]
  - id: strength
sessions:
  - day: 2
    time: "10:00"
    phase: protect
    exercises:
      - name: Isometric bridge hold
        ref: isometric_bridge
        sets: 3
        hold: 30s
  - day: 4
    time: "10:00"
    phase: protect
    exercises:
      - name: Isometric bridge hold
        ref: isometric_bridge
        sets: 3
        hold: 30s
  - {at: 2026-03-20T10:00:00+01:00, phase: strength, exercises: [{name: Nordic curl, ref: nordic_hamstring_curl}]}
  - day: 9
    time: "10:00"
    phase: strength
    exercises:
      - name: Isometric bridge hold
        ref: isometric_bridge
"""
TIMESTAMPS = re.compile(r"(occurred|at): (\d{4}-\d\d-\d\dT[0-9:+]+)")


def _edit(number: int, change):
    def apply(text: str) -> str:
        lines = text.split("\n")
        lines[number - 1] = change(lines[number - 1])
        return "\n".join(lines)

    return apply


#: name -> (edit of BASE, the line a person fixes)
SLIPS = {
    "indent one short": (_edit(18, lambda line: line[1:]), 18),
    "indent one over": (_edit(18, lambda line: " " + line), 18),
    "tab for indentation": (_edit(17, lambda line: "\t" + line.lstrip(" ")), 17),
    "unclosed [": (_edit(8, lambda line: line.rstrip("]")), 9),
    "unclosed {": (_edit(8, lambda line: line.replace("}]", "]")), 8),
    "unclosed double quote": (_edit(12, lambda line: line.rstrip('"')), 20),
    "quote closed early": (_edit(15, lambda line: line.replace("Isometric bridge hold", "'Isometric' bridge hold")), 15),
    "': ' in a plain value": (_edit(23, lambda line: line.replace("bridge hold", "bridge: hold")), 23),
    "dash one over": (_edit(19, lambda line: " " + line), 19),
    "key two short": (_edit(24, lambda line: line[2:]), 24),
    "after a flow session: indent one short": (_edit(33, lambda line: line[1:]), 33),
    # libyaml and yamllint stop at the end of the text; the message names line 29 (tested below)
    "after a flow session: unclosed quote": (_edit(29, lambda line: line.replace('"10:00"', '"10:00')), 34),
}


def planlint_lines(text: str) -> list[int]:
    return [f.span.line for f in load_text("slip.plan.yaml", text).findings if f.code == "PL001"]


def libyaml_line(text: str) -> int | None:
    """libyaml's line for the text with its flow timestamps quoted (what YAML 1.1 needs)."""
    quoted = TIMESTAMPS.sub(lambda m: f'{m.group(1)}: "{m.group(2)}"', text)
    try:
        for _ in iter(CParser(quoted).get_event, None):
            pass
    except MarkedYAMLError as exc:
        return (exc.problem_mark or exc.context_mark).line + 1
    return None


def test_the_base_plan_reads():
    assert planlint_lines(BASE) == [] and libyaml_line(BASE) is None


@pytest.mark.parametrize("name", list(SLIPS))
def test_a_slip_after_flow_timestamps_is_reported_where_it_is(name):
    edit, line = SLIPS[name]
    text = edit(BASE)
    assert libyaml_line(text) == line
    assert planlint_lines(text) == [line], name


def _yamllint() -> list[str] | None:  # in the test extra; CI has it
    found = shutil.which("yamllint") or str(Path(sys.executable).parent / "yamllint")
    return [found] if Path(found).exists() else None


@pytest.mark.parametrize("name", list(SLIPS))
def test_planlint_and_yamllint_name_the_same_line(name, tmp_path):
    command = _yamllint()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("yamllint is not installed (the test extra installs it)")
        pytest.skip("yamllint is not installed")
    edit, line = SLIPS[name]
    path = tmp_path / "slip.plan.yaml"
    path.write_text(edit(BASE), encoding="utf-8")
    output = subprocess.run([*command, "-f", "parsable", "-d", "{rules: {}}", str(path)], capture_output=True, text=True).stdout
    errors = [int(m.group(1)) for m in re.finditer(r":(\d+):\d+: \[error\]", output)]
    assert errors == [line] == planlint_lines(edit(BASE)), output


def test_an_unclosed_quote_names_the_line_it_starts_on():
    text = SLIPS["after a flow session: unclosed quote"][0](BASE)
    (finding,) = [f for f in load_text("slip.plan.yaml", text).findings if f.code == "PL001"]
    assert "quoted scalar started at line 29, column 11" in finding.message


def test_the_cli_reports_the_slip_not_the_flow_timestamp(tmp_path):
    from click.testing import CliRunner

    from planlint.cli import main

    path = tmp_path / "slip.plan.yaml"
    path.write_text(SLIPS["indent one short"][0](BASE), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", str(path)])
    assert result.exit_code == 1
    assert f"{path}:18:8: PL001 error invalid YAML" in result.output
    assert ":4:" not in result.output
