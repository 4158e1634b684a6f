"""The public surface of onewindow.runtime is exactly this list (httpx tests/test_exported_members.py)."""
from __future__ import annotations

import onewindow.runtime

EXPORTS = {
    "Application", "ApplicationError", "CalendarRangeError", "Catalog", "ConfigError", "Decision", "EngineName", "LoadReport",
    "OnewindowError", "Problem", "Runtime", "__version__", "check_catalog", "load_catalog",
}


def test_exports_all_matches() -> None:
    assert set(onewindow.runtime.__all__) == EXPORTS
    assert len(onewindow.runtime.__all__) == len(EXPORTS)


def test_exports_all_importable() -> None:
    for name in onewindow.runtime.__all__:
        assert getattr(onewindow.runtime, name) is not None


def test_exports_no_private_module_leaks() -> None:
    public = {n for n in vars(onewindow.runtime) if not n.startswith("_")}
    modules = {n for n in public if type(getattr(onewindow.runtime, n)).__name__ == "module"}
    assert public - modules - EXPORTS == set()
