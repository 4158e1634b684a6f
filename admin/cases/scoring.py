"""绩效考核: each window and each staff member scored per month, with the centre's weights and bands
(``centre.cases.scoring``, with its basis) — nothing of the formula is a constant here.

Per window (the case's window) and per staff member (who created the case at the window; for a complaint,
the person it names, else the handler of its case), over the month:

* 经办件 ``handled``: top-level cases received in the month;
* 按时办结率: of the cases decided in the month, those decided early or on the promised date;
* 好差评: evaluations given in the month on their cases, by level; their mean points (``grade_points``);
* 属实投诉 ``upheld``: complaints received in the month and answered as upheld.

Score (out of 100) = 按时办结率 × ``on_time_weight`` + 评价平均得分 × ``evaluation_weight``
+ max(0, ``complaint_weight`` − ``complaint_deduction`` × 属实投诉); a part with nothing to measure scores its
full weight. The band is the first of ``bands`` whose ``min_score`` the score reaches.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func

from onewindow.runtime.catalog import Scoring

from ..auth import User
from ..store.db import db
from .figures import StaffCounts, StaffKey
from .ledger import Ledger
from .tables import Case, Complaint, Evaluation

HUNDRED = Decimal(100)


@dataclass
class Score:
    key: str
    name: str
    handled: int = 0
    completed: int = 0
    on_time: int = 0
    evaluations: dict[int, int] = field(default_factory=dict)
    upheld: int = 0
    on_time_rate: Decimal | None = None
    evaluation_points: Decimal | None = None
    total: Decimal = Decimal("0.0")
    band: str = ""


@dataclass
class Scores:
    scoring: Scoring
    windows: list[Score]
    staff: list[Score]


def score(entry: Score, scoring: Scoring) -> Score:
    """Fill the rates, the total and the band of ``entry`` by ``scoring``."""
    if entry.completed:
        entry.on_time_rate = (Decimal(entry.on_time) * HUNDRED / entry.completed).quantize(Decimal("0.01"))
    count = sum(entry.evaluations.values())
    if count:
        points = sum(scoring.grade_points.for_grade(grade) * n for grade, n in entry.evaluations.items())
        entry.evaluation_points = (Decimal(points) / count).quantize(Decimal("0.01"))
    on_time = (entry.on_time_rate if entry.on_time_rate is not None else HUNDRED) * scoring.on_time_weight / HUNDRED
    evaluated = (entry.evaluation_points if entry.evaluation_points is not None else HUNDRED) * scoring.evaluation_weight / HUNDRED
    complaints = Decimal(max(0, scoring.complaint_weight - scoring.complaint_deduction * entry.upheld))
    entry.total = (on_time + evaluated + complaints).quantize(Decimal("0.1"))
    entry.band = next(b.name for b in scoring.bands if entry.total >= b.min_score)
    return entry


def scores(ledger: Ledger, first: date, last: date, names: dict[str, dict[str, str]],
           counts: dict[StaffKey, StaffCounts]) -> Scores:
    """The month's scores of every window and staff member that handled, decided, was evaluated or complained of;
    ``counts`` are the month's cases per (window, clerk) (:func:`.figures.month_figures`, frozen once closed)."""
    scoring = ledger.runtime.catalog.centre.cases.scoring
    start = datetime.combine(first, time(0), ledger.zone)
    end = datetime.combine(last + timedelta(days=1), time(0), ledger.zone)
    windows: dict[str, Score] = {}
    staff: dict[str, Score] = {}
    people = dict(db.session.execute(db.select(User.username, User.display_name)).all())

    def at_window(window: str | None) -> Score:
        key = window or ""
        return windows.setdefault(key, Score(key, names["window"].get(key, key or "（未指定）")))

    def of_person(person: str) -> Score:
        return staff.setdefault(person, Score(person, people.get(person) or person))

    def entries(window: str | None, person: str | None) -> list[Score]:
        return [at_window(window)] + ([of_person(person)] if person else [])

    for (window, person), counted in counts.items():
        for entry in entries(window, person):
            entry.handled += counted.handled
            entry.completed += counted.completed
            entry.on_time += counted.on_time
    graded = db.select(Case.window, Case.created_by, Evaluation.grade, func.count()).join(
        Case, Case.id == Evaluation.case_id).where(Evaluation.created_at >= start, Evaluation.created_at < end
                                                   ).group_by(Case.window, Case.created_by, Evaluation.grade)
    for window, person, grade, count in db.session.execute(graded):
        for entry in entries(window, person):
            entry.evaluations[int(grade)] = entry.evaluations.get(int(grade), 0) + int(count)
    upheld = db.select(Complaint.window, func.coalesce(Complaint.person, Case.created_by)).outerjoin(
        Case, Case.id == Complaint.case_id).where(Complaint.received_at >= start, Complaint.received_at < end,
                                                  Complaint.upheld.is_(True))
    for window, person in db.session.execute(upheld):
        if window is not None:
            at_window(window).upheld += 1
        if person:
            of_person(person).upheld += 1

    def ranked(found: dict[str, Score]) -> list[Score]:
        return sorted((score(entry, scoring) for entry in found.values()), key=lambda s: (-s.total, s.key))

    return Scores(scoring, ranked(windows), ranked(staff))


def cell(value: Any) -> Any:
    """A figure as printed in the report: a dash where there is nothing to measure."""
    return "—" if value is None else value


SCORE_HEADERS = ("经办件", "办结件", "按时办结", "按时办结率（%）", "评价件", "评价平均得分", "属实投诉", "得分", "等次")


def score_row(entry: Score) -> list[Any]:
    return [entry.handled, entry.completed, entry.on_time, cell(entry.on_time_rate), sum(entry.evaluations.values()),
            cell(entry.evaluation_points), entry.upheld, entry.total, entry.band]


__all__ = ["SCORE_HEADERS", "Score", "Scores", "cell", "score", "score_row", "scores"]
