"""``bench/decisions.py`` times only baselines that decide as the compiled engine does: a hand-written function
that disagrees is refused (the fact sets it gets wrong printed, exit status 1), and the shipped one agrees."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

DECISIONS = Path(__file__).parents[2] / "bench" / "decisions.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_decisions", DECISIONS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_bench_refuses_a_disagreeing_baseline(bench, capsys: pytest.CaptureFixture[str]) -> None:
    def forgets_a_library_rule(facts: dict) -> frozenset[str]:  # the baseline as it was before the library rules
        return bench.hand_written(facts) - {"intake/supplement/tolerable_not_practised"}

    with pytest.raises(SystemExit) as refused:
        bench.main(["--decisions", "300", "--runs", "0"], hand=forgets_a_library_rule)
    assert refused.value.code == 1
    out, err = capsys.readouterr()
    assert "hand-written disagrees with the compiled engine on" in err
    assert "intake/supplement/tolerable_not_practised" in err and "fact set #" in err
    assert "A. Runtime.decide" not in out  # nothing was timed


def test_shipped_baseline_agrees_on_every_channel(bench) -> None:
    from onewindow.runtime import Runtime

    root = DECISIONS.parents[1]
    runtime = Runtime(root / "config", root / "rules", engine="compiled")
    recorded: list[dict] = []
    engine, run = runtime.engine, runtime.engine.run

    def recording(ruleset, facts):
        if ruleset.name.startswith("decide"):
            recorded.append(dict(facts))
        return run(ruleset, facts)

    engine.run = recording  # type: ignore[method-assign]
    for application in bench.generate_applications(runtime.catalog, 600, seed=11):
        runtime.decide(application)
    engine.run = run  # type: ignore[method-assign]
    ruleset = runtime.rules.phases["decide"][0]
    ids = {rule.index: rule.rule_id for rule in ruleset.rules}
    checked = bench.with_channels(recorded)
    reference = [frozenset(ids[i] for i in run(ruleset, facts)) for facts in checked]
    assert {"channels/online/prereview", "routing/township/not_delegated", "intake/supplement/tolerable_not_practised"} <= set().union(*reference)
    bench.require_agreement("hand-written", bench.hand_written, checked, reference)  # raises when it disagrees
