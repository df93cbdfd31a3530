"""'Did you mean ...?': the closest known word to a misspelt one."""

from __future__ import annotations

import difflib
from typing import Iterable


def did_you_mean(word, choices: Iterable) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or ``""`` when none is close."""
    if not isinstance(word, str) or len(word) > 100:  # nothing known is that long, or a number
        return ""
    match = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""
