"""What the condition builder asks the server: a condition box's YAML read back as the guide's sentence and,
when it fits, as the builder's rows.

The builder (``form_extras.html``) writes one comparison or an all/any group of comparisons (each may be
negated) on situation questions; the sentence is never worded in the browser but by the same
:func:`~onewindow.runtime.wording.describe_condition` the guide, the public site and the review diff use, over
the working copy's situations. A condition the builder cannot show (nested groups, other facts, ``in`` …)
still gets its sentence, and stays for experts to edit as YAML.
"""
from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from onewindow.runtime.catalog import Catalog
from onewindow.runtime.conditions import AllOf, AnyOf, Comparison, Condition, NotOf
from onewindow.runtime.loading import field_path, parse, translate, yaml_loc
from onewindow.runtime.wording import describe_condition

from ..store.runtimes import RuntimeUnavailable, catalog_for

BUILDER_OPERATORS = {"yes_no": ("eq",), "choice": ("eq",), "number": ("eq", "gte", "lte", "gt", "lt")}
"""Operators the builder offers per situation kind (the condition language has more: YAML for those)."""
TEXT_MAX = 20_000
"""Characters of YAML read back (a condition box, not a file; larger is refused before parsing)."""

_ADAPTER: TypeAdapter[Condition] = TypeAdapter(Condition)


def _row(node: Condition, catalog: Catalog) -> dict[str, Any] | None:
    negated = isinstance(node, NotOf)
    leaf = node.not_ if isinstance(node, NotOf) else node
    if not isinstance(leaf, Comparison) or not leaf.fact.startswith("facts."):
        return None
    situation = catalog.situations.get(leaf.fact.removeprefix("facts."))
    if situation is None or leaf.operator not in BUILDER_OPERATORS.get(situation.kind, ()):
        return None
    return {"fact": situation.id, "op": leaf.operator, "value": leaf.value, "negated": negated}


def builder_rows(condition: Condition, catalog: Catalog) -> dict[str, Any] | None:
    """The builder's form of ``condition`` ({mode, rows}), or None when it needs YAML."""
    if isinstance(condition, (AllOf, AnyOf)):
        mode, parts = ("all", condition.all) if isinstance(condition, AllOf) else ("any", condition.any)
    else:
        mode, parts = "all", (condition,)
    rows = [_row(part, catalog) for part in parts]
    return None if any(row is None for row in rows) else {"mode": mode, "rows": rows}


def read_condition(text: str) -> dict[str, Any]:
    """``{"sentence", "builder"}`` for a condition's YAML, or ``{"error"}`` saying in Chinese what is wrong."""
    text = text.strip()
    if not text:
        return {"sentence": "", "builder": None}
    if len(text) > TEXT_MAX:
        return {"error": f"条件过长（最多 {TEXT_MAX} 个字符）"}
    data, problem = parse(text, "条件")
    if problem is not None:
        return {"error": f"第 {problem.line} 行：{problem.message}"}
    try:
        condition = _ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = field_path(yaml_loc(tuple(first["loc"])))
        return {"error": f"{where + '：' if where else ''}{translate(first)}"}
    try:
        catalog = catalog_for(published=False)
    except RuntimeUnavailable as exc:
        return {"error": f"无法显示句子：{exc}"}
    return {"sentence": describe_condition(condition, catalog), "builder": builder_rows(condition, catalog)}


__all__ = ["BUILDER_OPERATORS", "builder_rows", "read_condition"]
