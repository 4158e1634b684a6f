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
from onewindow.runtime.decision.render import render_text

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


@pytest.mark.parametrize("engine", ["compiled", "durable"])
def test_statutory_limit_in_calendar_days_beside_a_working_day_promise(engine: str) -> None:
    """施甸 promises 15 个工作日 under 《居民身份证法》第十二条's 六十日 (自然日): received 2026-09-30 10:20 (a working
    day, in hours, so counted from that day), the promise skips 国庆 (10-01…10-07) and ends 10-27, while the statute
    counts 60 calendar days to Sunday 11-29, a day off, so it ends on Monday 11-30 (民法典 第二百零三条). Regression:
    both limits had to share one unit, so the catalog wrote a statute of 15 working days the page does not state."""
    application = YAML(typ="safe").load((GUIDES / "id_card_renewal" / "application.yaml").read_text(encoding="utf-8"))
    decision = Runtime(GUIDES / "id_card_renewal" / "config", None, engine=engine).decide(application)
    clock = decision.clock
    assert (clock.unit, clock.statutory_unit) == ("working_days", "calendar_days")
    assert (clock.promised_days, clock.promised_due.isoformat() if clock.promised_due else None) == (15, "2026-10-27")
    assert (clock.statutory_days, clock.statutory_due.isoformat() if clock.statutory_due else None) == (60, "2026-11-30")
    assert "法定时限 60 日（自然日），至 2026-11-30" in clock.explanation
    assert '"statutory_unit":"calendar_days"' in clock.model_dump_json()
    assert "承诺办结日期：2026-10-27（15 个工作日）　法定期限：2026-11-30（60 个自然日）" in render_text(decision)


def test_a_clock_in_one_unit_dumps_no_statutory_unit() -> None:
    """Existing decisions stay byte-identical: the field is dumped only when the statute's unit differs."""
    application = YAML(typ="safe").load((GUIDES / "real_estate_first_registration" / "application.yaml").read_text(encoding="utf-8"))
    clock = Runtime(GUIDES / "real_estate_first_registration" / "config", None, engine="compiled").decide(application).clock
    assert clock.statutory_unit is None and "statutory_unit" not in clock.model_dump_json()
    assert "statutory_unit" not in clock.model_dump(mode="json")
