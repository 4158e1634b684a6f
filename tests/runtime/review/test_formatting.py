"""``onewindow fmt``: a badly formatted file fails the check, passes after formatting, comments kept."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from onewindow.runtime.cli import cli
from onewindow.runtime.review import format_text

COUNTY = Path(__file__).parent / "fixtures" / "county"
MESSY = """# 材料库（保留此注释）
materials:
- id: id_card    # 身份证
  name:   居民身份证
  source:
        kind: department
        department: civil\r
"""


def test_fmt_check_fails_then_passes_and_keeps_comments(tmp_path: Path) -> None:
    path = tmp_path / "materials.yaml"
    path.write_bytes(MESSY.encode("utf-8"))
    runner = CliRunner()
    checked = runner.invoke(cli, ["fmt", "--check", str(tmp_path)])
    assert checked.exit_code == 1
    assert "materials.yaml: 格式不规范" in checked.output
    assert path.read_bytes() == MESSY.encode("utf-8")  # --check never writes
    assert runner.invoke(cli, ["fmt", str(tmp_path)]).exit_code == 0
    assert runner.invoke(cli, ["fmt", "--check", str(tmp_path)]).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text == ("# 材料库（保留此注释）\nmaterials:\n  - id: id_card  # 身份证\n    name: 居民身份证\n"
                    "    source:\n      kind: department\n      department: civil\n")


def test_fmt_is_idempotent_on_the_fixture_catalog() -> None:
    for path in sorted(COUNTY.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert format_text(text) == text, path


def test_fmt_reports_unparsable_file(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("items: [\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["fmt", "--check", str(tmp_path)])
    assert result.exit_code == 2
