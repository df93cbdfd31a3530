"""Which event builder reads YAML: the C extension when it is installed, else Python.

Both turn libyaml's parser events into the same data, positions and findings.
The C one, ``planlint._cbuilder`` (``csrc/cbuilder.c``, built at install when
a C compiler is at hand), handles the documents plans are made of, about twice
as fast as the whole Python path; it hands everything unusual (errors,
anchors, aliases, tags, merge keys, duplicate keys, limits, non-finite
numbers...) back to the Python builder in :mod:`planlint.loader`, which then
makes every message. ``tests/test_builders.py`` proves they agree.

``PLANLINT_BUILDER`` chooses: ``auto`` (the default: C when installed),
``c`` (C required: an error when it is not installed) or ``python``.
``python -m planlint.cbuilder`` says which one runs here.
"""

from __future__ import annotations

import os

from planlint.errors import ConfigError
from planlint.limits import Limits

try:
    from planlint._cbuilder import LIBYAML_VERSION
    from planlint._cbuilder import build as _c_build
except ImportError:  # not built (no compiler at install), or another interpreter
    _c_build, LIBYAML_VERSION = None, None

CHOICES = ("auto", "c", "python")
_chosen: tuple[str | None, object] = (None, None)  # (PLANLINT_BUILDER as read, the C build function or None)


def available() -> bool:
    """Whether the C event builder is installed."""
    return _c_build is not None


def chosen() -> str:
    """The builder PLANLINT_BUILDER chooses here: ``"c"`` or ``"python"`` (ConfigError when it cannot be had)."""
    return "c" if _c_function() is not None else "python"


def _c_function():
    global _chosen
    setting = os.environ.get("PLANLINT_BUILDER", "")
    if setting == _chosen[0]:
        return _chosen[1]
    choice = setting.strip().lower() or "auto"
    if choice not in CHOICES:
        raise ConfigError(f"PLANLINT_BUILDER={setting!r} is not one of auto, c, python")
    if choice == "c" and _c_build is None:
        raise ConfigError(
            "PLANLINT_BUILDER=c but planlint's C event builder is not installed "
            "(it is built at install when a C compiler is at hand); reinstall planlint with one, or set PLANLINT_BUILDER=auto"
        )
    function = _c_build if choice != "python" else None
    _chosen = (setting, function)
    return function


def build(text: str, limits: Limits):
    """The C builder's ``(data, values, keys, quoted, saw_whole_float)`` for ``text``, or None:
    the Python builder is chosen, or the text needs it."""
    function = _c_function()
    if function is None:
        return None
    return function(text, limits.max_nodes, limits.max_depth)


def describe() -> str:
    """Which event builder runs here, and why (``python -m planlint.cbuilder``)."""
    installed = (
        f"installed (libyaml {LIBYAML_VERSION})"
        if available()
        else "not installed (planlint was installed without a C compiler; reinstall with one for the fast path)"
    )
    setting = os.environ.get("PLANLINT_BUILDER") or "auto"
    which = "C" if chosen() == "c" else "Python"
    return f"C event builder: {installed}\nPLANLINT_BUILDER={setting}: YAML is read by the {which} event builder"


if __name__ == "__main__":
    import sys

    try:
        print(describe())
    except ConfigError as exc:
        print(f"planlint: error: {exc}", file=sys.stderr)
        sys.exit(2)
