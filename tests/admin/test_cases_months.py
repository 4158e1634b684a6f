"""The monthly report's frozen months, the carried-over count, 绩效考核 and the centre's time zone.

Frozen figures must always equal the live computation over ``cases``: checked after late events, withdrawals
after a month's end, reopened cases, and over random histories (a differential test).
"""
from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from onewindow.admin.cases.figures import month_figures
from onewindow.admin.cases.ledger import ledger
from onewindow.admin.cases.report import monthly_report
from onewindow.admin.cases.tables import Case, CaseMonth
from onewindow.admin.store.db import db
from test_cases import _at, _case, _event, application, county_app, county_db, create, event, hand_counted_month  # noqa: F401

MONTHS = ("2026-01", "2026-02", "2026-03", "2026-04")


@pytest.fixture
def app(tmp_path: Path, county_db: Path) -> Flask:  # noqa: F811
    return county_app(tmp_path, county_db)


def figures(app: Flask, month: str, *, live: bool = False) -> Any:
    with app.app_context():
        led = ledger()
        return month_figures(month, led.now().date(), live=live)


def frozen(app: Flask, month: str) -> bool:
    with app.app_context():
        row = db.session.get(CaseMonth, month)
        return row is not None and row.frozen_version == row.version


def assert_frozen_equals_live(app: Flask) -> None:
    for month in MONTHS:
        assert figures(app, month) == figures(app, month, live=True), month


def test_a_case_withdrawn_after_the_month_stays_carried_over(app: Flask) -> None:
    """Regression: F2, open at the end of March, withdrawn on 2 April, was dropped from March's 结转."""
    hand_counted_month(app)
    client = app.test_client()
    with app.app_context():
        f2 = db.session.scalar(db.select(Case.number).where(Case.received_on == date(2026, 2, 26), Case.decided_on.is_(None)))
    _event(app, client, f2, "2026-04-02", kind="withdraw", reason="申请人撤回")
    with app.app_context():
        for live in (True, False):
            march = monthly_report("2026-03", ledger(), live=live).total
            assert (march.carried_over, march.accepted, march.completed) == (1, 4, 4)
        # withdrawn within April: not carried over at April's end (the case received on 1 April still is)
        assert monthly_report("2026-04", ledger()).total.carried_over == 1
        closed_on = db.session.scalar(db.select(Case.closed_on).where(Case.number == f2))
    assert str(closed_on) == "2026-04-02"


def test_closed_months_freeze_and_late_events_invalidate_them(app: Flask) -> None:
    hand_counted_month(app)
    client = app.test_client()
    x = _case(app, client, "2026-03-10")                                   # X: accepted in March, still open
    _at(app, "2026-04-01")
    figures(app, "2026-03")
    assert not frozen(app, "2026-03")                                      # one day of grace after the month's end
    _at(app, "2026-04-15")
    march = figures(app, "2026-03")
    figures(app, "2026-04")
    assert frozen(app, "2026-03") and not frozen(app, "2026-04")            # the current month is always live
    total = monthly_report_total(app, "2026-03")
    assert (total.accepted, total.completed, total.carried_over) == (5, 4, 2)   # F2 and X carried over
    # an event today that does not touch March's figures leaves March frozen
    with app.app_context():
        version = db.session.get(CaseMonth, "2026-03").version
    _event(app, client, x, "2026-04-15", kind="start_step", step=1)
    with app.app_context():
        assert db.session.get(CaseMonth, "2026-03").version == version
    # a late decision dated in March (recorded on 16 April) changes March: the frozen figures are invalidated
    _at(app, "2026-04-16")
    answer = event(client, x, at="2026-04-15T17:00:00+08:00", kind="decide", result="approved")
    assert answer.status_code == 200, answer.get_json()
    assert frozen(app, "2026-03")                                          # decided in April: March unchanged
    with app.app_context():
        case = db.session.scalar(db.select(Case).where(Case.number == x))
        assert str(case.decided_on) == "2026-04-15"
    assert figures(app, "2026-03") == march
    _at(app, "2026-04-20")
    y = create(client, received_at="2026-03-16T10:00:00+08:00")["number"]  # Y: received in March, recorded late
    assert not frozen(app, "2026-03")
    answer = event(client, y, at="2026-03-25T16:00:00+08:00", kind="decide", result="approved")
    assert answer.status_code == 200, answer.get_json()
    total = monthly_report_total(app, "2026-03")
    assert (total.accepted, total.completed, total.carried_over) == (6, 5, 2)
    assert frozen(app, "2026-03")
    assert_frozen_equals_live(app)


def monthly_report_total(app: Flask, month: str) -> Any:
    with app.app_context():
        return monthly_report(month, ledger()).total


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_frozen_figures_equal_live_over_random_histories(app: Flask, seed: int) -> None:
    """Differential: random cases and events, many recorded late (dated before the day they are recorded),
    reports read between them; every month's frozen figures equal the live ones at every checkpoint."""
    rng = random.Random(seed)
    client = app.test_client()
    days = [f"2026-{m:02d}-{d:02d}" for m, last in ((1, 30), (2, 27), (3, 31), (4, 28)) for d in range(5, last, 3)]
    clock = 0
    cases: list[tuple[str, int]] = []        # (number, index of its last event day)
    for step in range(40):
        clock = min(len(days) - 1, clock + rng.choice((0, 0, 1, 2)))
        if not cases or rng.random() < 0.35:
            received = rng.randrange(max(0, clock - 6), clock + 1)
            _at(app, days[clock])
            number = create(client, received_at=f"{days[received]}T10:00:00+08:00")["number"]
            cases.append((number, received))
            continue
        index = rng.randrange(len(cases))
        number, last = cases[index]
        when = rng.randrange(last, clock + 1)
        kind = rng.choice(("decide", "decide", "withdraw", "deliver", "reopen", "start_step"))
        body: dict[str, Any] = {"kind": kind, "at": f"{days[when]}T16:00:00+08:00"}
        body |= {"decide": {"result": rng.choice(("approved", "denied"))}, "withdraw": {"reason": "撤回"},
                 "reopen": {"reason": "复议"}, "start_step": {"step": 1}}.get(kind, {})
        _at(app, days[clock])
        answer = event(client, number, **body)
        assert answer.status_code in (200, 409, 422), answer.get_json()
        if answer.status_code == 200:
            cases[index] = (number, when)
        if step % 5 == 4:
            for month in MONTHS:
                figures(app, month)                                   # freezes the closed months
            assert_frozen_equals_live(app)
    _at(app, "2026-05-20")
    assert_frozen_equals_live(app)
    assert all(frozen(app, month) for month in MONTHS)


def test_scoring_of_windows_and_staff_against_hand_counts(app: Flask) -> None:
    """Two clerks in March 2026 at 不动产首次登记 (promised 5 working days), counted by hand with the reference
    county's scoring (按时 40 + 评价 40 + 投诉 20, 5 per upheld complaint; 100/80/60/20/0 per grade)."""
    from onewindow.admin.cases.feedback import answer_complaint, file_complaint

    app.config["ONEWINDOW_CASE_API_TOKENS"] = {"test-token": "embedding", "wang": "wang", "li": "li"}
    client = app.test_client()

    def made_by(clerk: str, day: str) -> dict[str, Any]:
        _at(app, day)
        answer = client.post("/api/v1/cases", json={"application": application(received_at=f"{day}T10:00:00+08:00")},
                             headers={"Authorization": f"Bearer {clerk}"})
        assert answer.status_code == 201, answer.get_json()
        return answer.get_json()

    a, b, c = made_by("wang", "2026-03-02"), made_by("wang", "2026-03-02"), made_by("wang", "2026-03-03")
    d = made_by("li", "2026-03-02")
    _event(app, client, a["number"], "2026-03-06", kind="decide", result="approved")     # early (due 03-09)
    _event(app, client, d["number"], "2026-03-09", kind="decide", result="approved")     # on time
    _event(app, client, b["number"], "2026-03-12", kind="decide", result="denied")       # overdue
    _at(app, "2026-03-13")
    for case, grade in ((a, 5), (b, 2), (d, 4)):
        answer = client.post(f"/api/v1/cases/evaluation?number={case['number']}&code={case['query_code']}",
                             json={"grade": grade, "reason": "等了很久" if grade <= 2 else None})
        assert answer.status_code == 201, answer.get_json()
    with app.app_context():
        led = ledger()
        case_b = db.session.scalar(db.select(Case).where(Case.number == b["number"]))
        on_b = file_complaint(led, complainant="赵六", content="超期未办结", case=case_b)
        on_li = file_complaint(led, complainant="钱七", content="态度生硬", person="li")
        on_li_again = file_complaint(led, complainant="孙八", content="未一次告知", person="li")
        answer_complaint(on_b, "情况属实，已约谈", by="office", upheld=True)
        answer_complaint(on_li, "经查看录像，不属实", by="office", upheld=False)
        answer_complaint(on_li_again, "属实", by="office", upheld=True)
        db.session.commit()
        scores = monthly_report("2026-03", led).scores
    assert scores is not None
    staff = {s.key: s for s in scores.staff}
    wang, li = staff["wang"], staff["li"]
    # wang: received A B C; decided A (early) and B (late): 50% → 20; grades 5 and 2: (100 + 20) / 2 = 60 → 24;
    # one upheld complaint (on B, his case): 20 − 5 = 15; 59.0 → 不合格
    assert (wang.handled, wang.completed, wang.on_time, wang.upheld) == (3, 2, 1, 1)
    assert (wang.on_time_rate, wang.evaluation_points, wang.total, wang.band) == (
        Decimal("50.00"), Decimal("60.00"), Decimal("59.0"), "不合格")
    # li: D on time: 100% → 40; grade 4: 80 → 32; one of two complaints upheld: 15; 87.0 → 良好
    assert (li.handled, li.completed, li.on_time, li.upheld) == (1, 1, 1, 1)
    assert (li.total, li.band) == (Decimal("87.0"), "良好")
    window = {s.key: s for s in scores.windows}["real_estate_branch_window"]
    # the window: 4 received, 3 decided, 2 in time: 66.67% → 26.668; grades 5 2 4: 66.67 → 26.668;
    # the complaint on B names the window: 15; 68.336 → 68.3 → 合格
    assert (window.handled, window.completed, window.on_time, window.upheld) == (4, 3, 2, 1)
    assert (window.on_time_rate, window.evaluation_points, window.total, window.band) == (
        Decimal("66.67"), Decimal("66.67"), Decimal("68.3"), "合格")
    assert scores.scoring.basis and "第二十二条" in scores.scoring.basis
    # shown in the console's report page and in the downloaded report
    from console_support import login

    office = login(app.test_client(), "efficiency_office")
    page = office.get("/admin/case_reports/?month=2026-03").get_data(as_text=True)
    assert 'id="scores-staff"' in page and "68.3" in page and "不合格" in page and "第二十二条" in page
    html = office.get("/admin/case_reports/download?month=2026-03&format=html").get_data(as_text=True)
    assert 'id="scores-windows"' in html and "87.0" in html
    xlsx = office.get("/admin/case_reports/download?month=2026-03&format=xlsx")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx.data))["绩效考核"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert ["wang", "wang", 3, 2, 1, 50.0, 2, 60.0, 1, 59.0, "不合格"] in rows


def test_days_and_months_follow_the_centres_time_zone(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """A centre in another zone: a receipt at 23:30 UTC on 31 March is 07:30 on 1 April in Beijing and 19:30 on
    31 March in New York; the case's number, day, events and report month follow the centre's ``timezone``
    (``Centre.zone``, patched here: the model itself admits Beijing time only), not a zone written into the code."""
    from onewindow.runtime.catalog import Centre

    client = app.test_client()
    app.config["ONEWINDOW_NOW"] = "2026-03-31T23:30:00+00:00"
    beijing = create(client, received_at="2026-03-31T23:30:00+00:00")
    assert beijing["number"][6:14] == "20260401" and beijing["status"]["received_on"] == "2026-04-01"
    monkeypatch.setattr(Centre, "zone", property(lambda self: ZoneInfo("America/New_York")))
    elsewhere = create(client, received_at="2026-03-31T23:30:00+00:00")
    assert elsewhere["number"][6:14] == "20260331" and elsewhere["status"]["received_on"] == "2026-03-31"
    answer = event(client, elsewhere["number"], kind="start_step", step=1, at="2026-04-01T14:00:00+00:00")
    assert answer.status_code == 200, answer.get_json()
    with app.app_context():
        from onewindow.admin.cases.ledger import events_of

        stored_event = events_of(db.session.scalar(db.select(Case).where(Case.number == elsewhere["number"])))[-1]
        assert stored_event.at.isoformat() == "2026-04-01T10:00:00-04:00"   # kept in the centre's zone
        led = ledger()
        assert led.zone == ZoneInfo("America/New_York") and led.now().utcoffset() is not None
        assert str(led.now().date()) == "2026-03-31"
        stored = db.session.scalar(db.select(Case).where(Case.number == elsewhere["number"]))
        assert str(stored.received_on) == "2026-03-31"
        march = monthly_report("2026-03", led, live=True).scores
        assert march is not None and sum(w.handled for w in march.windows) == 1   # received on 31 March there


def test_due_dates_in_a_provisional_calendar_year_are_marked_in_the_api_and_the_page(app: Flask) -> None:
    """Received on 28 December 2026: the promised date falls in 2027, whose holidays are not yet published, so
    the case says so (as a decision's clock does) in the API, the clerk's page and the public lookup."""
    from console_support import login
    from onewindow.runtime.calendar import provisional_note

    client = app.test_client()
    _at(app, "2026-12-28")
    late = create(client, received_at="2026-12-28T10:00:00+08:00")
    status = late["status"]
    assert status["promised_due"].startswith("2027-") and status["provisional"] is True
    assert status["provisional_years"] == [2027] and status["provisional_note"] == provisional_note((2027,))
    assert any(provisional_note((2027,)) in line for line in status["explanation"])
    _at(app, "2026-03-02")
    early = create(client)["status"]
    assert early["provisional"] is False and early["provisional_note"] is None
    assert not any("暂按法定节假日推算" in line for line in early["explanation"])
    clerk = login(app.test_client(), "window_clerk")
    page = clerk.get(f"/admin/cases/{late['number']}").get_data(as_text=True)
    assert 'id="case-provisional"' in page and provisional_note((2027,)) in page and "（暂定）" in page
    assert 'id="case-provisional"' not in clerk.get(f"/admin/cases/{create(client)['number']}").get_data(as_text=True)
    public = app.test_client().get(f"/cases/lookup?number={late['number']}&code={late['query_code']}").get_data(as_text=True)
    assert provisional_note((2027,)) in public
    with app.app_context():
        assert db.session.scalar(db.select(Case.provisional).where(Case.number == late["number"])) is True


def test_the_daily_snapshot_freezes_the_closed_months(app: Flask) -> None:
    hand_counted_month(app)
    _at(app, "2026-04-15")
    with app.app_context():
        from onewindow.admin.cases.figures import freeze_closed

        past_year = ["2026-03", "2026-02", "2026-01"] + [f"2025-{m:02d}" for m in range(12, 3, -1)]
        assert freeze_closed(ledger().now().date()) == past_year
        assert freeze_closed(ledger().now().date()) == []                 # nothing stale: nothing recomputed
    assert frozen(app, "2026-03") and not frozen(app, "2026-04")
    assert_frozen_equals_live(app)
