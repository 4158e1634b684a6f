"""Console users, managed by the reform office; passwords are only ever stored hashed."""
from __future__ import annotations

from typing import Any

from flask_admin.contrib.sqla import ModelView
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from ..auth.roles import ROLES
from ..auth.users import User
from ..store.db import db
from .access import RoleGuard


class UserView(RoleGuard, ModelView):
    permission_view = "users"
    form_base_class = FlaskForm  # CSRF on every form (Flask-WTF; Flask-Admin's SecureForm would clash with CSRFProtect)
    column_list = ("username", "display_name", "role", "department", "active")
    column_labels = {"username": "用户名", "display_name": "姓名", "role": "角色", "department": "所属部门",
                     "active": "启用", "password": "新密码"}
    column_formatters = {"role": lambda v, c, m, n: ROLES.get(m.role, m.role),
                         "active": lambda v, c, m, n: "启用" if m.active else "停用"}
    form_columns = ("username", "display_name", "role", "department", "active")
    form_extra_fields = {"password": PasswordField("新密码", validators=[Optional(), Length(min=10)],
                                                   description="至少 10 位；留空则不修改")}
    form_overrides = {"role": SelectField}
    form_args = {"role": {"choices": [SelectChoice(role, name) for role, name in ROLES.items()]}}

    def __init__(self) -> None:
        super().__init__(User, db, name="用户", endpoint="users", category="系统")

    def on_model_change(self, form: Any, model: Any, is_created: bool) -> None:
        if form.password.data:
            model.set_password(form.password.data)
        elif is_created:
            raise ValueError("新用户必须设置密码")


__all__ = ["UserView"]
