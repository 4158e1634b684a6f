"""Rules compile checks: every mistake in rules/ is reported at file:line with a stable code, all at once."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from onewindow.runtime import load_catalog
from onewindow.runtime.errors import RulesCompileError
from onewindow.runtime.rules import check_rules_dir, load_rules

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "config")


def _rules_dir(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder, ignore=shutil.ignore_patterns("scenarios"))
    (folder / "zz_test.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return folder


def _codes(problems):
    return {(Path(p.file).name, p.line, p.code) for p in problems}


def test_shipped_rules_compile_clean(catalog):
    compiled, problems = check_rules_dir(ROOT / "rules", catalog)
    assert problems == []
    assert compiled is not None and {r.phase for r in compiled.rules} == {"derive", "materials", "decide"}


CASES = {
    "contradiction": ("""\
        rules:
          - id: test/a
            title: 甲
            priority: 300
            when: {fact: item.item_type, eq: licensing}
            then: {case_class: promised}
            basis: {document: administrative_licensing_law, article: 第四十二条}
          - id: test/b
            title: 乙
            priority: 300
            when: {fact: channel, eq: online}
            then: {case_class: immediate}
            basis: {document: administrative_licensing_law, article: 第三十四条}
        """, 12, "contradictory-rules"),
    "self-contradictory condition": ("""\
        rules:
          - id: test/never
            title: 永不触发
            when:
              all:
                - {fact: materials.missing_key, gt: 5}
                - {fact: materials.missing_key, lt: 3}
            then: {note: 不会出现}
            basis: {document: administrative_licensing_law, article: 第三十二条}
        """, 4, "unreachable-rule"),
    "shadowed by unconditional rule": ("""\
        rules:
          - id: test/always
            title: 总是
            priority: 990
            then: {regime: special}
            basis: {document: administrative_licensing_law, article: 第三十四条}
          - id: test/shadowed
            title: 被遮蔽
            priority: 10
            when: {fact: channel, eq: online}
            then: {regime: direct}
            basis: {document: administrative_licensing_law, article: 第三十四条}
        """, 9, "unreachable-rule"),
    "ill-typed comparison": ("""\
        rules:
          - id: test/typed
            title: 类型
            when: {fact: tolerance_pledge, eq: 1}
            then: {note: 类型错误}
            basis: {document: administrative_licensing_law, article: 第三十二条}
        """, 4, "condition-type"),
    "unknown fact": ("""\
        rules:
          - id: test/unknown
            title: 未知事实
            when: {fact: facts.no_such_question, eq: true}
            then: {note: 未知}
            basis: {document: administrative_licensing_law, article: 第三十二条}
        """, 4, "unknown-fact"),
    "phase order": ("""\
        rules:
          - id: test/early
            title: 推导阶段读取材料事实
            when: {fact: materials.missing_key, eq: 0}
            then: {derive: [{fact: early, value: true}]}
            basis: {document: administrative_licensing_law, article: 第三十二条}
        """, 4, "phase-order"),
    "unknown window": ("""\
        rules:
          - id: test/window
            title: 未知窗口
            when: {fact: channel, eq: online}
            then: {route: {window: no_such_window}}
            basis: {document: administrative_licensing_law, article: 第二十六条}
        """, 5, "unknown-window"),
    "repealed basis": ("""\
        rules:
          - id: test/repealed
            title: 引用废止文件
            then: {note: 依据已废止}
            basis: {document: qx_window_fees_2012}
        """, 5, "repealed-basis"),
    "unknown key": ("""\
        rules:
          - id: test/typo
            title: 拼写错误
            thne: {note: 拼写}
            basis: {document: administrative_licensing_law}
        """, 4, "extra-forbidden"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_rules_mistake_reported_at_line(tmp_path, catalog, name):
    body, line, code = CASES[name]
    compiled, problems = check_rules_dir(_rules_dir(tmp_path, body), catalog)
    assert compiled is None
    assert ("zz_test.yaml", line, code) in _codes(problems), [str(p) for p in problems]


def test_rules_all_mistakes_reported_at_once(tmp_path, catalog):
    folder = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", folder, ignore=shutil.ignore_patterns("scenarios"))
    for n, (body, _line, _code) in enumerate(CASES.values()):
        (folder / f"zz_{n}.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    with pytest.raises(RulesCompileError) as raised:
        load_rules(folder, catalog)
    found = {(Path(p.file).name, p.line, p.code) for p in raised.value.problems}
    for n, (_body, line, code) in enumerate(CASES.values()):
        assert (f"zz_{n}.yaml", line, code) in found


def test_rules_size_limit_is_a_clear_error(tmp_path, catalog):
    leaves = "\n".join(f"                - {{fact: item.promised_days, ne: {n}}}" for n in range(520))
    body = f"""\
        rules:
          - id: test/wide
            title: 过宽
            when:
              any:
{leaves}
            then: {{note: 过宽}}
            basis: {{document: administrative_licensing_law}}
        """
    compiled, problems = check_rules_dir(_rules_dir(tmp_path, body), catalog)
    assert compiled is None
    assert "rule-too-wide" in {p.code for p in problems}
