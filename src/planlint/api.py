"""planlint's public plugin surface: everything a rule pack needs, and nothing else.

A plugin imports from here only; the modules behind these names may move.

    from planlint.api import Evidence, Option, Rule, Severity, Violation, number, rules_hook, when

    class EarlyContact(Rule):
        code, name, severity = "XY001", "early-contact", Severity.ERROR
        summary = "..."; why = "..."; instead = "..."
        evidence = (Evidence("practice", "..."),)
        min_days = Option("min-days", 10, number(), "least days before contact drills")

        def check(self, plan, ctx):
            for session in plan.sessions:
                if session.elapsed.hours < ctx[self.min_days] * 24:
                    yield Violation(session.span, f"contact on {when(session)} is too early")

    planlint_rules = rules_hook([EarlyContact])    # in the module named by the entry point
"""

from __future__ import annotations

from planlint.codes import EVIDENCE_GRADES, Code, Evidence
from planlint.findings import Finding, Severity
from planlint.hookspecs import hookimpl
from planlint.model import Exercise, Gate, Injury, Monitoring, Phase, Plan, Session
from planlint.options import (
    Option,
    OptionError,
    RuleContext,
    duration_hours,
    number,
    number_table,
    text_list,
    whole_number,
)
from planlint.positions import FILE_START, Span
from planlint.rules.rule import Rule, TimeWindow, Violation, docs_hook, rules_hook
from planlint.rules.wording import (
    after_injury,
    describe_assumption,
    format_gap,
    format_hours,
    format_number,
    has_gate,
    least_hours_between,
    missing_times_advice,
    region_advice,
    times_assumed_between,
    when,
)
from planlint.schema import SchemaExtension
from planlint.sites import BRAIN, MUSCULOSKELETAL, InjurySite

__all__ = [
    # rules
    "Rule",
    "Violation",
    "TimeWindow",
    "rules_hook",
    "docs_hook",
    "hookimpl",
    "Severity",
    "Evidence",
    "EVIDENCE_GRADES",
    "Code",
    # options
    "Option",
    "OptionError",
    "RuleContext",
    "number",
    "whole_number",
    "duration_hours",
    "number_table",
    "text_list",
    # the model rules read
    "Plan",
    "Injury",
    "Monitoring",
    "Phase",
    "Gate",
    "Session",
    "Exercise",
    "Span",
    "FILE_START",
    "Finding",
    # schema and injury sites
    "SchemaExtension",
    "InjurySite",
    "MUSCULOSKELETAL",
    "BRAIN",
    "InjurySite",
    "MUSCULOSKELETAL",
    "BRAIN",
    # wording
    "when",
    "after_injury",
    "format_hours",
    "format_number",
    "has_gate",
    "describe_assumption",
    "least_hours_between",
    "times_assumed_between",
    "format_gap",
    "missing_times_advice",
    "region_advice",
]
