"""The fuzz suite (issue 12): schemathesis over the OpenAPI document, hypothesis over applications, YAML
files and exports — bounded in time (``ONEWINDOW_FUZZ_EXAMPLES`` examples per property, default 60), and
printing what it tried and what failed at the end of the run."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "admin"))  # console_support: the admin tests' helpers

from console_support import REPO_CONFIG, RULES, imported_database, make_app  # noqa: E402
from fuzz_support import TALLY, Tally  # noqa: E402


@pytest.fixture(scope="session")
def tally() -> Tally:
    return TALLY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not TALLY.tried:
        return
    terminalreporter.section("模糊测试（fuzz）计数")
    for target in sorted(TALLY.tried):
        terminalreporter.write_line(f"{target}: 尝试 {TALLY.tried[target]} 个用例，失败 {TALLY.failed[target]} 个")
    terminalreporter.write_line(f"合计：尝试 {sum(TALLY.tried.values())} 个，失败 {sum(TALLY.failed.values())} 个")


@pytest.fixture(scope="session")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The console over the reference county with the shipped rules (what the API decides with)."""
    folder = tmp_path_factory.mktemp("fuzz-county")
    imported_database(folder, REPO_CONFIG)
    yield make_app(folder, ONEWINDOW_RULES_DIR=str(RULES))
