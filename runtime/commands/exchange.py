"""Exchange commands: ``onewindow export xlsx|national`` and ``onewindow import xlsx|national``.

Exit codes follow ``validate``: 0 done, 1 the workbook or tables have problems (every one printed as
``工作表!第N行「列」：说明`` / ``表!第N行「列」：说明``), 2 unusable input (no such catalog, file or
directory, or a non-empty output directory).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from ..errors import UsageError
from .review import _CONFIG, _catalog


@click.group("export")
def export_command() -> None:
    """导出事项目录：xlsx（事项清单工作簿）或 national（国家政务服务事项交换表 + CPSV-AP JSON-LD）。"""


@export_command.command("xlsx")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@_CONFIG
def export_xlsx(out: Path, config: Path) -> None:
    """把事项目录导出为一个 xlsx 工作簿：每类实体一张表，中文表头。"""
    from ..exchange import export_workbook

    export_workbook(_catalog(config), out)
    click.echo(f"{out}：已导出")


@export_command.command("national")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@_CONFIG
def export_national_command(out: Path, config: Path) -> None:
    """导出国家交换表 up_task_general_basic / _extend / _material / _fee_project / _questions（CSV，代码按国家代码表）、
    扩展表 onewindow_extension.csv（交换表容纳不下的部分）及 cpsv-ap.jsonld。"""
    from ..exchange import export_national

    for path in export_national(_catalog(config), out):
        click.echo(str(path))


@click.group("import")
def import_command() -> None:
    """导入事项目录：xlsx（事项清单工作簿）或 national（国家交换表 + 扩展表）。"""


def _import(source: Path, out: Path, run: Callable[[Path, Path], list[Path]]) -> None:
    """Refuse a non-empty OUT, run the import and print the files written; an :class:`ImportFailed` (every
    problem at sheet/table, row and column, nothing written) is printed by the group and exits 1."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UsageError(f"{out}：目录已存在且不为空，请指定新目录")
    written = run(source, out)
    click.echo(f"{out}：{len(written)} 个文件")


@import_command.command("xlsx")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
def import_xlsx(source: Path, out: Path) -> None:
    """读取 xlsx 工作簿，逐行校验（一次报告全部问题：工作表、行、列），无误后写出目录 OUT（须为新目录或空目录）。"""
    from ..exchange import import_workbook

    if not source.is_file():
        raise UsageError(f"{source}：文件不存在")
    _import(source, out, import_workbook)


@import_command.command("national")
@click.argument("source", type=click.Path(file_okay=False, path_type=Path))
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
def import_national_command(source: Path, out: Path) -> None:
    """读取 export national 写出的目录（国家交换表 CSV + 扩展表 onewindow_extension.csv），接受代码或名称；
    逐格校验并核对（一次报告全部问题：表、行、列），无误后写出目录 OUT（须为新目录或空目录）。"""
    from ..exchange import import_national

    if not source.is_dir():
        raise UsageError(f"{source}：目录不存在")
    _import(source, out, import_national)


__all__ = ["export_command", "import_command"]
