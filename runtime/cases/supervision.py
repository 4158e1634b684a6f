"""E-supervision (电子监察): yellow and red cards per case and per step, computed when read.

Thresholds are the centre's (:class:`CasePolicy`): yellow when at most ``yellow_days`` working days remain
before the promised date (``step_yellow_days`` for a step); red when the promised date has passed, when a
step runs late (open past its due date, or completed after it), when a decision is not delivered in time
(第四十四条), when a deferred material (容缺) is overdue, when a commitment is not verified in time, or when
a fee without a basis in the catalog is charged (第五十八条). A paused case keeps its colour frozen, yellow
only when the pause runs past the time the written notice announced.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..calendar import WorkingCalendar
from .model import CasePolicy
from .replay import CaseStatus, yellow_from

COLOUR_NAMES = {"green": "正常", "yellow": "黄牌预警", "red": "红牌", "none": "不计时"}
_RANK = {"none": 0, "green": 1, "yellow": 2, "red": 3}


@dataclass(frozen=True)
class Card:
    """One reason for a colour: ``scope`` is ``case`` or ``step:N`` (so alerts can be raised and cleared by key)."""

    colour: str
    scope: str
    code: str
    message: str


@dataclass(frozen=True)
class Supervision:
    colour: str
    cards: tuple[Card, ...]
    step_colours: dict[int, str]

    @property
    def colour_name(self) -> str:
        return COLOUR_NAMES[self.colour]


def _clock_card(calendar: WorkingCalendar, today: date, due: date, days: int, scope: str, label: str) -> Card | None:
    if today > due:
        return Card("red", scope, "overdue", f"{label}已超过到期日 {due.isoformat()}")
    if today >= yellow_from(calendar, due, days):
        return Card("yellow", scope, "due-soon", f"{label}将于 {due.isoformat()} 到期（预警阈值 {days} 个工作日）")
    return None


def supervise(status: CaseStatus, today: date, *, calendar: WorkingCalendar, policy: CasePolicy) -> Supervision:
    """The colours of a replayed case on ``today``."""
    cards: list[Card] = []
    running = not status.closed and status.decided_on is None and status.starts_on is not None
    step_colours: dict[int, str] = {}
    if running and not status.paused and status.promised_due:
        card = _clock_card(calendar, today, status.promised_due, policy.yellow_days, "case", "承诺办结期限")
        cards += [card] if card else []
    if status.decided_on and status.promised_due and status.decided_on > status.promised_due:
        cards.append(Card("red", "case", "decided-late", f"{status.decided_on.isoformat()} 办结，超过承诺日期 "
                          f"{status.promised_due.isoformat()}"))
    for step in status.steps:
        scope, label = f"step:{step.order}", f"环节「{step.name}」"
        if step.due is None:
            continue
        if step.completed_on is not None:
            card = (Card("red", scope, "step-late", f"{label}于 {step.completed_on.isoformat()} 完成，晚于到期日 "
                         f"{step.due.isoformat()}") if step.completed_on > step.due else None)
        elif running and not status.paused:
            card = _clock_card(calendar, today, step.due, policy.step_yellow_days, scope, label)
            if card is not None and card.colour == "yellow" and step.started_on is None:
                card = None  # a step not yet begun warns only once it is late
        else:
            card = None
        step_colours[step.order] = card.colour if card else ("green" if running or step.completed_on else "none")
        cards += [card] if card else []
    for span in status.pauses:
        if span.ended_on is None and today > span.expected_end:
            cards.append(Card("yellow", "case", "pause-overrun", f"暂停计时（{span.name}）已超过书面告知的 "
                              f"{span.notice_days} 个工作日（{span.expected_end.isoformat()}）"))
    if status.delivery_due and status.delivered_on is None and today > status.delivery_due:
        cards.append(Card("red", "case", "delivery-overdue", f"已作出决定，未在 {status.delivery_due.isoformat()} 前送达"))
    for material in status.tolerance:
        if material.supplied_on is None and today > material.due and status.state not in ("withdrawn",):
            cards.append(Card("red", "case", "tolerance-overdue", f"容缺材料「{material.name}」应于 "
                              f"{material.due.isoformat()} 前补齐，尚未补齐"))
    if status.verification_due and status.verified_on is None and today > status.verification_due:
        cards.append(Card("red", "case", "verification-overdue", f"告知承诺应于 {status.verification_due.isoformat()} "
                          "前核查，尚未核查"))
    for fee in status.fees:
        if not fee.authorised:
            cards.append(Card("red", "case", "unauthorised-fee", f"无依据收费：{fee.problem}"))
    if cards:
        colour = max((c.colour for c in cards), key=_RANK.__getitem__)
    else:
        colour = "green" if (running or status.decided_on) else "none"
    return Supervision(colour, tuple(cards), step_colours)


__all__ = ["COLOUR_NAMES", "Card", "Supervision", "supervise"]
