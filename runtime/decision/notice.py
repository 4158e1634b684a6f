"""Checking materials and writing the one-time notice (一次性告知, 行政许可法 第三十二条第一款第（四）项).

Every applicable material is checked against what was handed in, and *every* problem goes into one
notice — supplying exactly what the notice lists must turn the next decision into an acceptance. So the
notice also asks every unanswered question that decides a material (never a guess), names materials a
rule requires from the shared library, and says how to put each problem right (the material's
``standard``). A paper an earlier stage of the same bundle issues circulates internally and is not asked.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from ..catalog import Item, ItemMaterial
from ..catalog.material import FORM_NAMES, Quantity
from ..conditions import evaluate
from ..conditions.syntax import leaves
from ..wording import material_copies
from .application import SubmittedMaterial
from .context import DecisionContext
from .decision import PROBLEM_NAMES, BringEntry, Citation, CirculatedMaterial, NoticeEntry, NoticeProblem, Question
from .memo import DecisionMemo, MaterialFacts


class Needed(NamedTuple):
    """One material as this application needs it (merged across a bundle's items)."""

    item: Item
    material: ItemMaterial
    name: str
    basis: Citation
    reason: str | None = None
    """Why a rule requires it (a shared-library material the item itself does not list)."""
    known: MaterialFacts | None = None
    """What the catalog says of it, while it is the item's own material (not merged, not from the library)."""


class MaterialCheck(NamedTuple):
    """Problems found, split by what they allow: key materials, other required ones, tolerable ones."""

    entries: tuple[NoticeEntry, ...]
    key: tuple[NoticeEntry, ...]
    required: tuple[NoticeEntry, ...]
    tolerable: tuple[tuple[NoticeEntry, int], ...]
    """Tolerable problems with their make-up days."""
    questions: tuple[Question, ...] = ()
    circulated: tuple[CirculatedMaterial, ...] = ()
    bring: tuple[BringEntry, ...] = ()
    """Every material needed, as the applicant must bring it (for pre-review)."""
    commitment: tuple[str, ...] = ()
    """Codes of the items handled under the notification-commitment regime (告知承诺制): the pledge was handed in."""

    def facts(self) -> dict[str, int]:
        return {
            "materials.missing_key": len(self.key),
            "materials.missing_required": len(self.required),
            "materials.missing_tolerable": len(self.tolerable),
            "materials.defective": sum(1 for e in self.entries if e.problem != "missing"),
            "materials.unanswered": len(self.questions),
        }


def applicable(material: ItemMaterial, facts: Mapping[str, Any], required: set[str] | Mapping[str, Any],
               waived: set[str]) -> bool:
    if material.id in waived:
        return False
    if material.id in required:
        return True
    if material.necessity == "optional":
        return False
    if material.necessity == "conditional":
        return material.when is not None and evaluate(material.when, facts)
    return True


def unanswered(material: ItemMaterial, facts: Mapping[str, Any]) -> tuple[str, ...]:
    """Situations a conditional material's ``when`` reads that the application did not answer."""
    if material.necessity != "conditional" or material.when is None:
        return ()
    return tuple(sorted({leaf.fact.removeprefix("facts.") for leaf in leaves(material.when)
                         if leaf.fact.startswith("facts.") and leaf.fact not in facts}))


FIXES: dict[str, str] = {
    "expired": "请提交在有效期内的材料", "defective": "请更正有误的内容后重新提交", "unsigned": "请签字或盖章",
    "illegible": "请提交清晰可辨认的材料",
}
"""How to put a clerk's finding right, when the material has no ``standard`` of its own."""

def _fix(material: ItemMaterial, problem: str) -> str:
    if problem == "wrong_form":
        return "应提交" + material_copies(material, unstated=False)
    standard = f"受理标准：{material.standard}" if material.standard else ""
    return "；".join(p for p in (FIXES.get(problem, ""), standard) if p) or PROBLEM_NAMES[problem]


def _problems(material: ItemMaterial, submitted: SubmittedMaterial | None, reason: str | None,
              memo: DecisionMemo, quantities: tuple[Quantity, ...] | None = None) -> list[tuple[NoticeProblem, str]]:
    if submitted is None:
        ask = "请提交" + memo.copies(material)
        return [("missing", f"{ask}（{reason}）" if reason else ask)]
    found: list[tuple[NoticeProblem, str]] = []
    electronic_ok = submitted.form == "electronic" and material.accepts_electronic()  # 电子证照与纸质同等效力
    if (material.form not in ("original_or_copy", None) and not material.alternatives and not electronic_ok
            and submitted.form is not None and submitted.form != material.form):
        found.append(("wrong_form", "应提交" + FORM_NAMES[material.form]))
    if material.form == "original_or_copy" and not electronic_ok:
        if submitted.originals + submitted.copies < max(material.originals, material.copies, 1):
            found.append(("insufficient_copies", f"原件或复印件至少 {max(material.originals, material.copies, 1)} 份"))
    elif not electronic_ok:  # an electronic licence is one document: no paper counts
        found += _count_problems(material, submitted, memo, quantities)
    for finding in submitted.findings:
        if all(p != finding for p, _ in found):
            found.append((finding, _fix(material, finding)))
    return found


def _count_problems(material: ItemMaterial, submitted: SubmittedMaterial, memo: DecisionMemo,
                   options: tuple[Quantity, ...] | None = None) -> list[tuple[NoticeProblem, str]]:
    """Counts as the guide states them: any one acceptable quantity will do (原件1份或复印件2份); ``options``:
    ``material.quantities()`` when already known."""
    options = options if options is not None else memo.quantities(material)
    originals, copies = submitted.originals, submitted.copies
    if any(originals >= q.originals and copies >= q.copies for q in options):
        return []
    if len(options) > 1:
        return [("insufficient_copies", "应提交" + memo.copies(material))]
    found: list[tuple[NoticeProblem, str]] = []
    if submitted.originals < material.originals:
        found.append(("insufficient_originals", f"原件应为 {material.originals} 份，实交 {submitted.originals} 份"))
    if submitted.copies < material.copies:
        found.append(("insufficient_copies", f"复印件应为 {material.copies} 份，实交 {submitted.copies} 份"))
    return found


def _in_variant(item: Item, material: ItemMaterial, facts: Mapping[str, Any]) -> bool:
    """A material listed for handling situations applies when the applicant is in one of them (a situation
    without a condition cannot be told apart at intake, so its materials are asked)."""
    if not material.variants:
        return True
    variants = {v.id: v for v in item.variants}
    conditions = (variants[v].when for v in material.variants if v in variants)
    return any(when is None or evaluate(when, facts) for when in conditions)


def pledged(items: tuple[Item, ...], submitted: Mapping[str, SubmittedMaterial]) -> tuple[tuple[str, ...], set[str]]:
    """Items whose commitment pledge was handed in (and no opt-out statement), and the proofs it replaces."""
    codes: list[str] = []
    replaced: set[str] = set()
    for item in items:
        terms = item.commitment_terms
        if terms is not None and submitted and terms.pledge in submitted and (terms.opt_out is None or terms.opt_out not in submitted):
            codes.append(item.code)
            replaced.update(terms.replaces)
    return tuple(codes), replaced


def commitment_notes(ctx: DecisionContext, codes: tuple[str, ...]) -> tuple[str, ...]:
    """What the decision says of an acceptance under the commitment regime: what the pledge replaced, and the
    post-approval verification the catalog states (事后核查)."""
    notes = []
    for item in ctx.subject.items:
        terms = item.commitment_terms
        if terms is None or item.code not in codes:
            continue
        replaced = "、".join(ctx.catalog.material_name(item, m) for m in terms.replaces)
        text = f"告知承诺制：以「{ctx.catalog.material_name(item, terms.pledge)}」代替{replaced}"
        text += "，当场作出决定" if terms.on_the_spot else ""
        text += f"；事后核查：{terms.verification}" if terms.verification else "；事后核查"
        notes.append(text)
    return tuple(notes)


_STRICTER = {"required": 3, "conditional": 3, "tolerable": 2, "optional": 1}


def _merge(first: ItemMaterial, material: ItemMaterial) -> ItemMaterial:
    """A paper several items of a bundle need is handed in once and must satisfy the strictest of them (key
    beats non-key, required beats tolerable, the most originals/copies)."""
    stricter = material if _STRICTER[material.necessity] > _STRICTER[first.necessity] else first
    same_form = first.form == material.form
    form = first.form if same_form else "original"
    # an original also satisfies a requirement for a copy, so when forms differ only the originals'
    # own copy counts still apply
    copies = max((m.copies for m in (first, material) if same_form or m.form != "copy"), default=0)
    return stricter.model_copy(update={
        "key": first.key or material.key, "form": form,
        "originals": max(first.originals, material.originals, 1 if form == "original" else 0),
        "copies": copies,
        "necessity": "required" if (first.key or material.key) and stricter.necessity == "tolerable" else stricter.necessity,
        "standard": first.standard or material.standard,
    })


class _Gathered(NamedTuple):
    requirements: dict[str, Needed]
    questions: dict[str, dict[str, BringEntry]]
    circulated: list[CirculatedMaterial]


def _gather(ctx: DecisionContext, replaced: set[str]) -> _Gathered:
    """One requirement per material id across the subject's items; unanswered questions; internal circulation;
    then materials rules require that no item lists (the shared library). ``replaced``: the proofs a commitment
    pledge replaces (:func:`pledged`)."""
    catalog, facts, subject = ctx.catalog, ctx.facts, ctx.subject
    found = _Gathered({}, {}, [])
    required, by_rule = ctx.required, ctx.waived
    waived = by_rule | replaced if replaced else by_rule
    requirements = found.requirements
    alone = len(subject.items) == 1  # nothing circulates, nothing merges
    for item in subject.items:
        for known in ctx.memo.materials(item):
            material = known.material
            material_id = material.id
            if alone and known.fixed:  # what the checks below come to for such a material
                if material_id not in waived:
                    requirements[material_id] = Needed(item, material, known.name, known.basis, None, known)
                continue
            # papers the office produces while handling and papers obtained by data sharing are never asked
            if material_id in replaced or not known.asked:
                continue
            if material.variants and not _in_variant(item, material, facts):
                continue
            name = known.name
            if known.asks and material_id not in required and material_id not in by_rule:
                questions = [fact.removeprefix("facts.") for fact in known.asks if fact not in facts]  # unanswered()
                if questions:
                    for situation in questions:
                        found.questions.setdefault(situation, {}).setdefault(material_id, known.bring)
                    continue
            if not applicable(material, facts, required, waived):
                continue
            source = known.source_item
            if source is not None and subject.produced_before(source, item.code):
                found.circulated.append(CirculatedMaterial.trusted(material=material_id, name=name, item=item.code,
                                                                   source_item=source))
                continue
            earlier = requirements.get(material_id)
            if earlier is not None:
                requirements[material_id] = Needed(earlier.item, _merge(earlier.material, material), earlier.name, earlier.basis)
                continue
            requirements[material_id] = Needed(item, material, name, known.basis, None, known)
    if not required:
        return found
    listed = (ctx.memo.item(subject.lead).materials if len(subject.items) == 1
              else {m.id for item in subject.items for m in item.materials})
    for material_id, rule in required.items():
        if material_id in listed or material_id in ctx.waived or material_id not in catalog.materials:
            continue
        action = next(a for a in rule.rule.then.require_material if a.material == material_id)
        material = ItemMaterial(id=material_id, form="original", originals=1, necessity="required")
        found.requirements[material_id] = Needed(subject.lead, material, catalog.materials[material_id].name,
                                                       ctx.memo.cite(rule.rule.basis), action.reason)
    return found


def check_materials(ctx: DecisionContext) -> MaterialCheck:
    """Check every material this application needs against what was handed in."""
    grants = ctx.grants
    widened_days = grants.tolerance_days if grants is not None and grants.tolerance_widened else None
    commitment, replaced = pledged(ctx.subject.items, ctx.application.materials)
    gathered = _gather(ctx, replaced)
    entries: list[NoticeEntry] = []
    key: list[NoticeEntry] = []
    needed: list[NoticeEntry] = []
    tolerable: list[tuple[NoticeEntry, int]] = []
    bring: list[BringEntry] = []
    submitted, memo = ctx.application.materials, ctx.memo
    for found in gathered.requirements.values():
        material, known = found.material, found.known
        entry_to_bring = known.bring if known is not None else memo.bring(material, found.name)
        bring.append(entry_to_bring)
        problems = _problems(material, submitted.get(material.id), found.reason, memo,
                             known.quantities if known is not None else None)
        if not problems:
            continue
        requirement = entry_to_bring.required
        for problem, detail in problems:
            entry = NoticeEntry.trusted(material=material.id, name=found.name, item=found.item.code, problem=problem, detail=detail,
                                required=requirement, standard=material.standard, basis=found.basis)
            entries.append(entry)
            if material.key:
                key.append(entry)
            elif material.necessity == "tolerable" and problem == "missing":
                tolerable.append((entry, material.tolerance_days or widened_days or 0))
            elif widened_days and problem == "missing" and material.necessity in ("required", "conditional"):
                tolerable.append((entry, widened_days))
            else:
                needed.append(entry)
    questions = tuple(Question.trusted(situation=sid, question=ctx.catalog.situations[sid].question if sid in ctx.catalog.situations else sid,
                               materials=tuple(materials.values()))
                      for sid, materials in sorted(gathered.questions.items()))
    return MaterialCheck(tuple(entries), tuple(key), tuple(needed), tuple(tolerable), questions,
                         tuple(gathered.circulated), tuple(bring), commitment)


__all__ = ["FIXES", "MaterialCheck", "applicable", "check_materials", "commitment_notes", "pledged", "unanswered"]
