"""The rule engines behind one protocol: durable-rules and the compiled pure-Python oracle."""

from .base import Engine as Engine, EngineRule as EngineRule, FactValue as FactValue, PhaseRuleset as PhaseRuleset
from .base import RuleLimits as RuleLimits
from .compiled import CompiledEngine as CompiledEngine

__all__ = ["CompiledEngine", "Engine", "EngineRule", "FactValue", "PhaseRuleset", "RuleLimits"]
