"""The durable engine agrees with the compiled oracle: ≥ 10^5 generated applications (seeded ``random``,
not hypothesis, for speed) give identical decisions on both engines except the ``engine`` field.

Work is spread over worker processes (spawned, so each has its own durable-rules host). The count can
be lowered for a quick local run with ``ONEWINDOW_AGREEMENT_COUNT``; CI runs the full 100 000.
"""
from __future__ import annotations

import os
import random
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from .conftest import CONFIG, RULES, durable_skip_reason

import pytest

COUNT = int(os.environ.get("ONEWINDOW_AGREEMENT_COUNT", "100000"))
SEED = 20260302
CHUNK = 2500

_WORKER: dict = {}


def _runtimes():
    if not _WORKER:
        from onewindow.runtime.runtime import Runtime

        compiled = Runtime(CONFIG, RULES, engine="compiled")
        _WORKER["compiled"] = compiled
        _WORKER["durable"] = Runtime(CONFIG, RULES, engine="durable", catalog=compiled.catalog)
    return _WORKER["compiled"], _WORKER["durable"]


def _differences(a: dict, b: dict) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if k != "engine" and a.get(k) != b.get(k))


def check_chunk(chunk: int, size: int) -> tuple[int, list[str]]:
    """Decide ``size`` applications of stream ``chunk`` on both engines; (count, first disagreements)."""
    from onewindow.runtime.errors import ApplicationError

    from .generate import application

    compiled, durable = _runtimes()
    rng = random.Random(f"{SEED}-{chunk}")
    bad: list[str] = []
    for n in range(size):
        data = application(rng, compiled.catalog)
        try:
            left = compiled.decide(data).model_dump(mode="json")
        except ApplicationError as exc:
            left = {"error": [e.path for e in exc.errors]}
        try:
            right = durable.decide(data).model_dump(mode="json")
        except ApplicationError as exc:
            right = {"error": [e.path for e in exc.errors]}
        diff = _differences(left, right)
        if diff and len(bad) < 5:
            bad.append(f"chunk {chunk} #{n}: {diff} — {data}")
    return size, bad


def test_engines_agree_on_generated_applications():
    reason = durable_skip_reason()
    if reason:
        pytest.skip(reason)
    chunks = [(i, min(CHUNK, COUNT - i * CHUNK)) for i in range((COUNT + CHUNK - 1) // CHUNK)]
    started = time.perf_counter()
    total, disagreements = 0, []
    workers = max(1, min(len(chunks), os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        for done, bad in pool.map(check_chunk, *zip(*chunks)):
            total += done
            disagreements += bad
    elapsed = time.perf_counter() - started
    print(f"\n{total} 件生成申请在 compiled 与 durable 上逐一比对，{len(disagreements)} 处分歧，"
          f"用时 {elapsed:.1f} 秒（{workers} 个进程）")
    assert total == COUNT
    assert not disagreements, "\n".join(disagreements)


def test_engines_agree_on_every_engine_field_but_engine():
    """A direct check on a handful, so a failure of the big test is easy to reproduce in one process."""
    reason = durable_skip_reason()
    if reason:
        pytest.skip(reason)
    count, bad = check_chunk(-1, 200)
    assert count == 200 and not bad, "\n".join(bad)
