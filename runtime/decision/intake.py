"""From an application to typed facts: resolve the item(s), check the answers, flatten everything into
the fact vocabulary of :mod:`onewindow.runtime.facts`.

Bad input is reported with JSON paths (``$.facts.floor_area``) and never reaches an engine: the engines
compare loosely, so the facts they see are checked here first.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..catalog import Catalog, Item, Pipeline
from ..errors import ApplicationError, FieldError
from .application import Application
from .memo import DecisionMemo
from .subject import Subject



@dataclass(frozen=True)
class Case:
    """An application resolved against the catalog: the item versions in force, the pipeline, local time."""

    application: Application
    received: datetime
    items: tuple[Item, ...]
    pipeline: Pipeline | None
    in_force: bool
    facts: dict[str, Any] = field(default_factory=dict)
    day: date = field(init=False)
    """The local day received."""
    subject: Subject = field(init=False)

    def __post_init__(self) -> None:
        day = self.received.date()
        object.__setattr__(self, "day", day)
        object.__setattr__(self, "subject", Subject(self.items, self.pipeline, day))

    @property
    def lead_item(self) -> Item:
        return self.items[0]


def _resolve_items(catalog: Catalog, application: Application, day: date) -> tuple[tuple[Item, ...], Pipeline | None, bool]:
    errors: list[FieldError] = []
    pipeline = None
    if application.pipeline is not None:
        pipeline = catalog.pipelines.get(application.pipeline.code)
        if pipeline is None:
            raise ApplicationError([FieldError("$.pipeline.code", "unknown-pipeline", f"没有联办线 {application.pipeline.code}")])
        codes = application.pipeline.items or pipeline.item_codes()
        for i, code in enumerate(codes):
            if code not in pipeline.item_codes():
                errors.append(FieldError(f"$.pipeline.items[{i}]", "not-in-pipeline", f"事项 {code} 不属于联办线 {pipeline.code}"))
    else:
        codes = (application.item,) if application.item is not None else ()
    items: list[Item] = []
    in_force = True
    for code in codes:
        if code not in catalog.item_versions:
            errors.append(FieldError("$.item", "unknown-item", f"本中心没有事项 {code}"))
            continue
        item = catalog.item(code, on=day)
        if item is None:
            in_force = False
            item = catalog.item(code)
        if item is not None:  # a code in item_versions always has a latest version
            items.append(item)
    if errors:
        raise ApplicationError(errors)
    if pipeline is not None:
        order = pipeline.item_codes()
        items.sort(key=lambda it: order.index(it.code))
    return tuple(items), pipeline, in_force


_KINDS = {"yes_no": (bool,), "number": (int,), "date": (date,), "choice": (str,)}


def check_answers(catalog: Catalog, items: tuple[Item, ...], answers: Mapping[str, Any],
                  allowed: frozenset[str] | set[str] | None = None) -> list[FieldError]:
    """Every answer must belong to a situation of the item(s) (``allowed``: their situations, when known) and have
    its declared type and range."""
    if not answers:
        return []
    if allowed is None:
        allowed = {sid for item in items for sid in item.situations}
    errors = []
    for key, value in answers.items():
        path = f"$.facts.{key}"
        situation = catalog.situations.get(key)
        if situation is None or key not in allowed:
            errors.append(FieldError(path, "unknown-situation", f"本事项没有情形 {key}"))
            continue
        if isinstance(value, bool) and situation.kind != "yes_no" or not isinstance(value, _KINDS[situation.kind]):
            errors.append(FieldError(path, "situation-type", f"“{situation.question}”的答案类型应为 {situation.kind}"))
            continue
        if situation.kind == "choice" and value not in situation.choice_values():
            errors.append(FieldError(path, "situation-choice", f"“{situation.question}”没有选项 {value}（可选：{'、'.join(situation.choice_values())}）"))
        if situation.kind == "number" and isinstance(value, int):
            if situation.minimum is not None and value < situation.minimum or situation.maximum is not None and value > situation.maximum:
                errors.append(FieldError(path, "situation-range", f"“{situation.question}”超出范围"))
    return errors


def _check_materials_known(items: tuple[Item, ...], application: Application, requirable: frozenset[str],
                           memo: DecisionMemo | None = None) -> list[FieldError]:
    # a rule may require a material of the shared library the item does not list (e.g. a power of attorney)
    listed = (memo.item(items[0]).materials if memo is not None and len(items) == 1
              else {m.id for item in items for m in item.materials})
    return [FieldError(f"$.materials.{key}", "unknown-material", f"本事项不需要材料 {key}")
            for key in application.materials if key not in listed and key not in requirable]


def _typed_answers(catalog: Catalog, application: Application) -> Application:
    """JSON has no date type: an ISO text answer to a date question (schema ``format: date``) is that date —
    ``"2026-03-02"``, or a date-time with its offset, read as its day in the centre's time zone."""
    typed: dict[str, date] = {}
    for key, value in application.facts.items():
        situation = catalog.situations.get(key)
        if situation is None or situation.kind != "date" or not isinstance(value, str):
            continue
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            continue  # check_answers reports it
        if len(value) == 10:
            typed[key] = moment.date()
        elif moment.tzinfo is not None:
            typed[key] = moment.astimezone(catalog.centre.zone).date()
    return application.model_copy(update={"facts": {**application.facts, **typed}}) if typed else application


def open_case(catalog: Catalog, application: Application, requirable: frozenset[str] = frozenset(),
              memo: DecisionMemo | None = None) -> Case:
    """Resolve and check; raises :class:`ApplicationError` listing every bad field at once. ``memo``: what the
    catalog says of each item, already worked out."""
    application = _typed_answers(catalog, application)
    received = application.received_at.astimezone(memo.zone if memo is not None else catalog.centre.zone)
    items, pipeline, in_force = _resolve_items(catalog, application, received.date())
    allowed = memo.item(items[0]).situations if memo is not None and len(items) == 1 else None
    errors = (check_answers(catalog, items, application.facts, allowed)
              + _check_materials_known(items, application, requirable, memo))
    if application.project is not None and application.project.id and catalog.green_channel is not None:
        if catalog.green_channel.project(application.project.id) is None:
            errors.append(FieldError("$.project.id", "unknown-project", f"绿色通道登记中没有项目 {application.project.id}"))
    if errors:
        raise ApplicationError(errors)
    return Case(application, received, items, pipeline, in_force)


def base_facts(catalog: Catalog, case: Case, calendar_facts: Mapping[str, Any], memo: DecisionMemo) -> dict[str, Any]:
    """The application flattened into fact paths (dates stay dates; the compiler's engine form converts)."""
    application, item, subject, day = case.application, case.lead_item, case.subject, case.day
    kind = application.applicant.kind
    known = memo.item(item) if case.pipeline is None else None
    facts: dict[str, Any] = {
        "applicant.kind": kind,
        "applicant.in_audience": all(kind in it.audience for it in case.items),
        "channel": application.channel,
        "tolerance_pledge": application.tolerance_pledge,
        "item.in_force": case.in_force,
        "item.default_case_class": subject.default_case_class(),
        "item.has_fee": (bool(item.fees) if known is not None and not known.dated
                         else any(it.fees_on(day) for it in case.items)),
        **calendar_facts,
    }
    if application.applicant.township:
        facts["applicant.township"] = application.applicant.township
    if known is not None:
        township = memo.township_centre(application.applicant.township or "")
        facts.update(known.facts)
        facts["item.township_delegated"] = township is not None and item.code in township.delegated_items
        facts.update(known.after)
        limit = item.time_limits[0] if not known.dated else item.time_limit_on(day)
        if limit is not None:
            facts["item.promised_days"] = limit.promised_days
    else:
        assert case.pipeline is not None
        facts["pipeline.code"] = case.pipeline.code
    project = application.project
    if project is not None:
        registered = catalog.green_channel.project(project.id) if (catalog.green_channel and project.id) else None
        category = registered.category if registered else project.category
        if category:
            facts["project.category"] = category
        facts["project.registered"] = bool(registered and registered.registered(case.day))
    for key, value in application.facts.items():
        facts[f"facts.{key}"] = value
    return facts


__all__ = ["Case", "base_facts", "check_answers", "open_case"]
