"""`planlint lsp` with two misbehaving plugins, for tests/test_lsp.py: a rule that raises
on every plan, and a plugin whose catalog hook raises."""

from planlint.config import ConfigResolver
from planlint.engine import Linter
from planlint.findings import Severity
from planlint.hookspecs import hookimpl
from planlint.lsp import serve
from planlint.plugins import build_plugin_host
from planlint.rules.rule import Rule


class Explodes(Rule):
    code, name, severity = "ZZ900", "explodes", Severity.WARNING
    summary = why = instead = "x"

    def check(self, plan, ctx):
        raise RuntimeError("kaboom")


class RaisingRules:
    @hookimpl
    def planlint_rules(self):
        return [Explodes()]


class RaisingCatalog:
    @hookimpl
    def planlint_exercise_catalog(self):
        raise ValueError("the catalog service is down")


if __name__ == "__main__":
    serve(
        lambda: Linter(
            ConfigResolver(), host=build_plugin_host(extra_plugins=[("explodes", RaisingRules()), ("catalog", RaisingCatalog())])
        )
    )
