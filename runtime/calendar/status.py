"""Which years a centre runs on officially and which provisionally, and the warning the reform office needs
from 1 October: next year's State Council notice is not loaded yet (it is usually published in Oct–Nov).

Kept out of the cached lint on purpose: the answer depends on today, not only on the files.
"""
from __future__ import annotations

from datetime import date

from ..catalog import Catalog
from ..errors import Problem

WARN_FROM = (10, 1)
"""Month and day from which a missing next year is warned about (the notice usually appears in Oct–Nov)."""


def calendar_warnings(catalog: Catalog, today: date) -> list[Problem]:
    """A warning when ``today`` is on or after 1 October and next year has no official schedule."""
    following = today.year + 1
    if (today.month, today.day) < WARN_FROM or following in catalog.calendar:
        return []
    last = catalog.calendar[max(catalog.calendar)] if catalog.calendar else None
    origin = catalog.origins.get(id(last)) if last is not None else None
    file = origin.file if origin is not None else "config/calendar"
    return [Problem(file, 1, 1, "calendar", "calendar-next-year-provisional",
                    f"{following} 年放假安排尚未载入：在此之前跨入 {following} 年的到期日按法定节假日暂定推算（不含调休）。"
                    f"国务院办公厅通知公布后，请运行 onewindow calendar add {following} --from 通知.yaml（见 docs/calendar.md）",
                    "warning")]


__all__ = ["WARN_FROM", "calendar_warnings"]
