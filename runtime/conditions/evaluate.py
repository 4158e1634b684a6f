"""Evaluating a condition over typed facts in plain Python (materials, fees, exemptions, the compiled engine).

Facts are a flat mapping ``path → value``; a missing fact makes every comparison false except
``exists: false`` and ``ne`` (which holds: an unanswered question is not equal to any answer).
"""
from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from .syntax import AllOf, AnyOf, Comparison, Condition, NotOf

Predicate = Callable[[Mapping[str, Any]], bool]

_MISSING = object()


def _typed_equal(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def compile_condition(condition: Condition) -> Predicate:
    """Turn a condition into a closure; compiled once, called per application."""
    if isinstance(condition, AllOf):
        parts = [compile_condition(c) for c in condition.all]
        return lambda facts: all(p(facts) for p in parts)
    if isinstance(condition, AnyOf):
        parts = [compile_condition(c) for c in condition.any]
        return lambda facts: any(p(facts) for p in parts)
    if isinstance(condition, NotOf):
        inner = compile_condition(condition.not_)
        return lambda facts: not inner(facts)
    return _compile_leaf(condition)


def _compile_leaf(leaf: Comparison) -> Predicate:
    path, op, value = leaf.fact, leaf.operator, leaf.value
    if op == "exists":
        return lambda facts: (facts.get(path, _MISSING) is not _MISSING) is value
    if op == "eq":
        return lambda facts: _typed_equal(facts.get(path, _MISSING), value)
    if op == "ne":
        return lambda facts: not _typed_equal(facts.get(path, _MISSING), value)
    if op == "in":
        return lambda facts: any(_typed_equal(facts.get(path, _MISSING), v) for v in value)
    if op == "not_in":
        return lambda facts: not any(_typed_equal(facts.get(path, _MISSING), v) for v in value)
    compare: Callable[[Any, Any], bool] = {"gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}[op]

    def ordered(facts: Mapping[str, Any]) -> bool:
        actual = facts.get(path, _MISSING)
        return type(actual) is type(value) and compare(actual, value)

    return ordered


def evaluate(condition: Condition, facts: Mapping[str, Any]) -> bool:
    """Evaluate, compiling each (immutable) condition once: the predicate is kept on the condition object
    itself, so it lives exactly as long as the catalog or rule that holds the condition."""
    # the private slot read directly: ``condition._predicate`` goes through pydantic's ``__getattr__``, which
    # raises and catches an AttributeError on every read (~4 µs, forty times the predicate itself)
    private = condition.__pydantic_private__
    predicate = private.get("_predicate") if private is not None else None
    if predicate is None:
        predicate = compile_condition(condition)
        condition._predicate = predicate
    result: bool = predicate(facts)
    return result


__all__ = ["Predicate", "compile_condition", "evaluate"]
