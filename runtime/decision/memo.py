"""What deciding derives from the catalog and the rules alone, worked out once per :class:`Decider`.

Citations of a legal basis, the centre's opening hours, each rule's trace parts (the facts its condition
reads, its effect, its citation), the revision, and per item material what the notice and the bring list
show of it: none of these depends on the application, so a decision looks them up instead of building them
again. The memo belongs to the decider that made it (never to a module), and reads only immutable objects.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from ..catalog import Catalog, Item, ItemMaterial, LegalBasis, Session, TownshipCentre, Window
from ..catalog.material import Quantity
from ..conditions.syntax import leaves
from ..rules.compiler import CompiledRule, CompiledRules
from ..rules.models import RuleBasis
from .citations import cite
from ..wording import material_copies
from .decision import BringEntry, Citation, DisabledRule, LayerRevision, Requirement, Revision, SkippedDay


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


class DecisionMemo:
    """Lookups of one catalog and rule set; each filled on first use."""

    def __init__(self, catalog: Catalog, rules: CompiledRules) -> None:
        self.catalog = catalog
        self.sessions = opening_sessions(catalog.centre.hours)
        self.revision = Revision(catalog=catalog.revision, rules=rules.revision,
                                 layers=tuple(LayerRevision(name=i.name, revision=i.revision, rules=i.rules) for i in rules.layers),
                                 disabled=tuple(DisabledRule(rule=r, layer=layer, reason=why) for r, layer, why in rules.disabled))
        self.fee_window: Window | None = catalog.fee_window()
        self.townships: dict[str, TownshipCentre | None] = {}
        """Township (or centre id) → its township centre, as ``catalog.township_centre_of`` finds it."""
        self._citations: dict[tuple[str | None, str | None], Citation] = {}
        self._rules: dict[int, tuple[tuple[str, ...], str, Citation]] = {}
        self._counts: dict[tuple[int, int], tuple[Quantity, ...]] = {}
        self._bring: dict[tuple[str, str, str | None, str, int, int], BringEntry] = {}
        self._materials: dict[int, tuple[Item, tuple[MaterialFacts, ...]]] = {}
        self._copies: dict[tuple[str, int, int, tuple[Quantity, ...]], str] = {}
        self._windows: dict[tuple[int, str], tuple[Item, str | None]] = {}
        self._skipped: dict[tuple[date, str], SkippedDay] = {}
        self._items: dict[int, tuple[Item, tuple[Citation, ...]]] = {}

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

    def materials(self, item: Item) -> tuple[MaterialFacts, ...]:
        """Each material of ``item`` (an item of this catalog) with what the catalog says of it."""
        found = self._materials.get(id(item))
        if found is None or found[0] is not item:
            catalog = self.catalog
            facts = []
            for material in item.materials:
                source = catalog.material_source(item, material.id)
                asks = (tuple(sorted({leaf.fact for leaf in leaves(material.when) if leaf.fact.startswith("facts.")}))
                        if material.necessity == "conditional" and material.when is not None else ())
                facts.append(MaterialFacts(material, catalog.material_name(item, material.id), material.asked_at_intake(source),
                                           asks, source.item if source is not None else None))
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

    def rule(self, hit: CompiledRule) -> tuple[tuple[str, ...], str, Citation]:
        """A rule's trace parts: the facts its condition reads (sorted), its effect, its citation."""
        found = self._rules.get(hit.index)
        if found is None:
            read = tuple(sorted({leaf.fact for leaf in leaves(hit.condition)} if hit.condition is not None else set()))
            found = self._rules[hit.index] = (read, "、".join(hit.rule.then.given()), self.cite(hit.rule.basis))
        return found


__all__ = ["DecisionMemo", "MaterialFacts", "opening_sessions"]
