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
    #: rules then never see them. It bounds the sessions a templated plan writes
    #: out too (format 1.1): `templates.expand` counts them from the repeats'
    #: bounds before writing one, and refuses the plan at its `sessions` key.
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


#: The most each limit may be configured to. Past these a run needs more memory or
#: time than a machine gives a linter (``max-bytes = 1e17`` ran out of memory,
#: ``rule-timeout = 1e300`` overflowed the timer): a larger configured value is a
#: configuration error (exit 2), never an internal error.
MAXIMUM = Limits(
    max_bytes=256 * 1024 * 1024,
    max_depth=400,  # deeper, and Python's own recursion limit would stop a plan first
    max_nodes=50_000_000,
    max_sessions=1_000_000,
    rule_timeout=3600.0,
    max_violations=1_000_000,
    fallback_bytes=16 * 1024 * 1024,
)
#: The shortest rule budget (seconds) short of 0 ("no budget"): the timer rounds less to nothing.
MIN_RULE_TIMEOUT = 0.001
