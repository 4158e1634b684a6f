"""Scenario tests as data (OpenFisca / OPA style): an application and the decision expected of it.

``rules/scenarios/**/*.yaml`` hold lists of cases::

    - id: intake/supplement/missing-copy         # pytest id and CLI name
      title: 缺营业执照复印件，一次性告知全部缺件
      application: {item: QX-SCJG-001, ...}
      expect: {outcome: supplement, notice: {entries: [{material: business_licence, problem: missing}]}}

``expect`` is a *subset* match: mappings match when every expected key matches; lists match element by
element (same length) unless written as ``{contains: [...]}``. ``expect_error`` lists JSON paths an
ApplicationError must name. One loader feeds ``onewindow test`` and the pytest plugin.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError, model_validator

from .errors import ApplicationError, Problem
from .loading.loader import catalog_files, display_path
from .loading.yaml_source import locate, parse, position_tree


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_\-]+(/[a-z0-9_\-]+)*$")
    title: str = Field(min_length=1)
    application: dict[str, Any]
    expect: dict[str, Any] | None = None
    expect_error: list[str] | None = None
    engines: list[str] = Field(default_factory=lambda: ["durable", "compiled"])

    @model_validator(mode="after")
    def _has_expectation(self) -> "Scenario":
        if (self.expect is None) == (self.expect_error is None):
            raise ValueError("每个场景必须且只能写 expect 或 expect_error 之一")
        return self


class ScenarioFile(RootModel[list[Scenario]]):
    """A scenario file: a list of scenarios (the shape ``schemas/scenario.schema.json`` describes)."""


@dataclass(frozen=True)
class LoadedScenario:
    file: str
    scenario: Scenario


def load_scenarios(directory: Path) -> tuple[list[LoadedScenario], list[Problem]]:
    found: list[LoadedScenario] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for path in catalog_files(directory):
        shown = display_path(path)
        text = path.read_text(encoding="utf-8")
        data, problem = parse(text, shown)
        if problem is not None:
            problems.append(problem)
            continue
        if not isinstance(data, list):
            problems.append(Problem(shown, 1, 1, "", "not-a-list", "场景文件顶层必须是列表"))
            continue
        tree: Any = None

        def at(*loc: str | int) -> tuple[int, int]:
            nonlocal tree  # the slow round-trip parse only for a file that has a problem
            tree = position_tree(text) if tree is None else tree
            return locate(tree, loc)

        for i, raw in enumerate(data):
            try:
                scenario = Scenario.model_validate(raw)
            except ValidationError as exc:
                first = exc.errors(include_url=False)[0]
                problems.append(Problem(shown, *at(i, *first["loc"]), f"[{i}]", "scenario-invalid", str(first["msg"])))
                continue
            if scenario.id in seen:
                problems.append(Problem(shown, *at(i, "id"), f"[{i}].id", "duplicate-id", f"场景 {scenario.id} 重复"))
            seen.add(scenario.id)
            found.append(LoadedScenario(shown, scenario))
    return found, problems


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def mismatches(expected: Any, actual: Any, path: str = "$") -> Iterator[str]:
    """Every place where ``actual`` fails the subset match, as ``path: expected X, got Y``."""
    if isinstance(expected, dict) and set(expected) == {"contains"} and isinstance(actual, list):
        for wanted in expected["contains"]:
            if not any(not list(mismatches(wanted, got)) for got in actual):
                yield f"{path}: 缺少匹配 {json.dumps(wanted, ensure_ascii=False)} 的元素"
        return
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            yield f"{path}: 期望映射，实际 {json.dumps(actual, ensure_ascii=False)}"
            return
        for key, value in expected.items():
            if key not in actual:
                yield f"{path}.{key}: 实际结果中没有该字段"
            else:
                yield from mismatches(value, actual[key], f"{path}.{key}")
        return
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            yield f"{path}: 期望 {len(expected)} 项，实际 {json.dumps(actual, ensure_ascii=False)}"
            return
        for i, (want, got) in enumerate(zip(expected, actual)):
            yield from mismatches(want, got, f"{path}[{i}]")
        return
    if _jsonable(expected) != actual:
        yield f"{path}: 期望 {json.dumps(_jsonable(expected), ensure_ascii=False)}，实际 {json.dumps(actual, ensure_ascii=False)}"


def run_scenario(runtime: Any, scenario: Scenario) -> list[str]:
    """Run one scenario on one runtime; the list of mismatches is empty when it passes."""
    try:
        decision = runtime.decide(scenario.application)
    except ApplicationError as exc:
        if scenario.expect_error is None:
            return [f"$: 意外的申请错误：{exc}"]
        paths = {e.path for e in exc.errors}
        return [f"{p}: 期望报错但未报错（实际报错：{', '.join(sorted(paths))}）" for p in scenario.expect_error if p not in paths]
    if scenario.expect_error is not None:
        return [f"$: 期望申请错误 {scenario.expect_error}，实际得到决定 {decision.outcome}"]
    return list(mismatches(scenario.expect, decision.model_dump(mode="json")))


__all__ = ["LoadedScenario", "Scenario", "ScenarioFile", "load_scenarios", "mismatches", "run_scenario"]
