"""The ``/api/v1`` blueprint every API module attaches its routes to."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

__all__ = ["bp"]
