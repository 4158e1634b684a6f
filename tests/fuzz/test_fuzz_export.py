"""Export always round-trips (issue 12): arbitrary Unicode in every text field of every entity — written by
``db export``, checked by the loader, read back — gives the same entity and zero problems."""
from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from fuzz_support import EXAMPLES, Tally
from console_support import FIXTURE, imported_database, make_app
from onewindow.admin.store.db import db
from onewindow.admin.store.records import RECORD_CLASSES, CatalogRecord
from onewindow.admin.sync import export_catalog
from onewindow.admin.sync.documents import to_json, validate_document
from onewindow.runtime import check_catalog

PROBE = "探针 :x ? y"
TRICKY = ["09:00", "https://example.gov.cn/a?b=c#d", "? x", "?x", ":x", "a: b", "- x", "#x", "x #y", "&a", "*a", "!a",
          "%a", "@a", "`a", "a,b", "[a", "{a", "a]", "|", ">", "'a", '"a', "a\nb", "a\x85b", "a\u2028b", "null", "~",
          "yes", "no", "on", "1.0", "0x1f", "1e3", ".inf", "2026-01-01T00:00", "\ufeffa", "a\tb", "=", "<<"]
"""Strings that broke export before (4 of 20 in the issue's attack) and their relatives."""

Leaf = tuple[str, tuple[str | int, ...]]  # (record key within its section, path inside the document)


def _leaves(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))
    else:
        yield path, value


def _set(document: dict[str, Any], path: tuple[str | int, ...], text: str) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    node: Any = changed
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = text
    return changed


@pytest.fixture(scope="module")
def exporting(tmp_path_factory: pytest.TempPathFactory) -> tuple[Flask, Path, dict[tuple[str, str], list[tuple[str | int, ...]]]]:
    """The fixture catalog in a database, a copy of its folder to export onto, and every free-text field of
    every entity (a string field that takes any text: names, addresses, notes — not ids, codes or dates)."""
    folder = tmp_path_factory.mktemp("export-fuzz")
    imported_database(folder, FIXTURE)
    app = make_app(folder)
    target = folder / "catalog"
    shutil.copytree(FIXTURE, target)
    texts: dict[tuple[str, str], list[tuple[str | int, ...]]] = {}
    with app.app_context():
        for record in db.session.scalars(db.select(CatalogRecord)):
            model_class = RECORD_CLASSES[record.section].model
            for path, value in _leaves(record.document):
                if isinstance(value, str) and validate_document(model_class, _set(record.document, path, PROBE))[0] is not None:
                    texts.setdefault((record.section, record.key), []).append(path)
    assert sum(map(len, texts.values())) >= 20, texts
    return app, target, texts


def _reloaded(root: Path, record: CatalogRecord) -> dict[str, Any]:
    data = to_json(YAML(typ="safe").load((root / record.file).read_text(encoding="utf-8")))
    cls = RECORD_CLASSES[record.section]
    if cls.singleton:
        return data[record.section]
    [entry] = [e for e in data[record.section] if cls.key_of(e) == record.key]
    return entry


@st.composite
def edits(draw: st.DrawFn, texts: dict[tuple[str, str], list[tuple[str | int, ...]]]) -> tuple[tuple[str, str], dict[Any, str]]:
    entity = draw(st.sampled_from(sorted(texts)))
    paths = draw(st.lists(st.sampled_from(texts[entity]), min_size=1, max_size=4, unique=True))
    strings = st.one_of(st.sampled_from(TRICKY), st.text(min_size=1, max_size=30),
                        st.builds(lambda a, b: a + b, st.sampled_from(TRICKY), st.text(max_size=10)))
    return entity, {path: draw(strings) for path in paths}


def test_export_round_trips_arbitrary_text_in_every_text_field(exporting: Any, tally: Tally) -> None:
    app, root, texts = exporting

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(edit=edits(texts))
    @example(edit=(("windows", "market_window"), {("name",): "09:00 ? x: https://a.b/c"}))
    def round_trip(edit: tuple[tuple[str, str], dict[Any, str]]) -> None:
        (section, key), changes = edit
        with app.app_context():
            record = db.session.scalar(db.select(CatalogRecord).filter_by(section=section, key=key))
            original = record.document
            document = original
            for path, text in changes.items():
                document = _set(document, path, text)
            model_class = RECORD_CLASSES[section].model
            model, _problems = validate_document(model_class, document)
            assume(model is not None)  # only what the console would accept is ever exported
            tally.case("export → validate → reload")
            try:
                record.apply(document, model)
                db.session.commit()
                export_catalog(root, drafts=True)
                report = check_catalog(root, cache_dir=None)
                assert [str(p) for p in report.errors] == []
                back, problems = validate_document(model_class, _reloaded(root, record))
                assert problems == [] and back == model
            except Exception:
                tally.failure("export → validate → reload")
                raise
            finally:
                record.apply(original, validate_document(model_class, original)[0])
                db.session.commit()

    round_trip()
