"""Console settings: defaults, ``DATABASE_URL`` / ``ONEWINDOW_*`` environment overrides, test mappings.

Production is the default mode on purpose: demo users with known passwords exist only when
``ONEWINDOW_ENV=development`` (or a test mapping) says so, so a forgotten setting never ships them.
"""
from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from onewindow.runtime.errors import OnewindowError


JSON_SETTINGS = ("ONEWINDOW_CASE_API_TOKENS",)
"""Settings that are mappings: given as a JSON object in the environment."""


def from_environment() -> dict[str, Any]:
    """Every ``ONEWINDOW_*`` variable of the environment as a setting of the same name (text; JSON for
    :data:`JSON_SETTINGS`), so each setting documented in docs/deploy.md can be given to a production server."""
    found: dict[str, Any] = {}
    for name, value in os.environ.items():
        if not name.startswith("ONEWINDOW_"):
            continue
        if name in JSON_SETTINGS:
            try:
                value = json.loads(value)
            except ValueError as exc:
                raise SettingsError(f"环境变量 {name} 应为 JSON 对象，例如 {{\"令牌\": \"系统名\"}}：{exc}") from exc
            if not isinstance(value, dict):
                raise SettingsError(f"环境变量 {name} 应为 JSON 对象，例如 {{\"令牌\": \"系统名\"}}")
        found[name] = value
    return found


def defaults(instance_path: str) -> dict[str, Any]:
    """Settings before the caller's mapping is applied: the environment over the defaults."""
    database = Path(instance_path) / "onewindow.sqlite"
    return {**from_environment(), **_defaults(database)}


def _defaults(database: Path) -> dict[str, Any]:
    return {
        "SECRET_KEY": os.environ.get("ONEWINDOW_SECRET_KEY"),  # serving refuses to start without it in production
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL") or f"sqlite:///{database}",
        "ONEWINDOW_ENV": os.environ.get("ONEWINDOW_ENV", "production"),
        "ONEWINDOW_CONFIG_DIR": os.environ.get("ONEWINDOW_CONFIG_DIR"),
        "ONEWINDOW_RULES_DIR": os.environ.get("ONEWINDOW_RULES_DIR"),
        "ONEWINDOW_TODAY": os.environ.get("ONEWINDOW_TODAY"),  # serve as on another day (YYYY-MM-DD): previews, tests
        "PERMANENT_SESSION_LIFETIME": timedelta(minutes=int(os.environ.get("ONEWINDOW_SESSION_MINUTES", "30"))),
        "SESSION_REFRESH_EACH_REQUEST": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_DURATION": timedelta(minutes=0),
        "BABEL_DEFAULT_LOCALE": "zh_CN",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "WTF_CSRF_TIME_LIMIT": 3600,
        "FLASK_ADMIN_SWATCH": "cerulean",
        "ONEWINDOW_MIGRATE": os.environ.get("ONEWINDOW_MIGRATE", "auto"),  # auto: on start, under a lock; off: only `db upgrade`
        "ONEWINDOW_LOG_FORMAT": os.environ.get("ONEWINDOW_LOG_FORMAT", "text"),
        "ONEWINDOW_LOG_LEVEL": os.environ.get("ONEWINDOW_LOG_LEVEL", "INFO"),
    }


def is_development(config: dict[str, Any] | Any) -> bool:
    return config.get("ONEWINDOW_ENV") in ("development", "testing")


MIN_SECRET_KEY = 32
"""Characters a production secret key must have (it signs sessions and CSRF tokens)."""


class SettingsError(OnewindowError):
    """A setting that makes serving unsafe or impossible; the message says how to fix it."""


def require_secret_key(config: dict[str, Any] | Any) -> None:
    """Refuse to serve in production with no (or a short) ``ONEWINDOW_SECRET_KEY``.

    A key made up per process would differ between workers: sessions and CSRF tokens issued by one worker
    would be refused by the next, and every restart would log everybody out.
    """
    if is_development(config):
        return
    key = "" if config.get("ONEWINDOW_SECRET_KEY_MADE_UP") else config.get("SECRET_KEY") or ""
    if len(key) < MIN_SECRET_KEY:
        raise SettingsError(
            f"生产模式必须设置 ONEWINDOW_SECRET_KEY（至少 {MIN_SECRET_KEY} 个字符，所有进程相同、重启后不变），"
            f"当前{'未设置' if not key else f'只有 {len(key)} 个字符'}。"
            "可用 `python -c \"import secrets; print(secrets.token_hex(32))\"` 生成，写入 systemd 单元的 "
            "Environment= 或环境变量文件后重新启动；开发试用请加 --dev。")


__all__ = ["MIN_SECRET_KEY", "SettingsError", "defaults", "is_development", "require_secret_key"]
