"""``rules/`` → compiled rules, or every problem at once (same file:line:col format as the catalog).

``rules/scenarios/`` holds scenario tests, not rules, and is skipped.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..catalog import Catalog, Origin
from ..errors import Problem, RulesCompileError
from ..loading.cache import FileResult, LoadCache
from ..loading.loader import catalog_files, display_path, load_file, resolve_positions
from .checks import check_rules
from .compiler import CompiledRules, compile_rules
from .models import Rule, RulesFile

SCENARIO_FOLDER = "scenarios"


def rule_files(root: Path, problems: list[Problem] | None = None) -> list[Path]:
    return [p for p in catalog_files(root, problems) if p.relative_to(root).parts[0] != SCENARIO_FOLDER]


def check_rules_dir(root: str | os.PathLike[str], catalog: Catalog) -> tuple[CompiledRules | None, list[Problem]]:
    root_path = Path(root)
    if not root_path.is_dir():
        return None, [Problem(display_path(root_path), 0, 0, "", "not-a-directory", "规则目录不存在")]
    problems: list[Problem] = []
    fresh: dict[tuple[str, str], FileResult] = {}
    rules: list[tuple[Rule, Origin]] = []
    digests: list[tuple[str, str]] = []
    texts: dict[str, Path] = {}
    memory = LoadCache()
    real_root = os.path.realpath(root_path)
    for path in rule_files(root_path, problems):
        shown = display_path(path)
        texts[shown] = path
        result, _, digest = load_file(path, shown, memory, fresh, RulesFile, root=real_root)
        digests.append((path.relative_to(root_path).as_posix(), digest))
        problems.extend(result.problems)
        if result.model is not None:
            rules.extend((rule, Origin(shown, ("rules", i))) for i, rule in enumerate(result.model.rules))
    seen: dict[str, Origin] = {}
    pending = []
    for rule, origin in rules:
        if rule.id in seen:
            pending.append((origin, ("id",), "duplicate-id", f"规则标识 {rule.id} 重复（首次出现在 {seen[rule.id].file}）", "error"))
        seen.setdefault(rule.id, origin)
    compiled, compile_problems = compile_rules(catalog, rules, digests)
    pending += [(o, p, c, m, "error") for o, p, c, m in compile_problems]
    pending += [(o, p, c, m, "error") for o, p, c, m in check_rules(catalog, compiled.rules)]
    problems.extend(resolve_positions(pending, texts))
    problems.sort()
    if not rules and not problems:
        problems.append(Problem(display_path(root_path), 0, 0, "", "no-rules", "规则目录中没有任何规则"))
    return (None if any(p.severity == "error" for p in problems) else compiled), problems


def load_rules(root: str | os.PathLike[str], catalog: Catalog) -> CompiledRules:
    compiled, problems = check_rules_dir(root, catalog)
    if compiled is None:
        raise RulesCompileError(problems, f"规则目录 {display_path(Path(root))} 无法编译")
    return compiled


__all__ = ["check_rules_dir", "load_rules", "rule_files"]
