"""Rule layers → compiled rules, or every problem at once (same file:line:col format as the catalog).

A centre's rules are layers, loaded in order: the policy library shipped in the package
(:mod:`onewindow.runtime.policy`, national law only), then the directories the centre names
(``centre.rules`` or ``--rules``, e.g. a province layer and the county's own). A later layer may replace
a rule of an earlier one (same ``id`` and ``override: true``) or switch it off (``disable:`` with a
reason); anything else reusing an id is an error. Library rules cite laws by key and policies by name;
both are grounded here in the centre's own catalog (``centre.laws``, ``centre.policies``).

A law cited by key rests on the county's own document for it when the catalog has one (the document
``centre.laws`` names, else the one with the key as its id, else the one bearing the law's title); otherwise
on the document the library ships for it (``runtime/policy/laws.yaml``), which the compiled rules then carry
(:attr:`CompiledRules.laws`) so the caller's catalog can cite it (:meth:`Catalog.with_documents`).

``scenarios/`` inside a layer holds scenario tests, not rules, and is skipped.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import Catalog, LegalDocument, Origin
from ..catalog.policy import POLICY_NAMES
from ..errors import Finding, Problem, RulesCompileError
from ..loading.cache import FileResult, LoadCache
from ..loading.loader import catalog_files, display_path, load_file, resolve_positions
from ..policy import LIBRARY_DIR, LIBRARY_LAWS
from .checks import check_rules
from .compiler import CompiledRules, LayerInfo, compile_rules
from .models import LawsFile, Rule, RuleBasis, RulesFile

SCENARIO_FOLDER = "scenarios"
LIBRARY_NAME = "library"

Pending = Finding


@dataclass(frozen=True)
class Layer:
    """One directory of rule files and the name a decision's revision gives it (the folder's name: revisions
    hash contents, never where a copy lives); ``laws``: a file of that directory holding the legal documents
    the layer ships (not rules; part of the layer's revision)."""

    name: str
    root: Path
    laws: Path | None = None

    @property
    def scenarios(self) -> Path:
        return self.root / SCENARIO_FOLDER


LIBRARY = Layer(LIBRARY_NAME, LIBRARY_DIR, LIBRARY_LAWS)


def rule_files(root: Path, problems: list[Problem] | None = None) -> list[Path]:
    return [p for p in catalog_files(root, problems) if p.relative_to(root).parts[0] != SCENARIO_FOLDER]


def centre_layers(catalog: Catalog, config_dir: str | os.PathLike[str] | None,
                  given: Sequence[str | os.PathLike[str]] | str | os.PathLike[str] | None = None) -> list[Layer]:
    """The library, then ``given`` directories (``--rules``) or else the centre's ``rules:`` list
    (relative to the catalog directory)."""
    if isinstance(given, (str, os.PathLike)):
        given = [given]
    if given:
        paths = [Path(p) for p in given]
    else:
        base = Path(config_dir) if config_dir is not None else Path(".")
        paths = [Path(os.path.normpath(base / p)) for p in catalog.centre.rules]
    return [LIBRARY, *(Layer(p.resolve().name, p) for p in paths)]


def _ground_law(catalog: Catalog, law: str, shipped: Mapping[str, LegalDocument]) -> tuple[str | None, str, str]:
    """The document a rule citing national ``law`` by key rests on in ``catalog``: ``(document id, "", "")``,
    or ``(None, code, message)`` saying in Chinese why there is none.

    The county's own document for the law always wins (:meth:`Catalog.law_documents`: the one ``centre.laws``
    names, else the one with the key as its id, else the one bearing the law's title); only a catalog with
    none rests on the document ``shipped`` holds under that key.
    """
    centre, national = catalog.centre, shipped.get(law)
    own = catalog.law_documents(law, national.title if national is not None else None)
    if len(own) == 1 and own[0] in catalog.legal_documents:
        return own[0], "", ""
    if len(own) == 1:  # named by centre.laws, absent
        return None, "unknown-law", f"中心配置 centre.laws 写明法律 {law} 的文件标识是 {own[0]}，但{centre.name}的目录中没有这份法律文件"
    if len(own) > 1:
        return None, "ambiguous-law", (f"{centre.name}的目录中有 {len(own)} 份《{national.title if national else law}》"
                                       f"（{'、'.join(own)}）：请在中心配置 centre.laws 中写明法律 {law} 用哪一份")
    if national is None:
        return None, "unknown-law", (f"{centre.name}的目录中没有法律 {law}，政策库也没有随附：请在法律文件中收录，"
                                     f"或在中心配置 centre.laws 中写明其文件标识")
    return law, "", ""


@dataclass
class _Merge:
    """Rules by id across layers, with the layer that defined each, and the laws the layers ship by key."""

    catalog: Catalog
    rules: dict[str, tuple[Rule, Origin, str]]
    disabled: list[tuple[str, str, str]]
    pending: list[Pending]
    shipped: dict[str, tuple[LegalDocument, Origin]] = field(default_factory=dict)

    def add_laws(self, documents: list[tuple[LegalDocument, Origin]]) -> None:
        for document, origin in documents:
            if document.id in self.shipped:
                self._problem(origin, ("id",), "duplicate-id",
                              f"法律文件标识 {document.id} 重复（首次出现在 {self.shipped[document.id][1].file}）")
            else:
                self.shipped[document.id] = (document, origin)

    def add_layer(self, layer: Layer, found: list[tuple[Rule, Origin]], disables: list[tuple[str, str, Origin, int]]) -> None:
        own: dict[str, Origin] = {}
        for rule, origin in found:
            if rule.id in own:
                self._problem(origin, ("id",), "duplicate-id", f"规则标识 {rule.id} 重复（首次出现在 {own[rule.id].file}）")
                continue
            own[rule.id] = origin
            earlier = self.rules.get(rule.id)
            if earlier is not None and not rule.override:
                self._problem(origin, ("id",), "duplicate-id",
                              f"规则 {rule.id} 已在 {earlier[2]} 层定义（{earlier[1].file}）；要替换它请写 override: true")
                continue
            if earlier is None and rule.override:
                self._problem(origin, ("override",), "nothing-to-override", f"前面各层没有规则 {rule.id}，无可覆盖")
                continue
            self.rules[rule.id] = (rule, origin, layer.name)
        for rule_id, reason, origin, i in disables:
            earlier = self.rules.get(rule_id)
            if earlier is None or earlier[2] == layer.name:
                self._problem(origin, ("disable", i, "rule"), "unknown-rule", f"前面各层没有规则 {rule_id}，无法停用")
                continue
            del self.rules[rule_id]
            self.disabled.append((rule_id, layer.name, reason))

    def _problem(self, origin: Origin, path: tuple[str | int, ...], code: str, message: str) -> None:
        self.pending.append(Finding(origin, path, code, message))

    def grounded(self) -> tuple[list[tuple[Rule, Origin]], list[tuple[str, str]], list[tuple[LegalDocument, Origin]]]:
        """Each rule with its basis as a document of this catalog, or of the shipped laws it lacks (returned
        third, each once); rules on policies the centre does not practise are left out (and listed)."""
        centre = self.catalog.centre
        national = {key: document for key, (document, _) in self.shipped.items()}
        out: list[tuple[Rule, Origin]] = []
        inactive: list[tuple[str, str]] = []
        used: dict[str, tuple[LegalDocument, Origin]] = {}
        for rule, origin, _ in self.rules.values():
            basis = rule.basis
            if basis.law is not None:
                document, code, message = _ground_law(self.catalog, basis.law, national)
                if document is None:
                    self._problem(origin, ("basis", "law"), code, message)
                    continue
                if document not in self.catalog.legal_documents:
                    used[document] = self.shipped[document]
                rule = rule.model_copy(update={"basis": RuleBasis(document=document, article=basis.article)})
            elif basis.policy is not None:
                declared = centre.policy(basis.policy)
                if declared is None:
                    inactive.append((rule.id, basis.policy))
                    continue
                rule = rule.model_copy(update={"basis": RuleBasis(document=declared.document, article=declared.article)})
            out.append((rule, origin))
        return out, inactive, list(used.values())


def check_layers(layers: Iterable[Layer], catalog: Catalog) -> tuple[CompiledRules | None, list[Problem]]:
    """Load, merge, ground and compile every layer; ``(None, problems)`` when any problem is an error.

    The rules are checked against ``catalog`` plus the shipped laws they rest on (``compiled.laws``); a caller
    deciding with them cites from ``catalog.with_documents(compiled.laws)``, as :class:`~onewindow.runtime.Runtime` does."""
    problems: list[Problem] = []
    merge = _Merge(catalog, {}, [], [])
    texts: dict[str, Path] = {}
    infos: list[LayerInfo] = []
    for layer in layers:
        if not layer.root.is_dir():
            problems.append(Problem(display_path(layer.root), 0, 0, "", "not-a-directory", f"规则目录不存在（{layer.name} 层）"))
            continue
        fresh: dict[tuple[str, str], FileResult] = {}
        found: list[tuple[Rule, Origin]] = []
        disables: list[tuple[str, str, Origin, int]] = []
        digests: list[str] = []
        before = len(problems)
        memory = LoadCache()
        real_root = os.path.realpath(layer.root)
        for path in rule_files(layer.root, problems):
            shown = display_path(path)
            texts[shown] = path
            model = LawsFile if path == layer.laws else RulesFile
            result, _, digest = load_file(path, shown, memory, fresh, model, root=real_root)
            digests.append(f"{path.relative_to(layer.root).as_posix()}\0{digest}\n")
            problems.extend(result.problems)
            if isinstance(result.model, RulesFile):
                found.extend((rule, Origin(shown, ("rules", i))) for i, rule in enumerate(result.model.rules))
                disables.extend((d.rule, d.reason, Origin(shown, ()), i) for i, d in enumerate(result.model.disable))
            elif isinstance(result.model, LawsFile):
                merge.add_laws([(d, Origin(shown, ("legal_documents", i))) for i, d in enumerate(result.model.legal_documents)])
        if not found and not disables and len(problems) == before:
            problems.append(Problem(display_path(layer.root), 0, 0, "", "no-rules", f"规则目录中没有任何规则（{layer.name} 层）"))
        infos.append(LayerInfo(layer.name, hashlib.sha256("".join(sorted(digests)).encode()).hexdigest()[:16], len(found)))
        merge.add_layer(layer, found, disables)
    rules, inactive, laws = merge.grounded()
    catalog = catalog.with_documents(laws)
    compiled, compile_problems = compile_rules(catalog, rules, [(f"{n}:{i.name}", i.revision) for n, i in enumerate(infos)])
    compiled = compiled.with_layers(tuple(infos), tuple(merge.disabled), tuple(inactive), tuple(laws))
    pending = merge.pending + compile_problems
    pending += [f._replace(message=_for_centre(catalog, f.code, f.message)) for f in check_rules(catalog, compiled.rules)]
    problems.extend(resolve_positions(pending, texts))
    problems.sort()
    return (None if any(p.severity == "error" for p in problems) else compiled), problems


def _for_centre(catalog: Catalog, code: str, message: str) -> str:
    """A rule naming something this catalog lacks is reported for this centre (a layer serves several)."""
    return f"{message}（{catalog.centre.name}的目录中）" if code.startswith("unknown-") else message


def check_rules_dir(root: str | os.PathLike[str], catalog: Catalog) -> tuple[CompiledRules | None, list[Problem]]:
    """The library plus one county directory."""
    return check_layers(centre_layers(catalog, None, root), catalog)


def load_layers(layers: Iterable[Layer], catalog: Catalog) -> CompiledRules:
    layers = list(layers)
    compiled, problems = check_layers(layers, catalog)
    if compiled is None:
        raise RulesCompileError(problems, f"规则（{' → '.join(layer.name for layer in layers)}）无法编译")
    return compiled


def load_rules(root: str | os.PathLike[str], catalog: Catalog) -> CompiledRules:
    return load_layers(centre_layers(catalog, None, root), catalog)


def inactive_text(rules: CompiledRules) -> list[str]:
    """Library rules the centre does not practise, in Chinese, for ``onewindow test``."""
    return [f"{rule_id}（本中心未实行「{POLICY_NAMES[policy]}」）" for rule_id, policy in rules.inactive]


__all__ = ["LIBRARY", "Layer", "centre_layers", "check_layers", "check_rules_dir", "inactive_text", "load_layers",
           "load_rules", "rule_files"]
