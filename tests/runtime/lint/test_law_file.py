"""Policy is data: the two legal rules the lint applies beyond the catalog — the statutory limit a pipeline's
promise may not exceed (行政许可法 第四十二条) and the document levels that may ground a fee (第五十八条) — come
from ``runtime/calendar/law.yaml`` (``statutory_limit``, ``fees``), not from Python. The shipped file gives the
messages the lint always printed; an edited file is applied and quoted as it says; a broken one is refused
with its file, line and field."""
from __future__ import annotations

from pathlib import Path

import pytest

from onewindow.runtime.calendar.law import LAW_FILE, load_law
from onewindow.runtime.catalog import Catalog
from onewindow.runtime.errors import ConfigError
from onewindow.runtime.lint.legal_status import check_fee_levels
from onewindow.runtime.lint.pipelines import check_pipelines
from onewindow.runtime.loading import check_catalog

from .mutate import copy_fixture

SHIPPED = LAW_FILE.read_text(encoding="utf-8")
FEE = "收费依据《关于城市基础设施配套费收费标准的通知》不是法律或行政法规，须为标明 role: charging 的收费文件（行政许可法第五十八条）"
PROMISE = "总承诺时限 5 日超过法定时限 4 日（行政许可法第四十二条）"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalog, list[tuple[str, int, str, str]]]:
    """The lint fixture with a fee on a 规范性文件 not marked as charging and a pipeline promising 5 of 4 days."""
    root = copy_fixture(tmp_path_factory.mktemp("law") / "catalog")
    _edit(root / "items/ZJ-001.yaml", "basis: {document: price_notice, role: charging}", "basis: {document: price_notice}")
    _edit(root / "pipelines/estate.yaml", "    promised_days: 5\n", "    promised_days: 5\n    statutory_days: 4\n")
    report = check_catalog(root, cache_dir=None)
    assert report.assembled is not None  # every file validates: only the lint objects
    found = [(Path(p.file).name, p.line, p.code, p.message) for p in report.problems if p.code in ("fee-basis-level", "promise-exceeds-statute")]
    return report.assembled, found


def test_the_shipped_law_file_gives_the_messages_the_lint_always_printed(broken) -> None:  # noqa: ANN001
    _, found = broken
    assert ("ZJ-001.yaml", 44, "fee-basis-level", FEE) in found
    assert ("estate.yaml", 9, "promise-exceeds-statute", PROMISE) in found
    assert len(found) == 2


def _law(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = SHIPPED
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "law.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_edited_law_file_is_applied_and_quoted_as_it_says(broken, tmp_path: Path) -> None:  # noqa: ANN001
    catalog, _ = broken
    law = load_law(_law(tmp_path, ("  levels: [law, administrative_regulation]", "  levels: [law, administrative_regulation, normative_document]")))
    assert list(check_fee_levels(catalog, law)) == []  # a 规范性文件 now grounds a fee by itself
    law = load_law(_law(tmp_path, ("  levels: [law, administrative_regulation]", "  levels: [law]"),
                        ("  article: 第五十八条", "  article: 第五十八条（修订）"),
                        ("  article: 第四十二条\n", "  article: 第四十二条第一款\n")))
    fees = sorted(f.message for f in check_fee_levels(catalog, law))  # an administrative regulation no longer does
    assert fees == [f"收费依据《{title}》不是法律，须为标明 role: charging 的收费文件（行政许可法第五十八条（修订））"
                    for title in ("不动产登记暂行条例", "关于城市基础设施配套费收费标准的通知")]
    promises = [f.message for f in check_pipelines(catalog, law) if f.code == "promise-exceeds-statute"]
    assert promises == ["总承诺时限 5 日超过法定时限 4 日（行政许可法第四十二条第一款）"]


@pytest.mark.parametrize(("edit", "where", "message"), [
    (("  levels: [law, administrative_regulation]", "  levels: [law, county_notice]"), "fees.levels[1]", "应为"),
    (("  levels: [law, administrative_regulation]", "  levels: []"), "fees.levels", "至少"),
    (("statutory_limit:\n  title: 行政许可法\n", "statutory_limit:\n"), "statutory_limit.title", "缺少"),
])
def test_a_broken_law_file_is_refused_with_file_line_and_field(tmp_path: Path, edit: tuple[str, str], where: str,
                                                              message: str) -> None:
    path = _law(tmp_path, edit)
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith(edit[1].splitlines()[-1] if "levels" in edit[1] else "statutory_limit:"))
    with pytest.raises(ConfigError) as caught:
        load_law(path)
    text = str(caught.value)
    assert text.startswith(f"法律规则文件 {path} 有误：1 个错误"), text
    (problem,) = caught.value.problems
    assert (problem.file, problem.field_path) == (str(path), where), problem
    assert abs(problem.line - line) <= 1 and message in problem.message, problem
    assert "Traceback" not in text and "validation error" not in text
