"""The state of one decision as it moves through the phases, handed to each small step of the path."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..calendar import WorkingCalendar
from ..catalog import Catalog, Grants
from ..rules.compiler import CompiledRule
from ..rules.models import Actions
from .application import Application
from .clock import ClockStart
from .decision import TraceEntry
from .intake import Case
from .memo import DecisionMemo
from .subject import Subject

if TYPE_CHECKING:
    from .notice import MaterialCheck


@dataclass
class DecisionContext:
    """Everything one decision reads and has found so far. Filled in phase order by ``Decider``."""

    catalog: Catalog
    calendar: WorkingCalendar
    application: Application
    case: Case
    subject: Subject
    start: ClockStart
    facts: dict[str, Any]
    memo: DecisionMemo
    """What the catalog and rules give every decision alike (citations, trace parts, …)."""
    trace: list[TraceEntry] = field(default_factory=list)
    granted: bool = False
    grants: Grants | None = None
    required: dict[str, CompiledRule] = field(default_factory=dict)
    """Material id → the highest-priority rule that requires it."""
    waived: set[str] = field(default_factory=set)
    check: MaterialCheck | None = None
    decided: list[CompiledRule] = field(default_factory=list)
    """Decide-phase hits, highest priority first."""
    _then: tuple[list[CompiledRule], list[Actions]] | None = field(default=None, repr=False)

    @property
    def start_day(self) -> date:
        return self.start.at.date()

    @property
    def then(self) -> list[Actions]:
        """The actions of the decide-phase hits, highest priority first."""
        found = self._then
        if found is None or found[0] is not self.decided:
            found = self._then = (self.decided, [hit.rule.then for hit in self.decided])
        return found[1]

    @property
    def township(self) -> str | None:
        return self.application.applicant.township


__all__ = ["DecisionContext"]
