"""What every engine is given and what it returns: compiled phase rulesets in, matched rule indexes out.

Engines decide nothing: they report which rules matched a flat mapping of typed facts
(``{"facts.investment_amount": 600, "applicant.kind": "legal_person", ...}``); the decision is
assembled in Python. durable-rules types never leave ``engines/durable.py``.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from ..conditions.syntax import Condition

FactValue = bool | int | str
"""Engine-level fact values: dates are already turned into ``YYYYMMDD`` integers."""


@dataclass(frozen=True)
class EngineRule:
    """One rule as engines see it: a stable index, its id, and its effective condition (None = always)."""

    index: int
    rule_id: str
    priority: int
    condition: Condition | None


@dataclass(frozen=True)
class PhaseRuleset:
    """The rules of one phase (derive, materials, decide), possibly one partition of it."""

    name: str
    rules: tuple[EngineRule, ...]
    fact_paths: tuple[str, ...]


@dataclass(frozen=True)
class RuleLimits:
    """Sizes an engine can register without hanging or failing; owned by the engine that has them."""

    condition_depth: int
    condition_siblings: int
    rules_per_ruleset: int


class Engine(Protocol):
    name: str

    def prepare(self, rulesets: tuple[PhaseRuleset, ...]) -> None:
        """Register the rulesets once (compile them into the engine)."""

    def run(self, ruleset: PhaseRuleset, facts: Mapping[str, FactValue]) -> frozenset[int]:
        """Indexes of the rules of ``ruleset`` whose condition holds over ``facts``."""


__all__ = ["Engine", "EngineRule", "FactValue", "PhaseRuleset", "RuleLimits"]
