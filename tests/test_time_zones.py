"""Format 1.1 time: a plan's clock (timezone, day 0, clock changes), the injury time written without
a UTC offset, and the report showing times in the plan's zone."""

from datetime import date

import pytest

from planlint.anchors import read_anchors
from planlint.config import ConfigResolver
from planlint.engine import Linter
from planlint.htmlreport.describe import occurred_text, plan_length_text
from planlint.htmlreport.layout import build_layout, injury_minute
from planlint.rules.wording import when
from planlint.timeline import Clock, TimeError, load_zone, parse_moment

LONDON = load_zone("Europe/London")


def london(day0: date) -> Clock:
    return Clock(day0, LONDON, "Europe/London", "the plan's")


# --------------------------------------------------------------------------- the clock


def test_wall_clock_times_keep_their_hour_across_the_spring_change():
    clock = london(date(2026, 3, 28))  # clocks go forward on 29 March at 01:00 GMT
    saturday, monday = clock.place_day(0, "18:30"), clock.place_day(2, "18:30")
    assert (monday.day, monday.minute) == (2, 18 * 60 + 30)  # as written
    assert (monday.earliest - saturday.earliest) / 60 == 47  # real hours: one was lost


def test_wall_clock_times_keep_their_hour_across_the_autumn_change():
    clock = london(date(2026, 10, 24))  # clocks go back on 25 October at 02:00 BST
    assert (clock.place_day(2, "18:30").earliest - clock.place_day(0, "18:30").earliest) / 60 == 49


def test_untimed_days_span_their_real_length():
    spring, autumn = london(date(2026, 3, 29)), london(date(2026, 10, 25))
    day = spring.place_day(0, None)
    assert day.latest + 1 - day.earliest == 23 * 60
    day = autumn.place_day(0, None)
    assert day.latest + 1 - day.earliest == 25 * 60


def test_a_time_a_clock_change_repeats_spans_both_instants_and_a_skipped_one_both_readings():
    autumn = london(date(2026, 10, 25))
    repeated = autumn.place_day(0, "01:30")  # 01:30 BST and 01:30 GMT
    assert repeated.latest - repeated.earliest == 60
    spring = london(date(2026, 3, 29))
    skipped = spring.place_day(0, "01:30")  # never shown on a London clock that night
    assert skipped.latest - skipped.earliest == 60


def test_instants_with_an_offset_are_exact_and_shown_in_the_zone():
    clock = london(date(2026, 3, 28))
    placement, converted = clock.place_instant(parse_moment("2026-03-30T08:30:00+02:00"))
    assert (placement.day, placement.minute) == (2, 7 * 60 + 30)  # 06:30 UTC is 07:30 BST
    assert converted == ("the plan's", "Europe/London")
    same, converted = clock.place_instant(parse_moment("2026-03-30T07:30:00+01:00"))
    assert same == placement and converted is None
    assert clock.local(placement.earliest) == (2, 7 * 60 + 30)


def test_moments_without_an_offset_are_read_in_the_zone():
    clock = london(date(2026, 3, 28))
    injury = parse_moment("2026-03-28T17:30:00")
    assert clock.elapsed(injury, clock.place_day(2, "05:30")).hours == 35  # not 36: the clocks went forward


def test_an_offsetless_injury_time_spans_every_offset_on_earth_for_sessions_that_carry_one():
    injury = parse_moment("2026-03-14T17:30:00")
    at = parse_moment("2026-03-16T08:15:00+01:00")
    clock = Clock.for_plan(injury, [at])
    assert clock.injury_offset_unknown
    placement, _ = clock.place_instant(at)
    elapsed = clock.elapsed(injury, placement, at.tz, "2026-03-14T17:30:00")
    assert elapsed.hours == pytest.approx(25.75)  # from 17:30 at UTC-12:00
    assert elapsed.offset_unknown == ("2026-03-14T17:30:00", "+01:00")
    day_session = clock.place_day(2, "05:30")
    exact = clock.elapsed(injury, day_session)  # day + time shares the injury's clock
    assert (exact.hours, exact.assumed, exact.offset_unknown) == (36, False, None)


def test_injury_offsets_and_zones_decide_the_clock():
    with_offset = Clock.for_plan(parse_moment("2026-03-14T17:30:00+01:00"), [parse_moment("2026-03-15T10:00:00Z")])
    assert (with_offset.label(), with_offset.injury_offset_unknown) == ("UTC+01:00", False)
    date_only = Clock.for_plan(parse_moment("2026-03-14"), [parse_moment("2026-03-15T10:00:00Z")])
    assert (date_only.label(), date_only.injury_offset_unknown) == ("UTC+00:00", False)  # version 1's reading
    zoned = Clock.for_plan(parse_moment("2026-03-14T17:30:00+05:00"), [], LONDON, "Europe/London")
    assert zoned.label() == "Europe/London" and zoned.zone is LONDON


@pytest.mark.parametrize("name", ["Europe/Londn", "../../etc/passwd", "/etc/localtime", "", "europe/london"])
def test_unknown_zones_are_refused(name):
    with pytest.raises(TimeError):
        load_zone(name)


def test_days_from_surgery_moves_day_0_and_starts_is_read_on_that_count():
    data = {
        "days_from": "surgery",
        "starts": "2026-04-06",
        "injury": {"occurred": "2026-03-14T17:30:00+00:00", "surgery": "2026-03-23"},
        "sessions": [],
    }
    anchors = read_anchors(data)
    assert anchors.clock.day0 == date(2026, 3, 23) and anchors.starts_day == 14
    assert anchors.injury_day_offset == 9


# --------------------------------------------------------------------------- in plans and the report

PLAN = """\
planlint: 1.1
id: zoned
title: A plan across the spring clock change
timezone: Europe/London
injury: {site: hamstring, type: strain, grade: 2a, occurred: 2026-03-28T17:30:00}
monitoring: {max_pain_during: 2, next_morning_rule: true}
phases:
  - id: rehab
sessions:
  - day: 2
    time: "06:30"
    phase: rehab
    exercises: [{name: Strides, ref: flying_sprint, intensity: 50%}]
  - at: 2026-03-31T08:00:00Z
    phase: rehab
"""


@pytest.fixture(scope="module")
def plan():
    linter = Linter(ConfigResolver(search=False))
    result = linter.lint_bytes("zoned.plan.yaml", PLAN.encode("utf-8"), keep_plan=True)
    assert [f.code for f in result.findings if f.code.startswith(("PL00", "HS001"))] == []  # 36 h exactly
    return result.plan


def test_messages_show_instants_in_the_plans_zone(plan):
    assert when(plan.sessions[1]) == "2026-03-31T08:00:00Z (day 3 at 09:00 in the plan's time zone, Europe/London)"
    assert plan.sessions[0].elapsed.hours == 36


def test_the_report_shows_the_injury_and_windows_in_the_zone(plan):
    assert occurred_text(plan.injury.occurred, plan.clock) == "2026-03-28 17:30 Europe/London (UTC+00:00)"
    winter = parse_moment("2026-01-10T18:00:00+01:00")
    assert occurred_text(winter, london(date(2026, 1, 10))) == "2026-01-10 17:00 Europe/London (UTC+00:00)"
    assert occurred_text(winter) == "2026-01-10 18:00 (UTC+01:00)"  # no zone: as written
    linter = Linter(ConfigResolver(search=False))
    published = linter.published(plan, linter.settings_for(plan.path))
    layout = build_layout(plan, [], published.windows)
    assert injury_minute(plan) == 17 * 60 + 30
    ends = {(window.code, window.hours): minute for window, minute in layout.windows}
    # 36 h after 17:30 GMT is 05:30 UTC on the 30th: 06:30 on a London clock (BST), day 2.
    assert ends[("HS001", 36)] == 2 * 1440 + 6 * 60 + 30
    assert ends[("HS002", 48)] == 2 * 1440 + 18 * 60 + 30
    assert [pin for pin in layout.pins] == []
    assert plan_length_text(plan).startswith("4 days (day 0 to day 3")


def test_starts_as_a_whole_float_is_a_day_number():
    """`starts: 12.0` passes the schema's "integer"; it is day 12, never a crash."""
    data = {"starts": 12.0, "injury": {"occurred": "2026-03-14"}, "sessions": []}
    assert read_anchors(data).starts_day == 12
