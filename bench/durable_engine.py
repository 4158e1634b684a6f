"""Micro benchmark: DurableEngine.run vs CompiledEngine.run on a synthetic ~200-rule phase ruleset.

Prints runs/s and p50/p99 latency of each engine (no assertions; the decision benchmark is bench/engines.py).
Run: ``.venv/bin/python bench/durable_engine.py [--runs N]``.
"""
from __future__ import annotations

import argparse
import random
import statistics
import time

from onewindow.runtime.conditions.syntax import AllOf, AnyOf, Comparison, NotOf
from onewindow.runtime.engines.base import EngineRule, PhaseRuleset
from onewindow.runtime.engines.compiled import CompiledEngine
from onewindow.runtime.engines.durable import DurableEngine, available

KINDS = ("person", "legal_person", "other")
CHANNELS = ("window", "online", "township", "agency")
CATEGORIES = ("industrial", "infrastructure", "public_service", "commercial", "agricultural")


def _leaf(fact: str, op: str, value: object) -> Comparison:
    return Comparison.model_validate({"fact": fact, op: value})


def synthetic_ruleset(size: int = 200, seed: int = 1) -> PhaseRuleset:
    """Rules shaped like a county's: item-scoped, applicant kind, amounts, green channel, materials, calendar."""
    rng = random.Random(seed)
    rules = []
    for index in range(size):
        parts = [_leaf("item.code", "eq", f"ITEM{rng.randrange(40):03d}")] if rng.random() < 0.7 else []
        if rng.random() < 0.5:
            parts.append(_leaf("applicant.kind", "in", rng.sample(KINDS, rng.randint(1, 2))))
        if rng.random() < 0.4:
            parts.append(_leaf("facts.investment_amount", rng.choice(("gte", "lt")), rng.choice((500_000, 5_000_000, 50_000_000))))
        if rng.random() < 0.3:
            parts.append(NotOf.model_validate({"not": {"fact": "derived.green_channel", "eq": True}}))
        if rng.random() < 0.3:
            parts.append(AnyOf(any=(_leaf("project.category", "eq", rng.choice(CATEGORIES)),
                                    _leaf("channel", "eq", rng.choice(CHANNELS)))))
        if rng.random() < 0.3:
            parts.append(_leaf(f"material.m{rng.randrange(30)}", "exists", rng.random() < 0.5))
        if rng.random() < 0.2:
            parts.append(_leaf("calendar.received", "gte", 20260101))
        condition = None if not parts else parts[0] if len(parts) == 1 else AllOf(all=tuple(parts))
        rules.append(EngineRule(index=index, rule_id=f"bench/r{index}", priority=index % 5, condition=condition))
    return PhaseRuleset(name="bench", rules=tuple(rules), fact_paths=())


def synthetic_facts(rng: random.Random) -> dict[str, object]:
    facts: dict[str, object] = {
        "item.code": f"ITEM{rng.randrange(40):03d}",
        "applicant.kind": rng.choice(KINDS),
        "channel": rng.choice(CHANNELS),
        "calendar.received": rng.choice((20251231, 20260302)),
    }
    if rng.random() < 0.8:
        facts["facts.investment_amount"] = rng.randrange(100_000_000)
    if rng.random() < 0.5:
        facts["derived.green_channel"] = rng.random() < 0.3
    if rng.random() < 0.6:
        facts["project.category"] = rng.choice(CATEGORIES)
    for m in rng.sample(range(30), rng.randint(0, 20)):
        facts[f"material.m{m}"] = True
    return facts


def measure(engine, ruleset: PhaseRuleset, inputs: list[dict[str, object]]) -> tuple[float, float, float, float]:
    for facts in inputs[:200]:
        engine.run(ruleset, facts)
    latencies = []
    matched = 0
    started = time.perf_counter()
    for facts in inputs:
        t0 = time.perf_counter()
        matched += len(engine.run(ruleset, facts))
        latencies.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    return len(inputs) / elapsed, statistics.median(latencies) * 1e6, p99 * 1e6, matched / len(inputs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20_000)
    parser.add_argument("--rules", type=int, default=200)
    args = parser.parse_args()
    ruleset = synthetic_ruleset(args.rules)
    rng = random.Random(2)
    inputs = [synthetic_facts(rng) for _ in range(args.runs)]
    engines = [CompiledEngine()]
    if available():
        engines.insert(0, DurableEngine())
    else:
        print("durable-rules 不可用：只测 compiled")
    results = {}
    for engine in engines:
        t0 = time.perf_counter()
        engine.prepare((ruleset,))
        prepare_ms = (time.perf_counter() - t0) * 1e3
        rate, p50, p99, hits = measure(engine, ruleset, inputs)
        results[engine.name] = rate
        extra = ""
        if engine.name == "durable":
            extra = f"  durable rulesets {len(engine.durable_ruleset_names(ruleset))}"
        print(f"{engine.name:9s} {rate:10.0f} runs/s   p50 {p50:8.1f} µs   p99 {p99:8.1f} µs   "
              f"hits/run {hits:5.1f}   prepare {prepare_ms:7.1f} ms{extra}")
    if "durable" in results:
        print(f"compiled/durable throughput ratio: {results['compiled'] / results['durable']:.1f}×")


if __name__ == "__main__":
    main()
