"""Lint yields the one :class:`~onewindow.runtime.errors.Finding` shape; the loader places it in a file."""
from __future__ import annotations

from collections.abc import Callable, Iterator

from ..catalog import Catalog
from ..errors import Finding

Check = Callable[[Catalog], Iterator[Finding]]

__all__ = ["Check", "Finding"]
