"""A decision as the clerk reads it out: the notice handed over at the window, in Chinese."""
from __future__ import annotations

from ..catalog.item import CASE_CLASS_NAMES
from ..catalog.names import UNIT_LABELS
from ..rules.models import OUTCOME_NAMES, REGIME_NAMES
from ..wording import citation_text
from .decision import PROBLEM_NAMES, Citation, Decision


def _cite(citation: Citation | None) -> str:
    if citation is None:
        return ""
    return citation_text(citation.title, citation.number, citation.article)


def render_text(decision: Decision) -> str:
    subject = decision.item_name or decision.pipeline or ""
    lines = [f"【{OUTCOME_NAMES[decision.outcome]}】{subject}",
             f"办件类型：{CASE_CLASS_NAMES[decision.case_class]}　办理制度：{REGIME_NAMES[decision.regime]}"]
    if decision.reason:
        lines.append(f"退回理由：{decision.reason}" + (f"；请向{decision.return_authority}申请" if decision.return_authority else ""))
    notice = decision.notice
    if notice.entries or notice.questions:
        heading = "网上预审发现" if decision.outcome == "prereview" else "一次性告知"
        lines.append(f"{heading}（请于补齐后一并提交" + (f"；告知依据：{_cite(notice.basis)}" if notice.basis else "") + "）：")
        for n, entry in enumerate(notice.entries, 1):
            lines.append(f"  {n}. {entry.name}：{PROBLEM_NAMES[entry.problem]}，{entry.detail}　依据：{_cite(entry.basis)}")
        for question in notice.questions:
            lines.append(f"  请回答：{question.question}（决定是否需要：{'、'.join(m.name for m in question.materials)}）")
    for circulated in decision.circulated:
        lines.append(f"内部流转：{circulated.name}由本联办线前一阶段（{circulated.source_item}）核发，无需提交")
    if decision.prereview:
        pre = decision.prereview
        lines.append(f"请携带以下材料到 {pre.window_name or '受理窗口'}（{pre.address or ''}）办理，最多跑 {pre.visits} 次：")
        for bring in pre.bring:
            required = bring.required
            amount = "、".join(p for p in (f"原件{required.originals}份" if required.originals else "",
                                           f"复印件{required.copies}份" if required.copies else "") if p) or "电子件"
            lines.append(f"  - {bring.name}：{amount}" + (f"（{bring.standard}）" if bring.standard else ""))
    if decision.tolerance:
        lines.append(f"容缺受理：以下材料须于 {decision.tolerance.due.isoformat()} 前补交")
        for deferred in decision.tolerance.materials:
            lines.append(f"  - {deferred.name}（{deferred.due.isoformat()} 前）")
    if decision.escalated_to:
        lines.append(f"报批机关：{decision.escalated_to}")
    clock = decision.clock
    if clock.promised_due:
        statute = clock.statutory_unit or clock.unit
        lines.append(f"承诺办结日期：{clock.promised_due.isoformat()}（{clock.promised_days} 个{UNIT_LABELS[clock.unit]}）　"
                     f"法定期限：{clock.statutory_due.isoformat() if clock.statutory_due else '—'}（{clock.statutory_days} 个{UNIT_LABELS[statute]}）")
    lines.append(f"时限说明：{clock.explanation}")
    if decision.route:
        route = decision.route
        mode = "联合审批" if route.mode == "joint" else "单部门办理"
        lines.append(f"流转：{mode}，牵头部门 {route.lead_department_name}，受理窗口 {route.lead_window_name or '—'}")
        for stop in route.stops:
            due = f"，{stop.due.isoformat()} 前" if stop.due else ""
            days = "工作日未公布" if stop.days is None else f"{stop.days} 个工作日"
            lines.append(f"  {stop.order}. {stop.name}（{days}{due}）")
        if route.agency_window:
            lines.append(f"全程代办：{route.agency_window}")
    if decision.green_channel.granted:
        lines.append("绿色通道：" + "；".join(decision.green_channel.changes))
    fees = decision.fees
    if fees.lines:
        if fees.estimate:
            lines.append("收费预估（未受理，现在无需缴费；受理后方需缴纳）：")
        else:
            lines.append(f"收费（统一在{fees.window_name}缴纳）：" if fees.window_name else "收费（在受理窗口缴纳）：")
        due = "预估" if fees.estimate else "应缴"
        for line in fees.lines:
            extra = f"，{line.exemption}（依据：{_cite(line.exemption_basis)}）" if line.exemption else ""
            extra += f"，{line.note}" if line.note else ""
            lines.append(f"  - {line.name}：{line.amount:.2f} 元，{due} {line.payable:.2f} 元{extra}　依据：{_cite(line.basis)}")
        lines.append(f"  {'预估合计' if fees.estimate else '合计'}：{fees.total:.2f} 元")
    elif fees.unpublished:
        lines.append(f"收费：未公布（目录未写明 {'、'.join(fees.unpublished)} 是否收费）")
    else:
        lines.append("收费：不收费")
    for note in decision.notes:
        lines.append(f"说明：{note}")
    lines.append("依据：" + "；".join(_cite(c) for c in decision.legal_bases))
    lines.append("规则：" + "、".join(t.rule for t in decision.trace))
    revision = decision.revision
    layers = " → ".join(f"{layer.name} {layer.revision}" for layer in revision.layers)
    lines.append(f"版本：目录 {revision.catalog} · 规则 {revision.rules}" + (f"（{layers}）" if layers else "")
                 + f" · 引擎 {decision.engine}")
    for disabled in revision.disabled:
        lines.append(f"停用规则：{disabled.rule}（{disabled.layer} 层：{disabled.reason}）")
    return "\n".join(lines)


__all__ = ["render_text"]
