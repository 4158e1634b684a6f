"""Well-typed applications over the real items and pipelines of config/, drawn from a ``random.Random``.

Shared by the property tests (hypothesis feeds the seed) and the engine-agreement test (a fixed seed).
Every generated application is well typed: answers of the right kind and range for the item's own
situations, only the item's own materials, registered project ids, received_at within 2024-01-01 ..
2026-09-30 (so that no due date — at most 60 working days — runs into 2027, which has no calendar).
"""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from typing import Any

from onewindow.runtime.catalog import Catalog

FIRST_DAY = date(2024, 1, 1)
LAST_DAY = date(2026, 9, 30)
TZ = timezone(timedelta(hours=8))
FINDINGS = ("expired", "defective", "wrong_form", "unsigned", "illegible")
CHANNELS = ("window", "online", "township", "agency")
KINDS = ("person", "legal_person", "other")


def _answer(rng: random.Random, situation) -> Any:
    if situation.kind == "yes_no":
        return rng.random() < 0.5
    if situation.kind == "choice":
        return rng.choice(situation.choice_values())
    if situation.kind == "date":
        return FIRST_DAY + timedelta(days=rng.randrange(0, 1200))
    low = situation.minimum if situation.minimum is not None else 0
    high = situation.maximum if situation.maximum is not None else 100000
    # mostly small realistic numbers, sometimes the bounds and the thresholds rules use
    return rng.choice([low, min(high, low + rng.randrange(0, 20)), min(high, rng.randrange(0, 20000)), high,
                       min(high, 400), min(high, 5000), min(high, 10000), min(high, 50000)])


def _submitted(rng: random.Random, material) -> dict[str, Any]:
    roll = rng.random()
    if roll < 0.6:  # as required
        form = "original" if material.form == "original_or_copy" else material.form
        data: dict[str, Any] = {"form": form, "originals": material.originals, "copies": material.copies}
    else:  # something off: other form, fewer or more copies, no form given
        data = {"form": rng.choice(["original", "copy", "electronic", None]),
                "originals": rng.randrange(0, 4), "copies": rng.randrange(0, 4)}
        if data["form"] is None:
            del data["form"]
    if rng.random() < 0.1:
        data["findings"] = sorted(set(rng.sample(FINDINGS, rng.randrange(1, 3))))
    return data


def received_at(rng: random.Random) -> datetime:
    day = FIRST_DAY + timedelta(days=rng.randrange(0, (LAST_DAY - FIRST_DAY).days + 1))
    minute = rng.choice([rng.randrange(0, 24 * 60), 8 * 60 + 30, 12 * 60, 14 * 60 + 30, 18 * 60, 17 * 60 + 59])
    return datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=TZ)


def application(rng: random.Random, catalog: Catalog) -> dict[str, Any]:
    """One random, well-typed application (a mapping, as JSON or YAML would give it)."""
    at = received_at(rng)
    if rng.random() < 0.15 and catalog.pipelines:
        pipeline = catalog.pipelines[rng.choice(sorted(catalog.pipelines))]
        codes = list(pipeline.item_codes())
        chosen = codes if rng.random() < 0.5 else sorted(rng.sample(codes, rng.randrange(1, len(codes) + 1)), key=codes.index)
        items = [catalog.item(c, on=at.date()) or catalog.item(c) for c in chosen]
        data: dict[str, Any] = {"pipeline": {"code": pipeline.code, "items": chosen}}
    else:
        code = rng.choice(sorted(catalog.item_versions))
        items = [catalog.item(code, on=at.date()) or catalog.item(code)]
        data = {"item": code}
    audience = sorted({k for it in items for k in it.audience})
    kind = rng.choice(audience) if rng.random() < 0.9 else rng.choice(KINDS)
    townships = [t.township for t in catalog.township_centres.values()]
    applicant: dict[str, Any] = {"kind": kind, "name": "申请人"}
    if rng.random() < 0.6:
        applicant["township"] = rng.choice(townships + ["外县某镇"])
    facts: dict[str, Any] = {}
    for sid in sorted({s for it in items for s in it.situations}):
        if rng.random() < 0.8:
            facts[sid] = _answer(rng, catalog.situations[sid])
    materials: dict[str, Any] = {}
    for it in items:
        for material in it.materials:
            if material.id not in materials and rng.random() < 0.75:
                materials[material.id] = _submitted(rng, material)
    data.update(applicant=applicant, facts=facts, materials=materials, channel=rng.choice(CHANNELS),
                received_at=at.isoformat(), tolerance_pledge=rng.random() < 0.5)
    if catalog.green_channel is not None and rng.random() < 0.25:
        project = rng.choice(list(catalog.green_channel.projects))
        data["project"] = {"id": project.id}
    elif rng.random() < 0.05:
        data["project"] = {"category": rng.choice(["key_project", "investment_promotion", "soe_restructuring"])}
    return data


def resubmission(catalog: Catalog, data: dict[str, Any], decision) -> dict[str, Any]:
    """The same application with every material the notice lists handed in exactly as the notice says.

    Only the notice is read (not the catalog): a one-time notice must be enough to comply with.
    """
    materials = dict(data.get("materials", {}))
    facts = dict(data.get("facts", {}))
    rng = random.Random(0)
    asked = [m for question in decision.notice.questions for m in question.materials]
    for question in decision.notice.questions:  # the applicant's own answer; the notice says what each needs
        facts[question.situation] = _answer(rng, catalog.situations[question.situation])
    for entry in [*decision.notice.entries, *asked]:
        required = entry.required
        form = "original" if required.form == "original_or_copy" else required.form
        materials[entry.material] = {"form": form, "originals": required.originals,
                                     "copies": max(required.copies, 1 if required.form == "original_or_copy" and not required.originals else 0)}
    return {**data, "materials": materials, "facts": facts}


__all__ = ["application", "received_at", "resubmission"]
