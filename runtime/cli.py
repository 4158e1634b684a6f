"""The ``onewindow`` command line: one click group, each command living in the module that owns its idea.

The runtime's own commands are listed here by dotted path and imported when asked for, so ``onewindow
validate`` never imports the rules engine. Other packages add theirs through the ``onewindow.commands``
entry-point group (Flask's ``flask.commands`` pattern): ``onewindow.admin`` declares ``db``, ``serve``,
``report`` and ``cases`` in ``pyproject.toml``; the runtime names none of them and never imports Flask or
SQLAlchemy. Every command raises :class:`OnewindowError` subclasses; the group prints them and exits with
the error's ``exit_code``.
"""
from __future__ import annotations

import gc
import importlib
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import click

from .errors import ApplicationError, ConfigError, OnewindowError

COMMANDS: dict[str, str] = {
    "validate": "onewindow.runtime.commands.catalog:validate_command",
    "schema": "onewindow.runtime.commands.catalog:schema_command",
    "calendar": "onewindow.runtime.commands.catalog:calendar_command",
    "diff": "onewindow.runtime.commands.review:diff_command",
    "impact": "onewindow.runtime.commands.review:impact_command",
    "guide": "onewindow.runtime.commands.review:guide_command",
    "site": "onewindow.runtime.commands.review:site_command",
    "stats": "onewindow.runtime.commands.review:stats_command",
    "fmt": "onewindow.runtime.commands.review:fmt_command",
    "decide": "onewindow.runtime.commands.decide:decide_command",
    "test": "onewindow.runtime.commands.decide:test_command",
    "export": "onewindow.runtime.commands.exchange:export_command",
    "import": "onewindow.runtime.commands.exchange:import_command",
}
"""The runtime's own commands: name → ``module:attribute``."""

ENTRY_POINT_GROUP = "onewindow.commands"
"""Where installed packages declare their commands (``name = "package.module:command"``)."""


def _plugins() -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name not in COMMANDS}


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
        return sorted({*COMMANDS, *_plugins(), *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        plugin = None if target is not None else _plugins().get(name)
        if target is None and plugin is None:
            return super().get_command(ctx, name)
        try:
            if plugin is not None:
                loaded: click.Command = plugin.load()
                return loaded
            module, _, attribute = str(target).partition(":")
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


__all__ = ["COMMANDS", "ENTRY_POINT_GROUP", "cli", "main", "report_error"]
