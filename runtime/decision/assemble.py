"""Hits → decision: the path of one application through the phases.

open (resolve, check answers, clock start, facts) → derive rules → materials rules → material check →
decide rules → outcome, case class, regime → notice / tolerance / pre-review → fees, route, clock → trace.
Engines only say which rules matched; every combination happens here, in one place, for both engines.
Each step is a small function over the :class:`~.context.DecisionContext`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from ..calendar import WorkingCalendar
from ..catalog import Catalog
from ..engines.base import Engine
from ..errors import EngineError
from ..rules.compiler import CompiledRule, CompiledRules
from ..rules.models import Phase
from .application import Application
from .clock import Limits, clock_start, not_started, running
from .context import DecisionContext
from .decision import (Citation, Clock, Decision, DeferredMaterial, Fees, GreenChannelDecision, Notice, Prereview,
                       Route, Tolerance, TraceEntry)
from .memo import DecisionMemo
from .fees import compute_fees
from .intake import base_facts, open_case
from .notice import check_materials, commitment_notes
from .route import build_route

ACCEPTED = ("accept", "tolerance_accept", "escalate")
"""Outcomes that receive the application: the clock runs, fees are payable."""


class Decider:
    """Decides applications against one catalog and one compiled rule set with one engine."""

    def __init__(self, catalog: Catalog, rules: CompiledRules, engine: Engine, calendar: WorkingCalendar) -> None:
        self.catalog, self.rules, self.engine, self.calendar = catalog, rules, engine, calendar
        self._by_index = {rule.index: rule for rule in rules.rules}
        ranked = sorted(rules.rules, key=lambda r: (-r.rule.priority, r.rule.id))
        self._rank = {rule.index: n for n, rule in enumerate(ranked)}
        """Rule index → its place when hits are taken highest priority first (then by id)."""
        self._requirable = frozenset(a.material for rule in rules.rules for a in rule.rule.then.require_material)
        """Materials some rule may require: an applicant may hand them in even where no item lists them."""
        self.memo = DecisionMemo(catalog, rules)

    def decide(self, application: Application) -> Decision:
        ctx = self._open(application)
        self._derive(ctx)
        self._require(ctx)
        ctx.check = check_materials(ctx)
        ctx.facts.update(ctx.check.facts())
        ctx.decided = self._phase(ctx, "decide")
        return self._decision(ctx)

    # -- phases ------------------------------------------------------------------------------------------
    def _run(self, phase: Phase, facts: Mapping[str, Any]) -> list[CompiledRule]:
        rulesets = self.rules.phases[phase]
        run = self.engine.run  # each engine reads only its rules' facts
        matched = run(rulesets[0], facts) if len(rulesets) == 1 else frozenset().union(*(run(r, facts) for r in rulesets))
        by_index = self._by_index
        return [by_index[i] for i in sorted(matched, key=self._rank.__getitem__)]

    def _phase(self, ctx: DecisionContext, phase: Phase) -> list[CompiledRule]:
        hits = self._run(phase, ctx.facts)
        if hits:
            ctx.trace += self._trace(hits, ctx.facts)
        return hits

    def _open(self, application: Application) -> DecisionContext:
        case = open_case(self.catalog, application, self._requirable, self.memo)
        start = clock_start(self.calendar, self.catalog.centre, case.received, self.memo.sessions)
        facts = base_facts(self.catalog, case, {"calendar.after_hours": start.after_hours,
                                                "calendar.working_day": start.working_day, "calendar.date": case.day},
                           self.memo)
        return DecisionContext(self.catalog, self.calendar, application, case, case.subject, start, facts, self.memo)

    def _derive(self, ctx: DecisionContext) -> None:
        hits = self._run("derive", ctx.facts)
        if hits:
            for rule in hits:
                for action in rule.rule.then.derive:
                    ctx.facts.setdefault(f"derived.{action.fact}", action.value)
            ctx.trace += self._trace(hits, ctx.facts)
            ctx.granted = any(r.rule.then.grant_green_channel for r in hits)
        ctx.facts["green_channel.granted"] = ctx.granted
        category = ctx.facts.get("project.category")
        if ctx.granted and self.catalog.green_channel is not None and category:
            chosen = self.catalog.green_channel.category(category)
            ctx.grants = chosen.grants if chosen else None

    def _require(self, ctx: DecisionContext) -> None:
        """For each material, the highest-priority rule that requires or waives it decides."""
        hits = self._phase(ctx, "materials")
        if not hits:
            return  # nothing required or waived by a rule: the context's empty defaults
        decided: dict[str, CompiledRule | None] = {}
        for rule in hits:
            for action in rule.rule.then.require_material:
                decided.setdefault(action.material, rule)
            for action in rule.rule.then.waive_material:
                decided.setdefault(action.material, None)
        ctx.required = {m: r for m, r in decided.items() if r is not None}
        ctx.waived = {m for m, r in decided.items() if r is None}

    # -- the decision ------------------------------------------------------------------------------------
    def _decision(self, ctx: DecisionContext) -> Decision:
        outcome, case_class, regime = self._classify(ctx)
        accepted = outcome in ACCEPTED
        assert ctx.check is not None
        notes = tuple(t.note for t in ctx.then if t.note)
        if ctx.check.commitment and outcome in ("accept", "tolerance_accept"):  # the catalog's 告知承诺制, pledge handed in
            regime, notes = "commitment", notes + commitment_notes(ctx, ctx.check.commitment)
        return_action = next((t.return_ for t in ctx.then if t.return_ is not None), None)
        limits, changes = self._time_limit(ctx)
        fees = compute_fees(ctx, accepted) if outcome != "return" else Fees.trusted()
        route = build_route(ctx, ctx.start_day if accepted else None, self._agency_window(ctx),
                            fees.window is not None) if outcome != "return" else None
        escalated_to = self._escalated_to(ctx, outcome, case_class)
        deadline = self._notice_deadline(ctx) if outcome == "supplement" else None
        subject, check = ctx.subject, ctx.check
        assert check is not None
        return Decision.trusted(
            outcome=outcome, case_class=case_class, regime=regime,
            item=subject.lead.code if subject.pipeline is None else None,
            item_name=subject.lead.name if subject.pipeline is None else None,
            pipeline=subject.pipeline.code if subject.pipeline else None,
            reason=return_action.reason if return_action else None,
            return_authority=return_action.authority if return_action else None,
            escalated_to=escalated_to, notice=self._notice(ctx, outcome, deadline), circulated=check.circulated,
            prereview=self._prereview(ctx, route) if outcome == "prereview" else None,
            tolerance=self._tolerance(ctx) if outcome == "tolerance_accept" else None, route=route,
            green_channel=self._green_channel(ctx, changes),
            clock=self._clock(ctx, limits, regime, deadline, accepted), fees=fees,
            legal_bases=self._bases(ctx, fees), notes=notes, trace=tuple(ctx.trace),
            revision=self.memo.revision, engine=self.engine.name,
        )

    def _classify(self, ctx: DecisionContext) -> tuple[str, str, str]:
        """Outcome, case class and regime: the highest-priority rule giving each (a return always wins). A
        rule's actions go together: the case class of a rule whose outcome lost does not apply."""
        then = ctx.then
        outcome = "return" if any(t.return_ is not None for t in then) else next((t.outcome for t in then if t.outcome), None)
        if outcome is None:
            raise EngineError(self.engine.name, "规则未给出受理结论（缺少兜底规则）")
        case_class = regime = None
        for t in then:  # the first case class and the first regime of the rules agreeing with the outcome
            if t.outcome not in (None, outcome) or (t.return_ is not None and outcome != "return"):
                continue
            case_class, regime = case_class or t.case_class, regime or t.regime
            if case_class and regime:
                break
        if not case_class or not regime:
            raise EngineError(self.engine.name, "规则未给出办件类型或办理制度（缺少兜底规则）")
        return outcome, case_class, regime

    def _escalated_to(self, ctx: DecisionContext, outcome: str, case_class: str) -> str | None:
        if outcome != "escalate" and case_class != "escalated":
            return None
        department = self.catalog.departments.get(ctx.subject.lead_department())
        return (next((t.escalate_to for t in ctx.then if t.escalate_to), None) or ctx.subject.lead.escalation_authority
                or (department.superior_authority if department else None))

    def _time_limit(self, ctx: DecisionContext) -> tuple[Limits, list[str]]:
        """Promised and statutory days, shortened by the green channel's grants, and what it changed."""
        limit = self.memo.limits(ctx.subject)
        promised, grants, changes = limit.promised, ctx.grants, []
        if grants is not None:
            if grants.time_factor != 1 and promised > 0:
                reduced = grants.scaled(promised)
                changes.append(f"承诺时限 ×{grants.time_factor}：{promised} → {reduced} 个工作日")
                promised = reduced
            if grants.agency:
                changes.append("全程代办")
            if grants.priority:
                changes.append("优先办理")
            if grants.tolerance_widened:
                changes.append("放宽容缺：非关键必要材料可容缺")
        return (replace(limit, promised=promised) if promised != limit.promised else limit), changes

    def _notice(self, ctx: DecisionContext, outcome: str, deadline: date | None) -> Notice:
        """The one-time notice of a supplement (and the problems a pre-review found), with the basis of the
        rule that decided it."""
        check = ctx.check
        assert check is not None
        if outcome == "prereview":  # what the pre-review found, where the item offers one
            return Notice.trusted(entries=check.entries if ctx.subject.lead.online_prereview else (), questions=check.questions)
        if outcome != "supplement":
            return Notice.trusted()
        decided_by = next(r for r in ctx.decided if r.rule.then.outcome == "supplement")
        return Notice.trusted(entries=check.entries, questions=check.questions,
                      deadline=deadline,
                      basis=self.memo.cite(decided_by.rule.basis))

    def _tolerance(self, ctx: DecisionContext) -> Tolerance | None:
        check = ctx.check
        if check is None or not check.tolerable:
            return None
        deferred = tuple(DeferredMaterial.trusted(material=e.material, name=e.name, due=ctx.calendar.due_date(ctx.start_day, days))
                         for e, days in check.tolerable)
        return Tolerance.trusted(materials=deferred, due=max(d.due for d in deferred), pledge=ctx.application.tolerance_pledge)

    def _prereview(self, ctx: DecisionContext, route: Route | None) -> Prereview:
        """Online pre-review: exactly what to bring and where, for one trip."""
        check = ctx.check
        assert check is not None
        window = self.catalog.windows.get(route.lead_window) if route is not None and route.lead_window else None
        return Prereview.trusted(bring=check.bring, window=window.id if window else None, window_name=window.name if window else None,
                         location=route.location if route is not None else "main_hall",
                         address=(window.address if window and window.address else self.catalog.centre.address),
                         visits=max(ctx.subject.lead.max_visits or 1, 1))  # one trip, also where the guide states no number

    def _agency_window(self, ctx: DecisionContext) -> str | None:
        channel, grants, project = self.catalog.green_channel, ctx.grants, ctx.application.project
        if grants is None or not grants.agency or channel is None:
            return None
        registered = channel.project(project.id) if project and project.id else None
        return registered.agency_window if registered and registered.agency_window else channel.agency_window

    def _green_channel(self, ctx: DecisionContext, changes: list[str]) -> GreenChannelDecision:
        project = ctx.application.project
        return GreenChannelDecision.trusted(granted=ctx.granted, category=ctx.facts.get("project.category") if ctx.granted else None,
                                    project=project.id if ctx.granted and project else None, changes=tuple(changes))

    def _bases(self, ctx: DecisionContext, fees: Fees) -> tuple[Citation, ...]:
        return _dedupe([c for it in ctx.subject.items for c in self.memo.item_citations(it)]
                       + [t.basis for t in ctx.trace if t.basis] + [line.basis for line in fees.lines if line.basis])

    def _notice_deadline(self, ctx: DecisionContext) -> date:
        """行政许可法第三十二条: the supplement notice is due within ``centre.notice_days`` working days."""
        return ctx.calendar.due_date(ctx.start_day, self.catalog.centre.notice_days)

    def _clock(self, ctx: DecisionContext, limits: Limits, regime: str, deadline: date | None, accepted: bool) -> Clock:
        """``deadline``: the supplement notice's (None for any other outcome)."""
        application, day = ctx.application, ctx.case.day
        if not accepted:
            return not_started(self.calendar, application.received_at, day, deadline, limits)
        return running(self.calendar, self.calendar.law, application.received_at, day, ctx.start, limits, regime, self.memo)

    def _trace(self, hits: list[CompiledRule], facts: Mapping[str, Any]) -> list[TraceEntry]:
        entries = []
        rule, get = self.memo.rule, facts.get
        for hit in hits:
            read, entry = rule(hit)
            entries.append(entry.but(facts={path: value if (value := get(path)) is None or isinstance(value, _SCALARS)
                                            else str(value) for path in read}))  # a date as its ISO text
        return entries


_SCALARS = (bool, int, str)
"""What a trace entry shows of a fact as it is; anything else (a date) as its text."""


def _dedupe(citations: list[Citation]) -> tuple[Citation, ...]:
    seen, out = set(), []
    for citation in {id(c): c for c in citations}.values():  # the memo gives one object per citation: fewer keys
        key = (citation.document, citation.article)
        if key not in seen:
            seen.add(key)
            out.append(citation)
    return tuple(out)


__all__ = ["ACCEPTED", "Decider"]
