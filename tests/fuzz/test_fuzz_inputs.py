"""hypothesis over applications (the decisions API and the runtime) and over catalog YAML files: whatever
arrives, the answer is a decision or a Chinese error with a JSON path or file:line — no 5xx, no traceback,
no exception other than the runtime's own."""
from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_support import EXAMPLES, Tally
from console_support import FIXTURE, REPO_CONFIG, RULES
from onewindow.runtime import ApplicationError, Runtime, check_catalog

APPLICATION: dict[str, Any] = {
    "item": "QX-SCJG-001", "applicant": {"kind": "legal_person", "name": "清溪县某某科技有限公司"},
    "facts": {"enterprise_kind": "limited_company", "entrusted_agent": False},
    "materials": {"establishment_application": {"form": "original", "originals": 1}},
    "received_at": "2026-03-02T10:00:00+08:00"}

_scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                     st.floats(allow_nan=False), st.text(max_size=20),
                     st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()))
JSON = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=12)
KEYS = ["item", "pipeline", "applicant", "materials", "facts", "project", "channel", "received_at", "tolerance_pledge",
        "kind", "name", "township", "form", "originals", "copies", "findings", "code", "items", "id", "category"]


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


@st.composite
def applications(draw: st.DrawFn) -> Any:
    """A valid application with 1–4 mutations: a value replaced, a key removed or added, a date moved."""
    data: Any = copy.deepcopy(APPLICATION)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        path = draw(st.sampled_from(_paths(data)))
        action = draw(st.sampled_from(["replace", "remove", "add", "date"]))
        if not path:
            if action == "replace":
                data = draw(JSON)
            continue
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        if action == "replace":
            parent[path[-1]] = draw(JSON)
        elif action == "remove":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(KEYS))] = draw(JSON)
        elif action == "date" and isinstance(data, dict):
            data["received_at"] = draw(st.datetimes(timezones=st.timezones())).isoformat()
        if not isinstance(data, (dict, list)):
            break
    return data


@pytest.fixture(scope="module")
def runtime() -> Runtime:
    return Runtime(REPO_CONFIG, RULES)


def test_any_application_gets_a_decision_or_json_path_errors(county: Flask, runtime: Runtime, tally: Tally) -> None:
    client = county.test_client()

    @settings(max_examples=EXAMPLES * 2, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(data=applications())
    def check(data: Any) -> None:
        tally.case("hypothesis applications")
        try:
            answer = client.post("/api/v1/decisions", json=data)
            assert answer.status_code in (200, 400, 422, 503), answer.get_data(as_text=True)
            body = answer.get_json()
            if answer.status_code != 200:
                assert body["errors"] and all(e["path"].startswith("$") and e["message"] for e in body["errors"])
            if isinstance(data, dict):
                try:
                    runtime.decide(data)
                except ApplicationError as exc:
                    assert exc.errors
        except Exception:
            tally.failure("hypothesis applications")
            raise

    check()


MUTATIONS = st.sampled_from(["insert", "delete", "duplicate", "nest", "swap"])
HOSTILE = st.sampled_from([":", "? ", "- ", "{", "[", "]", "}", "&a ", "*a", "!!python/object:os.system ", "\t", "\x00",
                           "\ufeff", "'", '"', "#", "|", ">", "%YAML 1.1\n", "---\n", "...\n", "<<: *a\n", "\\", "\n  ", "é"])


@st.composite
def mutated_yaml(draw: st.DrawFn, text: str) -> str:
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        where = draw(st.integers(min_value=0, max_value=len(text)))
        action = draw(MUTATIONS)
        if action == "insert":
            text = text[:where] + draw(st.one_of(HOSTILE, st.text(max_size=8))) + text[where:]
        elif action == "delete":
            text = text[:where] + text[where + draw(st.integers(min_value=1, max_value=40)):]
        elif action == "duplicate":
            lines = text.splitlines(keepends=True)
            if lines:
                index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
                lines.insert(index, lines[index])
                text = "".join(lines)
        elif action == "nest":
            depth = draw(st.one_of(st.integers(min_value=1, max_value=70), st.sampled_from([1_000, 30_000, 100_000])))
            text = text[:where] + "[" * depth + "x" + "]" * depth + text[where:]
        else:
            lines = text.splitlines(keepends=True)
            draw(st.randoms(use_true_random=False)).shuffle(lines)
            text = "".join(lines)
    return text


def test_any_catalog_file_gets_problems_at_file_and_line(tmp_path: Path, tally: Tally) -> None:
    root = tmp_path / "catalog"
    shutil.copytree(FIXTURE, root)
    sources = sorted(p.relative_to(root) for p in root.rglob("*.yaml"))
    originals = {p: (root / p).read_text(encoding="utf-8") for p in sources}

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        relative = data.draw(st.sampled_from(sources))
        tally.case("hypothesis YAML files")
        try:
            (root / relative).write_text(data.draw(mutated_yaml(originals[relative])), encoding="utf-8")
            report = check_catalog(root, cache_dir=None)
            for problem in report.problems:
                assert problem.file and problem.message and problem.line >= 0, problem
                assert "Traceback" not in problem.message
        except Exception:
            tally.failure("hypothesis YAML files")
            raise
        finally:
            (root / relative).write_text(originals[relative], encoding="utf-8")

    check()
