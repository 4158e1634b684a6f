"""Type-checking conditions against the facts they read, before anything runs.

durable-rules compares loosely (``"1" == 100`` is true inside it), so onewindow never lets an ill-typed
comparison reach an engine: every fact path has a :class:`FactType`, and each leaf's literal must match it.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from ..errors import Finding
from .syntax import AllOf, AnyOf, Comparison, Condition, NotOf, ORDERED_OPERATORS

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class FactType:
    """The type of one fact path: ``bool``, ``int``, ``str`` or ``date``, and for ``str`` its allowed values."""

    kind: str
    values: tuple[str, ...] | None = None
    label: str = ""

    def accepts(self, literal: object) -> bool:
        if self.kind == "bool":
            return isinstance(literal, bool)
        if self.kind == "int":
            return isinstance(literal, int) and not isinstance(literal, bool)
        if self.kind == "date":
            return isinstance(literal, date)
        return isinstance(literal, str) and (self.values is None or literal in self.values)


_KIND_NAMES = {"bool": "是/否", "int": "整数", "str": "文本", "date": "日期"}


def check(condition: Condition, env: Mapping[str, FactType], loc: Loc = ()) -> Iterator[Finding]:
    """A :class:`Finding` (no subject yet: the caller places it with ``about``) for every unknown fact or
    ill-typed comparison in ``condition``, its path starting at ``loc``."""
    if isinstance(condition, AllOf):
        for i, child in enumerate(condition.all):
            yield from check(child, env, (*loc, "all", i))
    elif isinstance(condition, AnyOf):
        for i, child in enumerate(condition.any):
            yield from check(child, env, (*loc, "any", i))
    elif isinstance(condition, NotOf):
        yield from check(condition.not_, env, (*loc, "not"))
    else:
        yield from _check_leaf(condition, env, loc)


def _check_leaf(leaf: Comparison, env: Mapping[str, FactType], loc: Loc) -> Iterator[Finding]:
    fact_type = env.get(leaf.fact)
    if fact_type is None:
        yield Finding(None, (*loc, "fact"), "unknown-fact", f"未知事实 {leaf.fact}（情形未在事项中声明或名称拼写错误）")
        return
    op = leaf.operator
    if op == "exists":
        return
    if op in ORDERED_OPERATORS and fact_type.kind not in ("int", "date"):
        yield Finding(None, (*loc, op), "condition-type", f"{leaf.fact} 是{_KIND_NAMES[fact_type.kind]}，不能做大小比较")
        return
    literals = leaf.value if op in ("in", "not_in") else (leaf.value,)
    for literal in literals:
        if not fact_type.accepts(literal):
            if fact_type.kind == "str" and fact_type.values is not None and isinstance(literal, str):
                allowed = "、".join(fact_type.values)
                yield Finding(None, (*loc, op), "condition-value", f"{leaf.fact} 没有取值 {literal!r}（可选：{allowed}）")
            else:
                yield Finding(None, (*loc, op), "condition-type", f"{leaf.fact} 是{_KIND_NAMES[fact_type.kind]}，不能与 {literal!r} 比较")


__all__ = ["FactType", "check"]
