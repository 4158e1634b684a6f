"""Cross-reference lint of a whole catalog, one check family per module.

Each family has an item part (``check_item(catalog, item, env_base)``: everything about one item against
the rest of the catalog) and a catalog part (``check_catalog(catalog)``: organisation, pipelines, the
calendar, duplicates). The split lets the loader re-lint only the items whose files changed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from ..catalog import Catalog, Item
from ..conditions import FactType
from ..facts import base_env
from . import calendar_years, guide, legal_status, pipelines, references, time_limits
from .finding import Check as Check, Finding as Finding
from .pipelines import Prerequisites as Prerequisites

ItemCheck = Callable[[Catalog, Item, Mapping[str, FactType]], Iterator[Finding]]

ITEM_CHECKS: tuple[ItemCheck, ...] = (
    references.check_item, legal_status.check_item, time_limits.check_item, calendar_years.check_item, guide.check_item,
)
CATALOG_CHECKS: tuple[Check, ...] = (
    references.check_catalog, legal_status.check_catalog, legal_status.check_fees, time_limits.check_catalog, pipelines.check,
    calendar_years.check_catalog,
)
CONTEXT_CHECKS: frozenset[Check] = frozenset({references.check_catalog, legal_status.check_catalog, calendar_years.check_catalog})
"""The catalog checks that read no item, only the *context* (see :class:`LintMemo`): their findings hold while
it does. Any other catalog check — one added later too — is run again over every new catalog."""


def catalog_findings(catalog: Catalog, *, context: bool = True, items: bool = True,
                     prerequisites: pipelines.Prerequisites | None = None) -> Iterator[Finding]:
    """Findings of the catalog checks: those of :data:`CONTEXT_CHECKS` (``context``) and of the others
    (``items``); ``prerequisites`` remembers the pipelines check's item edges between successive catalogs."""
    for check in CATALOG_CHECKS:
        if check in CONTEXT_CHECKS:
            if context:
                yield from check(catalog)
        elif not items:
            continue
        elif check is pipelines.check:
            yield from pipelines.check(catalog, prerequisites)
        else:
            yield from check(catalog)


def catalog_inputs(item: Item) -> tuple[object, ...]:
    """What the catalog checks outside :data:`CONTEXT_CHECKS` read of one item: its code and validity (duplicate
    codes), department (pipeline stages), default case class and extensions (the extension caps), and its
    materials (prerequisite cycles). While an edit leaves this unchanged and none of their findings sits in the
    edited file, their findings stand — the loader's update of a catalog it did not decode relies on it, and a
    check reading more of an item must add it here (``tests/runtime/loading/test_incremental.py`` compares)."""
    return (item.code, item.valid_from, item.valid_until, item.department, item.default_case_class,
            tuple(limit.extension_days for limit in item.time_limits), tuple(fee.basis for fee in item.fees),
            tuple((material.id, material.source) for material in item.materials))


def lint_items(catalog: Catalog, items: Iterator[Item] | list[Item] | tuple[Item, ...],
               env_base: Mapping[str, FactType] | None = None) -> Iterator[Finding]:
    env = env_base if env_base is not None else base_env(catalog)
    for item in items:
        for check in ITEM_CHECKS:
            yield from check(catalog, item, env)


def check_all_items(catalog: Catalog) -> Iterator[Finding]:
    yield from lint_items(catalog, list(catalog.items()))


CHECKS: tuple[Check, ...] = (*CATALOG_CHECKS, check_all_items)
"""Every check over a whole catalog."""


@dataclass
class LintMemo:
    """Item findings remembered per item while the item's *context* is unchanged.

    An item's checks read the item itself and the rest of the catalog except other items' content:
    departments, windows, legal documents, situations, materials, pipelines, the calendar and the set of
    item codes. A caller that can name that context cheaply (the loader: digests of the files holding
    it; the console: versions of the rows holding it) passes it as ``context``; while it stays the same,
    an item object already linted is not linted again — so editing one item of 10 000 re-lints one.
    """

    context: str = ""
    items: dict[int, tuple[Item, tuple[Finding, ...]]] = field(default_factory=dict)
    prerequisites: pipelines.Prerequisites = field(default_factory=pipelines.Prerequisites)


def lint_catalog(catalog: Catalog, *, context: str | None = None, memo: LintMemo | None = None) -> list[Finding]:
    """Every finding of every check; item checks remembered in ``memo`` under ``context`` (both or neither)."""
    findings = list(catalog_findings(catalog, prerequisites=memo.prerequisites if memo is not None else None))
    if memo is None or context is None:
        findings += check_all_items(catalog)
        return findings
    if memo.context != context:
        memo.context, memo.items = context, {}
    env: Mapping[str, FactType] | None = None
    current: dict[int, tuple[Item, tuple[Finding, ...]]] = {}
    for item in catalog.items():
        hit = memo.items.get(id(item))
        if hit is None or hit[0] is not item:  # ``is``: an id() may be reused once an item is gone
            env = env if env is not None else base_env(catalog)
            hit = (item, tuple(lint_items(catalog, [item], env)))
        current[id(item)] = hit
        findings += hit[1]
    memo.items.update(current)
    if len(memo.items) > 2 * len(current) + 64:  # forget items edited away, keep the ones still in use
        memo.items = current
    return findings

__all__ = [
    "CATALOG_CHECKS", "CHECKS", "CONTEXT_CHECKS", "Check", "Finding", "ITEM_CHECKS", "ItemCheck", "LintMemo", "Prerequisites", "check_all_items", "lint_catalog",
    "lint_items", "catalog_findings", "catalog_inputs",
]
