"""What ``decide`` answers for the four losses of issue 15, on the element fixtures
(``tests/fixtures/guide_elements``, constructed catalogs holding every element; both engines):
an electronic licence is accepted, office-produced and shared materials are not asked, the commitment
regime applies when the pledge is handed in, and a pledge-gated fee exemption needs its pledge."""
from __future__ import annotations

from pathlib import Path

import pytest

from onewindow.runtime import Runtime

ROOT = Path(__file__).parents[3]
ELEMENTS = ROOT / "tests" / "fixtures" / "guide_elements"
WHEN = "2026-03-03T10:00:00+08:00"


@pytest.fixture(scope="module", params=["compiled", "durable"])
def runtimes(request: pytest.FixtureRequest) -> dict[str, Runtime]:
    return {name: Runtime(ELEMENTS / name, None, engine=request.param)
            for name in ("large_medical_equipment", "real_estate_first_registration")}


def _equipment(case: str, **materials: dict) -> dict:
    return {"item": "WJ-PX-001", "applicant": {"kind": "legal_person", "name": "某民营医院"},
            "facts": {"equipment_case": case}, "materials": materials, "received_at": WHEN}


FORM = {"form": "original", "originals": 1}


def test_shared_and_office_produced_materials_are_not_asked(runtimes) -> None:
    decision = runtimes["large_medical_equipment"].decide(_equipment(
        "new", application_form=FORM, feasibility_report=FORM, staff_qualification=FORM))
    assert decision.outcome == "accept", [e.material for e in decision.notice.entries]
    missing = runtimes["large_medical_equipment"].decide(_equipment("new"))
    asked = {e.material for e in missing.notice.entries}
    assert asked == {"application_form", "feasibility_report", "staff_qualification"}
    assert "site_inspection_form" not in asked and "institution_licence" not in asked


def test_either_or_counts(runtimes) -> None:
    two_copies = runtimes["large_medical_equipment"].decide(_equipment(
        "new", application_form=FORM, feasibility_report=FORM, staff_qualification={"form": "copy", "copies": 2}))
    assert two_copies.outcome == "accept"
    one_copy = runtimes["large_medical_equipment"].decide(_equipment(
        "new", application_form=FORM, feasibility_report=FORM, staff_qualification={"form": "copy", "copies": 1}))
    assert [(e.material, e.detail) for e in one_copy.notice.entries] == [
        ("staff_qualification", "应提交原件1份或复印件2份")]


def test_variant_materials_follow_the_situation(runtimes) -> None:
    renewal = runtimes["large_medical_equipment"].decide(_equipment("renewal"))
    assert "scrap_proof" in {e.material for e in renewal.notice.entries}
    change = runtimes["large_medical_equipment"].decide(_equipment("change"))
    assert {e.material for e in change.notice.entries} == {"application_form", "original_licence"}


def test_commitment_regime_when_the_pledge_is_handed_in(runtimes) -> None:
    pledged = runtimes["large_medical_equipment"].decide(_equipment("social", application_form=FORM, commitment_letter=FORM))
    assert (pledged.outcome, pledged.regime) == ("accept", "commitment")
    assert any("事后核查：作出许可决定后3个月内现场核查承诺内容" in n for n in pledged.notes)
    opted_out = runtimes["large_medical_equipment"].decide(_equipment(
        "social", application_form=FORM, commitment_letter=FORM, opt_out_statement=FORM))
    assert opted_out.outcome == "supplement"
    assert {e.material for e in opted_out.notice.entries} == {"feasibility_report", "staff_qualification"}


COPY = {"form": "copy", "copies": 1}


def _estate(small: bool, residential: bool = True, parking: bool = False, **materials: dict) -> dict:
    base = {"application": FORM, "business_licence": {"form": "electronic"}, "survey_report": FORM, "land_title": FORM,
            "completion_record": COPY, "tax_receipts": COPY}
    return {"item": "BDC-SC-001", "applicant": {"kind": "legal_person", "name": "某小微企业"},
            "facts": {"is_residential": residential, "parking_or_storage": parking, "building_shared_parts": False,
                      "small_micro_enterprise": small, "extra_certificates": 2},
            "materials": {**base, **materials}, "received_at": WHEN}


def test_electronic_licence_is_accepted(runtimes) -> None:
    decision = runtimes["real_estate_first_registration"].decide(_estate(False))
    assert decision.outcome == "accept", [(e.material, e.problem) for e in decision.notice.entries]


def test_small_micro_exemption_needs_its_pledge(runtimes) -> None:
    without = runtimes["real_estate_first_registration"].decide(_estate(True))
    lines = {line.fee: line for line in without.fees.lines}
    assert lines["registration_fee_residential"].payable == lines["registration_fee_residential"].amount
    assert str(lines["certificate_fee"].payable) == "20.00"  # 2 extra certificates × 10.00
    pledged = runtimes["real_estate_first_registration"].decide(_estate(True, small_micro_pledge=FORM))
    line = next(x for x in pledged.fees.lines if x.fee == "registration_fee_residential")
    assert (str(line.payable), line.exemption) == ("0.00", "小微企业（含个体工商户）免征")
    assert pledged.fees.window_name == "受理窗口"


def test_parking_and_storage_pay_the_residential_rate(runtimes) -> None:
    """发改价格规〔2016〕2559号: 非住宅 550 元/件，车位、车库、储藏间 80 元/件."""
    parking = runtimes["real_estate_first_registration"].decide(_estate(False, residential=False, parking=True))
    shop = runtimes["real_estate_first_registration"].decide(_estate(False, residential=False, parking=False))
    assert [(x.fee, str(x.payable)) for x in parking.fees.lines if x.fee.startswith("registration")] == [
        ("registration_fee_parking", "80.00")]
    assert [(x.fee, str(x.payable)) for x in shop.fees.lines if x.fee.startswith("registration")] == [
        ("registration_fee_other", "550.00")]


def test_steps_whose_days_are_not_published_get_no_due_date(runtimes) -> None:
    """Unknown is not none: the county guide publishes no step days, so the route says so rather than inventing
    them; the case's promised due date still comes from the time limit."""
    decision = runtimes["real_estate_first_registration"].decide(_estate(False))
    stops = decision.route.stops
    assert [(s.name, s.days) for s in stops] == [("受理", 0), ("审查", None), ("现场踏勘", None), ("决定", None), ("送达", None)]
    assert stops[0].due is not None and all(s.due is None for s in stops[1:])
    assert decision.clock.promised_due is not None
    from onewindow.runtime.decision.render import render_text

    assert "审查（工作日未公布）" in render_text(decision)
