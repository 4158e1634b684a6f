"""YAML safety: the C safe parser, and every refusal reported at the right line:col."""
from __future__ import annotations

from pathlib import Path

import pytest

from onewindow.runtime.loading import check_catalog
from onewindow.runtime.loading.yaml_source import _FAST, locate, parse, position_tree

CENTRE = "centre:\n  name: 中心\n  address: 人民路1号\n  hours:\n    - {start: \"09:00\", end: \"17:00\"}\n"

BROKEN = [
    # id, file content, line, col, code, message substring
    ("duplicate_key", "departments:\n  - id: tax\n    name: 税务局\n    name: 地税局\n", 4, 5, "duplicate-key", "重复的键"),
    ("duplicate_top_level_key", "departments: []\nwindows: []\ndepartments: []\n", 3, 1, "duplicate-key", "重复的键"),
    ("unknown_tag", "departments:\n  - id: !!python/name:os.system tax\n", 2, 9, "unknown-tag", "不支持的 YAML 标签"),
    ("local_tag", "departments:\n  - id: tax\n    name: !secret 税务局\n", 3, 11, "unknown-tag", "!secret"),
    ("alias", "departments:\n  - &d {id: tax, name: 税务局}\n  - *d\n", 2, 5, "yaml-alias", "锚点/别名"),
    ("alias_bomb", "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", 1, 4, "yaml-alias", "锚点/别名"),
    ("merge_key", "base: &b {name: x}\ndepartments:\n  - <<: *b\n    id: tax\n", 1, 11, "yaml-alias", "锚点/别名"),
    ("syntax_error", "departments:\n  - {id: tax, name: 税务局\n  - id: market\n", 3, 7, "yaml-syntax", "YAML 语法错误"),
    ("tab_indent", "departments:\n\t- id: tax\n", 2, 1, "yaml-syntax", "YAML 语法错误"),
    ("impossible_date", "legal_documents:\n  - {id: doc, effective: 2025-02-29}\n", 2, 26, "yaml-value", "2025-02-29"),
    ("non_utf8", "departments:\n  - id: tax\n    name: 税务局\n".encode("gbk"), 1, 1, "encoding", "不是 UTF-8"),
    ("top_level_list", "- id: tax\n  name: 税务局\n", 1, 1, "not-a-mapping", "顶层必须是映射"),
    ("top_level_scalar", "税务局\n", 1, 1, "not-a-mapping", "顶层必须是映射"),
]


@pytest.mark.parametrize(("content", "line", "col", "code", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_yaml_refused_with_position(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | bytes,
                                    line: int, col: int, code: str, message: str) -> None:
    (tmp_path / "centre.yaml").write_text(CENTRE, encoding="utf-8")
    bad = tmp_path / "broken.yaml"
    bad.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    report = check_catalog(tmp_path, cache_dir=None)
    [problem] = [p for p in report.problems if p.file == "broken.yaml"]
    assert (problem.line, problem.col, problem.code) == (line, col, code), str(problem)
    assert message in problem.message
    assert report.catalog is None


def test_yaml_parser_is_c() -> None:
    assert _FAST.Parser.__name__ == "CParser"


def test_yaml_anchor_without_alias_is_harmless() -> None:
    assert parse("a: &x [1, 2]\n", "f.yaml") == ({"a": [1, 2]}, None)


def test_yaml_bom_and_empty_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "centre.yaml").write_text("\ufeff" + CENTRE, encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("# nothing yet\n", encoding="utf-8")
    (tmp_path / "calendar.yaml").write_text("calendar:\n  - {year: 2026, holidays: []}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = check_catalog(tmp_path, cache_dir=None)
    assert report.problems == []
    assert report.catalog is not None


def test_yaml_hidden_files_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "centre.yaml").write_text(CENTRE + "calendar:\n  - {year: 2026, holidays: []}\n", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "junk.yaml").write_text("- not a catalog\n", encoding="utf-8")
    (tmp_path / ".draft.yaml").write_text("{{{\n", encoding="utf-8")
    assert check_catalog(tmp_path, cache_dir=None).problems == []


def test_locate_key_item_and_fallback() -> None:
    tree = position_tree("items:\n  - code: A\n    steps:\n      - {step: intake, days: 0}\n")
    assert locate(tree, ("items",)) == (1, 1)
    assert locate(tree, ("items", 0)) == (2, 5)
    assert locate(tree, ("items", 0, "steps", 0, "days")) == (4, 24)
    assert locate(tree, ("items", 0, "missing_field")) == (2, 5)
    assert locate(tree, ("items", 7, "code")) == (1, 1)
    assert locate(None, ("items",)) == (1, 1)
