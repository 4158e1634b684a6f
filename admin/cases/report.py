"""The monthly report (月报): accepted, completed, 办结率, early / on time / overdue, carried over, average actual
vs promised working days, online share, fees, by department / window / item — one SQL pass of conditional
sums over the derived columns, then rendered as HTML (with an SVG chart), XLSX (with a bar chart) or PDF.

Definitions (what the figures count, for the report's readers):

* 受理件 ``accepted``: top-level cases accepted in the month (a joint case counts once, not per department);
* 办结件 ``completed``: decided in the month (准予 or 不予); 办结率 = 办结件 / 受理件;
* 提前 / 按时 / 超期: completed cases by their decision day against the promised date;
* 结转 ``carried_over``: accepted by the month's last day and not decided by then (not withdrawn);
* 不予受理: received in the month and not accepted;
* 平均实际办理 / 承诺: mean counted working days (pauses excluded) and mean promised days of completed cases;
* 网办占比: accepted cases whose channel is ``online``; 收费: fees recorded on cases completed in the month.
"""
from __future__ import annotations

import calendar as month_days
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from flask import render_template
from sqlalchemy import and_, case as when, func, or_

from ..store.db import db
from .feedback import GRADES
from .ledger import SHANGHAI, Ledger
from .tables import Case, Complaint, Evaluation

REPORT_FORMATS = {"html": "text/html; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "pdf": "application/pdf"}
MEASURES = ("accepted", "completed", "not_accepted", "early", "on_time", "overdue", "carried_over", "online",
            "used_days", "promised_days", "fees")
HEADERS = ("受理件", "办结件", "办结率", "提前办结", "按时办结", "超期办结", "结转", "不予受理", "平均实际办理（工作日）",
           "平均承诺（工作日）", "网办占比", "收费（元）")


@dataclass
class Figures:
    accepted: int = 0
    completed: int = 0
    not_accepted: int = 0
    early: int = 0
    on_time: int = 0
    overdue: int = 0
    carried_over: int = 0
    online: int = 0
    used_days: int = 0
    promised_days: int = 0
    fees: Decimal = Decimal("0.00")

    def add(self, other: "Figures") -> None:
        for name in MEASURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def completion_rate(self) -> Decimal | None:
        return _percent(self.completed, self.accepted)

    @property
    def online_share(self) -> Decimal | None:
        return _percent(self.online, self.accepted)

    @property
    def average_used(self) -> Decimal | None:
        return (Decimal(self.used_days) / self.completed).quantize(Decimal("0.1")) if self.completed else None

    @property
    def average_promised(self) -> Decimal | None:
        return (Decimal(self.promised_days) / self.completed).quantize(Decimal("0.1")) if self.completed else None

    def row(self) -> list[Any]:
        return [self.accepted, self.completed, self.completion_rate, self.early, self.on_time, self.overdue,
                self.carried_over, self.not_accepted, self.average_used, self.average_promised, self.online_share,
                self.fees]


def _percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.01")) if whole else None


@dataclass
class MonthlyReport:
    month: str
    first: date
    last: date
    centre: str
    total: Figures
    groups: dict[str, list[tuple[str, str, Figures]]]
    evaluations: dict[int, int] = field(default_factory=dict)
    complaints: tuple[int, int] = (0, 0)

    @property
    def satisfaction(self) -> Decimal | None:
        good = sum(n for grade, n in self.evaluations.items() if grade >= 3)
        return _percent(good, sum(self.evaluations.values()))


def month_range(month: str) -> tuple[date, date]:
    match = re.fullmatch(r"(\d{4})-(\d{2})", month or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"月份应写成 YYYY-MM（如 2026-03），而不是 {month!r}")
    year, number = int(match.group(1)), int(match.group(2))
    return date(year, number, 1), date(year, number, month_days.monthrange(year, number)[1])


def _figures(first: date, last: date) -> list[tuple[tuple[Any, Any, Any], Figures]]:
    """The month's flows in one pass over the cases accepted, decided or received in it (index ranges), and the
    cases carried over (accepted by the month's end, decided after it or still open) in a second, counting only;
    both grouped by (department, window, item) — the report's three views are roll-ups of this in Python."""
    accepted = Case.accepted_on.between(first, last)
    decided = Case.decided_on.between(first, last)
    received = Case.received_on.between(first, last)
    refused = and_(received, Case.state == "not_accepted")
    keys = (Case.department, Case.window, Case.item)

    def count(condition: Any) -> Any:
        return func.sum(when((condition, 1), else_=0))

    def total(condition: Any, column: Any) -> Any:
        return func.sum(when((condition, column), else_=0))

    flows = db.select(
        *keys, count(accepted), count(decided), count(refused),
        count(and_(decided, Case.timeliness == "early")), count(and_(decided, Case.timeliness == "on_time")),
        count(and_(decided, Case.timeliness == "overdue")), count(and_(accepted, Case.channel == "online")),
        total(decided, func.coalesce(Case.working_days_used, 0)), total(decided, func.coalesce(Case.promised_days, 0)),
        total(decided, Case.fees_total),
    ).where(Case.parent_id.is_(None), or_(accepted, decided, received)).group_by(*keys)
    found: dict[tuple[Any, Any, Any], Figures] = {}
    for row in db.session.execute(flows):
        (acc, done, ref, early, on_time, late, online, used, promised), fees = (int(v or 0) for v in row[3:12]), row[12]
        found[tuple(row[:3])] = Figures(acc, done, ref, early, on_time, late, 0, online, used, promised,
                                        Decimal(str(fees or 0)).quantize(Decimal("0.01")))
    still_open = and_(Case.decided_on.is_(None), Case.closed.is_(False))
    for condition in (Case.decided_on > last, still_open):
        carried = db.select(*keys, func.count()).where(Case.parent_id.is_(None), Case.accepted_on <= last, condition)
        for row in db.session.execute(carried.group_by(*keys)):
            found.setdefault(tuple(row[:3]), Figures()).carried_over += int(row[3])
    return list(found.items())


def monthly_report(month: str, ledger: Ledger) -> MonthlyReport:
    first, last = month_range(month)
    catalog = ledger.runtime.catalog
    names: dict[str, dict[str, str]] = {"department": {d.id: d.name for d in catalog.departments.values()},
                                        "window": {w.id: w.name for w in catalog.windows.values()},
                                        "item": {i.code: i.name for i in catalog.items()}}
    rolled: dict[str, dict[str, Figures]] = {"department": {}, "window": {}, "item": {}}
    total = Figures()
    for keys, figures in _figures(first, last):
        total.add(figures)
        for group, key in zip(("department", "window", "item"), keys):
            rolled[group].setdefault(key or "", Figures()).add(figures)
    groups = {group: sorted(((key, names[group].get(key, key or "（未指定）"), figures) for key, figures in found.items()),
                            key=lambda r: (-r[2].accepted, r[0])) for group, found in rolled.items()}
    start = datetime.combine(first, time(0), SHANGHAI)
    end = datetime.combine(last + timedelta(days=1), time(0), SHANGHAI)
    evaluations = dict(db.session.execute(db.select(Evaluation.grade, func.count()).where(
        Evaluation.created_at >= start, Evaluation.created_at < end).group_by(Evaluation.grade)).all())
    in_month = and_(Complaint.received_at >= start, Complaint.received_at < end)
    received = db.session.scalar(db.select(func.count()).select_from(Complaint).where(in_month)) or 0
    answered = db.session.scalar(db.select(func.count()).select_from(Complaint).where(
        in_month, Complaint.answered_at.isnot(None))) or 0
    return MonthlyReport(month, first, last, catalog.centre.name, total, groups, evaluations, (received, answered))


@dataclass(frozen=True)
class ItemTime:
    """公开：某事项过去一年实际办理用时（工作日，不含暂停），申请人据此预期。"""

    item: str
    name: str
    cases: int
    median: int
    p90: int
    promised: int | None


def processing_times(today: date, days: int = 365) -> list[ItemTime]:
    """Per item, over cases decided in the last ``days``: the median and the 90th percentile of working days used."""
    rows = db.session.execute(db.select(Case.item, Case.item_name, Case.working_days_used, Case.promised_days).where(
        Case.parent_id.is_(None), Case.decided_on >= today - timedelta(days=days), Case.decided_on <= today,
        Case.working_days_used.isnot(None)).order_by(Case.item, Case.working_days_used))
    found: dict[str, tuple[str, list[int], int | None]] = {}
    for item, name, used, promised in rows:
        found.setdefault(item or "", (name, [], promised))[1].append(int(used))
    out = []
    for item, (name, used, promised) in sorted(found.items()):
        out.append(ItemTime(item, name, len(used), used[(len(used) - 1) // 2], used[max(0, -(-len(used) * 9 // 10) - 1)],
                            promised))
    return out


def _cell(value: Any) -> Any:
    if value is None:
        return "—"
    return value


def render_report(report: MonthlyReport, fmt: str) -> tuple[bytes, str]:
    if fmt == "xlsx":
        return _xlsx(report), REPORT_FORMATS["xlsx"]
    html = render_template("admin/cases/report_print.html", report=report, headers=HEADERS, cell=_cell, grades=GRADES,
                           chart=_chart(report))
    if fmt == "pdf":
        from weasyprint import HTML

        return HTML(string=html).write_pdf(), REPORT_FORMATS["pdf"]
    return html.encode(), REPORT_FORMATS["html"]


def _chart(report: MonthlyReport) -> str:
    """An SVG bar chart of accepted vs completed per department (no JavaScript, prints and converts to PDF)."""
    rows = report.groups.get("department", [])[:12]
    top = max([1] + [max(f.accepted, f.completed) for _, _, f in rows])
    height = 26 * len(rows) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="640" height="{height}" role="img" aria-label="各部门受理与办结">']
    for i, (_, name, figures) in enumerate(rows):
        y = 20 + i * 26
        for j, (value, colour) in enumerate(((figures.accepted, "#4e79a7"), (figures.completed, "#59a14f"))):
            width = int(400 * value / top)
            parts.append(f'<rect x="200" y="{y + j * 10}" width="{width}" height="9" fill="{colour}"/>'
                         f'<text x="{205 + width}" y="{y + j * 10 + 8}" font-size="9">{value}</text>')
        parts.append(f'<text x="195" y="{y + 14}" font-size="10" text-anchor="end">{name[:14]}</text>')
    parts.append('<rect x="200" y="2" width="9" height="9" fill="#4e79a7"/><text x="212" y="10" font-size="9">受理</text>'
                 '<rect x="250" y="2" width="9" height="9" fill="#59a14f"/><text x="262" y="10" font-size="9">办结</text></svg>')
    return "".join(parts)


def _xlsx(report: MonthlyReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    sheet = book.active
    sheet.title = "汇总"
    sheet.append([f"{report.centre} {report.month} 政务服务月报"])
    sheet.append(["项目", *HEADERS])
    sheet.append(["合计", *[_number(v) for v in report.total.row()]])
    sheet.append([])
    sheet.append(["评价", *[GRADES[g] for g in sorted(GRADES, reverse=True)], "满意率（%）"])
    sheet.append(["件数", *[report.evaluations.get(g, 0) for g in sorted(GRADES, reverse=True)], _number(report.satisfaction)])
    sheet.append(["投诉（收到 / 已答复）", *report.complaints])
    titles = {"department": "按部门", "window": "按窗口", "item": "按事项"}
    for group, rows in report.groups.items():
        ws = book.create_sheet(titles[group])
        ws.append(["标识", "名称", *HEADERS])
        for key, name, figures in rows:
            ws.append([key, name, *[_number(v) for v in figures.row()]])
        if group == "department" and rows:
            chart = BarChart()
            chart.title, chart.y_axis.title = "各部门受理与办结", "件"
            chart.add_data(Reference(ws, min_col=3, max_col=4, min_row=1, max_row=len(rows) + 1), titles_from_data=True)
            chart.set_categories(Reference(ws, min_col=2, min_row=2, max_row=len(rows) + 1))
            ws.add_chart(chart, f"B{len(rows) + 4}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


__all__ = ["Figures", "HEADERS", "ItemTime", "MonthlyReport", "processing_times", "REPORT_FORMATS", "month_range", "monthly_report", "render_report"]
