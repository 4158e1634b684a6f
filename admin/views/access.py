"""Who is asking, and may they: the permission matrix applied to Flask-Admin views."""
from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for
from flask_admin.actions import action
from flask_admin.babel import lazy_gettext
from flask_login import current_user

from ..auth.roles import allowed, scoped


def current_role() -> str | None:
    return getattr(current_user, "role", None) if current_user.is_authenticated else None


def current_department() -> str | None:
    return getattr(current_user, "department", None) if current_user.is_authenticated else None


class RoleGuard:
    """Mixin for Flask-Admin views: access, the can_* switches and department scope come from the matrix.

    ``permission_view`` names the view in :data:`onewindow.admin.auth.roles.PERMISSIONS`.
    """

    permission_view: str = ""

    def may(self, action: str) -> bool:
        return allowed(current_role(), self.permission_view, action)

    @property
    def department_scope(self) -> str | None:
        """The department a scoped user is confined to in this view ('' = scoped but no department)."""
        if scoped(current_role(), self.permission_view):
            return current_department() or ""
        return None

    def is_accessible(self) -> bool:
        return bool(current_user.is_authenticated) and self.may("list")

    @action("delete", lazy_gettext("Delete"), lazy_gettext("Are you sure you want to delete selected records?"))
    def action_delete(self, ids: Any) -> Any:
        """Flask-Admin's bulk delete with the form's ids as integers: psycopg 3 binds the strings as VARCHAR and
        PostgreSQL refuses ``integer = character varying`` (SQLite compared them loosely)."""
        return super().action_delete([int(i) for i in ids if str(i).isdigit()])  # type: ignore[misc]  # Flask-Admin's @action leaves the base method untyped

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        abort(403)

    @property
    def can_create(self) -> bool:
        return self.may("create")

    @property
    def can_edit(self) -> bool:
        return self.may("edit")

    @property
    def can_delete(self) -> bool:
        return self.may("delete")


__all__ = ["RoleGuard", "current_department", "current_role"]
