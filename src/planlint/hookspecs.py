"""The hooks a planlint plugin can implement.

A plugin is any importable module or object registered under the ``planlint``
entry-point group; it implements some of these hooks with ``@planlint.hookimpl``.
planlint's own rule packs are plugins loaded the same way.

As pytest does with ``pytest_``, every callable attribute of a plugin whose name
starts with ``planlint_`` is taken as a hook implementation, marked or not, and
must name one of the hooks below: a misspelt hook (``planlint_rule``) is an
error naming the plugin, never a pack that silently contributes nothing.
Each hook is called on each plugin separately; every result is used (there is
no "first result wins").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from planlint.reporters.reporter import Reporter
    from planlint.rules.rule import Rule
    from planlint.schema import SchemaExtension
    from planlint.sites import InjurySite

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


@hookspec
def planlint_injury_sites() -> Sequence[InjurySite]:
    """Add injury sites to the format.

    :return: :class:`planlint.sites.InjurySite` objects. Their names join the values
        ``injury.site`` accepts; a site's ``kind`` tells rules that apply to a kind of
        injury (e.g. soreness rules, to musculoskeletal ones) whether they apply. Give
        the site's own keys with ``planlint_schema_extensions`` (``site=`` its name) and
        its rules with ``planlint_rules`` (``sites = frozenset({...})``).
    """


@hookspec
def planlint_output_formats() -> Mapping[str, type[Reporter]]:
    """Add ``--format`` choices.

    :return: ``{name: Reporter subclass}`` (see :mod:`planlint.reporters.reporter`); a name
        planlint or another plugin already has is a plugin problem.
    """


@hookspec
def planlint_docs_url() -> str:
    """Where the pack documents its rules: a URL to which ``#`` and a rule's lower-case
    code are appended (editors link each diagnostic there).

    :return: the URL of the pack's rules page.
    """
