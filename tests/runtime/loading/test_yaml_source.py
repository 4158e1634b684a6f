"""YAML safety: the C safe parser, and every refusal reported at the right line:col."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from onewindow.runtime.loading import check_catalog
from onewindow.runtime.loading.messages import yaml_syntax
from onewindow.runtime.loading.yaml_source import _MISSING, _build, _fast, locate, parse, position_tree

CENTRE = "centre:\n  name: 中心\n  address: 人民路1号\n  hours:\n    - {start: \"09:00\", end: \"17:00\"}\n"

BROKEN = [
    # id, file content, line, col, code, message substring
    ("duplicate_key", "departments:\n  - id: tax\n    name: 税务局\n    name: 地税局\n", 4, 5, "duplicate-key", "重复的键"),
    ("duplicate_top_level_key", "departments: []\nwindows: []\ndepartments: []\n", 3, 1, "duplicate-key", "重复的键"),
    ("unknown_tag", "departments:\n  - id: !!python/name:os.system tax\n", 2, 9, "unknown-tag", "不支持的 YAML 标签"),
    ("local_tag", "departments:\n  - id: tax\n    name: !secret 税务局\n", 3, 11, "unknown-tag", "!secret"),
    ("alias", "departments:\n  - &d {id: tax, name: 税务局}\n  - *d\n", 2, 5, "yaml-alias", "锚点/别名"),
    ("alias_bomb", "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", 1, 4, "yaml-alias", "锚点/别名"),
    ("merge_key", "base: &b {name: x}\ndepartments:\n  - <<: *b\n    id: tax\n", 3, 5, "yaml-alias", "锚点/别名"),
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



def test_yaml_anchor_without_alias_is_harmless() -> None:
    assert parse("a: &x [1, 2]\n", "f.yaml") == ({"a": [1, 2]}, None)


def test_yaml_bom_and_empty_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "centre.yaml").write_text("\ufeff" + CENTRE, encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("# nothing yet\n", encoding="utf-8")
    (tmp_path / "calendar.yaml").write_text("calendar:\n  - {year: 2024, holidays: []}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = check_catalog(tmp_path, cache_dir=None)
    assert report.problems == []
    assert report.catalog is not None


def test_yaml_hidden_files_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "centre.yaml").write_text(CENTRE + "calendar:\n  - {year: 2024, holidays: []}\n", encoding="utf-8")
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


# --- differential: the event loop reads exactly what ruamel's safe loader (YAML 1.2) reads ---------------------

REPO = Path(__file__).parents[3]
SCALARS = [
    "yes", "no", "on", "off", "y", "n", "Yes", "True", "TRUE", "true", "false", "tRUE", "null", "Null", "NULL", "~", "",
    "012", "0o17", "0x1F", "-0x1F", "0b101", "1_000", "+12", "-0", "00", "0o8", "1:30", "09:00", "1.5", ".5", "1.",
    "1e3", "1.5e+3", "-.inf", ".inf", ".NaN", ".nan", "0.1_0", "2026-01-01", "2026-1-1", "2026-03-02T10:00:00+08:00",
    "2026-03-02 10:00:00", "2026-01-01t10:00:00z", "2026-01-01 10:00:00.5 +8", "2026-01-01T10:00:00Z",
    "123456789012345678901234567890", "3.14159", "第二十九条", "0571-88880", "330100-GEN-00001", "12345",
]


def _reference(text: str) -> object:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=False)
    yaml.allow_duplicate_keys = False
    return yaml.load(text)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True  # nan
    if isinstance(a, dict) and isinstance(b, dict):
        return len(a) == len(b) and all(_same(ka, kb) and _same(va, vb) for (ka, va), (kb, vb) in zip(a.items(), b.items()))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("value", SCALARS)
def test_plain_and_quoted_scalars_read_as_yaml_1_2(value: str) -> None:
    for text in (f"a: {value}\n", f"a: '{value}'\n", f'a: "{value}"\n', f"a: [{value}]\n" if value else "a: []\n",
                 f"{value or 'k'}: 1\n"):
        mine, problem = parse(text, "f.yaml")
        try:
            expected = _reference(text)
        except Exception:  # noqa: BLE001 - libyaml refuses it (``[1:30]``): so must we
            assert problem is not None, text
            continue
        assert problem is None, (text, problem)
        assert _same(mine, expected), (text, mine)
        fast = _fast(text)
        assert fast is _MISSING or _same(fast, _build(text, False)[0]), (text, fast)
    assert parse(f"a: '{value}'\n", "f.yaml")[0] == {"a": value}  # quoted stays text, timestamps included


def test_value_key_is_plain_text() -> None:
    # ruamel's safe loader has no constructor for the YAML 1.1 "value" type and fails; 1.2 has no such type
    assert parse("a: =\n", "f.yaml") == ({"a": "="}, None)


def _trees(tmp_path: Path) -> list[Path]:
    from bench.generate import generate

    generated = generate(40, tmp_path / "generated")
    found = [p for folder in ("config", "rules", "examples") for p in (REPO / folder).rglob("*.yaml")]
    return found + sorted((REPO / "tests" / "runtime" / "lint" / "fixture").rglob("*.yaml")) + sorted(generated.rglob("*.yaml"))


def test_same_data_as_ruamel_on_every_shipped_and_generated_file(tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(REPO))
    files = _trees(tmp_path)
    assert len(files) > 150
    fast_files = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        mine, problem = parse(text, str(path))
        assert problem is None, problem
        assert _same(mine, _reference(text)), path
        events = _build(text.removeprefix("\ufeff"), False)[0]
        assert _same(events, mine), path
        fast = _fast(text.removeprefix("\ufeff"))
        if fast is not _MISSING:
            fast_files += 1
            assert _same(fast, events), path
        assert position_tree(text) is not None
    assert fast_files > len(files) / 3  # the fast path is really taken (all but a few generated items)


@pytest.mark.parametrize("text", [
    "a: '2026-01-01'\n", "a: &x 1\nb: *x\n", "a: !secret x\n", "a: [09:00]\n", "a: 2026-02-30\n", "a: x\n  b: 1\n",
    "a:\t1\n", "a: 1\n---\nb: 2\n", "? [a]\n: 1\n", "a: {<<: {k: 1}}\n", "a: " + "[" * 100 + "]" * 100 + "\n",
])
def test_fast_path_leaves_what_it_gets_wrong_to_the_events(text: str) -> None:
    assert _fast(text.removeprefix("\ufeff")) is _MISSING


@pytest.mark.parametrize("text", [
    "a: b: c\n", "a:\n  - x\n  y: 1\n", "a: [1, 2\n", "a: {x: 1\n", "a: 'abc\n", "\tb: 1\n", 'a: "\\q"\n',
    "{a: 1}}\n", "a: b\n- c\n", "a: @x\n", "- a\nb: 1\n",
])
def test_syntax_errors_are_explained_in_chinese(text):
    """County staff read the parser's complaint: no English parser wording reaches them."""
    data, problem = parse(text, "f.yaml")
    assert data is None and problem is not None and problem.code == "yaml-syntax"
    assert problem.message.startswith("YAML 语法错误：")
    assert not re.search(r"[A-Za-z]{3,}", problem.message.removeprefix("YAML")), problem.message


def test_an_unknown_parser_complaint_is_quoted_after_a_chinese_lead():
    assert yaml_syntax("something new") == "YAML 语法错误（解析器原文：something new）"


# --- the fast path and the event loop agree on hostile characters ------------------------------------------------
# Checked, each in a plain, single- and double-quoted, block scalar, a comment and a key: every C0 control but tab,
# LF and CR; DEL; every C1 control (NEL among them); LS and PS; a byte order mark after the start; U+FFFE/U+FFFF.
# Also checked (``AGREED`` below): a leading BOM, CRLF line ends, a tab in indentation and inside a value, a
# 300,000-character line, a 2,000-character key, private-use and astral characters.

REFUSED_CHARS = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))] + [
    "\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff"]
PLACES = {
    "plain": ("items:\n  - code: A\n    name: 甲{c}乙\n", 3, 12, "items[0].name"),
    "single": ("items:\n  - code: A\n    name: '甲{c}乙'\n", 3, 13, "items[0].name"),
    "double": ('items:\n  - code: A\n    name: "甲{c}乙"\n', 3, 13, "items[0].name"),
    "block": ("items:\n  - code: A\n    name: |\n      甲\n      乙{c}\n", 5, 8, "items[0].name"),
    "comment": ("items:\n  - code: A  # 甲{c}\n    name: 乙\n", 2, 17, "items[0].code"),
    "flow": ("hours: [{{start: '09:00', end: '1{c}7:00'}}]\n", 1, 33, "hours[0].end"),
}


def _both_paths(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """(parse with the fast path available, parse with the event loop alone)."""
    import onewindow.runtime.loading.yaml_source as yaml_source

    fast = parse(text, "f.yaml")
    with monkeypatch.context() as patch:
        patch.setattr(yaml_source, "_yaml_rs", None)
        slow = parse(text, "f.yaml")
    return fast, slow


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("char", REFUSED_CHARS, ids=[f"U+{ord(c):04X}" for c in REFUSED_CHARS])
def test_forbidden_character_refused_alike_on_both_paths(place: str, char: str, monkeypatch: pytest.MonkeyPatch) -> None:
    template, line, col, field = PLACES[place]
    text = template.format(c=char)
    assert _fast(text) is _MISSING
    fast, slow = _both_paths(text, monkeypatch)
    assert fast == slow
    data, problem = fast
    assert data is None and problem is not None
    assert (problem.file, problem.line, problem.col, problem.field_path, problem.code) == ("f.yaml", line, col, field, "yaml-character"), str(problem)
    assert f"U+{ord(char):04X}" in problem.message and problem.message.startswith("含不允许的字符")
    try:
        reference = _reference(text)
    except Exception:  # noqa: BLE001 - ruamel refuses it too
        return
    # ruamel accepts NEL/LS/PS in places, reading them as line breaks (YAML 1.1) where yaml-rs keeps them as text:
    # the two would read different data, so both refuse them. ruamel reads a BOM inside a value as text but refuses
    # it at a line's start, where yaml-rs makes it part of the key: an invisible character either way, refused
    assert char in "\x85\u2028\u2029\ufeff", (text, reference)


def test_control_character_in_a_catalog_value_is_a_finding_at_its_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "centre.yaml").write_text(CENTRE, encoding="utf-8")
    (tmp_path / "departments.yaml").write_text("departments:\n  - id: tax\n    name: 税务\x07局\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = check_catalog(tmp_path, cache_dir=None)
    [problem] = [p for p in report.problems if p.file == "departments.yaml"]
    assert str(problem) == "departments.yaml:3:13: departments[0].name: 含不允许的字符 U+0007（控制字符），请删除或改为普通字符 [yaml-character]"
    assert report.catalog is None


AGREED = {
    "leading_bom": "\ufeffa: 1\nb: 文本\n",
    "crlf": "a: 1\r\nb: 文本\r\n",
    "tab_in_value": "a: x\ty\n",
    "tab_after_colon": "a:\t1\n",
    "tab_indent": "a:\n\tb: 1\n",
    "long_line": "a: " + "长" * 300_000 + "\n",
    "long_key": "k" * 2000 + ": 1\n",
    "private_use_and_astral": "a: \ue000\U0001f600\U00020000\n",
    "replacement_char": "a: \ufffd\n",
    "ideographic_space": "a: 甲\u3000乙\n",
}


@pytest.mark.parametrize("text", AGREED.values(), ids=AGREED.keys())
def test_fast_and_event_paths_agree_with_ruamel(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both_paths(text, monkeypatch)
    assert fast == slow
    data, problem = fast
    try:
        expected = _reference(text)
    except Exception:  # noqa: BLE001 - ruamel refuses it: so do both paths
        assert problem is not None and data is None, text
        return
    assert problem is None and _same(data, expected), (text[:80], problem)
