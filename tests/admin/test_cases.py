"""The case ledger in the console: API, numbering, stored columns against replay, pages by role, report, notices."""
from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from console_support import REPO_CONFIG, RULES, csrf_token, imported_database, login, make_app
from onewindow.admin.cases.ledger import aware, events_of, ledger
from onewindow.admin.cases.tables import Case, CaseAlert, CaseEventRow
from onewindow.admin.store.db import db
from onewindow.runtime.errors import ConfigError
from onewindow.runtime.loading.yaml_source import parse

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "applications" / "real_estate_first_registration.yaml"
TOKEN = {"Authorization": "Bearer test-token"}


@pytest.fixture(scope="module")
def county_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return imported_database(tmp_path_factory.mktemp("county-cases"), REPO_CONFIG)


def county_app(tmp_path: Path, county_db: Path, **extra: Any) -> Flask:
    shutil.copyfile(county_db, tmp_path / "console.sqlite")
    return make_app(tmp_path, ONEWINDOW_RULES_DIR=str(RULES), ONEWINDOW_CASE_API_TOKENS={"test-token": "embedding"},
                    ONEWINDOW_NOW="2026-03-02T10:00:00+08:00", **extra)


@pytest.fixture
def app(tmp_path: Path, county_db: Path) -> Iterator[Flask]:
    yield county_app(tmp_path, county_db)


def application(**changes: Any) -> dict[str, Any]:
    data, _ = parse(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    data = json.loads(json.dumps(data, default=str))
    data["received_at"] = "2026-03-02T10:00:00+08:00"
    data.update(changes)
    return data


def create(client: Any, **changes: Any) -> dict[str, Any]:
    answer = client.post("/api/v1/cases", json={"application": application(**changes), "phone": "13800000000"}, headers=TOKEN)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def event(client: Any, number: str, **body: Any) -> Any:
    return client.post(f"/api/v1/cases/{number}/events", json=body, headers=TOKEN)


def test_create_numbers_and_accepts(app: Flask) -> None:
    client = app.test_client()
    first, second = create(client), create(client)
    assert first["number"] == "61099920260302000001" and second["number"] == "61099920260302000002"
    assert len(first["query_code"]) == 8
    status = first["status"]
    assert status["state"] == "accepted" and status["promised_due"] == "2026-03-09"
    assert [s["name"] for s in status["steps"]][:2] == ["受理", "审查"]
    assert any("承诺办结日期" in line for line in status["explanation"])


def test_supplement_resume_steps_decision_delivery_and_lookup(app: Flask) -> None:
    client = app.test_client()
    materials = application()["materials"]
    materials.pop("survey_report")
    case = create(client, materials=materials)
    number = case["number"]
    assert case["status"]["state"] == "supplement_requested"
    assert event(client, number, kind="accept").status_code == 409  # not before the supplement arrives
    assert event(client, number, kind="supplement_received").status_code == 200
    accepted = event(client, number, kind="accept").get_json()
    assert accepted["status"]["state"] == "accepted"
    for kind, extra in (("start_step", {"step": 1}), ("complete_step", {"step": 1}), ("start_step", {"step": 2}),
                        ("pause", {"category": "appraisal", "notice_days": 3, "reason": "委托鉴定"}), ("resume", {}),
                        ("complete_step", {"step": 2}), ("decide", {"result": "approved"}), ("deliver", {})):
        answer = event(client, number, kind=kind, **extra)
        assert answer.status_code == 200, (kind, answer.get_json())
    assert answer.get_json()["status"]["state"] == "delivered"
    bad = event(client, number, kind="pause", category="lunch", notice_days=1, reason="x")
    assert bad.status_code == 409 and "已送达" in bad.get_json()["errors"][0]["message"]
    invalid = event(client, number, kind="extend", days="many")
    assert invalid.status_code == 422 and invalid.get_json()["errors"][0]["path"] == "$.days"
    looked = client.get(f"/api/v1/cases/lookup?number={number}&code={case['query_code']}")
    assert looked.status_code == 200 and looked.get_json()["state_name"] == "已送达"
    assert client.get(f"/api/v1/cases/lookup?number={number}&code=WRONG").status_code == 404
    page = client.get(f"/cases/lookup?number={number}&code={case['query_code'].lower()}").get_data(as_text=True)
    assert "已送达" in page and "不动产" in page


def test_stored_columns_equal_replay(app: Flask) -> None:
    client = app.test_client()
    numbers = [create(client)["number"] for _ in range(3)]
    event(client, numbers[0], kind="start_step", step=1)
    event(client, numbers[0], kind="pause", category="expert_review", notice_days=5, reason="专家评审")
    event(client, numbers[1], kind="extend", days=10, approver="局长", reason="复杂")
    event(client, numbers[2], kind="decide", result="denied")
    with app.app_context():
        led = ledger()
        for case in db.session.scalars(db.select(Case)):
            status = led.replay(case, events_of(case), aware(case.updated_at, led.zone))
            assert (case.state, case.promised_due, case.statutory_due, case.decided_on, case.timeliness, case.closed_on,
                    case.provisional) == (status.state, status.promised_due, status.statutory_due, status.decided_on,
                                          status.timeliness, status.closed_on, status.provisional)


def test_api_refusals(app: Flask) -> None:
    client = app.test_client()
    assert client.post("/api/v1/cases", json={"application": application()}).status_code == 401
    assert client.post("/api/v1/cases", data="x", headers=TOKEN).status_code == 400
    missing = client.post("/api/v1/cases", json={"application": application(item="NOPE")}, headers=TOKEN)
    assert missing.status_code == 422 and missing.get_json()["errors"][0]["path"].startswith("$.application")
    assert client.post("/api/v1/cases/000/events", json={"kind": "accept"}, headers=TOKEN).status_code == 404
    auditor = login(app.test_client(), "auditor")
    assert auditor.post("/api/v1/cases", json={"application": application()}).status_code == 403


def test_red_alert_when_the_clock_passes_and_cleared_on_decision(tmp_path: Path, county_db: Path) -> None:
    app = county_app(tmp_path, county_db)
    client = app.test_client()
    number = create(client)["number"]
    app.config["ONEWINDOW_NOW"] = "2026-03-10T09:00:00+08:00"  # promised 2026-03-09 has passed
    office = login(app.test_client(), "efficiency_office")
    page = office.get("/admin/supervision/?colour=red").get_data(as_text=True)
    assert number in page
    office.post("/admin/supervision/snapshot", data={"csrf_token": csrf_token(page)})
    with app.app_context():
        alerts = db.session.scalars(db.select(CaseAlert).where(CaseAlert.cleared_at.is_(None))).all()
        assert {a.code for a in alerts} >= {"overdue"} and all(a.raised_by == "office" for a in alerts)
    event(client, number, kind="decide", result="approved")
    with app.app_context():
        overdue = db.session.scalar(db.select(CaseAlert).where(CaseAlert.code == "overdue"))
        assert overdue.cleared_at is not None and overdue.clear_reason == "作出决定"


def test_evaluation_rules(app: Flask) -> None:
    client = app.test_client()
    case = create(client)
    number, code = case["number"], case["query_code"]
    url = f"/api/v1/cases/evaluation?number={number}&code={code}"
    assert client.post(url, json={"grade": 5}).status_code == 409  # not decided yet
    event(client, number, kind="decide", result="approved")
    assert client.post(url, json={"grade": 2}).get_json()["errors"][0]["path"] == "$.reason"
    assert client.post(url, json={"grade": 7}).status_code == 422
    assert client.post(url, json={"grade": 2, "reason": "等候太久"}).status_code == 201
    assert client.post(url, json={"grade": 5}).status_code == 409  # once per case


def test_notices_html_and_pdf(app: Flask) -> None:
    number = create(app.test_client())["number"]
    clerk = login(app.test_client(), "window_clerk")
    html = clerk.get(f"/admin/cases/{number}/notice/acceptance").get_data(as_text=True)
    assert "受理通知书" in html and number in html and "2026-03-09" in html
    pdf = clerk.get(f"/admin/cases/{number}/notice/acceptance?format=pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert clerk.get(f"/admin/cases/{number}/notice/nonsense").status_code == 404


def test_notice_titles_and_bases_come_from_the_lifecycle(tmp_path: Path, county_db: Path) -> None:
    """Policy is data: each written notice's title and basis is the lifecycle's ``notices`` (they were a Python
    dict); 容缺受理 prints the document and article the centre declares for it; an edited lifecycle is printed as it says."""
    app = county_app(tmp_path, county_db)
    number = create(app.test_client())["number"]
    clerk = login(app.test_client(), "window_clerk")
    assert "依据：《行政许可法》第三十二条</p>" in clerk.get(f"/admin/cases/{number}/notice/receipt").get_data(as_text=True)
    assert "依据：《清溪县政务服务中心管理办法》第十二条</p>" in clerk.get(f"/admin/cases/{number}/notice/tolerance").get_data(as_text=True)
    shipped = resources.files("onewindow.runtime.cases").joinpath("lifecycle.yaml").read_text(encoding="utf-8")
    edited = shipped.replace("acceptance: {title: 受理通知书, basis: {document: 行政许可法, article: 第三十二条第一款第五项、第二款}}",
                             "acceptance: {title: 受理决定书, basis: {document: 某省行政审批条例, article: 第十条}}")
    edited = edited.replace("working_days: {document: 行政许可法, article: 第八十二条}", "working_days: {document: 行政许可法, article: 第八十二条第一款}")
    assert edited.count("第十条") == 1 and edited.count("第八十二条第一款") == 1
    other = tmp_path / "edited"
    other.mkdir()
    (other / "lifecycle.yaml").write_text(edited, encoding="utf-8")
    app = county_app(other, county_db, ONEWINDOW_LIFECYCLE=str(other / "lifecycle.yaml"))
    number = create(app.test_client())["number"]
    clerk = login(app.test_client(), "window_clerk")
    html = clerk.get(f"/admin/cases/{number}/notice/acceptance").get_data(as_text=True)
    assert "<h1>受理决定书</h1>" in html and "依据：《某省行政审批条例》第十条</p>" in html and "受理通知书" not in html
    assert "法定节假日不计算在内（《行政许可法》第八十二条第一款）" in html and "书面告知所需时间（《行政许可法》第四十五条）。" in html
    assert 'id="notice-acceptance">受理决定书</a>' in clerk.get(f"/admin/cases/{number}").get_data(as_text=True)
    broken = edited.replace("  receipt: {title: 材料接收凭证, basis: {document: 行政许可法, article: 第三十二条}}\n", "")
    (other / "lifecycle.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError) as info:  # refused when the app is built, not when a notice is printed
        county_app(other, county_db, ONEWINDOW_LIFECYCLE=str(other / "lifecycle.yaml"))
    assert "lifecycle.yaml:" in str(info.value) and "notices: 缺少书面通知 receipt" in str(info.value)


def _at(app: Flask, moment: str) -> None:
    app.config["ONEWINDOW_NOW"] = f"{moment}T17:00:00+08:00"


def _case(app: Flask, client: Any, received: str, *, supplement: bool = False, **changes: Any) -> str:
    _at(app, received)
    materials = application()["materials"]
    if supplement:
        materials.pop("survey_report")
    return create(client, received_at=f"{received}T10:00:00+08:00", materials=materials, **changes)["number"]


def _event(app: Flask, client: Any, number: str, day: str, **body: Any) -> None:
    _at(app, day)
    answer = event(client, number, at=f"{day}T16:00:00+08:00", **body)
    assert answer.status_code == 200, answer.get_json()


def hand_counted_month(app: Flask) -> None:
    """February and March 2026 at 不动产首次登记 (5 promised working days), counted by hand in the test below."""
    client = app.test_client()
    f1 = _case(app, client, "2026-02-26")
    _case(app, client, "2026-02-26")                                                  # F2: still open
    m1, m2 = _case(app, client, "2026-03-02"), _case(app, client, "2026-03-02")
    m3 = _case(app, client, "2026-03-03", channel="online")
    m4 = _case(app, client, "2026-03-03", supplement=True)
    m6 = _case(app, client, "2026-03-30")
    _case(app, client, "2026-04-01")                                                  # April: not counted
    _event(app, client, f1, "2026-03-04", kind="decide", result="approved")          # on time (due 03-04: 02-28 调休)
    _event(app, client, m3, "2026-03-04", kind="charge_fee", fee="registration_fee_residential", amount="80.00")
    _event(app, client, m3, "2026-03-04", kind="charge_fee", fee="certificate_fee", amount="20.00")
    _event(app, client, m3, "2026-03-05", kind="decide", result="approved")          # early (due 03-10)
    _event(app, client, m4, "2026-03-05", kind="not_accept", reason="申请人未补正")
    _event(app, client, m1, "2026-03-09", kind="decide", result="approved")          # on time (due 03-09)
    _event(app, client, m2, "2026-03-12", kind="decide", result="denied")            # overdue (due 03-09)
    _event(app, client, m6, "2026-03-31", kind="withdraw", reason="申请人撤回")


def test_monthly_report_against_hand_counts(app: Flask) -> None:
    from onewindow.admin.cases.report import monthly_report

    hand_counted_month(app)
    with app.app_context():
        march = monthly_report("2026-03", ledger())
        february = monthly_report("2026-02", ledger())
    t = march.total
    # accepted in March: M1 M2 M3 M6; decided in March: M3 (early), F1 M1 (on time), M2 (overdue).
    # F1 (02-26) is due 03-04, not 03-05: Saturday 02-28 is a make-up working day (春节调休)
    assert (t.accepted, t.completed, t.completion_rate) == (4, 4, Decimal("100.00"))
    assert (t.early, t.on_time, t.overdue) == (1, 2, 1)
    assert (t.carried_over, t.not_accepted) == (1, 1)             # F2 open; M4 refused; M6 withdrawn is neither
    assert (t.online, t.online_share, t.fees) == (1, Decimal("25.00"), Decimal("100.00"))
    # working days used: F1 5 (02-27, 02-28, 03-02..04), M1 5, M2 8, M3 2 → 20 / 4
    assert (t.used_days, t.average_used, t.average_promised) == (20, Decimal("5.0"), Decimal("5.0"))
    assert [(name, f.accepted) for _, name, f in march.groups["department"]] == [("清溪县不动产登记中心", 4)]
    f = february.total
    assert (f.accepted, f.completed, f.carried_over, f.completion_rate) == (2, 0, 2, Decimal("0.00"))


def test_report_command_writes_every_format(app: Flask, tmp_path: Path) -> None:
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from onewindow.runtime.cli import cli

    hand_counted_month(app)
    runner = CliRunner()
    env = {"ONEWINDOW_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"]}
    for fmt in ("xlsx", "html", "pdf"):
        out = tmp_path / f"march.{fmt}"
        result = runner.invoke(cli, ["report", "monthly", "2026-03", "--format", fmt, "-o", str(out), "--rules", str(RULES)],
                               env=env)
        assert result.exit_code == 0, result.output
        assert "受理 4 件，办结 4 件，办结率 100.00%，结转 1 件" in result.output
    sheet = load_workbook(tmp_path / "march.xlsx")["按部门"]
    assert [c.value for c in sheet[2]][:5] == ["real_estate_registration", "清溪县不动产登记中心", 4, 4, 100.0]
    assert "清溪县不动产登记中心" in (tmp_path / "march.html").read_text(encoding="utf-8")
    assert (tmp_path / "march.pdf").read_bytes().startswith(b"%PDF")
    bad = runner.invoke(cli, ["report", "monthly", "2026-13", "--rules", str(RULES)], env=env)
    assert bad.exit_code == 2 and "YYYY-MM" in bad.output


STARTUP = {"pipeline": {"code": "QX-LB-QYKB"}, "applicant": {"kind": "legal_person", "name": "清溪县青峰山泉饮品有限公司"},
           "facts": {"enterprise_kind": "limited_company", "entrusted_agent": False},
           "materials": {"establishment_application": {"form": "original", "originals": 1},
                         "legal_rep_id": {"form": "copy", "copies": 1},
                         "articles_of_association": {"form": "original", "originals": 1},
                         "premises_proof": {"form": "copy", "copies": 1}, "investor_identity": {"form": "copy", "copies": 1},
                         "tax_officer_id": {"form": "copy", "copies": 1},
                         "accounting_rules": {"form": "original", "originals": 1},
                         "employer_insurance_form": {"form": "original", "originals": 1},
                         "fund_registration_form": {"form": "original", "originals": 1}},
           "received_at": "2026-03-02T10:00:00+08:00"}


def test_joint_case_opens_stage_cases_and_gives_one_result(app: Flask) -> None:
    client = app.test_client()
    answer = client.post("/api/v1/cases", json={"application": STARTUP}, headers=TOKEN)
    assert answer.status_code == 201, answer.get_json()
    parent = answer.get_json()
    assert parent["regime"] == "joint" and parent["status"]["statutory_due"] == "2026-05-08"  # 45 working days
    with app.app_context():
        children = db.session.scalars(db.select(Case).where(Case.parent_id.isnot(None)).order_by(Case.id)).all()
        stages = [(c.stage, c.item, c.department, c.promised_due) for c in children]
    assert stages[0] == ("设立登记", "QX-SCJG-001", "market_regulation", date(2026, 3, 2))
    assert len(stages) == 5 and all(s[0] == "刻章、涉税、社保和公积金登记" and s[3] == date(2026, 3, 3) for s in stages[1:])
    blocked = event(client, parent["number"], kind="decide", result="approved")
    assert blocked.status_code == 409 and "联办子件未全部办结" in blocked.get_json()["errors"][0]["message"]
    numbers = [c for c in _child_numbers(app)]
    for number in numbers[:-1]:
        assert event(client, number, kind="decide", result="approved").status_code == 200
    assert event(client, numbers[-1], kind="decide", result="denied").status_code == 200
    refused = event(client, parent["number"], kind="decide", result="approved")
    assert refused.status_code == 422 and "不能准予" in refused.get_json()["errors"][0]["message"]
    assert event(client, parent["number"], kind="decide", result="denied").status_code == 200
    clerk = login(app.test_client(), "window_clerk")
    sheet = clerk.get(f"/admin/cases/{parent['number']}/circulation").get_data(as_text=True)
    assert "联合审批内部循环表" in sheet and all(n in sheet for n in numbers)
    with app.app_context():
        report_rows = db.session.scalar(db.select(db.func.count()).select_from(Case).where(Case.parent_id.is_(None)))
    assert report_rows == 1  # the applicant's one case; the report counts it once


def _child_numbers(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(Case.number).where(Case.parent_id.isnot(None)).order_by(Case.id)))


def test_public_processing_times(app: Flask) -> None:
    hand_counted_month(app)  # decided: F1 5, M1 5, M2 8, M3 2 working days
    _at(app, "2026-03-31")
    page = app.test_client().get("/cases/figures").get_data(as_text=True)
    row = page.split("QX-BDC-001", 1)[1].split("</tr>", 1)[0]
    assert [c for c in re.findall(r'class="n">(\d*)<', row)] == ["4", "5", "8", "5"]  # cases, median, 90%, promised


def test_bad_grade_rectified_then_called_back_and_complaint_answered(app: Flask) -> None:
    client = app.test_client()
    case = create(client)
    event(client, case["number"], kind="decide", result="approved")
    client.post(f"/api/v1/cases/evaluation?number={case['number']}&code={case['query_code']}",
                json={"grade": 1, "reason": "材料被退回两次"})
    office = login(app.test_client(), "efficiency_office")
    page = office.get("/admin/supervision/").get_data(as_text=True)
    token = csrf_token(page)
    assert "材料被退回两次" in page and "2026-03-23" in page  # 15 working days after 03-02
    with app.app_context():
        from onewindow.admin.cases.tables import Complaint, Evaluation

        evaluation_id = db.session.scalar(db.select(Evaluation.id))
    office.post("/admin/supervision/evaluation", data={"id": evaluation_id, "callback_result": "满意", "csrf_token": token})
    office.post("/admin/supervision/evaluation", data={"id": evaluation_id, "rectification": "一次性告知清单已修订",
                                                       "csrf_token": token})
    office.post("/admin/supervision/evaluation", data={"id": evaluation_id, "callback_result": "申请人表示满意",
                                                       "csrf_token": token})
    office.post("/admin/supervision/complaint", data={"complainant": "张三", "number": case["number"],
                                                      "content": "窗口午休无人", "csrf_token": token})
    with app.app_context():
        row = db.session.get(Evaluation, evaluation_id)
        assert (row.rectification, row.callback_result) == ("一次性告知清单已修订", "申请人表示满意")
        complaint = db.session.scalar(db.select(Complaint))
        assert complaint.due == date(2026, 3, 9) and complaint.window == "real_estate_branch_window"
        complaint_id = complaint.id
    office.post("/admin/supervision/complaint", data={"id": complaint_id, "answer": "已调整午间值守", "csrf_token": token})
    with app.app_context():
        assert db.session.get(Complaint, complaint_id).answered_at is None  # the finding (属实 or not) is required
    office.post("/admin/supervision/complaint", data={"id": complaint_id, "answer": "已调整午间值守", "upheld": "yes",
                                                      "csrf_token": token})
    with app.app_context():
        answered = db.session.get(Complaint, complaint_id)
        assert (answered.answered_by, answered.upheld) == ("office", True)


def test_prereview_has_no_clock_until_received(app: Flask) -> None:
    client = app.test_client()
    answer = client.post("/api/v1/cases", json={"application": application(), "prereview": True}, headers=TOKEN)
    number = answer.get_json()["number"]
    status = answer.get_json()["status"]
    assert status["state"] == "prereview" and status["notice_deadline"] is None and status["promised_due"] is None
    assert event(client, number, kind="accept").status_code == 409
    received = event(client, number, kind="receive", at="2026-03-04T09:00:00+08:00").get_json()["status"]
    assert received["state"] == "received" and received["notice_deadline"] == "2026-03-11"
