"""The hooks a planlint plugin can implement.

A plugin is any importable module or object registered under the ``planlint``
entry-point group; it implements some of these hooks with ``@planlint.hookimpl``.
planlint's own rule packs are plugins loaded the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from planlint.rules.base import Rule
    from planlint.schema import SchemaExtension

PROJECT = "planlint"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def planlint_rules() -> Sequence[Rule]:
    """Contribute rules.

    :return: rule instances (or ``Rule`` subclasses, instantiated by planlint).
        Results of all plugins are combined; rule codes must be unique across
        plugins.
    """


@hookspec
def planlint_exercise_catalog() -> Mapping[str, Mapping]:
    """Contribute exercise catalog entries.

    :return: ``{id: {"contraction": ..., "kind": ..., "name": ..., "resisted": ...}}``.
        Entries of all plugins are combined after the built-in catalog; the
        project's own catalog files (configuration) override them.
    """


@hookspec
def planlint_schema_extensions() -> Sequence[SchemaExtension]:
    """Extend the plan schema, usually for one injury site.

    :return: :class:`planlint.schema.SchemaExtension` objects. Properties an
        extension adds are allowed (and validated) only in plans whose
        ``injury.site`` matches the extension's ``site`` (every plan when
        ``site`` is None); gate tests it names are allowed everywhere.
    """
