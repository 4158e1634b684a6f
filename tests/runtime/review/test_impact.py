"""Impact of a legal document: everything resting on it, and nothing else."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from onewindow.runtime.cli import cli
from onewindow.runtime.review import find_impact

FIXTURES = Path(__file__).parent / "fixtures"


def test_impact_lists_items_materials_rules_and_scenarios(county) -> None:
    impact = find_impact(county, "food_safety_law", FIXTURES / "rules")
    found = {(d.kind, d.key) for d in impact.dependents}
    assert found == {
        ("item", "SCJG-001"), ("material", "SCJG-001/power_of_attorney"),
        ("rule", "intake/food-safety-check"), ("scenario", "intake/food-safety-check/new-shop"),
    }


def test_impact_of_a_charging_document(county) -> None:
    impact = find_impact(county, "marriage_regulation", FIXTURES / "rules")
    assert {(d.kind, d.key) for d in impact.dependents} == {
        ("item", "MZ-001"), ("fee", "MZ-001/certificate_fee"), ("scenario", "intake/marriage/complete")}


def test_impact_command_text() -> None:
    result = CliRunner().invoke(cli, ["impact", "licensing_law", "--config", str(FIXTURES / "county"),
                                      "--rules", str(FIXTURES / "rules")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("《中华人民共和国行政许可法》（licensing_law，有效）")
    assert "intake/food-licence-supplement" in result.output
    assert "SCJG-002  个体工商户名称变更登记  [第三十二条" in result.output


def test_impact_unknown_document_exits_2() -> None:
    result = CliRunner().invoke(cli, ["impact", "no_such_law", "--config", str(FIXTURES / "county")])
    assert result.exit_code == 2


def test_impact_command_accepts_the_chinese_title() -> None:
    by_id = CliRunner().invoke(cli, ["impact", "marriage_regulation", "--config", str(FIXTURES / "county"),
                                     "--rules", str(FIXTURES / "rules")])
    for title in ("婚姻登记条例", "《婚姻登记条例》"):
        result = CliRunner().invoke(cli, ["impact", title, "--config", str(FIXTURES / "county"),
                                          "--rules", str(FIXTURES / "rules")])
        assert result.exit_code == 0, result.output
        assert result.output == by_id.output


def test_impact_command_accepts_the_document_number() -> None:
    root = Path(__file__).parents[3]
    result = CliRunner().invoke(cli, ["impact", "国务院令第746号", "--config", str(root / "config"),
                                      "--rules", str(root / "rules"), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"document": "market_entity_registration_regulation"' in result.output
    assert '"kind": "item"' in result.output
