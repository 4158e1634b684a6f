"""``schemas/``: the language-neutral contract, generated from the pydantic models (the one source of truth).

``onewindow schema`` writes them; ``tests/runtime/test_schema_drift.py`` fails when the committed copies
differ from what the models generate, and the installed wheel ships them as package data.
"""
from __future__ import annotations

import importlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

SHAPES: dict[str, str] = {
    "catalog-file": "onewindow.runtime.catalog.document:CatalogFile",
    "rules-file": "onewindow.runtime.rules.models:RulesFile",
    "application": "onewindow.runtime.decision.application:Application",
    "decision": "onewindow.runtime.decision.decision:Decision",
    "scenario": "onewindow.runtime.testing:ScenarioFile",
}
"""Schema file stem → ``module:Model``. Each area adds its public shapes here."""

SCHEMA_ID = "urn:onewindow:schema:{name}"
"""``$id`` of each schema: a name, not a web address (the schemas ship in the wheel and sit in ``schemas/``;
editors associate them by path, see docs/editor-support.md)."""

DIALECT = "http://json-schema.org/draft-07/schema#"
"""The dialect declared. The YAML language server (VS Code, Neovim …) supports JSON Schema draft-07 and below;
the generated schemas use only draft-07 keywords (``$defs`` is reached through plain JSON-pointer ``$ref``s),
which a test checks, so the same file is valid draft-07 and 2020-12."""


def register(name: str, target: str) -> None:
    SHAPES[name] = target


def _model(target: str) -> Any:
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


def _enum_labels() -> list[tuple[frozenset[str], dict[str, str]]]:
    """Every table of Chinese names of enumerated values: the catalog's, the rules' and the decision's."""
    from .catalog.names import LITERAL_NAMES
    from .decision.application import FINDING_NAMES
    from .decision.decision import PROBLEM_NAMES, ROUTE_MODE_NAMES, STOP_MODE_NAMES
    from .facts import APPLICATION_CHANNEL_NAMES
    from .rules.models import OUTCOME_NAMES, PHASE_NAMES, REGIME_NAMES

    tables = [*LITERAL_NAMES.values(), OUTCOME_NAMES, REGIME_NAMES, PROBLEM_NAMES, FINDING_NAMES, ROUTE_MODE_NAMES,
              STOP_MODE_NAMES, PHASE_NAMES, APPLICATION_CHANNEL_NAMES]
    return [(frozenset(table), table) for table in tables]


def _label_enums(node: Any, labels: list[tuple[frozenset[str], dict[str, str]]]) -> None:
    """Add ``enumDescriptions`` / ``markdownEnumDescriptions`` (read by the YAML and JSON language servers) to
    every enum whose values a names table covers, so an editor offers 「legal_person — 法人」."""
    if isinstance(node, dict):
        values = node.get("enum")
        if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
            table = next((t for keys, t in labels if set(values) <= keys), None)
            if table is not None:
                node["enumDescriptions"] = [table[v] for v in values]
                node["markdownEnumDescriptions"] = [table[v] for v in values]
        for child in node.values():
            _label_enums(child, labels)
    elif isinstance(node, list):
        for child in node:
            _label_enums(child, labels)


def render_schema(name: str) -> str:
    model = _model(SHAPES[name])
    schema = {"$schema": DIALECT, "$id": SCHEMA_ID.format(name=name), **model.model_json_schema(by_alias=True)}
    _label_enums(schema, _enum_labels())
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def render_all() -> dict[str, str]:
    return {f"{name}.schema.json": render_schema(name) for name in sorted(SHAPES)}


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, text in render_all().items():
        path = directory / filename
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def installed_schema(name: str) -> dict[str, Any]:
    """A schema as shipped inside the installed package (``onewindow.schemas``)."""
    schema: dict[str, Any] = json.loads(
        resources.files("onewindow.schemas").joinpath(f"{name}.schema.json").read_text(encoding="utf-8"))
    return schema


__all__ = ["DIALECT", "SCHEMA_ID", "SHAPES", "installed_schema", "register", "render_all", "render_schema", "write_schemas"]
