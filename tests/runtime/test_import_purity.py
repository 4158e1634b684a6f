"""The runtime never imports Flask or SQLAlchemy, not even indirectly (click tests/test_imports.py style)."""
from __future__ import annotations

import json
import subprocess
import sys

FORBIDDEN = ("flask", "flask_admin", "flask_sqlalchemy", "flask_login", "flask_wtf", "flask_babel",
             "sqlalchemy", "alembic", "wtforms", "werkzeug")

SCRIPT = """
import importlib, json, pkgutil, sys
import onewindow.runtime as runtime
failed = []
for info in pkgutil.walk_packages(runtime.__path__, "onewindow.runtime."):
    try:
        importlib.import_module(info.name)
    except Exception as exc:  # report, do not hide: a module that cannot import is a failure too
        failed.append(f"{info.name}: {type(exc).__name__}: {exc}")
print(json.dumps({"modules": sorted(sys.modules), "failed": failed}))
"""


def test_import_purity_runtime_and_submodules() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    assert result["failed"] == []
    leaked = sorted(m for m in result["modules"] if m.split(".")[0] in FORBIDDEN)
    assert leaked == []
    assert "onewindow.runtime.loading.loader" in result["modules"]


def test_import_purity_no_admin() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], check=True, capture_output=True, text=True).stdout
    assert not [m for m in json.loads(out)["modules"] if m.startswith("onewindow.admin")]


ALONE = """
import importlib, importlib.util, sys, types
spec = importlib.util.find_spec("onewindow.runtime")
package = types.ModuleType("onewindow.runtime")  # the package without its __init__: no import order to hide a cycle
package.__path__ = list(spec.submodule_search_locations)
sys.modules["onewindow.runtime"] = package
importlib.import_module(sys.argv[1])
"""


def _subpackages() -> list[str]:
    import pkgutil

    import onewindow.runtime as runtime

    return sorted(info.name for info in pkgutil.iter_modules(runtime.__path__, "onewindow.runtime.") if info.ispkg)


def test_each_subpackage_imports_alone_in_a_fresh_process() -> None:
    names = _subpackages()
    assert "onewindow.runtime.conditions" in names and "onewindow.runtime.catalog" in names
    failed = {}
    for name in names:
        done = subprocess.run([sys.executable, "-c", ALONE, name], capture_output=True, text=True)
        if done.returncode != 0:
            failed[name] = done.stderr.strip().splitlines()[-1:]
    assert failed == {}
