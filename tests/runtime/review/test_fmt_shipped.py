"""The documented pre-commit hook passes on the shipped repository: ``onewindow fmt --check`` over config/,
rules/ and every tree under examples/ (each named, so a new example is covered without editing this test)."""
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
        examples = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").iterdir() if p.is_dir())
        assert "examples/layered_county" in examples and "examples/guides" in examples
        result = CliRunner().invoke(cli, ["fmt", "--check", "config", "rules", *examples])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output


def test_fmt_keeps_a_scenario_file_as_written() -> None:
    """A top-level list starts at column 0, inline comments stay in their column, single-entry mappings in a
    flow list keep their braces and an explicit null stays null."""
    text = ("# 场景\n- id: a/b\n  expect:\n    clock: {promised_due: \"2026-07-03\"}     # 7-01, 7-02\n"
            "    trace: {contains: [{rule: x/y}]}\n    route: null\n")
    assert format_text(text) == text
