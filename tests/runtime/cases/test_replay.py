"""Replaying a case: the statute's clocks, hand-counted on the 2026 calendar (2026-03-02 is a Monday)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from onewindow.runtime.cases import CaseError, CaseStep, DeferredMaterial, FeeAllowance, replay, supervise

from .conftest import POLICY, at, basis, ev


def run(events, b=None, as_of=None, calendar=None, lifecycle=None):  # noqa: ANN001, ANN202
    return replay(b or basis(), events, lifecycle=lifecycle, calendar=calendar, policy=POLICY,
                  as_of=at(as_of) if as_of else None)


@pytest.fixture
def play(calendar, lifecycle):  # noqa: ANN001, ANN201
    return lambda events, b=None, as_of=None: run(events, b, as_of, calendar, lifecycle)


def test_accept_starts_both_clocks_the_day_after(play) -> None:  # noqa: ANN001
    status = play([ev("accept", "2026-03-02", starts_on=date(2026, 3, 2))])
    assert status.state == "accepted" and status.starts_on == date(2026, 3, 2)
    assert status.promised_due == date(2026, 3, 9)
    assert status.statutory_due == date(2026, 3, 30)
    assert [s.due for s in status.steps] == [date(2026, 3, 2), date(2026, 3, 5), date(2026, 3, 9), date(2026, 3, 9)]
    assert any("承诺办结日期：2026-03-09（5 个工作日）" in line for line in status.explanation)


def test_a_step_whose_days_are_not_published_has_no_due_date_nor_do_the_steps_after_it(play, calendar) -> None:  # noqa: ANN001
    """Unknown is not none: a step without days gets no due date (and neither do later ones, whose cumulative
    days are unknown); the case's own promised and statutory dates still run, and supervision skips the step."""
    b = basis(steps=(CaseStep(order=1, name="受理", days=0), CaseStep(order=2, name="审查"),
                     CaseStep(order=3, name="决定", days=2)))
    status = play([ev("accept", "2026-03-02", starts_on=date(2026, 3, 2))], b, "2026-03-20")
    assert [(s.days, s.due) for s in status.steps] == [(0, date(2026, 3, 2)), (None, None), (2, None)]
    assert status.promised_due == date(2026, 3, 9)
    cards = supervise(status, date(2026, 3, 20), calendar=calendar, policy=POLICY).cards
    assert not any(c.scope in ("step:2", "step:3") for c in cards)


def test_pause_moves_every_due_date_by_the_working_days_paused(play) -> None:  # noqa: ANN001
    events = [ev("accept", "2026-03-02"), ev("start_step", "2026-03-03", step=1),
              ev("pause", "2026-03-04", category="expert_review", notice_days=5, reason="组织专家评审"),
              ev("resume", "2026-03-11")]
    status = play(events)
    # 03-05, 06, 09, 10, 11 are not counted: five working days
    assert status.pauses[0].excluded_days == 5
    assert status.promised_due == date(2026, 3, 16)
    assert status.statutory_due == date(2026, 4, 7)  # 03-30 + 5 working days, over 清明 (04-04..06)
    assert any("专家评审" in line and "不计 5 个工作日" in line for line in status.explanation)


def test_open_pause_counts_to_the_announced_end_then_to_today(play, calendar) -> None:  # noqa: ANN001
    events = [ev("accept", "2026-03-02"), ev("pause", "2026-03-03", category="testing", notice_days=3, reason="送检")]
    announced = play(events, as_of="2026-03-04")
    assert announced.paused and announced.pauses[0].expected_end == date(2026, 3, 6)
    assert announced.promised_due == date(2026, 3, 12)  # 3 working days not counted
    later = play(events, as_of="2026-03-10")
    assert later.promised_due == date(2026, 3, 16)  # 03-04..03-10: 5 working days
    assert supervise(later, date(2026, 3, 10), calendar=play.__closure__ and _cal(play), policy=POLICY).cards[0].code == "pause-overrun"


def _cal(play):  # noqa: ANN001, ANN202
    return play.__closure__[0].cell_contents if False else _CAL[0]


_CAL: list = []


@pytest.fixture(autouse=True)
def _keep_calendar(calendar) -> None:  # noqa: ANN001
    _CAL[:] = [calendar]


def test_not_told_within_five_days_is_deemed_accepted_from_receipt(play) -> None:  # noqa: ANN001
    b = basis(received_at=at("2026-09-29"), starts_on=date(2026, 9, 29))
    quiet = play([], b, as_of="2026-10-12")
    # notice deadline: 5 working days after 09-29 → 09-30, (10-01..07 off), 10-08, 10-09, 10-10 (调休), 10-12
    assert quiet.notice_deadline == date(2026, 10, 12)
    assert quiet.state == "received" and not quiet.deemed_accepted
    late = play([], b, as_of="2026-10-13")
    assert late.deemed_accepted and late.state == "accepted" and late.starts_on == date(2026, 9, 29)
    assert late.promised_due == date(2026, 10, 12)
    with pytest.raises(CaseError) as info:
        play([ev("request_supplement", "2026-10-13", reason="缺身份证")], b)
    assert info.value.errors[0].path == "$.events[0].kind" and "视同" in info.value.errors[0].message
    confirmed = play([ev("accept", "2026-10-14")], b)
    assert confirmed.deemed_accepted and confirmed.starts_on == date(2026, 9, 29)


def test_supplement_then_acceptance_starts_the_clock_at_acceptance(play) -> None:  # noqa: ANN001
    events = [ev("request_supplement", "2026-03-02", reason="缺营业执照"), ev("supplement_received", "2026-03-10"),
              ev("accept", "2026-03-10", 15)]
    status = play(events)
    assert status.notice_deadline == date(2026, 3, 17) and status.starts_on == date(2026, 3, 10)
    assert status.promised_due == date(2026, 3, 17)


def test_extension_caps_by_regime_and_promised_never_past_statutory(play) -> None:  # noqa: ANN001
    accept = ev("accept", "2026-03-02")
    ok = play([accept, ev("extend", "2026-03-20", days=10, approver="王局长", reason="情况复杂")])
    assert ok.statutory_due == date(2026, 4, 14) and ok.promised_due == date(2026, 3, 9)
    with pytest.raises(CaseError) as info:
        play([accept, ev("extend", "2026-03-20", days=6, approver="王局长", reason="一"),
              ev("extend", "2026-03-21", days=5, approver="王局长", reason="二")])
    assert info.value.errors[0].path == "$.events[2].days" and "10 个工作日" in info.value.errors[0].message
    joint = play([accept, ev("extend", "2026-03-20", days=15, approver="县长", reason="联合审批")],
                 basis(regime="joint", statutory_days=45))
    assert joint.extensions[0].approver_role == "本级人民政府负责人"
    with pytest.raises(CaseError) as info:
        play([accept, ev("extend", "2026-03-05", days=16, clock="promised", approver="效能办", reason="x")])
    assert "不得晚于法定办结日期" in info.value.errors[0].message


def test_missing_fields_wrong_state_and_order_are_refused_with_paths(play) -> None:  # noqa: ANN001
    with pytest.raises(CaseError) as info:
        play([ev("accept", "2026-03-02"), ev("pause", "2026-03-03", category="testing")])
    assert {e.path for e in info.value.errors} == {"$.events[1].notice_days", "$.events[1].reason"}
    with pytest.raises(CaseError) as info:
        play([ev("deliver", "2026-03-02")])
    assert "不能送达" in info.value.errors[0].message and "受理" in info.value.errors[0].message
    with pytest.raises(CaseError) as info:
        play([ev("accept", "2026-03-03"), ev("start_step", "2026-03-02", step=1)])
    assert info.value.errors[0].code == "out-of-order"
    with pytest.raises(CaseError) as info:
        play([ev("accept", "2026-03-02"), ev("pause", "2026-03-03", category="lunch", notice_days=1, reason="x")])
    assert "专家评审" in info.value.errors[0].message


def test_supervision_yellow_red_steps_fees_and_tolerance(play, calendar) -> None:  # noqa: ANN001
    b = basis(fees=(FeeAllowance(fee="cert", name="证书工本费", payable=Decimal("20.00")),),
              tolerance=(DeferredMaterial(material="lease", name="租赁合同", due=date(2026, 3, 6)),))
    events = [ev("accept", "2026-03-02"), ev("start_step", "2026-03-02", step=1), ev("complete_step", "2026-03-02", step=1),
              ev("start_step", "2026-03-03", step=2)]
    status = play(events, b)
    assert supervise(status, date(2026, 3, 3), calendar=calendar, policy=POLICY).colour == "green"
    step_yellow = supervise(status, date(2026, 3, 4), calendar=calendar, policy=POLICY)
    assert step_yellow.colour == "yellow" and step_yellow.step_colours[2] == "yellow"
    red = supervise(status, date(2026, 3, 9), calendar=calendar, policy=POLICY)  # step 2 due 03-05, material 03-06
    assert red.colour == "red" and {c.code for c in red.cards} >= {"overdue", "tolerance-overdue", "due-soon"}
    fees = play(events + [ev("charge_fee", "2026-03-04", fee="cert", amount=Decimal("20.00")),
                          ev("charge_fee", "2026-03-04", fee="cert", amount=Decimal("5.00")),
                          ev("charge_fee", "2026-03-04", fee="survey", amount=Decimal("100.00"))], b)
    flagged = [c.message for c in supervise(fees, date(2026, 3, 4), calendar=calendar, policy=POLICY).cards
               if c.code == "unauthorised-fee"]
    assert len(flagged) == 2 and "25.00" in flagged[0] and "survey" in flagged[1]
    assert fees.fees_total == Decimal("125.00")


def test_decision_delivery_and_timeliness(play, calendar) -> None:  # noqa: ANN001
    events = [ev("accept", "2026-03-02"), ev("start_step", "2026-03-02", step=1), ev("decide", "2026-03-06", result="approved")]
    status = play(events)
    assert status.timeliness == "early" and status.working_days_used == 4
    assert status.delivery_due == date(2026, 3, 20)
    assert supervise(status, date(2026, 3, 23), calendar=calendar, policy=POLICY).cards[0].code == "delivery-overdue"
    late = play(events[:2] + [ev("decide", "2026-03-10", result="denied"), ev("deliver", "2026-03-10")])
    assert late.timeliness == "overdue" and late.state == "delivered" and late.closed
    assert supervise(late, date(2026, 3, 10), calendar=calendar, policy=POLICY).cards[0].code == "decided-late"
    reopened = play(events + [ev("deliver", "2026-03-09"), ev("reopen", "2026-03-12", reason="复议撤销")])
    assert reopened.state == "in_process" and reopened.decided_on is None


def test_dates_in_a_provisional_year_are_marked(calendar, lifecycle) -> None:  # noqa: ANN001
    status = replay(basis(), [ev("accept", "2026-03-02")], lifecycle=lifecycle, calendar=calendar, policy=POLICY,
                    provisional_years=frozenset({2026}))
    assert status.provisional and "暂按法定节假日推算" in status.explanation[-1]


def test_due_dates_in_the_calendars_provisional_year_are_marked_by_default(lifecycle) -> None:  # noqa: ANN001
    """A case received late in the last official year whose dates reach the next (law-derived) year is marked
    provisional with the calendar's own note, as a decision's clock is; one inside the official year is not."""
    from onewindow.runtime.calendar import WorkingCalendar, load_law, provisional_note

    from .conftest import _years

    years = _years()
    last = max(years)
    calendar = WorkingCalendar(years, law=load_law(), provisional_through=last + 1)
    late = replay(basis(received_at=at(f"{last}-12-21"), starts_on=None, promised_days=20), [ev("accept", f"{last}-12-21")],
                  lifecycle=lifecycle, calendar=calendar, policy=POLICY)
    assert late.provisional and late.provisional_years == (last + 1,)
    assert late.promised_due is not None and late.promised_due.year == last + 1
    assert "注意：" + provisional_note((last + 1,)) in late.explanation
    early = replay(basis(received_at=at(f"{last}-03-02"), starts_on=None), [ev("accept", f"{last}-03-02")],
                   lifecycle=lifecycle, calendar=calendar, policy=POLICY)
    assert not early.provisional and early.provisional_years == ()
    assert not any("暂按法定节假日推算" in line for line in early.explanation)


def test_closed_on_is_the_day_the_case_closed(play) -> None:  # noqa: ANN001
    withdrawn = play([ev("accept", "2026-03-02"), ev("withdraw", "2026-04-02", reason="撤回")])
    assert withdrawn.closed and withdrawn.closed_on == date(2026, 4, 2)
    reopened = play([ev("accept", "2026-03-02"), ev("withdraw", "2026-03-05", reason="撤回"),
                     ev("reopen", "2026-03-09", reason="重新申请")])
    assert not reopened.closed and reopened.closed_on is None
    assert play([ev("accept", "2026-03-02")]).closed_on is None


def test_policy_comes_from_the_centre_config() -> None:
    from onewindow.runtime import load_catalog
    from onewindow.runtime.cases import CasePolicy

    from .conftest import CONFIG

    centre = load_catalog(CONFIG).centre
    policy = CasePolicy.from_centre(centre)
    assert centre.region_code == "610999"
    assert (policy.notice_days, policy.yellow_days, policy.commitment_check_days) == (5, 2, 20)


def test_the_explanation_cites_the_counting_rules_and_pause_basis_from_the_lifecycle(calendar, lifecycle) -> None:  # noqa: ANN001
    """Policy is data: the start-day and working-day rules and each pause category's basis come from
    lifecycle.yaml (they were Python strings); a lifecycle that cites otherwise is quoted as it says."""
    events = [ev("accept", "2026-03-02"), ev("pause", "2026-03-04", category="expert_review", notice_days=5, reason="评审"),
              ev("resume", "2026-03-11")]
    shipped = "\n".join(run(events, calendar=calendar, lifecycle=lifecycle).explanation)
    assert "起算日不计入，《民法典》第二百零一条；只计工作日，《行政许可法》第八十二条" in shipped
    assert "不计 5 个工作日（《行政许可法》第四十五条）" in shipped
    counting = lifecycle.counting.model_copy(update={"start": lifecycle.counting.start.model_copy(update={"article": "第二百零一条第一款"})})
    pauses = tuple(p.model_copy(update={"basis": p.basis.model_copy(update={"article": "第四十五条（专家评审）"})})
                   if p.id == "expert_review" else p for p in lifecycle.pause_categories)
    edited = type(lifecycle).model_validate({**lifecycle.model_dump(by_alias=True), "counting": counting.model_dump(),
                                             "pause_categories": [p.model_dump() for p in pauses]})
    text = "\n".join(run(events, calendar=calendar, lifecycle=edited).explanation)
    assert "《民法典》第二百零一条第一款" in text and "（《行政许可法》第四十五条（专家评审））" in text


def test_the_notice_line_and_the_fee_refusal_cite_the_lifecycle(calendar, lifecycle) -> None:  # noqa: ANN001
    """Policy is data: the one-time notice's article (``counting.notice``) and the no-basis-no-fee article
    (``fees.basis``) come from lifecycle.yaml (they were Python strings); an edited lifecycle is quoted as it says."""
    b = basis(received_at=at("2026-03-02"), starts_on=date(2026, 3, 2))
    events = [ev("accept", "2026-03-02"), ev("charge_fee", "2026-03-04", fee="survey", amount=Decimal("100.00"))]

    def texts(lc):  # noqa: ANN001, ANN202
        status = run(events, b, calendar=calendar, lifecycle=lc)
        return "\n".join(status.explanation), status.fees[0].problem

    shipped, refusal = texts(lifecycle)
    assert "收件；一次性告知期限至 2026-03-09（5 个工作日，《行政许可法》第三十二条）" in shipped
    assert refusal == "收费项目 survey 不在本办件的收费依据中（《行政许可法》第五十八条）"
    data = lifecycle.model_dump(by_alias=True)
    data["counting"]["notice"] = {"document": "行政许可法", "article": "第三十二条第一款第四项"}
    data["fees"] = {"basis": {"document": "价格法", "article": "第四十七条"}}
    shipped, refusal = texts(type(lifecycle).model_validate(data))
    assert "（5 个工作日，《行政许可法》第三十二条第一款第四项）" in shipped
    assert refusal == "收费项目 survey 不在本办件的收费依据中（《价格法》第四十七条）"


def test_a_statute_in_calendar_days_is_counted_in_calendar_days(play, calendar) -> None:  # noqa: ANN001
    """居民身份证法 第十二条: sixty days, not working days. 2026-03-02 + 60 days = 05-01 (劳动节), rolled over the
    holiday to 05-06; a pause of seven calendar days (03-05..03-11) moves the nominal day to 05-08 (a Friday).
    The promise, in working days, is counted as before."""
    b = basis(statutory_days=60, statutory_unit="calendar_days")
    status = play([ev("accept", "2026-03-02")], b)
    assert status.promised_due == date(2026, 3, 9)
    assert status.statutory_due == calendar.add_calendar_days(date(2026, 3, 2), 60).due == date(2026, 5, 6)
    assert any(line.startswith("法定办结日期：2026-05-06（60 日（自然日）") for line in status.explanation)
    paused = play([ev("accept", "2026-03-02"), ev("pause", "2026-03-04", category="testing", notice_days=5, reason="送检"),
                   ev("resume", "2026-03-11")], b)
    assert paused.statutory_due == date(2026, 5, 8) and paused.promised_due == date(2026, 3, 16)
    assert any("法定办结日期：2026-05-08" in line and "暂停不计 7 日" in line for line in paused.explanation)


def test_a_limit_in_calendar_days_is_extended_in_its_own_unit(play) -> None:  # noqa: ANN001
    """Both limits in calendar days (环境影响评价法 第二十二条): the statute's extension counts in calendar days too."""
    b = basis(promised_days=30, statutory_days=60, unit="calendar_days")
    status = play([ev("accept", "2026-03-02"), ev("extend", "2026-03-20", days=10, approver="王局长", reason="情况复杂")], b)
    assert status.promised_due == date(2026, 4, 1)  # 03-02 + 30 days, a Wednesday
    assert status.statutory_due == date(2026, 5, 11)  # 05-11 (+70 days) is a Monday
    assert any("延期 10 日（自然日）" in line for line in status.explanation)


def test_a_case_pins_its_decision_units_and_dates_its_statute_as_the_decision_did(lifecycle) -> None:  # noqa: ANN001
    """施甸 居民身份证换、补领: promise 15 working days, statute 60 calendar days. The case opened from the decision
    keeps both units, and its replay gives the decision's own due dates."""
    from pathlib import Path

    from ruamel.yaml import YAML

    from onewindow.runtime import Runtime
    from onewindow.runtime.cases import CaseBasis

    guide = Path(__file__).resolve().parents[3] / "examples" / "guides" / "id_card_renewal"
    runtime = Runtime(guide / "config", None, engine="compiled")
    decision = runtime.decide(YAML(typ="safe").load((guide / "application.yaml").read_text(encoding="utf-8")))
    b = CaseBasis.from_decision(decision, calendar_revision="k")
    assert (b.unit, b.statutory_unit) == ("working_days", "calendar_days")
    status = replay(b, [ev("accept", decision.clock.received_at.date().isoformat())], lifecycle=lifecycle,
                    calendar=runtime.calendar, policy=POLICY)
    assert (status.promised_due, status.statutory_due) == (decision.clock.promised_due, decision.clock.statutory_due)
