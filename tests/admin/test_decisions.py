"""POST /api/v1/decisions and the sandbox page: the console hands applications to the runtime, never decides."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from onewindow.admin.sync import import_catalog

from console_support import FIXTURE, REPO_CONFIG, RULES, csrf_token, imported_database, login, make_app
APPLICATION = {"item": "QX-SCJG-001", "applicant": {"kind": "legal_person", "name": "清溪县某某科技有限公司"},
               "facts": {"enterprise_kind": "limited_company", "entrusted_agent": False},
               "materials": {"establishment_application": {"form": "original", "originals": 1}},
               "received_at": "2026-03-02T10:00:00+08:00"}


def test_decisions_api_decides_with_the_runtime(county: Flask) -> None:
    answer = county.test_client().post("/api/v1/decisions", json=APPLICATION)
    assert answer.status_code == 200
    body = answer.get_json()
    assert body["outcome"] == "supplement"
    missing = {entry["material"] for entry in body["notice"]["entries"]}
    assert {"legal_rep_id", "articles_of_association", "investor_identity"} <= missing
    assert body["trace"] and body["revision"]["rules"]


def test_decisions_api_bad_input_is_422_with_json_paths(county: Flask) -> None:
    bad = {**APPLICATION, "applicant": {"kind": "robot", "name": "x"}, "facts": {"enterprise_kind": 3}}
    answer = county.test_client().post("/api/v1/decisions", json=bad)
    assert answer.status_code == 422
    assert "$.applicant.kind" in {e["path"] for e in answer.get_json()["errors"]}
    answer = county.test_client().post("/api/v1/decisions", json={**APPLICATION, "facts": {"enterprise_kind": 3}})
    assert answer.status_code == 422
    assert [e["path"] for e in answer.get_json()["errors"]] == ["$.facts.enterprise_kind"]


def test_decisions_api_not_json_is_400(county: Flask) -> None:
    answer = county.test_client().post("/api/v1/decisions", data="item=x", content_type="text/plain")
    assert answer.status_code == 400
    assert answer.get_json()["errors"][0]["path"] == "$"


def test_decisions_api_rules_not_compiling_is_503(tmp_path: Path) -> None:
    """The small fixture county lacks the documents the shipped rules cite: a clear 503, not a 500."""
    app = make_app(tmp_path, ONEWINDOW_RULES_DIR=str(RULES))
    with app.app_context():
        import_catalog(FIXTURE, user="test")
    answer = app.test_client().post("/api/v1/decisions", json=APPLICATION)
    assert answer.status_code == 503
    assert answer.get_json()["errors"][0]["code"] == "runtime-unavailable"


NO_FALLBACK = """disable:
  - {rule: intake/accept/complete, reason: 测试：去掉政策库的受理兜底规则}
  - {rule: intake/supplement/key_material, reason: 测试}
  - {rule: intake/supplement/required_material, reason: 测试}
  - {rule: intake/supplement/no_pledge, reason: 测试}
  - {rule: intake/supplement/tolerable_not_practised, reason: 测试}
  - {rule: intake/supplement/unanswered_question, reason: 测试}
rules:
  - id: test/never
    title: 从不匹配的规则（无兜底）
    priority: 100
    when: {fact: materials.missing_required, gte: 1000}
    then: {outcome: accept}
    basis: {document: administrative_licensing_law}
"""


def test_decisions_api_rules_without_a_fallback_is_503_with_the_runtimes_message(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "never.yaml").write_text(NO_FALLBACK, encoding="utf-8")
    (tmp_path / "db").mkdir()
    imported_database(tmp_path / "db", REPO_CONFIG)
    app = make_app(tmp_path / "db", ONEWINDOW_RULES_DIR=str(rules))
    answer = app.test_client().post("/api/v1/decisions", json=APPLICATION)
    assert answer.status_code == 503
    error = answer.get_json()["errors"][0]
    assert error["code"] == "decision-unavailable" and "兜底" in error["message"]


def test_decisions_api_due_date_in_a_provisional_year_is_decided_and_marked(county: Flask) -> None:
    late = {**APPLICATION, "received_at": "2026-12-30T10:00:00+08:00"}  # promised days run into 2027 (no notice yet)
    answer = county.test_client().post("/api/v1/decisions", json=late)
    assert answer.status_code == 200, answer.get_json()
    clock = answer.get_json()["clock"]
    assert clock["provisional"] is True and clock["provisional_years"] == [2027]
    assert "2027 年放假安排尚未公布，暂按法定节假日推算，公布后以正式安排为准" in clock["explanation"]


def test_decisions_api_received_beyond_the_horizon_is_422_at_received_at(county: Flask) -> None:
    late = {**APPLICATION, "received_at": "2099-01-05T10:00:00+08:00"}
    answer = county.test_client().post("/api/v1/decisions", json=late)
    assert answer.status_code == 422
    error = answer.get_json()["errors"][0]
    assert (error["path"], error["code"]) == ("$.received_at", "calendar-horizon") and "2099" in error["message"]


def test_openapi_documents_decisions(county: Flask) -> None:
    document = county.test_client().get("/api/v1/openapi.json").get_json()
    post = document["paths"]["/api/v1/decisions"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Application"
    assert {"Application", "Decision"} <= set(document["components"]["schemas"])


@pytest.mark.parametrize("role", ["reform_office", "department_editor", "reviewer", "auditor"])
def test_sandbox_shows_the_clerks_decision(county: Flask, role: str) -> None:
    client = login(county.test_client(), role)
    page = client.get("/admin/sandbox/?item=QX-SCJG-001")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "企业设立登记" in html and "情形" in html
    answer = client.post("/admin/sandbox/", data={
        "csrf_token": csrf_token(html), "item": "QX-SCJG-001", "applicant_kind": "legal_person",
        "received_at": "2026-09-30T18:30", "fact_enterprise_kind": "limited_company", "fact_entrusted_agent": "false",
        "material_establishment_application": "on"})
    result = answer.get_data(as_text=True)
    assert "补正（一次性告知）" in result
    assert "公司章程" in result and "规则轨迹" in result


def test_sandbox_asks_the_question_the_applicant_left_unanswered(county: Flask) -> None:
    client = login(county.test_client(), "reform_office")
    html = client.get("/admin/sandbox/?item=QX-SCJG-001").get_data(as_text=True)
    answer = client.post("/admin/sandbox/", data={
        "csrf_token": csrf_token(html), "item": "QX-SCJG-001", "applicant_kind": "legal_person",
        "received_at": "2026-03-02T10:00", "fact_entrusted_agent": "false",
        "material_establishment_application": "on"})
    result = answer.get_data(as_text=True)
    assert 'id="questions"' in result and "拟设立的企业类型是？（公司章程、合伙协议）" in result


def test_sandbox_refuses_a_post_without_csrf(county: Flask) -> None:
    client = login(county.test_client(), "reform_office")
    answer = client.post("/admin/sandbox/", data={"item": "QX-SCJG-001", "material_establishment_application": "on"})
    assert "规则轨迹" not in answer.get_data(as_text=True)


def test_items_api_with_nothing_published_is_503_not_500(tmp_path: Path) -> None:
    answer = make_app(tmp_path).test_client().get("/api/v1/items")
    assert answer.status_code == 503
    assert answer.get_json()["errors"][0]["code"] == "catalog-unavailable"


def test_console_clock_follows_onewindow_today(tmp_path: Path) -> None:
    """The console's runtime takes "now" from the serving day: as on 2031-01-05 the horizon is 2034."""
    (tmp_path / "db").mkdir()
    imported_database(tmp_path / "db", REPO_CONFIG)
    late = {**APPLICATION, "received_at": "2033-06-01T10:00:00+08:00"}
    today = make_app(tmp_path / "db").test_client().post("/api/v1/decisions", json=late)
    assert today.status_code == 422 and today.get_json()["errors"][0]["code"] == "calendar-horizon"
    later = make_app(tmp_path / "db", ONEWINDOW_TODAY="2031-01-05").test_client().post("/api/v1/decisions", json=late)
    assert later.status_code == 200, later.get_json()
    assert later.get_json()["clock"]["provisional"] is True
