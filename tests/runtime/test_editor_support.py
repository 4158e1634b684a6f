"""Editor support: the schemas work in the YAML language server (draft-07), label enum values in Chinese,
describe scenario files as lists, and carry an ``$id`` that is not a placeholder domain."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

ROOT = Path(__file__).parents[2]
SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))
NEWER_KEYWORDS = ("prefixItems", "$dynamicRef", "$dynamicAnchor", "unevaluatedProperties", "unevaluatedItems",
                  "dependentRequired", "dependentSchemas", "$anchor", "minContains", "maxContains", "$recursiveRef")


def _keys(node: object) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in _keys(v)}
    return set()


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_draft_07_for_the_yaml_language_server(path: Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    assert not _keys(schema) & set(NEWER_KEYWORDS)
    assert schema["$id"].startswith("urn:onewindow:schema:")
    assert "example.org" not in path.read_text(encoding="utf-8")


def test_scenario_schema_describes_a_list_and_accepts_the_shipped_files() -> None:
    schema = json.loads((ROOT / "schemas" / "scenario.schema.json").read_text(encoding="utf-8"))
    assert schema["type"] == "array"
    validator = jsonschema.Draft7Validator(schema)
    files = sorted((ROOT / "rules" / "scenarios").rglob("*.yaml"))
    assert files
    for path in files:
        data = json.loads(json.dumps(YAML(typ="safe").load(path.read_text(encoding="utf-8")), default=str))
        assert [e.message for e in validator.iter_errors(data)] == [], path
    assert list(validator.iter_errors({"id": "a", "title": "一个", "application": {}, "expect": {}}))


def test_catalog_schema_validates_config_under_draft_07() -> None:
    schema = json.loads((ROOT / "schemas" / "catalog-file.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    data = YAML(typ="safe").load((ROOT / "config" / "departments.yaml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)) == []
    assert list(validator.iter_errors({"departments": [{"id": "tax"}]}))


def test_enum_values_carry_chinese_labels() -> None:
    schema = json.loads((ROOT / "schemas" / "catalog-file.schema.json").read_text(encoding="utf-8"))
    audience = schema["$defs"]["Item"]["properties"]["audience"]["items"]
    assert dict(zip(audience["enum"], audience["enumDescriptions"])) == {
        "person": "自然人", "legal_person": "法人", "other": "其他组织"}
    assert audience["markdownEnumDescriptions"] == audience["enumDescriptions"]
