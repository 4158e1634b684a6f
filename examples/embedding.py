"""Embedding the onewindow runtime in another system: load once, decide many times.

Run from the repository root:  .venv/bin/python examples/embedding.py
"""
from __future__ import annotations

from pathlib import Path

from onewindow.runtime import ApplicationError, Runtime

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    runtime = Runtime(ROOT / "config", ROOT / "rules")  # engine="auto": durable-rules when importable
    print(f"{runtime.catalog.centre.name}：{sum(1 for _ in runtime.items())} 个事项版本，引擎 {runtime.engine_name}")

    decision = runtime.decide({
        "item": "QX-SCJG-001",
        "applicant": {"kind": "legal_person", "name": "清溪县某某科技有限公司"},
        "facts": {"enterprise_kind": "limited_company", "entrusted_agent": False},
        "materials": {"establishment_application": {"form": "original", "originals": 1}},
        "received_at": "2026-03-02T10:00:00+08:00",
    })
    print(decision.outcome, [entry.name for entry in decision.notice.entries])

    try:
        runtime.decide({"item": "NO-SUCH-ITEM", "applicant": {"kind": "person", "name": "张三"},
                        "received_at": "2026-03-02T10:00:00+08:00"})
    except ApplicationError as error:
        print([(e.path, e.message) for e in error.errors])


if __name__ == "__main__":
    main()
