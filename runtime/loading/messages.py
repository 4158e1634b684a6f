"""Turning pydantic's validation errors into Chinese messages with the English field path.

Staff read Chinese; reviewers and tools need the exact field. So the path stays as written in YAML
(``items[0].materials[2].copies``) and the text is translated by pydantic's stable error ``type``.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from ..conditions.syntax import UNION_TAGS

_Error = TypeVar("_Error", bound=Mapping[str, Any])
"""A pydantic error (``ErrorDetails``) or a plain mapping of the same keys."""

_TEMPLATES: dict[str, str] = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（拼写错误？）",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "bool_type": "应为 true 或 false",
    "date_type": "应为日期（如 2026-01-01）",
    "date_parsing": "应为日期（如 2026-01-01）",
    "datetime_type": "应为带时区的日期时间",
    "datetime_parsing": "应为日期时间（如 2026-03-02T10:00:00+08:00）",
    "datetime_from_date_parsing": "应为日期时间（如 2026-03-02T10:00:00+08:00）",
    "timezone_aware": "必须带时区（如 +08:00）",
    "tuple_type": "应为列表",
    "list_type": "应为列表",
    "dict_type": "应为映射",
    "model_type": "应为映射",
    "model_attributes_type": "应为映射",
    "literal_error": "取值无效，应为：{expected}",
    "string_pattern_mismatch": "格式不符（应匹配 {pattern}）",
    "string_too_short": "不能为空",
    "string_too_long": "过长（最多 {max_length} 个字符）",
    "too_short": "至少需要 {min_length} 项",
    "greater_than_equal": "应不小于 {ge}",
    "less_than_equal": "应不大于 {le}",
    "value_error": "{reason}",
    "assertion_error": "{reason}",
    "condition": "条件必须是映射：all / any / not 或 {{fact: …, 运算符: 值}}",
    "union_tag_invalid": "条件写法无效",
    "frozen_instance": "不可修改",
    "float_type": "不允许浮点数",
}


def translate(error: Mapping[str, Any]) -> str:
    """Chinese message for one pydantic error dict."""
    kind = error.get("type", "")
    ctx = dict(error.get("ctx") or {})
    if kind in ("value_error", "assertion_error"):
        reason = str(ctx.get("error", error.get("msg", "")))
        ctx["reason"] = reason.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "too_short" and isinstance(error.get("input"), str):
        kind = "string_too_short"  # Text's min_length sits behind a validator, so pydantic says too_short
    template = _TEMPLATES.get(kind)
    if template is None:
        return str(error.get("msg", kind))
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def relevant_errors(errors: Sequence[_Error]) -> list[_Error]:
    """Drop pydantic's follow-on ``too_short`` ("0 items after validation") when the list did have items
    that failed themselves: those items' own errors are the news, not the length."""
    out = []
    for error in errors:
        if error.get("type") == "too_short":
            given = error.get("input")
            minimum = (error.get("ctx") or {}).get("min_length", 0)
            if isinstance(given, (list, tuple)) and len(given) >= minimum:
                continue
        out.append(error)
    return out


def field_path(loc: tuple[str | int, ...]) -> str:
    """``("items", 0, "materials", 2, "copies")`` → ``items[0].materials[2].copies``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def yaml_loc(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Drop pydantic's union tags (``all``/``fact``) that are not keys of the YAML document."""
    return tuple(p for p in loc if not (isinstance(p, str) and (p in UNION_TAGS or p.startswith("function-"))))


__all__ = ["field_path", "relevant_errors", "translate", "yaml_loc"]
