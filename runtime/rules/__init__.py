"""Rules as data: models of ``rules/*.yaml``, the compiler (phases, type checks) and compile-time checks."""
from .compiler import CompiledRule as CompiledRule, CompiledRules as CompiledRules, PHASES as PHASES
from .loader import check_rules_dir as check_rules_dir, load_rules as load_rules
from .models import Actions as Actions, Rule as Rule, RulesFile as RulesFile

__all__ = ["Actions", "CompiledRule", "CompiledRules", "PHASES", "Rule", "RulesFile", "check_rules_dir", "load_rules"]
