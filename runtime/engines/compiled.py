"""The pure-Python engine: each phase ruleset is compiled to one generated Python function.

Facts arrive as the decision holds them; the function reads only the paths its rules test and turns a
date into its ``YYYYMMDD`` integer as it reads it. It is the oracle the durable engine must match, and the engine wherever durable-rules cannot be installed
(Python ≥ 3.13, GCC 14). Generated code reads each fact once and compares type-strictly
(``type(v) is int and v > 5``), so ``"1" == 1`` or ``True == 1`` can never hold. Literals come from
validated models (bool/int/str only) and are embedded with ``repr``; fact paths are dictionary keys, never
identifiers, so nothing from config becomes code.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from datetime import date
from typing import cast

from ..conditions.syntax import AllOf, AnyOf, Comparison, Condition, NotOf, leaves
from .base import FactValue, PhaseRuleset, converted_paths, date_number

_MISSING = object()
_DATES = (date, datetime.datetime)
_OPS = {"eq": "==", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def _leaf_source(leaf: Comparison, var: str) -> str:
    op, value = leaf.operator, leaf.value
    if op == "exists":
        return f"({var} is not _M)" if value else f"({var} is _M)"
    if op in ("in", "not_in"):
        groups: dict[str, list[object]] = {}
        for literal in value:
            groups.setdefault(type(literal).__name__, []).append(literal)
        parts = [f"(type({var}) is {kind} and {var} in {tuple(sorted(set(vals), key=repr))!r})" for kind, vals in groups.items()]
        inner = "(" + " or ".join(parts) + ")" if parts else "False"
        return inner if op == "in" else f"(not {inner})"
    if op == "ne":
        return f"(not (type({var}) is {type(value).__name__} and {var} == {value!r}))"
    return f"(type({var}) is {type(value).__name__} and {var} {_OPS[op]} {value!r})"


def _source(condition: Condition, names: Mapping[str, str]) -> str:
    if isinstance(condition, AllOf):
        return "(" + " and ".join(_source(c, names) for c in condition.all) + ")"
    if isinstance(condition, AnyOf):
        return "(" + " or ".join(_source(c, names) for c in condition.any) + ")"
    if isinstance(condition, NotOf):
        return f"(not {_source(condition.not_, names)})"
    return _leaf_source(condition, names[condition.fact])


def compile_ruleset(ruleset: PhaseRuleset) -> Callable[[Mapping[str, FactValue]], frozenset[int]]:
    """One function per ruleset: read every fact once, test every rule, return the matched indexes."""
    paths = sorted({leaf.fact for rule in ruleset.rules if rule.condition is not None for leaf in leaves(rule.condition)})
    names = {path: f"v{i}" for i, path in enumerate(paths)}
    lines = ["def run(facts):", "    g = facts.get", "    hits = []"]
    converted = converted_paths(ruleset)
    for path in paths:  # only the facts this ruleset reads, each converted once (dates → YYYYMMDD)
        lines.append(f"    {names[path]} = g({path!r}, _M)")
        if path in converted:
            lines.append(f"    if {names[path]}.__class__ in _DATES: {names[path]} = _day({names[path]})")
    for rule in ruleset.rules:
        if rule.condition is None:
            lines.append(f"    hits.append({rule.index})")
        else:
            lines.append(f"    if {_source(rule.condition, names)}: hits.append({rule.index})")
    lines.append("    return frozenset(hits)")
    namespace: dict[str, object] = {"_M": _MISSING, "date": date, "datetime": datetime, "_DATES": _DATES, "_day": date_number}
    exec(compile("\n".join(lines), f"<onewindow ruleset {ruleset.name}>", "exec"), namespace)  # noqa: S102
    return cast(Callable[[Mapping[str, FactValue]], frozenset[int]], namespace["run"])  # defined by the source above


class CompiledEngine:
    name = "compiled"

    def __init__(self) -> None:
        self._functions: dict[str, Callable[[Mapping[str, FactValue]], frozenset[int]]] = {}

    def prepare(self, rulesets: tuple[PhaseRuleset, ...]) -> None:
        for ruleset in rulesets:
            self._functions[ruleset.name] = compile_ruleset(ruleset)

    def run(self, ruleset: PhaseRuleset, facts: Mapping[str, FactValue]) -> frozenset[int]:
        return self._functions[ruleset.name](facts)


__all__ = ["CompiledEngine", "compile_ruleset"]
