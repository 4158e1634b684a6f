"""Console pages of the case ledger: the window clerk's cases (办件), the efficiency office's supervision
(电子监察), the monthly report (月报), printable notices, and the public status lookup (no login).

Each page asks the runtime (decide, replay, supervise) and the ledger service; it computes no date itself.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any, get_args

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_admin import Admin, BaseView, expose
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import and_, case as when, or_

from onewindow.runtime.cases import COLOUR_NAMES, CaseError, NOTICE_KINDS, RESULT_NAMES, TIMELINESS_NAMES
from onewindow.runtime.decision import MaterialFinding
from onewindow.runtime.decision import PROBLEM_NAMES
from onewindow.runtime.errors import ApplicationError, CalendarRangeError
from onewindow.runtime.rules import OUTCOME_NAMES, REGIME_NAMES

from ..store.db import db
from ..store.runtimes import RuntimeUnavailable
from ..views.access import RoleGuard
from ..views.sandbox import application_from_form, picked_item
from .figures import freeze_closed
from .feedback import GRADES, UPHELD, EvaluationError, answer_complaint, call_back, evaluate, file_complaint, rectify
from .ledger import append_event, create_case, events_of, ledger, now, parse_event, snapshot, status_now
from .notices import notice_html, notice_pdf
from .numbering import NumberingError
from .report import REPORT_FORMATS, monthly_report, processing_times, render_report
from .scoring import SCORE_HEADERS, score_row
from .tables import Case, CaseAlert, Complaint, Evaluation

PAGE = 50
FINDINGS = {finding: PROBLEM_NAMES[finding] for finding in get_args(MaterialFinding)}
"""What a clerk may find wrong with a material handed in (the application's ``findings``)."""
FIELD_NAMES = {"reason": "理由", "step": "环节", "category": "暂停类别", "notice_days": "书面告知所需时间（工作日）",
               "days": "天数（工作日）", "approver": "批准人", "material": "材料", "result": "结果", "fee": "收费项目",
               "amount": "金额（元）", "starts_on": "起算日"}
STATE_NAMES_FALLBACK = {"prereview": "预审"}


def colour_of(today: date) -> Any:
    """The supervision colour as SQL, computed when read: the clock against ``today``, or a stored card."""
    running = and_(Case.closed.is_(False), Case.decided_on.is_(None), Case.paused.is_(False), Case.promised_due.isnot(None))
    return when((or_(Case.alert_colour == "red", and_(running, Case.promised_due < today)), "red"),
                (or_(Case.alert_colour == "yellow", and_(running, Case.yellow_from <= today)), "yellow"),
                else_=Case.alert_colour)


def _user() -> str:
    return str(getattr(current_user, "username", "") or "console")


def _filtered(query: Any, args: Any, today: date) -> Any:
    colour = colour_of(today)
    if args.get("q"):
        like = f"%{args['q'].strip()}%"
        query = query.where(or_(Case.number.like(like), Case.applicant_name.like(like), Case.item_name.like(like)))
    for name, column in (("state", Case.state), ("department", Case.department), ("window", Case.window),
                         ("item", Case.item)):
        if args.get(name):
            query = query.where(column == args[name])
    if args.get("colour"):
        query = query.where(colour == args["colour"])
    return query


def _page(args: Any, today: date, *, open_only: bool = False) -> tuple[list[Any], int | None]:
    query = db.select(Case, colour_of(today).label("colour")).where(Case.parent_id.is_(None))
    if open_only:
        query = query.where(Case.closed.is_(False), Case.decided_on.is_(None))
    query = _filtered(query, args, today)
    before = args.get("before", type=int)
    if before:
        query = query.where(Case.id < before)
    rows = list(db.session.execute(query.order_by(Case.id.desc()).limit(PAGE + 1)).all())
    more = rows[PAGE][0].id + 1 if len(rows) > PAGE else None
    return rows[:PAGE], more


def _saved(action: Callable[[], object], done: str, refused: str, target: str) -> Any:
    """Run a form's ``action`` in the request's transaction: commit and say ``done``, or roll back and say why."""
    try:
        action()
        db.session.commit()
        flash(done, "success")
    except EvaluationError as exc:
        db.session.rollback()
        flash(f"{refused}：{exc}", "error")
    return redirect(target)


def _names() -> dict[str, dict[str, str]]:
    try:
        catalog = ledger().runtime.catalog
    except RuntimeUnavailable:
        return {"departments": {}, "windows": {}}
    return {"departments": {d.id: d.name for d in catalog.departments.values()},
            "windows": {w.id: w.name for w in catalog.windows.values()}}


class CasesView(RoleGuard, BaseView):
    permission_view = "cases"

    def _render(self, template: str, **context: Any) -> Any:
        return self.render(template, colours=COLOUR_NAMES, results=RESULT_NAMES, timeliness=TIMELINESS_NAMES,
                           grades=GRADES, fields=FIELD_NAMES, **_names(), **context)

    @expose("/")
    def index(self) -> Any:
        today = now().date()
        rows, more = _page(request.args, today)
        return self._render("admin/cases/list.html", rows=rows, more=more, args=request.args,
                            lifecycle_states=_lifecycle_states())

    @expose("/new", methods=("GET", "POST"))
    def new(self) -> Any:
        if not self.may("create"):
            abort(403)
        csrf = FlaskForm()
        try:
            led = ledger()
        except RuntimeUnavailable as exc:
            return self._render("admin/cases/new.html", unavailable=str(exc), csrf=csrf)
        catalog = led.runtime.catalog
        items, item = picked_item(catalog)
        decision, errors, application = None, [], None
        if request.method == "POST" and item is not None and csrf.validate_on_submit():
            try:
                if request.form.get("action") == "create":
                    application = json.loads(request.form["application"])
                    case, _ = create_case(led, application, actor=_user(), phone=request.form.get("phone") or None,
                                          prereview=bool(request.form.get("prereview")))
                    db.session.commit()
                    flash(f"已建档：办件编号 {case.number}，查询码 {case.query_code}", "success")
                    return redirect(url_for(".detail", number=case.number))
                application = application_from_form(item, catalog, request.form)
                application["applicant"]["name"] = request.form.get("applicant_name") or "申请人"
                for material_id, material in application["materials"].items():
                    finding = request.form.get(f"finding_{material_id}")
                    if finding in FINDINGS:
                        material["findings"] = [finding]
                decision = led.runtime.decide(application)
            except ApplicationError as exc:
                db.session.rollback()
                errors = [f"{e.path}：{e.message}" for e in exc.errors]
            except (ValueError, KeyError, CalendarRangeError, NumberingError) as exc:
                db.session.rollback()
                errors = [f"无法建档：{exc}"]
        return self._render("admin/cases/new.html", unavailable=None, items=items, item=item, catalog=catalog,
                            decision=decision, errors=errors, form=request.form, csrf=csrf, outcomes=OUTCOME_NAMES,
                            regimes=REGIME_NAMES, findings=FINDINGS, problems=PROBLEM_NAMES, application=json.dumps(application, ensure_ascii=False) if application else "")

    def _case(self, number: str) -> Case:
        case = db.session.scalar(db.select(Case).where(Case.number == number))
        if case is None:
            abort(404)
        return case

    @expose("/<number>")
    def detail(self, number: str) -> Any:
        case = self._case(number)
        led = ledger()
        status = status_now(led, case)
        supervision = led.supervise(status, led.now().date())
        events = events_of(case)
        allowed = [] if not self.may("edit") else list(led.lifecycle.allowed(status.state))
        children = list(db.session.scalars(db.select(Case).where(Case.parent_id == case.id).order_by(Case.id)))
        child_status = {c.id: status_now(led, c) for c in children}
        evaluation = db.session.scalar(db.select(Evaluation).where(Evaluation.case_id == case.id))
        return self._render("admin/cases/detail.html", case=case, status=status, supervision=supervision,
                            events=events, allowed=allowed, lifecycle=led.lifecycle, csrf=FlaskForm(),
                            event_names={e.kind: e.name for e in led.lifecycle.events}, children=children,
                            child_status=child_status, evaluation=evaluation, notice_kinds=[(k, led.lifecycle.notices[k].title) for k in NOTICE_KINDS],
                            parent=db.session.get(Case, case.parent_id) if case.parent_id else None)

    @expose("/<number>/event", methods=("POST",))
    def event(self, number: str) -> Any:
        if not self.may("edit") or not FlaskForm().validate_on_submit():
            abort(403 if not self.may("edit") else 400)
        case = self._case(number)
        led = ledger()
        fields = {k: v.strip() for k, v in request.form.items() if k not in ("csrf_token",) and v.strip()}
        try:
            event = parse_event(fields, at=led.now(), actor=_user())
            status = append_event(led, case, event, actor=_user())
            db.session.commit()
            flash(f"已记录：{led.lifecycle.event(event.kind).name}；当前状态：{status.state_name}", "success")  # type: ignore[union-attr]  # parse_event accepted the kind
        except CaseError as exc:
            db.session.rollback()
            flash("未记录：" + "；".join(f"{FIELD_NAMES.get(e.path.rsplit('.', 1)[-1], e.path)}：{e.message}"
                                        for e in exc.errors), "error")
        return redirect(url_for(".detail", number=number))

    @expose("/<number>/evaluation", methods=("POST",))
    def evaluation(self, number: str) -> Any:
        if not self.may("edit") or not FlaskForm().validate_on_submit():
            abort(403 if not self.may("edit") else 400)
        case = self._case(number)
        return _saved(lambda: evaluate(ledger(), case, grade=request.form.get("grade"), reason=request.form.get("reason"),
                                       channel="window"),
                      "已记录评价", "未记录评价", url_for(".detail", number=number))

    @expose("/<number>/circulation")
    def circulation(self, number: str) -> Any:
        """内部循环表: the one internal form of a joint case — every stage, department, sub-case, date and result."""
        case = self._case(number)
        led = ledger()
        children = list(db.session.scalars(db.select(Case).where(Case.parent_id == case.id).order_by(Case.id)))
        if not children:
            abort(404)
        return render_template("admin/cases/circulation.html", case=case, status=status_now(led, case),
                               rows=[(c, status_now(led, c)) for c in children], results=RESULT_NAMES,
                               centre=led.runtime.catalog.centre, **_names())

    @expose("/<number>/notice/<kind>")
    def notice(self, number: str, kind: str) -> Any:
        if kind not in NOTICE_KINDS:
            abort(404)
        case = self._case(number)
        led = ledger()
        status = status_now(led, case)
        if request.args.get("format") == "pdf":
            pdf = notice_pdf(led, case, status, kind)
            return Response(pdf, mimetype="application/pdf",
                            headers={"Content-Disposition": f"inline; filename={case.number}-{kind}.pdf"})
        return notice_html(led, case, status, kind)


def _lifecycle_states() -> dict[str, str]:
    from .ledger import lifecycle

    return {s.id: s.name for s in lifecycle().states}


class SupervisionView(RoleGuard, BaseView):
    """效能办: every open case with its colour (computed when read), alerts raised and cleared, complaints, bad grades."""

    permission_view = "supervision"

    @expose("/")
    def index(self) -> Any:
        today = now().date()
        rows, more = _page(request.args, today, open_only=True)
        colour = colour_of(today)
        counts = dict(db.session.execute(
            db.select(colour, db.func.count()).where(Case.closed.is_(False), Case.decided_on.is_(None),
                                                     Case.parent_id.is_(None)).group_by(colour)).all())
        alerts = db.session.execute(db.select(CaseAlert, Case.number).join(Case, Case.id == CaseAlert.case_id)
                                    .order_by(CaseAlert.id.desc()).limit(50)).all()
        complaints = list(db.session.scalars(db.select(Complaint).order_by(Complaint.id.desc()).limit(50)))
        bad = db.session.execute(db.select(Evaluation, Case.number).join(Case, Case.id == Evaluation.case_id)
                                 .where(Evaluation.grade <= 2).order_by(Evaluation.id.desc()).limit(50)).all()
        return self.render("admin/cases/supervision.html", rows=rows, more=more, args=request.args, counts=counts,
                           alerts=alerts, complaints=complaints, bad=bad, colours=COLOUR_NAMES, grades=GRADES,
                           csrf=FlaskForm(), can_edit=self.may("edit"), today=today,
                           lifecycle_states=_lifecycle_states(), **_names())

    def _post(self) -> None:
        if not self.may("edit") or not FlaskForm().validate_on_submit():
            abort(403 if not self.may("edit") else 400)

    @expose("/snapshot", methods=("POST",))
    def run_snapshot(self) -> Any:
        self._post()
        led = ledger()
        count = snapshot(led, actor=_user())
        db.session.commit()
        freeze_closed(led.now().date())
        flash(f"已按当前时间重算 {count} 件未办结办件的预警", "success")
        return redirect(url_for(".index"))

    @expose("/complaint", methods=("POST",))
    def complaint(self) -> Any:
        self._post()
        form = request.form

        def record() -> None:
            if form.get("id"):
                row = db.session.get(Complaint, int(form["id"])) or abort(404)
                answer_complaint(row, form.get("answer", ""), by=_user(), upheld=UPHELD.get(form.get("upheld", "")))
                return
            case = db.session.scalar(db.select(Case).where(Case.number == form.get("number", "").strip())) \
                if form.get("number") else None
            if form.get("number") and case is None:
                raise EvaluationError(404, "$.number", "unknown-case", f"办件 {form['number']} 不存在")
            file_complaint(ledger(), complainant=form.get("complainant", ""), content=form.get("content", ""),
                           case=case, window=form.get("window") or None, person=form.get("person") or None)

        return _saved(record, "已保存投诉记录", "未保存", url_for(".index"))

    @expose("/evaluation", methods=("POST",))
    def follow_up(self) -> Any:
        self._post()
        row = db.session.get(Evaluation, request.form.get("id", type=int) or 0) or abort(404)
        if request.form.get("callback_result"):
            return _saved(lambda: call_back(row, request.form["callback_result"]), "已保存回访", "未保存", url_for(".index"))
        return _saved(lambda: rectify(row, request.form.get("rectification", "")), "已保存整改", "未保存", url_for(".index"))


class ReportView(RoleGuard, BaseView):
    permission_view = "case_reports"

    @expose("/")
    def index(self) -> Any:
        month = request.args.get("month") or now().strftime("%Y-%m")
        try:
            report = monthly_report(month, ledger())
        except ValueError as exc:
            flash(str(exc), "error")
            return redirect(url_for(".index", month=now().strftime("%Y-%m")))
        return self.render("admin/cases/report.html", report=report, month=month, formats=REPORT_FORMATS,
                           score_headers=SCORE_HEADERS, score_row=score_row)

    @expose("/download")
    def download(self) -> Any:
        month, fmt = request.args.get("month", ""), request.args.get("format", "xlsx")
        if fmt not in REPORT_FORMATS:
            abort(404)
        try:
            report = monthly_report(month, ledger())
        except ValueError:
            abort(404)
        body, mimetype = render_report(report, fmt)
        return Response(body, mimetype=mimetype,
                        headers={"Content-Disposition": f"attachment; filename=monthly-report-{month}.{fmt}"})


PublicLookup = Blueprint("case_lookup", __name__, url_prefix="/cases")


@PublicLookup.route("/lookup", methods=("GET",))
def public_lookup() -> Any:
    """办件查询 for applicants: number + query code, nothing else needed, nothing internal shown."""
    number, code = request.args.get("number", "").strip(), request.args.get("code", "").strip().upper()
    found, status, missing = None, None, False
    if number or code:
        case = db.session.scalar(db.select(Case).where(Case.number == number)) if number else None
        if case is not None and case.query_code == code:
            found, status = case, status_now(ledger(), case)
        else:
            missing = True
    return render_template("admin/cases/lookup.html", case=found, status=status, missing=missing, number=number,
                           results=RESULT_NAMES)


@PublicLookup.route("/figures", methods=("GET",))
def public_figures() -> Any:
    """办理时间公示: per item, how long cases really took over the last year (median and 90th percentile)."""
    return render_template("admin/cases/figures.html", rows=processing_times(now().date()), today=now().date())


def register_case_views(admin: Admin) -> None:
    admin.add_view(CasesView(name="办件", endpoint="cases", category="办件"))
    admin.add_view(SupervisionView(name="电子监察", endpoint="supervision", category="办件"))
    admin.add_view(ReportView(name="月报", endpoint="case_reports", category="办件"))


__all__ = ["CasesView", "PublicLookup", "ReportView", "SupervisionView", "colour_of", "register_case_views"]
