"""YAML ↔ database: validated all-or-nothing import, minimal-diff atomic export."""
from .export_yaml import export_catalog as export_catalog
from .import_yaml import import_catalog as import_catalog, read_catalog as read_catalog

__all__ = ["export_catalog", "import_catalog", "read_catalog"]
