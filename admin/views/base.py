"""CatalogModelView: one Flask-Admin view per catalog section, deciding nothing itself.

A save builds the pydantic model from the form and runs the runtime's lint over the working copy with
the edit applied; any error is shown beside its field and nothing is stored. Saves are optimistic: the
form carries the version it was opened at, and a second editor saving over a newer version gets a
conflict message and keeps their input (SQLAlchemy's ``version_id_col`` closes the last race window).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, g, has_app_context, redirect, request
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla import filters
from flask_admin.helpers import get_form_data
from flask_wtf import FlaskForm
from flask_login import current_user
from sqlalchemy import Text, cast, or_
from sqlalchemy.orm import aliased
from sqlalchemy.orm.exc import StaleDataError
from wtforms import Form, FormField

from onewindow.runtime.catalog import CASE_CLASS_NAMES, ITEM_TYPE_NAMES
from onewindow.runtime.catalog import STATUS_NAMES
from onewindow.runtime.errors import Finding
from onewindow.runtime.loading import ExtensionSchema

from ..store import audit, publication
from ..store.db import db
from ..store.records import RECORD_CLASSES, STATES, CatalogRecord, centre_time, serving_day
from ..store.publication import TOLERATED_ELSEWHERE
from ..store.working_catalog import catalog_rows, entity_of, new_problems
from ..sync.documents import validate_document
from .access import RoleGuard
from .document_form import (
    REFERENCES, VERSION_FIELD, chinese_message, chinese_path, document_form, document_from_form, error_summary, field_at, form_data, form_sections,
)
from .workflow import WorkflowMixin

CONFLICT_MESSAGE = "保存冲突：在您编辑期间，{user} 已修改并保存了此条目（当前版本 {version}）。您的输入已保留，请核对最新内容后重新保存。"

RECORD_LABELS: dict[str, str] = {
    "key": "标识", "state": "流程状态", "effective_on": "发布生效日期", "updated_at": "更新时间", "updated_by": "更新人",
    "legal_status": "文件状态", "file": "所在文件", "version_id": "版本",
}
COLUMN_FALLBACK_LABELS: dict[str, str] = {"department": "所属部门", "valid_from": "生效日期", "valid_until": "失效日期"}
"""Labels of indexed columns whose section's model names the field otherwise (a window's ``departments``)."""
ENUM_NAMES: dict[str, dict[str, str]] = {
    "item_type": ITEM_TYPE_NAMES, "default_case_class": CASE_CLASS_NAMES, "legal_status": STATUS_NAMES, "state": STATES,
}


def extension_problems(model: Any) -> list[Finding]:
    """The county's extension fields checked as ``onewindow validate`` checks them: against
    ``extensions.schema.json`` of the configured catalog directory (none declared: none allowed)."""
    if "extensions" not in type(model).model_fields:
        return []
    root = current_app.config.get("ONEWINDOW_CONFIG_DIR")
    schema = ExtensionSchema(Path(root) if root else None)
    return list(schema.check([model]))


def like_literal(text: str) -> str:
    """``text`` matched literally inside a LIKE pattern (escape character ``\\``): ``%`` and ``_`` are not wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _departments_of(model: Any) -> set[str]:
    return {getattr(model, "department", None), *getattr(model, "departments", ())} - {None}


def shared_part_problems(before: Any, after: Any, scope: str) -> list[Finding]:
    """A department editor's edit of a row other departments share (a joint window): only their own
    department's entry in ``departments`` may change; the other departments and every shared field stay."""
    others_before = _departments_of(before) - {scope} if before is not None else set()
    others_after = _departments_of(after) - {scope}
    field = "department" if "department" in type(after).model_fields else "departments"
    problems = []
    if others_after != others_before:
        problems.append(Finding(None, (field,), "department-scope",
                                f"只能增减本部门（{scope}），不能改动其他部门（{'、'.join(sorted(others_after ^ others_before))}）"))
    if others_before:
        old, new = before.model_dump(exclude={"departments"}), after.model_dump(exclude={"departments"})
        for name in [n for n in new if old.get(n) != new[n]]:
            problems.append(Finding(None, (name,), "department-scope",
                                    f"与其他部门（{'、'.join(sorted(others_before))}）共用，此项只能由审改办修改"))
    return problems


def department_options() -> list[tuple[str, str]]:
    """(identifier, 「name」) of every department in the working copy, for selects by name."""
    if not has_app_context():  # Flask-Admin also builds its filter cache once at start-up
        return []
    rows = db.session.execute(db.select(CatalogRecord.key, CatalogRecord.name)
                              .where(CatalogRecord.section == "departments").order_by(CatalogRecord.key))
    return [(key, name) for key, name in rows]


def _department_name(key: str | None) -> str:
    """A department's name for list cells (the names read once per request)."""
    if not key:
        return ""
    names = g.get("onewindow_department_names")
    if names is None:
        names = g.onewindow_department_names = dict(department_options())
    return names.get(key, key)


class PendingPublicationFilter(filters.BaseSQLAFilter):
    """排期发布 有/无: a publication scheduled for a day still to come (the serving day moves it)."""

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        column = self.get_column(alias)
        pending = column > serving_day()
        return query.filter(pending if value == "1" else or_(column.is_(None), ~pending))

    def operation(self) -> str:
        return "为"


def _enum_formatter(names: dict[str, str]) -> Any:
    def format_value(view: Any, context: Any, model: Any, name: str) -> str:
        value = getattr(model, name)
        return names.get(value, value or "")
    return format_value


class CatalogModelView(WorkflowMixin, RoleGuard, ModelView):
    """List, search, filter, create and edit the entities of one catalog section."""

    record_class: type[CatalogRecord]
    form_base_class = FlaskForm  # CSRF on every form (Flask-WTF; Flask-Admin's SecureForm would clash with CSRFProtect)
    can_view_details = True
    can_set_page_size = True
    page_size = 50
    column_list: Any = ("code", "name", "state", "effective_on", "updated_at")
    column_searchable_list: Any = ("code", "name")
    column_filters: Any = ("state",)
    column_default_sort: Any = ("code", False)
    column_details_list: Any = ("key", "name", "state", "effective_on", "file", "updated_at", "updated_by", "version_id")

    def __init__(self, record_class: type[CatalogRecord], *, category: str | None = None) -> None:
        self.record_class = record_class
        section = str(record_class.__mapper_args__["polymorphic_identity"])
        self.permission_view = section
        titles = {name: info.title for name, info in record_class.model.model_fields.items() if info.title}
        self.column_labels = {**COLUMN_FALLBACK_LABELS, **titles, "code": titles.get("code") or titles.get("id") or "标识",
                              "name": titles.get("name") or titles.get("title") or "名称", **RECORD_LABELS}
        self.column_formatters = {name: _enum_formatter(names) for name, names in ENUM_NAMES.items()}
        self.column_formatters["state"] = lambda view, context, model, name: self.state_link(model)
        self.column_formatters["updated_at"] = lambda view, context, model, name: centre_time(model.updated_at)
        self.column_formatters["department"] = lambda view, context, model, name: _department_name(model.department)
        self.column_formatters_export = {**self.column_formatters,
                                         "state": lambda view, context, model, name: model.state_label(serving_day())}
        self.column_filters = [*(self._filter(name) for name in self.column_filters),
                               PendingPublicationFilter(record_class.scheduled_on, "排期发布", options=[("1", "有"), ("0", "无")])]
        super().__init__(record_class, db, name=record_class.label, endpoint=section, category=category)

    def _filter(self, name: str) -> Any:
        column = getattr(self.record_class, name)
        label = self.column_labels.get(name, name)
        names = ENUM_NAMES.get(name)
        if names:
            return filters.FilterEqual(column, label, options=list(names.items()))
        if name == "department":  # pick a department by its name (read when the list page is drawn)
            return filters.FilterEqual(column, label, options=department_options)
        return filters.FilterEqual(column, label)

    def _get_filter_groups(self) -> Any:
        self._refresh_filters_cache()  # options read from the database (departments) are current on every page
        return super()._get_filter_groups()

    # -- export (CSV, XLSX) of the list as filtered and searched ----------------------------------------
    can_export = True
    export_types = ["csv", "xlsx"]
    export_max_rows = 0  # every row the list's filters select

    def get_export_name(self, export_type: str = "csv") -> str:
        return f"{self.permission_view}_{serving_day().isoformat()}.{export_type}"

    def _export_tablib(self, export_type: str, return_url: str) -> Any:
        """XLSX with openpyxl (already a dependency), the same columns and values as the CSV."""
        from io import BytesIO

        from flask import Response
        from openpyxl import Workbook

        _count, data = self._export_data()
        book = Workbook()
        sheet = book.active
        sheet.title = self.record_class.label
        sheet.append([title for _, title in self._export_columns])
        for row in data:
            sheet.append([str(self.get_export_value(row, name) or "") for name, _ in self._export_columns])
        buffer = BytesIO()
        book.save(buffer)
        return Response(buffer.getvalue(), mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": f"attachment;filename={self.get_export_name(export_type)}"})

    # -- search ------------------------------------------------------------------------------------
    search_placeholder_text = "编码、名称、部门名称、材料名称"

    def search_placeholder(self) -> str:
        return self.search_placeholder_text

    def _apply_search(self, query: Any, count_query: Any, joins: Any, count_joins: Any, search: str) -> Any:
        """Each word must match the code, the name, the *name* of the entity's department, or any text of the
        document — a material's name included, also when the item only names a library material by its id."""
        for term in search.split():
            condition = self._search_condition(term)
            query = query.filter(condition)
            count_query = count_query.filter(condition) if count_query is not None else None
        return query, count_query, joins, count_joins

    def _search_condition(self, term: str) -> Any:
        def like(text: str) -> str:
            return "%" + text.replace("~", "~~").replace("%", "~%").replace("_", "~_") + "%"

        records = self.record_class
        other = aliased(CatalogRecord)
        named = db.select(other.key).where(other.name.like(like(term), escape="~"))
        materials = db.session.scalars(named.where(other.section == "materials").limit(50)).all()
        text = cast(CatalogRecord.document, Text)
        escaped = json.dumps(term)[1:-1]  # documents stored as JSON with \uXXXX escapes (SQLite)
        return or_(records.code.ilike(like(term), escape="~"), records.name.like(like(term), escape="~"),
                   CatalogRecord.department.in_(named.where(other.section == "departments")),
                   text.like(like(term), escape="~"), text.like(like(escaped), escape="~"),
                   *(text.like(like(f'"{key}"'), escape="~") for key in materials))

    # -- scope -------------------------------------------------------------------------------------
    def _scoped(self, query: Any) -> Any:
        scope = self.department_scope
        if scope is None:
            return query
        return query.filter(self.record_class.departments.like(f"%,{like_literal(scope)},%", escape="\\"))

    def get_query(self) -> Any:
        return self._scoped(super().get_query())

    def get_count_query(self) -> Any:
        return self._scoped(super().get_count_query())

    def get_one(self, id: Any) -> Any:
        record = super().get_one(id)
        scope = self.department_scope
        if record is not None and scope is not None and not record.in_department(scope):
            abort(403)
        return record

    # -- forms -------------------------------------------------------------------------------------
    edit_template = "admin/catalog/edit.html"
    create_template = "admin/catalog/create.html"

    def render(self, template: str, **kwargs: Any) -> Any:
        if template in (self.edit_template, self.create_template):
            kwargs["references"] = g.onewindow_references = self._references()  # for ReferenceField options
            form = kwargs.get("form")
            kwargs["problems"] = error_summary(form) if form is not None and request.method == "POST" else []
            kwargs["sections"] = form_sections(form) if form is not None else []
            kwargs["situations"] = self._situations()
        return super().render(template, **kwargs)

    @expose("/condition/")
    def condition(self) -> Any:
        """The condition builder's question: a condition box's YAML as the guide's sentence and the builder's rows."""
        from flask import jsonify

        from .conditions import read_condition

        return jsonify(read_condition(request.args.get("text", "")))

    @staticmethod
    def _situations() -> list[dict[str, Any]]:
        """The situation questions of the working copy with their answers, for the condition builder."""
        rows = db.session.scalars(db.select(CatalogRecord.document).where(CatalogRecord.section == "situations")
                                  .order_by(CatalogRecord.key))
        found = []
        for document in rows:
            kind = document.get("kind")
            answers = ([{"value": True, "label": "是"}, {"value": False, "label": "否"}] if kind == "yes_no" else
                       [{"value": c.get("value"), "label": c.get("label") or c.get("value")} for c in document.get("choices", ())])
            found.append({"id": document.get("id"), "question": document.get("question", ""), "kind": kind,
                          "unit": document.get("unit") or "", "answers": answers})
        return found

    @staticmethod
    def _references() -> dict[str, list[tuple[str, str]]]:
        """(identifier, name) of every entity a form field may name, by section (see ``REFERENCES``)."""
        sections = sorted(set(REFERENCES.values()))
        rows = db.session.execute(db.select(CatalogRecord.section, CatalogRecord.key, CatalogRecord.name)
                                  .where(CatalogRecord.section.in_(sections)).order_by(CatalogRecord.key))
        found: dict[str, list[tuple[str, str]]] = {section: [] for section in sections}
        for section, key, name in rows:
            found[section].append((key, name))
        return found

    def scaffold_form(self) -> type[Form]:
        return document_form(self.record_class.model, self.form_base_class)

    def create_form(self, obj: Any = None) -> Form:
        return self._create_form_class(get_form_data())

    def edit_form(self, obj: Any = None) -> Form:
        submitted = get_form_data()
        if submitted is not None:  # a POST says everything itself: entries removed in the page stay removed
            form = self._edit_form_class(submitted)
        else:
            form = self._edit_form_class(data=form_data(self.record_class.model, obj.document if obj is not None else {}))
        if not form[VERSION_FIELD].data and obj is not None:
            form[VERSION_FIELD].data = str(obj.version_id)
        return form

    def _editing(self) -> CatalogRecord | None:
        record_id = request.args.get("id")
        return db.session.get(self.record_class, int(record_id)) if record_id and record_id.isdigit() else None

    def _attach(self, form: Form, problems: list[Finding], places: dict[Any, Any]) -> None:
        """Show each finding beside the input its path names (inside inline sub-forms too), else atop the form."""
        for problem in problems:
            target, rest = field_at(form, problem.path, places)
            where = chinese_path(self.record_class.model, problem.path) if target is None or rest else ""
            message = chinese_message(self.record_class.model, problem.path, problem.message)
            text = f"{where}：{message}" if where else message
            if target is None or target.name == VERSION_FIELD:
                form.form_errors.append(text)
                flash(text, "error")
            elif isinstance(target, FormField):
                target.form.form_errors.append(text)  # shown atop that sub-form (admin/model/inline_form.html)
            else:
                target.errors = [*target.errors, text]

    def validate_form(self, form: Form) -> bool:
        """WTForms (CSRF), then the pydantic model, department scope and the runtime lint."""
        if not super().validate_form(form):
            return False
        if request.method != "POST" or VERSION_FIELD not in form:
            return True  # GET, or Flask-Admin's own delete/action forms
        record = self._editing()
        model_class = self.record_class.model
        reading = document_from_form(form, model_class, record.document if record else {})
        document, problems = reading.document, list(reading.problems)
        model = None
        if not problems:
            model, problems = validate_document(model_class, document)
        scope = self.department_scope
        if model is not None and scope is not None:
            if scope not in _departments_of(model):
                field = "department" if "department" in model_class.model_fields else "departments"
                problems.append(Finding(None, (field,), "department-scope", f"只能编辑本部门（{scope}）的条目"))
            else:
                before = validate_document(model_class, record.document)[0] if record is not None else None
                problems += shared_part_problems(before, model, scope)
        if model is not None and not problems:
            problems += extension_problems(model)
        if model is not None and not problems:
            section = self.permission_view
            key = (section, self.record_class.key_of(document))
            old_key = (section, record.key) if record else None
            clash = db.session.scalar(db.select(CatalogRecord.id).filter_by(section=section, key=key[1]))
            if clash is not None and (record is None or clash != record.id):
                problems.append(Finding(None, ("code" if "code" in model_class.model_fields else "id",), "duplicate-id",
                                        f"标识 {key[1]} 已存在"))
            records = catalog_rows()
            for finding in new_problems(records, key, model, old_key):
                section, entity = entity_of(finding)
                if finding.severity == "warning":
                    where = chinese_path(RECORD_CLASSES[section].model, finding.path)
                    flash(f"警告：{where}：{finding.message}", "warning")
                elif (section, entity) == key:
                    problems.append(finding)
                elif finding.code not in TOLERATED_ELSEWHERE:
                    other = RECORD_CLASSES[section]
                    problems.append(Finding(None, (), finding.code, f"此修改会使{other.label}「{entity}」出错："
                                            f"{chinese_path(other.model, finding.path)}：{finding.message}"))
        if model is not None and not problems:
            problems += self._rules_problems(key, model, old_key)
        if problems:
            self._attach(form, problems, reading.places)
            flash("未保存：请按字段旁的提示修改。", "error")
            return False
        form._onewindow_edit = (document, model)
        return True

    def _rules_problems(self, key: tuple[str, str], model: Any, old_key: tuple[str, str] | None) -> list[Finding]:
        """The rules layer of the validity judge on the published catalog with this edit: a save that
        would stop the rules compiling once published is refused now, naming the rule."""
        replace = {key: model, **({old_key: None} if old_key is not None and old_key != key else {})}
        fields = type(model).model_fields
        found = []
        for finding in publication.judge_change(replace, layers=("rules",)):
            loc = ("status",) if finding.code == "repealed-basis" and "status" in fields else ()
            found.append(Finding(None, loc, finding.code, "此修改一旦发布会使规则无法编译：" + publication.describe(finding)))
        return found

    def _conflict(self, form: Form, record: CatalogRecord) -> bool:
        db.session.rollback()
        db.session.refresh(record)
        message = CONFLICT_MESSAGE.format(user=record.updated_by or "他人", version=record.version_id)
        form.form_errors.append(message)
        flash(message, "error")
        return False

    def create_model(self, form: Form) -> Any:
        document, model = form._onewindow_edit
        record = self.record_class(state="draft", updated_by=current_user.username)
        record.apply(document, model)
        db.session.add(record)
        audit.record("create", user=current_user.username, section=self.permission_view, key=record.key, after=document)
        db.session.commit()
        return record

    def update_model(self, form: Form, model: Any) -> bool:
        document, validated = form._onewindow_edit
        opened_at = form[VERSION_FIELD].data
        if str(model.version_id) != str(opened_at):
            return self._conflict(form, model)
        before = model.document
        model.apply(document, validated)
        model.state = "draft"
        model.updated_by = current_user.username
        audit.record("update", user=current_user.username, section=self.permission_view, key=model.key,
                     before=before, after=document)
        try:
            db.session.commit()
        except StaleDataError:
            return self._conflict(form, model)
        return True

    # -- delete is a withdrawal (申请取消), reviewed and in force from a day ------------------------
    def delete_model(self, model: Any) -> bool:
        """Ask for the withdrawal of ``model``; flashes the refusal (the judge's findings) and returns False."""
        try:
            message = publication.request_withdrawal(model, user=current_user.username, section=self.permission_view)
        except publication.PublicationRefused as refused:
            db.session.rollback()
            flash(str(refused), "error")
            return False
        db.session.commit()
        flash(message, "success")
        return True

    @expose("/delete/", methods=("POST",))
    def delete_view(self) -> Any:
        """Flask-Admin's delete button, without its 「删除成功」: nothing is deleted, a withdrawal is asked."""
        form = self.delete_form()
        if not self.can_delete or not self.validate_form(form):
            flash("未执行：无权申请取消，或表单已过期。", "error")
            return redirect(self.get_url(".index_view"))
        model = self.get_one(form.id.data)
        if model is None:
            abort(404)
        self.delete_model(model)
        return redirect(self.get_url(".index_view"))

    @action("delete", "申请取消", "选中的条目将申请取消：经审核后在生效日期起停止提供，可恢复。确定吗？")
    def action_delete(self, ids: Any) -> None:
        """The bulk 选中的→申请取消: each selected entity asks for its withdrawal, judged one by one."""
        asked = 0
        for model in self.get_query().filter(self.record_class.id.in_([int(i) for i in ids if str(i).isdigit()])).all():
            asked += self.delete_model(model)
        flash(f"共 {asked} 个条目已申请取消。", "success" if asked else "error")


__all__ = ["CONFLICT_MESSAGE", "CatalogModelView", "like_literal", "shared_part_problems"]
