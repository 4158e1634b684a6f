"""Reading ``rules/`` and ``rules/scenarios/`` generically, as plain YAML, for review.

The rules runtime owns the rule shape and may grow it; review needs only three things that every rule
and scenario has — a rule's ``id`` with its ``basis.document``, and a scenario's ``application.item`` —
so it walks the YAML instead of importing the rule models, and keeps working whatever else a rule holds.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..loading import catalog_files
from ..policy import LIBRARY_LAWS

SCENARIOS_FOLDER = "scenarios"


@dataclass(frozen=True)
class RuleEntry:
    """One rule (or one scenario) found in a YAML file: its id, title, file, line and raw content."""

    id: str
    title: str
    file: Path
    line: int
    data: Any

    def documents(self) -> set[str]:
        """Every ``basis.document`` (or ``bases[].document``) the entry cites, at any depth."""
        return {value for key, value in _walk(self.data) if key == "document" and isinstance(value, str)}

    def items(self) -> set[str]:
        """Every item code the entry names through an ``item`` key, at any depth."""
        return {value for key, value in _walk(self.data) if key == "item" and isinstance(value, str)}


def _walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key), value
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _load(path: Path) -> Any:
    try:
        return YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except (YAMLError, UnicodeDecodeError):
        return None


def _entries(node: Any, path: Path) -> Iterator[RuleEntry]:
    """Mappings carrying an ``id`` string, outermost first; an entry's own nested ids are not separate rules."""
    if isinstance(node, dict):
        if isinstance(node.get("id"), str):
            line = node.lc.line + 1 if hasattr(node, "lc") else 0
            yield RuleEntry(node["id"], str(node.get("title", "")), path, line, _plain(node))
            return
        for value in node.values():
            yield from _entries(value, path)
    elif isinstance(node, list):
        for value in node:
            yield from _entries(value, path)


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _files(root: Path, scenarios: bool) -> list[Path]:
    found = []
    for path in catalog_files(root):
        parts = path.relative_to(root).parts
        if (parts[0] == SCENARIOS_FOLDER) == scenarios and path != LIBRARY_LAWS:  # the library's laws are not rules
            found.append(path)
    return found


def shipped_laws() -> dict[str, str]:
    """The national laws the policy library ships (``runtime/policy/laws.yaml``): key → title."""
    return {entry.id: entry.title for entry in _entries(_load(LIBRARY_LAWS), LIBRARY_LAWS)}


def scan_rules(root: Path | None) -> list[RuleEntry]:
    """Every rule under ``root`` (``scenarios/`` excluded)."""
    if root is None or not root.is_dir():
        return []
    return [entry for path in _files(root, False) for entry in _entries(_load(path), path)]


def scan_scenarios(root: Path | None) -> list[RuleEntry]:
    """Every scenario under ``root/scenarios``."""
    if root is None or not (root / SCENARIOS_FOLDER).is_dir():
        return []
    return [entry for path in _files(root, True) for entry in _entries(_load(path), path)]


__all__ = ["RuleEntry", "SCENARIOS_FOLDER", "scan_rules", "scan_scenarios", "shipped_laws"]
