"""The CLI reads each error's exit code (Click style): commands raise, the group prints and exits."""
from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from onewindow.runtime.cli import LazyGroup
from onewindow.runtime.errors import (
    ApplicationError, CheckFailed, ConfigError, FieldError, OnewindowError, Problem, UsageError,
)


def _group_raising(error: Exception) -> click.Group:
    @click.group(cls=LazyGroup)
    def group() -> None:
        pass

    @group.command("boom")
    def boom() -> None:
        raise error

    return group


@pytest.mark.parametrize(("error", "code", "shown"), [
    (UsageError("config: 目录不存在"), 2, "config: 目录不存在"),
    (CheckFailed("3 个文件格式不规范"), 1, "3 个文件格式不规范"),
    (ConfigError([Problem("a.yaml", 3, 5, "items[0].code", "bad", "编码有误")]), 1, "a.yaml:3:5: items[0].code: 编码有误 [bad]"),
    (ApplicationError([FieldError("$.facts.area", "type", "应为数字")]), 1, "$.facts.area: 应为数字 [type]"),
    (OnewindowError("引擎失败"), 2, "引擎失败"),
])
def test_group_exits_with_the_errors_own_code(error: OnewindowError, code: int, shown: str) -> None:
    result = CliRunner().invoke(_group_raising(error), ["boom"])
    assert result.exit_code == code
    assert shown in result.stderr
    assert "Traceback" not in result.output


def test_a_foreign_exception_is_not_swallowed() -> None:
    result = CliRunner().invoke(_group_raising(KeyError("x")), ["boom"])
    assert isinstance(result.exception, KeyError)


def test_real_commands_use_the_codes(tmp_path) -> None:
    from onewindow.runtime.cli import cli

    missing = CliRunner().invoke(cli, ["validate", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "目录不存在" in missing.stderr
    empty = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert empty.exit_code == 2 and "没有事项目录" in empty.stderr


def test_other_packages_add_commands_through_the_entry_point_group() -> None:
    """The runtime names no admin command: db, serve, report and cases come from onewindow.admin's entry points."""
    from importlib.metadata import entry_points
    from pathlib import Path

    import onewindow.runtime.cli as cli_module
    from onewindow.runtime.cli import ENTRY_POINT_GROUP, cli

    declared = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}
    assert {"db", "serve", "report", "cases"} <= set(declared)
    assert all(value.startswith("onewindow.admin.") for value in declared.values())
    assert "onewindow.admin." not in Path(cli_module.__file__).read_text(encoding="utf-8")  # no dotted path into the admin
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0 and "db" in result.output and "serve" in result.output
