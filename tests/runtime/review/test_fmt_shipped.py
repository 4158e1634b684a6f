"""The documented pre-commit hook passes on the shipped repository: ``onewindow fmt --check config rules``."""
from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from onewindow.runtime.cli import cli
from onewindow.runtime.review import format_text

ROOT = Path(__file__).parents[3]


def test_fmt_check_passes_on_shipped_config_and_rules() -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(cli, ["fmt", "--check", "config", "rules", "examples/guides"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output


def test_fmt_keeps_a_scenario_file_as_written() -> None:
    """A top-level list starts at column 0, inline comments stay in their column, single-entry mappings in a
    flow list keep their braces and an explicit null stays null."""
    text = ("# 场景\n- id: a/b\n  expect:\n    clock: {promised_due: \"2026-07-03\"}     # 7-01, 7-02\n"
            "    trace: {contains: [{rule: x/y}]}\n    route: null\n")
    assert format_text(text) == text
