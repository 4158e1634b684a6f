"""``onewindow report monthly YYYY-MM`` and ``onewindow cases snapshot`` (the admin declares them in the
``onewindow.commands`` entry-point group, so the runtime never imports Flask)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask

from onewindow.runtime.errors import CheckFailed


def _app(rules_dir: Path | None) -> Flask:
    from ..app import create_app

    return create_app({"ONEWINDOW_RULES_DIR": str(rules_dir)} if rules_dir else None)


@click.group("report")
def report_command() -> None:
    """报表：政务服务月报。"""


@report_command.command("monthly")
@click.argument("month")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "html", "pdf"]), default="xlsx", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="默认 monthly-report-YYYY-MM.<格式>")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None)
def monthly_command(month: str, fmt: str, output: Path | None, rules_dir: Path | None) -> None:
    """MONTH（YYYY-MM）的月报：受理、办结、办结率、按时 / 提前 / 超期、结转、平均办理天数、网办占比、收费，按部门 / 窗口 / 事项。"""
    from ..store.runtimes import RuntimeUnavailable
    from .ledger import ledger
    from .report import monthly_report, render_report

    app = _app(rules_dir)
    with app.app_context():
        try:
            report = monthly_report(month, ledger())
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="MONTH") from None
        except RuntimeUnavailable as exc:
            raise CheckFailed(f"无法生成月报：{exc}") from None
        body, _ = render_report(report, fmt)
    target = output or Path(f"monthly-report-{month}.{fmt}")
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(body)
    partial.replace(target)  # never a half-written report under the final name
    total = report.total
    click.echo(f"{report.centre} {month}：受理 {total.accepted} 件，办结 {total.completed} 件，"
               f"办结率 {total.completion_rate if total.completion_rate is not None else '—'}%，结转 {total.carried_over} 件 → {target}")


@click.group("cases")
def cases_command() -> None:
    """办件：电子监察快照。"""


@cases_command.command("snapshot")
@click.option("--rules", "rules_dir", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None)
def snapshot_command(rules_dir: Path | None) -> None:
    """按当前时间重算全部未办结办件的状态与预警，并冻结已结束月份的月报数字（每日运行一次）。"""
    from ..store.db import db
    from .figures import freeze_closed
    from .ledger import ledger, snapshot

    app = _app(rules_dir)
    with app.app_context():
        led = ledger()
        count = snapshot(led)
        db.session.commit()
        frozen = freeze_closed(led.now().date())
    click.echo(f"已重算 {count} 件未办结办件" + (f"；已冻结月报数字：{'、'.join(frozen)}" if frozen else ""))


__all__ = ["cases_command", "report_command"]
