"""Promise against statute when the two count in different units (``time_limits[*].statutory_unit``).

施甸's 居民身份证换、补领 promises 15 个工作日 under the 六十日 (自然日) of 《居民身份证法》第十二条: accepted. A promise
that provably outlasts the statute (more working days than the statute's calendar days), or that falls due after
it for some start day of the loaded calendar (50 working days against 60 calendar days), is refused with a
Chinese finding on ``promised_days``; a calendar-day promise no longer than a working-day statute always fits.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from onewindow.runtime.loading import check_catalog

EXAMPLE = Path(__file__).parents[3] / "examples" / "guides" / "id_card_renewal" / "config"
LIMIT = "      - {statutory_days: 60, statutory_unit: calendar_days, promised_days: 15, unit: working_days}\n"


def _problems(tmp_path: Path, limit: str) -> list[str]:
    config = tmp_path / "config"
    shutil.copytree(EXAMPLE, config)
    catalog = config / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert text.count(LIMIT) == 1
    catalog.write_text(text.replace(LIMIT, limit), encoding="utf-8")
    report = check_catalog(config, cache_dir=None)
    return [f"{p.field_path}: {p.message}" for p in report.problems if p.code == "promise-exceeds-statute"]


def test_fifteen_working_days_under_sixty_calendar_days_is_accepted(tmp_path: Path) -> None:
    assert _problems(tmp_path, LIMIT) == []


def test_more_working_days_than_the_statutes_calendar_days_is_refused_without_a_calendar_count(tmp_path: Path) -> None:
    limit = LIMIT.replace("promised_days: 15", "promised_days: 61")
    assert _problems(tmp_path, limit) == [
        "items[0].time_limits[0].promised_days: 承诺时限 61 个工作日超过法定时限 60 个自然日"
        "（61 个工作日至少跨 61 个自然日，必晚于法定期满日）"]


def test_working_days_that_outlast_the_calendar_days_on_the_calendar_are_refused(tmp_path: Path) -> None:
    """50 ≤ 60, so the units prove nothing: the loaded 2026 calendar does. From 2026-01-04 (the Sunday worked for
    元旦, the first working day of the year) 60 calendar days end on Thursday 03-05, while the 50th working day
    (春节 02-15…02-23 off, 02-14 and 02-28 worked) is 03-19."""
    assert _problems(tmp_path, LIMIT.replace("promised_days: 15", "promised_days: 50")) == [
        "items[0].time_limits[0].promised_days: 承诺时限 50 个工作日超过法定时限 60 个自然日：按工作日历，2026-01-04 起算时"
        "承诺期满日 2026-03-19 晚于法定期满日 2026-03-05"]


@pytest.mark.parametrize(("promised", "statutory", "refused"), [
    (10, 15, False),  # 10 calendar days hold at most 10 working days: always within 15 working days
    (30, 20, True),  # 30 calendar days run past the 20th working day on the calendar
])
def test_calendar_day_promise_against_working_day_statute(tmp_path: Path, promised: int, statutory: int,
                                                          refused: bool) -> None:
    limit = (f"      - {{statutory_days: {statutory}, statutory_unit: working_days, promised_days: {promised}, "
             f"unit: calendar_days}}\n")
    found = _problems(tmp_path, limit)
    assert bool(found) == refused, found
    if refused:
        assert f"承诺时限 {promised} 个自然日超过法定时限 {statutory} 个工作日：按工作日历" in found[0]


def test_same_unit_message_is_unchanged(tmp_path: Path) -> None:
    limit = "      - {statutory_days: 15, promised_days: 16}\n"
    assert _problems(tmp_path, limit) == ["items[0].time_limits[0].promised_days: 承诺时限 16 日超过法定时限 15 日"]
