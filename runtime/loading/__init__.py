"""Loading catalog directories: safe fast YAML, strict validation, positions, cache, lint."""
from .cache import LoadCache as LoadCache
from .loader import YAML_SUFFIXES as YAML_SUFFIXES, LoadReport as LoadReport, catalog_files as catalog_files
from .loader import check_catalog as check_catalog, display_path as display_path, load_catalog as load_catalog

__all__ = ["LoadCache", "LoadReport", "YAML_SUFFIXES", "catalog_files", "check_catalog", "display_path", "load_catalog"]
