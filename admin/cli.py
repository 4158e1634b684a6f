"""Console commands: ``onewindow db import|export|upgrade``, the account commands (``db create-user|reset-password|
disable-user|enable-user|set-role|users``) and ``onewindow serve``.

Registered in :data:`onewindow.runtime.cli.COMMANDS` by dotted path, so the runtime never imports Flask.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from onewindow.runtime.errors import CheckFailed, ConfigError


def _app(**config: Any) -> Any:
    from .app import create_app

    return create_app({k: v for k, v in config.items() if v is not None})


def _fold_due_publications() -> None:
    from .wsgi import fold_due_publications

    fold_due_publications()


@click.group("db")
def db_command() -> None:
    """管理后台数据库（工作副本）：导入、导出、迁移。"""


@db_command.command("import")
@click.argument("directory", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--rules", "rules_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="与目录一起校验的规则目录（默认 ONEWINDOW_RULES_DIR，否则 ./rules）")
@click.option("--force", is_flag=True, help="即使会覆盖控制台中尚未导出的修改也导入")
def import_command(directory: Path, rules_dir: Path | None, force: bool) -> None:
    """校验 DIRECTORY（连同规则）后整体导入（全部成功或全部不变），替换数据库中的工作副本。

    控制台中尚未导出的修改（新建、编辑、申请取消）会被覆盖时，列出将丢失的内容并拒绝导入，除非加 --force。"""
    from .sync import ImportWouldLose, import_catalog

    app = _app()
    with app.app_context():
        rules = rules_dir or Path(app.config.get("ONEWINDOW_RULES_DIR") or "rules")
        if not rules.is_dir():
            click.echo(f"规则目录 {rules} 不存在：只校验目录本身", err=True)
        try:
            def bar(entries: Any) -> Any:
                with click.progressbar(entries, label="导入", show_pos=True) as progress:
                    yield from progress
            count = import_catalog(directory, user="cli", progress=bar, rules_dir=rules if rules.is_dir() else None,
                                   force=force)
        except ConfigError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            raise CheckFailed(f"{directory}: 未通过校验，数据库未改动") from None
        except ImportWouldLose as exc:
            for line in exc.lost:
                click.echo(f"将丢失：{line}", err=True)
            raise CheckFailed(f"{exc}，数据库未改动。请先 onewindow db export 导出这些修改，或确认丢弃后加 --force 重新导入。") from None
    click.echo(f"已导入 {count} 个条目")


@db_command.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--drafts", is_flag=True, help="导出工作副本（含草稿），而不只是已发布内容")
def export_command(directory: Path, drafts: bool) -> None:
    """把已发布内容写回 DIRECTORY 中原有的 YAML 文件（最小差异、原子写入）。"""
    from .sync import export_catalog

    with _app().app_context():
        _fold_due_publications()
        written = export_catalog(directory, drafts=drafts)
    for path in written:
        click.echo(path)
    click.echo(f"写入 {len(written)} 个文件", err=True)


@db_command.command("upgrade")
def upgrade_command() -> None:
    """把数据库结构迁移到最新版本（ONEWINDOW_MIGRATE=off 时这是唯一的迁移方式；否则启动时在锁内自动执行）。"""
    with _app().app_context():
        _fold_due_publications()
    click.echo("数据库已是最新结构")


ROLE_CHOICE = click.Choice(["reform_office", "department_editor", "reviewer", "auditor"])
"""Roles by identifier (see ``onewindow.admin.auth.roles.ROLES`` for their Chinese names)."""


def _account_change(change: Any, done: str) -> None:
    """Run ``change(accounts)`` in an app context, commit and say ``done``; a refusal is a clear message, exit 1."""
    from .auth import accounts
    from .store.db import db

    with _app().app_context():
        try:
            change(accounts)
        except accounts.AccountRefused as refused:
            db.session.rollback()
            raise CheckFailed(f"{accounts.FIELD_NAMES.get(refused.field or '', '')}{'：' if refused.field else ''}{refused}，未改动") from None
        db.session.commit()
    click.echo(done)


@db_command.command("create-user")
@click.argument("username")
@click.option("--role", type=ROLE_CHOICE, required=True)
@click.option("--department", default=None, help="部门编辑所属部门标识")
@click.option("--name", "display_name", default="", help="姓名")
@click.password_option("--password", help="至少 10 位，含字母、数字、符号中的两类")
def create_user_command(username: str, role: str, department: str | None, display_name: str, password: str) -> None:
    """新建后台用户（生产模式下第一个用户只能这样建，没有默认密码）。"""
    _account_change(lambda accounts: accounts.create(username, password, role=role, department=department, by="cli",
                                                     display_name=display_name), f"已创建用户 {username}（{role}）")


@db_command.command("reset-password")
@click.argument("username")
@click.password_option("--password", help="新密码：至少 10 位，含字母、数字、符号中的两类")
def reset_password_command(username: str, password: str) -> None:
    """重设用户密码（记入审计日志）。"""
    _account_change(lambda accounts: accounts.update(accounts.find(username), by="cli", password=password),
                    f"已重设 {username} 的密码")


@db_command.command("disable-user")
@click.argument("username")
def disable_user_command(username: str) -> None:
    """停用用户：不能再登录，审计记录保留。"""
    _account_change(lambda accounts: accounts.update(accounts.find(username), by="cli", active=False), f"已停用 {username}")


@db_command.command("enable-user")
@click.argument("username")
def enable_user_command(username: str) -> None:
    """重新启用已停用的用户。"""
    _account_change(lambda accounts: accounts.update(accounts.find(username), by="cli", active=True), f"已启用 {username}")


@db_command.command("set-role")
@click.argument("username")
@click.option("--role", type=ROLE_CHOICE, required=True)
@click.option("--department", default=None, help="部门编辑所属部门标识")
def set_role_command(username: str, role: str, department: str | None) -> None:
    """更改用户角色（部门编辑须给出 --department）。"""
    _account_change(lambda accounts: accounts.update(accounts.find(username), by="cli", role=role, department=department or ""),
                    f"{username} 的角色现为 {role}")


@db_command.group("token")
def token_command() -> None:
    """对接系统的 API 令牌：签发、列出、撤销（与后台「API 令牌」页相同，均记入审计日志）。"""


@token_command.command("create")
@click.argument("name")
@click.option("--scope", "scopes", multiple=True, required=True,
              help="权限，可重复给出：decide、catalog:read、cases:read、cases:write")
def token_create_command(name: str, scopes: tuple[str, ...]) -> None:
    """签发令牌；令牌只打印这一次（数据库只存摘要），请立即交给对接系统。"""
    from .auth import tokens
    from .store.db import db

    with _app().app_context():
        try:
            token, secret = tokens.issue(name, list(scopes), by="cli")
        except tokens.TokenRefused as refused:
            db.session.rollback()
            raise CheckFailed(f"{refused}，未签发") from None
        db.session.commit()
        click.echo(f"已为「{token.name}」签发令牌 {token.prefix}（{token.scopes}），只显示这一次：", err=True)
        click.echo(secret)


@token_command.command("revoke")
@click.argument("prefix")
def token_revoke_command(prefix: str) -> None:
    """撤销令牌（PREFIX 为列表中显示的前缀，如 ow_AbC1234）；撤销不可恢复。"""
    from .auth import tokens
    from .store.db import db

    with _app().app_context():
        try:
            token = tokens.find(prefix)
            tokens.revoke(token, by="cli")
        except tokens.TokenRefused as refused:
            db.session.rollback()
            raise CheckFailed(f"{refused}，未改动") from None
        db.session.commit()
        click.echo(f"已撤销令牌 {token.prefix}（{token.name}）")


@token_command.command("list")
def token_list_command() -> None:
    """列出令牌：前缀、调用系统、权限、签发、最近使用、状态（时间为中心所在时区）。"""
    from .auth import tokens
    from .store.db import db
    from .store.records import centre_time

    with _app().app_context():
        for token in db.session.scalars(db.select(tokens.ApiToken).order_by(tokens.ApiToken.id)):
            state = f"已撤销 {centre_time(token.revoked_at)}" if token.revoked else "有效"
            click.echo(f"{token.prefix}\t{token.name}\t{token.scopes}\t签发 {centre_time(token.created_at)}"
                       f"\t最近使用 {centre_time(token.last_used_at) or '无'}\t{state}")


@db_command.command("users")
def users_command() -> None:
    """列出后台用户（角色、部门、是否启用）。"""
    from .auth.roles import ROLES
    from .auth.users import User
    from .store.db import db

    with _app().app_context():
        for user in db.session.scalars(db.select(User).order_by(User.username)):
            click.echo(f"{user.username}\t{user.display_name}\t{ROLES.get(user.role, user.role)}\t{user.department or ''}"
                       f"\t{'启用' if user.active else '已停用'}")


@click.command("serve")
@click.option("--config", "config_dir", default="config", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="事项目录；数据库为空时从这里导入")
@click.option("--rules", "rules_dir", default="rules", show_default=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址；对外服务请放在反向代理之后")
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--dev/--production", default=None, help="开发模式（内置开发服务器、演示用户）；默认取 ONEWINDOW_ENV")
@click.option("--workers", default=None, type=click.IntRange(1, 64), help="生产模式的工作进程数  [默认 ONEWINDOW_WORKERS 或 2]")
@click.option("--threads", default=None, type=click.IntRange(1, 64), help="每个工作进程的线程数  [默认 ONEWINDOW_THREADS 或 4]")
def serve_command(config_dir: Path, rules_dir: Path, host: str, port: int, dev: bool | None,
                  workers: int | None, threads: int | None) -> None:
    """启动管理后台与 API：生产模式用 granian 多进程服务，开发模式用内置开发服务器；数据库为空时先导入 --config。"""
    import gc
    import os

    gc.enable()  # `onewindow` pauses the collector for its short commands; a server is long-lived

    from .settings import SettingsError, is_development, require_secret_key
    from .wsgi import create, prepare

    env = None if dev is None else ("development" if dev else "production")
    config = {k: v for k, v in {"ONEWINDOW_ENV": env, "ONEWINDOW_CONFIG_DIR": str(config_dir),
                                "ONEWINDOW_RULES_DIR": str(rules_dir)}.items() if v is not None}
    app = _app(**config)
    try:
        require_secret_key(app.config)
    except SettingsError as exc:
        click.echo(f"无法启动：{exc}", err=True)
        raise SystemExit(2) from exc
    prepare(app, say=click.echo)  # once here, so the workers below find every chore done
    click.echo(f"管理后台：http://{host}:{port}/admin/   API：http://{host}:{port}/api/v1/openapi.json")
    if is_development(app.config):
        from .security import RequestHandler
        from .wsgi import warm_caches

        warm_caches(app)
        app.run(host=host, port=port, debug=False, use_reloader=False, request_handler=RequestHandler)
        return
    try:
        from granian import Granian
        from granian.constants import Interfaces
    except ImportError as exc:
        raise click.ClickException("生产模式需要 granian（pip install 'onewindow[admin]'）；"
                                   "也可用 waitress-serve --call onewindow.admin.wsgi:create") from exc
    with app.app_context():  # the workers open their own connections; none of ours may be inherited
        from .store.db import db

        db.engine.dispose()
    os.environ.update(config)  # each worker builds its own app from the environment (no shared engines)
    Granian("onewindow.admin.wsgi:create", factory=True, interface=Interfaces.WSGI, address=host, port=port,
            workers=workers or int(os.environ.get("ONEWINDOW_WORKERS", "2")),
            blocking_threads=threads or int(os.environ.get("ONEWINDOW_THREADS", "4")),
            respawn_failed_workers=True, workers_kill_timeout=20, websockets=False,
            log_access=False).serve()  # the app logs each request itself


__all__ = ["db_command", "serve_command"]
