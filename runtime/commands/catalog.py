"""Catalog commands: ``validate`` (exit 0 clean / 1 problems / 2 unusable input), ``schema``, ``calendar seed``."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from ..errors import CheckFailed, Problem, UsageError
from ..loading import check_catalog
from .output import FORMATS, echo_problems


@click.command("validate")
@click.argument("directory", default="config", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="输出格式")
@click.option("--no-cache", is_flag=True, help="不使用磁盘缓存")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="按这一天检查日历（默认：中心时区的今天）")
def validate_command(directory: Path, fmt: str, no_cache: bool, today: datetime | None) -> None:
    """校验目录中的全部事项目录 YAML，一次报告所有问题。"""
    from ..calendar.status import calendar_warnings

    if not directory.is_dir():
        raise UsageError(f"{directory}: 目录不存在")
    report = check_catalog(directory, cache_dir=None if no_cache else "default")
    catalog = report.context  # the calendar warning reads the centre and its calendar only: no item decoded
    problems = list(report.problems)
    if catalog is not None:
        problems += calendar_warnings(catalog, today.date() if today else datetime.now(catalog.centre.zone).date())
    errors, warnings = len(report.errors), len([p for p in problems if p.severity != "error"])
    summary = f"{report.files} 个文件：{errors} 个错误，{warnings} 个警告"
    echo_problems(problems, fmt, summary=summary)
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


def _law_problems_or_write(entry_data: dict[str, object], shown: str, config: Path, write: bool, replace: bool) -> None:
    from ..calendar import calendar_yaml, load_law
    from ..calendar.notice import law_problems
    from ..catalog import CalendarYear

    entry = CalendarYear.model_validate(entry_data)
    problems = [Problem(shown, 1, 1, ".".join(str(p) for p in loc), "calendar-law", message)
                for loc, message in law_problems(load_law(), entry)]
    if problems:
        echo_problems(problems, "text", summary=f"{entry.year} 年日历不符合《全国年节及纪念日放假办法》，未写入")
        raise CheckFailed("")
    text = calendar_yaml(entry, f"{entry.year} 年工作日历：{entry.source}\nholidays 为放假日（含假期内的周末），makeup_workdays 为调休上班的周末。")
    if not write:
        click.echo(text, nl=False)
        return
    _write_year(config, entry.year, text, replace)


def _write_year(config: Path, year: int, text: str, replace: bool) -> None:
    """Write ``config/calendar/YEAR.yaml`` atomically (a temporary file renamed over the target)."""
    if not config.is_dir():
        raise UsageError(f"{config}: 目录不存在")
    target = config / "calendar" / f"{year}.yaml"
    if target.exists() and not replace:
        raise UsageError(f"{target} 已存在；核对无误后加 --replace 覆盖")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".yaml.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(target)
    click.echo(f"已写入 {target}；运行 onewindow diff 查看到期日的变化", err=True)


_WRITE = [click.option("--config", "config", default="config", show_default=True,
                       type=click.Path(file_okay=False, path_type=Path), help="事项目录"),
          click.option("--replace", is_flag=True, help="覆盖已有的该年日历文件")]


def _with_write(function: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_WRITE):
        function = option(function)
    return function


@calendar_command.command("seed")
@click.argument("year", type=int)
@click.option("--write", is_flag=True, help="写入 CONFIG/calendar/YEAR.yaml（默认输出到标准输出）")
@_with_write
def calendar_seed_command(year: int, write: bool, config: Path, replace: bool) -> None:
    """用 chinese-calendar 生成某年的日历 YAML，并按法定节假日核对。"""
    from ..calendar import seed_year

    try:
        entry = seed_year(year)
    except NotImplementedError:
        raise UsageError(f"chinese-calendar 尚无 {year} 年数据。国务院办公厅通知公布后可直接录入："
                         f"onewindow calendar add {year} --from 通知.yaml（见 docs/calendar.md）；"
                         "在此之前该年按法定节假日暂定推算") from None
    _law_problems_or_write(entry, f"chinese-calendar {year}", config, write, replace)


@calendar_command.command("add")
@click.argument("year", type=int)
@click.option("--from", "notice", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="按国务院办公厅通知录入的放假安排 YAML（格式见 docs/calendar.md）")
@_with_write
def calendar_add_command(year: int, notice: Path, config: Path, replace: bool) -> None:
    """按国务院办公厅放假通知录入某年的正式日历：逐项核对法定节假日、调休上班日和重叠，写入 CONFIG/calendar/YEAR.yaml。"""
    from ..calendar import calendar_yaml, load_law, read_notice

    if not notice.is_file():
        raise UsageError(f"{notice}: 文件不存在")
    entry, problems = read_notice(notice, load_law())
    if entry is not None and entry.year != year:
        problems = [Problem(str(notice), 1, 1, "year", "notice-year", f"通知中的年份 {entry.year} 与命令参数 {year} 不一致")]
    if problems or entry is None:
        echo_problems(problems, "text", summary=f"{notice}：{len(problems)} 个问题，未写入")
        raise CheckFailed("")
    text = calendar_yaml(entry, f"{year} 年工作日历：按国务院办公厅通知录入（onewindow calendar add），勿手工修改。\n"
                                "holidays 为放假日（含假期内的周末），makeup_workdays 为调休上班的周末。")
    _write_year(config, year, text, replace)


@calendar_command.command("status")
@click.option("--config", "config", default="config", show_default=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None, help="按这一天判断（默认：中心时区的今天）")
def calendar_status_command(config: Path, today: datetime | None) -> None:
    """列出正式年份与暂定年份；10 月 1 日起次年仍为暂定时警告。"""
    from ..calendar import WorkingCalendar, load_law
    from ..calendar.status import calendar_warnings
    from ..loading import load_catalog

    if not config.is_dir():
        raise UsageError(f"{config}: 目录不存在")
    catalog = load_catalog(config)
    day = today.date() if today else datetime.now(catalog.centre.zone).date()
    horizon = day.year + catalog.centre.calendar_years_ahead
    calendar = WorkingCalendar(catalog.calendar, law=load_law(), provisional_through=horizon)
    for year in calendar.years:
        entry = calendar.year(year)
        kind = "暂定（按法定节假日推算，无调休）" if year in calendar.provisional_years else "正式"
        click.echo(f"{year}  {kind}  放假 {len(entry.holidays) if entry else 0} 天，调休上班 "
                   f"{len(entry.makeup_workdays) if entry else 0} 天  {entry.source if entry and entry.source else ''}".rstrip())
    click.echo(f"收件日期可受理至 {horizon} 年底（今天 {day.isoformat()} 起 {catalog.centre.calendar_years_ahead} 年）")
    echo_problems(calendar_warnings(catalog, day), "text")


__all__ = ["calendar_command", "schema_command", "validate_command"]
