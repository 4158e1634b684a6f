"""Catalog statistics the centre reports upward: counts, time-limit compression, fees, online, one trip.

Figures are over the item versions in force on one day, with each item's time limit of that day.
Compression is of the averages, as county reports state it: (avg statutory − avg promised) / avg statutory.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..catalog import Catalog, Item
from ..catalog.item import ITEM_TYPE_NAMES

ONLINE_DEPTHS = frozenset({"online_application", "fully_online"})


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _share(part: int, whole: int) -> Decimal:
    return _round(Decimal(part) * 100 / whole) if whole else Decimal("0.00")


def online_available(item: Item) -> bool:
    """Can be applied for online: an online channel, or at least online application depth."""
    return "online" in item.channels or item.online_depth in ONLINE_DEPTHS


def zero_fee(item: Item, day: date) -> bool:
    return all((f.kind == "fixed" and not f.amount) for f in item.fees_on(day))


@dataclass(frozen=True)
class Stats:
    """The figures; shares and averages exact to 0.01 (half-up), as printed in reports."""

    on: date
    items: int
    by_type: dict[str, int]
    by_department: dict[str, int]
    avg_statutory_days: Decimal
    avg_promised_days: Decimal
    compression_percent: Decimal
    zero_fee_percent: Decimal
    online_percent: Decimal
    one_trip_percent: Decimal
    zero_trip_percent: Decimal

    def as_dict(self) -> dict[str, Any]:
        return {key: (str(value) if isinstance(value, (Decimal, date)) else value) for key, value in vars(self).items()}


def compute_stats(catalog: Catalog, on: date) -> Stats:
    items = [i for code in catalog.item_versions if (i := catalog.item(code, on)) is not None]
    limits = [t for i in items if (t := i.time_limit_on(on)) is not None]
    statutory = Decimal(sum(t.statutory_days for t in limits)) / len(limits) if limits else Decimal(0)
    promised = Decimal(sum(t.promised_days for t in limits)) / len(limits) if limits else Decimal(0)
    avg_statutory, avg_promised = _round(statutory), _round(promised)
    compression = _round((statutory - promised) * 100 / statutory) if statutory else Decimal("0.00")
    types = Counter(i.item_type for i in items)
    departments = Counter(i.department for i in items)
    return Stats(
        on=on, items=len(items),
        by_type={t: types[t] for t in ITEM_TYPE_NAMES if types[t]},  # type: ignore[index]  # ITEM_TYPE_NAMES is keyed by the ItemType literal
        by_department=dict(sorted(departments.items(), key=lambda kv: (-kv[1], kv[0]))),
        avg_statutory_days=avg_statutory, avg_promised_days=avg_promised, compression_percent=compression,
        zero_fee_percent=_share(sum(zero_fee(i, on) for i in items), len(items)),
        online_percent=_share(sum(online_available(i) for i in items), len(items)),
        one_trip_percent=_share(sum(i.max_visits is not None and i.max_visits <= 1 for i in items), len(items)),
        zero_trip_percent=_share(sum(i.max_visits == 0 for i in items), len(items)),
    )


def render_stats_text(stats: Stats, catalog: Catalog) -> str:
    lines = [f"{stats.on} 在有效事项 {stats.items} 个", "按事项类型："]
    lines += [f"  {ITEM_TYPE_NAMES[t]:<8} {n}" for t, n in stats.by_type.items()]
    lines.append(f"按实施部门（{len(stats.by_department)} 个部门）：")
    for dept, n in stats.by_department.items():
        department = catalog.departments.get(dept)
        lines.append(f"  {department.name if department else dept}  {n}")
    lines += [
        f"平均法定时限 {stats.avg_statutory_days} 个工作日 → 平均承诺时限 {stats.avg_promised_days} 个工作日，"
        f"压缩 {stats.compression_percent}%",
        f"零收费事项 {stats.zero_fee_percent}%　可网上办理 {stats.online_percent}%　"
        f"最多跑一次 {stats.one_trip_percent}%（零跑动 {stats.zero_trip_percent}%）",
    ]
    return "\n".join(lines)


__all__ = ["Stats", "compute_stats", "online_available", "render_stats_text", "zero_fee"]
