"""Fees (收费): exact amounts per line, exemptions with their own basis, one total.

No basis, no fee (行政许可法 第五十八条): every line carries the citation the catalog requires, and an
exemption its own. Nothing is payable unless the application is accepted (「只收钱不办事」 is forbidden):
before that the lines are a labelled estimate and no window is named. Where to pay is a rule's
``route.fee_window`` (the county's unified fee window policy), not a default.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..catalog import Fee, Item, LegalBasis
from ..catalog.fee import FEN, PAYMENT_PLACE_NAMES
from ..conditions import evaluate
from .context import DecisionContext
from .decision import Citation, FeeLine, Fees


def _line(cite: Callable[[LegalBasis], Citation], item: Item, fee: Fee, facts: Mapping[str, Any], waived: Mapping[tuple[str, str], str],
          submitted: Mapping[str, Any]) -> FeeLine:
    quantity = facts.get(fee.quantity) if fee.quantity else None
    amount = fee.amount_for(quantity if isinstance(quantity, int) and not isinstance(quantity, bool) else None)
    payable, exemption, exemption_basis, note = amount, None, None, None
    for candidate in fee.exemptions:  # an exemption needing a pledge or proof applies only when it was handed in
        if evaluate(candidate.when, facts) and all(m in submitted for m in candidate.requires):
            payable = (amount * candidate.pay_ratio).quantize(FEN, rounding=ROUND_HALF_UP)
            exemption, exemption_basis = candidate.name, cite(candidate.basis)
            break
    reason = waived.get((item.code, fee.id)) or waived.get(("", fee.id))
    if reason:
        payable, note = Decimal("0.00"), reason
    return FeeLine.trusted(fee=fee.id, item=item.code, name=fee.name, amount=amount, exemption=exemption,
                   exemption_basis=exemption_basis, payable=payable,
                   basis=cite(fee.basis), note=note)


_NO_FEES = Fees.trusted(lines=(), total=Decimal("0.00"), estimate=False, window=None, window_name=None, unpublished=())
"""What :func:`compute_fees` gives when no line applies (a frozen value, shared)."""


def _unpublished(items: tuple[Item, ...]) -> tuple[str, ...]:
    """Codes of the items whose catalog entry says nothing of fees (no ``charges``, no fee listed): unknown is
    not 「不收费」 (the guide prints 未公布 for the same item)."""
    return tuple(item.code for item in items if item.charges is None and not item.fees)


def compute_fees(ctx: DecisionContext, accepted: bool) -> Fees:
    """The fee lines of the subject's items and of the decide rules' ``add_fee`` / ``waive_fee``; not
    ``accepted`` makes them an estimate; a rule's ``route.fee_window`` sends payment to the fee window."""
    catalog, facts, day, items = ctx.catalog, ctx.facts, ctx.subject.day, ctx.subject.items
    then = ctx.then
    unpublished = _unpublished(items)
    if not any(item.fees for item in items) and not any(t.add_fee for t in then):  # nothing to pay or estimate, no window
        return _NO_FEES if not unpublished else _NO_FEES.but(unpublished=unpublished)
    added = tuple(a for t in then for a in t.add_fee)
    waived = {(a.item or "", a.fee): a.reason for t in ctx.then for a in t.waive_fee}
    unified_window = any(t.route.fee_window for t in ctx.then if t.route)
    submitted = ctx.application.materials
    lines: list[FeeLine] = []
    places: set[str] = set()
    for item in items:
        for fee in item.fees_on(day):
            if fee.when is None or evaluate(fee.when, facts):
                if fee.quantity and not isinstance(facts.get(fee.quantity), int):
                    continue
                lines.append(_line(ctx.memo.cite, item, fee, facts, waived, submitted))
                places.add(fee.paid_at)
    for action in added:
        owner = catalog.item(action.item, on=day) if action.item else items[0]
        extra = next((f for f in owner.fees_on(day) if f.id == action.fee), None) if owner else None
        if owner is not None and extra is not None and all((line.item, line.fee) != (owner.code, extra.id) for line in lines):
            lines.append(_line(ctx.memo.cite, owner, extra, facts, waived, submitted).model_copy(update={"note": action.reason}))
    total = sum((line.payable for line in lines), Decimal("0.00"))
    if places and "fee_window" not in places and accepted:  # the item says where: the handling window, online, a bank
        return Fees.trusted(lines=tuple(lines), total=total, estimate=False, window=None,
                    window_name="、".join(PAYMENT_PLACE_NAMES[p] for p in sorted(places)), unpublished=unpublished)
    window = ctx.memo.fee_window if unified_window else None
    paid_at = window if window is not None and lines and accepted else None
    return Fees.trusted(lines=tuple(lines), total=total, estimate=bool(lines) and not accepted,
                window=paid_at.id if paid_at else None, window_name=paid_at.name if paid_at else None,
                unpublished=unpublished)


__all__ = ["compute_fees"]
