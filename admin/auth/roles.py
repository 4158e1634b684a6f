"""Roles and the permission matrix, as data: role → view → allowed actions.

The matrix is the single place that says who may do what; views ask :func:`allowed` and the test
suite walks every cell of it. ``department_editor`` is also *scoped*: in the views listed in
``DEPARTMENT_SCOPED`` it sees and touches only rows of its own department.
"""
from __future__ import annotations

from onewindow.admin.store.records import RECORD_CLASSES

ROLES: dict[str, str] = {
    "reform_office": "审改办", "department_editor": "部门编辑", "reviewer": "审核人", "auditor": "审计（只读）",
    "window_clerk": "窗口人员", "efficiency_office": "效能办",
}
ACTIONS: tuple[str, ...] = ("list", "create", "edit", "delete", "submit", "publish")
CATALOG_VIEWS: tuple[str, ...] = tuple(RECORD_CLASSES)
"""One console view per catalog section, named after the section."""
CASE_VIEWS: tuple[str, ...] = ("cases", "supervision", "case_reports")
"""The case ledger (admin/cases): 办件, 电子监察, 月报."""
OTHER_VIEWS: tuple[str, ...] = ("repealed_citations", "audit", "users", "api_tokens", "sandbox") + CASE_VIEWS
VIEWS: tuple[str, ...] = CATALOG_VIEWS + OTHER_VIEWS

TOKEN_ROLE = "api_token"
"""The role of an embedding system calling the API with a token (:mod:`.tokens`): never a console user's role,
so no form offers it and no session carries it."""

_ALL_EDITS = frozenset({"list", "create", "edit", "delete", "submit"})
_READ = frozenset({"list"})


def _matrix() -> dict[str, dict[str, frozenset[str]]]:
    reform = {view: _ALL_EDITS | {"publish"} for view in CATALOG_VIEWS}
    reform.update(repealed_citations=_READ, audit=_READ, sandbox=_READ, users=frozenset({"list", "create", "edit", "delete"}),
                  api_tokens=frozenset({"list", "create", "delete"}))  # delete = revoke
    editor = {view: _READ for view in CATALOG_VIEWS}
    editor.update(items=frozenset({"list", "create", "edit", "submit"}), windows=frozenset({"list", "edit", "submit"}),
                  repealed_citations=_READ, sandbox=_READ)
    reviewer = {view: frozenset({"list", "publish"}) for view in CATALOG_VIEWS}
    reviewer.update(repealed_citations=_READ, audit=_READ, sandbox=_READ)
    auditor = {view: _READ for view in CATALOG_VIEWS}
    auditor.update(repealed_citations=_READ, audit=_READ, sandbox=_READ)
    clerk = {view: _READ for view in CATALOG_VIEWS} | {"sandbox": _READ, "cases": frozenset({"list", "create", "edit"})}
    office = {view: _READ for view in CATALOG_VIEWS} | {"cases": _READ, "supervision": frozenset({"list", "edit"}),
                                                        "case_reports": _READ, "audit": _READ}
    for readers in (reform, auditor):
        readers.update({view: _READ for view in CASE_VIEWS})
    token = {"cases": frozenset({"list", "create", "edit"})}  # the most any token may do; its scopes narrow it
    return {"reform_office": reform, "department_editor": editor, "reviewer": reviewer, "auditor": auditor,
            "window_clerk": clerk, "efficiency_office": office, TOKEN_ROLE: token}


PERMISSIONS: dict[str, dict[str, frozenset[str]]] = _matrix()
DEPARTMENT_SCOPED: dict[str, frozenset[str]] = {"department_editor": frozenset({"items", "windows"})}


def allowed(role: str | None, view: str, action: str) -> bool:
    """True when ``role`` may perform ``action`` in ``view`` (unknown role, view or action: no)."""
    return action in PERMISSIONS.get(role or "", {}).get(view, frozenset())


def scoped(role: str | None, view: str) -> bool:
    """True when ``role`` sees only its own department's rows in ``view``."""
    return view in DEPARTMENT_SCOPED.get(role or "", frozenset())


__all__ = ["ACTIONS", "CATALOG_VIEWS", "DEPARTMENT_SCOPED", "OTHER_VIEWS", "PERMISSIONS", "ROLES", "TOKEN_ROLE", "VIEWS", "allowed",
           "scoped"]
