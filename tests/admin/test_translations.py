"""Chinese UI: the strings Flask-Admin's bundled catalog leaves in English come from admin/translations."""
from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po
from flask import Flask

CATALOG = Path(__file__).resolve().parents[2] / "admin" / "translations" / "zh_Hans_CN" / "LC_MESSAGES"


def test_translations_mo_matches_po() -> None:
    """admin.mo is generated from admin.po: recompiling must give the same messages."""
    compiled = io.BytesIO()
    write_mo(compiled, read_po((CATALOG / "admin.po").open("rb")))
    compiled.seek(0)
    fresh = {m.id: m.string for m in read_mo(compiled) if m.id}
    committed = {m.id: m.string for m in read_mo((CATALOG / "admin.mo").open("rb")) if m.id}
    assert fresh == committed


def test_flask_admin_failure_message_is_chinese(app: Flask, login_as) -> None:
    from console_support import csrf_token, record_id

    client = login_as("reform_office")
    url = f"/admin/items/edit/?id={record_id(app, 'items', 'SC-001')}"
    token = csrf_token(client.get(url).get_data(as_text=True))
    answer = client.post(url, data={"csrf_token": token, "name": ""})
    html = answer.get_data(as_text=True)
    assert "保存记录失败" in html
    assert "Failed to save record" not in html


def test_forbidden_page_is_chinese(app: Flask, login_as) -> None:
    from console_support import record_id

    page = login_as("department_editor").get(f"/admin/items/edit/?id={record_id(app, 'items', 'ZJ-001')}")
    assert page.status_code == 403
    assert "无权访问" in page.get_data(as_text=True)
