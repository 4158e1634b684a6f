"""Every scenario of rules/scenarios/ on every engine (ids: scenario id + engine); failures print file, id, diff."""
from __future__ import annotations

from pathlib import Path

import pytest

from onewindow.runtime.testing import Scenario, load_scenarios, run_scenario

from .conftest import SCENARIOS, runtime_for

ENGINES = ("compiled", "durable")

_LOADED, _PROBLEMS = load_scenarios(SCENARIOS)


def test_scenario_files_load_without_problems():
    assert not _PROBLEMS, "\n".join(str(p) for p in _PROBLEMS)


def test_enough_scenarios_cover_every_class_regime_and_outcome():
    assert len(_LOADED) >= 70
    expects = [s.scenario.expect for s in _LOADED if s.scenario.expect]
    assert {e.get("case_class") for e in expects} >= {"immediate", "promised", "joint", "escalated", "returned", "supplement", "special"}
    assert {e.get("regime") for e in expects} >= {"direct", "time_limited", "joint", "explicit_reply", "assisted", "special"}
    assert {e.get("outcome") for e in expects} >= {"accept", "tolerance_accept", "supplement", "return", "escalate"}


def test_scenario_files_mirror_rules():
    """rules/x/y.yaml is checked by rules/scenarios/x/y.yaml: every rule file has a scenario file."""
    rules_root = SCENARIOS.parent
    missing = [p.relative_to(rules_root).as_posix() for p in rules_root.rglob("*.yaml")
               if SCENARIOS not in p.parents and not (SCENARIOS / p.relative_to(rules_root)).exists()]
    assert not missing, f"这些规则文件没有对应的场景文件：{missing}"


@pytest.mark.parametrize(
    ("loaded", "engine"),
    [pytest.param(s, e, id=f"{s.scenario.id}[{e}]") for s in _LOADED for e in ENGINES],
)
def test_scenario(loaded, engine):
    if engine not in loaded.scenario.engines:
        pytest.skip(f"场景只在 {loaded.scenario.engines} 上运行")
    runtime = runtime_for(engine)
    found = run_scenario(runtime, loaded.scenario)
    assert not found, f"{loaded.file}: {loaded.scenario.id}（{loaded.scenario.title}）[{engine}]\n" + "\n".join(found)


def test_scenario_without_expectation_is_an_error(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text(
        "- id: bad/no-expectation\n"
        "  title: 没有写期望\n"
        "  application: {item: QX-MZ-001, applicant: {kind: person, name: 王建国}, received_at: '2026-03-02T10:00:00+08:00'}\n",
        encoding="utf-8")
    loaded, problems = load_scenarios(tmp_path)
    assert not loaded
    assert len(problems) == 1 and problems[0].code == "scenario-invalid"
    with pytest.raises(ValueError):
        Scenario.model_validate({"id": "x", "title": "两者都写", "application": {}, "expect": {}, "expect_error": ["$"]})


def test_scenario_problems_are_reported_at_their_own_line(tmp_path: Path):
    (tmp_path / "two.yaml").write_text(
        "- id: ok/first\n"
        "  title: 第一个\n"
        "  application: {item: QX-MZ-001}\n"
        "  expect: {outcome: accept}\n"
        "- id: ok/first\n"
        "  title: 重复的编号\n"
        "  application: {item: QX-MZ-001}\n"
        "  expect: {outcome: accept}\n"
        "- id: bad/title\n"
        "  title: ''\n"
        "  application: {item: QX-MZ-001}\n"
        "  expect: {outcome: accept}\n", encoding="utf-8")
    _, problems = load_scenarios(tmp_path)
    assert [(p.code, p.line) for p in problems] == [("duplicate-id", 5), ("scenario-invalid", 10)]
