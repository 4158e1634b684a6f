"""Entity documents between YAML, JSON (the database) and the pydantic models.

A document is the entity's YAML mapping, kept as written (no defaults filled in, amounts as written), so
that exporting an unchanged entity gives back the same YAML. JSON has no date type: dates are stored as
ISO strings and turned back into dates (any string that is exactly ``YYYY-MM-DD``) before validation and
before writing YAML, so what the console validates is exactly what ``onewindow validate`` will read.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from onewindow.runtime.errors import Finding
from onewindow.runtime.loading import translate, yaml_loc

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def to_json(value: Any) -> Any:
    """YAML data (safe or round-trip loaded) → plain JSON data (dates as ISO strings)."""
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def from_json(value: Any) -> Any:
    """JSON data → YAML data as the safe loader would give it (``YYYY-MM-DD`` strings become dates)."""
    if isinstance(value, Mapping):
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


def entry_ids(entries: list[Any]) -> list[Any] | None:
    """The ``id`` of every entry of a list of parts (materials, fees …), or None unless all are mappings
    with distinct ids — only then can two versions of the list be compared entry by entry."""
    ids = [entry.get("id") if isinstance(entry, Mapping) else None for entry in entries]
    return ids if None not in ids and len(set(ids)) == len(ids) else None


def validate_document(model: type[BaseModel], document: Mapping[str, Any]) -> tuple[BaseModel | None, list[Finding]]:
    """Validate like the loader does (strict pydantic on YAML-shaped data); never raises. Each finding's
    subject is None (the document itself) and its path the field inside the document."""
    try:
        return model.model_validate(from_json(document)), []
    except ValidationError as exc:
        return None, [Finding(None, yaml_loc(tuple(e["loc"])), e["type"].replace("_", "-"), translate(e))
                      for e in exc.errors(include_url=False)]


__all__ = ["entry_ids", "from_json", "to_json", "validate_document"]
