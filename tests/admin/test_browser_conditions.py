"""The condition builder in chromium: more than one comparison joined by 全部/任一, a negated one, the guide's
sentence, the saved condition read back into rows, and a hand-written condition beyond the builder kept as YAML.

Same machinery as test_browser.py; the fixture catalog here also has a yes/no and a choice question.
"""
from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from console_support import FIXTURE, imported_database, make_app, record_id
from onewindow.admin.store.db import db
from onewindow.admin.store.records import CatalogRecord
from test_browser import base_url, browser, log_in, page, shot  # noqa: F401  (fixtures)

from playwright.sync_api import Page, expect  # noqa: E402

QUESTIONS = """situations:
  - id: has_agent
    question: 是否委托他人办理？
    kind: yes_no
  - id: premises
    question: 经营场所属于哪一类？
    kind: choice
    choices:
      - {value: owned, label: 自有房屋}
      - {value: rented, label: 租赁房屋}
"""


@pytest.fixture(scope="module")
def questions_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("questions") / "catalog"
    shutil.copytree(FIXTURE, source)
    legal = source / "legal.yaml"
    legal.write_text(legal.read_text(encoding="utf-8").replace("situations:\n", QUESTIONS, 1), encoding="utf-8")
    item = source / "items" / "food_licence.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("situations: [floor_area]", "situations: [floor_area, has_agent, premises]"),
                    encoding="utf-8")
    return imported_database(source.parent, source)


@pytest.fixture
def app(tmp_path: Path, questions_db: Path) -> Iterator[Flask]:
    shutil.copyfile(questions_db, tmp_path / "console.sqlite")
    yield make_app(tmp_path)


def _when(app: Flask) -> tuple[str, object]:
    with app.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="items", key="SC-001"))
        return record.state, record.document["materials"][0].get("when")


def test_builder_joins_comparisons_and_reads_them_back(page: Page, base_url: str, app: Flask) -> None:  # noqa: F811
    log_in(page, base_url, "reform_office", "conditions")
    page.goto(f"{base_url}/admin/items/edit/?id={record_id(app, 'items', 'SC-001')}")
    box = page.locator("#materials-0-when")
    panel = page.locator(".condition-builder").first
    panel.locator(".builder-mode").select_option("any")
    first = panel.locator(".builder-row").nth(0)
    first.locator(".builder-question").select_option(label="是否委托他人办理？")
    first.locator(".builder-answer").select_option(label="是")
    panel.locator(".builder-add").click()
    second = panel.locator(".builder-row").nth(1)
    second.locator(".builder-question").select_option(label="经营场所面积是多少？")
    second.locator(".builder-op").select_option("gte")
    second.locator(".builder-number").fill("100")
    second.locator(".builder-not").check()
    panel.locator(".builder-add").click()
    third = panel.locator(".builder-row").nth(2)
    third.locator(".builder-question").select_option(label="经营场所属于哪一类？")
    third.locator(".builder-answer").select_option(label="租赁房屋")
    panel.locator(".builder-apply").click()
    expect(box).to_have_value("any:\n  - {fact: facts.has_agent, eq: true}\n  - {not: {fact: facts.floor_area, gte: 100}}"
                              "\n  - {fact: facts.premises, eq: \"rented\"}")
    expect(panel.locator(".builder-sentence")).to_have_text(
        "适用情形：是否委托他人办理？为是或并非（经营场所面积是多少？不少于100平方米）或经营场所属于哪一类？为「租赁房屋」")
    panel.scroll_into_view_if_needed()
    shot(page, "conditions-01-written")
    page.select_option("#materials-0-necessity", "conditional")
    page.click("#save-bar-save")
    page.wait_for_url(re.compile(r"/admin/items/(\?.*)?$"))
    state, when = _when(app)
    assert state == "draft"
    assert when == {"any": [{"fact": "facts.has_agent", "eq": True}, {"not": {"fact": "facts.floor_area", "gte": 100}},
                            {"fact": "facts.premises", "eq": "rented"}]}

    # opened again: the saved condition is back in the builder's rows, with its sentence
    page.goto(f"{base_url}/admin/items/edit/?id={record_id(app, 'items', 'SC-001')}")
    panel = page.locator(".condition-builder").first
    expect(panel.locator(".builder-row")).to_have_count(3)
    expect(panel.locator(".builder-mode")).to_have_value("any")
    expect(panel.locator(".builder-row").nth(1).locator(".builder-not")).to_be_checked()
    expect(panel.locator(".builder-row").nth(1).locator(".builder-number")).to_have_value("100")
    expect(panel.locator(".builder-row").nth(2).locator(".builder-answer")).to_have_value("1")
    expect(panel.locator(".builder-sentence")).to_contain_text("经营场所属于哪一类？为「租赁房屋」")
    panel.scroll_into_view_if_needed()
    shot(page, "conditions-02-read-back")

    # one row removed, 全部满足: an all-group of the two that stay
    panel.locator(".builder-row").nth(0).locator(".builder-remove").click()
    panel.locator(".builder-mode").select_option("all")
    panel.locator(".builder-apply").click()
    box = page.locator("#materials-0-when")
    expect(box).to_have_value("all:\n  - {not: {fact: facts.floor_area, gte: 100}}\n  - {fact: facts.premises, eq: \"rented\"}")
    expect(panel.locator(".builder-sentence")).to_have_text(
        "适用情形：并非（经营场所面积是多少？不少于100平方米）且经营场所属于哪一类？为「租赁房屋」")

    # an expert writes what the builder cannot show: the sentence still comes, the YAML stays
    box.fill("all:\n  - {fact: facts.floor_area, gte: 10}\n  - any:\n      - {fact: facts.has_agent, eq: true}\n"
             "      - {fact: facts.premises, eq: owned}")
    box.dispatch_event("change")
    expect(panel.locator(".builder-sentence")).to_contain_text("经营场所面积是多少？不少于10平方米且（是否委托他人办理？为是或")
    expect(panel.locator(".builder-sentence")).to_contain_text("超出构造器的表达范围")
    # and a slip is named in Chinese, beside the box
    box.fill("all:\n  - {fact: facts.floor_area}")
    box.dispatch_event("change")
    expect(panel.locator(".builder-sentence")).to_contain_text("条件有误：all[0]")
    panel.scroll_into_view_if_needed()
    shot(page, "conditions-03-expert")
