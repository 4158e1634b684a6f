"""API tokens for embedding systems, managed by the reform office: issue (shown once), list, revoke.

Every change goes through :mod:`onewindow.admin.auth.tokens` (the same rules and audit as the CLI); the
database keeps only a digest, so a token lost is revoked and issued anew, never shown again.
"""
from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask_admin import BaseView, expose
from flask_login import current_user

from ..auth import tokens
from ..store.db import db
from ..store.records import centre_time
from .access import RoleGuard


class ApiTokenView(RoleGuard, BaseView):
    permission_view = "api_tokens"

    def __init__(self) -> None:
        super().__init__(name="API 令牌", endpoint="api_tokens", category="系统")

    @expose("/", methods=("GET", "POST"))
    def index(self) -> Any:
        issued = None
        name, scopes = "", ["cases:read", "cases:write"]
        problem: tuple[str | None, str] | None = None
        if request.method == "POST":
            if not self.may("create"):
                return self.inaccessible_callback("index")
            name, scopes = request.form.get("name", ""), request.form.getlist("scopes")
            try:
                token, issued = tokens.issue(name, scopes, by=str(current_user.username))
                db.session.commit()
            except tokens.TokenRefused as refused:
                db.session.rollback()
                problem = (refused.field, str(refused))
            else:
                name, scopes = "", ["cases:read", "cases:write"]
                flash(f"已为「{token.name}」签发令牌 {token.prefix}…。令牌只在本页显示这一次，请立即复制交给对接系统。", "success")
        rows = list(db.session.scalars(db.select(tokens.ApiToken).order_by(tokens.ApiToken.revoked_at.is_not(None),
                                                                            tokens.ApiToken.id.desc())))
        return self.render("admin/api_tokens.html", rows=rows, issued=issued, form={"name": name, "scopes": scopes}, problem=problem,
                           scopes=tokens.SCOPES, public=tokens.public_scopes(), local_time=centre_time,
                           can_create=self.may("create"), can_revoke=self.may("delete"))

    @expose("/revoke/<int:token_id>", methods=("POST",))
    def revoke(self, token_id: int) -> Any:
        if not self.may("delete"):
            return self.inaccessible_callback("revoke")
        token = db.session.get(tokens.ApiToken, token_id)
        if token is None:
            flash("没有这个令牌", "error")
            return redirect(url_for(".index"))
        try:
            tokens.revoke(token, by=str(current_user.username))
            db.session.commit()
        except tokens.TokenRefused as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            flash(f"已撤销令牌 {token.prefix}（{token.name}），此后用它调用一律拒绝。", "success")
        return redirect(url_for(".index"))


__all__ = ["ApiTokenView"]
