"""The application factory: settings, database (migrated on startup), login, babel, CSRF, views, API."""
from __future__ import annotations

import os
from typing import Any

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf import CSRFProtect

from .settings import defaults
from .store.db import db
from .store.migrate import upgrade

LOCALE = "zh_Hans_CN"
"""zh_CN as Flask-Admin's bundled translations name it."""


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the console; ``config`` (a mapping, e.g. from tests) overrides defaults and environment."""
    here = os.path.dirname(os.path.abspath(__file__))
    instance = (config or {}).get("INSTANCE_PATH") or os.environ.get("ONEWINDOW_INSTANCE_PATH") or os.path.abspath("instance")
    app = Flask("onewindow.admin", root_path=here, instance_path=instance)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(defaults(app.instance_path))
    if config:
        app.config.from_mapping(config)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Chinese stays readable in API answers
    db.init_app(app)
    with app.app_context():
        upgrade(db.engine)

    login = LoginManager(app)
    login.login_view = "auth.login"
    login.login_message = "请先登录"
    login.session_protection = "strong"

    from .auth.users import User

    @login.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None

    Babel(app, locale_selector=lambda: LOCALE)
    csrf = CSRFProtect(app)

    from .api import bp as api_bp
    from .auth.views import bp as auth_bp
    from .views import register_views
    from .views.home import HomeView

    csrf.exempt(api_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(api_bp)
    admin = Admin(app, name="一窗通管理后台", theme=Bootstrap4Theme(swatch=app.config["FLASK_ADMIN_SWATCH"]),
                  translations_path=os.path.join(here, "translations"),
                  index_view=HomeView(name="首页", url="/admin"))
    register_views(admin)

    @app.errorhandler(403)
    def forbidden(_error: Any) -> Any:
        return ("<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>无权访问</title>"
                "<h1>无权访问（403）</h1><p>当前账号无权查看或修改此内容。</p><p><a href=\"/admin/\">返回首页</a></p>", 403)

    @app.route("/")
    def root() -> Any:
        from flask import redirect, url_for

        return redirect(url_for("admin.index"))

    return app


__all__ = ["create_app"]
