"""Rules as data: models of ``rules/*.yaml``, layers (library → province → county), the compiler (phases,
type checks) and compile-time checks."""
from .compiler import CompiledRule as CompiledRule, CompiledRules as CompiledRules, LayerInfo as LayerInfo, PHASES as PHASES
from .loader import (LIBRARY as LIBRARY, Layer as Layer, centre_layers as centre_layers, check_layers as check_layers,
                     check_rules_dir as check_rules_dir, inactive_text as inactive_text, load_layers as load_layers,
                     load_rules as load_rules)
from .models import Actions as Actions, LawsFile as LawsFile, Rule as Rule, RulesFile as RulesFile

from .models import OUTCOME_NAMES as OUTCOME_NAMES
from .models import REGIME_NAMES as REGIME_NAMES

__all__ = [
    "Actions", "CompiledRule", "CompiledRules", "LIBRARY", "LawsFile", "Layer", "LayerInfo", "OUTCOME_NAMES", "PHASES",
    "REGIME_NAMES", "Rule", "RulesFile", "centre_layers", "check_layers", "check_rules_dir", "inactive_text",
    "load_layers", "load_rules",
]
