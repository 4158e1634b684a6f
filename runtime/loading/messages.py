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


_YAML_SYNTAX: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "此处不能出现“键: 值”：检查缩进，或给含冒号的文本加引号"),
    ("did not find expected '-' indicator", "此处应为列表项（以“- ”开头）：检查缩进"),
    ("did not find expected ',' or ']'", "方括号列表没有闭合：缺少“,”或“]”"),
    ("did not find expected ',' or '}'", "花括号映射没有闭合：缺少“,”或“}”"),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
    ("found character that cannot start any token", "出现不能作为开头的字符（如制表符、@、`）：用空格缩进，含特殊字符的文本加引号"),
    ("found a tab character", "缩进中有制表符：请改用空格"),
    ("found unknown escape character", "双引号文本中有无效的转义（\\ 后的字符）：改用单引号，或写成 \\\\"),
    ("did not find expected <document start>", "文档结束后还有多余内容（多了括号？）"),
    ("did not find expected key", "此处应为“键: 值”：检查缩进（同一层的键应左对齐）"),
    ("did not find expected node content", "此处缺少值：冒号或“- ”后的内容不完整"),
    ("could not find expected ':'", "缺少冒号“:”：键后应写“: ”再写值"),
    ("block sequence entries are not allowed", "此处不能出现列表项“- ”：检查缩进"),
    ("found unexpected ':'", "出现多余的冒号“:”：含冒号的文本请加引号"),
    ("did not find expected comment or line break", "此处应换行：值的后面有多余内容"),
    ("found undefined tag handle", "未定义的标签前缀（! 开头）"),
    ("found incompatible YAML document", "不支持的 YAML 版本指令"),
    ("control characters are not allowed", "文件中含有不允许的控制字符"),
    ("invalid leading UTF-8 octet", "文件不是有效的 UTF-8 编码"),
    ("invalid trailing UTF-8 octet", "文件不是有效的 UTF-8 编码"),
)


def yaml_syntax(problem: str) -> str:
    """Chinese for a YAML parser's own (English) complaint; an unknown one is quoted after a Chinese lead."""
    lowered = problem.lower()
    for phrase, chinese in _YAML_SYNTAX:
        if phrase.lower() in lowered:
            return f"YAML 语法错误：{chinese}"
    return f"YAML 语法错误（解析器原文：{problem}）"


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


__all__ = ["field_path", "relevant_errors", "translate", "yaml_loc", "yaml_syntax"]
