"""The pytest plugin: a county repository holding only YAML runs its scenarios with plain ``pytest``."""
from __future__ import annotations

import shutil
from importlib.metadata import entry_points
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]

def _plugin_args() -> list[str]:
    """Plain ``pytest`` once onewindow is installed with its ``pytest11`` entry point; ``-p`` otherwise."""
    installed = any(ep.value.startswith("onewindow.runtime.pytest_plugin") for ep in entry_points(group="pytest11"))
    return [] if installed else ["-p", "onewindow.runtime.pytest_plugin"]


@pytest.fixture
def county(pytester: pytest.Pytester) -> Path:
    """A scratch repository: the shipped catalog and rules, a scenarios folder, an ini file — no Python."""
    root = pytester.path
    shutil.copytree(ROOT / "config", root / "config")
    shutil.copytree(ROOT / "rules", root / "rules", ignore=shutil.ignore_patterns("scenarios"))
    (root / "scenarios").mkdir()
    (root / "pytest.ini").write_text(
        "[pytest]\nonewindow_config = config\nonewindow_rules = rules\nonewindow_scenarios = scenarios\n"
        "onewindow_engines = compiled\n", encoding="utf-8")
    return root


def test_collects_and_runs_the_shipped_scenarios(pytester: pytest.Pytester, county: Path) -> None:
    shutil.copytree(ROOT / "rules" / "scenarios" / "intake", county / "scenarios" / "intake")
    expected = sum(1 for _ in (county / "scenarios").rglob("*.yaml"))
    assert expected > 0
    result = pytester.runpytest_subprocess(*_plugin_args(), "-q", "-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    assert "failed" not in outcomes and "error" not in outcomes, result.stdout.str()
    assert outcomes["passed"] >= expected


def test_a_failing_scenario_is_reported_at_its_own_line(pytester: pytest.Pytester, county: Path) -> None:
    (county / "scenarios" / "mine.yaml").write_text(
        "- id: scratch/first\n"
        "  title: 第一个场景（正确）\n"
        "  application: {item: QX-MZ-001, applicant: {kind: person, name: 王建国}, channel: window,\n"
        "                received_at: '2026-03-02T10:00:00+08:00'}\n"
        "  expect: {engine: compiled}\n"
        "\n"
        "- id: scratch/second\n"
        "  title: 第二个场景（期望写错）\n"
        "  application: {item: QX-MZ-001, applicant: {kind: person, name: 王建国}, channel: window,\n"
        "                received_at: '2026-03-02T10:00:00+08:00'}\n"
        "  expect: {engine: durable-nonexistent}\n", encoding="utf-8")
    result = pytester.runpytest_subprocess(*_plugin_args(), "-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*mine.yaml:7: scratch/second*[compiled]*", "*$.engine: 期望 \"durable-nonexistent\"*"])


def test_an_unreadable_entry_fails_at_its_line_without_stopping_collection(pytester: pytest.Pytester, county: Path) -> None:
    (county / "scenarios" / "bad.yaml").write_text(
        "- id: scratch/ok\n"
        "  title: 正确\n"
        "  application: {item: QX-MZ-001, applicant: {kind: person, name: 王建国}, channel: window,\n"
        "                received_at: '2026-03-02T10:00:00+08:00'}\n"
        "  expect: {engine: compiled}\n"
        "- id: scratch/no-expectation\n"
        "  title: 没有写期望\n"
        "  application: {item: QX-MZ-001}\n", encoding="utf-8")
    result = pytester.runpytest_subprocess(*_plugin_args(), "-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*bad.yaml:6: 场景无效*"])
