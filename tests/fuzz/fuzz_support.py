"""What the fuzz tests share (a module of its own: ``conftest`` names another module in tests/admin too)."""
from __future__ import annotations

import os
from collections import Counter
from typing import Any

from schemathesis.specs.openapi.checks import positive_data_acceptance

EXAMPLES = int(os.environ.get("ONEWINDOW_FUZZ_EXAMPLES", "60"))
"""Hypothesis examples per property; CI keeps the default so the suite stays within a few minutes."""


class Tally:
    """Counts per fuzz target: cases tried and failures seen (a failing case also fails its test)."""

    def __init__(self) -> None:
        self.tried: Counter[str] = Counter()
        self.failed: Counter[str] = Counter()

    def case(self, target: str) -> None:
        self.tried[target] += 1

    def failure(self, target: str) -> None:
        self.failed[target] += 1


TALLY = Tally()

EXCLUDED = [positive_data_acceptance]
"""A request valid by the schema may still be refused for what the catalog says (an unknown item code, a
situation the item does not ask): a documented 422, which this check would count as a failure."""


def answered_as_documented(case: Any, tally: Tally, target: str) -> None:
    """Send one generated request: answered below 500, without a traceback, as the document says; tallied."""
    tally.case(target)
    try:
        response = case.call()
        assert response.status_code < 500, response.text
        assert "Traceback" not in response.text
        case.validate_response(response, excluded_checks=EXCLUDED)
    except Exception:
        tally.failure(target)
        raise


__all__ = ["EXAMPLES", "EXCLUDED", "TALLY", "Tally", "answered_as_documented"]
