"""schemathesis over the cases API as the OpenAPI document describes it: registering a case, reading it,
appending events, the public lookup and evaluation — valid and invalid requests, against unknown numbers and
against real cases (a received one, a decided one). No 5xx, no traceback, every answer as documented."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from console_support import REPO_CONFIG, RULES, imported_database, make_app
from fuzz_support import EXAMPLES, Tally, answered_as_documented
from onewindow.runtime.loading.yaml_source import parse

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "applications" / "real_estate_first_registration.yaml"
TOKEN = {"Authorization": "Bearer fuzz-token"}


@pytest.fixture(scope="module")
def ledger_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    folder = tmp_path_factory.mktemp("fuzz-cases")
    imported_database(folder, REPO_CONFIG)
    yield make_app(folder, ONEWINDOW_RULES_DIR=str(RULES), ONEWINDOW_CASE_API_TOKENS={"fuzz-token": "fuzz"},
                   ONEWINDOW_NOW="2026-03-02T10:00:00+08:00")


@pytest.fixture(scope="module")
def real(ledger_app: Flask) -> dict[str, tuple[str, str]]:
    """A received case and a decided one (number, query code), so requests reach past the 404."""
    data, _ = parse(EXAMPLE.read_text(encoding="utf-8"), str(EXAMPLE))
    application = json.loads(json.dumps(data, default=str)) | {"received_at": "2026-03-02T10:00:00+08:00"}
    client, found = ledger_app.test_client(), {}
    for name in ("open", "decided"):
        answer = client.post("/api/v1/cases", json={"application": application}, headers=TOKEN)
        assert answer.status_code == 201, answer.get_json()
        found[name] = (answer.get_json()["number"], answer.get_json()["query_code"])
    decided = client.post(f"/api/v1/cases/{found['decided'][0]}/events", json={"kind": "decide", "result": "approved"},
                          headers=TOKEN)
    assert decided.status_code == 200, decided.get_json()
    return found


def _operations(app: Flask) -> dict[str, Any]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return {op.label: op for op in (result.ok() for result in schema.get_all_operations())}


POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
CASES = [
    ("POST /api/v1/cases", POSITIVE, None), ("POST /api/v1/cases", NEGATIVE, None),
    ("GET /api/v1/cases/{number}", POSITIVE, None), ("GET /api/v1/cases/{number}", POSITIVE, "open"),
    ("POST /api/v1/cases/{number}/events", POSITIVE, None), ("POST /api/v1/cases/{number}/events", POSITIVE, "open"),
    ("POST /api/v1/cases/{number}/events", NEGATIVE, "open"), ("POST /api/v1/cases/{number}/events", POSITIVE, "decided"),
    ("GET /api/v1/cases/lookup", POSITIVE, None), ("GET /api/v1/cases/lookup", NEGATIVE, None),
    ("GET /api/v1/cases/lookup", POSITIVE, "open"),
    ("POST /api/v1/cases/evaluation", POSITIVE, "decided"), ("POST /api/v1/cases/evaluation", NEGATIVE, "decided"),
]


@pytest.mark.parametrize(("label", "mode", "target"), CASES, ids=[f"{label}-{mode.value}-{target or 'random'}"
                                                                  for label, mode, target in CASES])
def test_cases_api_answers_as_documented(ledger_app: Flask, real: dict[str, tuple[str, str]], tally: Tally, label: str,
                                         mode: GenerationMode, target: str | None) -> None:
    operation = _operations(ledger_app)[label]
    name = f"schemathesis {label} ({mode.value}{', ' + target if target else ''})"

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        if target is not None:
            number, code = real[target]
            if "{number}" in label:
                case.path_parameters = {"number": number}
            elif mode is POSITIVE:
                case.query = {"number": number, "code": code}
            elif isinstance(case.query, dict) and "number" in case.query:
                case.query = {**case.query, "number": number}
        case.headers = {**(case.headers or {}), **TOKEN}
        answered_as_documented(case, tally, name)

    check()


def test_the_document_describes_every_cases_route(ledger_app: Flask) -> None:
    """Every route of the cases blueprint is an operation of the document (nothing escapes the fuzzing)."""
    documented = set(_operations(ledger_app))
    routes = {f"{method} {rule.rule.replace('<number>', '{number}')}" for rule in ledger_app.url_map.iter_rules()
              if rule.endpoint.startswith("cases_api.") for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes and routes <= documented, routes - documented
