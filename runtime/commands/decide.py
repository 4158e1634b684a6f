"""``onewindow decide`` (the notice a clerk hands over) and ``onewindow test`` (scenario files)."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import ApplicationError, CheckFailed, ConfigError, UsageError
from ..loading.yaml_source import parse
from .output import echo_problems

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..runtime import Runtime

ENGINES = ("auto", "durable", "compiled")


RULES_HELP = "规则层目录，按顺序加载在政策库之后（可重复，如 省级层、县级层）；缺省取中心配置 centre.rules"


def _runtime(config: Path, rules: tuple[Path, ...], engine: str, catalog: Catalog | None = None) -> Runtime:
    from ..runtime import Runtime

    try:
        return Runtime(config, rules or None, engine=engine, catalog=catalog)  # type: ignore[arg-type]  # engine: a click.Choice
    except ConfigError as exc:
        echo_problems(exc.problems, "text")
        raise UsageError(str(exc).splitlines()[0]) from None


@click.command("decide")
@click.argument("application", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--config", "config", default="config", type=click.Path(file_okay=False, path_type=Path), show_default=True)
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, path_type=Path), help=RULES_HELP)
@click.option("--at", "at", default=None, help="收件时间（ISO 8601，含时区；缺省取申请中的 received_at）")
@click.option("--engine", type=click.Choice(ENGINES), default="auto", show_default=True)
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def decide_command(application: Path, config: Path, rules: tuple[Path, ...], at: str | None, engine: str, fmt: str) -> None:
    """对一件申请作出受理决定（一次性告知、流转、时限、收费与依据）。"""
    data, problem = parse(application.read_text(encoding="utf-8"), str(application))
    if problem is not None or not isinstance(data, dict):
        raise UsageError(str(problem) if problem else f"{application}: 申请文件顶层必须是映射")
    if at is not None:
        try:
            data["received_at"] = datetime.fromisoformat(at)
        except ValueError:
            raise UsageError(f"--at 不是有效的 ISO 8601 时间：{at}") from None
    runtime = _runtime(config, rules, engine)
    try:
        decision = runtime.decide(data)
    except ApplicationError as exc:
        if fmt == "json":
            click.echo(json.dumps({"errors": [e.as_dict() for e in exc.errors]}, ensure_ascii=False, indent=2))
        else:
            for error in exc.errors:
                click.echo(f"{application}: {error.path}: {error.message} [{error.code}]", err=True)
        raise CheckFailed("") from None
    if fmt == "json":
        click.echo(json.dumps(decision.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        from ..decision.render import render_text

        click.echo(render_text(decision))


@click.command("test")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--config", "config", default="config", type=click.Path(file_okay=False, path_type=Path), show_default=True)
@click.option("--rules", "rules", multiple=True, type=click.Path(file_okay=False, path_type=Path), help=RULES_HELP)
@click.option("--engine", "engines", multiple=True, type=click.Choice(("durable", "compiled")),
              help="只在指定引擎上运行（可重复；缺省两个引擎都运行）")
def test_command(directory: Path | None, config: Path, rules: tuple[Path, ...], engines: tuple[str, ...]) -> None:
    """运行场景测试（申请 + 期望决定，子集匹配），失败时打印差异。

    缺省运行本中心每个规则层的 scenarios/ 目录（针对本中心的目录）；给出 DIRECTORY 时只运行该目录。
    """
    from ..engines import durable
    from ..rules import inactive_text
    from ..testing import load_scenarios, run_scenario

    chosen = engines or (("durable", "compiled") if durable.available() else ("compiled",))
    runtimes: dict[str, Runtime] = {}
    for name in chosen:
        runtimes[name] = _runtime(config, rules, name, next((r.catalog for r in runtimes.values()), None))
    first = next(iter(runtimes.values()))
    folders = [directory] if directory is not None else [layer.scenarios for layer in first.layers if layer.scenarios.is_dir()]
    scenarios, problems = [], []
    for folder in folders:
        found, bad = load_scenarios(folder)
        scenarios += found
        problems += bad
    if problems:
        echo_problems(problems, "text")
        raise UsageError(f"{', '.join(str(f) for f in folders)}: 场景文件有误")
    for line in inactive_text(first.rules):
        click.echo(f"未适用：{line}")
    failed = 0
    for loaded in scenarios:
        for name, runtime in runtimes.items():
            if name not in loaded.scenario.engines:
                continue
            problems_found = run_scenario(runtime, loaded.scenario)
            if problems_found:
                failed += 1
                click.echo(f"✗ {loaded.file}: {loaded.scenario.id} [{name}] {loaded.scenario.title}")
                for line in problems_found:
                    click.echo(f"    {line}")
    total = len(scenarios) * len(runtimes)
    click.echo(f"{total - failed}/{total} 通过（{len(scenarios)} 个场景 × 引擎 {', '.join(runtimes)}；"
               f"目录 {', '.join(str(f) for f in folders)}）")
    if failed:
        raise CheckFailed("")


__all__ = ["decide_command", "test_command"]
