"""Report formats, chosen by name with ``--format``.

Each format is its own module, imported only when chosen: a run pays for the
one reporter it uses (the XML one alone pulls in half the standard library).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from planlint.reporters.reporter import Reporter

#: name -> "module:class"
_FORMATS = {
    "text": "planlint.reporters.text:TextReporter",
    "json": "planlint.reporters.json:JsonReporter",
    "sarif": "planlint.reporters.sarif:SarifReporter",
    "github": "planlint.reporters.github:GithubReporter",
    "gitlab": "planlint.reporters.gitlab:GitlabReporter",
    "junit": "planlint.reporters.junit:JunitReporter",
}


class _Registry(Mapping[str, "type[Reporter]"]):
    def __getitem__(self, name: str) -> type[Reporter]:
        module, _, attribute = _FORMATS[name].partition(":")
        return getattr(importlib.import_module(module), attribute)

    def __contains__(self, name: object) -> bool:
        return name in _FORMATS  # a name, not an import (Mapping's would import the module)

    def __iter__(self) -> Iterator[str]:
        return iter(_FORMATS)

    def __len__(self) -> int:
        return len(_FORMATS)


REPORTERS: Mapping[str, type[Reporter]] = _Registry()
