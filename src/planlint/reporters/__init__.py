"""Report formats, chosen by name with ``--format``."""

from __future__ import annotations

from planlint.reporters.base import Reporter
from planlint.reporters.github import GithubReporter
from planlint.reporters.gitlab import GitlabReporter
from planlint.reporters.json import JsonReporter
from planlint.reporters.junit import JunitReporter
from planlint.reporters.sarif import SarifReporter
from planlint.reporters.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    reporter.name: reporter for reporter in (TextReporter, JsonReporter, SarifReporter, GithubReporter, GitlabReporter, JunitReporter)
}
