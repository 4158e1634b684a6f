"""Login throttling and lockout, per account and per client address, read from the audit log.

Every failed login is an audit entry (``login_failed``, the name tried, the address in ``note``), so the
throttle needs no state of its own and survives restarts and several server processes: an account is
locked after ``LOGIN_MAX_FAILURES`` failures since its last successful login within
``LOGIN_WINDOW_SECONDS``, an address after ``LOGIN_ADDRESS_FACTOR`` times as many. Unknown names count like
known ones, so a lockout tells nothing about which accounts exist.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func

from onewindow.runtime.limits import LOGIN_ADDRESS_FACTOR, LOGIN_MAX_FAILURES, LOGIN_WINDOW_SECONDS

from ..store.audit import AuditEntry
from ..store.db import db
from ..store.records import utcnow

ADDRESS_PREFIX = "地址 "


def address_note(address: str | None) -> str:
    return f"{ADDRESS_PREFIX}{address or '未知'}"


def locked(username: str, address: str | None) -> bool:
    """True when ``username`` or ``address`` has failed too often within the window."""
    since = utcnow() - timedelta(seconds=LOGIN_WINDOW_SECONDS)
    last_login = db.session.scalar(db.select(func.max(AuditEntry.at)).where(
        AuditEntry.action == "login", AuditEntry.user == username, AuditEntry.at >= since))
    failures = db.select(func.count(AuditEntry.id)).where(AuditEntry.action == "login_failed", AuditEntry.at >= since)
    by_account = db.session.scalar(failures.where(AuditEntry.user == username, AuditEntry.at > (last_login or since)))
    if (by_account or 0) >= LOGIN_MAX_FAILURES:
        return True
    by_address = db.session.scalar(failures.where(AuditEntry.note == address_note(address)))
    return (by_address or 0) >= LOGIN_MAX_FAILURES * LOGIN_ADDRESS_FACTOR


__all__ = ["address_note", "locked"]
