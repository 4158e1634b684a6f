"""Review of catalog changes and reports over a catalog: semantic diff, impact, statistics, formatting."""
from .changes import BURDEN_NAMES as BURDEN_NAMES, Change as Change
from .diff import diff_catalogs as diff_catalogs
from .formatting import format_files as format_files, format_text as format_text
from .impact import Impact as Impact, find_impact as find_impact
from .lenient import ReviewLoad as ReviewLoad, load_for_review as load_for_review
from .rule_changes import diff_rules as diff_rules
from .sources import SourceError as SourceError, Tree as Tree, materialise as materialise
from .stats import Stats as Stats, compute_stats as compute_stats

__all__ = [
    "BURDEN_NAMES", "Change", "Impact", "ReviewLoad", "SourceError", "Stats", "Tree", "compute_stats",
    "diff_catalogs", "diff_rules", "find_impact", "format_files", "format_text", "load_for_review", "materialise",
]
