"""Messages quote what the coach wrote (rules-v1 changes of 2026-11-30)."""

from planlint.testing import RuleTester

AT_PLAN = """\
planlint: 1
id: at-offsets
title: Hamstring plan with sessions written in another UTC offset
injury: {{site: hamstring, type: strain, occurred: "2026-03-14T17:30:00+01:00"}}
monitoring: {{max_pain_during: 3, next_morning_rule: true}}
phases:
  - id: early
sessions:
  - at: "{at}"
    phase: early
    exercises:
      - name: Strides
        ref: flying_sprint
        intensity: 60%
"""


def test_hs001_quotes_the_written_time_and_the_conversion_where_the_offset_differs():
    (finding,) = RuleTester("HS001").findings(AT_PLAN.format(at="2026-03-15T08:30:00+02:00"))
    assert finding.message.startswith(
        "sprint 'Strides' on 2026-03-15T08:30:00+02:00 (day 1 at 07:30 in the injury's time zone, UTC+01:00) "
        "is 14 h after the injury"
    )


def test_hs001_quotes_the_written_time_with_its_day_when_the_offset_is_the_injurys():
    (finding,) = RuleTester("HS001").findings(AT_PLAN.format(at="2026-03-15T08:30:00+01:00"))
    assert finding.message.startswith("sprint 'Strides' on 2026-03-15T08:30:00+01:00 (day 1) is 15 h after the injury")
