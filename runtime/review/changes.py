"""A reviewed change and its burden class (增加群众负担 / 减轻群众负担 / 中性).

Reviewers of a catalog pull request ask one question first: does this make citizens bring more, pay
more, wait longer or come more often? Every change therefore carries a ``burden`` class, so CI can
refuse a burden increase that nobody signed off (``onewindow diff --fail-on burden``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Burden = Literal["increase", "reduction", "neutral"]

BURDEN_NAMES: dict[str, str] = {"increase": "增加群众负担", "reduction": "减轻群众负担", "neutral": "中性"}
BURDEN_ORDER: tuple[Burden, ...] = ("increase", "reduction", "neutral")

SUBJECT_NAMES: dict[str, str] = {
    "item": "事项", "legal_document": "法律文件", "pipeline": "联合审批", "window": "窗口", "rule": "规则",
    "department": "部门", "situation": "情形", "calendar": "工作日历",
}


@dataclass(frozen=True)
class Change:
    """One semantic change between two catalogs.

    Attributes:
        subject: what kind of entity changed (``item``, ``pipeline``, ``window``, ``rule`` …).
        key: its code or id.
        kind: stable slug of the change (``material-added``, ``fee-amount`` …), for tools.
        burden: the burden class.
        message: the change in Chinese, for people.
        old: the value before, when there is one (rendered as text).
        new: the value after, when there is one.
    """

    subject: str
    key: str
    kind: str
    burden: Burden
    message: str
    old: str | None = None
    new: str | None = None
    title: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def by_rank(ranks: dict[str, int], old: str, new: str) -> Burden:
    """Burden class of moving from ``old`` to ``new`` on a scale where a higher rank asks more of citizens."""
    return compare(ranks.get(old, 0), ranks.get(new, 0))


def compare(old: float, new: float) -> Burden:
    """Higher is heavier: more days, more yuan, more copies, more trips."""
    if new > old:
        return "increase"
    if new < old:
        return "reduction"
    return "neutral"


def counts(changes: list[Change]) -> dict[str, int]:
    return {burden: sum(1 for c in changes if c.burden == burden) for burden in BURDEN_ORDER}


__all__ = ["BURDEN_NAMES", "BURDEN_ORDER", "Burden", "Change", "SUBJECT_NAMES", "by_rank", "compare", "counts"]
