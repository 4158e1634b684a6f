"""What deciding derives from the catalog and the rules alone, worked out once per :class:`Decider`.

Citations of a legal basis, the centre's opening hours and zone, each rule's trace entry (the facts its
condition reads, its effect, its citation), the revision; per item its own facts, situations, material ids and
time limits, its route stops without dates (and its whole route when nothing is accepted); per item material
what the notice and the bring list show of it (citation, bring entry, counts, whether every application
needs it): none of these depends on the application's answers, so a decision looks them up instead of
building them again. Keys are catalog objects, calendar days and the values rules give (departments, windows,
places), so the memo is bounded by the catalog, the calendar and the rules, never by the applications
decided. The memo belongs to the decider that made it (never to a module), and reads only immutable objects.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING, Any

from .. import calendar
from ..catalog import Catalog, Item, ItemMaterial, LegalBasis, Session, TownshipCentre, Window
from ..catalog.item import STEP_NAMES
from ..catalog.material import Quantity
from ..conditions.syntax import leaves
from ..rules.compiler import CompiledRule, CompiledRules
from ..rules.models import RuleBasis
from .citations import cite
from ..wording import material_copies
from .decision import BringEntry, Citation, DisabledRule, LayerRevision, Requirement, Revision, Route, RouteStop, SkippedDay, TraceEntry

RouteKey = tuple[str, str | None, str, str | None, str | None]
"""What a single item's undated route depends on besides the item: lead department, window, location, agency
window and fee window."""

if TYPE_CHECKING:
    from .clock import Limits
    from .subject import Subject


ONLINE_APPLICATION = ("online_application", "fully_online")
"""网办深度 at which an application submitted online is received online (below it: download / information only)."""


def opening_sessions(hours: Iterable[Session]) -> tuple[tuple[time, time], ...]:
    """The centre's opening sessions as times (``"08:30"`` → 08:30)."""
    return tuple((_t(s.start), _t(s.end)) for s in hours)


def _t(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


@dataclass(frozen=True)
class MaterialFacts:
    """What the catalog says of one material of one item, whatever the application."""

    material: ItemMaterial
    name: str
    asked: bool
    """Asked at intake (not produced by the office, not obtained by data sharing)."""
    asks: tuple[str, ...]
    """The ``facts.`` paths a conditional material's ``when`` reads, sorted."""
    source_item: str | None
    """The item whose result this paper is."""
    basis: Citation
    """The citation a notice entry carries: the material's own basis, else the item's first legal basis."""
    bring: BringEntry
    """How the applicant must bring it (its form, counts and standard)."""
    quantities: tuple[Quantity, ...]
    """Every acceptable count (``material.quantities()``)."""
    fixed: bool
    """Needed by every application for the item alone unless a rule waives it or a pledge replaces it: asked,
    required or tolerable, no handling situations, listed once."""


@dataclass(frozen=True)
class ItemFacts:
    """What the catalog says of one item version, whatever the application."""

    item: Item
    facts: dict[str, Any]
    """The item's own facts before ``item.township_delegated`` (``item.code`` … ``item.escalated``), in the
    order :func:`~.intake.base_facts` writes them."""
    after: dict[str, Any]
    """And after it (``item.online_accepts``, ``item.online_prereview``, ``item.max_visits`` when published)."""
    situations: frozenset[str]
    materials: frozenset[str]
    dated: bool
    """Some time limit or fee has a validity range: what applies depends on the day."""
    limits: Limits
    """What the clock counts (``Subject.time_limit()`` of the item alone; when not ``dated``, on any day)."""


class DecisionMemo:
    """Lookups of one catalog and rule set; each filled on first use."""

    def __init__(self, catalog: Catalog, rules: CompiledRules) -> None:
        self.catalog = catalog
        self.sessions = opening_sessions(catalog.centre.hours)
        self.zone = catalog.centre.zone
        self.revision = Revision(catalog=catalog.revision, rules=rules.revision,
                                 layers=tuple(LayerRevision(name=i.name, revision=i.revision, rules=i.rules) for i in rules.layers),
                                 disabled=tuple(DisabledRule(rule=r, layer=layer, reason=why) for r, layer, why in rules.disabled))
        self.fee_window: Window | None = catalog.fee_window()
        self.townships: dict[str, TownshipCentre | None] = {}
        """Township (or centre id) → its township centre, as ``catalog.township_centre_of`` finds it."""
        self._citations: dict[tuple[str | None, str | None], Citation] = {}
        self._rules: dict[int, tuple[tuple[str, ...], TraceEntry]] = {}
        self._counts: dict[tuple[int, int], tuple[Quantity, ...]] = {}
        self._bring: dict[tuple[str, str, str | None, str, int, int], BringEntry] = {}
        self._materials: dict[int, tuple[Item, tuple[MaterialFacts, ...]]] = {}
        self._copies: dict[tuple[str, int, int, tuple[Quantity, ...]], str] = {}
        self._windows: dict[tuple[int, str], tuple[Item, str | None]] = {}
        self._skipped: dict[tuple[date, str], SkippedDay] = {}
        self._calendar_days: dict[int, tuple[calendar.SkippedDay, SkippedDay]] = {}
        self._items: dict[int, tuple[Item, tuple[Citation, ...]]] = {}
        self._item_facts: dict[int, ItemFacts] = {}
        self._routes: dict[tuple[int, RouteKey], tuple[Item, Route]] = {}
        self._stops: dict[tuple[int, str, str | None], tuple[Item, tuple[RouteStop, ...], tuple[int | None, ...]]] = {}

    def limits(self, subject: Subject) -> Limits:
        """``subject.time_limit()``, worked out once for an item whose limits and fees have no validity range."""
        if subject.pipeline is None:
            known = self.item(subject.lead)
            if not known.dated:
                return known.limits
        return subject.time_limit()

    def stops(self, item: Item, department: str, window: str | None) -> tuple[tuple[RouteStop, ...], tuple[int | None, ...]]:
        """The route stops of a single item's steps handled by ``department`` at ``window``, without due dates, and
        the working days elapsed at the end of each (None from the first step whose days are not published)."""
        key = (id(item), department, window)
        found = self._stops.get(key)
        if found is None or found[0] is not item:
            stops: list[RouteStop] = []
            elapsed: list[int | None] = []
            known: int | None = 0
            for name, days in ((STEP_NAMES[s.step], s.days) for s in item.steps):
                known = None if known is None or days is None else known + days
                elapsed.append(known)
                stops.append(RouteStop.trusted(order=len(stops) + 1, name=name, department=department, window=window,
                                               days=days, due=None, items=(item.code,)))
            found = self._stops[key] = (item, tuple(stops), tuple(elapsed))
        return found[1], found[2]

    def undated_route(self, item: Item, key: RouteKey, make: Callable[[], Route]) -> Route:
        """A single item's route without due dates (nothing accepted: the same for every such application), made
        by ``make`` once per item and ``key`` — lead department, window, location, agency window, fee window
        (see :func:`~.route.build_route`)."""
        found = self._routes.get((id(item), key))
        if found is None or found[0] is not item:
            found = self._routes[(id(item), key)] = (item, make())
        return found[1]

    def item(self, item: Item) -> ItemFacts:
        """What the catalog says of ``item`` (an item version of this catalog), whatever the application."""
        found = self._item_facts.get(id(item))
        if found is None or found.item is not item:
            own: dict[str, Any] = {"item.code": item.code, "item.item_type": item.item_type, "item.department": item.department,
                                   "item.commitment": item.commitment, "item.escalated": item.default_case_class == "escalated"}
            after: dict[str, Any] = {"item.online_accepts": "online" in item.channels and item.online_depth in ONLINE_APPLICATION,
                                     "item.online_prereview": item.online_prereview}
            if item.max_visits is not None:  # unpublished visits are no fact (a rule reading it does not fire)
                after["item.max_visits"] = item.max_visits
            dated = any(v.valid_from is not None or v.valid_until is not None for v in (*item.time_limits, *item.fees))
            from .subject import Subject  # the subject reads the clock, which reads this memo

            limits = Subject((item,), None, item.time_limits[0].valid_from or date.min).time_limit()
            found = self._item_facts[id(item)] = ItemFacts(item, own, after, frozenset(item.situations),
                                                           frozenset(m.id for m in item.materials), dated, limits)
        return found

    def copies(self, material: ItemMaterial) -> str:
        """How a notice asks for ``material``: ``material_copies(material, unstated=False)``, by its form and counts."""
        key = (material.form, material.originals, material.copies, material.alternatives)
        found = self._copies.get(key)
        if found is None:
            found = self._copies[key] = material_copies(material, unstated=False)
        return found

    def window_of(self, item: Item, location: str) -> str | None:
        """The window taking ``item`` in at ``location`` when no rule names one (see :func:`~.route.window_of`)."""
        found = self._windows.get((id(item), location))
        if found is None or found[0] is not item:
            from .route import window_of

            found = self._windows[(id(item), location)] = (item, window_of(self.catalog, item, location))
        return found[1]

    def township_centre(self, township: str) -> TownshipCentre | None:
        """``catalog.township_centre_of(township)``; only townships the catalog knows (and "") are remembered."""
        try:
            return self.townships[township]
        except KeyError:
            found = self.catalog.township_centre_of(township)
            if found is not None or not township:
                self.townships[township] = found
            return found

    def item_citations(self, item: Item) -> tuple[Citation, ...]:
        """The citations of an item's legal bases."""
        found = self._items.get(id(item))
        if found is None or found[0] is not item:
            found = self._items[id(item)] = (item, tuple(self.cite(b) for b in item.legal_bases))
        return found[1]

    def skipped_day(self, day: date, reason: str) -> SkippedDay:
        found = self._skipped.get((day, reason))
        if found is None:
            found = self._skipped[(day, reason)] = SkippedDay.trusted(date=day, reason=reason)
        return found

    def skipped_days(self, days: Iterable[calendar.SkippedDay]) -> tuple[SkippedDay, ...]:
        """The calendar's days as a decision shows them; the calendar keeps one object per day, so each is
        looked up by identity."""
        by_id, out = self._calendar_days, []
        for day in days:
            found = by_id.get(id(day))
            if found is None or found[0] is not day:
                found = by_id[id(day)] = (day, self.skipped_day(day.day, day.reason))
            out.append(found[1])
        return tuple(out)

    def materials(self, item: Item) -> tuple[MaterialFacts, ...]:
        """Each material of ``item`` (an item of this catalog) with what the catalog says of it."""
        found = self._materials.get(id(item))
        if found is None or found[0] is not item:
            catalog = self.catalog
            facts = []
            ids = [m.id for m in item.materials]
            for material in item.materials:
                source = catalog.material_source(item, material.id)
                asks = (tuple(sorted({leaf.fact for leaf in leaves(material.when) if leaf.fact.startswith("facts.")}))
                        if material.necessity == "conditional" and material.when is not None else ())
                name, asked = catalog.material_name(item, material.id), material.asked_at_intake(source)
                fixed = (asked and material.necessity in ("required", "tolerable") and not material.variants
                         and ids.count(material.id) == 1)
                facts.append(MaterialFacts(material, name, asked, asks, source.item if source is not None else None,
                                           self.cite(material.basis if material.basis else item.legal_bases[0]),
                                           self.bring(material, name), self.quantities(material), fixed))
            found = self._materials[id(item)] = (item, tuple(facts))
        return found[1]

    def quantities(self, material: ItemMaterial) -> tuple[Quantity, ...]:
        """``material.quantities()``, its main count made once per count (a value, not the material, is the key)."""
        key = (material.originals, material.copies)
        main = self._counts.get(key)
        if main is None:
            main = self._counts[key] = (Quantity(originals=key[0], copies=key[1]),) if key[0] or key[1] else ()
        return main + material.alternatives

    def bring(self, material: ItemMaterial, name: str) -> BringEntry:
        """What the applicant must bring of ``material`` (its form, counts and standard), shown as ``name``."""
        key = (material.id, name, material.standard, material.form, material.originals, material.copies)
        found = self._bring.get(key)
        if found is None:
            found = self._bring[key] = BringEntry.trusted(
                material=material.id, name=name, standard=material.standard,
                required=Requirement.trusted(form=material.form, originals=material.originals, copies=material.copies))
        return found

    def cite(self, basis: LegalBasis | RuleBasis) -> Citation:
        """A legal basis as a decision cites it (see :func:`~.citations.cite`)."""
        key = (basis.document, basis.article)
        found = self._citations.get(key)
        if found is None:
            found = self._citations[key] = cite(self.catalog, basis)
        return found

    def rule(self, hit: CompiledRule) -> tuple[tuple[str, ...], TraceEntry]:
        """A rule's trace parts: the facts its condition reads (sorted), and its trace entry with no facts (the
        decision adds the values it read: ``entry.but(facts=…)``)."""
        found = self._rules.get(hit.index)
        if found is None:
            read = tuple(sorted({leaf.fact for leaf in leaves(hit.condition)} if hit.condition is not None else set()))
            rule = hit.rule
            found = self._rules[hit.index] = (read, TraceEntry.trusted(
                rule=rule.id, title=rule.title, phase=hit.phase, priority=rule.priority, facts={},
                effect="、".join(rule.then.given()), basis=self.cite(rule.basis)))
        return found


__all__ = ["DecisionMemo", "ItemFacts", "MaterialFacts", "ONLINE_APPLICATION", "opening_sessions"]
