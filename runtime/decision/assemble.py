"""Hits → decision: the path of one application through the phases.

open_case (resolve, check answers) → clock start → derive rules → materials rules → material check →
decide rules → outcome, case class, regime → notice / tolerance → route, clock, fees → trace.
Engines only say which rules matched; every combination happens here, in one place, for both engines.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_CEILING, Decimal
from typing import Any

from ..calendar import WorkingCalendar
from ..catalog import Catalog
from ..catalog.item import STEP_NAMES
from ..conditions.syntax import leaves
from ..engines.base import Engine
from ..errors import EngineError
from ..rules.compiler import CompiledRule, CompiledRules
from ..rules.models import Phase
from .application import Application
from .citations import cite
from .clock import clock_start, skipped
from .decision import (Citation, Clock, Decision, DeferredMaterial, DisabledRule, Fees, GreenChannelDecision,
                       LayerRevision, Notice, Revision, Tolerance, TraceEntry)
from .fees import compute_fees
from .intake import base_facts, open_case
from .notice import check_materials
from .route import build_route



class Decider:
    """Decides applications against one catalog and one compiled rule set with one engine."""

    def __init__(self, catalog: Catalog, rules: CompiledRules, engine: Engine, calendar: WorkingCalendar) -> None:
        self.catalog, self.rules, self.engine, self.calendar = catalog, rules, engine, calendar
        self._by_index = {rule.index: rule for rule in rules.rules}

    def _run(self, phase: Phase, facts: Mapping[str, Any]) -> list[CompiledRule]:
        matched: set[int] = set()
        for ruleset in self.rules.phases[phase]:
            matched |= self.engine.run(ruleset, facts)  # each engine reads only its rules' facts
        hits = [self._by_index[i] for i in matched]
        hits.sort(key=lambda r: (-r.rule.priority, r.rule.id))
        return hits

    def decide(self, application: Application) -> Decision:
        catalog, calendar = self.catalog, self.calendar
        case = open_case(catalog, application)
        start = clock_start(calendar, catalog.centre, case.received)
        facts = base_facts(catalog, case, {"calendar.after_hours": start.after_hours,
                                           "calendar.working_day": start.working_day, "calendar.date": case.day})
        trace: list[TraceEntry] = []

        derive_hits = self._run("derive", facts)
        granted = any(r.rule.then.grant_green_channel for r in derive_hits)
        for rule in derive_hits:
            for action in rule.rule.then.derive:
                facts.setdefault(f"derived.{action.fact}", action.value)
        trace += self._trace(derive_hits, facts)
        facts["green_channel.granted"] = granted
        grants = None
        category = facts.get("project.category")
        if granted and catalog.green_channel is not None and category:
            chosen = catalog.green_channel.category(category)
            grants = chosen.grants if chosen else None

        material_hits = self._run("materials", facts)
        required, waived = self._material_actions(material_hits)
        trace += self._trace(material_hits, facts)
        check = check_materials(catalog, case.items, application.materials, facts, required, waived,
                                bool(grants and grants.tolerance_widened), grants.tolerance_days if grants else None)
        facts.update(check.facts())

        decide_hits = self._run("decide", facts)
        trace += self._trace(decide_hits, facts)
        then = [r.rule.then for r in decide_hits]
        return_action = next((t.return_ for t in then if t.return_ is not None), None)
        outcome = "return" if return_action else next((t.outcome for t in then if t.outcome), None)
        if outcome is None:
            raise EngineError(self.engine.name, "规则未给出受理结论（缺少兜底规则）")
        case_class = next((t.case_class for t in then if t.case_class), None)
        regime = next((t.regime for t in then if t.regime), None)
        if case_class is None or regime is None:
            raise EngineError(self.engine.name, "规则未给出办件类型或办理制度（缺少兜底规则）")
        escalated_to = next((t.escalate_to for t in then if t.escalate_to), None)
        if (outcome == "escalate" or case_class == "escalated") and escalated_to is None:
            escalated_to = case.lead_item.escalation_authority
        notes = tuple(t.note for t in then if t.note)

        accepted = outcome in ("accept", "tolerance_accept", "escalate")
        limit = case.lead_item.time_limit_on(case.day) or case.lead_item.time_limits[-1]
        if case.pipeline is not None:
            applied = {it.code for it in case.items}
            stage_days = sum(stage.days for stage in case.pipeline.stages if applied & set(stage.items))
            promised = min(case.pipeline.promised_days, stage_days)
            statutory = case.pipeline.statutory_days
        else:
            promised, statutory = limit.promised_days, limit.statutory_days
        changes: list[str] = []
        if grants is not None:
            if grants.time_factor != 1 and promised > 0:
                reduced = int((Decimal(promised) * grants.time_factor).to_integral_value(rounding=ROUND_CEILING))
                changes.append(f"承诺时限 ×{grants.time_factor}：{promised} → {reduced} 个工作日")
                promised = reduced
            if grants.agency:
                changes.append("全程代办")
            if grants.priority:
                changes.append("优先办理")
            if grants.tolerance_widened:
                changes.append("放宽容缺：非关键必要材料可容缺")
        start_day = start.at.date()
        clock = self._clock(application, start, start_day, promised, statutory, limit.pauses, accepted)
        tolerance = None
        if outcome == "tolerance_accept" and check.tolerable:
            deferred = tuple(DeferredMaterial(material=e.material, name=e.name,
                                              due=calendar.due_date(start_day, days))
                             for e, days in check.tolerable)
            tolerance = Tolerance(materials=deferred, due=max(d.due for d in deferred), pledge=application.tolerance_pledge)
        notice = Notice()
        if outcome == "supplement":
            decided_by = next(r for r in decide_hits if r.rule.then.outcome == "supplement")
            notice = Notice(entries=check.entries,
                            deadline=calendar.due_date(start_day, catalog.centre.notice_days),
                            basis=cite(catalog, decided_by.rule.basis))
        fees = compute_fees(catalog, case.items, facts, case.day,
                            tuple(a for t in then for a in t.add_fee), tuple(a for t in then for a in t.waive_fee),
                            accepted, any(t.route.fee_window for t in then if t.route)) if outcome != "return" else Fees()
        agency = None
        if grants is not None and grants.agency and catalog.green_channel is not None:
            project = catalog.green_channel.project(application.project.id) if application.project and application.project.id else None
            agency = (project.agency_window if project and project.agency_window else catalog.green_channel.agency_window)
        steps = [] if case.pipeline else [(STEP_NAMES[s.step], s.days) for s in case.lead_item.steps]
        route = build_route(catalog, calendar, case.items, case.pipeline, [t.route for t in then if t.route],
                            application.applicant.township, start_day if accepted else None, agency, steps,
                            fees.window is not None,
                            grants.time_factor if grants is not None else Decimal(1)) if outcome != "return" else None
        green = GreenChannelDecision(granted=granted, category=category if granted else None,
                                     project=application.project.id if granted and application.project else None,
                                     changes=tuple(changes))
        bases = _dedupe([cite(catalog, b) for it in case.items for b in it.legal_bases]
                        + [t.basis for t in trace if t.basis] + [line.basis for line in fees.lines if line.basis])
        return Decision(
            outcome=outcome, case_class=case_class, regime=regime,
            item=case.lead_item.code if case.pipeline is None else None,
            item_name=case.lead_item.name if case.pipeline is None else None,
            pipeline=case.pipeline.code if case.pipeline else None,
            reason=return_action.reason if return_action else None,
            return_authority=return_action.authority if return_action else None,
            escalated_to=escalated_to if outcome == "escalate" or case_class == "escalated" else None,
            notice=notice, tolerance=tolerance, route=route, green_channel=green, clock=clock, fees=fees,
            legal_bases=bases, notes=notes, trace=tuple(trace),
            revision=Revision(catalog=catalog.revision, rules=self.rules.revision,
                              layers=tuple(LayerRevision(name=i.name, revision=i.revision, rules=i.rules) for i in self.rules.layers),
                              disabled=tuple(DisabledRule(rule=r, layer=layer, reason=why) for r, layer, why in self.rules.disabled)),
            engine=self.engine.name,
        )

    def _material_actions(self, hits: list[CompiledRule]) -> tuple[set[str], set[str]]:
        """For each material, the highest-priority rule that requires or waives it decides."""
        decided: dict[str, bool] = {}
        for rule in hits:
            for action in rule.rule.then.require_material:
                decided.setdefault(action.material, True)
            for action in rule.rule.then.waive_material:
                decided.setdefault(action.material, False)
        return {m for m, v in decided.items() if v}, {m for m, v in decided.items() if not v}

    def _clock(self, application: Application, start, start_day, promised: int, statutory: int,
               pauses: Iterable[str], accepted: bool) -> Clock:
        if not accepted:
            # the limits are kept (a case opened for a supplement starts this clock once accepted), no dates
            return Clock(received_at=application.received_at, starts_at=None, promised_days=promised,
                         statutory_days=statutory, explanation="未受理，不计时")
        promised_count = self.calendar.add_working_days(start_day, promised)
        statutory_count = self.calendar.add_working_days(start_day, statutory)
        skipped_days, makeup = skipped(statutory_count if statutory >= promised else promised_count)
        explanation = promised_count.explain() if promised else f"即办：{start_day.isoformat()} 当场办结"
        if start.reason:
            explanation = f"{start.reason}；{explanation}"
        return Clock(received_at=application.received_at, starts_at=start.at, start_reason=start.reason,
                     promised_days=promised, statutory_days=statutory, promised_due=promised_count.due,
                     statutory_due=statutory_count.due, pauses=tuple(pauses), skipped=skipped_days,
                     makeup_days=makeup, explanation=explanation)

    def _trace(self, hits: list[CompiledRule], facts: Mapping[str, Any]) -> list[TraceEntry]:
        entries = []
        for hit in hits:
            read = sorted({leaf.fact for leaf in leaves(hit.condition)} if hit.condition is not None else set())
            entries.append(TraceEntry(
                rule=hit.rule.id, title=hit.rule.title, phase=hit.phase, priority=hit.rule.priority,
                facts={path: _plain(facts.get(path)) for path in read},
                effect="、".join(hit.rule.then.given()), basis=cite(self.catalog, hit.rule.basis)))
        return entries


def _plain(value: Any) -> bool | int | str | None:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)


def _dedupe(citations: list[Citation]) -> tuple[Citation, ...]:
    seen, out = set(), []
    for citation in citations:
        key = (citation.document, citation.article)
        if key not in seen:
            seen.add(key)
            out.append(citation)
    return tuple(out)


__all__ = ["Decider"]
