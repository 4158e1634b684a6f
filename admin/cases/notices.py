"""Notices the law requires in writing (行政许可法 第三十二条: 加盖专用印章并注明日期), from templates, with the
case number and query code: 受理通知书, 不予受理决定书, 补正材料通知书 (the one-time notice), 容缺受理告知书, 材料接收凭证.
Each notice's title and basis come from the lifecycle's ``notices`` (data): an article of law, or the document and
article of the system the centre declares (``centre.yaml`` ``policies``, e.g. 容缺受理).

HTML print pages (A4, @page) and the same page as PDF through WeasyPrint (pango and a CJK font from Debian:
``.ci/system-deps``). The seal is a marked place on the paper, never an image the software applies.
"""
from __future__ import annotations

from typing import Any

from flask import render_template

from onewindow.runtime.cases import CaseStatus
from onewindow.runtime.decision import PROBLEM_NAMES

from .ledger import Ledger
from .tables import Case


def notice_context(ledger: Ledger, case: Case, status: CaseStatus, kind: str) -> dict[str, Any]:
    decision = case.decision or {}
    catalog = ledger.runtime.catalog
    written = ledger.lifecycle.notices[kind]  # every kind is there: the lifecycle is refused at load without it
    materials = (case.application or {}).get("materials") or {}
    item = catalog.item(case.item) if case.item else None
    return {
        "kind": kind, "lifecycle": ledger.lifecycle, "title": written.title, "basis": written.cited(catalog), "case": case, "status": status, "centre": catalog.centre,
        "decision": decision, "printed_on": ledger.now().date(), "problems": PROBLEM_NAMES,
        "received": [(catalog.material_name(item, mid) if item else mid, m) for mid, m in materials.items()],
        "notice": (decision.get("notice") or {}).get("entries") or [],
        "tolerance": status.tolerance,
    }


def notice_html(ledger: Ledger, case: Case, status: CaseStatus, kind: str) -> str:
    return render_template("admin/cases/notice.html", **notice_context(ledger, case, status, kind))


def notice_pdf(ledger: Ledger, case: Case, status: CaseStatus, kind: str) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=notice_html(ledger, case, status, kind)).write_pdf()
    return pdf


__all__ = ["notice_context", "notice_html", "notice_pdf"]
