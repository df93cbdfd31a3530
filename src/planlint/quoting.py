"""Showing untrusted text safely: bounded quotes in messages, visible escapes on a terminal.

Plan text ends up in messages (a value quoted back to the coach) and on
terminals and CI logs. Here, and only here, it is cut to a readable length,
numbers of any size are described without converting them whole, and the
characters that would act on a terminal or a log (escape sequences, carriage
returns, bidirectional overrides, unpaired surrogates) are shown as escapes.
"""

from __future__ import annotations

import math
import re

#: How much of a value a message quotes.
QUOTE_LIMIT = 60
#: Digits of a whole number a message shows in full.
NUMBER_DIGITS = 30

# C0 and C1 controls but tab and newline, DEL, bidirectional controls, zero-width
# and other invisible format characters, line/paragraph separators, lone surrogates.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb"
    "\ud800-\udfff]"
)
_UNSAFE_WITH_NEWLINE = re.compile(_UNSAFE.pattern[:-1] + "\r\n]")


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters (then "…")."""
    text = str(text)
    return text if len(text) <= limit else text[:limit] + "…"


def describe_number(value) -> str:
    """A number as a message shows it: in full when short, else its size
    (never a conversion of a huge int to decimal, which Python refuses)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        if value.bit_length() <= NUMBER_DIGITS * 3:  # at most ~27 digits: always short
            return str(value)
        digits = int(value.bit_length() * math.log10(2)) + 1
        return f"{'-' if value < 0 else ''}a number with about {digits} digits"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan (not a number)"
        if math.isinf(value):
            return "infinity" if value > 0 else "minus infinity"
        return f"{value:g}" if abs(value) >= 1e16 else repr(value)
    return quote(repr(value))


def shown(value) -> str:
    """Any value as a message quotes it, bounded: 'text', a number, true, ['a']."""
    if isinstance(value, str):
        return f"'{quote(value)}'"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return describe_number(value)
    return quote(repr(value))


def escape_controls(text: str, *, keep_newlines: bool = False) -> str:
    """Characters that act on a terminal or hide text shown as visible escapes:
    ESC as ``\\x1b``, a carriage return as ``\\r``, U+202E as ``\\u202e``;
    a lone surrogate (from a YAML ``"\\ud800"`` escape) as ``\\ud800``.
    ``keep_newlines``: leave ``\\n`` and ``\\r`` to a caller that encodes them itself."""
    pattern = _UNSAFE if keep_newlines else _UNSAFE_WITH_NEWLINE
    return pattern.sub(_escape_one, text)


def _escape_one(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (os.fsdecode)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"
