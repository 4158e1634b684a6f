"""The condition language shared by the catalog (conditional materials, fees, exemptions) and the rules."""
from .evaluate import compile_condition as compile_condition, evaluate as evaluate
from .syntax import AllOf as AllOf, AnyOf as AnyOf, Comparison as Comparison, Condition as Condition
from .syntax import NotOf as NotOf, depth as depth, leaves as leaves
from .typecheck import FactType as FactType, check as check

__all__ = ["AllOf", "AnyOf", "Comparison", "Condition", "FactType", "NotOf", "check", "compile_condition", "depth", "evaluate", "leaves"]
