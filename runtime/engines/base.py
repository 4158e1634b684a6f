"""What every engine is given and what it returns: compiled phase rulesets in, matched rule indexes out.

Engines decide nothing: they report which rules matched a flat mapping of typed facts
(``{"facts.investment_amount": 600, "applicant.kind": "legal_person", ...}``); the decision is
assembled in Python. durable-rules types never leave ``engines/durable.py``.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from ..conditions.syntax import Condition, leaves

FactValue = bool | int | str | date
"""Fact values an engine is given; it turns a date into its ``YYYYMMDD`` integer (:func:`date_number`) when it
reads one — only the facts its rules test are read, each once."""


def date_number(day: date) -> int:
    """Dates reach rule conditions as ``YYYYMMDD`` integers: ordered, exact, and no engine needs a date type."""
    return day.year * 10000 + day.month * 100 + day.day



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


def converted_paths(ruleset: PhaseRuleset) -> frozenset[str]:
    """Fact paths whose date values an engine turns into ``YYYYMMDD`` as it reads them: every path the
    rules test that no rule compares with a date literal (compiled rules never do: their date literals
    are already ``YYYYMMDD``; a hand-built ruleset with date literals keeps comparing dates with dates)."""
    tested: set[str] = set()
    dated: set[str] = set()
    for rule in ruleset.rules:
        for leaf in leaves(rule.condition) if rule.condition is not None else ():
            tested.add(leaf.fact)
            literals = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
            if any(isinstance(literal, date) for literal in literals):
                dated.add(leaf.fact)
    return frozenset(tested - dated)


class Engine(Protocol):
    name: str

    def prepare(self, rulesets: tuple[PhaseRuleset, ...]) -> None:
        """Register the rulesets once (compile them into the engine)."""

    def run(self, ruleset: PhaseRuleset, facts: Mapping[str, FactValue]) -> frozenset[int]:
        """Indexes of the rules of ``ruleset`` whose condition holds over ``facts``."""


__all__ = ["Engine", "EngineRule", "FactValue", "PhaseRuleset", "RuleLimits"]
