"""What a rule is: a code, its documentation, its options and a check.

A rule never touches YAML or the command line: it reads the typed plan model
and yields :class:`Violation` s at model spans. The engine stamps the code,
name and severity, applies configuration and suppressions, and sorts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from planlint.codes import Code, Evidence
from planlint.findings import Severity
from planlint.hookspecs import hookimpl
from planlint.model import Plan
from planlint.options import Option, OptionError, RuleContext
from planlint.positions import Span


@dataclass(frozen=True)
class Violation:
    """What a rule found: where, and a message that speaks to a coach."""

    span: Span
    message: str


@dataclass(frozen=True)
class TimeWindow:
    """A stretch from the injury in which a rule forbids something, at its configured
    length: the HTML report draws it ("first 36 h after the injury: no sprints")."""

    hours: float
    forbids: str
    code: str = ""  # stamped by the linter with the publishing rule's code


class Rule:
    """Base class for rules. Subclasses set the class attributes and ``check``.

    Options are declared as class attributes (``min_hours = Option(...)``) and
    read in ``check`` as ``ctx[self.min_hours]``, already converted.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    why: ClassVar[str]
    instead: ClassVar[str]
    evidence: ClassVar[tuple[Evidence, ...]] = ()
    #: Collected from the Option class attributes, in the order they are written.
    options: ClassVar[tuple[Option, ...]] = ()
    #: Injury sites the rule applies to (a set of ``injury.site`` names); None: every plan.
    sites: ClassVar[frozenset[str] | None] = None
    #: Kinds of injury the rule applies to (:data:`planlint.sites.KINDS`); None: every kind.
    kinds: ClassVar[frozenset[str] | None] = None
    #: What the HTML report marks for this rule's findings besides the pin:
    #: ``"weekly-load"`` flags the week in the weekly load chart.
    marks: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "options" not in vars(cls):
            declared = (v for klass in reversed(cls.__mro__) for v in vars(klass).values() if isinstance(v, Option))
            cls.options = tuple(dict.fromkeys(declared))

    def applies_to(self, plan: Plan) -> bool:
        return (self.sites is None or plan.site in self.sites) and (self.kinds is None or plan.site_kind in self.kinds)

    def check(self, plan: Plan, ctx: RuleContext) -> Iterable[Violation]:  # pragma: no cover - abstract
        raise NotImplementedError

    def windows(self, ctx: RuleContext) -> Sequence[TimeWindow]:
        """The time windows from the injury this rule enforces, at ``ctx``'s option values
        (the report draws them); none by default."""
        return ()

    def unstated(self, ctx: RuleContext) -> Mapping[str, float]:
        """How the rule reads a value a plan leaves out, e.g. ``{"sprint intensity": 100.0}``
        (the report draws an unstated value where the rules read it); none by default."""
        return {}

    @classmethod
    def applies_to_text(cls) -> str:
        parts = []
        if cls.sites is not None:
            parts.append("plans whose injury.site is " + " or ".join(sorted(cls.sites)))
        if cls.kinds is not None:
            parts.append("plans of a " + " or ".join(sorted(cls.kinds)) + " injury")
        return " and ".join(parts) or "every plan"

    @property
    def meta(self) -> Code:
        """The rule's documentation as the record every code shares."""
        return Code(
            self.code,
            self.name,
            self.severity,
            self.summary,
            self.why,
            self.instead,
            tuple(self.evidence),
            tuple(self.options),
            self.applies_to_text(),
        )


def resolve_options(rule: Rule, configured: Mapping[str, Any]) -> RuleContext:
    """Convert a rule's configured option values once (a table adds to its default).

    Raises OptionError whose message starts with the option's name.
    """
    by_name = {option.name: option for option in rule.options}
    for name in configured:
        if name not in by_name:
            raise OptionError(f"unknown option '{name}'")
    values = {}
    for option in rule.options:
        try:
            values[option] = option.resolve(configured.get(option.name))
        except OptionError as exc:
            raise OptionError(f"{option.name}: {exc}") from None
    return RuleContext(values)


def rules_hook(rules: Iterable[type[Rule]]):
    """A rule pack's ``planlint_rules`` hook: ``planlint_rules = rules_hook(RULES)``
    in the pack's module is its whole registration."""
    rules = tuple(rules)

    @hookimpl
    def planlint_rules():
        return [rule() for rule in rules]

    return planlint_rules


def docs_hook(url: str):
    """A rule pack's ``planlint_docs_url`` hook: ``planlint_docs_url = docs_hook(URL)``."""

    @hookimpl
    def planlint_docs_url():
        return url

    return planlint_docs_url


#: Where planlint's own packs (and the pipeline codes PL000-PL007) are documented.
BUILTIN_DOCS_URL = "https://github.com/planlint/planlint/blob/main/docs/rules.md"
