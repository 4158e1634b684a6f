"""Changes as reviewers read them: plain text for the terminal, markdown for a PR comment, JSON for tools."""
from __future__ import annotations

import json
from collections.abc import Sequence

from .changes import BURDEN_NAMES, SUBJECT_NAMES, Change, counts

DIFF_FORMATS = ("text", "markdown", "json")
_MARKS = {"increase": "▲", "reduction": "▼", "neutral": "·"}


def summary(changes: Sequence[Change]) -> str:
    tally = counts(list(changes))
    return (f"共 {len(changes)} 项变更：{BURDEN_NAMES['increase']} {tally['increase']}，"
            f"{BURDEN_NAMES['reduction']} {tally['reduction']}，{BURDEN_NAMES['neutral']} {tally['neutral']}")


def _values(change: Change) -> str:
    if change.old is not None and change.new is not None:
        return f"：{change.old} → {change.new}"
    if change.new is not None:
        return f"：{change.new}"
    if change.old is not None:
        return f"：{change.old}"
    return ""


def _groups(changes: Sequence[Change]) -> dict[tuple[str, str], list[Change]]:
    grouped: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        grouped.setdefault((change.subject, change.key), []).append(change)
    return grouped


def _heading(subject: str, key: str, group: list[Change]) -> str:
    title = next((c.title for c in group if c.title), "")
    return f"{SUBJECT_NAMES.get(subject, subject)} {key}" + (f"（{title}）" if title else "")


def render_text(changes: Sequence[Change], base: str = "", head: str = "") -> str:
    lines = [f"{base} → {head}"] if base or head else []
    for (subject, key), group in _groups(changes).items():
        lines.append(_heading(subject, key, group))
        for change in group:
            lines.append(f"  {_MARKS[change.burden]} [{BURDEN_NAMES[change.burden]}] {change.message}{_values(change)}")
    lines.append(summary(changes) if changes else "没有语义变更")
    return "\n".join(lines)


def _cell(text: str | None) -> str:
    return "" if text is None else text.replace("|", "\\|").replace("\n", " ")


def render_markdown(changes: Sequence[Change], base: str = "", head: str = "") -> str:
    tally = counts(list(changes))
    lines = [f"### 事项目录变更 `{base}` → `{head}`", ""]
    if not changes:
        return "\n".join([*lines, "没有语义变更。"])
    if tally["increase"]:
        lines += [f"> [!WARNING]\n> 本次变更有 **{tally['increase']}** 项{BURDEN_NAMES['increase']}，请审改办确认。", ""]
    lines += [summary(changes), ""]
    for (subject, key), group in _groups(changes).items():
        lines += [f"#### {_heading(subject, key, group)}", "", "| 类别 | 变更 | 原 | 新 |", "|---|---|---|---|"]
        for change in group:
            lines.append(f"| {_MARKS[change.burden]} {BURDEN_NAMES[change.burden]} | {_cell(change.message)} "
                         f"| {_cell(change.old)} | {_cell(change.new)} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_json(changes: Sequence[Change], base: str = "", head: str = "") -> str:
    return json.dumps({"base": base, "head": head, "summary": counts(list(changes)),
                       "changes": [c.as_dict() for c in changes]}, ensure_ascii=False, indent=2)


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}

__all__ = ["DIFF_FORMATS", "RENDERERS", "render_json", "render_markdown", "render_text", "summary"]
