"""Draft → review → publish with an enforced effective date, and the runtime cache keyed by catalog revision.

The serving day is pinned with ``ONEWINDOW_TODAY`` and moved to show a scheduled publication taking
effect on its day, in the decisions API, the items API and the export, with no job in between.
"""
from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from werkzeug.datastructures import MultiDict

from console_support import FIXTURE, csrf_token, form_inputs, login, make_app, new_entry, record_id
from onewindow.admin.store.audit import AuditEntry
from onewindow.admin.store.db import Base, db
from onewindow.admin.store.records import CatalogRecord, ItemRecord, read_revision
from onewindow.admin.store.runtimes import runtime_for
from onewindow.admin.sync import export_catalog, import_catalog
from onewindow.admin.sync.documents import validate_document

TODAY = date(2026, 3, 2)
LATER = TODAY + timedelta(days=10)
OLD_NAME, NEW_NAME = "食品经营许可", "食品经营许可（新）"
APPLICATION = {"item": "SC-001", "applicant": {"kind": "legal_person", "name": "清溪县某某餐饮有限公司"},
               "facts": {}, "materials": {}, "received_at": "2026-03-02T10:00:00+08:00"}
ACCEPT_ALL = """rules:
  - id: test/accept
    title: 一律受理（测试用规则）
    priority: 100
    when: {fact: materials.missing_required, gte: 0}
    then: {outcome: accept}
    basis: {document: licensing_law}
"""


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One catch-all rule citing a fixture document: the small fixture county gets a working runtime."""
    folder = tmp_path_factory.mktemp("rules")
    (folder / "accept.yaml").write_text(ACCEPT_ALL, encoding="utf-8")
    return folder


@pytest.fixture
def app(tmp_path: Path, template_db: Path, rules_dir: Path) -> Iterator[Flask]:
    shutil.copyfile(template_db, tmp_path / "console.sqlite")
    yield make_app(tmp_path, ONEWINDOW_RULES_DIR=str(rules_dir), ONEWINDOW_TODAY=TODAY.isoformat())


@pytest.fixture
def login_as(app: Flask) -> Callable[[str], FlaskClient]:
    return lambda role: login(app.test_client(), role)


def _record(app: Flask, key: str = "SC-001") -> CatalogRecord:
    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="items", key=key))
        db.session.expunge(record)
        return record


def _save_draft(app: Flask, name: str, key: str = "SC-001") -> None:
    """What a console save leaves behind (the save itself is tested in test_console): a new draft."""
    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="items", key=key))
        document = {**record.document, "name": name}
        model, problems = validate_document(ItemRecord.model, document)
        assert model is not None, problems
        record.apply(document, model)
        record.state = "draft"
        db.session.commit()


def _act(client: FlaskClient, app: Flask, action: str, *, effective_on: str | None = None, key: str = "SC-001",
         csrf: bool = True, reason: str | None = None) -> tuple[int, str]:
    """Press a workflow button; returns the status of the POST and the page shown after it."""
    url = f"/admin/items/workflow/?id={record_id(app, 'items', key)}"
    form: dict[str, Any] = {"action": action}
    if csrf:
        form["csrf_token"] = csrf_token(client.get(url).get_data(as_text=True))
    if effective_on is not None:
        form["effective_on"] = effective_on
    if reason is not None:
        form["reason"] = reason
    answer = client.post(url, data=form)
    page = client.get(answer.location).get_data(as_text=True) if answer.status_code == 302 else answer.get_data(as_text=True)
    return answer.status_code, page


def _audit(app: Flask, action: str) -> list[AuditEntry]:
    with app.app_context():
        entries = list(db.session.scalars(db.select(AuditEntry).filter_by(action=action).order_by(AuditEntry.id)))
        db.session.expunge_all()
        return entries


def _served(app: Flask) -> dict[str, Any]:
    """What the API serves for SC-001: decision's item name, item detail's name, list row's effective date."""
    client = app.test_client()
    decision = client.post("/api/v1/decisions", json=APPLICATION)
    assert decision.status_code == 200, decision.get_json()
    detail = client.get("/api/v1/items/SC-001").get_json()
    row = next(i for i in client.get("/api/v1/items?department=market_regulation").get_json()["items"] if i["code"] == "SC-001")
    return {"decision": decision.get_json()["item_name"], "item": detail["versions"][0]["name"], "effective_on": row["effective_on"]}


def _move_today(app: Flask, day: date) -> None:
    app.config["ONEWINDOW_TODAY"] = day.isoformat()


# -- the workflow ---------------------------------------------------------------------------------

def test_editor_submits_reviewer_publishes_today_and_the_api_serves_it(app: Flask, login_as) -> None:
    _save_draft(app, NEW_NAME)
    assert _served(app) == {"decision": OLD_NAME, "item": OLD_NAME, "effective_on": None}  # a draft is not served

    status, page = _act(login_as("department_editor"), app, "submit")
    assert status == 302 and "已提交审核" in page
    assert _record(app).state == "review"
    assert [(e.user, e.key) for e in _audit(app, "submit")] == [("editor", "SC-001")]

    status, page = _act(login_as("reviewer"), app, "publish", effective_on=TODAY.isoformat())
    assert status == 302 and f"已发布，自 {TODAY.isoformat()} 起生效" in page
    record = _record(app)
    assert (record.state, record.effective_on, record.published_document["name"]) == ("published", TODAY, NEW_NAME)
    assert record.scheduled_document is None and record.scheduled_on is None
    assert _served(app) == {"decision": NEW_NAME, "item": NEW_NAME, "effective_on": TODAY.isoformat()}
    [entry] = _audit(app, "publish")
    assert (entry.user, entry.key, entry.note) == ("reviewer", "SC-001", f"生效日期 {TODAY.isoformat()}")
    assert (entry.before["name"], entry.after["name"]) == (OLD_NAME, NEW_NAME)


def test_empty_effective_date_means_today(app: Flask, login_as) -> None:
    _save_draft(app, NEW_NAME)
    status, _ = _act(login_as("reviewer"), app, "publish", effective_on="")
    assert status == 302
    assert (_record(app).effective_on, _served(app)["item"]) == (TODAY, NEW_NAME)


def test_future_publication_is_served_from_its_day_on(app: Flask, login_as, tmp_path: Path) -> None:
    _save_draft(app, NEW_NAME)
    reviewer = login_as("reviewer")
    status, page = _act(reviewer, app, "publish", effective_on=LATER.isoformat())
    assert status == 302 and f"{LATER.isoformat()} 起生效；此前仍使用现行版本" in page
    record = _record(app)
    assert (record.state, record.scheduled_on, record.published_document["name"]) == ("published", LATER, OLD_NAME)
    [entry] = _audit(app, "publish")
    assert entry.note.startswith(f"生效日期 {LATER.isoformat()}")

    # until the day: the version in force everywhere, and the console says a new one is waiting
    pending = f"已发布（{LATER.isoformat()} 生效的新版本待生效）"
    assert pending in reviewer.get("/admin/items/").get_data(as_text=True)
    page = reviewer.get(f"/admin/items/workflow/?id={record.id}").get_data(as_text=True)
    assert pending in page and "现行版本（导入时已发布）" in page and f"将于 <strong>{LATER.isoformat()}</strong> 起生效" in page
    _move_today(app, LATER - timedelta(days=1))
    assert _served(app) == {"decision": OLD_NAME, "item": OLD_NAME, "effective_on": None}
    exported = tmp_path / "exported"
    shutil.copytree(FIXTURE, exported)
    with app.app_context():
        assert export_catalog(exported) == []

    # from the day on: the new version, with no job having run and nothing written
    _move_today(app, LATER)
    assert _served(app) == {"decision": NEW_NAME, "item": NEW_NAME, "effective_on": LATER.isoformat()}
    assert _record(app).published_document["name"] == OLD_NAME  # served lazily, not yet folded
    listing = reviewer.get("/admin/items/").get_data(as_text=True)
    assert pending not in listing and "待生效" not in listing
    page = reviewer.get(f"/admin/items/workflow/?id={record.id}").get_data(as_text=True)
    assert f"现行版本自 {LATER.isoformat()} 起生效" in page and 'id="pending"' not in page
    with app.app_context():
        assert export_catalog(exported) == ["items/food_licence.yaml"]
    assert f"name: {NEW_NAME}" in (exported / "items/food_licence.yaml").read_text(encoding="utf-8")


def test_second_publication_before_the_day_replaces_the_scheduled_one(app: Flask, login_as) -> None:
    reviewer = login_as("reviewer")
    _save_draft(app, "名称甲")
    _act(reviewer, app, "publish", effective_on=LATER.isoformat())
    _save_draft(app, "名称乙")
    earlier = LATER - timedelta(days=5)
    status, page = _act(reviewer, app, "publish", effective_on=earlier.isoformat())
    assert status == 302 and f"原定 {LATER.isoformat()} 生效的版本已被取代" in page
    assert _audit(app, "publish")[-1].note.endswith(f"取代原定 {LATER.isoformat()} 生效的版本")
    for day, name in ((TODAY, OLD_NAME), (earlier, "名称乙"), (LATER, "名称乙")):  # 名称甲 never comes back
        _move_today(app, day)
        assert _served(app)["item"] == name, day

    # published for today: in force at once, and no older schedule overwrites it later
    _move_today(app, TODAY)
    _save_draft(app, "名称丙")
    _act(reviewer, app, "publish", effective_on=LATER.isoformat())
    _save_draft(app, "名称丁")
    _act(reviewer, app, "publish", effective_on=TODAY.isoformat())
    for day in (TODAY, LATER):
        _move_today(app, day)
        assert _served(app)["item"] == "名称丁", day


def test_a_due_publication_is_folded_in_by_the_next_publish(app: Flask, login_as) -> None:
    _save_draft(app, NEW_NAME)
    reviewer = login_as("reviewer")
    _act(reviewer, app, "publish", effective_on=LATER.isoformat())
    version = _record(app).version_id
    _move_today(app, LATER)
    _save_draft(app, "小摊点备案（新）", key="SC-002")
    _act(reviewer, app, "publish", key="SC-002")
    record = _record(app)
    assert (record.published_document["name"], record.effective_on) == (NEW_NAME, LATER)
    assert (record.scheduled_document, record.scheduled_on) == (None, None)
    assert record.version_id == version  # an editor with SC-001 open gets no false conflict
    assert _served(app)["item"] == NEW_NAME


@pytest.mark.parametrize("command", [["db", "upgrade"], ["db", "export"]])
def test_db_commands_fold_due_publications(app: Flask, login_as, tmp_path: Path, command: list[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """`onewindow db upgrade|export` on the effective day fold the scheduled version into the one in force."""
    from click.testing import CliRunner

    from onewindow.runtime.cli import cli

    _save_draft(app, NEW_NAME)
    _act(login_as("reviewer"), app, "publish", effective_on=LATER.isoformat())
    assert _record(app).scheduled_on == LATER
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("ONEWINDOW_TODAY", LATER.isoformat())
    exported = tmp_path / "exported"
    shutil.copytree(FIXTURE, exported)
    result = CliRunner().invoke(cli, [*command, *([str(exported)] if command[-1] == "export" else [])])
    assert result.exit_code == 0, result.output
    record = _record(app)
    assert (record.published_document["name"], record.effective_on, record.scheduled_on) == (NEW_NAME, LATER, None)


def test_edit_on_top_of_a_scheduled_publication_keeps_it_visible(app: Flask, login_as) -> None:
    _save_draft(app, NEW_NAME)
    reviewer = login_as("reviewer")
    _act(reviewer, app, "publish", effective_on=LATER.isoformat())
    _save_draft(app, "又一次修改")
    assert f"草稿（{LATER.isoformat()} 生效的新版本待生效）" in reviewer.get("/admin/items/").get_data(as_text=True)
    _move_today(app, LATER)
    assert _served(app)["item"] == NEW_NAME  # the draft is not served; the scheduled version is


# -- refusals -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "action", "message"), [
    ("department_editor", "publish", "无权发布：部门编辑没有此权限"),
    ("auditor", "submit", "无权提交审核：审计（只读）没有此权限"),
    ("auditor", "publish", "无权发布：审计（只读）没有此权限"),
])
def test_roles_without_the_permission_are_refused(app: Flask, login_as, role: str, action: str, message: str) -> None:
    _save_draft(app, NEW_NAME)
    before = _record(app)
    status, page = _act(login_as(role), app, action, effective_on=TODAY.isoformat())
    assert status == 302 and message in page
    after = _record(app)
    assert (after.state, after.version_id, after.published_document) == ("draft", before.version_id, before.published_document)
    assert _audit(app, "submit") == [] and _audit(app, "publish") == []
    assert _served(app)["item"] == OLD_NAME


def test_the_page_offers_only_the_buttons_the_role_may_press(app: Flask, login_as) -> None:
    _save_draft(app, NEW_NAME)
    url = f"/admin/items/workflow/?id={record_id(app, 'items', 'SC-001')}"
    buttons = {role: {b for b in ("submit-review", "publish") if f'id="{b}"' in login_as(role).get(url).get_data(as_text=True)}
               for role in ("department_editor", "reviewer", "auditor", "reform_office")}
    assert buttons == {"department_editor": {"submit-review"}, "reviewer": {"publish"}, "auditor": set(),
                       "reform_office": {"submit-review", "publish"}}


def test_publish_without_csrf_token_is_400(app: Flask, login_as) -> None:
    _save_draft(app, NEW_NAME)
    status, _ = _act(login_as("reviewer"), app, "publish", effective_on=TODAY.isoformat(), csrf=False)
    assert status == 400
    assert _record(app).state == "draft" and _audit(app, "publish") == []


def test_submit_twice_is_refused(app: Flask, login_as) -> None:
    _save_draft(app, NEW_NAME)
    editor = login_as("department_editor")
    _act(editor, app, "submit")
    status, page = _act(editor, app, "submit")
    assert status == 302 and "只有草稿可以提交审核" in page
    assert len(_audit(app, "submit")) == 1


@pytest.mark.parametrize(("effective_on", "message"), [
    ((TODAY - timedelta(days=1)).isoformat(), "早于今天（2026-03-02）"),
    ("2026-02-30", "不是有效的日期"),
    ("下周一", "格式不对，应为 YYYY-MM-DD"),
    ("20260310", "格式不对，应为 YYYY-MM-DD"),
])
def test_effective_date_in_the_past_or_unreadable_is_refused(app: Flask, login_as, effective_on: str, message: str) -> None:
    _save_draft(app, NEW_NAME)
    _act(login_as("department_editor"), app, "submit")
    status, page = _act(login_as("reviewer"), app, "publish", effective_on=effective_on)
    assert status == 302 and message in page and "未发布" in page
    record = _record(app)
    assert (record.state, record.published_document["name"], record.scheduled_document) == ("review", OLD_NAME, None)
    assert _audit(app, "publish") == []


def test_nothing_to_publish_is_refused(app: Flask, login_as) -> None:
    status, page = _act(login_as("reviewer"), app, "publish", effective_on=TODAY.isoformat())
    assert status == 302 and "没有待发布的修改" in page
    assert _audit(app, "publish") == []


# -- the runtime cache ----------------------------------------------------------------------------

class _Statements:
    """SQL statements the engine runs while the block is open."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.seen.append(" ".join(statement.split()))

    def __enter__(self) -> _Statements:
        event.listen(db.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *exc: Any) -> None:
        event.remove(db.engine, "before_cursor_execute", self)


def test_runtime_cache_hit_reads_no_record_and_on_sqlite_nothing(app: Flask) -> None:
    """A hit on SQLite (rollback journal) is answered by the file's commit counter, no query; elsewhere it is
    one single-row read of the revision. After any commit the revision is read once again."""
    with app.app_context():
        first = runtime_for(published=True)
        with _Statements() as statements:
            again = runtime_for(published=True)
        sqlite = db.engine.dialect.name == "sqlite"
    assert again is first
    if sqlite:
        assert statements.seen == []
    else:
        assert len(statements.seen) == 1 and "FROM catalog_revision" in statements.seen[0]
    _save_draft(app, NEW_NAME)  # a commit: the counter moves, the revision is read and the published build kept
    with app.app_context():
        with _Statements() as statements:
            assert runtime_for(published=True).catalog.item("SC-001", on=TODAY).name == OLD_NAME
    assert any("FROM catalog_revision" in s for s in statements.seen)


def test_runtime_cache_gives_a_new_runtime_after_a_publish_and_on_the_day(app: Flask, login_as) -> None:
    with app.app_context():
        original = runtime_for(published=True)
        sandbox = runtime_for(published=False)
    _save_draft(app, NEW_NAME)
    with app.app_context():
        assert runtime_for(published=False) is not sandbox  # the working copy changed
        after_save = runtime_for(published=True)
    login_as("department_editor").get("/admin/items/")  # reading changes nothing
    with app.app_context():
        assert runtime_for(published=True) is after_save
    _act(login_as("reviewer"), app, "publish", effective_on=LATER.isoformat())
    with app.app_context():
        scheduled = runtime_for(published=True)
        assert scheduled is not original and scheduled is runtime_for(published=True)
        assert scheduled.catalog.item("SC-001", on=TODAY).name == OLD_NAME
    _move_today(app, LATER)
    with app.app_context():
        on_the_day = runtime_for(published=True)
        assert on_the_day is not scheduled and on_the_day is runtime_for(published=True)
        assert on_the_day.catalog.item("SC-001", on=LATER).name == NEW_NAME


def test_revision_counts_every_write_to_catalog_records_and_nothing_else(app: Flask) -> None:
    with app.app_context():
        start = read_revision(db.session)
        assert start is not None and len(start[0]) == 32
        list(db.session.scalars(db.select(CatalogRecord)))  # a read
        record = db.session.scalar(db.select(CatalogRecord).filter_by(key="SC-001"))
        record.name = record.name  # touched, not modified
        db.session.commit()
        assert read_revision(db.session) == start
        record.updated_by = "someone"  # an ORM update
        db.session.commit()
        assert read_revision(db.session) == (start[0], start[1] + 1)
        record.updated_by = "rolled back"
        db.session.flush()
        db.session.rollback()
        assert read_revision(db.session) == (start[0], start[1] + 1)
        moved = read_revision(db.session)
        import_catalog(FIXTURE, user="test")  # bulk delete, inserts and a Core update
        assert read_revision(db.session)[1] > moved[1]
        moved = read_revision(db.session)
        db.session.delete(db.session.scalar(db.select(CatalogRecord).filter_by(key="SC-002")))
        db.session.commit()
        assert read_revision(db.session)[1] == moved[1] + 1


def test_migrations_build_exactly_the_models(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


# -- the record itself ----------------------------------------------------------------------------

def test_served_document_switches_on_the_effective_day() -> None:
    record = ItemRecord(document={"v": 3}, published_document={"v": 1}, effective_on=TODAY,
                        scheduled_document={"v": 2}, scheduled_on=LATER, state="draft")
    day_before = LATER - timedelta(days=1)
    assert (record.served_document(day_before), record.served_effective_on(day_before), record.pending_on(day_before)) == (
        {"v": 1}, TODAY, LATER)
    assert (record.served_document(LATER), record.served_effective_on(LATER), record.pending_on(LATER)) == ({"v": 2}, LATER, None)
    assert record.state_label(day_before) == f"草稿（{LATER.isoformat()} 生效的新版本待生效）"
    assert record.state_label(LATER) == "草稿"
    never_published = ItemRecord(document={"v": 1}, scheduled_document={"v": 1}, scheduled_on=LATER, state="published")
    assert never_published.served_document(day_before) is None and never_published.served_effective_on(day_before) is None
    assert never_published.served_document(LATER) == {"v": 1}


def test_items_api_lists_what_is_served_not_the_draft(app: Flask) -> None:
    """A draft's new name and department must not leak into the list (its columns follow the working copy)."""
    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="items", key="SC-001"))
        document = {**record.document, "name": NEW_NAME, "department": "housing"}
        model, problems = validate_document(ItemRecord.model, document)
        assert model is not None, problems
        record.apply(document, model)
        record.state = "draft"
        db.session.commit()
        assert record.department == "housing"  # the indexed column is the draft's
    client = app.test_client()
    listed = {i["code"]: i for i in client.get("/api/v1/items").get_json()["items"]}
    assert listed["SC-001"]["name"] == OLD_NAME and listed["SC-001"]["department"] == "market_regulation"
    by_department = client.get("/api/v1/items?department=market_regulation").get_json()["items"]
    assert "SC-001" in {i["code"] for i in by_department}
    assert "SC-001" not in {i["code"] for i in client.get("/api/v1/items?department=housing").get_json()["items"]}


def test_list_filters_rows_with_a_publication_still_to_come(app: Flask, login_as) -> None:
    from onewindow.admin.views.base import PendingPublicationFilter

    _save_draft(app, NEW_NAME)
    reviewer = login_as("reviewer")
    _act(reviewer, app, "publish", effective_on=LATER.isoformat())
    with app.test_request_context():
        view = next(v for v in app.extensions["admin"][0]._views if getattr(v, "endpoint", "") == "items")
        index, flt = next((i, f) for i, f in enumerate(view._filters) if isinstance(f, PendingPublicationFilter))
        arg = f"flt0_{view.get_filter_arg(index, flt)}"
    rows = lambda value: {code for code in ("SC-001", "SC-002") if code in reviewer.get(f"/admin/items/?{arg}={value}").get_data(as_text=True)}  # noqa: E731
    assert rows("1") == {"SC-001"} and rows("0") == {"SC-002"}
    _move_today(app, LATER)  # the day has come: nothing is still to come
    assert rows("1") == set() and rows("0") == {"SC-001", "SC-002"}


def test_reviewer_sends_a_submission_back_with_its_reason(app: Flask, login_as) -> None:
    _save_draft(app, NEW_NAME)
    _act(login_as("department_editor"), app, "submit")
    reviewer = login_as("reviewer")
    status, page = _act(reviewer, app, "return", reason="")
    assert "请写明原因" in page and _record(app).state == "review"
    status, page = _act(reviewer, app, "return", reason="材料清单缺少经营场所证明")
    assert "已退回修改" in page and _record(app).state == "draft"
    [entry] = _audit(app, "return")
    assert (entry.user, entry.note) == ("reviewer", "退回原因：材料清单缺少经营场所证明")
    status, page = _act(login_as("department_editor"), app, "return", reason="越权")
    assert "无权退回修改" in page and len(_audit(app, "return")) == 1


def test_reviewer_withdraws_a_scheduled_publication_and_the_version_in_force_stays(app: Flask, login_as) -> None:
    _save_draft(app, NEW_NAME)
    reviewer = login_as("reviewer")
    _act(reviewer, app, "publish", effective_on=LATER.isoformat())
    assert _record(app).pending_on(TODAY) == LATER
    status, page = _act(reviewer, app, "unschedule")
    assert f"已撤销原定 {LATER.isoformat()} 生效的版本" in page
    record = _record(app)
    assert (record.scheduled_document, record.scheduled_on) == (None, None)
    _move_today(app, LATER)
    assert _served(app)["item"] == OLD_NAME  # withdrawn: the old version is still the one served
    [entry] = _audit(app, "unschedule")
    assert entry.before["name"] == NEW_NAME
    status, page = _act(reviewer, app, "unschedule")
    assert "没有待生效的排期发布" in page


# -- the calendar editor: a State Council notice entered in the console goes through the same workflow -----

NOTICE_2027 = Path(__file__).parents[1] / "runtime" / "timelaw" / "notice_2027.yaml"
IN_2027 = {**APPLICATION, "received_at": "2027-02-03T10:00:00+08:00"}
"""Incomplete: a supplement whose 第三十二条 notice deadline (five working days) runs across the 2027 Spring Festival."""


def _clock_2027(app: Flask) -> dict[str, Any]:
    answer = app.test_client().post("/api/v1/decisions", json=IN_2027)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["clock"]


def _calendar_form(client: FlaskClient, holidays: list[tuple[str, str]], makeup: list[tuple[str, str]]) -> MultiDict:
    """The 「工作日历」 create form as a browser submits it, with one inline entry per day."""
    page = client.get("/admin/calendar/new/").get_data(as_text=True)
    data = form_inputs(page)
    data["year"], data["source"] = "2027", "国务院办公厅关于2027年部分节假日安排的通知（测试样例）"
    for group, days in (("holidays", holidays), ("makeup_workdays", makeup)):
        for i, (day, name) in enumerate(days):
            entry = new_entry(page, group, i)
            entry[f"{group}-{i}-date"], entry[f"{group}-{i}-name"] = day, name
            data.update(entry)
    return data


def test_calendar_editor_publishes_an_official_year_through_the_workflow(app: Flask, login_as) -> None:
    from onewindow.runtime.calendar import load_law, read_notice

    entry, problems = read_notice(NOTICE_2027, load_law())
    assert entry is not None, problems
    holidays = [(h.date.isoformat(), h.name) for h in entry.holidays]
    makeup = [(m.date.isoformat(), m.name) for m in entry.makeup_workdays]
    before = _clock_2027(app)
    assert before["provisional"] and before["provisional_years"] == [2027]
    editor = login_as("reform_office")

    # judged on save: a make-up day on a weekday (the law's check) is refused beside the field, nothing stored
    wrong = _calendar_form(editor, holidays, [*makeup[:-1], ("2027-10-08", "国庆节调休上班")])
    page = editor.post("/admin/calendar/new/", data=wrong).get_data(as_text=True)
    assert "调休上班日 2027-10-08 不是周六或周日" in page and "未保存" in page
    with app.app_context():
        assert db.session.scalar(db.select(CatalogRecord).filter_by(section="calendar", key="2027")) is None

    # saved: a draft, audited, not served
    assert editor.post("/admin/calendar/new/", data=_calendar_form(editor, holidays, makeup)).status_code == 302
    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="calendar", key="2027"))
        assert (record.state, record.published_document) == ("draft", None)
        rid = record.id
    assert [(e.user, e.key) for e in _audit(app, "create")] == [("reform", "2027")]
    assert _clock_2027(app) == before

    # submitted, then published by the reviewer from a later effective day: still provisional until that day
    url = f"/admin/calendar/workflow/?id={rid}"
    for client, form in ((editor, {"action": "submit"}), (login_as("reviewer"), {"action": "publish", "effective_on": LATER.isoformat()})):
        form["csrf_token"] = csrf_token(client.get(url).get_data(as_text=True))
        assert client.post(url, data=form).status_code == 302
    [published] = _audit(app, "publish")
    assert (published.user, published.key) == ("reviewer", "2027") and published.note.startswith(f"生效日期 {LATER.isoformat()}")
    _move_today(app, LATER - timedelta(days=1))
    assert _clock_2027(app) == before
    _move_today(app, LATER)
    after = _clock_2027(app)
    assert not after["provisional"] and after["provisional_years"] == [] and "暂按法定节假日推算" not in after["explanation"]
    # provisional: 2-05..2-10 off (除夕 to 初三 and two days for the weekend), so 2-16; the official notice: 2-05..2-13
    # off and Sunday 2-14 a make-up working day, so 2-17
    assert (before["notice_deadline"], after["notice_deadline"]) == ("2027-02-16", "2027-02-17")
