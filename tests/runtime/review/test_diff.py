"""Semantic diff: a known change is listed exactly, with the right burden class."""
from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from onewindow.runtime.cli import cli
from onewindow.runtime.review import diff_catalogs, diff_rules, load_for_review

COUNTY = Path(__file__).parent / "fixtures" / "county"
RULES = Path(__file__).parent / "fixtures" / "rules"
Edit = Callable[[str, str, str], Path]


def _diff(head: Path):
    base = load_for_review(COUNTY).catalog
    new = load_for_review(head).catalog
    assert base is not None and new is not None
    return [(c.key, c.kind, c.burden, c.old, c.new) for c in diff_catalogs(base, new)]


def test_diff_identical_catalogs_is_empty(county) -> None:
    assert diff_catalogs(county, county) == []


def test_diff_longer_promise_is_a_burden_increase(edited: Edit) -> None:
    head = edited("items/SCJG-001.yaml", "promised_days: 5}", "promised_days: 7}")
    assert _diff(head) == [("SCJG-001", "promised-days", "increase", "5个工作日", "7个工作日")]


def test_diff_removed_tolerable_material_is_a_reduction(edited: Edit) -> None:
    head = edited("items/SCJG-001.yaml",
                  "      - {id: floor_plan, name: 经营场所平面图, form: copy, copies: 1, necessity: tolerable, tolerance_days: 5}\n", "")
    assert _diff(head) == [("SCJG-001", "material-removed", "reduction", "复印件，复印件1份", None)]


def test_diff_new_required_material_is_a_burden_increase(edited: Edit) -> None:
    head = edited("items/MZ-001.yaml", "      - {id: photo,", "      - {id: household_register, name: 户口簿, originals: 1}\n      - {id: photo,")
    assert _diff(head) == [("MZ-001", "material-added", "increase", None, "原件，原件1份")]


def test_diff_lower_fee_shows_old_and_new_amount(edited: Edit) -> None:
    head = edited("items/MZ-001.yaml", 'amount: "9.00"', 'amount: "5.00"')
    assert _diff(head) == [("MZ-001", "fee-amount", "reduction", "9.00元", "5.00元")]


def test_diff_copy_becoming_original_and_key_material(edited: Edit) -> None:
    head = edited("items/SCJG-001.yaml", "{id: id_card, form: copy, copies: 1, key: true}", "{id: id_card, form: original, originals: 1}")
    assert _diff(head) == [  # an original asks more than a copy; losing "key" allows tolerance (容缺)
        ("SCJG-001", "material-form", "increase", "复印件", "原件"),
        ("SCJG-001", "material-copies", "increase", "复印件1份", "原件1份"),
        ("SCJG-001", "material-key", "reduction", None, None),
    ]


def test_diff_copy_to_original_and_copy_is_a_burden_increase(edited: Edit) -> None:
    """营业执照 复印件1份 → 原件1份+复印件1份: both the form and the count changes are increases (issue 15)."""
    head = edited("items/SCJG-001.yaml", "{id: id_card, form: copy, copies: 1, key: true}",
                  "{id: id_card, form: original, originals: 1, copies: 1, key: true}")
    assert _diff(head) == [
        ("SCJG-001", "material-form", "increase", "复印件", "原件"),
        ("SCJG-001", "material-copies", "increase", "复印件1份", "原件1份、复印件1份"),
    ]
    result = CliRunner().invoke(cli, ["diff", str(COUNTY), str(head), "--fail-on", "burden"])
    assert result.exit_code == 1, result.output


def test_diff_more_copies_is_an_increase(edited: Edit) -> None:
    head = edited("items/SCJG-001.yaml", "{id: id_card, form: copy, copies: 1, key: true}",
                  "{id: id_card, form: copy, copies: 2, key: true}")
    assert _diff(head) == [("SCJG-001", "material-copies", "increase", "复印件1份", "复印件2份")]


def test_diff_copy_to_original_or_copy_is_a_reduction(edited: Edit) -> None:
    back = edited("items/SCJG-001.yaml", "{id: id_card, form: copy, copies: 1, key: true}",
                  "{id: id_card, form: original_or_copy, copies: 1, key: true}")
    assert _diff(back) == [("SCJG-001", "material-form", "reduction", "复印件", "原件或复印件")]


def test_diff_more_trips_and_removed_item(edited: Edit) -> None:
    head = edited("items/MZ-001.yaml", "max_visits: 1", "max_visits: 2")
    (head / "items" / "SCJG-002.yaml").unlink()
    changes = _diff(head)
    assert ("MZ-001", "max-visits", "increase", "1", "2") in changes
    assert ("SCJG-002", "item-removed", "neutral", "个体工商户名称变更登记", None) in changes
    assert len(changes) == 2


def test_diff_basis_on_repealed_document_is_flagged(edited: Edit) -> None:
    head = edited("items/SCJG-002.yaml", "{document: licensing_law, article: 第三十二条}", "{document: old_food_rule}")
    kinds = {(c[1], c[2]) for c in _diff(head)}
    assert kinds == {("basis-added", "neutral"), ("basis-removed", "neutral"), ("basis-dead", "neutral")}


def test_diff_rules_by_id(tmp_path: Path) -> None:
    head = tmp_path / "rules"
    shutil.copytree(RULES, head)
    path = head / "intake.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("document: food_safety_law", "document: licensing_law"), encoding="utf-8")
    changes = list(diff_rules(RULES, head))
    assert [(c.key, c.kind, c.old, c.new) for c in changes] == [
        ("intake/food-safety-check", "rule-basis", "food_safety_law", "licensing_law")]


def test_diff_command_fails_on_burden_and_renders_markdown(edited: Edit) -> None:
    head = edited("items/SCJG-001.yaml", "max_visits: 1", "max_visits: 3")
    result = CliRunner().invoke(cli, ["diff", str(COUNTY), str(head), "--format", "markdown", "--fail-on", "burden"])
    assert result.exit_code == 1, result.output
    assert "| ▲ 增加群众负担 | 最多到场次数变更 | 1 | 3 |" in result.output
    assert "#### 事项 SCJG-001（食品经营许可）" in result.output


def test_diff_command_passes_on_reduction(edited: Edit) -> None:
    head = edited("items/SCJG-001.yaml", "max_visits: 1", "max_visits: 0")
    result = CliRunner().invoke(cli, ["diff", str(COUNTY), str(head), "--format", "json", "--fail-on", "burden"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"] == {"increase": 0, "reduction": 1, "neutral": 0}


def test_diff_command_between_git_revisions(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(COUNTY, repo / "config")
    shutil.copytree(RULES, repo / "rules")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    item = repo / "config" / "items" / "ZJ-001.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace('amount: "100.00"', 'amount: "150.00"'), encoding="utf-8")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "raise fee")
    result = CliRunner().invoke(cli, ["diff", "HEAD~1", "HEAD", "--repo", str(repo)])
    assert result.exit_code == 0, result.output
    assert "▲ [增加群众负担] 收费「规划许可证工本费」标准变更：100.00元 → 150.00元" in result.output
    assert "共 1 项变更" in result.output


def test_diff_command_unknown_revision_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["diff", str(COUNTY), "no-such-rev", "--repo", str(tmp_path)])
    assert result.exit_code == 2
