"""Source positions.

The YAML parser counts lines and columns from 0; everything planlint shows a
person counts from 1. The conversion happens here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Span:
    """A 1-based, end-exclusive range in a file."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def from_marks(cls, start_mark, end_mark) -> "Span":
        """Build a span from ruamel.yaml marks (0-based line and column)."""
        return cls(
            start_mark.line + 1,
            start_mark.column + 1,
            end_mark.line + 1,
            end_mark.column + 1,
        )

    @classmethod
    def point(cls, line0: int, column0: int) -> "Span":
        """A zero-width span at a 0-based position."""
        return cls(line0 + 1, column0 + 1, line0 + 1, column0 + 1)

    @classmethod
    def at_line(cls, line: int, column: int = 1) -> "Span":
        """A zero-width span at a 1-based position."""
        return cls(line, column, line, column)


FILE_START = Span(1, 1, 1, 1)


@dataclass(frozen=True)
class SourceRef:
    """Where a model item came from.

    Today a session or exercise comes from exactly one place in the file.
    Templates and repeats (a later format addition) will generate items from
    a template line; ``origin`` will then name that template while ``span``
    names the instance. Keeping this a small value object lets that grow
    without touching every rule.
    """

    span: Span
    origin: Span | None = None

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column
