"""Time as the law counts it: provisional years from the holiday law (checked against an independent lunar
library and published dates), the bisect index against the old day-by-day walk, calendar-day roll-over,
official notices checked against the law, and the calendar part of ``onewindow diff``."""
from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import lunardate
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from bench.calendar_index import walk
from onewindow.runtime.calendar import WorkingCalendar, load_law, provisional_year, read_notice, statutory_holidays
from onewindow.runtime.calendar.law import check_schedule
from onewindow.runtime.cli import cli
from onewindow.runtime.loading import load_catalog
from onewindow.runtime.review.diff import diff_catalogs

ROOT = Path(__file__).parents[3]
CONFIG = ROOT / "config"
NOTICE = Path(__file__).with_name("notice_2027.yaml")
LAW = load_law()
QINGMING_PUBLISHED = {2027: date(2027, 4, 5), 2028: date(2028, 4, 4), 2029: date(2029, 4, 4), 2030: date(2030, 4, 5)}
"""清明 as published (香港天文台《公历与农历日期对照表》/ 紫金山天文台《中国天文年历》)."""


@pytest.fixture(scope="module")
def official():
    return load_catalog(CONFIG).calendar


@pytest.mark.parametrize("year", range(2024, 2031))
def test_lunar_festivals_agree_with_an_independent_library(year: int) -> None:
    days = statutory_holidays(LAW, year)
    for name, (month, day) in (("端午节", (5, 5)), ("中秋节", (8, 15))):
        assert days[lunardate.LunarDate(year, month, day).to_solar_date()] in (name, "国庆节")  # 2028: 中秋 is 10-03
    new_year = lunardate.LunarDate(year, 1, 1).to_solar_date()
    assert [d for d, n in sorted(days.items()) if n == "春节"] == [new_year + timedelta(days=i) for i in (-1, 0, 1, 2)]


@pytest.mark.parametrize("year", sorted(QINGMING_PUBLISHED))
def test_qingming_matches_published_dates(year: int) -> None:
    assert statutory_holidays(LAW, year)[QINGMING_PUBLISHED[year]] == "清明节"


@pytest.mark.parametrize("year", [2025, 2026])
def test_official_years_contain_every_statutory_holiday(official, year: int) -> None:
    assert list(check_schedule(LAW, official[year])) == []


def test_2027_spring_festival_derived_with_weekend_compensation_and_no_makeup_days() -> None:
    year = provisional_year(LAW, 2027)
    spring = [h.date for h in year.holidays if h.name == "春节"]
    # 除夕 02-05 (Fri) … 初三 02-08; 02-06, 02-07 fall on the weekend → 第六条 compensation 02-09, 02-10
    assert spring == [date(2027, 2, d) for d in range(5, 11)]
    assert year.makeup_workdays == ()
    assert "暂定" in (year.source or "")


@pytest.fixture(scope="module")
def calendar(official) -> WorkingCalendar:
    return WorkingCalendar(official, law=LAW, provisional_through=2031)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(st.integers(0, 365 * 6 - 1), st.integers(0, 120))
def test_index_equals_the_day_by_day_walk(calendar: WorkingCalendar, offset: int, days: int) -> None:
    start = date(2024, 1, 1) + timedelta(days=offset)
    count = calendar.add_working_days(start, days)
    due, skipped, makeup = walk(calendar, start, days)  # the former day-by-day count, kept as the reference
    assert count.due == due == calendar.due_date(start, days)
    assert [(s.day, s.reason) for s in count.skipped] == skipped
    assert [m.day for m in count.makeup_days] == makeup


def test_calendar_days_roll_over_national_day(calendar: WorkingCalendar) -> None:
    count = calendar.add_calendar_days(date(2026, 9, 3), 30)
    assert (count.due, count.rolled_from, count.unit) == (date(2026, 10, 8), date(2026, 10, 3), "calendar_days")
    assert "民法典第二百零三条" in count.explain() and "国庆节" in count.explain()
    assert calendar.add_calendar_days(date(2026, 9, 3), 33).due == date(2026, 10, 8)
    assert calendar.add_calendar_days(date(2026, 9, 3), 35).due == date(2026, 10, 8)  # 10-08 itself is a working day


def test_provisional_marked_exactly_when_touched(calendar: WorkingCalendar) -> None:
    inside = calendar.add_working_days(date(2026, 12, 10), 20)
    assert inside.provisional_years == (2027,)
    assert "2027 年放假安排尚未公布，暂按法定节假日推算，公布后以正式安排为准" in inside.explain()
    assert calendar.add_working_days(date(2026, 12, 10), 10).provisional_years == ()


# -- official notices ------------------------------------------------------------------------------
def _notice(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "notice.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_notice_2027_reads_and_passes_the_law() -> None:
    entry, problems = read_notice(NOTICE, LAW)
    assert problems == [] and entry is not None and entry.year == 2027
    assert len(entry.makeup_workdays) == 6 and date(2027, 2, 13) in {h.date for h in entry.holidays}


@pytest.mark.parametrize(("edit", "where", "words"), [
    (("{name: 中秋节, from: 2027-09-15, to: 2027-09-15}", "{name: 中秋节, from: 2027-09-16, to: 2027-09-16}"),
     "holidays", "2027-09-15（中秋节）"),
    (("{name: 国庆节, date: 2027-10-09}", "{name: 国庆节, date: 2027-10-08}"), "makeup_workdays[5].date", "不是周六或周日"),
    (("{name: 端午节, from: 2027-06-09, to: 2027-06-09}", "{name: 端午节, from: 2027-05-05, to: 2027-05-06}"),
     "holidays[4].from", "重叠"),
    (("{name: 国庆节, date: 2027-10-09}", "{name: 国庆节, date: 2027-10-02}"), "makeup_workdays[5].date", "放假期间"),
])
def test_notice_problems_name_file_line_and_field(tmp_path: Path, edit, where: str, words: str) -> None:
    text = NOTICE.read_text(encoding="utf-8")
    assert edit[0] in text
    path = _notice(tmp_path, text.replace(edit[0], edit[1]))
    entry, problems = read_notice(path, LAW)
    assert entry is None and problems
    assert any(p.field_path == where and words in p.message and p.line > 1 for p in problems), [str(p) for p in problems]


def test_calendar_add_writes_the_year_and_refuses_to_overwrite(tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(CONFIG, config)
    runner = CliRunner()
    result = runner.invoke(cli, ["calendar", "add", "2027", "--from", str(NOTICE), "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert load_catalog(config, cache_dir=None).calendar[2027].makeup_workdays[0].date == date(2027, 2, 14)
    again = runner.invoke(cli, ["calendar", "add", "2027", "--from", str(NOTICE), "--config", str(config)])
    assert again.exit_code == 2 and "--replace" in again.output
    wrong = runner.invoke(cli, ["calendar", "add", "2028", "--from", str(NOTICE), "--config", str(config)])
    assert wrong.exit_code == 1 and "不一致" in wrong.output


def test_calendar_seed_missing_year_points_to_the_notice() -> None:
    result = CliRunner().invoke(cli, ["calendar", "seed", "2099"])
    assert result.exit_code == 2 and "calendar add 2099 --from" in result.output


# -- an official notice changes due dates, and the diff shows it ---------------------------------------
def test_official_2027_changes_due_dates_and_diff_shows_them(tmp_path: Path) -> None:
    config = tmp_path / "config"
    shutil.copytree(CONFIG, config)
    assert CliRunner().invoke(cli, ["calendar", "add", "2027", "--from", str(NOTICE), "--config", str(config)]).exit_code == 0
    base, head = load_catalog(CONFIG, cache_dir=None), load_catalog(config, cache_dir=None)
    before = WorkingCalendar(base.calendar, law=LAW, provisional_through=2029)
    after = WorkingCalendar(head.calendar, law=LAW, provisional_through=2029)
    # received 2027-01-08, 20 working days: provisionally 02-11 counts; officially 02-11…02-13 are off, 02-14 is worked
    assert before.add_working_days(date(2027, 1, 8), 20).due == date(2027, 2, 11)
    assert before.add_working_days(date(2027, 1, 8), 20).provisional_years == (2027,)
    assert after.add_working_days(date(2027, 1, 8), 20).due == date(2027, 2, 14)
    assert after.add_working_days(date(2027, 1, 8), 20).provisional_years == ()
    changes = diff_catalogs(base, head)
    days = {c.key + ":" + c.message[:10] for c in changes if c.kind == "calendar-day"}
    assert "2027:2027-02-11" in days and "2027:2027-02-14" in days
    assert not any(c.message.startswith("2027-01-02") for c in changes if c.kind == "calendar-day")  # weekend either way
    moved = {c.key: c for c in changes if c.kind == "due-dates-moved"}
    assert "QX-NY-001" in moved and moved["QX-NY-001"].old != moved["QX-NY-001"].new
    output = CliRunner().invoke(cli, ["diff", str(CONFIG), str(config)]).output
    assert "工作日历 2027" in output and "QX-NY-001" in output and "没有语义变更" not in output


def test_the_real_2026_notice_gives_the_official_2026_calendar(official) -> None:
    """docs/examples/notice_2026.yaml is the State Council's 2026 notice entered range by range: read and checked
    against the law like any notice, it is day for day the 2026 calendar the county runs on."""
    entry, problems = read_notice(ROOT / "docs" / "examples" / "notice_2026.yaml", load_law())
    assert entry is not None, problems
    shipped = official[2026]
    assert sorted((h.date, h.name) for h in entry.holidays) == sorted((h.date, h.name) for h in shipped.holidays)
    assert sorted(m.date for m in entry.makeup_workdays) == sorted(m.date for m in shipped.makeup_workdays)


def test_the_roll_over_quotes_the_law_file(official) -> None:  # noqa: ANN001
    """Policy is data: the roll-over article comes from calendar/law.yaml (it was a Python string)."""
    rule = LAW.counting.last_day_off.model_copy(update={"article": "第二百零三条第一款"})
    edited = LAW.model_copy(update={"counting": LAW.counting.model_copy(update={"last_day_off": rule})})
    count = WorkingCalendar(official, law=edited, provisional_through=2031).add_calendar_days(date(2026, 9, 3), 30)
    assert "顺延至休假日结束的次日（民法典第二百零三条第一款）" in count.explain()


def test_the_decision_clock_quotes_the_law_file(official) -> None:  # noqa: ANN001
    """Policy is data: the clock's notice-deadline, not-counted-procedures and extension sentences quote
    calendar/law.yaml (``counting.supplement_notice``, ``counting.excluded_procedures``, ``extensions``), which
    were Python strings; the shipped file gives the text decisions always had, an edited file is quoted as it says."""
    from datetime import datetime, timezone

    from onewindow.runtime.decision.clock import ClockStart, Limits, not_started, running

    received = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
    start = ClockStart(received, False, True, None)
    limits = Limits(promised=10, statutory=20, pauses=("expert_review",), extension_days=10)

    def texts(law):  # noqa: ANN001, ANN202
        calendar = WorkingCalendar(official, law=law, provisional_through=2031)
        waiting = not_started(calendar, received, received.date(), date(2026, 3, 9), limits).explanation
        return waiting, running(calendar, law, received, received.date(), start, limits, "time_limited").explanation

    waiting, clock = texts(LAW)
    assert waiting.endswith("补正告知期限 2026-03-09（行政许可法第三十二条：当场或者五日内一次告知，逾期不告知的，自收到申请材料之日起即为受理）")
    assert "专家评审所需时间不计入时限（行政许可法第四十五条），所需时间书面告知申请人" in clock
    assert "经本行政机关负责人批准可延长 10 工作日" in clock and clock.count("（行政许可法第四十二条第一款）") == 1
    counting = LAW.counting.model_copy(update={
        "supplement_notice": LAW.counting.supplement_notice.model_copy(update={"article": "第三十二条第一款第四项", "description": "五日内一次告知"}),
        "excluded_procedures": LAW.counting.excluded_procedures.model_copy(update={"title": "某法", "article": "第九条"})})
    caps = {k: c.model_copy(update={"article": "第四十二条（修订）"}) for k, c in LAW.extensions.items()}
    waiting, clock = texts(LAW.model_copy(update={"counting": counting, "extensions": caps}))
    assert waiting.endswith("（行政许可法第三十二条第一款第四项：五日内一次告知）")
    assert "所需时间不计入时限（某法第九条）" in clock and "（行政许可法第四十二条（修订））" in clock
    assert "第四十五条" not in clock and "第四十二条第一款" not in clock
