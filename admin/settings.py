"""Console settings: defaults, ``DATABASE_URL`` / ``ONEWINDOW_*`` environment overrides, test mappings.

Production is the default mode on purpose: demo users with known passwords exist only when
``ONEWINDOW_ENV=development`` (or a test mapping) says so, so a forgotten setting never ships them.
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any


def defaults(instance_path: str) -> dict[str, Any]:
    """Settings before the environment and the caller's mapping are applied."""
    database = Path(instance_path) / "onewindow.sqlite"
    return {
        "SECRET_KEY": os.environ.get("ONEWINDOW_SECRET_KEY") or secrets.token_hex(32),
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
    }


def is_development(config: dict[str, Any] | Any) -> bool:
    return config.get("ONEWINDOW_ENV") in ("development", "testing")


__all__ = ["defaults", "is_development"]
