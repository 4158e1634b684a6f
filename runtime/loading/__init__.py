"""Loading catalog directories: safe fast YAML, strict validation, positions, cache, lint."""
from .cache import LoadCache as LoadCache
from .loader import YAML_SUFFIXES as YAML_SUFFIXES, LoadReport as LoadReport, catalog_files as catalog_files
from .loader import check_catalog as check_catalog, display_path as display_path, load_catalog as load_catalog

from .extensions import ExtensionSchema as ExtensionSchema
from .messages import field_path as field_path
from .yaml_source import parse as parse
from .messages import translate as translate
from .messages import yaml_loc as yaml_loc

__all__ = [
    "ExtensionSchema", "LoadCache", "LoadReport", "YAML_SUFFIXES", "catalog_files", "check_catalog",
    "display_path", "field_path", "load_catalog", "parse", "translate", "yaml_loc",
]
