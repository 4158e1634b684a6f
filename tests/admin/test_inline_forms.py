"""Inline sub-forms: nested parts (materials, steps, fees, legal bases …) edited in place, read back exactly."""
from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from console_support import REPO_CONFIG, form_inputs, imported_database, login, make_app, new_entry, record_id
from onewindow.admin.store.db import db
from onewindow.admin.store.records import RECORD_CLASSES, CatalogRecord
from onewindow.admin.sync import export_catalog
from onewindow.admin.views.document_form import shape_of


def _documents(app: Flask) -> dict[int, tuple[str, dict]]:
    with app.app_context():
        return {r.id: (r.section, r.document) for r in db.session.scalars(db.select(CatalogRecord))}


def _resubmit_all(app: Flask) -> list[str]:
    """Open every record's edit page and save it unchanged, as a browser would; the keys that changed."""
    client = login(app.test_client(), "reform_office")
    before = _documents(app)
    changed = []
    for rid, (section, _document) in before.items():
        url = f"/admin/{section}/edit/?id={rid}"
        answer = client.post(url, data=form_inputs(client.get(url).get_data(as_text=True)))
        assert answer.status_code == 302, f"{section}/{rid}: {answer.get_data(as_text=True)[-2000:]}"
    after = _documents(app)
    for rid, (section, document) in before.items():
        new = after[rid][1]
        for key in sorted(set(document) | set(new)):
            if document.get(key) != new.get(key):
                changed.append(f"{section}/{rid}.{key}: {document.get(key)!r} → {new.get(key)!r}")
    return changed


def test_every_fixture_record_saved_unchanged_keeps_its_document(app: Flask) -> None:
    assert _resubmit_all(app) == []


@pytest.fixture(scope="module")
def config_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's config/ imported once; each test gets a copy of the database file."""
    return imported_database(tmp_path_factory.mktemp("config"), REPO_CONFIG)


@pytest.fixture
def config_app(config_template: Path, tmp_path: Path) -> Flask:
    shutil.copyfile(config_template, tmp_path / "console.sqlite")
    return make_app(tmp_path)


def test_every_config_record_saved_unchanged_keeps_its_document(config_app: Flask) -> None:
    """The real catalog: 80 items with every kind of material, fee (tiers, exemptions), step and basis."""
    assert _resubmit_all(config_app) == []


def test_only_conditions_and_extensions_remain_yaml_boxes() -> None:
    def yaml_fields(model: type, trail: str) -> list[str]:
        found = []
        for name, info in model.model_fields.items():
            shape = shape_of(info)
            if shape.kind == "yaml":
                found.append(f"{trail}{name}")
            elif shape.kind in ("part", "parts"):
                found += yaml_fields(shape.inner, f"{trail}{name}.")
        return found

    boxes = {f"{s}:{f}" for s, cls in RECORD_CLASSES.items() for f in yaml_fields(cls.model, "")}
    assert boxes == {"items:extensions", "items:materials.when", "items:fees.when", "items:fees.exemptions.when",
                     "items:variants.when"}


# -- editing parts in place --------------------------------------------------------------------------
def _open(client, app: Flask, key: str) -> tuple[str, MultiDict[str, str]]:
    url = f"/admin/items/edit/?id={record_id(app, 'items', key)}"
    return url, form_inputs(client.get(url).get_data(as_text=True))


def _open_with_new_entry(client, app: Flask, key: str, list_id: str, index: int) -> tuple[str, MultiDict[str, str]]:
    """The edit page's inputs after one click on the 添加 button of ``list_id``."""
    url = f"/admin/items/edit/?id={record_id(app, 'items', key)}"
    page = client.get(url).get_data(as_text=True)
    data = form_inputs(page)
    for name, value in new_entry(page, list_id, index).items(multi=True):
        data.add(name, value)
    return url, data


def _stored(app: Flask, key: str) -> CatalogRecord:
    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="items", key=key))
        db.session.expunge(record)
        return record


def _drop_entry(data: MultiDict[str, str], prefix: str) -> MultiDict[str, str]:
    """The form as sent after clicking the ✕ of one inline entry (its inputs leave the page)."""
    return MultiDict([(k, v) for k, v in data.items(multi=True) if not k.startswith(f"{prefix}-")])


def _error_beside(page: str, input_id: str) -> str:
    """The invalid-feedback text of the form group holding ``input_id`` ('' if none), spaces removed."""
    start = page.index(f'id="{input_id}"')
    group = page[start:page.find('class="form-group', start)]
    match = re.search(r'<div class="invalid-feedback">(.*?)</div>', group, re.S)
    return re.sub(r"<[^>]+>|\s+", "", match.group(1)) if match else ""


def _problems(page: str) -> list[str]:
    """Every problem a page shows (beside fields, atop sub-forms, atop the form)."""
    found = re.findall(r'<div class="invalid-feedback">(.*?)</div>|<ul class="alert alert-danger part-errors[^"]*">(.*?)</ul>', page, re.S)
    return [re.sub(r"<[^>]+>|\s+", "", a or b) for a, b in found]


def test_add_a_material_in_an_inline_sub_form(app: Flask) -> None:
    client = login(app.test_client(), "reform_office")
    url, data = _open_with_new_entry(client, app, "SC-001", "materials", 2)
    for name, value in {"materials-2-id": "floor_plan", "materials-2-name": "经营场所平面图", "materials-2-form": "copy",
                        "materials-2-copies": "1"}.items():
        data[name] = value
    answer = client.post(url, data=data)
    assert answer.status_code == 302, _problems(answer.get_data(as_text=True))
    materials = _stored(app, "SC-001").document["materials"]
    assert materials[:2] == [{"id": "licence_form", "form": "original", "originals": 1}, {"id": "id_card", "form": "copy", "copies": 1}]
    assert materials[2] == {"id": "floor_plan", "name": "经营场所平面图", "form": "copy", "copies": 1}  # defaults left unset


def test_an_added_row_left_blank_is_ignored(app: Flask) -> None:
    client = login(app.test_client(), "reform_office")
    url, data = _open_with_new_entry(client, app, "SC-001", "legal_bases", 1)
    assert "legal_bases-1-document" in data
    before = _stored(app, "SC-001").document
    assert client.post(url, data=data).status_code == 302
    assert _stored(app, "SC-001").document == before


def test_a_bad_choice_is_judged_by_the_model_in_chinese(app: Flask) -> None:
    client = login(app.test_client(), "reform_office")
    url, data = _open(client, app, "SC-001")
    data["materials-0-form"] = "scan"
    page = client.post(url, data=data).get_data(as_text=True)
    beside = _error_beside(page, "materials-0-form")
    assert "原件或复印件" in beside and "original" not in beside and "Not a valid" not in page  # values by their names


def test_error_of_a_nested_field_is_shown_beside_it_and_nothing_is_stored(app: Flask) -> None:
    client = login(app.test_client(), "reform_office")
    url, data = _open(client, app, "SC-001")
    before = _stored(app, "SC-001")
    data["materials-1-copies"] = "99"
    page = client.post(url, data=data).get_data(as_text=True)
    assert _error_beside(page, "materials-1-copies") == "应不大于20"
    assert _error_beside(page, "materials-0-copies") == ""
    assert 'value="99"' in page  # the input is kept for correction
    after = _stored(app, "SC-001")
    assert (after.version_id, after.document) == (before.version_id, before.document)


def test_error_of_a_whole_part_is_shown_atop_that_sub_form(app: Flask) -> None:
    client = login(app.test_client(), "reform_office")
    url, data = _open(client, app, "SC-001")
    data["materials-0-necessity"] = "tolerable"  # a tolerable material needs its tolerance_days
    page = client.post(url, data=data).get_data(as_text=True)
    block = page[page.index('id="materials-0"'):page.index('id="materials-1"')]
    assert "part-errors" in block and "tolerance_days" in block


def test_yaml_error_in_a_condition_of_a_material_names_its_line(app: Flask) -> None:
    client = login(app.test_client(), "reform_office")
    url, data = _open(client, app, "SC-001")
    data["materials-1-necessity"] = "conditional"
    data["materials-1-when"] = "fact: facts.floor_area\ngt: [1\n"
    page = client.post(url, data=data).get_data(as_text=True)
    assert _error_beside(page, "materials-1-when").startswith("第3行：")


def test_removing_a_material_is_a_minimal_yaml_diff(config_app: Flask, tmp_path: Path) -> None:
    client = login(config_app.test_client(), "reform_office")
    url, data = _open(client, config_app, "QX-BDC-001")
    ids = [data[f"materials-{i}-id"] for i in range(3)]
    assert ids == ["registration_application", "business_licence", "land_title_proof"]
    assert client.post(url, data=_drop_entry(data, "materials-1")).status_code == 302
    assert [m["id"] for m in _stored(config_app, "QX-BDC-001").document["materials"]][:2] == [ids[0], ids[2]]
    copy = tmp_path / "config"
    shutil.copytree(REPO_CONFIG, copy)
    with config_app.app_context():
        assert export_catalog(copy, drafts=True) == ["items/real_estate_registration/QX-BDC-001.yaml"]
    name = "items/real_estate_registration/QX-BDC-001.yaml"
    old = (REPO_CONFIG / name).read_text(encoding="utf-8").splitlines()
    new = (copy / name).read_text(encoding="utf-8").splitlines()
    removed = [line for line in difflib.unified_diff(old, new, lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert removed == ["-      - id: business_licence", "-        form: copy", "-        copies: 1",
                       "-        necessity: required", "-        standard: 加盖公章，与原件一致"]


def test_fee_amount_is_exact_text_and_sub_fen_is_refused_beside_it(config_app: Flask) -> None:
    client = login(config_app.test_client(), "reform_office")
    url, data = _open(client, config_app, "QX-BDC-001")
    assert data["fees-0-amount"] == "80.00" and data["fees-0-exemptions-0-pay_ratio"] == "0"
    data["fees-0-amount"] = "80.001"
    page = client.post(url, data=data).get_data(as_text=True)
    assert _error_beside(page, "fees-0-amount") != ""
    data["fees-0-amount"] = "75.50"
    assert client.post(url, data=data).status_code == 302
    fee = _stored(config_app, "QX-BDC-001").document["fees"][0]
    assert fee["amount"] == "75.50" and fee["exemptions"][0]["pay_ratio"] == "0"


def test_nested_list_inside_a_part_edits_in_place(config_app: Flask) -> None:
    """收费 → 减免: a list inside a list entry, edited by its own inline sub-forms."""
    client = login(config_app.test_client(), "reform_office")
    url, data = _open(client, config_app, "QX-BDC-001")
    data["fees-1-exemptions-0-name"] = "小微企业免征登记费（新表述）"
    assert client.post(url, data=data).status_code == 302
    fees = _stored(config_app, "QX-BDC-001").document["fees"]
    assert fees[1]["exemptions"][0]["name"] == "小微企业免征登记费（新表述）"
    assert fees[0]["exemptions"][0]["name"] == "小微企业（含个体工商户）免征不动产登记费"


def test_choices_show_chinese_names() -> None:
    from onewindow.admin.views.document_form import part_form
    from onewindow.runtime.catalog import ItemMaterial

    choices = {choice.value: choice.label for choice in part_form(ItemMaterial)().necessity.choices}
    assert choices["tolerable"] == "容缺" and choices[""] == "（未填写）"  # no English enum values for clerks


def test_inputs_naming_other_entities_are_selects_by_name(app: Flask) -> None:
    client = login(app.test_client(), "reform_office")
    page = client.get(f"/admin/items/edit/?id={record_id(app, 'items', 'SC-001')}").get_data(as_text=True)
    basis = re.search(r'<select[^>]*id="legal_bases-0-document"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert re.search(r'<option selected value="licensing_law">中华人民共和国行政许可法</option>', basis)
    department = re.search(r'<select[^>]*id="department"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert re.search(r'<option selected value="market_regulation">县市场监督管理局</option>', department)
    assert '<option value="housing">县住房和城乡建设局</option>' in department


def test_a_non_number_in_a_sub_form_is_refused_in_chinese(app: Flask) -> None:
    client = login(app.test_client(), "reform_office")
    url, data = _open(client, app, "SC-001")
    data["steps-1-days"] = "五"
    page = client.post(url, data=data).get_data(as_text=True)
    beside = _error_beside(page, "steps-1-days")
    assert beside and re.search(r"[\u4e00-\u9fff]", beside) and "Not a valid" not in page


def test_create_an_item_from_a_blank_form_with_its_parts(app: Flask) -> None:
    """A new item: scalars typed in, each required list filled through its 添加 button, nested parts inline."""
    client = login(app.test_client(), "reform_office")
    page = client.get("/admin/items/new/").get_data(as_text=True)
    data = form_inputs(page)
    for list_id in ("legal_bases", "steps", "time_limits"):
        for name, value in new_entry(page, list_id, 0).items(multi=True):
            data.add(name, value)
    typed = {
        "code": "SC-009", "name": "食品小作坊登记", "item_type": "non_licensing", "department": "market_regulation",
        "content": "食品小作坊从事生产加工活动的登记", "default_case_class": "promised",
        "legal_bases-0-document": "licensing_law", "legal_bases-0-role": "implementing",
        "steps-0-step": "review", "steps-0-days": "3",
        "time_limits-0-statutory_days": "20", "time_limits-0-promised_days": "5",
        "result-name": "食品小作坊登记证", "result-kind": "registration",
        "contacts-consult_phone": "0571-1111111", "contacts-complaint_phone": "0571-2222222",
    }
    for name, value in typed.items():
        data[name] = value
    data.setlist("audience", ["legal_person"])
    answer = client.post("/admin/items/new/", data=data)
    assert answer.status_code == 302, _problems(answer.get_data(as_text=True))
    created = _stored(app, "SC-009")
    assert created.state == "draft"
    assert created.document == {
        "code": "SC-009", "name": "食品小作坊登记", "item_type": "non_licensing", "department": "market_regulation",
        "content": "食品小作坊从事生产加工活动的登记",
        "legal_bases": [{"document": "licensing_law"}],  # implementing is the default role: left unset
        "steps": [{"step": "review", "days": 3}], "time_limits": [{"statutory_days": 20, "promised_days": 5}],
        "result": {"name": "食品小作坊登记证", "kind": "registration"}, "audience": ["legal_person"],
        "default_case_class": "promised",
        "contacts": {"consult_phone": "0571-1111111", "complaint_phone": "0571-2222222"},
    }


@pytest.mark.parametrize(("config_dir", "extensions", "expected"), [
    (None, "local_serial: QX-01\n", "unknown-extension"),
    ("lint-fixture", "local_serial: qx1\n", "extension-invalid"),
    ("lint-fixture", "local_serial: QX-01\n", None),
])
def test_extension_fields_are_judged_as_the_cli_judges_them(tmp_path: Path, template_db: Path, config_dir: str | None,
                                                            extensions: str, expected: str | None) -> None:
    root = Path(__file__).resolve().parents[1] / "runtime" / "lint" / "fixture"
    shutil.copyfile(template_db, tmp_path / "console.sqlite")
    app = make_app(tmp_path, ONEWINDOW_CONFIG_DIR=str(root) if config_dir else None)
    client = login(app.test_client(), "reform_office")
    url, data = _open(client, app, "SC-001")
    data["extensions"] = extensions
    answer = client.post(url, data=data)
    if expected is None:
        assert answer.status_code == 302
        assert _stored(app, "SC-001").document["extensions"] == {"local_serial": "QX-01"}
    else:
        page = answer.get_data(as_text=True)
        assert "扩展字段" in _error_beside(page, "extensions") and _stored(app, "SC-001").document.get("extensions") is None
