"""Documentation for the codes planlint's own pipeline reports (PL000-PL007).

These are not plugin rules: the loader, the schema layer, the model and the
suppression pass report them. They are described with the same fields as
rules so that ``planlint rules``, ``planlint explain`` and the reference page
treat every code alike.
"""

from __future__ import annotations

from planlint.findings import Severity
from planlint.rules.base import Evidence, Rule

_INTEGRITY = (Evidence("practice", "File integrity: planlint cannot judge a plan it cannot read unambiguously."),)


class _Structural(Rule):
    """A code reported by the pipeline itself; ``check`` is never called."""

    evidence = _INTEGRITY

    def check(self, plan, ctx):  # pragma: no cover - never called
        return ()


class YamlSyntax(_Structural):
    code, name, severity = "PL001", "yaml-syntax", Severity.ERROR
    summary = "The file is not valid YAML, is empty, is not UTF-8, or uses a YAML tag that builds objects."
    why = "A file that does not parse cannot be checked at all; the other rules are skipped for it."
    instead = "Fix the YAML at the reported line and column (indentation with spaces, quotes around text with ': ')."


class DuplicateKey(_Structural):
    code, name, severity = "PL002", "duplicate-key", Severity.ERROR
    summary = "A mapping repeats a key."
    why = "YAML keeps only one of two equal keys, so part of what the coach wrote is silently lost."
    instead = "Remove or rename one of the keys (the finding points at the second)."


class Schema(_Structural):
    code, name, severity = "PL003", "schema", Severity.ERROR
    summary = "The document breaks the plan schema (unknown key, wrong type or value, something missing)."
    why = "Rules read a typed plan; a misspelt key or a wrong unit would otherwise be ignored and hide a problem."
    instead = "Follow the message: it names the key, what was found and what is allowed (run `planlint schema` for the full schema)."


class UnknownExercise(_Structural):
    code, name, severity = "PL004", "unknown-exercise", Severity.ERROR
    summary = "An exercise states no contraction/kind and its ref is not in any catalog."
    why = "Rules need to know whether an exercise is eccentric, a sprint, plyometric...; without that they cannot protect the athlete."
    instead = "Add `contraction` and `kind`, or use a `ref` from the catalog (or add the id to a project catalog file)."


class UnknownPhase(_Structural):
    code, name, severity = "PL005", "unknown-phase", Severity.ERROR
    summary = "A session names a phase id the plan does not define."
    why = "Gates and phase order are read from the phase; a session in an unknown phase escapes both."
    instead = "Use one of the plan's phase ids (the message lists them)."


class UnsupportedVersion(_Structural):
    code, name, severity = "PL006", "unsupported-version", Severity.ERROR
    summary = "`planlint:` is not a supported format version."
    why = "A plan written for another format version may mean different things by the same keys; it is reported alone."
    instead = "Write `planlint: 1`, or upgrade planlint if the plan needs a newer format."


class UnusedSuppression(_Structural):
    code, name, severity = "PL007", "unused-suppression", Severity.WARNING
    summary = "An inline suppression comment suppresses nothing."
    why = "Stale suppressions hide future findings on that line and mislead readers about the plan's risks."
    instead = "Remove the code from the `# planlint: disable=...` comment (or fix a misspelt code)."
    evidence = (Evidence("practice", "Mirrors ruff's RUF100 and eslint's --report-unused-disable-directives."),)


class InternalError(_Structural):
    code, name, severity = "PL000", "internal-error", Severity.ERROR
    summary = "A rule crashed on this file (a bug in planlint or a plugin)."
    why = "The crashed rule did not check the file, so its absence of findings proves nothing; the exit code is 3."
    instead = "Report the message to the plugin's authors; other rules and files were still checked."
    evidence = (Evidence("practice", "Fail loudly, but keep the run going."),)


STRUCTURAL_RULES = (
    InternalError(),
    YamlSyntax(),
    DuplicateKey(),
    Schema(),
    UnknownExercise(),
    UnknownPhase(),
    UnsupportedVersion(),
    UnusedSuppression(),
)
