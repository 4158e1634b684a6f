"""Properties of decisions over generated, well-typed applications against the real catalog (hypothesis).

(a) the one-time notice is complete: supplying exactly what it lists (right form, enough originals and
    copies, no findings) turns the decision into an acceptance — never a second notice;
(b) deciding is deterministic: the same application decided twice gives identical decisions;
(c) no well-typed application raises (generated inputs are never legitimately bad).
"""
from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings, strategies as st

from .conftest import runtime_for
from .generate import application, resubmission

PROFILE = settings(max_examples=300, derandomize=True, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow])
ACCEPTED = {"accept", "tolerance_accept", "escalate"}


def _generated(seed: int) -> dict:
    runtime = runtime_for("compiled")
    return application(random.Random(seed), runtime.catalog)


@PROFILE
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_notice_is_complete(seed):
    runtime = runtime_for("compiled")
    data = _generated(seed)
    first = runtime.decide(data)
    if first.outcome != "supplement":
        return
    assert first.notice.entries or first.notice.questions, "补正决定必须列出至少一项（材料或须回答的问题）"
    second = runtime.decide(resubmission(runtime.catalog, data, first))
    assert second.outcome in ACCEPTED, (
        f"按一次性告知补齐后仍未受理：{second.outcome}；第二次告知 "
        f"{[(e.material, e.problem) for e in second.notice.entries]}；申请 {data}")


@PROFILE
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_decisions_are_deterministic(seed):
    runtime = runtime_for("compiled")
    data = _generated(seed)
    assert runtime.decide(data) == runtime.decide(data)


@PROFILE
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_well_typed_applications_never_raise(seed):
    runtime = runtime_for("compiled")
    decision = runtime.decide(_generated(seed))  # any exception, ApplicationError included, fails the test
    assert decision.outcome in ACCEPTED | {"supplement", "return", "prereview"}
    if decision.outcome == "prereview":  # not received: no clock, what to bring and where
        assert decision.clock.starts_at is None and decision.prereview is not None and decision.prereview.bring
    if decision.outcome == "tolerance_accept":
        assert decision.tolerance is not None and decision.tolerance.materials
    if decision.outcome in ACCEPTED:
        assert decision.clock.starts_at is not None and decision.route is not None
        assert decision.clock.promised_due <= decision.clock.statutory_due or decision.pipeline is not None
