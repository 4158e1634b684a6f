"""The ``onewindow`` command line: one click group, each command living in the module that owns its idea.

Commands are registered lazily by dotted path (like flask's ``flask.commands`` entry points), so
``onewindow validate`` never imports the rules engine and ``onewindow db`` (from onewindow.admin) is only
imported when asked for — the runtime itself never imports Flask or SQLAlchemy.
"""
from __future__ import annotations

import gc

import importlib
from typing import Any

import click

from .errors import ApplicationError, ConfigError, OnewindowError

COMMANDS: dict[str, str] = {
    "validate": "onewindow.runtime.commands.catalog:validate_command",
    "schema": "onewindow.runtime.commands.catalog:schema_command",
    "calendar": "onewindow.runtime.commands.catalog:calendar_command",
    "db": "onewindow.admin.cli:db_command",
    "serve": "onewindow.admin.cli:serve_command",
    "report": "onewindow.admin.cases.cli:report_command",
    "cases": "onewindow.admin.cases.cli:cases_command",
    "diff": "onewindow.runtime.commands.review:diff_command",
    "impact": "onewindow.runtime.commands.review:impact_command",
    "guide": "onewindow.runtime.commands.review:guide_command",
    "site": "onewindow.runtime.commands.review:site_command",
    "stats": "onewindow.runtime.commands.review:stats_command",
    "fmt": "onewindow.runtime.commands.review:fmt_command",
    "decide": "onewindow.runtime.commands.decide:decide_command",
    "test": "onewindow.runtime.commands.decide:test_command",
}
"""Command name → ``module:attribute``. Packages outside the runtime add theirs the same way."""


def report_error(exc: OnewindowError) -> None:
    """Print an error the way its kind reads best: every problem at ``file:line:col``, every JSON path."""
    if isinstance(exc, ConfigError):
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(str(exc).splitlines()[0], err=True)
    elif isinstance(exc, ApplicationError):
        for error in exc.errors:
            click.echo(f"{error.path}: {error.message} [{error.code}]", err=True)
    elif str(exc):
        click.echo(str(exc), err=True)


class LazyGroup(click.Group):
    """Commands by dotted path, imported when asked for; an ``OnewindowError`` ends the command with its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OnewindowError as exc:
            report_error(exc)
            ctx.exit(exc.exit_code)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return super().get_command(ctx, name)
        module, _, attribute = target.partition(":")
        try:
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        except ImportError as exc:
            raise click.ClickException(f"命令 {name} 不可用：{exc}（是否安装了 onewindow[admin]？）") from exc


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="onewindow")
def cli() -> None:
    """onewindow：政务服务中心事项目录与受理规则即代码。"""


def main(argv: list[str] | None = None) -> Any:
    """The ``onewindow`` program. It — the application, not the library — pauses the cyclic collector: a
    command is one short process that builds up to a million long-lived, acyclic models (a 10k-item
    catalog), and generation-2 scans of them cost more than the load itself (bench/catalog_load.py)."""
    gc.disable()
    return cli.main(args=argv, prog_name="onewindow")


__all__ = ["COMMANDS", "cli", "main", "report_error"]
