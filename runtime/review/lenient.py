"""Loading a catalog for review even when the lint finds errors in it.

The loader refuses to hand out a catalog with errors for deciding applications, but review is different:
a pull request that makes an item cite a repealed document is exactly what ``diff`` and ``impact`` must
be able to show. The loader's ``assembled`` catalog (every file valid, lint errors allowed) serves here,
and the problems travel beside it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import Catalog
from ..errors import Problem
from ..loading import check_catalog


@dataclass
class ReviewLoad:
    """A catalog for reading (None when some file does not even validate) and every problem found."""

    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def load_for_review(root: Path) -> ReviewLoad:
    """The catalog under ``root`` with its problems; lint errors do not withhold the catalog."""
    report = check_catalog(root, cache_dir=None)
    return ReviewLoad(report.catalog or report.assembled, report.problems)


__all__ = ["ReviewLoad", "load_for_review"]
