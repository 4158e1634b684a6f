"""What an application is for: one item, or several items of a pipeline bundle (联办线).

The decision path asks the subject, never ``if pipeline``: its time limit, its lead department, its default
case class, and which of its items produce a paper another one needs (an item's steps become its route's
stops once per decider: ``DecisionMemo.stops``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..catalog import Item, Pipeline
from .clock import Limits


TimeLimitDays = Limits
"""The limits the clock counts (days, unit, pauses, extension) — one shape for an item and a bundle."""


@dataclass(frozen=True)
class Subject:
    """The item versions in force on ``day`` and, for a bundle, the pipeline they belong to (in stage order)."""

    items: tuple[Item, ...]
    pipeline: Pipeline | None
    day: date

    @property
    def lead(self) -> Item:
        return self.items[0]

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(item.code for item in self.items)

    def default_case_class(self) -> str:
        """A bundle is a joint case (联办件) by definition; an item says its own."""
        return "joint" if self.pipeline is not None else self.lead.default_case_class

    def lead_department(self) -> str:
        return self.pipeline.lead if self.pipeline is not None else self.lead.department

    def time_limit(self) -> TimeLimitDays:
        """Promised and statutory days in the limit's unit: the item's limit in force, or the bundle's (working
        days, 第四十二条第二款), capped by the stages actually applied for."""
        limit = self.lead.time_limit_on(self.day) or self.lead.time_limits[-1]
        if self.pipeline is None:
            return Limits(limit.promised_days, limit.statutory_days, limit.unit, tuple(limit.pauses), tuple(limit.other_pauses),
                          limit.extension_days, limit.statutory_unit)
        stage_days = sum(stage.days for stage in self.pipeline.stages if self.codes & set(stage.items))
        return Limits(min(self.pipeline.promised_days, stage_days), self.pipeline.statutory_days,
                      pauses=tuple(limit.pauses), extension_days=self.pipeline.extension_days)

    def stage_of(self, code: str) -> int | None:
        if self.pipeline is None:
            return None
        return next((n for n, stage in enumerate(self.pipeline.stages) if code in stage.items), None)

    def produced_before(self, source_item: str | None, needing_item: str) -> bool:
        """True when ``source_item`` is applied for in this bundle at an earlier stage than ``needing_item``:
        its result circulates internally (内部流转, 行政许可法第二十六条) and is never asked of the applicant."""
        if source_item is None or source_item not in self.codes:
            return False
        produced, needed = self.stage_of(source_item), self.stage_of(needing_item)
        return produced is not None and needed is not None and produced < needed


__all__ = ["Subject", "TimeLimitDays"]
