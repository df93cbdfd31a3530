"""Numbers as planlint writes them to a coach: one formatter for each kind of number.

- a quantity (a load, an intensity, a number of days): :func:`format_number`,
  at most ``digits`` decimals and no trailing zeros (``70``, ``12.5``);
- an elapsed time in hours: :func:`format_hours`, rounded *down* to a tenth, so
  that 35.98 h below a 36 h limit never shows as the limit itself.

A number quoted back from a plan as written (possibly huge, or not finite) is
:func:`planlint.quoting.describe_number`'s: it is the plan's text, not a measure.
"""

from __future__ import annotations

import math


def format_number(value: float | None, digits: int = 1) -> str:
    """``70.0`` -> ``70``, ``12.25`` -> ``12.2``, ``2.25`` (digits=2) -> ``2.25``; None -> ``""``."""
    if value is None:
        return ""
    rounded = round(float(value), digits)
    if rounded.is_integer():
        return str(int(rounded))
    return f"{rounded:.{digits}f}".rstrip("0").rstrip(".")


def format_hours(hours: float) -> str:
    """``36.0`` -> ``36 h``, ``15.5`` -> ``15.5 h``; rounded down to a tenth of an hour."""
    return f"{format_number(math.floor(round(hours, 6) * 10) / 10)} h"
