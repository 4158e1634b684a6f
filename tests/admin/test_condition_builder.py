"""The condition builder's read-back: a condition box's YAML as the guide's sentence and the builder's rows."""
from __future__ import annotations

from flask import Flask


def _read(client, text: str) -> dict:
    answer = client.get("/admin/items/condition/", query_string={"text": text})
    assert answer.status_code == 200
    return answer.get_json()


def test_one_comparison_reads_back_as_the_guide_words_it(login_as) -> None:
    answer = _read(login_as("department_editor"), "{fact: facts.floor_area, gte: 100}")
    assert answer["sentence"] == "经营场所面积是多少？不少于100平方米"
    assert answer["builder"] == {"mode": "all", "rows": [{"fact": "floor_area", "op": "gte", "value": 100, "negated": False}]}


def test_an_any_group_with_a_negation_reads_back_as_rows(login_as) -> None:
    text = "any:\n  - {fact: facts.floor_area, lt: 50}\n  - {not: {fact: facts.floor_area, lte: 500}}"
    answer = _read(login_as("reform_office"), text)
    assert answer["sentence"] == "经营场所面积是多少？小于50平方米或并非（经营场所面积是多少？不超过500平方米）"
    assert answer["builder"]["mode"] == "any"
    assert [(r["op"], r["value"], r["negated"]) for r in answer["builder"]["rows"]] == [("lt", 50, False), ("lte", 500, True)]


def test_what_the_builder_cannot_show_keeps_its_sentence_for_experts(login_as) -> None:
    nested = "all:\n  - {fact: facts.floor_area, gte: 10}\n  - any:\n      - {fact: applicant.kind, eq: person}\n      - {fact: facts.floor_area, in: [1, 2]}"
    answer = _read(login_as("reform_office"), nested)
    assert answer["builder"] is None and answer["sentence"].startswith("经营场所面积是多少？不少于10平方米且（")


def test_bad_yaml_or_a_bad_condition_is_a_chinese_error(login_as) -> None:
    client = login_as("reform_office")
    assert "YAML 语法错误" in _read(client, "all: [")["error"]
    error = _read(client, "all:\n  - {fact: facts.floor_area}")["error"]
    assert error.startswith("all[0]") and "恰好有一个运算符" in error
    assert _read(client, "")["sentence"] == ""
    assert "条件过长" in _read(client, "a" * 20_001)["error"]


def test_the_read_back_needs_a_login(app: Flask) -> None:
    answer = app.test_client().get("/admin/items/condition/?text=x")
    assert answer.status_code in (302, 403)
