"""The lifecycle YAML is checked like the rules: every problem at once, with file:line:col, in Chinese."""
from __future__ import annotations

from importlib import resources

import pytest

from onewindow.runtime.cases import Lifecycle, check_lifecycle, load_lifecycle
from onewindow.runtime.errors import ConfigError

SHIPPED = resources.files("onewindow.runtime.cases").joinpath("lifecycle.yaml").read_text(encoding="utf-8")


def test_shipped_lifecycle_is_clean(lifecycle: Lifecycle) -> None:
    assert check_lifecycle(SHIPPED, "lifecycle.yaml")[1] == []
    assert lifecycle.target("accept", "received") == "accepted"
    assert lifecycle.target("complete_step", "in_process") == "in_process"  # a stay
    assert lifecycle.target("accept", "delivered") is None
    assert lifecycle.target("reopen", "withdrawn") == "received"
    assert lifecycle.extension_rule("joint").days == 15
    assert lifecycle.extension_rule("direct").days == 10  # default


def problems(text: str) -> list[str]:
    model, found = check_lifecycle(text, "lc.yaml")
    assert model is None
    return [str(p) for p in found]


def test_unknown_state_is_reported_with_its_line() -> None:
    text = SHIPPED.replace("transitions: [{from: [received], to: accepted}]", "transitions: [{from: [recieved], to: accepted}]")
    found = problems(text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "recieved" in t)
    assert any(p.startswith(f"lc.yaml:{line}:") and "未定义的状态 recieved" in p and "[unknown-state]" in p for p in found)


def test_two_targets_for_one_event_and_state_is_nondeterministic() -> None:
    text = SHIPPED.replace("transitions: [{from: [received], to: accepted}]",
                           "transitions: [{from: [received], to: accepted}, {from: [received], to: paused}]")
    assert any("[nondeterministic]" in p and "accept" in p for p in problems(text))


def test_unreachable_state_and_leaving_a_closed_state() -> None:
    text = SHIPPED.replace("  - {id: withdrawn, name: 已撤回, clock: none, closed: true}",
                           "  - {id: withdrawn, name: 已撤回, clock: none, closed: true}\n  - {id: limbo, name: 悬置, clock: none}")
    text = text.replace("transitions: [{from: [decided], to: delivered}]", "transitions: [{from: [decided, delivered], to: decided}]")
    found = problems(text)
    assert any("limbo" in p and "[unreachable]" in p for p in found)
    assert any("limbo" in p and "[dead-end]" in p for p in found)
    assert any("终结状态 delivered" in p and "[closed-state]" in p for p in found)


def test_field_errors_regimes_and_yaml_errors_are_chinese() -> None:
    text = SHIPPED.replace("requires: [days, approver, reason]", "requires: [days, aprover, reason]")
    found = problems(text)
    assert any("events[9].requires[1]" in p and "取值无效" in p for p in found), found
    assert any("未知的办理制度 jointly" in p for p in problems(SHIPPED.replace("  - regime: joint\n", "  - regime: jointly\n")))
    assert problems("states: [\n")[0].startswith("lc.yaml:")


def test_load_lifecycle_raises_config_error_for_a_bad_file(tmp_path) -> None:
    bad = tmp_path / "lifecycle.yaml"
    bad.write_text(SHIPPED.replace("  - regime: default\n", "  - regime: direct\n"), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_lifecycle(bad)
    assert "regime: default" in str(info.value)


def test_every_written_notice_needs_its_title_and_basis(tmp_path) -> None:  # noqa: ANN001
    """The notices' titles and articles are data (they were a Python dict): a lifecycle without one kind is refused at
    load with file, line and field in Chinese — not a KeyError when the notice is printed."""
    text = SHIPPED.replace("  supplement: {title: 补正材料通知书（一次性告知）, basis: {document: 行政许可法, article: 第三十二条第一款第四项}}\n", "")
    assert text != SHIPPED
    bad = tmp_path / "lifecycle.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_lifecycle(bad)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("notices:"))
    assert f"{bad}:{line}:1: notices: 缺少书面通知 supplement 的文书名称（title）与依据（basis 或 policy） [missing-notice]" in str(info.value)
    tolerance = "  tolerance: {title: 容缺受理告知书, policy: tolerance_acceptance}"
    found = problems(SHIPPED.replace(tolerance, "  tolerance: {title: 容缺受理告知书}"))
    assert any(": notices.tolerance: " in p and "basis 与 policy 必须且只能写一项" in p for p in found), found
    found = problems(SHIPPED.replace(tolerance, tolerance + "\n  receit: {title: 收据, policy: tolerance_acceptance}"))
    assert any(": notices.receit: 未知的书面通知 receit" in p and "[unknown-notice]" in p for p in found), found
