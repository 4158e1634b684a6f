"""The admin uses the runtime only through its stated public surface: ``onewindow.runtime`` itself, a
subpackage (its ``__init__``) or a public top-level module — and only names listed in that ``__all__``."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _runtime_imports() -> list[tuple[str, int, str, list[str]]]:
    found = []
    for path in sorted((ROOT / "admin").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("onewindow.runtime"):
                found.append((path.relative_to(ROOT).as_posix(), node.lineno, node.module, [a.name for a in node.names]))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("onewindow.runtime"):
                        found.append((path.relative_to(ROOT).as_posix(), node.lineno, alias.name, []))
    return found


def test_admin_imports_only_public_runtime_names() -> None:
    imports = _runtime_imports()
    assert len(imports) > 20  # the admin really is a shell over the runtime
    wrong = []
    for file, line, module, names in imports:
        parts = module.split(".")[2:]
        if len(parts) > 1 or any(part.startswith("_") for part in parts):
            wrong.append(f"{file}:{line}: {module} 在子包内部（请从 onewindow.runtime.{parts[0]} 导入）")
            continue
        public = set(getattr(importlib.import_module(module), "__all__", ()))
        hidden = [n for n in names if n not in public]
        if hidden:
            wrong.append(f"{file}:{line}: {module} 的 __all__ 没有 {', '.join(hidden)}")
    assert wrong == []


def test_every_runtime_subpackage_states_its_public_names() -> None:
    import pkgutil

    import onewindow.runtime as runtime

    missing = []
    for info in pkgutil.iter_modules(runtime.__path__, "onewindow.runtime."):
        if info.ispkg and not hasattr(importlib.import_module(info.name), "__all__"):
            missing.append(info.name)
    assert missing == []
