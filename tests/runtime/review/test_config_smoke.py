"""Smoke run of every review command over the reference county in config/ (structure only, not contents)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from onewindow.runtime.cli import cli

CONFIG = Path(__file__).parents[3] / "config"
pytestmark = pytest.mark.skipif(not (CONFIG / "centre.yaml").exists(), reason="config/ not written yet")


def test_smoke_stats_and_guide_and_diff_over_config(tmp_path: Path) -> None:
    runner = CliRunner()
    stats = runner.invoke(cli, ["stats", "--config", str(CONFIG), "--format", "json"])
    assert stats.exit_code == 0, stats.output
    figures = json.loads(stats.output)
    assert figures["items"] == sum(figures["by_type"].values()) == sum(figures["by_department"].values())
    assert float(figures["avg_promised_days"]) <= float(figures["avg_statutory_days"])
    same = runner.invoke(cli, ["diff", str(CONFIG), str(CONFIG), "--fail-on", "any"])
    assert same.exit_code == 0 and "没有语义变更" in same.output
    site = runner.invoke(cli, ["site", str(tmp_path / "site"), "--config", str(CONFIG)])
    assert site.exit_code == 0, site.output
    index = json.loads((tmp_path / "site" / "data" / "catalog.json").read_text(encoding="utf-8"))
    assert len(index["items"]) == figures["items"]
    code = index["items"][0]["code"]
    assert (tmp_path / "site" / "items" / f"{code}.html").exists()
    guide = runner.invoke(cli, ["guide", code, "--config", str(CONFIG)])
    assert guide.exit_code == 0 and "八、办理结果" in guide.output
