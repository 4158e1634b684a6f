"""What the fuzz tests share (a module of its own: ``conftest`` names another module in tests/admin too)."""
from __future__ import annotations

import os
from collections import Counter

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


__all__ = ["EXAMPLES", "TALLY", "Tally"]
