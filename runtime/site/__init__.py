"""The static public site of the catalog: browse, Chinese search, guides, pre-review (预审), statistics."""
from .build import build_site as build_site
from .export import export_catalog as export_catalog, life_events as life_events

__all__ = ["build_site", "export_catalog", "life_events"]
