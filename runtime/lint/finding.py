"""A lint finding: which entity, which field inside it, what is wrong. The loader turns it into a Problem."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..catalog import Catalog
from ..errors import Severity


@dataclass(frozen=True)
class Finding:
    entity: object
    path: tuple[str | int, ...]
    code: str
    message: str
    severity: Severity = "error"


Check = Callable[[Catalog], Iterator[Finding]]

__all__ = ["Check", "Finding"]
