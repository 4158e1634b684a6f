"""Rule changes between two ``rules/`` trees, by rule id (added, removed, changed, basis moved).

A rule's effect on citizens cannot be read from its YAML without running it, so rule changes are
neutral here; their scenarios, run by ``onewindow test``, are what shows the effect.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .changes import Change
from .rules_scan import scan_rules


def diff_rules(base: Path | None, head: Path | None) -> Iterator[Change]:
    old = {r.id: r for r in scan_rules(base)}
    new = {r.id: r for r in scan_rules(head)}
    for rule_id in sorted(old.keys() | new.keys()):
        before, after = old.get(rule_id), new.get(rule_id)
        if before is None and after is not None:
            yield Change("rule", rule_id, "rule-added", "neutral", "新增规则", None, after.title, after.title)
        elif after is None and before is not None:
            yield Change("rule", rule_id, "rule-removed", "neutral", "删除规则", before.title, None, before.title)
        elif before is not None and after is not None and before.data != after.data:
            if before.documents() != after.documents():
                yield Change("rule", rule_id, "rule-basis", "neutral", "规则依据变更",
                             "、".join(sorted(before.documents())), "、".join(sorted(after.documents())), after.title)
            else:
                yield Change("rule", rule_id, "rule-changed", "neutral", "规则内容变更", None, None, after.title)


__all__ = ["diff_rules"]
