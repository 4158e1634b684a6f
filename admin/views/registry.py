"""Which views the console shows, in menu order."""
from __future__ import annotations

from flask_admin import Admin

from .audit import AuditView
from .items import ItemView
from .legal import LegalDocumentView, RepealedCitationsView
from .organisation import section_views
from .sandbox import SandboxView
from .tokens import ApiTokenView
from .users import UserView


def register_views(admin: Admin) -> None:
    from ..auth.accounts import first_start_hint

    if admin.app is not None:  # the login page says how to create the first account when there is none
        admin.app.context_processor(lambda: {"first_start_hint": first_start_hint})
    admin.add_view(ItemView())
    admin.add_view(LegalDocumentView())
    for view in section_views():
        admin.add_view(view)
    admin.add_view(RepealedCitationsView(name="引用已废止文件的事项", endpoint="repealed_citations", category="依据与材料"))
    admin.add_view(AuditView())
    admin.add_view(UserView())
    admin.add_view(ApiTokenView())
    admin.add_view(SandboxView(name="受理沙盘", endpoint="sandbox", category="系统"))


__all__ = ["register_views"]
