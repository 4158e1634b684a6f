"""Engines read only the facts their rules test, each once, turning dates into YYYYMMDD as they read them.

The decision no longer converts every fact once per phase before each engine run (issue 13): a fact no rule
tests is never looked at, whatever its value, and a date reaches a compiled rule — whose date literals are
``YYYYMMDD`` integers — as that integer.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from onewindow.runtime.conditions.syntax import Comparison
from onewindow.runtime.engines import durable as durable_module
from onewindow.runtime.engines.base import EngineRule, PhaseRuleset, converted_paths
from onewindow.runtime.engines.compiled import CompiledEngine

ENGINES = ["compiled"] + (["durable"] if durable_module.available() else [])


def _ruleset() -> PhaseRuleset:
    rules = (
        EngineRule(0, "after_october", 0, Comparison.model_validate({"fact": "calendar.date", "gte": 20261001})),
        EngineRule(1, "exact_day", 0, Comparison.model_validate({"fact": "facts.start", "eq": 20261015})),
        EngineRule(2, "date_literal", 0, Comparison.model_validate({"fact": "facts.end", "lt": date(2026, 12, 1)})),
    )
    return PhaseRuleset("reading", rules, ("calendar.date", "facts.start", "facts.end"))


def _engine(name: str, ruleset: PhaseRuleset):  # type: ignore[no-untyped-def]
    engine = CompiledEngine() if name == "compiled" else durable_module.DurableEngine()
    engine.prepare((ruleset,))
    return engine


def test_only_paths_without_date_literals_are_converted() -> None:
    assert converted_paths(_ruleset()) == {"calendar.date", "facts.start"}


@pytest.mark.parametrize("name", ENGINES)
def test_dates_read_as_yyyymmdd_and_untested_facts_never_read(name: str) -> None:
    ruleset = _ruleset()
    engine = _engine(name, ruleset)
    facts = {
        "calendar.date": date(2026, 10, 2),
        "facts.start": datetime(2026, 10, 15, 9, 30, tzinfo=timezone.utc),  # a datetime is read as its day
        "facts.end": date(2026, 11, 30),
        "facts.unread": object(),  # no rule tests it: never converted, never refused
    }
    assert engine.run(ruleset, facts) == {0, 1, 2}
    assert engine.run(ruleset, {**facts, "calendar.date": date(2026, 9, 30), "facts.end": 20261130}) == {1}
    assert engine.run(ruleset, {"calendar.date": 20261001}) == {0}
