"""The errors that end a run with exit code 2 before any file is linted: bad settings.

Kept in a module of their own so that the command line can catch them without
importing the configuration and catalog machinery (``planlint --version`` stays fast).
"""

from __future__ import annotations


class ConfigError(ValueError):
    """A configuration problem; the message names the file and the key."""


class CatalogError(ValueError):
    """A catalog file or plugin entry that cannot be used."""
