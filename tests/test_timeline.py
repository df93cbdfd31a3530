"""The conservative time rule at day and time-of-day boundaries."""

import pytest

from planlint.timeline import (
    certainly_before_injury,
    certainly_earlier,
    elapsed_since,
    parse_moment,
    place_day,
    place_instant,
)

EVENING = parse_moment("2026-03-14T17:30:00+01:00")
DATE_ONLY = parse_moment("2026-03-14")


@pytest.mark.parametrize(
    "injury, day, time, hours, assumed",
    [
        (EVENING, 1, "09:00", 15.5, False),  # the spec's example
        (EVENING, 0, "17:30", 0.0, False),
        (EVENING, 2, "05:30", 36.0, False),
        (EVENING, 1, None, 6.5, True),  # session at the start of day 1
        (EVENING, 0, None, 0.0, True),  # never below zero
        (DATE_ONLY, 1, "09:00", 9.0, True),  # injury at the end of day 0
        (DATE_ONLY, 1, None, 0.0, True),
        (DATE_ONLY, 2, None, 24.0, True),
        (DATE_ONLY, 14, None, 13 * 24.0, True),
        (DATE_ONLY, 0, "23:59", 0.0, True),
    ],
)
def test_elapsed(injury, day, time, hours, assumed):
    elapsed = elapsed_since(injury, place_day(day, time))
    assert elapsed.hours == pytest.approx(hours)
    assert elapsed.assumed is assumed


def test_at_sessions_are_seen_in_the_injury_offset():
    placement = place_instant(EVENING, parse_moment("2026-03-16T04:30:00Z"))  # 05:30 at +01:00
    assert (placement.day, placement.minute) == (2, 330)
    assert elapsed_since(EVENING, placement).hours == pytest.approx(36.0)
    late = place_instant(parse_moment("2026-03-14T20:00:00-05:00"), parse_moment("2026-03-21T02:00:00Z"))
    assert late.day == 6  # 21:00 on the 20th at -05:00


def test_before_injury_only_when_certain():
    assert certainly_before_injury(EVENING, place_day(-1, None))
    assert certainly_before_injury(EVENING, place_day(0, "17:29"))
    assert not certainly_before_injury(EVENING, place_day(0, None))
    assert not certainly_before_injury(EVENING, place_day(0, "17:30"))
    assert not certainly_before_injury(DATE_ONLY, place_day(0, "00:00"))


def test_certainly_earlier():
    assert certainly_earlier(place_day(3, None), place_day(4, None))
    assert certainly_earlier(place_day(3, "09:00"), place_day(3, "15:00"))
    assert not certainly_earlier(place_day(3, None), place_day(3, "15:00"))
    assert not certainly_earlier(place_day(3, "09:00"), place_day(3, None))
    assert not certainly_earlier(place_day(3, "09:00"), place_day(3, "09:00"))


@pytest.mark.parametrize("text", ["2026-13-01", "2026-02-30", "yesterday", "2026-03-14T25:00"])
def test_bad_moments(text):
    from planlint.timeline import TimeError

    with pytest.raises(TimeError):
        parse_moment(text)


def test_units():
    from planlint.units import (
        UnitError,
        parse_distance_metres,
        parse_duration_hours,
        parse_percent,
    )

    assert parse_duration_hours("30s") == pytest.approx(1 / 120)
    assert parse_duration_hours("5min") == pytest.approx(5 / 60)
    assert parse_duration_hours("36h") == 36
    assert parse_duration_hours("3d") == 72
    assert parse_duration_hours("2w") == 336
    assert parse_distance_metres("1.2km") == pytest.approx(1200)
    assert parse_percent("70%") == 70
    with pytest.raises(UnitError, match="write '30min'"):
        parse_duration_hours("30m")
    with pytest.raises(UnitError, match="write '2h'"):
        parse_duration_hours("2 hours")
    with pytest.raises(UnitError, match="has no unit"):
        parse_duration_hours(30)
    with pytest.raises(UnitError, match="is a duration"):
        parse_distance_metres("30s")


def test_indexed_gate_lookup_agrees_with_the_plain_definition():
    """Plan.has_passed (bisect over check times) answers exactly what passed_gates says."""
    from pathlib import Path

    from planlint.catalog import build_catalog
    from planlint.loader import load_text
    from planlint.model import build_plan
    from planlint.schema import SchemaRegistry
    from planlint.validate import validate_source

    root = Path(__file__).resolve().parent.parent
    catalog = build_catalog()
    tests = ["isometric_tolerance", "strength_symmetry", "mobility", "pain_free_sprint", "askling_h_test", "symptom_free"]
    compared = 0
    for path in sorted(root.glob("tests/fixtures/rules/*/*.plan.yaml")) + sorted(root.glob("examples/*.plan.yaml")):
        source = load_text(str(path), path.read_text(encoding="utf-8"))
        if source.findings:
            continue
        problems, source = validate_source(source, SchemaRegistry())  # a templated plan: written out
        if problems:
            continue  # not a valid plan (or a concussion plan needing the plugin's schema)
        plan, _ = build_plan(str(path), source.data, source.index, catalog)
        for session in plan.sessions:
            passed = plan.passed_gates(session)
            for test in tests:
                assert plan.has_passed(session, test) == any(g.test == test for g in passed)
                strict = lambda g: (g.min_lsi or 0) >= 90  # noqa: E731
                assert plan.has_passed(session, test, strict) == any(g.test == test and strict(g) for g in passed)
                compared += 1
    assert compared > 1000
