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
    "scenario": "onewindow.runtime.testing:Scenario",
}
"""Schema file stem → ``module:Model``. Each area adds its public shapes here."""

SCHEMA_BASE = "https://onewindow.example.org/schemas/"


def register(name: str, target: str) -> None:
    SHAPES[name] = target


def _model(target: str) -> Any:
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


def render_schema(name: str) -> str:
    model = _model(SHAPES[name])
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{SCHEMA_BASE}{name}.schema.json",
              **model.model_json_schema(by_alias=True)}
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
    return json.loads(resources.files("onewindow.schemas").joinpath(f"{name}.schema.json").read_text(encoding="utf-8"))


__all__ = ["SHAPES", "installed_schema", "register", "render_all", "render_schema", "write_schemas"]
