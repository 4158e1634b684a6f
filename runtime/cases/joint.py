"""Joint cases (联办件): one case for the applicant, one sub-case per department and stage with its own clock.

行政许可法 第二十六条 lets one department take in and coordinate, 第四十二条第二款 caps the whole at 45 working
days (extendable by 15 with the government head's approval, see the lifecycle's ``extensions``). The parent
keeps the applicant's clock; each sub-case is the part of one item in one stage: its promised days run to
the stage's due date (serial stages one after another, parallel items side by side), its statutory days
never beyond the parent's. The parent is decided once every sub-case is, with one result.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..decision.decision import Decision
from .lifecycle import Lifecycle
from .model import CaseBasis, CaseStep


@dataclass(frozen=True)
class StageCase:
    stage: str
    order: int
    basis: CaseBasis


def capped(basis: CaseBasis, lifecycle: Lifecycle) -> CaseBasis:
    """A joint case's statutory days within the 45-day cap (第四十二条第二款)."""
    cap = lifecycle.joint.statutory_days
    if basis.regime != "joint" or basis.statutory_days is None or basis.statutory_days <= cap:
        return basis
    return basis.model_copy(update={"statutory_days": cap})


def stage_cases(parent: CaseBasis, decision: Decision, *, item_names: Mapping[str, str],
                item_departments: Mapping[str, str]) -> tuple[StageCase, ...]:
    """One sub-case basis per item of every stop of the joint route, in route order."""
    route = decision.route
    if route is None or decision.pipeline is None:
        return ()
    out: list[StageCase] = []
    cumulative = 0
    for stop in sorted(route.stops, key=lambda s: s.order):
        cumulative += stop.days or 0  # a bundle's stops are its stages, whose days are always stated
        for code in stop.items:
            step = CaseStep(order=1, name=stop.name, days=cumulative, department=item_departments.get(code))
            out.append(StageCase(stop.name, stop.order, parent.model_copy(update={
                "item": code, "item_name": item_names.get(code, code), "regime": "time_limited",
                "case_class": "joint", "department": item_departments.get(code), "window": None,
                "promised_days": cumulative, "steps": (step,), "tolerance": (),
                "fees": tuple(f for f in parent.fees if f.fee in {line.fee for line in decision.fees.lines
                                                                   if line.item == code}),
            })))
    return tuple(out)


__all__ = ["StageCase", "capped", "stage_cases"]
