"""Review and publishing commands: ``diff``, ``impact``, ``guide``, ``site``, ``stats``, ``fmt``.

Exit codes follow ``validate``: 0 fine, 1 the check failed (a burden increase with ``--fail-on burden``,
unformatted files with ``fmt --check``), 2 unusable input (no such directory, revision, item or a catalog
whose files do not validate).
"""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click

from ..catalog import Catalog
from ..errors import CheckFailed, UsageError
from .output import echo_problems

_CONFIG = click.option("--config", "config", default="config", show_default=True,
                       type=click.Path(file_okay=False, path_type=Path), help="事项目录所在目录")
_ON = click.option("--on", "on", default=None, type=click.DateTime(["%Y-%m-%d"]), help="统计/生成所依据的日期（默认今天）")


def _catalog(directory: Path) -> Catalog:
    """A catalog for reading; lint errors are shown as warnings here (validate is where they fail)."""
    from ..review.lenient import load_for_review

    if not directory.is_dir():
        raise UsageError(f"{directory}: 目录不存在")
    loaded = load_for_review(directory)
    if loaded.catalog is None:
        echo_problems(loaded.problems, "text")
        raise UsageError(f"{directory}: 目录无法加载（先运行 onewindow validate）")
    return loaded.catalog


def _day(on: datetime | None) -> date:
    return on.date() if on is not None else date.today()


@click.command("diff")
@click.argument("base")
@click.argument("head")
@click.option("--format", "fmt", type=click.Choice(("text", "markdown", "json")), default="text", show_default=True,
              help="输出格式（markdown 适合作为 PR 评论）")
@click.option("--fail-on", "fail_on", type=click.Choice(("burden", "any")), default=None,
              help="burden：有增加群众负担的变更时退出码为 1；any：有任何变更时为 1")
@click.option("--repo", default=".", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="BASE/HEAD 为 git 版本时所在的仓库")
def diff_command(base: str, head: str, fmt: str, fail_on: str | None, repo: Path) -> None:
    """比较两个事项目录（目录或 git 版本），逐项列出变更并标注是否增加群众负担。"""
    from ..review.diff import diff_catalogs
    from ..review.render import RENDERERS
    from ..review.rule_changes import diff_rules
    from ..review.sources import SourceError, materialise

    try:
        with materialise(base, repo=repo) as old, materialise(head, repo=repo) as new:
            changes = diff_catalogs(_catalog(old.catalog_dir), _catalog(new.catalog_dir))
            if old.rules_dir is not None and new.rules_dir is not None:  # a bare catalog folder has no rules to compare
                changes += list(diff_rules(old.rules_dir, new.rules_dir))
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    click.echo(RENDERERS[fmt](changes, base, head))
    if fail_on == "burden" and any(c.burden == "increase" for c in changes):
        raise CheckFailed("有增加群众负担的变更（--fail-on burden）")
    if fail_on == "any" and changes:
        raise CheckFailed("有变更（--fail-on any）")


@click.command("impact")
@click.argument("document")
@_CONFIG
@click.option("--rules", "rules", default="rules", show_default=True, type=click.Path(path_type=Path), help="规则目录")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def impact_command(document: str, config: Path, rules: Path, fmt: str) -> None:
    """列出引用某一法律文件的全部事项、材料、收费、规则与测试场景。

    DOCUMENT 可以是文件标识、文件名称（如 中华人民共和国行政许可法）或文号（如 国务院令第412号）。"""
    from ..review.impact import find_impact, render_impact_text, resolve_document

    catalog = _catalog(config)
    found = resolve_document(catalog, document)
    if len(found) > 1:
        raise UsageError(f"{document}：对应多个法律文件（{'、'.join(found)}），请改用文件标识")
    impact = find_impact(catalog, found[0] if found else document, rules if rules.is_dir() else None)
    click.echo(json.dumps(impact.as_dict(), ensure_ascii=False, indent=2) if fmt == "json" else render_impact_text(impact))
    if not impact.title:
        raise UsageError(f"{document}: 事项目录中没有这一法律文件")


@click.command("guide")
@click.argument("code")
@_CONFIG
@click.option("--format", "fmt", type=click.Choice(("md", "html")), default="md", show_default=True)
@_ON
@click.option("--out", "out", default=None, type=click.Path(dir_okay=False, path_type=Path), help="写入文件（默认标准输出）")
def guide_command(code: str, config: Path, fmt: str, on: datetime | None, out: Path | None) -> None:
    """生成一个事项的办事指南（八公开依次列出）。"""
    from ..guide import UnknownItemError, render_guide

    catalog = _catalog(config)
    try:
        text = render_guide(catalog, code, fmt, _day(on) if on else None)
    except UnknownItemError as exc:
        raise UsageError(str(exc)) from None
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


@click.command("site")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@_CONFIG
@_ON
def site_command(out: Path, config: Path, on: datetime | None) -> None:
    """生成静态公开网站：按部门/类型/主题浏览、中文搜索、办事指南、网上预审、统计图表。"""
    from ..site import build_site

    pages = build_site(_catalog(config), out, _day(on))
    click.echo(f"{out}: {len(pages)} 个页面")


@click.command("stats")
@_CONFIG
@_ON
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@click.option("--charts", "charts", default=None, type=click.Path(file_okay=False, path_type=Path), help="把 SVG 图表写入该目录")
def stats_command(config: Path, on: datetime | None, fmt: str, charts: Path | None) -> None:
    """事项统计：按类型与部门计数，法定/承诺时限与压缩率，零收费、可网办、最多跑一次占比。"""
    from ..review.charts import stats_charts
    from ..review.stats import compute_stats, render_stats_text

    catalog = _catalog(config)
    stats = compute_stats(catalog, _day(on))
    click.echo(json.dumps(stats.as_dict(), ensure_ascii=False, indent=2) if fmt == "json" else render_stats_text(stats, catalog))
    if charts is not None:
        charts.mkdir(parents=True, exist_ok=True)
        for name, svg in stats_charts(stats, catalog).items():
            (charts / name).write_text(svg, encoding="utf-8")


@click.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--check", is_flag=True, help="只检查，不改写；有未格式化的文件时退出码为 1")
def fmt_command(paths: tuple[Path, ...], check: bool) -> None:
    """把 YAML 统一成规范格式（保留注释）；默认处理 config/。"""
    from ..review.formatting import format_files

    results = format_files(paths or (Path("config"),), check=check)
    broken = [r for r in results if r.error]
    changed = [r for r in results if r.changed]
    for result in broken:
        click.echo(f"{result.path}: 无法解析：{result.error}", err=True)
    for result in changed:
        click.echo(f"{result.path}: {'格式不规范' if check else '已格式化'}")
    click.echo(f"{len(results)} 个文件，{len(changed)} 个{'需要格式化' if check else '已改写'}", err=True)
    if broken:
        raise UsageError(f"{len(broken)} 个文件无法解析")
    if check and changed:
        raise CheckFailed(f"{len(changed)} 个文件格式不规范（运行 onewindow fmt 改写）")


__all__ = ["diff_command", "fmt_command", "guide_command", "impact_command", "site_command", "stats_command"]
