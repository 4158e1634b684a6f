"""Every mistake of ``mutations.yaml`` is reported with its file, line, code and message — alone and all at once."""
from __future__ import annotations

from pathlib import Path

import pytest

from onewindow.runtime.errors import Problem
from onewindow.runtime.loading import check_catalog

from .mutate import Expected, Mutation, apply, copy_fixture, load_table, set_scalar

MUTATIONS = load_table()


def _check(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    monkeypatch.chdir(root)  # problems name files relative to the working directory
    return check_catalog(root, cache_dir=None).problems


def _matches(problem: Problem, expected: Expected) -> bool:
    return (problem.file, problem.line, problem.code, problem.severity) == (
        expected.file, expected.line, expected.code, expected.severity) and expected.message in problem.message


def _render(problems: list[Problem]) -> str:
    return "\n".join(str(p) for p in problems) or "(no problems)"


def test_mutations_fixture_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = _check(copy_fixture(tmp_path / "catalog"), monkeypatch)
    assert problems == [], _render(problems)


def test_mutations_table_has_forty_distinct_mistakes() -> None:
    ids = [m.id for m in MUTATIONS]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 40
    assert len({(m.expect.code, m.expect.message) for m in MUTATIONS}) == len(ids)


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.id for m in MUTATIONS])
def test_mutations_reported(mutation: Mutation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_fixture(tmp_path / "catalog")
    apply(root, mutation)
    problems = _check(root, monkeypatch)
    expected = mutation.expect
    assert any(_matches(p, expected) for p in problems), (
        f"expected {expected.file}:{expected.line} [{expected.code}] {expected.message!r}, got:\n{_render(problems)}")
    others = [p for p in problems if not _matches(p, expected) and p.severity == "error"]
    unexplained = [p for p in others if (p.file, p.code) not in mutation.also]
    assert unexplained == [], f"errors the table does not list under 'also':\n{_render(unexplained)}"
    missing = [entry for entry in mutation.also if not any((p.file, p.code) == entry for p in others)]
    assert missing == [], f"'also' lists errors that were not reported: {missing}"


def test_mutations_all_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_fixture(tmp_path / "catalog")
    for mutation in MUTATIONS:
        apply(root, mutation)
    problems = _check(root, monkeypatch)
    missed = [m.id for m in MUTATIONS if not any(_matches(p, m.expect) for p in problems)]
    assert missed == [], f"not reported when all mistakes are made at once: {missed}\n{_render(problems)}"


@pytest.mark.parametrize("mutation", [m for m in MUTATIONS if "set" in m.spec], ids=lambda m: m.id)
def test_mutations_path_edit_moves_no_line(mutation: Mutation) -> None:
    from .mutate import FIXTURE

    text = (FIXTURE / mutation.file).read_text(encoding="utf-8")
    edited = set_scalar(text, mutation.spec["set"]["path"], mutation.spec["set"]["value"])
    before, after = text.split("\n"), edited.split("\n")
    assert len(before) == len(after)
    assert sum(a != b for a, b in zip(before, after)) == 1
