"""The durable-rules engine: phase rulesets compiled into durable-rules 2.0.28 rulesets, run one session a time.

durable-rules is used strictly as a request/response matcher (issue 3, "The engine: durable-rules, carefully").
Everything measured about 2.0.28 that this module designs around:

* Our own ``durable.engine.Host`` subclass whose dispatcher threads never start; one lock around each run.
* Facts, not events. Each run: fresh ``sid``, assert the request fact (it carries ``ow_req: 1``), assert the
  end sentinel (``ow_end: 1``, matched only by the lowest-priority catch-all rule), then ``delete_state`` —
  only once an action has run on the session (deleting a state with no action segfaults).
* Type quirks (``"1" == 100``, ``"true" == True``, ``"abc" > 50`` are true inside the engine): every fact is
  sent as a *type-tagged string* (``v_<path>``: ``"i600"``, ``"b1"``, ``"s<utf-8 hex>"``, ``""`` when missing)
  for eq/ne/in/not_in/exists, and ints/dates/bools additionally as integers under a per-type attribute
  (``i_<path>``, ``d_<path>``, ``b_<path>``) present only when the fact has that exact type, for ordered
  comparisons. A str can never equal an int; a bool is never an int. Strings are hex-encoded, so no quote,
  backslash, NUL or CJK character ever reaches the C parser. Floats are refused.
* Property names are identified by their 32-bit FNV-1a hash only (two names with the same hash are the same
  property, and ``id``/``sid`` are reserved hashes): names are checked for hash collisions at prepare time.
* Limits, checked at prepare time with a simulation of durable's alpha network (``_Network``), never by
  registering something that hangs:
  - at most 15 ``$and``/``$or`` nodes per rule expression (32-slot expression sequence, error 113): larger
    conditions are split into several durable rules (top-level ``or`` always, inner ``or`` distributed);
  - ≥ 512 alpha children under one node hang forever (open-addressing table of 512 without a stop);
  - 128 ``$nex``/forward children per node (error 107), 256 rules ending at one node (error 108);
  - matching is a depth-first walk with a 64-slot stack (error 303 *at assert time*): the worst-case stack
    depth over all possible facts is bounded at prepare time;
  - 252 properties per fact (error 302), 4096 rules per ruleset;
  - a ``$nex`` test directly under the root hangs forever (never happens here: the marker test comes first).
  A phase ruleset that exceeds a limit is partitioned into several durable rulesets whose hits are united;
  a single rule that cannot fit raises ``EngineError`` (engine ``durable``, ``rule_id``) at prepare time.
* Actions only record the rule index. They are drained synchronously with the same C calls ``Host``
  uses (``start_action_for_state``/``complete_and_start_action``) but without durable's per-action JSON
  round trip of the session state (5× faster); an exception inside an action surfaces as ``EngineError``
  with the rule id instead of being swallowed into the state.
* durable-rules does not import on Python ≥ 3.13: it is imported lazily, and ``available()`` says whether it can be.
"""
from __future__ import annotations

import itertools
import json
import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..conditions.syntax import AllOf, AnyOf, Comparison, Condition, NotOf
from ..errors import EngineError
from .base import FactValue, PhaseRuleset, RuleLimits, converted_paths, date_number

log = logging.getLogger(__name__)

ENGINE_NAME = "durable"

# --- limits of durable-rules 2.0.28 (measured; see module docstring) and our margins ----------------------
MAX_LOGIC_NODES = 15          # $and/$or nodes per rule expression (2 slots each in a 32-slot sequence)
MAX_HASH_CHILDREN = 500       # 512 hangs
MAX_NEXT_CHILDREN = 120       # 128 -> error 107
MAX_BETAS_PER_NODE = 250      # 256 -> error 108
MAX_STACK = 60                # 64 -> error 303 while asserting
MAX_FACT_PROPERTIES = 240     # 252 user properties -> error 302 beyond
MAX_RULES_PER_RULESET = 1000  # 4096 is the hard limit
MAX_SPLIT_PER_RULE = 256      # durable rules one condition may be split into
INT_LIMIT = 2**53 - 1         # integer literals for ordered comparisons; facts are clamped to ±(INT_LIMIT+1)

LIMITS = RuleLimits(condition_depth=MAX_STACK, condition_siblings=MAX_HASH_CHILDREN,
                    rules_per_ruleset=MAX_RULES_PER_RULESET)
"""The strictest engine's limits: the compiler partitions and the rule checks refuse by these numbers."""

MARKER = "ow_req"
END = "ow_end"
_RESERVED_HASHES = {926444256: "id", 3593476751: "sid"}


def _fnv1a(name: str) -> int:
    value = 2166136261
    for byte in name.encode("utf-8"):
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value


# --- import guard -------------------------------------------------------------------------------------------
def available() -> bool:
    """Whether durable-rules can be imported here (it cannot on Python ≥ 3.13 or when not installed).

    Asked afresh each time: a successful import is already remembered by Python's own module table, and
    nothing here keeps a process-wide flag that a test or an embedder could not reset."""
    try:
        import durable.engine  # noqa: F401
        import durable_rules_engine  # noqa: F401
    except Exception as error:  # ImportError, or the C extension failing to load (PyEval_CallObject)
        log.info("durable-rules 不可用（%s）", error)
        return False
    return True


def _quiet_host() -> Any:
    """A ``durable.engine.Host`` whose timer/dispatcher threads are never started (one per engine)."""
    from durable.engine import Host

    class _QuietHost(Host):  # type: ignore[misc]  # durable-rules ships no type information
        def _run(self) -> None:  # the stock host starts two threading.Timer dispatchers here
            return None

    return _QuietHost()


def _engine_module() -> Any:
    import durable_rules_engine

    return durable_rules_engine


_REGISTRATION_LOCK = threading.Lock()
"""durable-rules keeps one C handle table per process, so registering rulesets is serialised per process:
the one lock here guards a process-wide resource, it is not a cache."""

# --- expression IR ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Test:
    """One alpha test: ``attr op value`` (op: eq neq gt gte lt lte nex)."""

    attr: str
    op: str
    value: str | int

    def to_json(self) -> dict[str, Any]:
        if self.op == "eq":
            return {self.attr: self.value}
        return {"$" + self.op: {self.attr: self.value}}

    def sort_key(self) -> tuple[int, str, str]:
        return (0 if self.op == "eq" else 1, self.attr, repr(self.value))


@dataclass(frozen=True)
class _Logic:
    kind: str  # "and" | "or"
    children: tuple[_Expr, ...]

    def to_json(self) -> dict[str, Any]:
        return {"$" + self.kind: [c.to_json() for c in self.children]}


_Expr = _Test | _Logic
_TRUE = _Logic("and", ())   # folded away before emission
_FALSE = _Logic("or", ())


def _make(kind: str, parts: Sequence[_Expr]) -> _Expr:
    """A flattened, constant-folded and/or with a canonical child order (tests first, eq first)."""
    flat: list[_Expr] = []
    for part in parts:
        if isinstance(part, _Logic) and part.kind == kind:
            flat.extend(part.children)
        else:
            flat.append(part)
    absorbing, neutral = (_FALSE, _TRUE) if kind == "and" else (_TRUE, _FALSE)
    if any(p == absorbing for p in flat):
        return absorbing
    unique: dict[_Expr, None] = {}
    for part in flat:
        if part != neutral:
            unique.setdefault(part, None)
    kept = list(unique)
    if not kept:
        return neutral
    if len(kept) == 1:
        return kept[0]
    tests = sorted((p for p in kept if isinstance(p, _Test)), key=_Test.sort_key)
    return _Logic(kind, tuple(tests) + tuple(p for p in kept if isinstance(p, _Logic)))


def _logic_nodes(expr: _Expr) -> int:
    if isinstance(expr, _Test):
        return 0
    return 1 + sum(_logic_nodes(c) for c in expr.children)


def _with_marker(expr: _Expr) -> _Expr:
    marker = _Test(MARKER, "eq", 1)
    if expr == _TRUE:
        return marker
    if isinstance(expr, _Logic) and expr.kind == "and":
        return _Logic("and", (marker,) + expr.children)   # the marker must stay first (never $nex at root)
    return _Logic("and", (marker, expr))


# --- literals and facts ---------------------------------------------------------------------------------------

_ORDER_PREFIX = {bool: "b", int: "i", date: "d"}
_FLIP = {"gt": "lte", "gte": "lt", "lt": "gte", "lte": "gt"}


def _tag(value: Any) -> str | None:
    """The type-tagged string a value travels as; None for a type the engines do not know."""
    kind = type(value)
    if kind is bool:
        return "b1" if value else "b0"
    if kind is int:
        return f"i{value}"
    if kind is str:
        return "s" + str(value).encode("utf-8", "surrogatepass").hex()
    if kind is date:
        return f"d{value.year * 10000 + value.month * 100 + value.day}"
    return None


def _number(value: Any) -> int:
    if type(value) is date:
        return value.year * 10000 + value.month * 100 + value.day
    return int(value)


class _Names:
    """Safe, collision-free durable property names for fact paths (no ``.``, ``$``, ``id``/``sid`` hashes)."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], str] = {}
        self._hashes: dict[int, str] = dict(_RESERVED_HASHES)
        self._hashes[_fnv1a(MARKER)] = MARKER
        self._hashes[_fnv1a(END)] = END
        self._serial = itertools.count()

    def name(self, prefix: str, path: str) -> str:
        key = (prefix, path)
        if key in self._by_key:
            return self._by_key[key]
        safe = path and len(path) <= 80 and all(c.isascii() and (c.isalnum() or c in "_.") for c in path)
        candidate = f"{prefix}_{path.replace('.', '__').lower()}" if safe else f"{prefix}_x{next(self._serial)}"
        while _fnv1a(candidate) in self._hashes:
            candidate = f"{prefix}_x{next(self._serial)}"
        self._hashes[_fnv1a(candidate)] = candidate
        self._by_key[key] = candidate
        return candidate


def _compile_error(rule_id: str, message: str) -> EngineError:
    return EngineError(ENGINE_NAME, f"规则 {rule_id} 无法编译到 durable-rules：{message}", rule_id=rule_id)


class _Translator:
    """Condition tree → IR, pushing ``not`` to the leaves with onewindow's semantics.

    Negation normal form done at the engine level: a negated ordered comparison becomes "no integer of this
    type under the path, or the flipped comparison" (``$nex`` on the typed attribute), which also holds when
    the fact has another type — the condition language itself cannot say that, so this cannot be a rewrite of conditions.
    """

    def __init__(self, names: _Names, rule_id: str) -> None:
        self.names = names
        self.rule_id = rule_id
        self.paths: set[str] = set()
        self.ordered: set[tuple[str, type]] = set()

    def translate(self, condition: Condition, negate: bool = False) -> _Expr:
        if isinstance(condition, NotOf):
            return self.translate(condition.not_, not negate)
        if isinstance(condition, AllOf):
            return _make("or" if negate else "and", [self.translate(c, negate) for c in condition.all])
        if isinstance(condition, AnyOf):
            return _make("and" if negate else "or", [self.translate(c, negate) for c in condition.any])
        return self._leaf(condition, negate)

    def _value_attr(self, path: str) -> str:
        self.paths.add(path)
        return self.names.name("v", path)

    def _literal(self, value: Any) -> str:
        tagged = _tag(value)
        if tagged is None:
            raise _compile_error(self.rule_id, f"条件字面量 {value!r} 的类型 {type(value).__name__} 不受支持")
        return tagged

    def _leaf(self, leaf: Comparison, negate: bool) -> _Expr:
        path, op, value = leaf.fact, leaf.operator, leaf.value
        if op == "exists":
            present = bool(value) != negate
            return _Test(self._value_attr(path), "neq" if present else "eq", "")
        if op in ("eq", "ne", "in", "not_in"):
            values = [value] if op in ("eq", "ne") else list(value)
            positive = (op in ("eq", "in")) != negate
            attr = self._value_attr(path)
            tests = [_Test(attr, "eq" if positive else "neq", self._literal(v)) for v in values]
            return _make("or" if positive else "and", tests)
        kind = type(value)
        if kind not in _ORDER_PREFIX:
            raise _compile_error(self.rule_id, f"大小比较 {op} 只支持整数、日期与布尔值，现为 {kind.__name__}")
        number = _number(value)
        if not -INT_LIMIT <= number <= INT_LIMIT:
            raise _compile_error(self.rule_id, f"大小比较的整数 {value} 超出 durable-rules 可精确比较的范围（±2^53）")
        self.paths.add(path)
        self.ordered.add((path, kind))
        attr = self.names.name(_ORDER_PREFIX[kind], path)
        if not negate:
            return _Test(attr, op, number)
        return _make("or", [_Test(attr, "nex", 1), _Test(attr, _FLIP[op], number)])


def _split(expr: _Expr, rule_id: str) -> list[_Expr]:
    """Disjuncts small enough for durable's 15 logic nodes (with the marker), distributing inner ``or``s."""
    work, out = [expr], []
    while work:
        current = work.pop()
        if current == _FALSE:
            continue
        if isinstance(current, _Logic) and current.kind == "or":
            work.extend(current.children)
            continue
        if _logic_nodes(_with_marker(current)) <= MAX_LOGIC_NODES:
            out.append(current)
        else:
            assert isinstance(current, _Logic) and current.kind == "and"
            ors = [c for c in current.children if isinstance(c, _Logic)]
            widest = max(ors, key=lambda o: (_logic_nodes(o), -len(o.children)))
            rest = [c for c in current.children if c is not widest]
            work.extend(_make("and", rest + [branch]) for branch in widest.children)
        if len(out) + len(work) > MAX_SPLIT_PER_RULE:
            raise _compile_error(
                rule_id,
                f"条件过于复杂：durable-rules 每条规则最多 {MAX_LOGIC_NODES} 个 all/any 节点，"
                f"拆分后超过 {MAX_SPLIT_PER_RULE} 条，请简化条件")
    return out


# --- a simulation of durable's alpha network, for the limits ------------------------------------------------


class _Node:
    __slots__ = ("key", "hashed", "listed", "betas", "worst")

    def __init__(self, key: object) -> None:
        self.key = key
        self.hashed: dict[_Test, _Node] = {}     # non-$nex alpha children (open-addressing table of 512)
        self.listed: list[_Node] = []            # $nex children and forward nodes (list of 128)
        self.betas = 0                           # rules ending here (list of 256)
        self.worst = 0                           # worst-case matching-stack depth below this node

    def children(self) -> list[_Node]:
        return [*self.hashed.values(), *self.listed]

    def recompute(self) -> None:
        eq_attrs = {t.attr for t in self.hashed if t.op == "eq"}
        pushed = len(eq_attrs) + sum(1 for t in self.hashed if t.op != "eq") + len(self.listed)
        below = max((c.worst for c in self.children()), default=0)
        self.worst = 0 if not pushed else max(pushed, pushed - 1 + below)


class _Network:
    """Mirrors rete.c createAlpha/findAlpha/linkAlpha closely enough to bound each limit before registering."""

    def __init__(self) -> None:
        self.root = _Node("root")
        self._serial = itertools.count()
        self.add(_Test(END, "ex", 1))

    def add(self, expr: _Expr) -> str | None:
        """Add one rule expression; return the violated limit (Chinese) or None. The network is then stale."""
        touched: list[_Node] = []
        try:
            end = self._build(self.root, expr, touched)
        except _LimitError as error:
            return str(error)
        end.betas += 1
        if end.betas > MAX_BETAS_PER_NODE:
            return f"同一条件结尾处的规则超过 {MAX_BETAS_PER_NODE} 条"
        for node in reversed(touched):
            node.recompute()
        self.root.recompute()
        if self.root.worst > MAX_STACK:
            return f"可能同时匹配的并列条件过多（匹配栈深度 {self.root.worst} > {MAX_STACK}）"
        return None

    def _build(self, parent: _Node, expr: _Expr, touched: list[_Node]) -> _Node:
        if isinstance(expr, _Test):
            if expr.op == "nex":
                if parent is self.root:
                    raise _LimitError("$nex 不能直接位于根节点")
                for child in parent.listed:
                    if child.key == expr:
                        break
                else:
                    child = _Node(expr)
                    parent.listed.append(child)
                    if len(parent.listed) > MAX_NEXT_CHILDREN:
                        raise _LimitError(f"同一节点下的不存在/或分支超过 {MAX_NEXT_CHILDREN} 个")
            else:
                found = parent.hashed.get(expr)
                if found is None:
                    found = parent.hashed[expr] = _Node(expr)
                    if len(parent.hashed) > MAX_HASH_CHILDREN:
                        raise _LimitError(f"同一节点下的并列条件超过 {MAX_HASH_CHILDREN} 个（512 个会使 durable-rules 永久挂起）")
                child = found
            touched.append(parent)
            touched.append(child)
            return child
        if expr.kind == "and":
            current = parent
            for child_expr in expr.children:
                current = self._build(current, child_expr, touched)
            return current
        forward = _Node(("forward", next(self._serial)))
        for branch in expr.children:
            end = self._build(parent, branch, touched)
            end.listed.append(forward)
            if len(end.listed) > MAX_NEXT_CHILDREN:
                raise _LimitError(f"同一节点下的不存在/或分支超过 {MAX_NEXT_CHILDREN} 个")
        touched.append(forward)
        return forward


class _LimitError(Exception):
    pass


# --- compiled partitions ------------------------------------------------------------------------------------


@dataclass
class _DurableRule:
    index: int
    rule_id: str
    expr: _Expr
    paths: frozenset[str]
    ordered: frozenset[tuple[str, type]]


@dataclass
class _Partition:
    """One durable ruleset: its name, the attributes its request fact carries, and its rules."""

    name: str
    rules: list[_DurableRule] = field(default_factory=list)
    paths: set[str] = field(default_factory=set)
    ordered: set[tuple[str, type]] = field(default_factory=set)
    network: _Network = field(default_factory=_Network)
    encoders: tuple[tuple[str, str, tuple[tuple[type, str], ...]], ...] = ()
    converted: frozenset[str] = frozenset()
    actions: dict[str, Callable[[Any], None]] = field(default_factory=dict)
    handle: int = 0

    def properties(self) -> int:
        return 2 + len(self.paths) + len(self.ordered)   # sid, marker, v_ per path, typed ints


class DurableEngine:
    """The Engine protocol over durable-rules 2.0.28 (see the module docstring for the protocol it keeps)."""

    name = ENGINE_NAME
    _instances = itertools.count()

    def __init__(self) -> None:
        if not available():
            raise EngineError(ENGINE_NAME, "durable-rules 无法在此环境中导入（需要 Python ≤ 3.12 且已安装 durable-rules）")
        self._host = _quiet_host()
        self._lock = threading.Lock()
        self._prefix = f"ow{next(self._instances)}"
        self._names = _Names()
        self._partitions: dict[str, tuple[_Partition, ...]] = {}
        self._rule_ids: dict[str, dict[int, str]] = {}
        self._sids = itertools.count(1)
        self._hits: list[int] = []
        self._errors: list[tuple[str, BaseException]] = []
        self._ended = False
        self.leaked_sessions = 0

    # -- prepare ------------------------------------------------------------------------------------------------

    def prepare(self, rulesets: tuple[PhaseRuleset, ...]) -> None:
        with self._lock:
            for ruleset in rulesets:
                if ruleset.name in self._partitions:
                    raise EngineError(ENGINE_NAME, f"规则集 {ruleset.name} 已经注册过")
                partitions = self._partition(ruleset)
                definitions = {p.name: self._definition(p) for p in partitions}
                with _REGISTRATION_LOCK:
                    try:
                        self._host.register_rulesets(definitions)
                    except Exception as error:
                        raise EngineError(ENGINE_NAME, f"规则集 {ruleset.name} 注册失败：{error}") from error
                for partition in partitions:
                    partition.handle = self._host.get_ruleset(partition.name)._handle
                self._partitions[ruleset.name] = tuple(partitions)
                self._rule_ids[ruleset.name] = {r.index: r.rule_id for r in ruleset.rules}

    def _partition(self, ruleset: PhaseRuleset) -> list[_Partition]:
        durable_rules: list[_DurableRule] = []
        seen: set[int] = set()
        for rule in ruleset.rules:
            if rule.index in seen:
                raise _compile_error(rule.rule_id, f"规则序号 {rule.index} 重复")
            seen.add(rule.index)
            translator = _Translator(self._names, rule.rule_id)
            expr = _TRUE if rule.condition is None else translator.translate(rule.condition)
            parts = [_TRUE] if expr == _TRUE else _split(expr, rule.rule_id)
            for part in parts:
                durable_rules.append(_DurableRule(rule.index, rule.rule_id, part,
                                                  frozenset(translator.paths), frozenset(translator.ordered)))
        safe_name = "".join(c if c.isascii() and c.isalnum() else "_" for c in ruleset.name)[:40]
        serial = itertools.count()
        partitions = [_Partition(f"{self._prefix}_{safe_name}_{next(serial)}")]
        for durable_rule in durable_rules:
            problem = self._try_add(partitions[-1], durable_rule)
            if problem is None:
                continue
            self._rebuild(partitions[-1])
            fresh = _Partition(f"{self._prefix}_{safe_name}_{next(serial)}")
            problem = self._try_add(fresh, durable_rule)
            if problem is not None:
                raise _compile_error(durable_rule.rule_id, f"超出 durable-rules 的限制：{problem}")
            partitions.append(fresh)
        converted = converted_paths(ruleset)
        for partition in partitions:
            partition.converted = converted
            partition.network = _Network()   # only needed while packing
            partition.encoders = tuple(
                (path, self._names.name("v", path),
                 tuple((kind, self._names.name(_ORDER_PREFIX[kind], path)) for kind in (bool, int, date)
                       if (path, kind) in partition.ordered))
                for path in sorted(partition.paths))
        return partitions

    @staticmethod
    def _try_add(partition: _Partition, rule: _DurableRule) -> str | None:
        if len(partition.rules) >= MAX_RULES_PER_RULESET:
            return f"每个 durable 规则集最多 {MAX_RULES_PER_RULESET} 条规则"
        paths, ordered = partition.paths | rule.paths, partition.ordered | rule.ordered
        if 2 + len(paths) + len(ordered) > MAX_FACT_PROPERTIES:
            return f"一个请求事实最多携带 {MAX_FACT_PROPERTIES} 个属性"
        problem = partition.network.add(_with_marker(rule.expr))
        if problem is None:
            partition.rules.append(rule)
            partition.paths, partition.ordered = paths, ordered
        return problem

    @staticmethod
    def _rebuild(partition: _Partition) -> None:
        partition.network = _Network()
        for rule in partition.rules:
            partition.network.add(_with_marker(rule.expr))

    def _definition(self, partition: _Partition) -> dict[str, Any]:
        definition: dict[str, Any] = {}
        actions: dict[str, Callable[[Any], None]] = {}
        for n, rule in enumerate(partition.rules):
            name = f"r{rule.index}_{n}"
            actions[name] = self._action(rule.index, rule.rule_id)
            definition[name] = {"all": [{"m": _with_marker(rule.expr).to_json()}], "run": actions[name]}
        actions[END] = self._end_action()
        definition[END] = {"all": [{"m": {"$ex": {END: 1}}}], "pri": 65535, "run": actions[END]}
        partition.actions = actions
        return definition

    def _action(self, index: int, rule_id: str) -> Callable[[Any], None]:
        """The whole consequent of a rule: record its index (durable's one-argument action signature)."""
        def action(c: Any) -> None:
            try:
                self._record(index)
            except BaseException as error:  # durable would swallow it into the session state
                self._errors.append((rule_id, error))
        return action

    def _end_action(self) -> Callable[[Any], None]:
        def action(c: Any) -> None:
            self._ended = True
        return action

    def _record(self, index: int) -> None:
        self._hits.append(index)

    # -- run ----------------------------------------------------------------------------------------------------

    def run(self, ruleset: PhaseRuleset, facts: Mapping[str, FactValue]) -> frozenset[int]:
        partitions = self._partitions.get(ruleset.name)
        if partitions is None:
            raise EngineError(ENGINE_NAME, f"规则集 {ruleset.name} 尚未 prepare")
        with self._lock:
            self._hits = []
            self._errors = []
            for partition in partitions:
                self._run_partition(partition, self._encode(partition, facts))
            if self._errors:
                rule_id, error = self._errors[0]
                if not isinstance(error, Exception):
                    raise error
                raise EngineError(ENGINE_NAME, f"规则动作执行出错：{error!r}", rule_id=rule_id) from error
            return frozenset(self._hits)

    @staticmethod
    def _encode(partition: _Partition, facts: Mapping[str, FactValue]) -> dict[str, Any]:
        message: dict[str, Any] = {MARKER: 1}
        for path, value_attr, typed in partition.encoders:
            if path not in facts:
                message[value_attr] = ""
                continue
            value = facts[path]
            if isinstance(value, date) and path in partition.converted:  # read once, as every engine reads dates
                value = date_number(value)
            tagged = _tag(value)
            if tagged is None:
                raise EngineError(ENGINE_NAME, f"事实 {path} 的值 {value!r} 类型 {type(value).__name__} 不受支持（只允许 bool/int/str/date）")
            message[value_attr] = tagged
            kind = type(value)
            for typed_kind, attr in typed:
                if typed_kind is kind:
                    message[attr] = max(-INT_LIMIT - 1, min(INT_LIMIT + 1, _number(value)))
        return message

    def _run_partition(self, partition: _Partition, message: dict[str, Any]) -> None:
        """One session: request fact, its actions, end sentinel, its action, delete_state.

        The actions of a session are drained here, synchronously, with the C calls ``Host.assert_fact`` makes
        through ``Ruleset.do_actions`` (start_action_for_state / complete_and_start_action), minus the
        per-action JSON round trips of the session state that durable's Python layer adds: an action only
        records an index and never changes the state.
        """
        engine = _engine_module()
        sid = str(next(self._sids))
        message["sid"] = sid
        self._ended = False
        failure: BaseException | None = None
        try:
            self._assert(engine, partition, json.dumps(message))
            self._assert(engine, partition, f'{{"sid": "{sid}", "{END}": 1}}')
        except Exception as error:
            failure = error
        finally:
            if self._ended:
                self._host.delete_state(partition.name, sid)
            else:   # deleting a state on which no action ran segfaults: leak it instead
                self.leaked_sessions += 1
                log.error("durable 会话 %s/%s 未能结束，已放弃删除", partition.name, sid)
        if failure is not None:
            raise EngineError(ENGINE_NAME, f"durable-rules 匹配失败：{failure}") from failure

    @staticmethod
    def _assert(engine: Any, partition: _Partition, fact_json: str) -> None:
        handle = partition.handle
        code, state = engine.assert_fact(handle, fact_json)
        if code == 2:
            raise EngineError(ENGINE_NAME, "durable-rules 认为该事实已经观察过（重复的会话？）")
        result = engine.start_action_for_state(handle, state)
        actions = partition.actions
        while result:
            messages = result[1] if type(result) is tuple else result
            actions[messages[2:messages.index('"', 2)]](None)   # '{"<rule name>": {...}}'
            result = engine.complete_and_start_action(handle, state)

    # -- lifecycle ----------------------------------------------------------------------------------------------

    def durable_ruleset_names(self, ruleset: PhaseRuleset) -> tuple[str, ...]:
        """The durable rulesets a phase ruleset was partitioned into."""
        return tuple(p.name for p in self._partitions[ruleset.name])

    def close(self) -> None:
        """Free the C rulesets (their handles are process-global); the engine is unusable afterwards."""
        import durable_rules_engine

        with self._lock:
            for partitions in self._partitions.values():
                for partition in partitions:
                    durable_rules_engine.delete_ruleset(partition.handle)
            self._partitions.clear()


__all__ = ["DurableEngine", "available"]
