"""YAML ↔ database: validated all-or-nothing import, minimal-diff atomic export."""
from .export_yaml import export_catalog as export_catalog
from .import_yaml import ImportWouldLose as ImportWouldLose, import_catalog as import_catalog, read_catalog as read_catalog
from .import_yaml import unexported_edits as unexported_edits

__all__ = ["ImportWouldLose", "export_catalog", "import_catalog", "read_catalog", "unexported_edits"]
