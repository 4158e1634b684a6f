"""schemas/ is what the models generate, and the schema agrees with the models on real config files."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from onewindow.runtime.catalog import CatalogFile
from onewindow.runtime.schemas import SHAPES, render_all, write_schemas

ROOT = Path(__file__).parents[2]
SCHEMAS = ROOT / "schemas"
CONFIG = ROOT / "config"
FIXTURE = Path(__file__).parent / "lint" / "fixture"


def test_schema_drift_committed_copies_match(tmp_path: Path) -> None:
    written = write_schemas(tmp_path)
    assert {p.name for p in written} == {f"{name}.schema.json" for name in SHAPES}
    for path in written:
        committed = SCHEMAS / path.name
        assert committed.exists(), f"{path.name} is not committed: run `onewindow schema`"
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"schemas/{path.name} drifted from the models: run `onewindow schema`")


def test_schema_drift_no_stale_committed_schema() -> None:
    assert {p.name for p in SCHEMAS.glob("*.schema.json")} == set(render_all())


def _json_ready(value: object) -> object:
    """YAML data as a JSON document would carry it (dates become ISO strings)."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))


def _sample_files() -> list[Path]:
    files = sorted(FIXTURE.rglob("*.yaml"))
    if CONFIG.is_dir():
        config = sorted(CONFIG.rglob("*.yaml"))
        files += config[:: max(1, len(config) // 25)]  # a spread of ~25 config files keeps this fast
    return files


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / "catalog-file.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("path", _sample_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_schema_drift_schema_and_models_agree(path: Path, validator: jsonschema.Draft202012Validator) -> None:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    CatalogFile.model_validate(data)  # the models accept it …
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(_json_ready(data))]
    assert errors == []  # … and so does the schema generated from them


@pytest.mark.parametrize(("document", "fragment"), [
    ({"departments": [{"id": "tax", "name": "税务局", "nmae": "typo"}]}, "Additional properties"),
    ({"departments": [{"id": "tax"}]}, "'name' is a required property"),
    ({"centre": {"name": "中心", "address": "路", "hours": [{"start": "9:00", "end": "17:00"}]}}, "is not valid under any of the given schemas"),
    ({"calendar": [{"year": 2026, "holidays": [], "makeup_workdays": "none"}]}, "is not of type 'array'"),
])
def test_schema_drift_schema_refuses_what_models_refuse(document: dict, fragment: str,
                                                        validator: jsonschema.Draft202012Validator) -> None:
    errors = list(validator.iter_errors(document))
    assert errors
    assert any(fragment in e.message for e in errors)
