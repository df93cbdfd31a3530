"""Rule options: a name, a default as a person writes it, and the converter to a typed value.

A rule declares its options as class attributes; configuration writes them as
``[tool.planlint.rules.CODE] name = value``. Each configured value is
converted once per configuration (``Option.resolve``), and the rule reads the
typed result with ``ctx[self.option]``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from planlint.quoting import quote, shown
from planlint.units import UnitError, parse_duration_hours

T = TypeVar("T")


class OptionError(ValueError):
    """A configured option value that does not fit."""


def _is_number(value) -> bool:
    """A finite number (NaN would pass every comparison; infinity breaks arithmetic)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def number(minimum: float | None = 0) -> Callable[[Any], float]:
    """A finite number, at least ``minimum``."""

    def convert(value) -> float:
        if not _is_number(value):
            kind = "a finite number" if isinstance(value, float) else "a number"
            raise OptionError(f"expected {kind}, found {shown(value)}")
        _check_minimum(value, minimum)
        return value

    convert.__doc__ = "number"
    return convert


def whole_number(minimum: int | None = 0) -> Callable[[Any], int]:
    """A whole number, at least ``minimum``."""

    def convert(value) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise OptionError(f"expected a whole number, found {shown(value)}")
        _check_minimum(value, minimum)
        return value

    convert.__doc__ = "whole number"
    return convert


def duration_hours(value) -> float:
    """A duration written with its unit (``72h``, ``3d``), as hours."""
    try:
        hours = parse_duration_hours(value)
    except UnitError as exc:
        raise OptionError(str(exc)) from None
    _check_minimum(hours, 0, value)
    return hours


def number_table(value) -> dict:
    """A table of numbers of at least 0, e.g. days by grade; keys compared in lower case."""
    if not isinstance(value, Mapping):
        raise OptionError(f"expected a table of values, found {shown(value)}")
    table = {}
    for key, item in value.items():
        if not _is_number(item) or item < 0:
            raise OptionError(f"entry '{quote(str(key))}' must be a number of at least 0 (and finite), found {shown(item)}")
        table[str(key).lower()] = item
    return table


def text_list(value) -> tuple[str, ...]:
    """A list of texts (catalog ids, say)."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) and item.strip() for item in value):
        raise OptionError(f"expected a list of texts, found {shown(value)}")
    return tuple(item.strip() for item in value)


def _check_minimum(value, minimum, written=None) -> None:
    if minimum is not None and value < minimum:
        raise OptionError(f"must be at least {minimum}, found {written if written is not None else shown(value)}")


@dataclass(frozen=True, eq=False)
class Option(Generic[T]):
    """A rule setting. ``default`` is written as in configuration (``"72h"``);
    ``convert`` turns a written value into what the rule reads. A table option
    (a converter returning a dict) adds to its default entry by entry."""

    name: str
    default: Any
    convert: Callable[[Any], T]
    help: str

    def resolve(self, written: Any = None) -> T:
        """The typed value for a configured ``written`` value (None: the default)."""
        default = self.convert(self.default)
        if written is None:
            return default
        value = self.convert(written)
        if isinstance(value, dict) and isinstance(default, dict):
            return {**default, **value}  # type: ignore[return-value]
        return value

    def written(self, configured: Any = None) -> Any:
        """The value in force as a person writes it (``72h``, not 72.0)."""
        if configured is None:
            return self.default
        if isinstance(configured, Mapping) and isinstance(self.default, Mapping):
            return {**self.default, **configured}
        return configured


class RuleContext:
    """What a rule's check reads besides the plan: its option values, already typed."""

    def __init__(self, values: Mapping[Option, Any] | None = None) -> None:
        self._values = dict(values or {})

    def __getitem__(self, option: Option[T]) -> T:
        if option in self._values:
            return self._values[option]
        return option.resolve()

    def items(self):
        """(option, value) pairs that were resolved (for digests and display)."""
        return self._values.items()
