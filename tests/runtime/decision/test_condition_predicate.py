"""A condition is compiled once and its predicate read back from the model's private slot: ``evaluate`` neither
compiles the same condition object twice nor reads the predicate through pydantic's ``__getattr__`` (which
raised and caught an AttributeError on every read: 5 µs a material check instead of 0.2 µs)."""
from __future__ import annotations

import sys
from datetime import date

import pytest

from onewindow.runtime.conditions import AllOf, evaluate


def test_evaluate_compiles_once_and_reads_the_private_slot(monkeypatch: pytest.MonkeyPatch) -> None:
    condition = AllOf.model_validate({"all": [{"fact": "facts.floor_area", "gte": 120},
                                              {"fact": "facts.start", "lt": date(2026, 3, 1)}]})
    assert evaluate(condition, {"facts.floor_area": 150, "facts.start": date(2026, 2, 1)}) is True

    def never(*args: object) -> None:
        raise AssertionError("not on the evaluation path")

    monkeypatch.setattr(sys.modules["onewindow.runtime.conditions.evaluate"], "compile_condition", never)
    monkeypatch.setattr(AllOf, "__getattr__", never)
    assert evaluate(condition, {"facts.floor_area": 100, "facts.start": date(2026, 2, 1)}) is False
    assert evaluate(condition, {"facts.floor_area": 150}) is False  # a missing fact matches no comparison
    assert evaluate(condition, {"facts.floor_area": 120, "facts.start": date(2026, 2, 28)}) is True
