"""The ``planlint`` command line.

Exit codes (all subcommands):
  0  no finding at or above the fail level
  1  findings at or above the fail level (default: warning)
  2  usage or configuration error: bad option, missing path, a folder with no
     plans, an unreadable file, an invalid configuration
  3  internal error: a plugin failed to load or a rule crashed (the other rules
     and files were still checked and reported)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from planlint import check_command
from planlint.check_command import execute_request as _execute
from planlint.check_command import fail as _fail
from planlint.check_command import guarded
from planlint.check_command import print_plugin_problems as _print_plugin_problems
from planlint.check_command import selection as _selection
from planlint.check_command import write_stdout as _write_stdout
from planlint.errors import CatalogError, ConfigError
from planlint.quoting import escape_controls
from planlint.reporters import REPORTERS
from planlint.run import EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:  # pragma: no cover
    from planlint.engine import Linter

# The rest of planlint is imported where a command needs it: `planlint --version`
# and one small plan (pre-commit's case) should not pay for what they do not use.

EXIT_CODES_HELP = (
    "\b\nExit codes:\n"
    "  0  nothing at or above the fail level\n"
    "  1  findings at or above the fail level\n"
    "  2  usage or configuration error (bad option, missing path, no plans found)\n"
    "  3  a plugin failed to load or a rule crashed (other results still reported)"
)


class _GuardedGroup(click.Group):
    """Any exception planlint did not expect ends as one clear line and exit code 3
    (:func:`planlint.check_command.guarded`), click's own exceptions aside."""

    def invoke(self, ctx: click.Context):
        return guarded(super().invoke, ctx, passing=(click.exceptions.Exit, click.ClickException, click.Abort))


def _linter_for(config_path: str | None) -> Linter:
    """The linter of a command that lints nothing (rules, explain, schema...); plugin
    problems are printed once."""
    from planlint.run import build_linter

    linter = build_linter(config_path=config_path)
    _print_plugin_problems(linter)
    return linter


def _print_version(ctx: click.Context, _param, value: bool) -> None:
    """planlint's version and the installed plugins', read from their metadata without
    importing them (fast); `planlint plugins` loads them and reports problems."""
    if not value or ctx.resilient_parsing:
        return
    from planlint.entry import version_text

    click.echo(version_text(), nl=False)
    ctx.exit(EXIT_OK)


@click.group(
    cls=_GuardedGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100}, epilog=EXIT_CODES_HELP
)
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and the loaded plugins, then exit.",
)
def main() -> None:
    """planlint: a linter for return-to-play rehabilitation plans (*.plan.yaml)."""


def _selection_options(command):
    """The options every linting command shares: what to check, with which configuration, on which files."""
    options = [
        click.option("--select", help="Comma-separated codes or prefixes to check (replaces the configured selection)."),
        click.option("--extend-select", help="Codes or prefixes to check in addition to the selection."),
        click.option("--ignore", help="Comma-separated codes or prefixes to skip (added to the configured ones)."),
        click.option(
            "--fail-on",
            type=click.Choice(["error", "warning", "info"]),
            help="Lowest severity that makes the exit code 1 [default: warning].",
        ),
        click.option(
            "--config",
            "config_path",
            type=click.Path(exists=True, dir_okay=False),
            help="Use this planlint.toml or pyproject.toml instead of searching for one.",
        ),
        click.option(
            "--exclude",
            help="Comma-separated gitignore-style patterns a folder search leaves out (replaces the configured and default ones).",
        ),
        click.option("--extend-exclude", help="Patterns a folder search leaves out, added to the configured ones."),
        click.option(
            "--baseline",
            "baseline_file",
            type=click.Path(dir_okay=False),
            help="Report only findings that are not in this baseline file (see --write-baseline).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


class _FormatChoice(click.Choice):
    """planlint's formats, and those plugins add (``planlint_output_formats``), loaded only
    when a name is not one of planlint's own."""

    def __init__(self) -> None:
        super().__init__(sorted(REPORTERS))

    def convert(self, value, param, ctx):
        if value in REPORTERS:
            return value
        from planlint.plugins import build_plugin_host, collect_output_formats

        added = collect_output_formats(build_plugin_host(), REPORTERS)
        if value in added:
            return value
        self.choices = sorted(REPORTERS) + sorted(added)
        return super().convert(value, param, ctx)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=_FormatChoice(),
    default="text",
    show_default=True,
    help="Report format (plugins may add more).",
)
@_selection_options
@click.option("--stdin-filename", help="Path to report (and to find configuration from) when reading the plan from '-'.")
@click.option(
    "--force-exclude/--no-force-exclude",
    default=None,
    help="Skip files named on the command line that a folder search would leave out: excluded by the exclude "
    "settings, or not plans (.yaml without a top-level planlint: key). The pre-commit hook passes it.",
)
@click.option("--show-suppressed", is_flag=True, help="Also list findings silenced by inline suppressions, with their reasons.")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour in text output (NO_COLOR is respected).",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when findings are at or above the fail level (usage and internal errors still exit 2 and 3).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    help="Processes to lint with; 0 (default) uses the machine's cores when there are many files; at most 4 per core (32 in all).",
)
@click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False),
    help="Write the report to this file instead of standard output (replaced whole, never one of the linted files).",
)
@click.option(
    "--write-baseline",
    "write_baseline_file",
    type=click.Path(dir_okay=False),
    help="Record today's findings in this baseline file, then report them as baselined; an existing baseline only "
    "shrinks (new findings stop the run unless --baseline-add-new).",
)
@click.option(
    "--prune-baseline",
    "prune_baseline_file",
    type=click.Path(dir_okay=False),
    help="Drop the entries of this baseline file that match no finding any more; new findings are reported, never added.",
)
@click.option(
    "--baseline-add-new",
    is_flag=True,
    help="With --write-baseline on an existing baseline: add today's new findings to it too.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Lint every file again instead of reusing unchanged results from .planlint_cache/ (or $PLANLINT_CACHE_DIR).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print findings only: no summary line.")
@click.option("--statistics", is_flag=True, help="Print how many findings of each code instead of the findings (text format).")
@click.option(
    "--show-source/--no-show-source",
    default=None,
    help="Show the offending line under each text finding [default: on a terminal].",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Apply safe fixes in place (atomically), then report what remains; with '-', print the fixed plan and report on standard error.",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print the safe fixes as a unified diff and change nothing; exit 1 when there is something to fix.",
)
def check(paths, output_format, stdin_filename, show_suppressed, color, exit_zero, jobs, output_file, **flags):
    """Lint plan files and folders (searched for *.plan.yaml / *.plan.yml and YAML with a top-level planlint: key;
    default: the current folder);
    '-' reads standard input."""
    check_command.check(paths, output_format, stdin_filename, show_suppressed, color, exit_zero, jobs, output_file, **flags)


# The names the other commands share with `check` (tests reach _Progress through here).
_Progress = check_command.Progress


DEFAULT_REPORT = "planlint-report.html"


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "-o",
    "--output",
    default=DEFAULT_REPORT,
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The HTML file to write (replaced atomically; never one of the plans).",
)
@_selection_options
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are at or above the fail level.")
def report(paths, output, config_path, baseline_file, exit_zero, **flags):
    """Write one self-contained HTML page: each plan's timeline with its findings pinned on it.

    The page has inline CSS and SVG only and loads nothing from the network, so it
    opens from a file and can be handed on as it is. A folder gives one page with
    an index of its plans and their verdicts. Exit codes are those of `check`.
    """
    from planlint.htmlreport import render_report, write_report
    from planlint.run import RunRequest

    paths = paths or (".",)
    if "-" in paths:
        _fail("`report` reads files and folders, not standard input; save the plan to a file first")
    if not output.lower().endswith((".html", ".htm")):
        # A page written as x.plan.yaml (or any YAML) would be read back as a plan by the next lint.
        _fail(f"--output {output}: the report is an HTML page; name it with .html (e.g. {DEFAULT_REPORT})")
    request = RunRequest(
        paths=tuple(paths),
        config_path=config_path,
        keep_plan=True,
        use_cache=False,
        baseline=baseline_file,
        outputs=(("--output", output),),
        exit_zero=exit_zero,
        **_selection(
            flags["select"], flags["extend_select"], flags["ignore"], flags["fail_on"], flags["exclude"], flags["extend_exclude"]
        ),
    )
    outcome = _execute(request)
    if not outcome.results:
        sys.exit(EXIT_USAGE)
    try:
        page = render_report(outcome.results, outcome.linter)
    except Exception as exc:  # a bug in the report must not pass for a finding (exit 1)
        click.echo(f"planlint: internal error: the report could not be built: {type(exc).__name__}: {exc}", err=True)
        sys.exit(EXIT_INTERNAL)
    try:
        write_report(output, page)
    except OSError as exc:
        _fail(f"cannot write the report to {output}: {exc.strerror or exc}")
    click.echo(f"Wrote {output}. " + outcome.summary.line())
    sys.exit(outcome.exit_code())


@main.command()
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Configuration file to read enabled rules and severities from.",
)
def rules(config_path):
    """List every rule from every loaded plugin: code, name, severity, enabled, plugin and the injury sites it checks."""
    try:
        linter = _linter_for(config_path)
        config = linter.settings_for(None).config
    except (ConfigError, CatalogError) as exc:
        _fail(str(exc))
    rows = [("CODE", "NAME", "SEVERITY", "ENABLED", "PLUGIN", "SITES")]
    for code, (rule, plugin) in linter.documented().items():
        rows.append(
            (
                code,
                rule.name,
                config.severity_for(code, rule.severity).label,
                "yes" if config.is_enabled(code) else "no",
                plugin,
                _rule_sites(linter, code),
            )
        )
    _table(rows)
    click.echo()
    _packs(linter)
    sys.exit(EXIT_INTERNAL if linter.host.problems else EXIT_OK)


def _table(rows) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


def _packs(linter) -> None:
    """The packs and the injury sites they check; the sites no installed pack checks."""
    packs = linter.packs()
    rows = [("PACK", "SITES", "RULES", "DISTRIBUTION")]
    for pack in packs:
        sites = "every plan" if pack.sites is None else ", ".join(pack.sites)
        rows.append((pack.name, sites, f"{len(pack.codes)} ({pack.codes[0]}-{pack.codes[-1]})", pack.distribution))
    _table(rows)
    covered = {site for pack in packs for site in pack.sites or ()}
    installed = {info.distribution for info in linter.host.plugins}
    for name, site in linter.sites.sites.items():
        if name in covered:
            continue
        if site.first_party and site.first_party not in installed:
            click.echo(f"{name}: general rules only; its rules come with {site.first_party}, not installed: {site.install}")
        else:
            click.echo(f"{name}: general rules only; no pack checks {name} plans")


def _rule_sites(linter, code: str) -> str:
    """The injury sites a rule checks, for `planlint rules`: 'acl', 'calf,groin', a kind of
    injury ('musculoskeletal'), or 'all'."""
    loaded = linter.rules.get(code)
    if loaded is None:
        return "all"
    sites, kinds = getattr(loaded.rule, "sites", None), getattr(loaded.rule, "kinds", None)
    if sites is not None:
        return ",".join(sorted(sites))
    if kinds is not None:
        return ",".join(sorted(kinds))
    return "all"


@main.command()
@click.argument("code")
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Configuration file whose option values to show.",
)
def explain(code, config_path):
    """Show a rule's documentation: why it matters, what to do, options and evidence."""
    from planlint.docs import explain_text

    try:
        linter = _linter_for(config_path)
        config = linter.settings_for(None).config
    except (ConfigError, CatalogError) as exc:
        _fail(str(exc))
    documented = linter.documented()
    wanted = code.strip().upper()
    if wanted not in documented:
        matches = [c for c, (rule, _) in documented.items() if rule.name == code.strip().lower()]
        if not matches:
            _fail(f"no rule has the code or name '{code}'; run `planlint rules` to list them")
        wanted = matches[0]
        if len(matches) > 1:  # packs may share a name (HS001 and MS001 are both early-sprint)
            click.echo(f"planlint: note: '{escape_controls(code)}' names {', '.join(matches)}; showing {wanted}", err=True)
    rule, plugin = documented[wanted]
    click.echo(explain_text(rule, plugin, config), nl=False)


@main.command()
@click.option("--site", help="Only plans of this injury site (e.g. concussion): the schema with that site's plugin additions.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Configuration whose exercise catalogs to add to the `ref` completions (default: the one found from here).",
)
def schema(site, config_path):
    """Print the plan JSON Schema (draft 2020-12) for editors: every plugin's additions (a plan's
    injury.site chooses them) and the exercise catalog's ids (built-in, plugins', configured)."""
    from planlint.editor_schema import dump, editor_schema, site_schema

    try:
        linter = _linter_for(config_path)
        catalog = linter.settings_for(None).catalog
    except (ConfigError, CatalogError) as exc:
        _fail(str(exc))
    if site is None:
        click.echo(dump(editor_schema(linter.schemas.extensions, catalog)), nl=False)
    else:
        click.echo(dump(site_schema(linter.schemas.extensions, site, catalog)), nl=False)


@main.command()
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Configuration whose exercise catalogs to list (default: the one found from here).",
)
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
def catalog(config_path, output_format):
    """List the exercise catalog: built-in, plugins' and configured club catalogs (id, contraction, kind, resisted, source)."""
    import json

    try:
        linter = _linter_for(config_path)
        entries = linter.settings_for(None).catalog.items()
    except (ConfigError, CatalogError) as exc:
        _fail(str(exc))
    rows = [
        {
            "id": ident,
            "name": entry.get("name"),
            "contraction": entry.get("contraction"),
            "kind": entry.get("kind"),
            "resisted": bool(entry.get("resisted", False)),
            "source": source,
        }
        for ident, entry, source in entries
    ]
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        table = [("ID", "CONTRACTION", "KIND", "RESISTED", "SOURCE")] + [
            (r["id"], r["contraction"] or "-", r["kind"] or "-", "yes" if r["resisted"] else "no", r["source"]) for r in rows
        ]
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
        for row in table:
            click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    sys.exit(EXIT_INTERNAL if linter.host.problems else EXIT_OK)


@main.command()
@click.argument("directory", default=".", type=click.Path(exists=True, file_okay=False))
def init(directory):
    """Set a plan repository up: the schema for editors (.planlint/plan.schema.json), the VS Code
    mapping, a starter planlint.toml and the pre-commit hook. Never overwrites a file."""
    from planlint.init import init_repository

    root = Path(directory).resolve()
    try:
        linter = _linter_for(None)
        catalog = linter.settings_for(str(root / "plan.plan.yaml")).catalog
        report = init_repository(root, linter.schemas.extensions, catalog, linter.host)
    except (ConfigError, CatalogError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write in {root}: {exc.strerror}")
    for line in report.lines():
        click.echo(line)
    sys.exit(EXIT_INTERNAL if linter.host.problems else EXIT_OK)


@main.command()
@click.argument("path", type=click.Path())
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False),
    help="Configuration file (default: the nearest planlint.toml or pyproject.toml [tool.planlint]).",
)
def expand(path, config_path):
    """Print the plan written out (format 1.1 templates and repeats): a version 1.1 plan without
    templates, comments kept where they belong; exactly what `check` lints. A plan that does not
    pass the schema prints its errors (exit 1)."""
    from planlint.run import expand_file

    try:
        linter = _linter_for(config_path)
        result = expand_file(linter, path)
    except (ConfigError, CatalogError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror}")
    if result.text is None:
        for finding in result.findings:
            click.echo(
                escape_controls(f"{finding.path}:{finding.line}:{finding.column}: {finding.code} {finding.message}"), err=True
            )
        sys.exit(EXIT_FINDINGS)
    _write_stdout(result.text)
    sys.exit(EXIT_OK)


@main.command()
def lsp():
    """Run the language server on standard input and output (for editors; needs planlint[lsp])."""
    try:
        from planlint.lsp import serve
    except ImportError as exc:
        _fail(
            f"planlint lsp needs the pygls package ({exc}); install it with: "
            'pip install "planlint[lsp] @ git+https://github.com/planlint/planlint" (in a checkout: pip install -e ".[lsp]")'
        )
    serve()


@main.command()
def plugins():
    """List loaded plugins with their distributions and versions."""
    linter = _linter_for(None)
    for info in linter.host.plugins:
        count = sum(1 for loaded in linter.rules.values() if loaded.plugin == info.name)
        click.echo(f"{info.name}  {info.distribution} {info.version}  ({count} rule{'s' if count != 1 else ''})")
    sys.exit(EXIT_INTERNAL if linter.host.problems else EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
