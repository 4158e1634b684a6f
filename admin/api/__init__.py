"""HTTP JSON API (``/api/v1``): items, decisions and the OpenAPI document."""
from . import decisions as _decisions, items as _items, openapi as _openapi  # noqa: F401  (routes attach to bp on import)
from .blueprint import bp as bp

__all__ = ["bp"]
