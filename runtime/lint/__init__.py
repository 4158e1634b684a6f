"""Cross-reference lint of a whole catalog, one check family per module.

Each family has an item part (``check_item(catalog, item, env_base)``: everything about one item against
the rest of the catalog) and a catalog part (``check_catalog(catalog)``: organisation, pipelines, the
calendar, duplicates). The split lets the loader re-lint only the items whose files changed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from ..catalog import Catalog, Item
from ..conditions import FactType
from ..facts import base_env
from . import calendar_years, legal_status, pipelines, references, time_limits
from .finding import Check as Check, Finding as Finding

ItemCheck = Callable[[Catalog, Item, Mapping[str, FactType]], Iterator[Finding]]

ITEM_CHECKS: tuple[ItemCheck, ...] = (
    references.check_item, legal_status.check_item, time_limits.check_item, calendar_years.check_item,
)
CATALOG_CHECKS: tuple[Check, ...] = (
    references.check_catalog, legal_status.check_catalog, time_limits.check_catalog, pipelines.check,
    calendar_years.check_catalog,
)


def lint_items(catalog: Catalog, items: Iterator[Item] | list[Item] | tuple[Item, ...],
               env_base: Mapping[str, FactType] | None = None) -> Iterator[Finding]:
    env = env_base if env_base is not None else base_env(catalog)
    for item in items:
        for check in ITEM_CHECKS:
            yield from check(catalog, item, env)


def check_all_items(catalog: Catalog) -> Iterator[Finding]:
    yield from lint_items(catalog, list(catalog.items()))


CHECKS: tuple[Check, ...] = (*CATALOG_CHECKS, check_all_items)
"""Every check over a whole catalog (the console lints its working copy with these)."""

__all__ = ["CATALOG_CHECKS", "CHECKS", "Check", "Finding", "ITEM_CHECKS", "ItemCheck", "check_all_items", "lint_items"]
