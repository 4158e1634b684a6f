"""Decisions built without validation (``_Output.trusted`` and ``.but``, memoised citations, trace entries and
route stops) are exactly the decisions validation would build: every output model, nested ones too, equals its
validated twin and dumps to the same JSON — over every scenario of rules/scenarios/ and generated applications
(through every channel, some questions unanswered) on both engines."""
from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from onewindow.runtime.decision.decision import Decision
from onewindow.runtime.errors import ApplicationError
from onewindow.runtime.testing import load_scenarios

from .conftest import ROOT, SCENARIOS, runtime_for

_LOADED, _ = load_scenarios(SCENARIOS)


def _applications(runtime: Any) -> list[Any]:
    spec = importlib.util.spec_from_file_location("bench_decisions", ROOT / "bench" / "decisions.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    generated = module.generate_applications(runtime.catalog, 300)
    for n, application in enumerate(generated):  # every channel: pre-review, township windows, unanswered questions
        application["channel"] = ("window", "online", "township")[n % 3]
        if n % 7 == 0 and application["facts"]:
            del application["facts"][next(iter(application["facts"]))]
    return [s.scenario.application for s in _LOADED] + generated


def _models(value: Any) -> Iterator[BaseModel]:
    if isinstance(value, BaseModel):
        yield value
        for field in value.__dict__.values():
            yield from _models(field)
    elif isinstance(value, (tuple, list)):
        for element in value:
            yield from _models(element)


def _validated_twin(model: BaseModel) -> BaseModel:
    """The same values through the validator, field by field (nested models validated first), fields set kept."""
    values = {}
    for name in model.model_fields_set:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            value = _validated_twin(value)
        elif isinstance(value, tuple):
            value = tuple(_validated_twin(v) if isinstance(v, BaseModel) else v for v in value)
        values[name] = value
    return type(model)(**values)


@pytest.mark.parametrize("engine", ["compiled", "durable"])
def test_trusted_outputs_equal_validated_ones(engine: str) -> None:
    runtime = runtime_for(engine)
    decided = 0
    for application in _applications(runtime):
        try:
            decision = runtime.decide(application)
        except ApplicationError:
            continue
        decided += 1
        twin = _validated_twin(decision)
        assert twin == decision
        assert twin.model_dump_json() == decision.model_dump_json()
        assert Decision.model_validate_json(decision.model_dump_json()) == decision
        for model, validated in zip(_models(decision), _models(twin)):
            assert type(model) is type(validated)
            assert model.model_fields_set == validated.model_fields_set, type(model).__name__
            assert list(model.__dict__) == list(validated.__dict__), type(model).__name__  # field order: JSON order
            assert {k: type(v) for k, v in model.__dict__.items()} == {k: type(v) for k, v in validated.__dict__.items()}, \
                type(model).__name__
    assert decided > 300
