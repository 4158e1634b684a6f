"""The monthly report (月报): accepted, completed, 办结率, early / on time / overdue, carried over, average actual
vs promised working days, online share, fees, by department / window / item (the figures and what they count:
:mod:`.figures`, frozen for closed months), evaluations and complaints, and the scoring of windows and staff
(绩效考核, :mod:`.scoring`) — rendered as HTML (with an SVG chart), XLSX (with a bar chart) or PDF.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from flask import render_template
from sqlalchemy import and_, func

from ..store.db import db
from .feedback import GRADES
from .figures import Figures, month_figures, month_range, percent
from .ledger import Ledger
from .scoring import SCORE_HEADERS, Scores, cell, score_row, scores
from .tables import Case, Complaint, Evaluation

REPORT_FORMATS = {"html": "text/html; charset=utf-8", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  "pdf": "application/pdf"}
HEADERS = ("受理件", "办结件", "办结率", "提前办结", "按时办结", "超期办结", "结转", "不予受理", "平均实际办理（工作日）",
           "平均承诺（工作日）", "网办占比", "收费（元）")


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
    scores: Scores | None = None

    @property
    def satisfaction(self) -> Decimal | None:
        good = sum(n for grade, n in self.evaluations.items() if grade >= 3)
        return percent(good, sum(self.evaluations.values()))


def monthly_report(month: str, ledger: Ledger, *, live: bool = False) -> MonthlyReport:
    """The report of ``month`` (YYYY-MM); a closed month's case figures come frozen (``live`` recomputes them)."""
    first, last = month_range(month)
    zone = ledger.zone
    catalog = ledger.runtime.catalog
    names: dict[str, dict[str, str]] = {"department": {d.id: d.name for d in catalog.departments.values()},
                                        "window": {w.id: w.name for w in catalog.windows.values()},
                                        "item": {i.code: i.name for i in catalog.items()}}
    rolled: dict[str, dict[str, Figures]] = {"department": {}, "window": {}, "item": {}}
    total = Figures()
    found = month_figures(month, ledger.now().date(), live=live)
    for keys, figures in found.figures.items():
        total.add(figures)
        for group, key in zip(("department", "window", "item"), keys):
            rolled[group].setdefault(key or "", Figures()).add(figures)
    groups = {group: sorted(((key, names[group].get(key, key or "（未指定）"), figures) for key, figures in found.items()),
                            key=lambda r: (-r[2].accepted, r[0])) for group, found in rolled.items()}
    start = datetime.combine(first, time(0), zone)
    end = datetime.combine(last + timedelta(days=1), time(0), zone)
    evaluations = dict(db.session.execute(db.select(Evaluation.grade, func.count()).where(
        Evaluation.created_at >= start, Evaluation.created_at < end).group_by(Evaluation.grade)).all())
    in_month = and_(Complaint.received_at >= start, Complaint.received_at < end)
    received = db.session.scalar(db.select(func.count()).select_from(Complaint).where(in_month)) or 0
    answered = db.session.scalar(db.select(func.count()).select_from(Complaint).where(
        in_month, Complaint.answered_at.isnot(None))) or 0
    return MonthlyReport(month, first, last, catalog.centre.name, total, groups, evaluations, (received, answered),
                         scores(ledger, first, last, names, found.staff))


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


def render_report(report: MonthlyReport, fmt: str) -> tuple[bytes, str]:
    if fmt == "xlsx":
        return _xlsx(report), REPORT_FORMATS["xlsx"]
    html = render_template("admin/cases/report_print.html", report=report, headers=HEADERS, cell=cell, grades=GRADES,
                           chart=_chart(report), score_headers=SCORE_HEADERS, score_row=score_row)
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
    if report.scores is not None:
        ws = book.create_sheet("绩效考核")
        ws.append([f"考核依据：{report.scores.scoring.basis or '本中心绩效考核办法'}"])
        for title, entries in (("按窗口", report.scores.windows), ("按工作人员", report.scores.staff)):
            ws.append([])
            ws.append([title])
            ws.append(["标识", "名称", *SCORE_HEADERS])
            for entry in entries:
                ws.append([entry.key, entry.name, *[_number(v) for v in score_row(entry)]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


__all__ = ["Figures", "HEADERS", "ItemTime", "MonthlyReport", "processing_times", "REPORT_FORMATS", "month_range", "monthly_report",
           "render_report"]
