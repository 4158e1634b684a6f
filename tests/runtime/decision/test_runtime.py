"""The ways in: Runtime from any directory, thread safety, ``onewindow decide`` and ``onewindow test``."""
from __future__ import annotations

import json
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from onewindow.runtime.cli import cli
from onewindow.runtime.errors import ApplicationError
from onewindow.runtime.runtime import Runtime

from .conftest import CONFIG, RULES, SCENARIOS, runtime_for
from .generate import application

SUPPLEMENT_APPLICATION = """\
item: QX-ZJ-001
applicant: {kind: legal_person, name: 清溪建工集团有限公司}
facts: {construction_kind: new_build, floor_area: 1000, investment_amount: 500}
materials:
  construction_permit_application: {form: original, originals: 1}
received_at: "2026-09-30T16:00:00+08:00"
"""

BAD_APPLICATION = """\
item: QX-MZ-001
applicant: {kind: person, name: 王建国}
facts: {floor_area: 10}
received_at: "2026-03-02T10:00:00+08:00"
"""

WRONG_SCENARIO = """\
- id: wrong/marriage-is-not-promised
  title: 故意写错的期望：结婚登记不是承诺件
  application:
    item: QX-MZ-001
    applicant: {kind: person, name: 王建国}
    materials:
      resident_id_card: {form: original, originals: 1, copies: 1}
      household_register: {form: original, originals: 1}
      couple_photos: {form: original, originals: 3}
    received_at: "2026-03-02T10:00:00+08:00"
  expect: {outcome: accept, case_class: promised, clock: {promised_due: "2026-03-05"}}
"""


def test_runtime_from_another_directory(tmp_path: Path, monkeypatch):
    config, rules = tmp_path / "county" / "config", tmp_path / "county" / "rules"
    shutil.copytree(CONFIG, config)
    shutil.copytree(RULES, rules)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    runtime = Runtime(config, rules, engine="compiled")
    reference = runtime_for("compiled")
    data = {"item": "QX-MZ-003", "applicant": {"kind": "person", "name": "马秀英"},
            "materials": {"temporary_relief_application": {"form": "original", "originals": 1},
                          "resident_id_card": {"form": "original", "originals": 1, "copies": 1}},
            "tolerance_pledge": True, "received_at": "2026-03-02T10:00:00+08:00"}
    ours, theirs = runtime.decide(data), reference.decide(data)
    assert ours.outcome == "tolerance_accept" and ours.tolerance.due.isoformat() == "2026-03-16"
    assert ours.model_dump(exclude={"revision"}) == theirs.model_dump(exclude={"revision"})
    assert ours.revision == theirs.revision  # revisions hash file contents, not paths


@pytest.mark.parametrize("engine", ["compiled", "durable"])
def test_concurrent_decisions_equal_sequential(engine: str):
    """Runtime.decide takes no lock of its own: threads decide at once, the durable engine serialises itself."""
    runtime = runtime_for(engine)
    import random

    rng = random.Random(8)
    applications = [application(rng, runtime.catalog) for _ in range(240)]
    sequential = [runtime.decide(a) for a in applications]
    results: list = [None] * len(applications)
    errors: list[BaseException] = []

    def work(offset: int) -> None:
        try:
            for i in range(offset, len(applications), 8):
                results[i] = runtime.decide(applications[i])
        except BaseException as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert results == sequential


def test_concurrent_decisions_on_durable():
    runtime = runtime_for("durable")  # skips when durable-rules is unavailable
    import random

    rng = random.Random(88)
    applications = [application(rng, runtime.catalog) for _ in range(120)]
    sequential = [runtime.decide(a) for a in applications]
    results: list = [None] * len(applications)

    def work(offset: int) -> None:
        for i in range(offset, len(applications), 8):
            results[i] = runtime.decide(applications[i])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == sequential


def _invoke(args: list[str]):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_cli_decide_text_reads_like_the_notice(tmp_path: Path):
    path = tmp_path / "application.yaml"
    path.write_text(SUPPLEMENT_APPLICATION, encoding="utf-8")
    result = _invoke(["decide", str(path), "--config", str(CONFIG), "--rules", str(RULES), "--engine", "compiled"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "【补正（一次性告知）】建筑工程施工许可证核发" in out
    assert "一次性告知" in out
    for line in ("建设工程规划许可证：未提交，请提交复印件1份", "中标通知书：未提交", "建设资金已落实承诺书：未提交，请提交原件1份"):
        assert line in out
    assert "《中华人民共和国行政许可法》" in out


def test_cli_decide_json_parses_and_at_overrides(tmp_path: Path):
    path = tmp_path / "application.yaml"
    path.write_text(SUPPLEMENT_APPLICATION, encoding="utf-8")
    result = _invoke(["decide", str(path), "--config", str(CONFIG), "--rules", str(RULES), "--engine", "compiled",
                      "--format", "json", "--at", "2026-02-13T10:00:00+08:00"])
    assert result.exit_code == 0, result.output
    decision = json.loads(result.output)
    assert decision["outcome"] == "supplement"
    assert decision["notice"]["deadline"] == "2026-02-27"  # 2-14 调休, 2-24…2-27
    assert [e["material"] for e in decision["notice"]["entries"]][:2] == ["construction_planning_permit", "tender_award_notice"]


def test_cli_decide_exit_codes(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_APPLICATION, encoding="utf-8")
    result = _invoke(["decide", str(bad), "--config", str(CONFIG), "--rules", str(RULES), "--engine", "compiled",
                      "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.output)["errors"][0]["path"] == "$.facts.floor_area"
    broken = tmp_path / "broken.yaml"
    broken.write_text("- just\n- a list\n", encoding="utf-8")
    assert _invoke(["decide", str(broken), "--config", str(CONFIG), "--rules", str(RULES), "--engine", "compiled"]).exit_code == 2
    good = tmp_path / "good.yaml"
    good.write_text(SUPPLEMENT_APPLICATION, encoding="utf-8")
    assert _invoke(["decide", str(good), "--config", str(CONFIG), "--rules", str(RULES), "--engine", "compiled",
                    "--at", "not-a-date"]).exit_code == 2


def test_cli_test_passes_on_shipped_scenarios():
    result = _invoke(["test", str(SCENARIOS), "--config", str(CONFIG), "--rules", str(RULES), "--engine", "compiled"])
    assert result.exit_code == 0, result.output
    assert "通过" in result.output and "✗" not in result.output


def test_cli_test_fails_with_readable_diff(tmp_path: Path):
    (tmp_path / "wrong.yaml").write_text(WRONG_SCENARIO, encoding="utf-8")
    result = _invoke(["test", str(tmp_path), "--config", str(CONFIG), "--rules", str(RULES), "--engine", "compiled"])
    assert result.exit_code == 1
    out = result.output
    assert "wrong/marriage-is-not-promised" in out and "故意写错的期望" in out
    assert '$.case_class: 期望 "promised"，实际 "immediate"' in out
    assert '$.clock.promised_due: 期望 "2026-03-05"，实际 "2026-03-02"' in out
    assert "0/1 通过" in out


def test_json_date_answers_accepted_for_date_questions():
    """A date answer sent as JSON text (the schema says ``format: date``) is that date, not a 422 (issue 13)."""
    runtime = runtime_for("compiled")
    base = {"item": "QX-ZJ-001", "applicant": {"kind": "legal_person", "name": "某建设公司"},
            "received_at": "2026-03-02T10:00:00+08:00"}
    as_date = runtime.decide({**base, "facts": {"planned_start_date": date(2026, 5, 1)}})
    for text in ("2026-05-01", "2026-05-01T09:00:00+08:00", "2026-04-30T20:00:00+00:00"):
        answer = runtime.decide({**base, "facts": {"planned_start_date": text}})
        assert answer.model_dump(exclude={"revision"}) == as_date.model_dump(exclude={"revision"}), text
    for bad in ("2026-02-30", "下个月", "2026-05-01T09:00:00"):  # no such day; not a date; no offset
        with pytest.raises(ApplicationError) as caught:
            runtime.decide({**base, "facts": {"planned_start_date": bad}})
        assert [e.path for e in caught.value.errors] == ["$.facts.planned_start_date"]
