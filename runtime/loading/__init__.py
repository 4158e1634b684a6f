"""Loading catalog directories: safe fast YAML, strict validation, positions, cache, lint."""
from .cache import LoadCache as LoadCache
from .loader import LoadReport as LoadReport, check_catalog as check_catalog, display_path as display_path, load_catalog as load_catalog

__all__ = ["LoadCache", "LoadReport", "check_catalog", "display_path", "load_catalog"]
