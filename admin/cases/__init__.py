"""The case ledger (办件) in the console: tables, numbering, the cases API, the clerk's pages, e-supervision,
the monthly report, notices, evaluation and complaints. The runtime (``onewindow.runtime.cases``) decides
states and dates; this package stores and shows them.
"""
from __future__ import annotations

from typing import Any

from flask import Flask


def init_app(app: Flask, admin: Any) -> None:
    """Register the cases API (CSRF-exempt JSON), the public lookup and the console views."""
    from flask_wtf.csrf import CSRFProtect

    from . import tables as _tables  # noqa: F401  (the ORM classes join the metadata)
    from .api import bp as api_bp
    from .views import PublicLookup, register_case_views

    csrf: CSRFProtect | None = app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(api_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(PublicLookup)
    register_case_views(admin)
    if app.config.get("ONEWINDOW_LIFECYCLE"):  # a centre's own file: refused now (ConfigError, every problem), not at a case page
        from onewindow.runtime.cases import load_lifecycle

        app.extensions.setdefault("onewindow_cases", {})["lifecycle"] = load_lifecycle(app.config["ONEWINDOW_LIFECYCLE"])


__all__ = ["init_app"]
