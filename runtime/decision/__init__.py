"""Turning an application into a decision: intake, notice, fees, route, clock, assembled into one model."""

from .application import MaterialFinding as MaterialFinding
from .decision import PROBLEM_NAMES as PROBLEM_NAMES

__all__ = ["MaterialFinding", "PROBLEM_NAMES"]
