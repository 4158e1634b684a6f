"""A county's own extension fields (``Item.extensions``), declared as JSON Schema beside its catalog.

jsonschema's job, shared by the loader and the console: a catalog directory with
``extensions.schema.json`` accepts exactly the extensions that schema allows; one without it accepts
none (an undeclared field is a typo or a field nobody reviews).
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..lint import Finding
from . import cache

EXTENSIONS_SCHEMA = "extensions.schema.json"


class ExtensionSchema:
    """The extension schema of one catalog directory (or its absence)."""

    def __init__(self, root: Path | None) -> None:
        self.digest = ""
        self._validator: Any = None
        path = root / EXTENSIONS_SCHEMA if root is not None else None
        if path is not None and path.exists():
            import jsonschema

            text = path.read_bytes()
            self.digest = cache.content_hash(text)
            self._validator = jsonschema.Draft202012Validator(json.loads(text.decode("utf-8")))

    @staticmethod
    def digest_of(root: Path) -> str:
        """Content hash of ``root``'s extension schema ("" without one), without compiling it."""
        try:
            return cache.content_hash((root / EXTENSIONS_SCHEMA).read_bytes())
        except OSError:
            return ""

    def check(self, items: Iterable[Any]) -> Iterator[Finding]:
        for item in items:
            if self._validator is None:
                if item.extensions:
                    yield Finding(item, ("extensions",), "unknown-extension", f"未声明扩展字段（缺少 {EXTENSIONS_SCHEMA}）")
                continue
            for error in self._validator.iter_errors(dict(item.extensions)):
                yield Finding(item, ("extensions", *error.absolute_path), "extension-invalid",
                              f"扩展字段不符合 {EXTENSIONS_SCHEMA}：{error.message}")


__all__ = ["EXTENSIONS_SCHEMA", "ExtensionSchema"]
