"""Console users, managed by the reform office: create, edit, disable, reset password, change role.

Every change goes through :mod:`onewindow.admin.auth.accounts` (the same rules and audit as the CLI);
passwords are only ever stored hashed and never shown. There is no deleting an account — the audit log
names its user — so the list's delete disables it.
"""
from __future__ import annotations

from typing import Any

from flask import flash, redirect
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.contrib.sqla import ModelView
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..auth import accounts
from ..auth.roles import ROLES
from ..auth.users import User
from ..store.db import db
from .access import RoleGuard
from .base import department_options


class UserForm(FlaskForm):
    username = StringField("用户名", validators=[DataRequired(message="请填写用户名"), Length(max=64, message="用户名最多 64 个字符")])
    display_name = StringField("姓名", validators=[Length(max=64, message="姓名最多 64 个字符")])
    role = SelectField("角色", choices=[SelectChoice(role, name) for role, name in ROLES.items()])
    department = SelectField("所属部门", choices=[], validate_choice=False, description="部门编辑必选；其他角色可不选")
    active = BooleanField("启用", default=True)
    password = PasswordField("密码", description="新建时必填；编辑时留空则不修改。至少 10 位，含字母、数字、符号中的两类，不含用户名")


class UserView(RoleGuard, ModelView):
    permission_view = "users"
    form = UserForm
    form_base_class = FlaskForm
    column_list = ("username", "display_name", "role", "department", "active")
    column_searchable_list = ("username", "display_name")
    column_labels = dict(accounts.FIELD_NAMES)
    column_formatters = {"role": lambda v, c, m, n: ROLES.get(m.role, m.role),
                         "department": lambda v, c, m, n: dict(department_options()).get(m.department, m.department or ""),
                         "active": lambda v, c, m, n: "启用" if m.active else "已停用"}
    can_view_details = False

    def __init__(self) -> None:
        super().__init__(User, db, name="用户", endpoint="users", category="系统")

    def _prepare(self, form: Any, user: User | None) -> Any:
        form.department.choices = [SelectChoice(key, name) for key, name in [("", "（无）"), *department_options()]]
        if user is not None:
            form.username.render_kw = {"readonly": True}
        return form

    def create_form(self, obj: Any = None) -> Any:
        return self._prepare(super().create_form(obj), None)

    def edit_form(self, obj: Any = None) -> Any:
        return self._prepare(super().edit_form(obj), obj)

    def _refused(self, form: Any, refused: accounts.AccountRefused) -> bool:
        db.session.rollback()
        field = getattr(form, refused.field or "", None)
        if field is not None:
            field.errors = [*field.errors, str(refused)]
        flash(f"未保存：{accounts.FIELD_NAMES.get(refused.field or '', '')}{'：' if refused.field else ''}{refused}", "error")
        return False

    def create_model(self, form: Any) -> Any:
        if not form.password.data:
            return self._refused(form, accounts.AccountRefused("新用户必须设置密码", "password"))
        try:
            user = accounts.create(form.username.data, form.password.data, role=form.role.data, by=current_user.username,
                                   display_name=form.display_name.data or "", department=form.department.data or None)
            if not form.active.data:
                accounts.update(user, by=current_user.username, active=False)
        except accounts.AccountRefused as refused:
            return self._refused(form, refused)
        db.session.commit()
        flash(f"已新建用户「{user.username}」（{ROLES[user.role]}）。", "success")
        return user

    def update_model(self, form: Any, model: User) -> bool:
        try:
            changed = accounts.update(model, by=current_user.username, display_name=form.display_name.data or "",
                                      role=form.role.data, department=form.department.data or "",
                                      active=bool(form.active.data), password=form.password.data or None)
        except accounts.AccountRefused as refused:
            return self._refused(form, refused)
        db.session.commit()
        flash(f"已保存「{model.username}」：{'；'.join(changed) if changed else '没有改动'}。", "success")
        return True

    def delete_model(self, model: User) -> bool:
        try:
            accounts.update(model, by=current_user.username, active=False)
        except accounts.AccountRefused as refused:
            db.session.rollback()
            flash(str(refused), "error")
            return False
        db.session.commit()
        flash(f"已停用「{model.username}」（账号保留，审计记录仍指向它；可在编辑页重新启用）。", "success")
        return True

    @expose("/delete/", methods=("POST",))
    def delete_view(self) -> Any:
        form = self.delete_form()
        if self.can_delete and self.validate_form(form):
            model = self.get_one(form.id.data)
            if model is not None:
                self.delete_model(model)
        return redirect(self.get_url(".index_view"))

    @action("delete", "停用", "停用选中的账号？")
    def action_delete(self, ids: Any) -> None:
        for model in self.get_query().filter(User.id.in_([int(i) for i in ids if str(i).isdigit()])).all():
            self.delete_model(model)


__all__ = ["UserForm", "UserView"]
