"""Shared fixtures of the decision tests: one runtime per engine, loaded once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
CONFIG = ROOT / "config"
RULES = ROOT / "rules"
SCENARIOS = RULES / "scenarios"


def durable_skip_reason() -> str | None:
    """Why the durable engine cannot run here, or None when it can."""
    try:
        from onewindow.runtime.engines import durable
    except Exception as exc:  # noqa: BLE001 - any import failure means "not available"
        return f"onewindow.runtime.engines.durable 无法导入：{exc}"
    if not durable.available():
        return "durable-rules 不可用（需要 Python < 3.13 且已安装 durable-rules）"
    return None


_RUNTIMES: dict[str, object] = {}


def runtime_for(engine: str):
    """A cached Runtime of the shipped config and rules on ``engine`` (skips when durable is unavailable)."""
    if engine == "durable":
        reason = durable_skip_reason()
        if reason:
            pytest.skip(reason)
    if engine not in _RUNTIMES:
        from onewindow.runtime.runtime import Runtime

        _RUNTIMES[engine] = Runtime(CONFIG, RULES, engine=engine)  # type: ignore[arg-type]
    return _RUNTIMES[engine]


@pytest.fixture(scope="session")
def compiled_runtime():
    return runtime_for("compiled")


@pytest.fixture(scope="session")
def durable_runtime():
    return runtime_for("durable")
