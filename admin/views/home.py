"""The console's start page (who is logged in, logout)."""
from __future__ import annotations

from typing import Any

from flask import redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user

from ..auth.roles import ROLES


class HomeView(AdminIndexView):
    @expose("/")
    def index(self) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        return self.render("admin/index.html", roles=ROLES)


__all__ = ["HomeView"]
