"""onewindow.runtime — the pure library: catalog, rules and decisions of a one-stop service centre.

Embedders need nothing else (no Flask, no SQLAlchemy): load a catalog directory, and, with the rules,
decide applications.
"""
__version__ = "0.1.0"

from .catalog import Catalog as Catalog
from .errors import ApplicationError as ApplicationError, CalendarRangeError as CalendarRangeError
from .errors import ConfigError as ConfigError, OnewindowError as OnewindowError, Problem as Problem
from .loading import LoadReport as LoadReport, check_catalog as check_catalog, load_catalog as load_catalog
from .decision.application import Application as Application
from .decision.decision import Decision as Decision
from .runtime import EngineName as EngineName, Runtime as Runtime

__all__ = [
    "Application", "ApplicationError", "CalendarRangeError", "Catalog", "ConfigError", "Decision", "EngineName", "LoadReport", "OnewindowError", "Runtime",
    "Problem", "__version__", "check_catalog", "load_catalog",
]
