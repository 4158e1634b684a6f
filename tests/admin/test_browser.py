"""The console in a real browser: Playwright driving Debian's chromium against ``create_app`` served by werkzeug.

Each test gets its own app (a copy of the conftest's template database: the fixture catalog imported, one user
per role) served on 127.0.0.1 on a free port from a thread, and a fresh browser context (no shared cookies).
Screenshots of every step go to ``test-artifacts/admin-browser/`` (gitignored). Never ``playwright install``:
the system chromium is launched by path; without it (or without playwright) the module is skipped.
"""
from __future__ import annotations

import difflib
import os
import re
import shutil
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from console_support import FIXTURE, PASSWORD, USERS, record_id
from onewindow.admin.auth.roles import ROLES
from onewindow.admin.store.db import db
from onewindow.admin.store.records import CatalogRecord
from onewindow.admin.sync import export_catalog
from onewindow.runtime.loading import check_catalog

sync_api = pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402
from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

CHROMIUM = os.environ.get("ONEWINDOW_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "admin-browser"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no chromium at {CHROMIUM}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def base_url(app: Flask) -> Iterator[str]:
    """``app`` (conftest: fresh copy of the template database) served by werkzeug in a thread."""
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, name="console-under-test", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


def shot(page: Page, name: str, *, full_page: bool = False) -> None:
    """Keep a screenshot as a test artifact. Chromium now and then answers "Unable to capture screenshot"
    under load; an artifact is not an assertion, so one retry and then a warning, never a failure."""
    for attempt in range(2):
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)
            return
        except PlaywrightError as exc:
            if attempt:
                warnings.warn(f"screenshot {name} not captured: {exc}", stacklevel=2)


def log_in(page: Page, base_url: str, role: str, prefix: str) -> None:
    page.goto(f"{base_url}/auth/login")
    expect(page.locator("h1")).to_have_text("一窗通 · 管理后台登录")
    page.fill("#username", USERS[role][0])
    page.fill("#password", PASSWORD)
    shot(page, f"{prefix}-00-login")
    page.click("#login")
    page.wait_for_url(f"{base_url}/admin/")


def edit_link(page: Page, code: str):  # type: ignore[no-untyped-def]
    return page.locator("table tbody tr", has_text=code).locator('a[title="编辑记录"]')


@pytest.mark.parametrize("role", list(USERS))
def test_each_role_logs_in_and_sees_the_console_home_in_chinese(page: Page, base_url: str, role: str) -> None:
    log_in(page, base_url, role, f"role-{role}")
    shot(page, f"role-{role}-01-home")
    expect(page).to_have_title("首页 - 一窗通管理后台")
    expect(page.locator("h1")).to_have_text("一窗通 · 事项目录管理后台")
    # the department editor's line also names its department: 当前用户：editor（部门编辑，market_regulation）
    expect(page.locator("p", has_text=f"当前用户：{USERS[role][0]}（{ROLES[role]}")).to_be_visible()
    expect(page.locator("a.navbar-brand")).to_have_text("一窗通管理后台")
    expect(page.locator("#logout")).to_have_text("退出登录")
    # every role may list items (its own department's only, for the department editor)
    page.goto(f"{base_url}/admin/items/")
    shot(page, f"role-{role}-02-items")
    expect(page.locator("table thead")).to_contain_text("事项编码")
    expect(page.locator("table tbody")).to_contain_text("SC-001")


def test_wrong_password_is_refused(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/auth/login")
    page.fill("#username", USERS["reform_office"][0])
    page.fill("#password", PASSWORD + "x")
    page.click("#login")
    shot(page, "login-wrong-password")
    assert "/auth/login" in page.url
    assert page.goto(f"{base_url}/admin/items/").url.startswith(f"{base_url}/auth/login")


def _record(app: Flask, key: str) -> CatalogRecord:
    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="items", key=key))
        db.session.expunge(record)
        return record


def test_reform_office_edits_sees_error_beside_field_fixes_saves_and_export_shows_it(
        page: Page, base_url: str, app: Flask, tmp_path: Path) -> None:
    before = _record(app, "SC-001")
    assert before.state == "published" and before.document["time_limits"] == [{"statutory_days": 20, "promised_days": 10}]
    log_in(page, base_url, "reform_office", "edit")
    page.goto(f"{base_url}/admin/items/")
    shot(page, "edit-01-items-list")
    # the same selectors that find nothing for the auditor (below) find every row's buttons here
    expect(page.locator('a[title="编辑记录"]')).to_have_count(3)
    expect(page.locator('button[title="删除记录"]')).to_have_count(3)
    expect(page.locator('a[title="创建新记录"]')).to_have_count(1)
    edit_link(page, "SC-001").click()
    page.wait_for_url(re.compile(r"/admin/items/edit/\?id="))
    field = page.locator("#time_limits-0-promised_days")  # an inline sub-form of 办理时限
    expect(page.locator("#name")).to_have_value("食品经营许可")
    expect(field).to_have_value("10")

    # an invalid value: promised time limit beyond the statutory one
    field.fill("30")
    shot(page, "edit-02-invalid-value-entered", full_page=True)
    page.locator('input[type="submit"][value="保存"]').click()
    page.wait_for_load_state()
    shot(page, "edit-03-validation-error", full_page=True)
    expect(field).to_have_class(re.compile(r"\bis-invalid\b"))
    beside = page.locator(".form-group", has=field).locator(".invalid-feedback")
    expect(beside).to_be_visible()
    expect(beside).to_contain_text("承诺时限 30 日超过法定时限 20 日")
    expect(page.locator(".alert-danger").first).to_contain_text("未保存")
    expect(field).to_have_value("30")  # the input is kept for correction
    refused = _record(app, "SC-001")
    assert (refused.version_id, refused.state, refused.document) == (before.version_id, "published", before.document)

    # fix it and save
    field.fill("8")
    shot(page, "edit-04-fixed-value", full_page=True)
    page.locator('input[type="submit"][value="保存"]').click()
    page.wait_for_url(re.compile(r"/admin/items/(\?.*)?$"))
    shot(page, "edit-05-saved")
    expect(page.locator(".is-invalid")).to_have_count(0)
    expect(page.locator("table tbody tr", has_text="SC-001")).to_be_visible()
    saved = _record(app, "SC-001")
    assert saved.state == "draft" and saved.version_id > before.version_id
    assert saved.document["time_limits"] == [{"statutory_days": 20, "promised_days": 8}]
    assert saved.published_document == before.published_document

    # the edit reaches the YAML: export the working copy onto a copy of the fixture catalog
    copy = tmp_path / "exported"
    shutil.copytree(FIXTURE, copy)
    with app.app_context():
        written = export_catalog(copy, drafts=True)
    assert written == ["items/food_licence.yaml"]
    old = (FIXTURE / "items/food_licence.yaml").read_text(encoding="utf-8").splitlines()
    new = (copy / "items/food_licence.yaml").read_text(encoding="utf-8").splitlines()
    changed = [line for line in difflib.unified_diff(old, new, lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed == ["-      - {statutory_days: 20, promised_days: 10}", "+      - {statutory_days: 20, promised_days: 8}"]
    assert check_catalog(copy).catalog is not None
    # the published export (what the runtime serves) is unchanged until a reviewer publishes
    published = tmp_path / "published"
    shutil.copytree(FIXTURE, published)
    with app.app_context():
        assert export_catalog(published) == []


def test_materials_are_added_and_removed_in_inline_sub_forms(page: Page, base_url: str, app: Flask) -> None:
    """The page's own 添加 / ✕ controls (Flask-Admin's form.js) edit the list of 申请材料 in place."""
    log_in(page, base_url, "reform_office", "inline")
    page.goto(f"{base_url}/admin/items/")
    edit_link(page, "SC-001").click()
    page.wait_for_url(re.compile(r"/admin/items/edit/\?id="))
    expect(page.locator("#materials-0-id")).to_have_value("licence_form")
    expect(page.locator("#materials-1-id")).to_have_value("id_card")
    page.locator("#materials-button").click()  # 添加 申请材料
    fresh = page.locator("#materials-2")
    expect(fresh).to_be_visible()
    page.fill("#materials-2-id", "floor_plan")
    page.fill("#materials-2-name", "经营场所平面图")
    page.select_option("#materials-2-form", "copy")
    page.fill("#materials-2-copies", "1")
    page.once("dialog", lambda dialog: dialog.accept())  # 「确定删除？」
    page.locator("#materials-0 .inline-remove-field").click()
    expect(page.locator("#materials-0")).to_have_count(0)
    shot(page, "inline-01-material-added-and-removed", full_page=True)
    page.locator('input[type="submit"][value="保存"]').click()
    page.wait_for_url(re.compile(r"/admin/items/(\?.*)?$"))
    saved = _record(app, "SC-001")
    assert saved.document["materials"] == [{"id": "id_card", "form": "copy", "copies": 1},
                                           {"id": "floor_plan", "name": "经营场所平面图", "form": "copy", "copies": 1}]


def test_department_editor_cannot_open_another_departments_item(page: Page, base_url: str, app: Flask) -> None:
    assert USERS["department_editor"][1] == "market_regulation"
    log_in(page, base_url, "department_editor", "editor")
    page.goto(f"{base_url}/admin/items/")
    shot(page, "editor-01-own-items-only")
    rows = page.locator("table tbody")
    expect(rows).to_contain_text("SC-001")
    expect(rows).not_to_contain_text("ZJ-001")
    # its own department's item opens for editing ...
    own = page.goto(f"{base_url}/admin/items/edit/?id={record_id(app, 'items', 'SC-001')}")
    assert own is not None and own.status == 200
    expect(page.locator("#code")).to_have_value("SC-001")
    shot(page, "editor-02-own-item-edit")
    # ... another department's does not, by edit or details URL
    for url in (f"/admin/items/edit/?id={record_id(app, 'items', 'ZJ-001')}", f"/admin/items/details/?id={record_id(app, 'items', 'ZJ-001')}"):
        answer = page.goto(base_url + url)
        assert answer is not None and answer.status == 403, url
        expect(page.locator("body")).not_to_contain_text("ZJ-001")
    shot(page, "editor-03-other-department-403")
    expect(page.locator("h1")).to_have_text("无权访问（403）")


def test_auditor_sees_no_edit_or_create_buttons(page: Page, base_url: str, app: Flask) -> None:
    log_in(page, base_url, "auditor", "auditor")
    page.goto(f"{base_url}/admin/items/")
    shot(page, "auditor-01-items-read-only")
    rows = page.locator("table tbody tr", has=page.locator('a[title="查看记录"]'))
    expect(rows).to_have_count(3)  # every fixture item is listed and viewable ...
    expect(page.locator('a[title="编辑记录"]')).to_have_count(0)  # ... but nothing is editable
    expect(page.locator('button[title="删除记录"]')).to_have_count(0)
    expect(page.locator('a[title="创建新记录"]')).to_have_count(0)
    expect(page.locator(".action-checkbox")).to_have_count(0)
    rows.first.locator('a[title="查看记录"]').click()
    page.wait_for_url(re.compile(r"/admin/items/details/"))
    shot(page, "auditor-02-details")
    expect(page.locator(".nav-tabs")).to_contain_text("详情")
    expect(page.locator(".nav-tabs")).not_to_contain_text("编辑")
    expect(page.locator(".nav-tabs")).not_to_contain_text("创建")
    # typing the edit URL does not open a form either
    page.goto(f"{base_url}/admin/items/edit/?id={record_id(app, 'items', 'SC-001')}")
    shot(page, "auditor-03-edit-url-refused")
    assert "/admin/items/edit/" not in page.url
    expect(page.locator('input[type="submit"][value="保存"]')).to_have_count(0)

