"""onewindow.admin — the console and HTTP API over the database working copy of the catalog."""
from .app import create_app as create_app

__all__ = ["create_app"]
