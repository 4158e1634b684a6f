"""Console users: hashed passwords (werkzeug.security), a role, and for department editors a department."""
from __future__ import annotations

from flask_login import UserMixin
from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..store.db import db


class User(UserMixin, db.Model):  # type: ignore[name-defined]  # db.Model is built at run time by Flask-SQLAlchemy
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64), default="")
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(32))
    department: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    @property
    def is_active(self) -> bool:
        return self.active

    def set_password(self, password: str) -> None:
        from flask import current_app

        method = current_app.config.get("ONEWINDOW_PASSWORD_HASH", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __str__(self) -> str:
        return self.display_name or self.username


__all__ = ["User"]
