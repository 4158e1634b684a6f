"""The application factory: settings, database (migrated on startup unless ONEWINDOW_MIGRATE=off), request log, health, login, babel, CSRF, views, API."""
from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf import CSRFProtect
from flask_wtf.csrf import CSRFError

from .health import bp as health_bp
from .observe import observe
from .security import install as install_security
from .settings import defaults
from .store.db import db
from .store.records import install_revision_counter
from .store.migrate import upgrade

LOCALE = "zh_Hans_CN"
"""zh_CN as Flask-Admin's bundled translations name it."""

PAGE_FIXES: tuple[tuple[bytes, bytes], ...] = (
    (b"<html>", '<html lang="zh-CN">'.encode()),
    (b'aria-label="Toggle navigation"', 'aria-label="展开或收起导航"'.encode()),
)
"""Literal English in Flask-Admin's base page that sits in no template block (so no template can override
it, short of copying the page): replaced in every HTML answer the console sends, once each."""

ERROR_PAGES: dict[int, tuple[str, str]] = {
    400: ("页面已过期", "表单已过期或来源无法验证，未作任何修改。请返回上一页，刷新后重新提交。"),
    403: ("无权访问", "当前账号无权查看或修改此内容。"),
    404: ("页面不存在", "找不到要访问的页面或记录，可能已被删除，或链接有误。"),
    422: ("无法显示", "该条目的工作副本未通过校验，请先在编辑页修正。"),
}
"""The console's own error pages (Chinese, lang="zh-CN") instead of werkzeug's English ones; 400 is the CSRF refusal."""


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the console; ``config`` (a mapping, e.g. from tests) overrides defaults and environment."""
    here = os.path.dirname(os.path.abspath(__file__))
    instance = (config or {}).get("INSTANCE_PATH") or os.environ.get("ONEWINDOW_INSTANCE_PATH") or os.path.abspath("instance")
    app = Flask("onewindow.admin", root_path=here, instance_path=instance)
    app.config.from_mapping(defaults(app.instance_path))
    if config:
        app.config.from_mapping(config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith(f"sqlite:///{app.instance_path}"):
        os.makedirs(app.instance_path, exist_ok=True)  # only the default SQLite file lives there
    if not app.config["SECRET_KEY"]:  # commands may run without one; serving refuses (settings.require_secret_key)
        app.config.update(SECRET_KEY=secrets.token_hex(32), ONEWINDOW_SECRET_KEY_MADE_UP=True)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Chinese stays readable in API answers
    db.init_app(app)
    install_revision_counter(db.session)
    if app.config["ONEWINDOW_MIGRATE"] != "off":
        with app.app_context():
            upgrade(db.engine)
    observe(app)

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
    from .auth.tokens import check_settings as check_token_settings
    from .auth.views import bp as auth_bp
    from .views import register_views
    from .views.home import HomeView

    check_token_settings(app)
    csrf.exempt(api_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(health_bp)
    # console_base.html: Flask-Admin's base page with Chinese texts for its script widgets
    theme = Bootstrap4Theme(swatch=app.config["FLASK_ADMIN_SWATCH"], base_template="admin/console_base.html")
    admin = Admin(app, name="一窗通管理后台", theme=theme,
                  translations_path=os.path.join(here, "translations"),
                  index_view=HomeView(name="首页", url="/admin"))
    register_views(admin)
    __import__("onewindow.admin.cases", fromlist=["init_app"]).init_app(app, admin)  # the case ledger (办件)

    def error_page(status: int) -> Any:
        title, text = ERROR_PAGES[status]
        return (f"<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>{title}</title>"
                f"<h1>{title}（{status}）</h1><p>{text}</p><p><a href=\"/admin/\">返回首页</a></p>", status)

    for status in (403, 404, 422):
        app.register_error_handler(status, lambda _error, status=status: error_page(status))
    app.register_error_handler(CSRFError, lambda _error: error_page(400))
    install_security(app)  # request ids, Chinese error answers, security headers, body limits, session checks

    @app.after_request
    def declare_chinese(response: Any) -> Any:
        if response.mimetype == "text/html" and not response.is_streamed:
            body = response.get_data()
            for old, new in PAGE_FIXES:
                body = body.replace(old, new, 1)
            response.set_data(body)
        return response

    @app.route("/")
    def root() -> Any:
        from flask import redirect, url_for

        return redirect(url_for("admin.index"))

    from .api.fast import StatelessApi

    app.wsgi_app = StatelessApi(app, app.wsgi_app)  # type: ignore[method-assign]  # Flask's documented way to wrap the WSGI app
    return app


__all__ = ["create_app"]
