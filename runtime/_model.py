"""The strict frozen pydantic base shared by the catalog, the condition language and the rules.

It lives below both ``catalog`` and ``conditions`` so that neither imports the other's package to get it
(``import onewindow.runtime.conditions`` alone must work).
"""
from __future__ import annotations

import unicodedata
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _field_value(value: Any) -> Any:
    """NFC for text; a YAML/JSON list becomes the tuple the frozen models hold (strict mode refuses lists)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return tuple(value)
    return value


class Model(BaseModel):
    """Base of every catalog model: strict, frozen, no unknown keys, NFC strings."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, str_strip_whitespace=True,
        validate_default=False, use_enum_values=True,
    )

    @model_validator(mode="before")
    @classmethod
    def _normalise_text(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: _field_value(v) for k, v in data.items()}
        return data


__all__ = ["Model"]
