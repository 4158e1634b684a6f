"""schemathesis over the OpenAPI document the server publishes: every generated request, valid and invalid,
is answered without a 5xx or a traceback, and every answer matches the document (status code, content
type, body schema, headers)."""
from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from fuzz_support import EXAMPLES, EXCLUDED, Tally, answered_as_documented


def _operations(app: Flask) -> dict[str, Any]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return {op.label: op for op in (result.ok() for result in schema.get_all_operations())}


CASES = [("GET /api/v1/items", GenerationMode.POSITIVE), ("GET /api/v1/items", GenerationMode.NEGATIVE),
         ("GET /api/v1/items/{code}", GenerationMode.POSITIVE),  # any string is a valid code: no negative case exists
         ("POST /api/v1/decisions", GenerationMode.POSITIVE), ("POST /api/v1/decisions", GenerationMode.NEGATIVE)]


@pytest.mark.parametrize(("label", "mode"), CASES, ids=[f"{label}-{mode.value}" for label, mode in CASES])
def test_api_operation_answers_as_documented(county: Flask, tally: Tally, label: str, mode: GenerationMode) -> None:
    operation = _operations(county)[label]
    target = f"schemathesis {label} ({mode.value})"

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        answered_as_documented(case, tally, target)

    check()


def test_every_published_item_is_answered_as_documented(county: Flask, tally: Tally) -> None:
    """Random codes are mostly unknown (404): every real one is checked too, body against the Item schema."""
    operation = _operations(county)["GET /api/v1/items/{code}"]
    codes = {row["code"] for row in county.test_client().get("/api/v1/items?limit=500").get_json()["items"]}
    assert codes
    for code in sorted(codes):
        tally.case("schemathesis GET /api/v1/items/{code} (published codes)")
        case = operation.Case(path_parameters={"code": code})
        response = case.call()
        assert response.status_code == 200
        case.validate_response(response, excluded_checks=EXCLUDED)
