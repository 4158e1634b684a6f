"""好差评 and 投诉.

Evaluation (国办发〔2019〕51号《关于建立政务服务"好差评"制度提高政务服务水平的意见》): five levels, one per
case, only once the case is decided (or not accepted), a reason required for 不满意 and 非常不满意; a bad grade
is rectified within the centre's ``rectify_days`` working days and the applicant called back.
Complaints are linked to a case, a window or a person and answered within ``complaint_days`` working days.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..store.db import db
from .ledger import Ledger, now
from .tables import Case, Complaint, Evaluation

GRADES = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
BAD_GRADES = frozenset({1, 2})
EVALUABLE_STATES = frozenset({"decided", "delivered", "not_accepted"})


class EvaluationError(Exception):
    def __init__(self, status: int, path: str, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.path, self.code = status, path, code


def _settings(ledger: Ledger) -> Any:
    return ledger.runtime.catalog.centre.cases


def evaluate(ledger: Ledger, case: Case, *, grade: Any, reason: Any, channel: str) -> Evaluation:
    try:
        level = int(grade)
    except (TypeError, ValueError):
        level = 0
    if level not in GRADES:
        raise EvaluationError(422, "$.grade", "bad-grade", "评价等级应为 1–5（5 非常满意 … 1 非常不满意）")
    text = str(reason or "").strip()
    if level in BAD_GRADES and not text:
        raise EvaluationError(422, "$.reason", "reason-required", f"评价为「{GRADES[level]}」时须填写理由")
    if case.state not in EVALUABLE_STATES:
        raise EvaluationError(409, "$", "not-finished", "办件办结（或不予受理）后才能评价")
    if db.session.scalar(db.select(Evaluation.id).where(Evaluation.case_id == case.id)) is not None:
        raise EvaluationError(409, "$", "already-evaluated", "每件办件只能评价一次")
    moment = now()
    due = ledger.calendar.due_date(moment.date(), _settings(ledger).rectify_days) if level in BAD_GRADES else None
    row = Evaluation(case_id=case.id, grade=level, reason=text or None, channel=channel, created_at=moment, rectify_due=due)
    db.session.add(row)
    return row


def rectify(evaluation: Evaluation, text: str, *, at: datetime | None = None) -> None:
    if evaluation.grade not in BAD_GRADES:
        raise EvaluationError(409, "$", "not-bad", "只有差评需要整改")
    if not text.strip():
        raise EvaluationError(422, "$.rectification", "missing", "请填写整改情况")
    evaluation.rectified_at, evaluation.rectification = at or now(), text.strip()


def call_back(evaluation: Evaluation, result: str) -> None:
    if evaluation.rectified_at is None:
        raise EvaluationError(409, "$", "not-rectified", "整改后才能回访")
    if not result.strip():
        raise EvaluationError(422, "$.callback_result", "missing", "请填写回访结果")
    evaluation.callback_at, evaluation.callback_result = now(), result.strip()


def file_complaint(ledger: Ledger, *, complainant: str, content: str, case: Case | None = None,
                   window: str | None = None, person: str | None = None) -> Complaint:
    if not complainant.strip() or not content.strip():
        raise EvaluationError(422, "$.content", "missing", "请填写投诉人和投诉内容")
    if case is None and not window and not person:
        raise EvaluationError(422, "$", "no-target", "投诉须指向办件、窗口或工作人员之一")
    moment = now()
    row = Complaint(case_id=case.id if case else None, window=window or (case.window if case else None), person=person,
                    complainant=complainant.strip(), content=content.strip(), received_at=moment,
                    due=ledger.calendar.due_date(moment.date(), _settings(ledger).complaint_days))
    db.session.add(row)
    return row


UPHELD = {"yes": True, "no": False}
"""The answer's finding on a complaint (投诉是否属实), as the console form sends it."""


def answer_complaint(complaint: Complaint, answer: str, *, by: str, upheld: bool | None) -> None:
    """Answer a complaint with its finding: upheld complaints count against the window and person (绩效考核)."""
    if not answer.strip():
        raise EvaluationError(422, "$.answer", "missing", "请填写答复内容")
    if upheld is None:
        raise EvaluationError(422, "$.upheld", "missing", "请选择投诉是否属实")
    complaint.answered_at, complaint.answer, complaint.answered_by = now(), answer.strip(), by
    complaint.upheld = upheld


__all__ = ["BAD_GRADES", "EvaluationError", "GRADES", "UPHELD", "answer_complaint", "call_back", "evaluate", "file_complaint", "rectify"]
