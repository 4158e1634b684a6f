"""API tokens for embedding systems: scoped, revocable, rate-limited, stored hashed, audited.

A token is ``ow_`` and 43 random URL-safe characters (256 bits), shown once when it is issued. The database
keeps its SHA-256 digest (a random secret of that length needs no slow hash: nobody can guess it from the
digest) and a short prefix to recognise it in lists; issuing and revoking are audit entries, and every
accepted call records when the token was last used.

Routes declare what they need with :func:`require_scope`. A scope named in ``ONEWINDOW_API_PUBLIC``
(default ``decide catalog:read``: the stateless decision API and the published catalog) needs no token; a
token sent anyway must still be valid. Without a token a logged-in console user may call a route (the route
asks the role matrix); otherwise the answer is a Chinese JSON error: 401 (missing, unknown or revoked
token), 403 (the token lacks the scope) or 429 with ``Retry-After`` when the token spent its allowance —
``ONEWINDOW_API_RATE_LIMIT`` calls per ``ONEWINDOW_API_RATE_WINDOW`` seconds (defaults 600 per 60), counted
per token in the database so every server process shares one count.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, current_app, has_app_context, jsonify, request
from flask_login import current_user
from sqlalchemy import DateTime, Integer, String, case, select, update
from sqlalchemy.orm import Mapped, mapped_column

from ..settings import SettingsError, is_development
from ..store import audit
from ..store.db import db
from ..store.records import centre_time, utcnow
from .roles import TOKEN_ROLE

SCOPES: dict[str, str] = {
    "decide": "受理决定（POST /api/v1/decisions）",
    "catalog:read": "读取已发布事项（GET /api/v1/items）",
    "cases:read": "查看办件（GET /api/v1/cases/<编号>）",
    "cases:write": "登记办件、追加办件事件（POST /api/v1/cases、/api/v1/cases/<编号>/events）",
}
"""Every scope a token may carry, with what it opens (shown in the console and the CLI)."""
DEFAULT_PUBLIC = "decide catalog:read"
DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW = 600, 60
PREFIX = "ow_"
SHOWN_CHARACTERS = 10
"""Characters of a token kept in clear (``ow_`` + 7) to tell tokens apart in lists and the audit log."""
NAME_MAX = 40


class ApiToken(db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by: Mapped[str | None] = mapped_column(String(64))
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    window_start: Mapped[int] = mapped_column(Integer, default=0)
    window_count: Mapped[int] = mapped_column(Integer, default=0)

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


class TokenRefused(ValueError):
    """A token change that must not happen; ``field`` is the form field it is about (or None)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def _snapshot(token: ApiToken) -> dict[str, Any]:
    """What the audit keeps of a token (never the token or its digest)."""
    return {"name": token.name, "prefix": token.prefix, "scopes": sorted(token.scope_set),
            "revoked": token.revoked}


def issue(name: str, scopes: list[str] | tuple[str, ...], *, by: str) -> tuple[ApiToken, str]:
    """A new token (added to the session, audited; the caller commits) and its secret, to be shown once."""
    name = name.strip()
    if not name:
        raise TokenRefused("请填写调用系统名称", "name")
    if len(name) > NAME_MAX:
        raise TokenRefused(f"调用系统名称最多 {NAME_MAX} 个字符（现为 {len(name)} 个）", "name")
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise TokenRefused(f"未知权限「{unknown[0]}」，可选：{'、'.join(SCOPES)}", "scopes")
    if not scopes:
        raise TokenRefused("至少选择一项权限", "scopes")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name, prefix=secret[:SHOWN_CHARACTERS], digest=digest_of(secret),
                     scopes=" ".join(s for s in SCOPES if s in scopes), created_at=utcnow(), created_by=by,
                     window_start=0, window_count=0)
    db.session.add(token)
    audit.record("token_create", user=by, section="api_tokens", key=token.prefix, after=_snapshot(token),
                 note=f"签发 API 令牌：{name}（{token.scopes}）")
    return token, secret


def find(prefix: str) -> ApiToken:
    """The token whose shown prefix is ``prefix`` (as lists print it)."""
    found = list(db.session.scalars(select(ApiToken).where(ApiToken.prefix == prefix.strip())))
    if not found:
        raise TokenRefused(f"没有令牌「{prefix}」（请用令牌列表中的前缀，如 ow_AbC1234）", "prefix")
    if len(found) > 1:  # 7 random characters: practically never; then revoke by the console's row instead
        raise TokenRefused(f"前缀「{prefix}」对应多个令牌，请在后台「API 令牌」页撤销", "prefix")
    return found[0]


def revoke(token: ApiToken, *, by: str) -> None:
    """Revoke for good (added to the session, audited; the caller commits); the row stays for the audit."""
    if token.revoked:
        raise TokenRefused(f"令牌 {token.prefix} 已于 {centre_time(token.revoked_at)} 撤销", "prefix")
    before = _snapshot(token)
    token.revoked_at, token.revoked_by = utcnow(), by
    audit.record("token_revoke", user=by, section="api_tokens", key=token.prefix, before=before, after=_snapshot(token),
                 note=f"撤销 API 令牌：{token.name}")


# -- checking a call ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TokenPrincipal:
    """Who calls with an accepted token, as Flask-Login's ``current_user`` for that one request.

    Its role is :data:`~onewindow.admin.auth.roles.TOKEN_ROLE` (the most any token may do); the route's
    scope has already been checked against the token's own scopes.
    """

    token_id: int
    name: str
    prefix: str
    scopes: frozenset[str]
    role: str = TOKEN_ROLE
    department: str | None = None
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False
    legacy: bool = False
    """A token of the deprecated plain-text setting: it acts under its configured name alone."""

    @property
    def username(self) -> str:
        return self.name if self.legacy else f"{self.name}（令牌 {self.prefix}）"

    def get_id(self) -> str:
        return f"token:{self.token_id}"  # never a user id: the session loader refuses it


def public_scopes(config: Mapping[str, Any] | None = None) -> frozenset[str]:
    """Scopes anybody may use without a token (``ONEWINDOW_API_PUBLIC`` of ``config`` or of the current app;
    the default outside an app)."""
    if config is None and has_app_context():
        config = current_app.config
    raw = None if config is None else config.get("ONEWINDOW_API_PUBLIC")
    return frozenset((DEFAULT_PUBLIC if raw is None else str(raw)).replace(",", " ").split())


RATE_SETTINGS = {"ONEWINDOW_API_RATE_LIMIT": DEFAULT_RATE_LIMIT, "ONEWINDOW_API_RATE_WINDOW": DEFAULT_RATE_WINDOW}


def check_settings(app: Flask) -> None:
    """Refuse at start-up a rate setting that is not a positive whole number (never a 500 on the first call);
    warn when the deprecated plain-text ``ONEWINDOW_CASE_API_TOKENS`` is still set."""
    config = app.config
    if config.get("ONEWINDOW_CASE_API_TOKENS") and not is_development(config):
        app.logger.warning("设置 ONEWINDOW_CASE_API_TOKENS（明文令牌）已过时：不能撤销、不限流、不记最近使用。"
                           "请用 onewindow db token create 签发令牌后删除该设置（见 docs/console.md「API 令牌」）")
    for name in RATE_SETTINGS:
        raw = config.get(name)
        if raw not in (None, "") and not (str(raw).isascii() and str(raw).isdigit() and int(raw) > 0):
            raise SettingsError(f"设置 {name} 应为正整数，现为「{raw}」")


def _int_setting(name: str) -> int:
    raw = current_app.config.get(name)
    return RATE_SETTINGS[name] if raw in (None, "") else int(raw)


def _refuse(status: int, code: str, message: str, **headers: str) -> Any:
    answer = jsonify({"errors": [{"path": "$.headers.Authorization", "code": code, "message": message}]})
    answer.status_code = status
    if status == 401:
        answer.headers["WWW-Authenticate"] = 'Bearer realm="onewindow"'
    answer.headers.update(headers)
    return answer


def _legacy(secret: str) -> str | None:
    """The configured name of a token of the deprecated ``ONEWINDOW_CASE_API_TOKENS`` setting, or None."""
    tokens = current_app.config.get("ONEWINDOW_CASE_API_TOKENS") or {}
    return next((str(name) for known, name in tokens.items()
                 if hmac.compare_digest(secret.encode(), str(known).encode())), None)


def _act_as(principal: TokenPrincipal) -> None:
    """The token's principal is ``current_user`` for this request only (no session)."""
    current_app.login_manager._update_request_context_with_user(principal)  # type: ignore[attr-defined]  # this request only, no session


def admit(scope: str) -> Any:
    """None when the current request may use a route needing ``scope``; else the refusal to send."""
    header = request.headers.get("Authorization")
    if header is None:
        if scope in public_scopes() or current_user.is_authenticated:
            return None
        return _refuse(401, "token-required", f"需要 API 令牌（权限 {scope}：{SCOPES[scope]}）。"
                                              "请以 Authorization: Bearer <令牌> 调用，令牌由审改办在后台「API 令牌」页签发")
    kind, _, secret = header.partition(" ")
    secret = secret.strip()
    if kind.lower() != "bearer" or not secret:
        return _refuse(401, "invalid-authorization", "Authorization 请求头应为「Bearer <令牌>」")
    legacy = _legacy(secret) if scope.startswith("cases:") else None
    if legacy is not None:
        _act_as(TokenPrincipal(0, legacy, "", frozenset(k for k in SCOPES if k.startswith("cases:")), legacy=True))
        return None
    now = utcnow()
    with db.engine.begin() as connection:  # its own transaction: the view's rollback never undoes the count
        row = connection.execute(select(ApiToken.id, ApiToken.name, ApiToken.prefix, ApiToken.scopes, ApiToken.revoked_at)
                                 .where(ApiToken.digest == digest_of(secret))).first()
        if row is None:
            return _refuse(401, "invalid-token", "令牌无效（不存在或输入有误）")
        if row.revoked_at is not None:
            return _refuse(401, "token-revoked", f"令牌 {row.prefix} 已于 {centre_time(row.revoked_at)} 撤销")
        scopes = frozenset(row.scopes.split())
        if scope not in scopes:
            granted = "、".join(sorted(scopes)) or "无"
            return _refuse(403, "insufficient-scope", f"令牌 {row.prefix} 没有权限 {scope}（{SCOPES[scope]}），现有：{granted}")
        limit, window = _int_setting("ONEWINDOW_API_RATE_LIMIT"), _int_setting("ONEWINDOW_API_RATE_WINDOW")
        epoch = now.replace(tzinfo=timezone.utc).timestamp()
        current = int(epoch // window)
        spent = connection.execute(update(ApiToken).where(ApiToken.id == row.id).values(
            window_count=case((ApiToken.window_start == current, ApiToken.window_count + 1), else_=1),
            window_start=current, last_used_at=now).returning(ApiToken.window_count)).scalar_one()
    if spent > limit:
        retry = max(1, int((current + 1) * window - epoch + 0.999))
        return _refuse(429, "rate-limited", f"令牌 {row.prefix} 调用过于频繁：每 {window} 秒最多 {limit} 次，请 {retry} 秒后重试",
                       **{"Retry-After": str(retry)})
    _act_as(TokenPrincipal(row.id, row.name, row.prefix, scopes))
    return None


View = TypeVar("View", bound=Callable[..., Any])


def require_scope(scope: str) -> Callable[[View], View]:
    """Route decorator: the route needs ``scope`` (see the module text for who passes)."""
    if scope not in SCOPES:
        raise ValueError(f"unknown API scope {scope!r}")

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            refusal = admit(scope)
            return refusal if refusal is not None else view(*args, **kwargs)

        return cast(View, guarded)  # functools.wraps keeps the view's name and signature

    return decorate


__all__ = ["ApiToken", "SCOPES", "TokenPrincipal", "TokenRefused", "admit", "check_settings", "digest_of", "find", "issue",
           "public_scopes", "require_scope", "revoke"]
