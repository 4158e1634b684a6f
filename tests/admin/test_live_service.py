"""State changes that used to break the live service, each refused or made safe by the workflow.

- a document a shipped rule cites marked expired: the save and the publish are refused, the rule named,
  and decisions keep being answered;
- a delete is a withdrawal (申请取消): reviewed, in force from its day, restorable — bulk delete too;
- a preview (``ONEWINDOW_TODAY`` after today) writes nothing;
- ``db import`` refuses to overwrite console edits not exported, unless ``--force``.
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from console_support import FIXTURE, csrf_token, form_inputs, login, make_app, record_id
from onewindow.admin.store.audit import AuditEntry
from onewindow.admin.store.db import db
from onewindow.admin.store.publication import real_day
from onewindow.admin.store.records import CatalogRecord, LegalDocumentRecord, read_revision
from onewindow.admin.sync import export_catalog
from onewindow.admin.sync.documents import validate_document
from onewindow.runtime.cli import cli

TODAY = real_day()
LATER = TODAY + timedelta(days=7)
CITING_RULE = """rules:
  - id: test/licensing-accept
    title: 材料齐全即受理（测试用规则）
    priority: 100
    when: {fact: materials.missing_required, gte: 0}
    then: {outcome: accept}
    basis: {document: licensing_law}
"""
APPLICATION = {"item": "SC-001", "applicant": {"kind": "legal_person", "name": "清溪县某某餐饮有限公司"},
               "facts": {}, "materials": {}, "received_at": "2026-03-02T10:00:00+08:00"}


@pytest.fixture
def app(tmp_path: Path, template_db: Path) -> Iterator[Flask]:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "accept.yaml").write_text(CITING_RULE, encoding="utf-8")
    shutil.copyfile(template_db, tmp_path / "console.sqlite")
    yield make_app(tmp_path, ONEWINDOW_RULES_DIR=str(rules))


def _record(app: Flask, section: str, key: str) -> CatalogRecord:
    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section=section, key=key))
        db.session.expunge(record)
        return record


def _workflow(client: FlaskClient, app: Flask, section: str, key: str, action: str, **form: str) -> str:
    url = f"/admin/{section}/workflow/?id={record_id(app, section, key)}"
    data = {"action": action, "csrf_token": csrf_token(client.get(url).get_data(as_text=True)), **form}
    answer = client.post(url, data=data)
    assert answer.status_code == 302
    return client.get(answer.location).get_data(as_text=True)


def _draft_expired(app: Flask) -> None:
    """licensing_law marked expired in the working copy, as an older console let anyone save it."""
    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="legal_documents", key="licensing_law"))
        document = {**record.document, "status": "expired", "ends": "2026-01-01"}
        model, problems = validate_document(LegalDocumentRecord.model, document)
        assert model is not None, problems
        record.apply(document, model)
        record.state = "review"
        db.session.commit()


def _decides(app: Flask) -> int:
    return app.test_client().post("/api/v1/decisions", json=APPLICATION).status_code


# -- a rule's document expired --------------------------------------------------------------------

def test_saving_a_document_a_rule_cites_as_expired_is_refused_naming_the_rule(app: Flask) -> None:
    client = login(app.test_client(), "reform_office")
    url = f"/admin/legal_documents/edit/?id={record_id(app, 'legal_documents', 'licensing_law')}"
    data = form_inputs(client.get(url).get_data(as_text=True))
    data["status"], data["ends"] = "expired", "2026-01-01"
    page = client.post(url, data=data).get_data(as_text=True)
    assert "test/licensing-accept" in page and "此修改一旦发布会使规则无法编译" in page
    assert _record(app, "legal_documents", "licensing_law").document.get("status") in (None, "in_force")


def test_publishing_a_document_a_rule_cites_as_expired_is_refused_and_decisions_go_on(app: Flask) -> None:
    assert _decides(app) == 200
    _draft_expired(app)
    page = _workflow(login(app.test_client(), "reviewer"), app, "legal_documents", "licensing_law", "publish",
                     effective_on=TODAY.isoformat())
    assert "会使正在提供的服务出错，未执行" in page and "规则 test/licensing-accept 的依据《中华人民共和国行政许可法》已失效" in page
    record = _record(app, "legal_documents", "licensing_law")
    assert record.state == "review" and record.published_document.get("status", "in_force") == "in_force"
    assert _decides(app) == 200


# -- delete is a withdrawal -----------------------------------------------------------------------

def test_a_delete_waits_for_review_and_its_day_and_can_be_restored(app: Flask) -> None:
    reform, reviewer = login(app.test_client(), "reform_office"), login(app.test_client(), "reviewer")
    listing = reform.get("/admin/items/").get_data(as_text=True)
    answer = reform.post("/admin/items/delete/", data={"id": record_id(app, "items", "SC-002"), "csrf_token": csrf_token(listing)})
    assert "已申请取消" in reform.get(answer.location).get_data(as_text=True)
    api = app.test_client()
    assert _record(app, "items", "SC-002").state == "withdrawal"
    assert api.get("/api/v1/items/SC-002").status_code == 200  # asked, not yet reviewed: still served

    page = _workflow(reviewer, app, "items", "SC-002", "publish", effective_on=LATER.isoformat())
    assert f"已批准取消，{LATER.isoformat()} 起停止提供" in page
    assert api.get("/api/v1/items/SC-002").status_code == 200  # approved for a later day: still served today
    app.config["ONEWINDOW_TODAY"] = LATER.isoformat()
    assert api.get("/api/v1/items/SC-002").status_code == 404  # from its day on, withdrawn
    app.config["ONEWINDOW_TODAY"] = None

    _workflow(reviewer, app, "items", "SC-002", "unschedule")  # called off before the day
    assert _record(app, "items", "SC-002").state == "published"

    _workflow(reform, app, "items", "SC-002", "withdraw")
    _workflow(reviewer, app, "items", "SC-002", "publish", effective_on=TODAY.isoformat())
    assert api.get("/api/v1/items/SC-002").status_code == 404
    assert "已恢复" in _workflow(reform, app, "items", "SC-002", "restore")
    assert _record(app, "items", "SC-002").state == "draft"
    _workflow(reviewer, app, "items", "SC-002", "publish", effective_on=TODAY.isoformat())
    assert api.get("/api/v1/items/SC-002").status_code == 200
    with app.app_context():
        actions = [e.action for e in db.session.scalars(db.select(AuditEntry).filter_by(key="SC-002").order_by(AuditEntry.id))]
    assert actions == ["withdraw", "publish", "unschedule", "withdraw", "publish", "restore", "publish"]


def test_bulk_delete_asks_for_withdrawals_and_removes_nothing(app: Flask) -> None:
    reform = login(app.test_client(), "reform_office")
    listing = reform.get("/admin/items/").get_data(as_text=True)
    ids = [str(record_id(app, "items", key)) for key in ("SC-001", "SC-002")]
    answer = reform.post("/admin/items/action/", data={"action": "delete", "rowid": ids, "csrf_token": csrf_token(listing)})
    assert "共 2 个条目已申请取消" in reform.get(answer.location).get_data(as_text=True)
    assert {_record(app, "items", key).state for key in ("SC-001", "SC-002")} == {"withdrawal"}
    assert app.test_client().get("/api/v1/items/SC-001").status_code == 200


def test_withdrawing_a_department_items_still_name_is_refused(app: Flask) -> None:
    reform = login(app.test_client(), "reform_office")
    page = _workflow(reform, app, "departments", "market_regulation", "withdraw")
    assert "会使正在提供的服务出错，未执行" in page and "market_regulation" in page
    assert _record(app, "departments", "market_regulation").state == "published"


# -- previews write nothing -----------------------------------------------------------------------

def _audit_count(app: Flask) -> int:
    with app.app_context():
        return len(db.session.scalars(db.select(AuditEntry.id)).all())


def test_a_preview_folds_nothing_and_refuses_the_workflow(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reform, reviewer = login(app.test_client(), "reform_office"), login(app.test_client(), "reviewer")
    _workflow(reform, app, "items", "SC-002", "withdraw")
    _workflow(reviewer, app, "items", "SC-002", "publish", effective_on=LATER.isoformat())
    with app.app_context():
        revision = read_revision(db.session)
    audits = _audit_count(app)

    preview = (LATER + timedelta(days=1)).isoformat()
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("ONEWINDOW_TODAY", preview)
    scratch = tmp_path / "scratch"
    shutil.copytree(FIXTURE, scratch)
    for command in (["db", "export", str(scratch)], ["db", "upgrade"]):
        result = CliRunner().invoke(cli, command)
        assert result.exit_code == 0, result.output
    assert "SC-002" not in (scratch / "items" / "stall_record.yaml").read_text(encoding="utf-8")  # the preview shows it
    record = _record(app, "items", "SC-002")
    assert (record.scheduled_on, record.published_document is not None) == (LATER, True)  # but folded nothing
    with app.app_context():
        assert read_revision(db.session) == revision
    assert _audit_count(app) == audits

    app.config["ONEWINDOW_TODAY"] = preview
    page = _workflow(reform, app, "items", "SC-001", "withdraw")
    assert "预览模式" in page and _record(app, "items", "SC-001").state == "published"


# -- import refuses to lose edits -----------------------------------------------------------------

def _import(app: Flask, monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("ONEWINDOW_RULES_DIR", app.config["ONEWINDOW_RULES_DIR"])
    monkeypatch.delenv("ONEWINDOW_TODAY", raising=False)
    return CliRunner().invoke(cli, ["db", "import", *args])


def test_import_refuses_to_overwrite_unexported_edits_without_force(app: Flask, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    reform, reviewer = login(app.test_client(), "reform_office"), login(app.test_client(), "reviewer")
    _workflow(reform, app, "items", "SC-002", "withdraw")
    _workflow(reviewer, app, "items", "SC-002", "publish", effective_on=TODAY.isoformat())
    with app.app_context():
        revision = read_revision(db.session)

    result = _import(app, monkeypatch, str(FIXTURE))
    assert result.exit_code == 1
    assert "将丢失：事项「SC-002" in result.output and "导入将使它重新生效" in result.output and "--force" in result.output
    assert _record(app, "items", "SC-002").state == "withdrawn"
    with app.app_context():
        assert read_revision(db.session) == revision

    exported = tmp_path / "exported"  # once exported, importing that directory loses nothing
    shutil.copytree(FIXTURE, exported)
    with app.app_context():
        export_catalog(exported)
    assert _import(app, monkeypatch, str(exported)).exit_code == 0

    _workflow(reform, app, "items", "SC-001", "withdraw")
    result = _import(app, monkeypatch, "--force", str(FIXTURE))
    assert result.exit_code == 0, result.output
    assert _record(app, "items", "SC-002").state == "published"


def test_import_judges_the_catalog_with_its_rules(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture catalog passes its own lint; with a rule citing its repealed document it is refused whole."""
    rules = tmp_path / "citing_repealed"
    rules.mkdir()
    (rules / "old.yaml").write_text(CITING_RULE.replace("licensing_law", "old_food_rules").replace("licensing-accept", "old-basis"),
                                    encoding="utf-8")
    result = _import(app, monkeypatch, "--force", "--rules", str(rules), str(FIXTURE))
    assert result.exit_code == 1, result.output
    assert "规则 test/old-basis 的依据《某县食品经营管理暂行办法》已废止" in result.output and "数据库未改动" in result.output


# -- the publish page and four eyes ---------------------------------------------------------------

def _save_name(client: FlaskClient, app: Flask, name: str) -> None:
    url = f"/admin/items/edit/?id={record_id(app, 'items', 'SC-001')}"
    data = form_inputs(client.get(url).get_data(as_text=True))
    data["name"] = name
    assert client.post(url, data=data).status_code == 302


def test_the_publish_page_shows_the_semantic_diff_and_the_guide_link(app: Flask) -> None:
    reform = login(app.test_client(), "reform_office")
    _save_name(reform, app, "食品经营许可（改）")
    page = reform.get(f"/admin/items/workflow/?id={record_id(app, 'items', 'SC-001')}").get_data(as_text=True)
    diff = page[page.index('id="semantic-diff"'):]
    assert "中性" in diff and "事项名称变更" in diff and "食品经营许可（改）" in diff
    assert "<td>事项名称</td>" in page or "<td>名称</td>" in page  # field paths read in Chinese
    assert 'id="guide-preview"' in page


def test_four_eyes_refuses_publishing_ones_own_change(app: Flask) -> None:
    app.config["ONEWINDOW_FOUR_EYES"] = True
    reform = login(app.test_client(), "reform_office")
    _save_name(reform, app, "食品经营许可（改）")
    page = _workflow(reform, app, "items", "SC-001", "publish", effective_on=TODAY.isoformat())
    assert "须由另一人发布" in page and _record(app, "items", "SC-001").state == "draft"
    page = _workflow(login(app.test_client(), "reviewer"), app, "items", "SC-001", "publish", effective_on=TODAY.isoformat())
    assert "已发布" in page and _record(app, "items", "SC-001").state == "published"


def test_four_eyes_is_on_by_default_in_production_only(app: Flask) -> None:
    from onewindow.admin.store.publication import four_eyes

    with app.app_context():
        assert not four_eyes()  # testing
        app.config["ONEWINDOW_ENV"] = "production"
        assert four_eyes()
        app.config["ONEWINDOW_FOUR_EYES"] = "off"
        assert not four_eyes()


@pytest.mark.parametrize("role", ["reform_office", "department_editor", "reviewer", "auditor"])
def test_the_home_page_lists_the_to_do(app: Flask, role: str) -> None:
    reform = login(app.test_client(), "reform_office")
    _save_name(reform, app, "食品经营许可（改）")
    _workflow(reform, app, "items", "SC-002", "withdraw")
    page = login(app.test_client(), role).get("/admin/").get_data(as_text=True)
    review = page[page.index('id="todo-review"'):page.index("</ul>", page.index('id="todo-review"'))]
    drafts = page[page.index('id="todo-drafts"'):page.index("</ul>", page.index('id="todo-drafts"'))]
    assert "SC-002" in review and "申请取消" in review
    assert "SC-001" in drafts
    assert 'id="service-ok"' in page  # the fixture with its one rule is sound
    assert 'id="todo-calendar"' in page  # the fixture has no calendar for next year


# -- per-record history with restore --------------------------------------------------------------

@pytest.mark.parametrize("role", ["reform_office", "department_editor", "reviewer", "auditor"])
def test_history_lists_versions_and_restores_one_as_a_draft(app: Flask, role: str) -> None:
    reform = login(app.test_client(), "reform_office")
    _save_name(reform, app, "名称甲")
    _save_name(reform, app, "名称乙")
    client = login(app.test_client(), role)
    url = f"/admin/items/history/?id={record_id(app, 'items', 'SC-001')}"
    page = client.get(url).get_data(as_text=True)
    assert "名称甲 → 名称乙" in page and "食品经营许可 → 名称甲" in page
    with app.app_context():
        first = db.session.scalars(db.select(AuditEntry).filter_by(key="SC-001", action="update").order_by(AuditEntry.id)).first()
        first_id = first.id
    may_edit = role in ("reform_office", "department_editor")
    assert ("恢复此版本" in page) == may_edit
    token = csrf_token(client.get(f"/admin/items/workflow/?id={record_id(app, 'items', 'SC-001')}").get_data(as_text=True))
    answer = client.post(url, data={"entry": str(first_id), "csrf_token": token})  # a crafted post where no button is
    assert answer.status_code == 302
    record = _record(app, "items", "SC-001")
    assert record.document["name"] == ("名称甲" if may_edit else "名称乙")
    assert record.state == "draft" and record.published_document["name"] == "食品经营许可"  # restored as a draft only


# -- the permission matrix over the new actions ---------------------------------------------------

@pytest.mark.parametrize("role", ["reform_office", "department_editor", "reviewer", "auditor"])
@pytest.mark.parametrize("section,key", [("items", "SC-002"), ("legal_documents", "old_food_rules")])
def test_withdraw_and_restore_follow_the_delete_permission(app: Flask, role: str, section: str, key: str) -> None:
    from onewindow.admin.auth.roles import allowed

    client = login(app.test_client(), role)
    page = _workflow(client, app, section, key, "withdraw")
    may = allowed(role, section, "delete")
    assert (_record(app, section, key).state == "withdrawal") == may
    if not may:
        assert "无权申请取消" in page
        return
    _workflow(login(app.test_client(), "reviewer"), app, section, key, "publish", effective_on=TODAY.isoformat())
    assert _record(app, section, key).state == "withdrawn"
    assert "已恢复" in _workflow(client, app, section, key, "restore")
