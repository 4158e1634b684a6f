"""The text notice a clerk hands over: each problem once, with how to put it right (the material's standard)."""
from __future__ import annotations

from onewindow.runtime.decision.render import render_text

from .conftest import runtime_for


def test_text_notice_says_how_to_fix_and_never_repeats_the_problem() -> None:
    decision = runtime_for("compiled").decide({
        "item": "QX-SCJG-001", "applicant": {"kind": "legal_person", "name": "某公司"},
        "facts": {"enterprise_kind": "sole_proprietorship", "entrusted_agent": False},
        "materials": {"establishment_application": {"form": "original", "originals": 1, "findings": ["unsigned"]}},
        "received_at": "2026-03-02T10:00:00+08:00"})
    text = render_text(decision)
    line = next(line for line in text.splitlines() if line.strip().startswith("1. 企业设立登记申请书"))
    assert line.count("未签字盖章") == 1
    assert "请签字或盖章；受理标准：按表格要求如实填写，申请人签字或盖章" in line


def test_text_notice_asks_unanswered_questions() -> None:
    decision = runtime_for("compiled").decide({
        "item": "QX-SCJG-001", "applicant": {"kind": "legal_person", "name": "某公司"},
        "received_at": "2026-03-02T10:00:00+08:00"})
    assert "请回答：是否委托代理人办理？（决定是否需要：授权委托书、代理人居民身份证）" in render_text(decision)
