"""Compile-time checks a reviewer cannot do by eye: references, contradictions, unreachable rules, size limits.

- A *contradiction*: two rules of the same phase and priority set different values for the same
  single-valued decision (outcome, case class, regime, route target) while their conditions can both
  hold. Which one wins would depend on file order, so it is refused.
- An *unreachable* rule: its own condition can never hold (``x eq a`` and ``x eq b``; ``n gt 5`` and
  ``n lt 3``), or a higher-priority rule with no condition in the same scope already sets everything it sets.
- Engine *size limits* (durable-rules: ~64 nested conditions, < 512 siblings, 4096 rules per ruleset) are
  checked here with a clear message instead of an engine hang.
"""
from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from typing import Any

from ..catalog import Catalog
from ..catalog.legal import STATUS_NAMES
from ..errors import Finding
from ..conditions.syntax import AllOf, Comparison, Condition, NotOf, depth
from ..engines.durable import LIMITS
from .compiler import CompiledRule

MAX_DEPTH = LIMITS.condition_depth
MAX_SIBLINGS = LIMITS.condition_siblings
SINGLE_VALUED = ("outcome", "case_class", "regime")



def _conjuncts(condition: Condition | None) -> list[Comparison]:
    """Leaves that must all hold (top-level ``all`` chain); anything else is treated as unknown."""
    if condition is None:
        return []
    if isinstance(condition, Comparison):
        return [condition]
    if isinstance(condition, AllOf):
        return [leaf for child in condition.all for leaf in _conjuncts(child)]
    return []


def _leaf_sets(leaf: Comparison) -> tuple[set[Any] | None, tuple[Any, Any] | None, bool | None]:
    """(allowed values or None, (low, high) bounds or None, must_exist) of one leaf."""
    op, value = leaf.operator, leaf.value
    if op == "eq":
        return {value}, None, True
    if op == "in":
        return set(value), None, True
    if op == "exists":
        return None, None, value
    if op in ("gt", "gte"):
        return None, (value if op == "gte" else value + 1 if isinstance(value, int) else value, None), True
    if op in ("lt", "lte"):
        return None, (None, value if op == "lte" else value - 1 if isinstance(value, int) else value), True
    return None, None, None


def disjoint(a: Condition | None, b: Condition | None) -> bool:
    """True when the two conditions provably cannot hold together (a sound, incomplete test)."""
    leaves = _conjuncts(a) + _conjuncts(b)
    return _unsatisfiable(leaves)


def _unsatisfiable(leaves: list[Comparison]) -> bool:
    by_fact: dict[str, list[Comparison]] = {}
    for leaf in leaves:
        by_fact.setdefault(leaf.fact, []).append(leaf)
    for group in by_fact.values():
        allowed: set[Any] | None = None
        excluded: set[Any] = set()
        low, high = None, None
        exists: set[bool] = set()
        for leaf in group:
            values, bounds, must = _leaf_sets(leaf)
            if values is not None:
                allowed = values if allowed is None else allowed & values
            if leaf.operator == "ne":
                excluded.add(leaf.value)
            if leaf.operator == "not_in":
                excluded |= set(leaf.value)
            if bounds is not None:
                if bounds[0] is not None:
                    low = bounds[0] if low is None else max(low, bounds[0])
                if bounds[1] is not None:
                    high = bounds[1] if high is None else min(high, bounds[1])
            if must is not None:
                exists.add(must)
        if len(exists) > 1:
            return True
        if allowed is not None:
            allowed = {v for v in allowed if v not in excluded and (low is None or v >= low) and (high is None or v <= high)}
            if not allowed:
                return True
        if low is not None and high is not None and low > high:
            return True
    return False


def _siblings(condition: Condition | None) -> int:
    if condition is None or isinstance(condition, Comparison):
        return 0
    if isinstance(condition, NotOf):
        return _siblings(condition.not_)
    children = condition.all if isinstance(condition, AllOf) else condition.any
    return max(len(children), *(_siblings(c) for c in children))


def _targets(rule: CompiledRule) -> dict[str, Any]:
    then = rule.rule.then
    found = {name: getattr(then, name) for name in SINGLE_VALUED if getattr(then, name) is not None}
    if then.route is not None:
        for name in ("department", "window", "location"):
            if getattr(then.route, name) is not None:
                found[f"route.{name}"] = getattr(then.route, name)
    return found


def _scope_key(rule: CompiledRule) -> tuple[tuple[str, ...], ...]:
    scope = rule.rule.scope
    return (scope.items, scope.departments, scope.pipelines)


def check_rules(catalog: Catalog, rules: tuple[CompiledRule, ...]) -> Iterator[Finding]:
    yield from _references(catalog, rules)
    for rule in rules:
        if rule.condition is not None:
            if depth(rule.condition) > MAX_DEPTH:
                yield Finding(rule.origin, ("when",), "rule-too-deep", f"条件嵌套 {depth(rule.condition)} 层，超过引擎上限 {MAX_DEPTH}")
            if _siblings(rule.condition) >= MAX_SIBLINGS:
                yield Finding(rule.origin, ("when",), "rule-too-wide", f"同一层条件超过 {MAX_SIBLINGS} 个，引擎注册会挂起，请拆分规则")
            if _unsatisfiable(_conjuncts(rule.condition)):
                yield Finding(rule.origin, ("when",), "unreachable-rule", "条件自相矛盾，该规则永远不会触发")
    by_phase_priority: dict[tuple[str, int], list[CompiledRule]] = {}
    for rule in rules:
        by_phase_priority.setdefault((rule.phase, rule.rule.priority), []).append(rule)
    for group in by_phase_priority.values():
        for a, b in combinations(group, 2):
            ta, tb = _targets(a), _targets(b)
            clash = sorted(k for k in ta.keys() & tb.keys() if ta[k] != tb[k])
            if clash and not disjoint(a.condition, b.condition):
                yield Finding(b.origin, ("then", clash[0].split(".")[0]), "contradictory-rules", (
                    f"与规则 {a.rule.id} 优先级相同（{a.rule.priority}）、条件可能同时成立，却对 {clash[0]} 给出不同结果"
                    f"（{ta[clash[0]]} / {tb[clash[0]]}）；请调整优先级或条件"))
    yield from _shadowed(rules)


def _shadowed(rules: tuple[CompiledRule, ...]) -> Iterator[Finding]:
    unconditional = [r for r in rules if r.rule.when is None and not r.rule.valid_from and not r.rule.valid_until]
    for rule in rules:
        targets = _targets(rule)
        if not targets or not set(rule.rule.then.given()) <= {*SINGLE_VALUED, "note"}:
            continue  # a rule that also does something else is still reachable for that
        for other in unconditional:
            if (other is rule or other.phase != rule.phase or other.rule.priority <= rule.rule.priority
                    or _scope_key(other) not in (_scope_key(rule), ((), (), ()))):
                continue
            if targets.keys() <= _targets(other).keys():
                yield Finding(rule.origin, ("priority",), "unreachable-rule", (
                    f"优先级更高的无条件规则 {other.rule.id} 已决定 {', '.join(sorted(targets))}，本规则永远不会生效"))
                break


def _references(catalog: Catalog, rules: tuple[CompiledRule, ...]) -> Iterator[Finding]:
    known_materials = set(catalog.materials) | {m.id for item in catalog.items() for m in item.materials}
    for rule in rules:
        r, o = rule.rule, rule.origin
        for i, code in enumerate(r.scope.items):
            if code not in catalog.item_versions:
                yield Finding(o, ("scope", "items", i), "unknown-item", f"未知事项 {code}")
        for i, dept in enumerate(r.scope.departments):
            if dept not in catalog.departments:
                yield Finding(o, ("scope", "departments", i), "unknown-department", f"未知部门 {dept}")
        for i, code in enumerate(r.scope.pipelines):
            if code not in catalog.pipelines:
                yield Finding(o, ("scope", "pipelines", i), "unknown-pipeline", f"未知联办线 {code}")
        cited = catalog.legal_documents.get(r.basis.document or "")  # grounded by the loader: a document of this catalog
        if cited is None:
            yield Finding(o, ("basis", "document"), "unknown-document", f"未知法律文件 {r.basis.document}")
        elif cited.status in ("repealed", "expired"):
            yield Finding(o, ("basis", "document"), "repealed-basis", f"规则 {r.id} 的依据《{cited.title}》已{STATUS_NAMES[cited.status]}")
        for group in ("require_material", "waive_material"):
            for i, action in enumerate(getattr(r.then, group)):
                if action.material not in known_materials:
                    yield Finding(o, ("then", group, i, "material"), "unknown-material", f"未知材料 {action.material}")
        route = r.then.route
        if route is not None:
            if route.window and route.window not in catalog.windows:
                yield Finding(o, ("then", "route", "window"), "unknown-window", f"未知窗口 {route.window}")
            if route.department and route.department not in catalog.departments:
                yield Finding(o, ("then", "route", "department"), "unknown-department", f"未知部门 {route.department}")
        for group in ("add_fee", "waive_fee"):
            for i, action in enumerate(getattr(r.then, group)):
                items = [catalog.item(action.item)] if action.item else [i2 for i2 in catalog.items() if not r.scope.items or i2.code in r.scope.items]
                if not any(it is not None and any(f.id == action.fee for f in it.fees) for it in items):
                    yield Finding(o, ("then", group, i, "fee"), "unknown-fee", f"未知收费 {action.fee}")


__all__ = ["MAX_DEPTH", "MAX_SIBLINGS", "check_rules", "disjoint"]
