"""Cross-reference lint of a whole catalog: one check family per module, each ``check(catalog) -> Iterator[Finding]``."""
from . import calendar_years, legal_status, pipelines, references, time_limits
from .finding import Check as Check, Finding as Finding

CHECKS: tuple[Check, ...] = (
    references.check, legal_status.check, time_limits.check, pipelines.check, calendar_years.check,
)

__all__ = ["CHECKS", "Check", "Finding"]
