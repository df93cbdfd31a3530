"""Injury sites: what the format knows of each, and which rule pack checks it.

This is the one place that names planlint's first-party plugin distributions:
a plan whose site is checked by a pack that is not installed is told which to
install, and a key that such a pack would add to the schema is explained.
Plugins add sites of their own through the ``planlint_injury_sites`` hook
(:class:`InjurySite`); their names join the schema's ``injury.site`` values.
Rules ask a site's ``kind`` rather than naming sites ("every musculoskeletal
injury"), so a pack's knowledge stays in the pack.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: A muscle, tendon, ligament or joint injury: soreness after loading is the signal to watch.
MUSCULOSKELETAL = "musculoskeletal"
#: A brain injury: symptoms, not muscle soreness, decide each step.
BRAIN = "brain"
KINDS = (MUSCULOSKELETAL, BRAIN)


@dataclass(frozen=True)
class InjurySite:
    """An ``injury.site`` value.

    ``kind``: one of :data:`KINDS`. ``first_party``: the planlint distribution whose
    rule pack checks this site when the pack is not built in (None: built in, or no
    pack). ``first_party_keys``: ``($defs name, key)`` pairs that pack adds to the
    schema, so that a plan using one without the pack is told what to install.
    ``install``: how to install that pack where planlint is not on a package index.
    """

    name: str
    description: str
    kind: str = MUSCULOSKELETAL
    first_party: str | None = None
    first_party_keys: tuple[tuple[str, str], ...] = ()
    install: str | None = None

    def problems(self) -> list[str]:
        """What makes a plugin's site unusable (empty: fine)."""
        found = []
        if not isinstance(self.name, str) or not self.name.replace("_", "").isalnum() or not self.name.islower():
            found.append(f"site name {self.name!r} must be lower-case letters, digits and underscores")
        if self.kind not in KINDS:
            found.append(f"kind {self.kind!r} must be one of {', '.join(KINDS)}")
        if not isinstance(self.description, str) or not self.description.strip():
            found.append("a site needs a description")
        return found


#: Where planlint and its first-party packs come from: no package index has them.
REPOSITORY = "https://github.com/planlint/planlint"


def _install(distribution: str) -> str:
    """The install commands for a first-party pack: from the repository (no package
    index has it), from a checkout of it, and in the pre-commit hook."""
    folder = f"plugins/{distribution}"
    return (
        f'pip install "{distribution} @ git+{REPOSITORY}#subdirectory={folder}" '
        f"(from a checkout: pip install ./{folder}; in the pre-commit hook: "
        f'additional_dependencies: ["./{folder}"])'
    )


#: The sites of plan-format-v1, in its order.
BUILTIN_SITES: tuple[InjurySite, ...] = (
    InjurySite("hamstring", "hamstring muscle injury"),
    InjurySite("calf", "calf muscle injury (gastrocnemius, soleus)"),
    InjurySite("quadriceps", "quadriceps muscle injury (rectus femoris, vasti)"),
    InjurySite("groin", "groin (adductor) injury"),
    InjurySite("acl", "anterior cruciate ligament injury", first_party="planlint-acl", install=_install("planlint-acl")),
    InjurySite("ankle", "ankle injury (sprain, fracture)"),
    InjurySite("achilles", "Achilles tendon injury"),
    InjurySite(
        "concussion",
        "sport-related concussion",
        kind=BRAIN,
        first_party="planlint-concussion",
        first_party_keys=(("phase", "stage"),),
        install=_install("planlint-concussion"),
    ),
    InjurySite("other", "any other injury"),
)


class SiteRegistry:
    """The sites a run knows: planlint's own and those plugins added."""

    def __init__(self, extra: Iterable[InjurySite] = ()) -> None:
        self.sites = {site.name: site for site in BUILTIN_SITES}
        for site in extra:
            self.sites.setdefault(site.name, site)

    def get(self, name: str) -> InjurySite:
        """The site called ``name`` (an unknown name, which the schema refuses, reads as "other")."""
        return self.sites.get(name) or self.sites["other"]

    @property
    def added(self) -> list[str]:
        """Names plugins added to the format's sites."""
        builtin = {site.name for site in BUILTIN_SITES}
        return [name for name in self.sites if name not in builtin]


#: The registry of a run without plugin sites (tests, the model's default).
DEFAULT_SITES = SiteRegistry()
