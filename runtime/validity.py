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
from .errors import Finding, Problem
from .lint import LintMemo, lint_catalog
from .loading.messages import field_path
from .rules import CompiledRules, check_rules_dir

Layer = Literal["catalog", "rules"]
LAYER_NAMES: dict[str, str] = {"catalog": "事项目录", "rules": "规则"}


def layer_of(finding: Finding) -> Layer:
    """Which layer found it: the rules layer places its findings in a rules file (a :class:`Problem`),
    the catalog layer on the entity's :class:`Origin` (its file, or the console's (section, key))."""
    return "rules" if isinstance(finding.subject, Problem) else "catalog"


def signature(finding: Finding) -> tuple[object, ...]:
    """What makes two findings "the same" across two catalogs (for "what does this change add?")."""
    subject = finding.subject
    if isinstance(subject, Problem):
        return ("rules", subject.file, subject.field_path, finding.code, finding.message)
    where = (subject.file, subject.loc) if isinstance(subject, Origin) else None
    return ("catalog", where, finding.path, finding.code)


def describe(finding: Finding) -> str:
    """``规则：rules/x.yaml:3：when：…`` / ``事项目录：materials[0].basis：…`` — a finding of the judge in Chinese."""
    subject = finding.subject
    if isinstance(subject, Problem):
        where, path = f"{subject.file}:{subject.line}：", subject.field_path
    else:
        where, path = "", field_path(finding.path)
    return f"{LAYER_NAMES[layer_of(finding)]}：{where}{path + '：' if path else ''}{finding.message} [{finding.code}]"


@dataclass(frozen=True)
class Verdict:
    """All findings over one catalog and its rules; ``rules`` is the compiled rules when they compile.

    Each is the one :class:`~onewindow.runtime.errors.Finding`: a catalog finding's subject is the
    :class:`Origin` of its entity (the loader's file, or the console's (section, key)) and its path the field
    inside it; a rules finding's subject is the :class:`Problem` already placed at its rules file and line.
    """

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
        known = {signature(f) for f in before.findings}
        return tuple(f for f in self.errors if signature(f) not in known)


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
            return Verdict((Finding(None, ("centre",), "no-centre", "缺少中心信息，无法组成目录"),))
        found: list[Finding] = []
        memo = self.memo if context is not None else None
        lint = lint_catalog(catalog, context=context if memo is not None else None, memo=memo) if "catalog" in layers else []
        found += [finding._replace(subject=catalog.locate(finding.subject), path=tuple(finding.path)) for finding in lint]
        compiled = None
        if self.rules_dir is not None and "rules" in layers:
            compiled, problems = check_rules_dir(self.rules_dir, catalog)
            found += [Finding(p, (), p.code, p.message, p.severity) for p in problems]
        return Verdict(tuple(found), compiled)


__all__ = ["Judge", "LAYER_NAMES", "Layer", "Verdict", "describe", "layer_of", "signature"]
