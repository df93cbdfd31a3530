"""planlint: a linter for return-to-play rehabilitation plans."""

__version__ = "0.1.0"
