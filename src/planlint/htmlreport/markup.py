"""Escaping by default: every value is text unless it is already :class:`Safe` markup.

A plan is untrusted input. Nothing read from it (a title, an exercise name, a
message that quotes one) reaches the page without passing through
:func:`escape` (HTML-escaped, with invisible and bidirectional characters made
visible); only markup built here (:func:`h`) or by a template is
:class:`Safe`. Templates are ``string.Template`` files in
``planlint/htmlreport/templates`` (package data): ``$name`` placeholders are
filled with escaped values, and substitution is one pass, so a ``$`` in a
plan's text is never expanded.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from string import Template

from planlint.quoting import escape_controls

_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9:_-]*$")


class Safe(str):
    """Markup that is already escaped (built by :func:`h` or a template)."""

    __slots__ = ()

    def __add__(self, other):  # Safe + Safe stays Safe; anything else is escaped first
        return Safe(str.__add__(self, escape(other)))


def escape(value) -> Safe:
    """Text for element content or a quoted attribute value: ``& < > " '`` are escaped,
    and characters that reorder or hide text (bidirectional overrides, zero-width and
    other invisible characters, controls, lone surrogates) are shown as visible escapes
    (``\\u202e``), as the text formats show them (:func:`planlint.quoting.escape_controls`)."""
    if isinstance(value, Safe):
        return value
    if value is None:
        return Safe("")
    return Safe(html.escape(escape_controls(str(value), keep_newlines=True), quote=True))


def join(parts: Iterable, sep: str = "") -> Safe:
    return Safe(sep.join(escape(part) for part in parts))


def attributes(attrs: dict) -> str:
    """``{"class": "a", "data_x": 1, "hidden": True, "title": None}`` -> `` class="a" data-x="1" hidden``.

    Names are written by planlint (``_`` becomes ``-``; a trailing ``_`` is dropped, for ``class_``)
    and checked; values are always escaped. ``None`` and ``False`` leave the attribute out.
    """
    out = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        if not _NAME.match(name):  # pragma: no cover - a programming error, not plan input
            raise ValueError(f"bad attribute name {name!r}")
        out.append(f" {name}" if value is True else f' {name}="{escape(_number(value))}"')
    return "".join(out)


def _number(value):
    """Coordinates with two decimals at most, so the SVG stays small and diffable."""
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return value


def h(tag: str, attrs: dict | None = None, *children) -> Safe:
    """One element; ``children`` that are not :class:`Safe` are escaped as text."""
    if not _NAME.match(tag):  # pragma: no cover
        raise ValueError(f"bad tag name {tag!r}")
    inner = "".join(escape(child) for child in children if child is not None)
    return Safe(f"<{tag}{attributes(attrs or {})}>{inner}</{tag}>")


def empty(tag: str, attrs: dict | None = None) -> Safe:
    """A void or self-closed element (``<rect .../>`` in SVG, ``<br>`` in HTML)."""
    if not _NAME.match(tag):  # pragma: no cover
        raise ValueError(f"bad tag name {tag!r}")
    return Safe(f"<{tag}{attributes(attrs or {})}/>")


# --------------------------------------------------------------------------- templates

_FRAGMENT = re.compile(r"^<!--#([a-z0-9-]+)-->\n", re.MULTILINE)


def template_text(name: str) -> str:
    return resources.files("planlint.htmlreport").joinpath("templates", name).read_text(encoding="utf-8")


@cache
def _templates(name: str) -> dict[str, Template]:
    """A template file; ``fragments.html`` holds several, each after a ``<!--#name-->`` line."""
    text = template_text(name)
    parts = _FRAGMENT.split(text)
    if len(parts) == 1:
        return {"": Template(text)}
    return {key: Template(body.rstrip("\n")) for key, body in zip(parts[1::2], parts[2::2])}


def render(template: str, fragment: str = "", /, **values) -> Safe:
    """Fill ``template`` (or one ``fragment`` of it); every value is escaped unless Safe."""
    template = _templates(template)[fragment]
    return Safe(template.substitute({key: escape(value) for key, value in values.items()}))
