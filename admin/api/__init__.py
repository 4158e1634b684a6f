"""HTTP JSON API (``/api/v1``): items and the OpenAPI document; decisions join once the Runtime exists."""
from . import items as _items, openapi as _openapi  # noqa: F401  (routes attach to bp on import)
from .blueprint import bp as bp

__all__ = ["bp"]
