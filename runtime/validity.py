"""One validity judge: a catalog together with its rule layers, judged as a whole.

A catalog can pass its own lint and still break the service: a rule citing a document the catalog now
marks expired, scoped to a department that is gone, or requiring a material no item knows stops the rules
from compiling, and then no decision can be made. :class:`Judge` runs both layers — the catalog lint
(:func:`~onewindow.runtime.lint.lint_catalog`) and the rules compile and checks
(:func:`~onewindow.runtime.rules.check_rules_dir`) — over one catalog and returns one :class:`Verdict`.

Everything that changes what is served asks the judge first (the console's save, submit, publish and
withdrawal, ``db import``, the API's readiness); callers only present the findings. The judge holds
no state of its own beyond an optional :class:`~onewindow.runtime.lint.LintMemo` the caller owns.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .catalog import Catalog, Origin
from .lint import LintMemo, lint_catalog
from .loading.messages import field_path
from .rules import CompiledRules, check_rules_dir

Layer = Literal["catalog", "rules"]
LAYER_NAMES: dict[str, str] = {"catalog": "事项目录", "rules": "规则"}


@dataclass(frozen=True)
class Finding:
    """One finding of the judge.

    ``origin`` is where a catalog finding's entity was declared (its file and location, as the catalog
    recorded it — the console records use (section, key)); a rules finding names its file and line.
    """

    layer: Layer
    code: str
    message: str
    path: str
    severity: str = "error"
    origin: Origin | None = None
    file: str = ""
    line: int = 0
    entity_path: tuple[str | int, ...] = ()

    @property
    def signature(self) -> tuple[object, ...]:
        """What makes two findings "the same" across two catalogs (for "what does this change add?")."""
        where = (self.origin.file, self.origin.loc) if self.origin is not None else (self.file,)
        return (self.layer, where, self.path, self.code, self.message if self.layer == "rules" else "")

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}：" if self.file else ""
        return f"{LAYER_NAMES[self.layer]}：{where}{self.path + '：' if self.path else ''}{self.message} [{self.code}]"


@dataclass(frozen=True)
class Verdict:
    """All findings over one catalog and its rules; ``rules`` is the compiled rules when they compile."""

    findings: tuple[Finding, ...]
    rules: CompiledRules | None = field(default=None, compare=False)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def ok(self) -> bool:
        return not self.errors

    def added_to(self, before: "Verdict") -> tuple[Finding, ...]:
        """Errors of this verdict that ``before`` did not have: what a change would add."""
        known = {f.signature for f in before.findings}
        return tuple(f for f in self.errors if f.signature not in known)


class Judge:
    """Judges catalogs against one rules directory.

    Args:
        rules_dir: the rules directory (``rules/``); None judges the catalog layer only.
        memo: the caller's lint memo (item checks remembered between calls under ``context``).
    """

    def __init__(self, rules_dir: str | os.PathLike[str] | None, *, memo: LintMemo | None = None) -> None:
        self.rules_dir = None if rules_dir is None else Path(rules_dir)
        self.memo = memo

    def judge(self, catalog: Catalog | None, *, context: str | None = None,
              layers: tuple[Layer, ...] = ("catalog", "rules")) -> Verdict:
        """The ``layers`` over ``catalog`` (a caller that has just linted asks for ``("rules",)`` only);
        None (no centre yet) is itself a refusal."""
        if catalog is None:
            return Verdict((Finding("catalog", "no-centre", "缺少中心信息，无法组成目录", "centre"),))
        found: list[Finding] = []
        memo = self.memo if context is not None else None
        lint = lint_catalog(catalog, context=context if memo is not None else None, memo=memo) if "catalog" in layers else []
        for finding in lint:
            found.append(Finding("catalog", finding.code, finding.message, field_path(tuple(finding.path)),
                                 finding.severity, catalog.locate(finding.subject), entity_path=tuple(finding.path)))
        compiled = None
        if self.rules_dir is not None and "rules" in layers:
            compiled, problems = check_rules_dir(self.rules_dir, catalog)
            found += [Finding("rules", p.code, p.message, p.field_path, p.severity, file=p.file, line=p.line)
                      for p in problems]
        return Verdict(tuple(found), compiled)


__all__ = ["Finding", "Judge", "LAYER_NAMES", "Layer", "Verdict"]
