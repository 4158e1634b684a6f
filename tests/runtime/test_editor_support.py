"""Editor support: the schemas work in the YAML language server (draft-07), label enum values in Chinese,
describe scenario files as lists, and carry an ``$id`` that is not a placeholder domain."""
from __future__ import annotations

import json
import re
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


def _enums(node: object, path: str = "") -> list[tuple[str, dict]]:
    if isinstance(node, dict):
        found = [(path, node)] if isinstance(node.get("enum"), list) else []
        return found + [e for key, child in node.items() for e in _enums(child, f"{path}/{key}")]
    if isinstance(node, list):
        return [e for i, child in enumerate(node) for e in _enums(child, f"{path}/{i}")]
    return []


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "schemas").glob("*.schema.json")))
def test_every_enum_of_every_schema_has_a_chinese_label(name: str) -> None:
    """Walks every ``enum`` of the generated schemas (decision, application, catalog, rules, scenario): each
    string value has a Chinese label, so an editor never offers a bare English code."""
    schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    enums = [(path, node) for path, node in _enums(schema) if all(isinstance(v, str) for v in node["enum"])]
    assert enums or name == "scenario.schema.json"  # scenarios hold free-form expectations
    unlabelled = [path for path, node in enums
                  if len(node.get("enumDescriptions", ())) != len(node["enum"])
                  or not all(re.search(r"[\u4e00-\u9fff]", label) for label in node["enumDescriptions"])]
    assert unlabelled == []
