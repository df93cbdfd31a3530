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
    """How much a file may hold and a rule may take: configurable up to MAXIMUM."""

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


# ------------------------------------------------------------------ fixed bounds
#
# Bounds that are not configured: each keeps one part of planlint within a known
# size whatever a repository holds. The modules that enforce them import them from here.

# Discovery
#: A larger .gitignore is not read (with a note): real ones are a few kilobytes.
MAX_GITIGNORE_BYTES = 1024 * 1024
# Reading YAML
#: At most this many plain scalars are quoted before giving up on the C parser.
MAX_FLOW_REPAIRS = 64
# Rules
#: Characters of a rule's message kept (a message quoting a huge plan value is cut).
MAX_MESSAGE = 2000
# Settings files
#: Configuration and exercise catalog files larger than this are refused.
MAX_SETTINGS_BYTES = 1024 * 1024
# Baselines
#: A baseline larger than this is refused unread (a library of 10,000 plans with a
#: few findings each is a few megabytes).
MAX_BASELINE_BYTES = 64 * 1024 * 1024
#: An entry's count past this is refused: no plan holds a million identical findings
#: (a count of 10**18 used to be expanded into that many entries).
MAX_COUNT = 1_000_000
# The language server
#: Quick fixes one code-action request returns at most (a client that sends 10,000
#: diagnostics for a selection gets the first of them).
MAX_QUICK_FIXES = 200
# The findings cache
#: Past this many entries the oldest are removed at the end of a run (about 2 KB each).
MAX_ENTRIES = 50_000
#: An entry larger than this is neither written nor read (a file's findings are capped far below).
MAX_ENTRY_BYTES = 64 * 1024 * 1024
# The text report
#: Files whose lines the text report keeps at once (it quotes one line per finding).
MAX_QUOTED_FILES = 256
# Fixes
#: Passes before giving up (each pass applies every fix that does not overlap another).
MAX_PASSES = 10
# The HTML report (a page is built from plans nobody has reviewed: 1.35 MB made a 114 MB page before these)
#: Sessions a plan's timeline, charts and tables draw (the default ``max-sessions``):
#: a plan with more (a raised limit) gets a card with its verdict and findings instead.
MAX_SESSIONS_DRAWN = 10_000
#: Findings listed (and pinned on the timeline) per plan; the others are counted in a note.
MAX_FINDINGS_LISTED = 5_000
#: Characters of plan sections per page (about its size in bytes): once reached, the
#: plans after get a card with their verdict and counts only.
MAX_PAGE_CHARACTERS = 64 * 1024 * 1024
# Remembered unit parses
#: Text values each parser keeps the result of (a library repeats a few dozen: "30s", "72h", "80%"),
#: and the longest value kept (a hostile plan's megabyte of zeros before "1h" is parsed, not kept).
REMEMBERED = 4096
REMEMBERED_LENGTH = 32
#: The same for plain YAML scalars the Python event builder converts ("3", "true", "45min").
PLAIN_VALUES_KEPT = 4096
PLAIN_VALUE_LENGTH = 32
