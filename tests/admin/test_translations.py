"""Chinese UI: every console page is zh-CN, and nothing Flask-Admin shows staff is left in English.

Flask-Admin's own strings come from its bundled zh_Hans_CN catalog plus admin/translations (the gaps);
its page has no ``lang`` (app.py's PAGE_FIXES adds it) and its two script widgets have no
translations at all (admin/templates/admin/console_base.html gives them Chinese texts).
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import flask_admin
import pytest
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from flask import Flask, g
from flask_admin import babel as admin_babel
from flask_admin.model import BaseModelView

from console_support import csrf_token, login, record_id

REPO = Path(__file__).resolve().parents[2]
CATALOG = REPO / "admin" / "translations" / "zh_Hans_CN" / "LC_MESSAGES"
TEMPLATES = REPO / "admin" / "templates" / "admin"
FLASK_ADMIN = Path(flask_admin.__file__).parent
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
TAG = re.compile(r"<[^>]+>")


def _headings(html: str) -> list[str]:
    return [" ".join(TAG.sub(" ", inner).split()) for _level, inner in HEADING.findall(html)]


def _hashable(value: str | list[str] | tuple[str, ...]) -> str | tuple[str, ...]:
    """A message id or string; plural messages are sequences (singular, plural …)."""
    return value if isinstance(value, str) else tuple(value)


def test_translations_mo_matches_po() -> None:
    """admin.mo is generated from admin.po: recompiling must give the same messages."""
    compiled = io.BytesIO()
    write_mo(compiled, read_po((CATALOG / "admin.po").open("rb")))
    compiled.seek(0)
    fresh = {_hashable(m.id): _hashable(m.string) for m in read_mo(compiled) if m.id}
    committed = {_hashable(m.id): _hashable(m.string) for m in read_mo((CATALOG / "admin.mo").open("rb")) if m.id}
    assert fresh == committed


def test_flask_admin_failure_message_is_chinese(app: Flask, login_as) -> None:
    client = login_as("reform_office")
    url = f"/admin/items/edit/?id={record_id(app, 'items', 'SC-001')}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    answer = client.post(url, data={"csrf_token": token, "name": ""})
    html = answer.get_data(as_text=True)
    assert "保存记录失败" in html
    assert "Failed to save record" not in html


def test_forbidden_page_is_chinese(app: Flask, login_as) -> None:
    page = login_as("department_editor").get(f"/admin/items/edit/?id={record_id(app, 'items', 'ZJ-001')}")
    assert page.status_code == 403
    assert "无权访问" in page.get_data(as_text=True)


# -- every page: <html lang="zh-CN"> and a Chinese <title> -------------------------------------------------
CONSOLE_PAGES = {
    "home": "/admin/",
    "item list": "/admin/items/",
    "item edit": "/admin/items/edit/?id={SC-001}",
    "item create": "/admin/items/new/",
    "item details": "/admin/items/details/?id={SC-001}",
    "guide preview": "/admin/items/guide/?id={SC-001}",
    "workflow": "/admin/items/workflow/?id={SC-001}",
    "legal documents": "/admin/legal_documents/",
    "windows": "/admin/windows/",
    "repealed citations": "/admin/repealed_citations/",
    "audit log": "/admin/audit/",
    "users": "/admin/users/",
    "sandbox": "/admin/sandbox/",
    "empty search": "/admin/items/?search=no-such-item",
}


@pytest.mark.parametrize("name", list(CONSOLE_PAGES))
def test_console_page_declares_zh_cn_with_chinese_title(app: Flask, login_as, name: str) -> None:
    url = CONSOLE_PAGES[name].replace("{SC-001}", str(record_id(app, "items", "SC-001")))
    page = login_as("reform_office").get(url)
    assert page.status_code == 200, url
    html = page.get_data(as_text=True)
    assert '<html lang="zh-CN">' in html
    title = TITLE.search(html)
    assert title and CJK.search(title.group(1)), title


def _error_pages(app: Flask, login_as) -> Iterator[tuple[str, int, str]]:
    client = app.test_client()
    yield "login", 200, client.get("/auth/login").get_data(as_text=True)
    refused = client.post("/auth/login", data={"username": "reform", "password": "x"})  # no CSRF token
    yield "csrf", refused.status_code, refused.get_data(as_text=True)
    forbidden = login_as("department_editor").get(f"/admin/items/edit/?id={record_id(app, 'items', 'ZJ-001')}")
    yield "forbidden", forbidden.status_code, forbidden.get_data(as_text=True)
    missing = login_as("reform_office").get("/admin/items/guide/?id=999999")
    yield "missing", missing.status_code, missing.get_data(as_text=True)


def test_login_and_error_pages_declare_zh_cn_with_chinese_title(app: Flask, login_as) -> None:
    statuses = {}
    for name, status, html in _error_pages(app, login_as):
        statuses[name] = status
        assert re.search(r'<html lang="zh-CN"', html), name
        title = TITLE.search(html)
        assert title and CJK.search(title.group(1)), (name, title)
        assert not re.search(r"\b(Not Found|Bad Request|Forbidden|CSRF token)\b", html), name
    assert statuses == {"login": 200, "csrf": 400, "forbidden": 403, "missing": 404}


# -- one heading per page ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("url", "heading"), [
    ("/admin/sandbox/", "受理沙盘"),
    ("/admin/repealed_citations/", "引用已废止"),
    ("/admin/", "一窗通"),
])
def test_page_shows_its_title_once(login_as, url: str, heading: str) -> None:
    """Flask-Admin prints the view name as the page title; a page with its own heading replaces it, not adds."""
    html = login_as("reform_office").get(url).get_data(as_text=True)
    matching = [h for h in _headings(html) if heading in h]
    assert len(matching) == 1, _headings(html)


def test_sandbox_decision_reads_in_chinese(county: Flask) -> None:
    from onewindow.admin.views.sandbox import PHASE_NAMES
    from onewindow.runtime.rules import PHASES

    assert set(PHASE_NAMES) == set(PHASES)
    client = login(county.test_client(), "reform_office")
    html = client.get("/admin/sandbox/?item=QX-SCJG-001").get_data(as_text=True)
    assert len([h for h in _headings(html) if "受理沙盘" in h]) == 1
    answer = client.post("/admin/sandbox/", data={
        "csrf_token": csrf_token(html), "item": "QX-SCJG-001", "applicant_kind": "legal_person",
        "received_at": "2026-09-30T18:30", "fact_enterprise_kind": "limited_company", "fact_entrusted_agent": "false",
        "material_establishment_application": "on"}).get_data(as_text=True)
    assert "规则轨迹" in answer and "目录 工作副本" in answer
    trace = answer[answer.index('id="trace"'):answer.index("</table>", answer.index('id="trace"'))]
    phases = re.findall(r"</td><td>([^<]*)</td><td>", trace)
    assert phases and set(phases) <= set(PHASE_NAMES.values())
    wrong = client.post("/admin/sandbox/", data={"csrf_token": csrf_token(html), "item": "QX-SCJG-001",
                                                 "received_at": "yesterday"}).get_data(as_text=True)
    assert "收件时间应写成" in wrong and "isoformat" not in wrong


# -- Flask-Admin's strings --------------------------------------------------------------------------------
_CALL = re.compile(r"""(?<![\w])(?:_gettext|_ngettext|gettext|lazy_gettext|ngettext)\(\s*(['"])((?:\\.|(?!\1).)*)\1""", re.S)
FORMATTED = {"{} item", "%(placeholder)s"}
"""Message ids that are not text: the page-size menu formats its number in (checked per option below) and a
bare placeholder."""


def flask_admin_message_ids() -> dict[str, str]:
    """Every literal message of Flask-Admin's bootstrap4 templates and of the modules the console uses
    (model views, SQLAlchemy backend, forms, actions), with where it was found."""
    templates = [p for p in (FLASK_ADMIN / "templates" / "bootstrap4" / "admin").rglob("*.html")
                 if not {"file", "rediscli"} & set(p.parts)]
    modules = [p for p in FLASK_ADMIN.rglob("*.py")
               if not {"tests", "translations", "contrib"} & set(p.relative_to(FLASK_ADMIN).parts) or "sqla" in p.parts]
    found: dict[str, str] = {}
    for path in templates + modules:
        for match in _CALL.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(2).replace("\\'", "'").replace('\\"', '"'), str(path.relative_to(FLASK_ADMIN)))
    return found


@pytest.fixture
def in_console_view(app: Flask) -> Iterator[Flask]:
    """A request inside a console view: Flask-Admin adds admin/translations only for its views (and caches the
    merged catalog process-wide, so translating outside a view here would hide ours from later tests)."""
    with app.test_request_context():
        g._admin_view = app.extensions["admin"][0]._views[0]
        yield app


def test_flask_admin_messages_are_chinese(in_console_view: Flask) -> None:
    messages = flask_admin_message_ids()
    assert {"Add", "New", "Delete?", "Are you sure you want to delete this record?", "Save", "equals",
            "There are no items in the table."} <= set(messages)  # the scan finds what it should
    english = {m: where for m, where in messages.items()
               if m not in FORMATTED and not CJK.search(admin_babel.gettext(m))}
    assert english == {}


def test_page_size_menu_is_chinese(in_console_view: Flask) -> None:
    options = {n for view in in_console_view.extensions["admin"][0]._views
               if isinstance(view, BaseModelView) and view.can_set_page_size for n in view.page_size_options}
    assert options
    for n in sorted(options):
        assert CJK.search(admin_babel.ngettext(f"{n} item", f"{n} items", n)), n


def test_inline_sub_form_strings_are_in_our_catalog(in_console_view: Flask) -> None:
    """The inline sub-forms' buttons (admin/model/inline_list_base.html) stay Chinese even should Flask-Admin's
    bundled catalog drop them."""
    ours = {m.id: m.string for m in read_po((CATALOG / "admin.po").open("rb")) if m.id}
    for message in ("Add", "New", "Delete?", "Are you sure you want to delete this record?"):
        assert CJK.search(ours.get(message, "")), message
        assert CJK.search(admin_babel.gettext(message)), message


def test_item_edit_page_buttons_are_chinese(app: Flask, login_as) -> None:
    html = login_as("reform_office").get(f"/admin/items/edit/?id={record_id(app, 'items', 'SC-001')}").get_data(as_text=True)
    for english in ("Add ", "New ", "Delete?", "Are you sure", "Save and", "Cancel", "Toggle navigation"):
        assert english not in html, english
    assert "保存" in html and "取消" in html


def test_list_page_size_menu_is_chinese(login_as) -> None:
    html = login_as("reform_office").get("/admin/items/").get_data(as_text=True)
    assert "每页 20 条" in html and not re.search(r"\d+ items?\b", html)


# -- the base page and the script widgets --------------------------------------------------------------------
def test_page_fixes_still_match_flask_admins_base_page() -> None:
    """Each literal app.py rewrites occurs once in Flask-Admin's bootstrap4 base.html: when Flask-Admin changes
    its page, this fails instead of the console silently losing lang="zh-CN"."""
    from onewindow.admin.app import PAGE_FIXES

    upstream = (FLASK_ADMIN / "templates" / "bootstrap4" / "admin" / "base.html").read_bytes()
    for old, _new in PAGE_FIXES:
        assert upstream.count(old) == 1, old


def test_script_widgets_get_chinese_texts() -> None:
    """Every English text select2 3.5 and bootstrap-daterangepicker 1.3 define is replaced in console_base.html."""
    ours = (TEMPLATES / "console_base.html").read_text(encoding="utf-8")
    select2 = (FLASK_ADMIN / "static" / "vendor" / "select2" / "select2.min.js").read_text(encoding="utf-8")
    texts = set(re.findall(r'(format\w+):function\([^)]*\)\{return[^}]*"[A-Z][a-z]', select2))
    assert {"formatNoMatches", "formatSearching"} <= texts
    for name in texts:
        assert re.search(rf"{name}: function \([^)]*\) {{ return \"[^\"]*[\u4e00-\u9fff]", ours), name
    picker = (FLASK_ADMIN / "static" / "vendor" / "bootstrap-daterangepicker" / "daterangepicker.js").read_text(encoding="utf-8")
    defaults = picker[picker.index("this.locale = {"):picker.index("};", picker.index("this.locale = {"))]
    keys = set(re.findall(r"(\w+):", defaults))
    assert {"applyLabel", "cancelLabel", "monthNames"} <= keys
    assert keys <= set(re.findall(r"(\w+):", ours[ours.index("var chinese"):]))


def test_users_list_reads_in_chinese(login_as) -> None:
    page = login_as("reform_office").get("/admin/users/").get_data(as_text=True)
    cells = [re.sub(r"<[^>]+>|\s+", "", c) for c in re.findall(r'<td class="col-active">(.*?)</td>', page, re.S)]
    assert cells and set(cells) <= {"启用", "停用"} and "active:" not in page
    assert "审改办" in page  # the role's Chinese name, not reform_office
