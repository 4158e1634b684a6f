"""Compiling rules: type-check them against the fact vocabulary, order them into phases, hand engines
a uniform form.

Phases follow what a rule *does* (see ``ACTION_PHASE``): ``derive`` rules (derived facts, green channel)
read only the application; ``materials`` rules (require / waive a material) may read derived facts;
after them Python checks the materials, and ``decide`` rules (outcome, case class, regime, route, fees,
return, escalation) read everything. Scope and validity dates become ordinary condition leaves, so an
engine needs one mechanism only.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ..catalog import Catalog, LegalDocument, Origin
from ..conditions import FactType, check as check_condition
from ..conditions.syntax import AllOf, AnyOf, Comparison, Condition, NotOf, leaves
from ..engines.base import EngineRule, PhaseRuleset, date_number
from ..errors import Finding
from ..engines.durable import LIMITS
from ..facts import base_env, situation_env
from .models import Phase, Rule

PHASES: tuple[Phase, ...] = ("derive", "materials", "decide")
PARTITION_SIZE = LIMITS.rules_per_ruleset
"""Rules per engine ruleset: the durable engine's limit (smaller sets also register faster)."""


@dataclass(frozen=True)
class CompiledRule:
    index: int
    rule: Rule
    phase: Phase
    origin: Origin
    condition: Condition | None
    """Engine form: scope, validity and ``when`` combined, dates as YYYYMMDD integers."""


@dataclass(frozen=True)
class LayerInfo:
    """One layer as a decision's revision names it."""

    name: str
    revision: str
    rules: int


@dataclass(frozen=True)
class CompiledRules:
    revision: str
    rules: tuple[CompiledRule, ...]
    phases: Mapping[Phase, tuple[PhaseRuleset, ...]]
    env: Mapping[str, FactType]
    layers: tuple[LayerInfo, ...] = ()
    disabled: tuple[tuple[str, str, str], ...] = ()
    """(rule id, layer that disabled it, reason)."""
    inactive: tuple[tuple[str, str], ...] = ()
    """(rule id, policy) of library rules on a policy the centre does not practise."""
    laws: tuple[tuple[LegalDocument, Origin], ...] = ()
    """The shipped legal documents (with where each is declared) that rules rest on because the catalog has
    no document of its own for that law: a decision cites them from ``catalog.with_documents(laws)``."""

    def with_layers(self, layers: tuple[LayerInfo, ...], disabled: tuple[tuple[str, str, str], ...],
                    inactive: tuple[tuple[str, str], ...], laws: tuple[tuple[LegalDocument, Origin], ...] = ()) -> "CompiledRules":
        return replace(self, layers=layers, disabled=disabled, inactive=inactive, laws=laws)

    def rulesets(self) -> tuple[PhaseRuleset, ...]:
        return tuple(r for phase in PHASES for r in self.phases[phase])




def engine_value(value: Any) -> Any:
    if isinstance(value, date):
        return date_number(value)
    if isinstance(value, (list, tuple)):
        return [engine_value(v) for v in value]
    return value


def _engine_condition(condition: Condition) -> Condition:
    if isinstance(condition, AllOf):
        return AllOf(all=tuple(_engine_condition(c) for c in condition.all))
    if isinstance(condition, AnyOf):
        return AnyOf(any=tuple(_engine_condition(c) for c in condition.any))
    if isinstance(condition, NotOf):
        return NotOf.model_validate({"not": _engine_condition(condition.not_)})
    return Comparison.model_validate({"fact": condition.fact, condition.operator: engine_value(condition.value)})


def _leaf(fact: str, op: str, value: Any) -> Comparison:
    return Comparison.model_validate({"fact": fact, op: value})


def effective_condition(rule: Rule) -> Condition | None:
    """``when`` plus the rule's scope and validity, as one condition in engine form."""
    parts: list[Condition] = []
    scope = rule.scope
    if scope.items:
        parts.append(_leaf("item.code", "in", list(scope.items)))
    if scope.departments:
        parts.append(_leaf("item.department", "in", list(scope.departments)))
    if scope.pipelines:
        parts.append(_leaf("pipeline.code", "in", list(scope.pipelines)))
    if rule.valid_from:
        parts.append(_leaf("calendar.date", "gte", date_number(rule.valid_from)))
    if rule.valid_until:
        parts.append(_leaf("calendar.date", "lte", date_number(rule.valid_until)))
    if rule.when is not None:
        parts.append(_engine_condition(rule.when))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AllOf(all=tuple(parts))


def derived_env(rules: list[tuple[Rule, Origin]]) -> tuple[dict[str, FactType], list[Finding]]:
    """Types of ``derived.*`` facts, from the values rules assign; conflicting types are problems."""
    env: dict[str, FactType] = {}
    problems: list[Finding] = []
    names = {bool: "bool", int: "int", str: "str", date: "date"}
    for rule, origin in rules:
        for i, action in enumerate(rule.then.derive):
            kind = names[type(action.value)]
            path = f"derived.{action.fact}"
            if path in env and env[path].kind != kind:
                problems.append(Finding(origin, ("then", "derive", i, "value"), "derived-type",
                                        f"推导事实 {path} 在别处是 {env[path].kind}，这里是 {kind}"))
                continue
            env[path] = FactType(kind, None, action.fact)
    return env, problems


PHASE_FORBIDS: dict[Phase, tuple[str, ...]] = {
    "derive": ("derived.", "materials.", "green_channel."),
    "materials": ("materials.",),
    "decide": (),
}


def compile_rules(catalog: Catalog, rules: list[tuple[Rule, Origin]], file_digests: list[tuple[str, str]]) -> tuple[CompiledRules, list[Finding]]:
    """Type-check and phase the rules. Returns the compiled rules and the findings, each on its rule's origin."""
    problems: list[Finding] = []
    env: dict[str, FactType] = {**base_env(catalog), **situation_env(catalog, tuple(catalog.situations))}
    derived, derived_problems = derived_env(rules)
    env.update(derived)
    problems += derived_problems
    compiled: list[CompiledRule] = []
    for index, (rule, origin) in enumerate(sorted(rules, key=lambda r: r[0].id)):
        phase = rule.then.phase()
        if rule.when is not None:
            problems += [finding.about(origin) for finding in check_condition(rule.when, env, ("when",))]
            for leaf in leaves(rule.when):
                if leaf.fact.startswith(PHASE_FORBIDS[phase]):
                    problems.append(Finding(origin, ("when",), "phase-order",
                                            f"{phase} 阶段的规则不能读取 {leaf.fact}（该事实在本阶段之后才产生）"))
                    break
        compiled.append(CompiledRule(index, rule, phase, origin, effective_condition(rule)))
    phases: dict[Phase, tuple[PhaseRuleset, ...]] = {}
    paths = tuple(sorted(env))
    for phase in PHASES:
        members = [c for c in compiled if c.phase == phase]
        members.sort(key=lambda c: (-c.rule.priority, c.rule.id))
        chunks = [members[i:i + PARTITION_SIZE] for i in range(0, len(members), PARTITION_SIZE)] or [[]]
        phases[phase] = tuple(
            PhaseRuleset(f"{phase}_{n}", tuple(EngineRule(c.index, c.rule.id, c.rule.priority, c.condition) for c in chunk), paths)
            for n, chunk in enumerate(chunks))
    digest = hashlib.sha256("".join(f"{name}\0{d}\n" for name, d in file_digests).encode()).hexdigest()[:16]
    return CompiledRules(digest, tuple(compiled), phases, env), problems


__all__ = ["CompiledRule", "CompiledRules", "LayerInfo", "PHASES", "compile_rules", "date_number", "effective_condition", "engine_value"]
