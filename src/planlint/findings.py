"""Findings: the immutable record every stage of planlint produces and reports."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from planlint.positions import Occurrence, Span

if TYPE_CHECKING:  # pragma: no cover - a plan with nothing to fix never imports the edits
    from planlint.edits import Fix


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= fail_on`` decides the exit code."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            allowed = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r}; use one of: {allowed}") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Finding:
    """One problem in one file, at one place."""

    path: str
    span: Span
    code: str
    name: str
    severity: Severity
    message: str
    # Who produced it: "planlint" for built-in structural checks, else the plugin name.
    source: str = "planlint"
    # Set when a suppression silenced this finding: the text after "--" of an inline
    # one ("inSource"), or the baseline file that lists it ("external").
    suppressed: bool = False
    suppression_reason: str | None = None
    suppression_kind: str = "inSource"
    # Identity that survives edits elsewhere in the file (planlint.fingerprints).
    fingerprint: str = ""
    # A safe repair (planlint check --fix, the language server's quick fix), when the intent is unambiguous.
    fix: Fix | None = None
    # A PL003 found by the plan's JSON Schema itself, which yaml-language-server with
    # planlint's schema reports too (the language server need not say it twice).
    schema_error: bool = False
    # Format 1.1 templates: the written-out session this finding is in (the `use` item that
    # scheduled it, its day and time); None for a session written in full.
    occurrence: Occurrence | None = None

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    @property
    def end_line(self) -> int:
        return self.span.end_line

    @property
    def end_column(self) -> int:
        return self.span.end_column

    def sort_key(self):
        # Occurrences of one template line in the order they are written out (day 9 before day 40).
        order = -1 if self.occurrence is None else self.occurrence.session
        return (self.path, self.span.line, self.span.column, self.code, order, self.message)

    def with_changes(self, **changes) -> Finding:
        return replace(self, **changes)

    def to_dict(self) -> dict:
        """The public JSON shape (``--format json``)."""
        return (
            {
                "path": self.path,
                "line": self.span.line,
                "column": self.span.column,
                "end_line": self.span.end_line,
                "end_column": self.span.end_column,
                "code": self.code,
                "name": self.name,
                "severity": self.severity.label,
                "message": self.message,
            }
            | ({"fix": self.fix.to_dict()} if self.fix is not None else {})
            | ({"occurrence": self.occurrence.to_dict()} if self.occurrence is not None else {})
        )


@dataclass(frozen=True)
class RulesRun:
    """Which rule packs checked a plan, decided once by the engine (:func:`planlint.engine.rules_run`)
    and said by every reporter: ``packs`` as shown ("core", "muscle (calf)"); ``note``, when no
    pack for the plan's injury site ran, says so (and which pack to install, if one exists).
    A note is not a finding: nothing in the plan is wrong, the check is only partial."""

    packs: tuple[str, ...]
    site: str
    note: str | None = None

    @property
    def general_only(self) -> bool:
        return self.note is not None

    def to_dict(self) -> dict:
        return {"packs": list(self.packs), "site": self.site, "note": self.note}

    @classmethod
    def from_dict(cls, data) -> RulesRun:
        packs, site, note = data["packs"], data["site"], data["note"]
        if not (isinstance(packs, list) and all(isinstance(p, str) for p in packs) and isinstance(site, str)):
            raise TypeError("bad rules_run")
        if note is not None and not isinstance(note, str):
            raise TypeError("bad rules_run note")
        return cls(tuple(packs), site, note)
