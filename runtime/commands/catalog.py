"""Catalog commands: ``validate`` (exit 0 clean / 1 problems / 2 unusable input), ``schema``, ``calendar seed``."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import CheckFailed, UsageError
from ..loading import check_catalog
from .output import FORMATS, echo_problems


@click.command("validate")
@click.argument("directory", default="config", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="输出格式")
@click.option("--no-cache", is_flag=True, help="不使用磁盘缓存")
def validate_command(directory: Path, fmt: str, no_cache: bool) -> None:
    """校验目录中的全部事项目录 YAML，一次报告所有问题。"""
    if not directory.is_dir():
        raise UsageError(f"{directory}: 目录不存在")
    report = check_catalog(directory, cache_dir=None if no_cache else "default")
    errors, warnings = len(report.errors), len(report.warnings)
    summary = f"{report.files} 个文件：{errors} 个错误，{warnings} 个警告"
    echo_problems(report.problems, fmt, summary=summary)
    if report.files == 0:
        raise UsageError(f"{directory}: 没有事项目录 YAML 文件")
    if errors:
        raise CheckFailed("")


@click.command("schema")
@click.option("--out", "out", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="输出目录（默认：仓库的 schemas/）")
def schema_command(out: Path | None) -> None:
    """由模型重新生成 schemas/*.schema.json。"""
    from ..schemas import write_schemas

    if out is None:
        import onewindow.schemas as package

        out = Path(package.__file__).parent
    for path in write_schemas(out):
        click.echo(str(path))


@click.group("calendar")
def calendar_command() -> None:
    """工作日历（节假日与调休）。"""


@calendar_command.command("seed")
@click.argument("year", type=int)
def calendar_seed_command(year: int) -> None:
    """用 chinese-calendar 生成某年的日历 YAML（输出到标准输出）。"""
    from ruamel.yaml import YAML

    from ..calendar import seed_year

    try:
        entry = seed_year(year)
    except NotImplementedError:
        raise UsageError(f"chinese-calendar 尚无 {year} 年数据（国务院放假安排公布后再生成）") from None
    yaml = YAML()
    yaml.default_flow_style = None
    yaml.dump({"calendar": [entry]}, sys.stdout)


__all__ = ["calendar_command", "schema_command", "validate_command"]
