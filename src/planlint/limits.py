"""The bounds that keep planlint's time and memory in check on any input.

Every limit a hostile or broken plan can run into is named here, with its
default; ``[tool.planlint.limits]`` (and ``rule-timeout``) in the configuration
change them. A plan that goes past a limit is reported (PL001 or PL003), never
read further: real plans are a few kilobytes, six levels deep, with a few
hundred sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    #: A larger file is refused unread (PL001).
    max_bytes: int = 10 * 1024 * 1024
    #: Deeper nesting of lists and mappings is refused as it is read (PL001).
    max_depth: int = 200
    #: More values than this, counting every alias as the values it stands for,
    #: is refused as it is read (PL001): the "billion laughs" bound. A session of
    #: a real plan is 20-40 values, so max-sessions of them fit.
    max_nodes: int = 500_000
    #: More sessions than this is a schema error (PL003); jsonschema and the
    #: rules then never see them.
    max_sessions: int = 10_000
    #: Seconds one rule may spend on one file before it is stopped and reported
    #: like a crashing rule (PL000, exit code 3). 0 turns the budget off.
    rule_timeout: float = 5.0
    #: Findings one rule may report on one file; past it the rule is stopped
    #: and reported like a crashing rule (an endless generator).
    max_violations: int = 10_000
    #: The YAML 1.2 fallback parser (pure Python, for ``{a: 2026-03-14T17:30:00+01:00}``)
    #: reads files up to this size; a larger file gets the fast parser's error.
    fallback_bytes: int = 128 * 1024

    @classmethod
    def names(cls) -> dict[str, str]:
        """Configuration key -> attribute, e.g. ``max-nodes`` -> ``max_nodes``."""
        return {f.name.replace("_", "-"): f.name for f in fields(cls)}


DEFAULT = Limits()
