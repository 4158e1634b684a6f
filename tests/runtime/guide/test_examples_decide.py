"""Each transcribed guide in ``examples/guides/`` decides with the shipped national policy library alone (no
county rules): a county that adopts onewindow with nothing but its own catalog gets decisions, and both
engines give the same one. Regression: the transcriptions lacked the national law the library's rules cite
(``unknown-law`` on 17 library rules), so ``onewindow decide`` refused every one of them. The library now ships
that law (``runtime/policy/laws.yaml``): 施甸's catalog holds no copy and its decision cites the shipped one; the
others keep their own (``config/policy_laws.yaml``), which their decisions cite instead."""
from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from onewindow.runtime import Runtime

GUIDES = Path(__file__).parents[3] / "examples" / "guides"
EXAMPLES = sorted(p.name for p in GUIDES.iterdir() if (p / "config").is_dir())

EXPECTED = {  # what each example's application.yaml should get, from the page's own facts
    "id_card_renewal": ("accept", "40.00"),  # 遗失补领：工本费 40 元
    "real_estate_first_registration": ("accept", "80.00"),  # 住宅类每件 80 元
    "radiation_diagnosis_licence": ("supplement", "0.00"),  # 新建项目缺竣工验收、检测报告等
    "enterprise_establishment": ("accept", "0.00"),
}


def test_every_example_has_an_application_and_an_expectation() -> None:
    assert set(EXAMPLES) == set(EXPECTED)
    assert all((GUIDES / name / "application.yaml").is_file() for name in EXAMPLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_decides_with_the_policy_library_alone(name: str) -> None:
    application = YAML(typ="safe").load((GUIDES / name / "application.yaml").read_text(encoding="utf-8"))
    compiled = Runtime(GUIDES / name / "config", None, engine="compiled")
    durable = Runtime(GUIDES / name / "config", None, engine="durable", catalog=compiled.catalog)
    decision = compiled.decide(application)
    outcome, total = EXPECTED[name]
    assert (decision.outcome, str(decision.fees.total)) == (outcome, total)
    assert any(rule.startswith(("intake/", "case_class/")) for rule in (t.rule for t in decision.trace))
    assert "administrative_licensing_law" in {c.document for c in decision.legal_bases}
    own = GUIDES / name / "config" / "policy_laws.yaml"
    cited = compiled.catalog.locate(compiled.catalog.legal_documents["administrative_licensing_law"])
    assert cited is not None and Path(cited.file).name == ("policy_laws.yaml" if own.is_file() else "laws.yaml")
    assert (compiled.rules.laws == ()) == own.is_file()
    assert durable.decide(application).model_dump(exclude={"engine"}) == decision.model_dump(exclude={"engine"})


def test_fees_the_page_does_not_state_are_unpublished_not_free() -> None:
    """Regression (unknown is not none): 砚山's page is cut before its fee section, so the catalog says nothing
    of fees; the decision printed 「收费：不收费」 where the guide prints 未公布. Now both say 未公布; an item
    with its fees listed has none unpublished."""
    from click.testing import CliRunner

    from onewindow.runtime.cli import cli

    def decide(name: str) -> object:
        application = YAML(typ="safe").load((GUIDES / name / "application.yaml").read_text(encoding="utf-8"))
        return Runtime(GUIDES / name / "config", None, engine="compiled").decide(application)

    cut = decide("enterprise_establishment")
    assert cut.fees.unpublished == ("00013112700401",) and cut.fees.lines == ()
    folder = GUIDES / "enterprise_establishment"
    text = CliRunner().invoke(cli, ["decide", "--config", str(folder / "config"), str(folder / "application.yaml")]).output
    assert "收费：未公布（目录未写明 00013112700401 是否收费）" in text and "收费：不收费" not in text
    listed = decide("id_card_renewal")
    assert listed.fees.unpublished == () and listed.fees.total > 0
