"""Flask-Admin views of the console."""
from .registry import register_views as register_views

__all__ = ["register_views"]
