"""What a rule is: a code, its documentation, its options and a check.

A rule never touches YAML or the command line: it reads the typed plan model
and yields :class:`Violation` s at model spans. The engine stamps the code,
name and severity, applies configuration and suppressions, and sorts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Iterable, Mapping

from planlint.findings import Severity
from planlint.model import Plan
from planlint.positions import Span
from planlint.units import UnitError, parse_duration_hours

EVIDENCE_GRADES = ("consensus", "trial", "observational", "practice", "heuristic")


@dataclass(frozen=True)
class Evidence:
    """A source behind a rule or its threshold, and an honest grade of its strength."""

    grade: str
    text: str

    def __post_init__(self) -> None:
        if self.grade not in EVIDENCE_GRADES:
            raise ValueError(f"evidence grade {self.grade!r} is not one of {EVIDENCE_GRADES}")


class OptionError(ValueError):
    """A configured option value that does not fit."""


def _number(value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise OptionError(f"expected a number, found {value!r}")
    return value


def _whole(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise OptionError(f"expected a whole number, found {value!r}")
    return value


def _hours(value) -> float:
    try:
        return parse_duration_hours(value)
    except UnitError as exc:
        raise OptionError(str(exc)) from None


def _mapping(value) -> dict:
    """A table of numbers, e.g. days by grade; keys are compared in lower case."""
    if not isinstance(value, Mapping):
        raise OptionError(f"expected a table of values, found {value!r}")
    table = {}
    for key, item in value.items():
        if isinstance(item, bool) or not isinstance(item, (int, float)) or item < 0:
            raise OptionError(f"entry '{key}' must be a number of at least 0, found {item!r}")
        table[str(key).lower()] = item
    return table


OPTION_TYPES: dict[str, Callable[[Any], Any]] = {
    "number": _number,
    "integer": _whole,
    "duration": _hours,  # written "72h" in configuration; the rule sees hours
    "table": _mapping,
}


@dataclass(frozen=True)
class Option:
    """A rule setting, configurable as ``[tool.planlint.rules.CODE] name = value``."""

    name: str
    default: Any
    type: str
    help: str
    minimum: float | None = 0

    def coerce(self, value):
        converted = OPTION_TYPES[self.type](value)
        if self.minimum is not None and isinstance(converted, (int, float)) and converted < self.minimum:
            raise OptionError(f"must be at least {self.minimum}, found {value!r}")
        return converted

    @property
    def default_value(self):
        return self.coerce(self.default)


@dataclass(frozen=True)
class Violation:
    """What a rule found: where, and a message that speaks to a coach."""

    span: Span
    message: str


@dataclass
class RuleContext:
    """What a rule's check may read besides the plan: its resolved options."""

    options: dict = field(default_factory=dict)


class Rule:
    """Base class for rules. Subclasses set the class attributes and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    why: ClassVar[str]
    instead: ClassVar[str]
    evidence: ClassVar[tuple[Evidence, ...]] = ()
    options: ClassVar[tuple[Option, ...]] = ()
    #: Injury sites the rule applies to; None: every plan.
    sites: ClassVar[frozenset[str] | None] = None
    #: Optional documentation examples (YAML snippets).
    bad_example: ClassVar[str] = ""
    good_example: ClassVar[str] = ""

    def applies_to(self, plan: Plan) -> bool:
        return self.sites is None or plan.site in self.sites

    def check(self, plan: Plan, ctx: RuleContext) -> Iterable[Violation]:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def default_options(cls) -> dict:
        return {option.name: option.default_value for option in cls.options}

    @classmethod
    def applies_to_text(cls) -> str:
        return "every plan" if cls.sites is None else "plans whose injury.site is " + " or ".join(sorted(cls.sites))
