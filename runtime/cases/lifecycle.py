"""The case lifecycle (办件生命周期) as data: states, events, transitions, pause categories, extension caps.

``lifecycle.yaml`` (package data, or a centre's own file) is validated like the catalog and the rules: every
problem at once, as ``file:line:col: field: 中文说明 [code]`` — unknown states, two transitions for one event
from one state (the machine must be deterministic), states no event reaches, open states with no way to a
closed one, closed states left by an event that does not reopen, required fields outside the event
vocabulary, a regime without an extension cap, a written notice without its title and basis.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from pydantic import Field, ValidationError, model_validator

from ..catalog.base import Identifier, Model, Text
from ..catalog.policy import POLICY_NAMES, PolicyName
from ..errors import ConfigError, Finding, Problem
from ..loading.messages import field_path, translate
from ..loading.yaml_source import locate, parse, position_tree
from ..rules.models import Outcome, Regime

if TYPE_CHECKING:
    from ..catalog import Catalog

ClockMode = Literal["none", "notice", "running", "paused", "delivery"]
EventField = Literal["reason", "step", "category", "notice_days", "days", "approver", "material", "result", "fee",
                     "amount", "starts_on"]
"""Every field an event may carry (see :class:`onewindow.runtime.cases.CaseEvent`)."""

REGIMES: tuple[str, ...] = get_args(Regime)


class Basis(Model):
    document: Text = Field(title="依据文件")
    article: Text | None = Field(default=None, title="条款")

    def __str__(self) -> str:
        return f"《{self.document}》{self.article or ''}"


class StateDef(Model):
    id: Identifier
    name: Text
    clock: ClockMode
    closed: bool = False


class Transition(Model):
    from_: tuple[Identifier, ...] = Field(alias="from", min_length=1)
    to: Identifier | None = Field(default=None, description="省略：状态不变")


class EventDef(Model):
    kind: Identifier
    name: Text
    requires: tuple[EventField, ...] = ()
    basis: Basis | None = None
    reopens: bool = False
    after_close: bool = Field(default=False, description="可在终结状态下记录而不改变状态（如事后核查）")
    transitions: tuple[Transition, ...] = Field(min_length=1)


class PauseCategory(Model):
    id: Identifier
    name: Text
    basis: Basis


class ExtensionRule(Model):
    regime: Identifier
    days: int = Field(ge=1, le=60)
    approver: Text
    basis: Basis


class DeemedAcceptance(Model):
    basis: Basis


class JointCap(Model):
    statutory_days: int = Field(ge=1, le=365)
    basis: Basis


class Delivery(Model):
    days: int = Field(ge=0, le=60)
    basis: Basis


class Counting(Model):
    """How a case's time limit is counted, each rule with its basis (quoted in every case's explanation)."""

    start: Basis = Field(title="起算日不计入", description="开始的当日不计入，自下一日开始计算")
    working_days: Basis = Field(title="以工作日计算", description="期限以工作日计算，不含法定节假日")
    notice: Basis = Field(title="一次性告知期限", description="收件后当场或 notice_days 个工作日内一次告知补正（收件说明引用）")


NoticeKind = Literal["receipt", "acceptance", "non_acceptance", "supplement", "tolerance"]
"""The written notices the console prints (one page template each); ``notices`` gives each its title and basis."""
NOTICE_KINDS: tuple[str, ...] = get_args(NoticeKind)


class NoticeDef(Model):
    """A written notice: its title and what it rests on — an article of law, or a system the centre practises."""

    title: Text = Field(title="文书名称", description="打印在通知书抬头与办件页的链接上")
    basis: Basis | None = Field(default=None, title="依据", description="印在通知书末尾「依据：」后")
    policy: PolicyName | None = Field(default=None, title="依据的制度",
                                      description="不写 basis 时：依本中心实行的制度（centre.yaml policies）印其依据文件与条款；"
                                                  "中心未写该制度时印制度名称")

    @model_validator(mode="after")
    def _one_basis(self) -> "NoticeDef":
        if (self.basis is None) == (self.policy is None):
            raise ValueError("basis 与 policy 必须且只能写一项")
        return self

    def cited(self, catalog: Catalog) -> str:
        """The basis as printed: the article, or the document and article the centre declares for the system."""
        if self.basis is not None:
            return str(self.basis)
        assert self.policy is not None  # one of the two, by _one_basis
        declared = catalog.centre.policy(self.policy)
        document = catalog.legal_documents.get(declared.document) if declared is not None else None
        if declared is None or document is None:
            return f"{POLICY_NAMES[self.policy]}制度"
        return str(Basis(document=document.title, article=declared.article))


class Fees(Model):
    """What a charge is checked against (quoted when a charge is refused)."""

    basis: Basis = Field(title="收费须有依据", description="收费项目不在办件收费依据中的不得收取（拒收说明引用）")


class Lifecycle(Model):
    """The validated lifecycle; :meth:`target` is the state machine."""

    states: tuple[StateDef, ...] = Field(min_length=1)
    initial: tuple[Identifier, ...] = Field(min_length=1)
    events: tuple[EventDef, ...] = Field(min_length=1)
    intake: dict[Outcome, Identifier] = Field(description="受理决定的 outcome → 建档时记录的事件")
    deemed_acceptance: DeemedAcceptance
    counting: Counting
    fees: Fees
    delivery: Delivery
    joint: JointCap
    pause_categories: tuple[PauseCategory, ...] = Field(min_length=1)
    extensions: tuple[ExtensionRule, ...] = Field(min_length=1)
    notices: dict[Identifier, NoticeDef] = Field(description="书面通知的种类 → 文书名称与依据；每一种都须写明")

    @model_validator(mode="after")
    def _index(self) -> "Lifecycle":
        object.__setattr__(self, "_states", {s.id: s for s in self.states})
        object.__setattr__(self, "_events", {e.kind: e for e in self.events})
        object.__setattr__(self, "_pauses", {p.id: p for p in self.pause_categories})
        object.__setattr__(self, "_extensions", {x.regime: x for x in self.extensions})
        return self

    def state(self, state_id: str) -> StateDef:
        return self._states[state_id]  # type: ignore[attr-defined,no-any-return]  # index set by _index

    def event(self, kind: str) -> EventDef | None:
        return self._events.get(kind)  # type: ignore[attr-defined,no-any-return]  # index set by _index

    def pause_category(self, category: str) -> PauseCategory | None:
        return self._pauses.get(category)  # type: ignore[attr-defined,no-any-return]  # index set by _index

    def extension_rule(self, regime: str) -> ExtensionRule:
        found: ExtensionRule = self._extensions.get(regime) or self._extensions["default"]  # type: ignore[attr-defined]  # index set by _index
        return found

    def target(self, kind: str, state: str) -> str | None:
        """The state ``kind`` leads to from ``state`` (the same state for a stay), or None when not allowed."""
        event = self.event(kind)
        for transition in event.transitions if event else ():
            if state in transition.from_:
                return transition.to or state
        return None

    def allowed(self, state: str) -> tuple[EventDef, ...]:
        """Events that may happen in ``state``, in declaration order (the clerk's buttons)."""
        return tuple(e for e in self.events if self.target(e.kind, state) is not None)


def _check(lifecycle: Lifecycle) -> Iterator[Finding]:
    """Problems of a structurally valid lifecycle (the file is their subject: ``check_lifecycle`` places them)."""
    known = {s.id for s in lifecycle.states}
    yield from _duplicates("states", "id", [s.id for s in lifecycle.states], "状态")
    yield from _duplicates("events", "kind", [e.kind for e in lifecycle.events], "事件")
    yield from _duplicates("pause_categories", "id", [c.id for c in lifecycle.pause_categories], "暂停类别")
    yield from _duplicates("extensions", "regime", [x.regime for x in lifecycle.extensions], "延期规则的办理制度")
    for i, state_id in enumerate(lifecycle.initial):
        if state_id not in known:
            yield Finding(None, ("initial", i), "unknown-state", f"未定义的状态 {state_id}")
    kinds = {e.kind for e in lifecycle.events}
    edges: dict[str, set[str]] = {s: set() for s in known}
    for i, event in enumerate(lifecycle.events):
        sources: set[str] = set()
        for j, transition in enumerate(event.transitions):
            if transition.to is not None and transition.to not in known:
                yield Finding(None, ("events", i, "transitions", j, "to"), "unknown-state", f"未定义的状态 {transition.to}")
            for k, source in enumerate(transition.from_):
                where = ("events", i, "transitions", j, "from", k)
                if source not in known:
                    yield Finding(None, where, "unknown-state", f"未定义的状态 {source}")
                    continue
                if source in sources:
                    yield Finding(None, where, "nondeterministic", f"事件 {event.kind} 自状态 {source} 有两个去向")
                sources.add(source)
                target = transition.to or source
                if lifecycle.state(source).closed and not event.reopens and target != source:
                    yield Finding(None, where, "closed-state", f"终结状态 {source} 只能由重新办理类事件（reopens: true）离开")
                if lifecycle.state(source).closed and not event.reopens and target == source and not event.after_close:
                    yield Finding(None, where, "closed-state", f"终结状态 {source} 不应再接受事件 {event.kind}")
                if target in known:
                    edges[source].add(target)
    reach = {s for s in lifecycle.initial if s in known}
    frontier = list(reach)
    while frontier:
        for nxt in edges[frontier.pop()] - reach:
            reach.add(nxt)
            frontier.append(nxt)
    closed = {s.id for s in lifecycle.states if s.closed}
    for i, state in enumerate(lifecycle.states):
        if state.id not in reach:
            yield Finding(None, ("states", i, "id"), "unreachable", f"状态 {state.id}（{state.name}）无法从初始状态到达")
        if not state.closed and not _leads_to(state.id, edges, closed):
            yield Finding(None, ("states", i, "id"), "dead-end", f"状态 {state.id}（{state.name}）无法到达任何终结状态")
    if not closed:
        yield Finding(None, ("states",), "no-closed-state", "至少需要一个终结状态（closed: true）")
    for i, rule in enumerate(lifecycle.extensions):
        if rule.regime != "default" and rule.regime not in REGIMES:
            yield Finding(None, ("extensions", i, "regime"), "unknown-regime",
                          f"未知的办理制度 {rule.regime}，应为 default 或 {'、'.join(REGIMES)}")
    if "default" not in {x.regime for x in lifecycle.extensions}:
        yield Finding(None, ("extensions",), "no-default", "延期规则必须有 regime: default 一项")
    for outcome in get_args(Outcome):
        if outcome not in lifecycle.intake:
            yield Finding(None, ("intake",), "missing-outcome", f"缺少受理决定 {outcome} 对应的事件")
        elif lifecycle.intake[outcome] not in kinds:
            yield Finding(None, ("intake", outcome), "unknown-event", f"未定义的事件 {lifecycle.intake[outcome]}")
    for kind in ("accept", "request_supplement", "not_accept", "pause", "resume", "extend", "decide", "deliver"):
        if kind not in kinds:
            yield Finding(None, ("events",), "missing-event", f"缺少计时所依赖的事件 {kind}")
    for kind in NOTICE_KINDS:
        if kind not in lifecycle.notices:
            yield Finding(None, ("notices",), "missing-notice", f"缺少书面通知 {kind} 的文书名称（title）与依据（basis 或 policy）")
    for kind in lifecycle.notices:
        if kind not in NOTICE_KINDS:
            yield Finding(None, ("notices", kind), "unknown-notice", f"未知的书面通知 {kind}，应为 {'、'.join(NOTICE_KINDS)}")


def _duplicates(section: str, key: str, ids: list[str], label: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            yield Finding(None, (section, i, key), "duplicate-id", f"{label} {value} 重复")
        seen.add(value)


def _leads_to(start: str, edges: dict[str, set[str]], closed: set[str]) -> bool:
    seen, frontier = {start}, [start]
    while frontier:
        state = frontier.pop()
        if state in closed:
            return True
        for nxt in edges[state] - seen:
            seen.add(nxt)
            frontier.append(nxt)
    return False


DEFAULT_LIFECYCLE = "lifecycle.yaml"


def check_lifecycle(text: str, file: str) -> tuple[Lifecycle | None, list[Problem]]:
    """Validate a lifecycle document; every problem with its line and column."""
    data, problem = parse(text, file)
    if problem is not None:
        return None, [problem]
    pending: list[Finding] = []
    lifecycle = None
    try:
        lifecycle = Lifecycle.model_validate(data)
    except ValidationError as exc:
        pending += [Finding(file, tuple(error["loc"]), error["type"], translate(error)) for error in exc.errors()]
    if lifecycle is not None:
        pending += [finding.about(file) for finding in _check(lifecycle)]
    if not pending:
        return lifecycle, []
    tree = position_tree(text)
    problems = []
    for finding in pending:
        line, col = locate(tree, finding.path)
        problems.append(Problem(file, line, col, field_path(finding.path), finding.code.replace("_", "-"), finding.message,
                                finding.severity))
    return None, sorted(problems)


def load_lifecycle(path: str | os.PathLike[str] | None = None) -> Lifecycle:
    """The lifecycle shipped with onewindow, or a centre's own file; raises ConfigError with every problem."""
    if path is None:
        text = resources.files(__package__).joinpath(DEFAULT_LIFECYCLE).read_text(encoding="utf-8")
        file = f"onewindow/runtime/cases/{DEFAULT_LIFECYCLE}"
    else:
        text, file = Path(path).read_text(encoding="utf-8"), str(path)
    lifecycle, problems = check_lifecycle(text, file)
    if lifecycle is None:
        raise ConfigError(problems, f"办件生命周期 {file} 有误")
    return lifecycle


__all__ = ["Basis", "ClockMode", "Counting", "EventDef", "EventField", "ExtensionRule", "Fees", "JointCap", "Lifecycle", "NOTICE_KINDS",
           "NoticeDef", "NoticeKind", "PauseCategory", "StateDef", "Transition", "check_lifecycle", "load_lifecycle"]
