"""Demo users for development mode only: one per role, printed at startup, never created in production."""
from __future__ import annotations

from ..store.db import db
from .users import User

DEMO_USERS: tuple[tuple[str, str, str, str | None], ...] = (
    ("reform", "审改办演示用户", "reform_office", None),
    ("editor", "部门编辑演示用户", "department_editor", None),
    ("reviewer", "审核人演示用户", "reviewer", None),
    ("auditor", "审计演示用户", "auditor", None),
    ("clerk", "窗口人员演示用户", "window_clerk", None),
    ("office", "效能办演示用户", "efficiency_office", None),
)
DEMO_PASSWORD = "onewindow-demo"


def ensure_demo_users(department: str | None) -> list[tuple[str, str, str]]:
    """Create the demo users if there are no users at all; returns (username, password, role) to print."""
    if db.session.scalar(db.select(User.id).limit(1)) is not None:
        return []
    created = []
    for username, display, role, dept in DEMO_USERS:
        user = User(username=username, display_name=display, role=role,
                    department=department if role == "department_editor" else dept, active=True)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        created.append((username, DEMO_PASSWORD, role))
    db.session.commit()
    return created


__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "ensure_demo_users"]
