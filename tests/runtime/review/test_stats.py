"""Statistics match the figures counted by hand on the four-item fixture county."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from onewindow.runtime.cli import cli
from onewindow.runtime.review import compute_stats
from onewindow.runtime.review.charts import stats_charts

COUNTY = Path(__file__).parent / "fixtures" / "county"


def test_stats_match_hand_counts(county) -> None:
    stats = compute_stats(county, date(2026, 11, 23))
    assert stats.items == 4
    assert stats.by_type == {"licensing": 2, "public_service": 1, "convenience": 1}
    assert stats.by_department == {"market": 2, "civil": 1, "housing": 1}
    # statutory (20 + 15 + 20 + 30) / 4 = 21.25; promised (5 + 0 + 10 + 3) / 4 = 4.50
    assert stats.avg_statutory_days == Decimal("21.25")
    assert stats.avg_promised_days == Decimal("4.50")
    assert stats.compression_percent == Decimal("78.82")  # 16.75 / 21.25
    assert stats.zero_fee_percent == Decimal("50.00")     # SCJG-001, SCJG-002
    assert stats.online_percent == Decimal("50.00")       # SCJG-001 (channel), SCJG-002 (fully online)
    assert stats.one_trip_percent == Decimal("75.00")     # all but ZJ-001 (2 trips)
    assert stats.zero_trip_percent == Decimal("25.00")    # SCJG-002


def test_stats_charts_are_svg_with_the_counts(county) -> None:
    charts = stats_charts(compute_stats(county, date(2026, 11, 23)), county)
    assert set(charts) == {"items-by-type.svg", "items-by-department.svg", "time-limits.svg", "shares.svg"}
    by_department = charts["items-by-department.svg"]
    assert by_department.startswith("<svg") and by_department.count("<rect") == 3
    assert ">市场监管局</text>" in by_department and ">2项</text>" in by_department
    assert ">21.25日</text>" in charts["time-limits.svg"] and ">4.50日</text>" in charts["time-limits.svg"]


def test_stats_command_json_and_chart_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["stats", "--config", str(COUNTY), "--on", "2026-11-23", "--format", "json",
                                      "--charts", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["compression_percent"] == "78.82"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["items-by-department.svg", "items-by-type.svg", "shares.svg", "time-limits.svg"]
