"""``onewindow validate``: exit 0 clean / 1 problems / 2 unusable input, in text, json and github formats."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from onewindow.runtime.cli import cli

from .mutate import apply, copy_fixture, load_table

BROKEN = {m.id: m for m in load_table()}


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_fixture(tmp_path / "catalog")
    monkeypatch.chdir(root)
    return root


def _validate(*args: str) -> tuple[int, str, str]:
    today = () if "--today" in args else ("--today", "2026-06-01")  # before October: no calendar warning
    result = CliRunner().invoke(cli, ["validate", *args, *today, "--no-cache"])
    return result.exit_code, result.stdout, result.stderr


def test_validate_clean_exits_zero(catalog: Path) -> None:
    code, out, err = _validate(".", "--today", "2026-06-01")
    assert code == 0, out
    assert out == ""
    assert "0 个错误" in err


def test_validate_warns_from_october_while_next_year_is_provisional(catalog: Path) -> None:
    code, out, err = _validate(".", "--today", "2026-10-01")
    assert code == 0, out
    assert "警告: 2027 年放假安排尚未载入" in out and "[calendar-next-year-provisional]" in out
    assert _validate(".", "--today", "2026-09-30")[1] == ""


def test_validate_problems_exit_one_with_file_line_col(catalog: Path) -> None:
    apply(catalog, BROKEN["unknown_window"])
    code, out, _ = _validate(".")
    assert code == 1
    assert "items/SC-001.yaml:43:15: items[0].windows[0]: 未知窗口 market_windw [unknown-window]" in out


def test_validate_warnings_only_exit_zero(catalog: Path) -> None:
    apply(catalog, BROKEN["citing_republished_document"])
    code, out, _ = _validate(".")
    assert code == 0
    assert "警告" in out and "[republished-basis]" in out


def test_validate_missing_directory_exits_two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = _validate("nowhere")
    assert code == 2
    assert "nowhere" in err


def test_validate_directory_without_yaml_exits_two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, _ = _validate("empty")
    assert code == 2
    assert "[empty-catalog]" in out


def test_validate_json_format(catalog: Path) -> None:
    apply(catalog, BROKEN["promised_days_exceed_statutory"])
    code, out, _ = _validate(".", "--format", "json")
    assert code == 1
    document = json.loads(out)
    [problem] = document["problems"]
    assert problem == {
        "file": "items/ZJ-001.yaml", "line": 35, "col": 30, "field_path": "items[0].time_limits[0].promised_days",
        "code": "promise-exceeds-statute", "message": "承诺时限 16 日超过法定时限 15 日", "severity": "error",
    }
    assert "1 个错误" in document["summary"]


def test_validate_github_format(catalog: Path) -> None:
    apply(catalog, BROKEN["citing_repealed_document"])
    apply(catalog, BROKEN["unknown_article"])
    code, out, _ = _validate(".", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert any(line.startswith("::error file=items/SC-001.yaml,line=11,col=10,title=repealed-basis::") for line in lines)
    assert any(line.startswith("::warning file=items/SC-001.yaml,line=10,") and "unknown-article" in line for line in lines)


def test_validate_unknown_format_is_usage_error(catalog: Path) -> None:
    code, _, _ = _validate(".", "--format", "xml")
    assert code == 2
