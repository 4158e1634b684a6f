"""DurableEngine keeps durable-rules' strict protocol and agrees with the compiled oracle (issue 3)."""
from __future__ import annotations

import random
import threading
import time
from datetime import date

import pytest

from onewindow.runtime.conditions.syntax import AllOf, AnyOf, Comparison, NotOf
from onewindow.runtime.engines import durable as durable_module
from onewindow.runtime.engines.base import EngineRule, PhaseRuleset
from onewindow.runtime.engines.compiled import CompiledEngine
from onewindow.runtime.errors import EngineError

pytestmark = pytest.mark.skipif(not durable_module.available(), reason="durable-rules 不可用（Python ≥ 3.13?）")

DurableEngine = durable_module.DurableEngine


def leaf(fact: str, op: str, value: object) -> Comparison:
    return Comparison.model_validate({"fact": fact, op: value})


def phase(name: str, *conditions, paths: tuple[str, ...] = ()) -> PhaseRuleset:
    rules = tuple(EngineRule(index=i, rule_id=f"{name}/r{i}", priority=0, condition=c)
                  for i, c in enumerate(conditions))
    return PhaseRuleset(name=name, rules=rules, fact_paths=paths)


def engines(*rulesets: PhaseRuleset) -> tuple[DurableEngine, CompiledEngine]:
    durable, compiled = DurableEngine(), CompiledEngine()
    durable.prepare(rulesets)
    compiled.prepare(rulesets)
    return durable, compiled


# --- random condition trees × random fact dicts --------------------------------------------------------------

PATHS = ("facts.amount", "facts.kind", "applicant.kind", "derived.green", "calendar.day", "facts.count", "id", "sid")
INTS = (-3, 0, 1, 2, 100, 20260301, 2**40)
STRS = ("", "1", "true", "abc", "legal_person", "中文", 'q"\\', "a\x00b")
SCALARS = INTS + STRS + (True, False)


def random_literal(rng: random.Random) -> object:
    return rng.choice(SCALARS)


def random_leaf(rng: random.Random) -> Comparison:
    path = rng.choice(PATHS)
    op = rng.choice(("eq", "ne", "gt", "gte", "lt", "lte", "in", "not_in", "exists"))
    if op in ("gt", "gte", "lt", "lte"):
        return leaf(path, op, rng.choice(INTS))
    if op in ("in", "not_in"):
        return leaf(path, op, [random_literal(rng) for _ in range(rng.randint(0, 4))])
    if op == "exists":
        return leaf(path, op, rng.random() < 0.5)
    return leaf(path, op, random_literal(rng))


def random_condition(rng: random.Random, depth: int = 0):
    roll = rng.random()
    if depth >= 4 or roll < 0.4:
        return random_leaf(rng)
    if roll < 0.6:
        return NotOf.model_validate({"not": random_condition(rng, depth + 1)})
    children = [random_condition(rng, depth + 1) for _ in range(rng.randint(1, 3))]
    return AllOf(all=tuple(children)) if roll < 0.8 else AnyOf(any=tuple(children))


def random_facts(rng: random.Random) -> dict[str, object]:
    facts: dict[str, object] = {}
    for path in PATHS:
        if rng.random() < 0.7:
            facts[path] = random_literal(rng)
    return facts


def test_durable_agrees_with_compiled_on_random_trees() -> None:
    """10^4 random trees (missing facts, not, in/not_in, exists, mixed types) × random facts: same hit sets."""
    rng = random.Random(20260301)
    trees = [random_condition(rng) for _ in range(10_000)]
    rulesets = tuple(phase(f"rand{n}", *trees[n * 100:(n + 1) * 100]) for n in range(100))
    durable, compiled = engines(*rulesets)
    checked = 0
    for ruleset in rulesets:
        for _ in range(12):
            facts = random_facts(rng)
            assert durable.run(ruleset, facts) == compiled.run(ruleset, facts), (ruleset.name, facts)
            checked += 1
    assert checked == 1200
    durable.close()


def test_durable_agrees_on_each_single_tree() -> None:
    """Each tree alone (no sharing of alpha nodes with other rules) against many fact dicts."""
    rng = random.Random(7)
    rulesets = tuple(phase(f"one{n}", random_condition(rng)) for n in range(300))
    durable, compiled = engines(*rulesets)
    for ruleset in rulesets:
        for _ in range(10):
            facts = random_facts(rng)
            assert durable.run(ruleset, facts) == compiled.run(ruleset, facts), (ruleset.rules[0].condition, facts)
    durable.close()


def test_durable_agrees_on_large_conditions_split_into_several_rules() -> None:
    """Conditions beyond durable's 15 all/any nodes per rule are split (and/or distributed), not rejected."""
    rng = random.Random(11)
    big = [AllOf(all=tuple(AnyOf(any=(random_leaf(rng), random_leaf(rng))) for _ in range(20))) for _ in range(5)]
    deep = [random_condition(random.Random(seed), depth=-3) for seed in range(20)]
    ruleset = phase("big", *big, *deep)
    durable, compiled = engines(ruleset)
    for _ in range(400):
        facts = random_facts(rng)
        assert durable.run(ruleset, facts) == compiled.run(ruleset, facts)
    durable.close()


# --- protocol ------------------------------------------------------------------------------------------------


def simple_ruleset(name: str = "simple") -> PhaseRuleset:
    return phase(
        name,
        None,                                                    # 0: always
        leaf("facts.amount", "gte", 600),                       # 1
        AllOf(all=(leaf("applicant.kind", "eq", "legal_person"),
                   NotOf.model_validate({"not": {"fact": "derived.green", "eq": True}}))),  # 2
        leaf("facts.kind", "in", []),                           # 3: never
        leaf("facts.kind", "not_in", []),                       # 4: always
        leaf("facts.kind", "exists", False),                    # 5
    )


def test_durable_rule_without_condition_always_matches() -> None:
    durable, compiled = engines(ruleset := simple_ruleset())
    assert durable.run(ruleset, {}) == compiled.run(ruleset, {}) == {0, 4, 5}
    facts = {"facts.amount": 600, "applicant.kind": "legal_person", "facts.kind": "x"}
    assert durable.run(ruleset, facts) == compiled.run(ruleset, facts) == {0, 1, 2, 4}


def test_durable_starts_no_dispatcher_threads() -> None:
    before = threading.active_count()
    durable, _ = engines(ruleset := simple_ruleset())
    for _ in range(50):
        durable.run(ruleset, {"facts.amount": 1})
    time.sleep(0.5)   # the stock Host starts its timers after 0.1 s
    assert threading.active_count() == before
    assert not any(t.name.startswith("Thread") and "Timer" in type(t).__name__ for t in threading.enumerate())


def test_durable_eight_threads_agree_with_compiled() -> None:
    rng = random.Random(3)
    ruleset = phase("threads", *(random_condition(rng) for _ in range(150)))
    durable, compiled = engines(ruleset)
    inputs = [random_facts(rng) for _ in range(400)]
    expected = [compiled.run(ruleset, facts) for facts in inputs]
    failures: list[object] = []

    def worker(offset: int) -> None:
        try:
            for n in range(400):
                k = (n + offset * 50) % len(inputs)
                if durable.run(ruleset, inputs[k]) != expected[k]:
                    failures.append(("mismatch", k))
        except Exception as error:   # pragma: no cover - reported below
            failures.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_durable_deletes_every_session() -> None:
    """One delete_state per run and partition, after the end sentinel; far beyond 1024 runs, nothing piles up."""
    durable, compiled = engines(ruleset := simple_ruleset())
    deleted: list[str] = []
    original = durable._host.delete_state

    def spy(ruleset_name: str, sid: str) -> None:
        deleted.append(sid)
        original(ruleset_name, sid)

    durable._host.delete_state = spy
    for n in range(3000):
        facts = {"facts.amount": n} if n % 2 else {}
        assert durable.run(ruleset, facts) == compiled.run(ruleset, facts)
    assert len(deleted) == len(set(deleted)) == 3000 * len(durable.durable_ruleset_names(ruleset))
    assert durable.leaked_sessions == 0


@pytest.mark.parametrize(("condition", "facts"), [
    (leaf("facts.x", "eq", 1), {"facts.x": "1"}),              # durable: "1" == 1
    (leaf("facts.x", "eq", 100), {"facts.x": "1"}),            # durable: "1" == 100
    (leaf("facts.x", "eq", True), {"facts.x": "true"}),        # durable: "true" == True
    (leaf("facts.x", "gt", 50), {"facts.x": "abc"}),           # durable: "abc" > 50
    (leaf("facts.x", "eq", True), {"facts.x": 1}),             # bool is not int
    (leaf("facts.x", "eq", 1), {"facts.x": True}),
    (leaf("facts.x", "gte", 1), {"facts.x": True}),
    (leaf("facts.x", "in", [1, "b"]), {"facts.x": True}),
    (leaf("facts.x", "eq", "a\x00b"), {"facts.x": "a\x00c"}),
    (leaf("facts.x", "eq", "中文"), {"facts.x": "中"}),
])
def test_durable_type_quirks_neutralised(condition, facts) -> None:
    ruleset = phase("quirk", condition, NotOf.model_validate({"not": condition}))
    durable, compiled = engines(ruleset)
    assert durable.run(ruleset, facts) == compiled.run(ruleset, facts) == {1}


def test_durable_big_integers_compare_exactly() -> None:
    ruleset = phase("bigint", leaf("facts.x", "gt", 2**53 - 1), leaf("facts.x", "lt", -(2**53 - 1)),
                    leaf("facts.x", "eq", 2**80))
    durable, compiled = engines(ruleset)
    for value in (2**53 - 1, 2**53, 2**70, 2**80, -(2**53), -(2**90), 0):
        facts = {"facts.x": value}
        assert durable.run(ruleset, facts) == compiled.run(ruleset, facts), value
    with pytest.raises(EngineError, match="2\\^53"):
        DurableEngine().prepare((phase("huge", leaf("facts.x", "gt", 2**60)),))


def test_durable_fact_names_id_and_sid_are_safe() -> None:
    ruleset = phase("ids", leaf("id", "eq", "7"), leaf("sid", "eq", 7), leaf("facts.id", "exists", True),
                    leaf("sid", "ne", 8))
    durable, compiled = engines(ruleset)
    for facts in ({"id": "7", "sid": 7}, {"id": 7, "sid": "7", "facts.id": 1}, {}, {"sid": 8}):
        assert durable.run(ruleset, facts) == compiled.run(ruleset, facts)


def test_durable_property_hash_collisions_get_distinct_names() -> None:
    """durable identifies properties by 32-bit FNV-1a only; these two names collide and must not be used both."""
    assert durable_module._fnv1a("v_facts__q179599") == durable_module._fnv1a("v_facts__q362382")
    ruleset = phase("hash", leaf("facts.q179599", "eq", 1), leaf("facts.q362382", "eq", 2))
    durable, compiled = engines(ruleset)
    for facts in ({"facts.q179599": 1}, {"facts.q362382": 1}, {"facts.q362382": 2}, {"facts.q179599": 2}):
        assert durable.run(ruleset, facts) == compiled.run(ruleset, facts)


def test_durable_refuses_unsupported_fact_types() -> None:
    durable, _ = engines(ruleset := phase("float", leaf("facts.x", "gt", 1)))
    with pytest.raises(EngineError, match="facts.x"):
        durable.run(ruleset, {"facts.x": 1.5})
    assert durable.run(ruleset, {"facts.x": 2}) == {0}   # the engine is still usable


def test_durable_action_exception_surfaces() -> None:
    durable, _ = engines(ruleset := simple_ruleset("boom"))

    def failing(index: int) -> None:
        raise RuntimeError(f"action {index} failed")

    durable._record = failing
    with pytest.raises(EngineError) as caught:
        durable.run(ruleset, {})
    assert caught.value.engine == "durable"
    assert caught.value.rule_id == "boom/r0"
    assert isinstance(caught.value.__cause__, RuntimeError)
    del durable._record
    assert durable.run(ruleset, {}) == {0, 4, 5}
    assert durable.leaked_sessions == 0


# --- limits: checked at prepare time, never by registering something that hangs --------------------------------


def test_durable_limit_512_siblings_checked_by_the_guard() -> None:
    """600 alternatives under one alpha node would hang durable forever: the network guard refuses it."""
    network = durable_module._Network()
    alternatives = durable_module._make("or", [durable_module._Test("v_x", "eq", f"s{n}") for n in range(600)])
    problem = network.add(durable_module._with_marker(
        durable_module._make("and", [durable_module._Test("v_y", "eq", "i1"), alternatives])))
    assert problem is not None and "512" in problem


def test_durable_limit_single_rule_too_wide_names_the_rule() -> None:
    wide = AllOf(all=(leaf("facts.y", "eq", 1), leaf("facts.x", "in", [f"c{n}" for n in range(600)])))
    with pytest.raises(EngineError) as caught:  # refused before registration: a hang would never get here
        DurableEngine().prepare((phase("wide", leaf("facts.y", "eq", 2), wide),))
    assert caught.value.rule_id == "wide/r1"
    assert "wide/r1" in str(caught.value) and "512" in str(caught.value)


def test_durable_limit_too_complex_condition_names_the_rule() -> None:
    rng = random.Random(5)
    huge = AllOf(all=tuple(AnyOf(any=(random_leaf(rng), random_leaf(rng), random_leaf(rng))) for _ in range(30)))
    with pytest.raises(EngineError) as caught:
        DurableEngine().prepare((phase("complex", huge),))
    assert caught.value.rule_id == "complex/r0"
    assert "15" in str(caught.value)


def test_durable_partitions_many_siblings() -> None:
    """700 rules on one fact: more alpha children than one node may hold; partitioned, same answers."""
    ruleset = phase("codes", *(leaf("item.code", "eq", f"ITEM{n:04d}") for n in range(700)))
    durable, compiled = engines(ruleset)
    assert len(durable.durable_ruleset_names(ruleset)) >= 2
    for n in (0, 499, 500, 699, 700):
        facts = {"item.code": f"ITEM{n:04d}"}
        assert durable.run(ruleset, facts) == compiled.run(ruleset, facts)


def test_durable_partitions_for_the_matching_stack() -> None:
    """100 rules that can all match at once overflow durable's 64-slot matching stack (error 303): partitioned."""
    ruleset = phase("stack", *(leaf("facts.count", "ne", n) for n in range(100)))
    durable, compiled = engines(ruleset)
    assert len(durable.durable_ruleset_names(ruleset)) >= 2
    for facts in ({"facts.count": 5}, {}, {"facts.count": "5"}):
        assert durable.run(ruleset, facts) == compiled.run(ruleset, facts)


def test_durable_partitions_many_rules_and_properties() -> None:
    """2500 rules (4096 max per ruleset) over 300 fact paths (≈252 properties per fact max)."""
    ruleset = phase("many", *(leaf(f"facts.f{n % 300}", "eq", n) for n in range(2500)))
    durable, compiled = engines(ruleset)
    assert len(durable.durable_ruleset_names(ruleset)) >= 3
    rng = random.Random(1)
    for _ in range(20):
        facts = {f"facts.f{k}": rng.randrange(2500) for k in range(300)}
        assert durable.run(ruleset, facts) == compiled.run(ruleset, facts)


# --- import guard -------------------------------------------------------------------------------------------


def test_durable_import_guard(tmp_path) -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "import onewindow.runtime.engines.durable as d\n"
        "assert 'durable' not in sys.modules and 'durable_rules_engine' not in sys.modules\n"
        "sys.modules['durable_rules_engine'] = None\n"
        "assert d.available() is False\n"
        "from onewindow.runtime.errors import EngineError\n"
        "try:\n"
        "    d.DurableEngine()\n"
        "except EngineError as error:\n"
        "    print('refused', error.engine)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "refused durable" in done.stdout


def test_durable_date_literals_follow_the_condition_semantics() -> None:
    from onewindow.runtime.conditions.evaluate import evaluate

    conditions = (leaf("calendar.day", "gte", date(2026, 10, 1)), leaf("calendar.day", "eq", date(2026, 10, 1)),
                  NotOf.model_validate({"not": {"fact": "calendar.day", "lt": date(2026, 10, 1)}}))
    ruleset = phase("dates", *conditions)
    durable = DurableEngine()
    durable.prepare((ruleset,))
    for value in (date(2026, 9, 30), date(2026, 10, 1), 20261001, "2026-10-01", None):
        facts = {} if value is None else {"calendar.day": value}
        assert durable.run(ruleset, facts) == {i for i, c in enumerate(conditions) if evaluate(c, facts)}
