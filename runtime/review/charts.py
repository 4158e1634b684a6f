"""Small SVG charts of the statistics, written directly (no plotting library: a bar is a rectangle).

SVG is text, so charts diff in review, scale in print, carry Chinese labels without font files, and
need no matplotlib in a runtime that must stay light.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape

from ..catalog import Catalog
from ..catalog.item import ITEM_TYPE_NAMES
from .stats import Stats

_BAR = 22
_GAP = 8
_LABEL = 190
_WIDTH = 640
_COLOURS = ("#1f5fa8", "#d9822b")
_FONT = 'font-family="Noto Sans CJK SC, Microsoft YaHei, sans-serif" font-size="13"'


def _frame(title: str, height: int) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" viewBox="0 0 {_WIDTH} {height}" '
            f'role="img" aria-label="{escape(title)}" {_FONT}>',
            f'<title>{escape(title)}</title>',
            f'<text x="0" y="20" font-size="15" font-weight="bold">{escape(title)}</text>']


def bar_chart(title: str, rows: Sequence[tuple[str, float]], unit: str = "") -> str:
    """Horizontal bars, one per ``(label, value)``, longest value scaled to the chart width."""
    top = 34
    height = top + len(rows) * (_BAR + _GAP) + 10
    span = max((v for _, v in rows), default=0) or 1
    plot = _WIDTH - _LABEL - 70
    parts = _frame(title, height)
    for i, (label, value) in enumerate(rows):
        y = top + i * (_BAR + _GAP)
        width = round(plot * value / span, 1)
        parts += [f'<text x="{_LABEL - 8}" y="{y + 16}" text-anchor="end">{escape(label)}</text>',
                  f'<rect x="{_LABEL}" y="{y}" width="{width}" height="{_BAR}" fill="{_COLOURS[0]}"/>',
                  f'<text x="{_LABEL + width + 6}" y="{y + 16}">{_number(value)}{escape(unit)}</text>']
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def paired_chart(title: str, rows: Sequence[tuple[str, float, float]], legend: tuple[str, str], unit: str = "") -> str:
    """Two bars per label (e.g. statutory vs promised days)."""
    top = 54
    step = 2 * _BAR + _GAP + 4
    height = top + len(rows) * step + 10
    span = max((max(a, b) for _, a, b in rows), default=0) or 1
    plot = _WIDTH - _LABEL - 70
    parts = _frame(title, height)
    for j, name in enumerate(legend):
        parts += [f'<rect x="{_LABEL + j * 140}" y="30" width="12" height="12" fill="{_COLOURS[j]}"/>',
                  f'<text x="{_LABEL + j * 140 + 18}" y="41">{escape(name)}</text>']
    for i, (label, *values) in enumerate(rows):
        y = top + i * step
        parts.append(f'<text x="{_LABEL - 8}" y="{y + _BAR + 2}" text-anchor="end">{escape(label)}</text>')
        for j, value in enumerate(values):
            width = round(plot * value / span, 1)
            yy = y + j * _BAR
            parts += [f'<rect x="{_LABEL}" y="{yy}" width="{width}" height="{_BAR - 2}" fill="{_COLOURS[j]}"/>',
                      f'<text x="{_LABEL + width + 6}" y="{yy + 15}">{_number(value)}{escape(unit)}</text>']
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def stats_charts(stats: Stats, catalog: Catalog) -> dict[str, str]:
    """File name → SVG text of every chart of the statistics."""
    def name(dept: str) -> str:
        department = catalog.departments.get(dept)
        return (department.short_name or department.name) if department else dept

    shares = [("零收费", stats.zero_fee_percent), ("可网上办理", stats.online_percent),
              ("最多跑一次", stats.one_trip_percent), ("零跑动", stats.zero_trip_percent)]
    return {
        "items-by-type.svg": bar_chart("事项类型分布", [(ITEM_TYPE_NAMES[t], n) for t, n in stats.by_type.items()], "项"),
        "items-by-department.svg": bar_chart("各部门事项数", [(name(d), n) for d, n in stats.by_department.items()], "项"),
        "time-limits.svg": paired_chart("平均办理时限（工作日）",
                                        [("全部事项", float(stats.avg_statutory_days), float(stats.avg_promised_days))],
                                        ("法定时限", "承诺时限"), "日"),
        "shares.svg": bar_chart("便民指标", [(label, float(Decimal(value))) for label, value in shares], "%"),
    }


__all__ = ["bar_chart", "paired_chart", "stats_charts"]
