"""Forms a clerk can use: the error summary links to each field, list-level errors are shown, problems name
fields in Chinese, enum choices and departments read as names, save bar with sections, search by department
and material names, audit times in the centre's zone."""
from __future__ import annotations

import re

import pytest
from flask import Flask

from console_support import form_inputs, record_id
from onewindow.admin.store.audit import AuditEntry
from onewindow.admin.store.db import db


def _edit(client, app: Flask, key: str = "SC-001"):  # type: ignore[no-untyped-def]
    url = f"/admin/items/edit/?id={record_id(app, 'items', key)}"
    return url, form_inputs(client.get(url).get_data(as_text=True))


def test_a_list_level_error_is_in_the_summary_linked_and_visible(app: Flask, login_as) -> None:
    client = login_as("reform_office")
    url, data = _edit(client, app)
    data["time_limits-0-promised_days"] = "3"  # the steps now sum past the promise: an error on the whole list
    page = client.post(url, data=data).get_data(as_text=True)
    summary = page[page.index('id="error-summary"'):page.index("</div>", page.index('id="error-summary"'))]
    assert "超过承诺时限 3 日" in summary
    targets = re.findall(r'href="#([^"]+)" class="error-link"', summary)
    assert targets and all(f'id="{t}"' in page for t in targets)  # every link lands on an element of the page
    assert ".invalid-feedback { display: block; }" in page  # a list's error sits beside no input: shown anyway


def test_problems_name_fields_in_chinese(app: Flask, login_as) -> None:
    client = login_as("reform_office")
    url, data = _edit(client, app)
    data["materials-0-necessity"] = "tolerable"  # 容缺 without a 补交期限
    page = client.post(url, data=data).get_data(as_text=True)
    summary = page[page.index('id="error-summary"'):page.index("</div>", page.index('id="error-summary"'))]
    assert "申请材料 第 1 项" in summary
    assert "tolerance_days" not in summary and "materials[0]" not in summary


def test_choices_and_departments_read_as_names(app: Flask, login_as) -> None:
    client = login_as("reform_office")
    page = client.get(f"/admin/items/edit/?id={record_id(app, 'items', 'SC-001')}").get_data(as_text=True)
    assert ">行政许可<" in page and "（licensing）" not in page
    listing = client.get("/admin/items/").get_data(as_text=True)
    body = listing[listing.index("</thead>"):]
    assert "县市场监督管理局" in body and ">market_regulation<" not in body


def test_the_save_bar_links_to_sections_and_saves(app: Flask, login_as) -> None:
    page = login_as("reform_office").get(f"/admin/items/edit/?id={record_id(app, 'items', 'SC-001')}").get_data(as_text=True)
    bar = page[page.index('id="save-bar"'):]
    assert 'id="save-bar-save"' in bar
    for target in re.findall(r'<a href="#([^"]+)">', bar[:bar.index("</div>")]):
        assert f'id="{target}"' in page
    assert '<a href="#materials">申请材料</a>' in bar


@pytest.mark.parametrize(("term", "found"), [("市场监督", {"SC-001", "SC-002"}), ("身份证", {"SC-001", "SC-002"}),
                                             ("食品", {"SC-001"}), ("ZJ", {"ZJ-001"})])
def test_search_over_department_and_material_names(app: Flask, login_as, term: str, found: set[str]) -> None:
    page = login_as("reform_office").get("/admin/items/", query_string={"search": term}).get_data(as_text=True)
    assert set(re.findall(r"(?:SC|ZJ)-\d{3}", page[page.index("</thead>"):])) == found


def test_audit_times_in_the_centres_zone_to_the_minute(app: Flask, login_as) -> None:
    from datetime import datetime

    with app.app_context():
        db.session.add(AuditEntry(action="update", user="reform", at=datetime(2026, 3, 1, 16, 30, 15, 123456)))
        db.session.commit()
    page = login_as("auditor").get("/admin/audit/").get_data(as_text=True)
    assert "2026-03-02 00:30" in page and "16:30:15" not in page and ".123456" not in page


@pytest.mark.parametrize("role", ["reform_office", "department_editor", "reviewer", "auditor"])
def test_lists_export_as_csv_and_xlsx_with_names(app: Flask, login_as, role: str) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    client = login_as(role)
    csv = client.get("/admin/items/export/csv/")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    text = csv.get_data(as_text=True)
    assert "事项编码" in text and "SC-001" in text and "县市场监督管理局" in text and "已发布" in text and "<a" not in text
    if role == "department_editor":
        assert "ZJ-001" not in text  # the department scope holds in exports too
    xlsx = client.get("/admin/items/export/xlsx/")
    assert xlsx.status_code == 200
    rows = list(load_workbook(BytesIO(xlsx.get_data())).active.iter_rows(values_only=True))
    assert rows[0][0] == "事项编码" and any(r[0] == "SC-001" for r in rows[1:])
