"""The pure-Python engine: conditions compiled to closures. It is the oracle the durable engine must match,
and the engine wherever durable-rules cannot be installed (Python ≥ 3.13, GCC 14)."""
from __future__ import annotations

from collections.abc import Mapping

from ..conditions.evaluate import Predicate, compile_condition
from .base import FactValue, PhaseRuleset


class CompiledEngine:
    name = "compiled"

    def __init__(self) -> None:
        self._predicates: dict[str, tuple[tuple[int, Predicate | None], ...]] = {}

    def prepare(self, rulesets: tuple[PhaseRuleset, ...]) -> None:
        for ruleset in rulesets:
            self._predicates[ruleset.name] = tuple(
                (rule.index, compile_condition(rule.condition) if rule.condition is not None else None)
                for rule in ruleset.rules)

    def run(self, ruleset: PhaseRuleset, facts: Mapping[str, FactValue]) -> frozenset[int]:
        return frozenset(index for index, predicate in self._predicates[ruleset.name]
                         if predicate is None or predicate(facts))


__all__ = ["CompiledEngine"]
