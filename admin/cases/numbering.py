"""Case numbers (办件编号) and query codes (查询码).

A number is the centre's six-digit region code, the day of receipt and a six-digit sequence of that day:
``610999`` ``20260302`` ``000017``. The sequence is one upsert that returns the new value
(``INSERT … ON CONFLICT DO UPDATE SET last = last + 1 RETURNING last``) — atomic on PostgreSQL (the row
stays locked to the end of the creating transaction) and on SQLite (one writer at a time), so two
concurrent creations never get one number, and a rolled-back creation gives its number back.
"""
from __future__ import annotations

import secrets
from datetime import date

from sqlalchemy.dialects import postgresql, sqlite

from ..store.db import db
from .tables import CaseSequence

QUERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""No 0/O, 1/I/L: a code read out over the phone or copied from paper is not mistyped."""
QUERY_LENGTH = 8
SEQUENCE_DIGITS = 6
"""Up to 999,999 cases per region and day; one more is refused (never wrapped)."""


class NumberingError(Exception):
    """The centre cannot number cases (no region code, or the day's sequence is exhausted)."""


def next_number(region: str | None, day: date) -> str:
    if not region:
        raise NumberingError("中心信息缺少行政区划代码（centre.yaml 的 region_code），无法生成办件编号")
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    upsert = insert(CaseSequence).values(region=region, day=day, last=1).on_conflict_do_update(
        index_elements=["region", "day"], set_={"last": CaseSequence.last + 1})
    sequence: int = db.session.execute(upsert.returning(CaseSequence.last)).scalar_one()
    if sequence >= 10 ** SEQUENCE_DIGITS:
        raise NumberingError(f"{day.isoformat()} 的办件编号已用尽（每日最多 {10 ** SEQUENCE_DIGITS - 1} 件）")
    return f"{region}{day:%Y%m%d}{sequence:0{SEQUENCE_DIGITS}d}"


def query_code() -> str:
    return "".join(secrets.choice(QUERY_ALPHABET) for _ in range(QUERY_LENGTH))


__all__ = ["NumberingError", "QUERY_ALPHABET", "next_number", "query_code"]
