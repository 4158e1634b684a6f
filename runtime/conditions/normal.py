"""Negation normal form: push every ``not`` down to the leaves, preserving onewindow's missing-fact semantics.

Some engines (durable-rules) have no ``not`` operator, so conditions are rewritten with De Morgan's laws
and negated leaves. A missing fact makes ``eq``/``in``/ordered comparisons false and ``ne``/``not_in``
true, so ``not (x eq v)`` becomes ``x ne v`` (true when missing) and ``not (x gt v)`` becomes
``x missing or x lte v``. The compiled engine evaluates the original tree; the agreement tests prove
the two forms equal.
"""
from __future__ import annotations

from .syntax import AllOf, AnyOf, Comparison, Condition, NotOf

_FLIP_ORDER = {"gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt"}


def _leaf(fact: str, op: str, value: object) -> Comparison:
    return Comparison.model_validate({"fact": fact, op: value})


def _negate_leaf(leaf: Comparison) -> Condition:
    op, value, fact = leaf.operator, leaf.value, leaf.fact
    if op == "eq":
        return _leaf(fact, "ne", value)
    if op == "ne":
        return _leaf(fact, "eq", value)
    if op == "in":
        return _leaf(fact, "not_in", list(value))
    if op == "not_in":
        return _leaf(fact, "in", list(value))
    if op == "exists":
        return _leaf(fact, "exists", not value)
    return AnyOf(any=(_leaf(fact, "exists", False), _leaf(fact, _FLIP_ORDER[op], value)))


def to_nnf(condition: Condition, negate: bool = False) -> Condition:
    """An equivalent condition without ``not`` nodes."""
    if isinstance(condition, NotOf):
        return to_nnf(condition.not_, not negate)
    if isinstance(condition, AllOf):
        children = tuple(to_nnf(c, negate) for c in condition.all)
        return AnyOf(any=children) if negate else AllOf(all=children)
    if isinstance(condition, AnyOf):
        children = tuple(to_nnf(c, negate) for c in condition.any)
        return AllOf(all=children) if negate else AnyOf(any=children)
    return _negate_leaf(condition) if negate else condition


__all__ = ["to_nnf"]
