"""The error tree of onewindow and the `Problem` every check reports.

    OnewindowError           exit_code 2 unless a subclass says otherwise
    ├── UsageError           unusable input named by the user (no such directory, file, item): exit 2
    ├── CheckFailed          a check ran and failed (problems, scenarios, burden): exit 1
    ├── ConfigError          problems: tuple[Problem, ...] (catalog or rules files)
    │   └── RulesCompileError   a rule that cannot be compiled (rule id, file:line)
    ├── ConditionError       expression and the path inside it
    ├── CalendarRangeError   a date outside the loaded calendar years (never a guess)
    ├── ApplicationError     a bad application: JSON paths and messages
    └── EngineError          a rules engine failed (engine name, rule id, __cause__)

Errors carry their context as data (like click's exceptions), so the CLI picks an exit code and the
HTTP API a status code without parsing text: the ``onewindow`` group catches every ``OnewindowError``,
prints it and exits with its ``exit_code`` — commands never call ``sys.exit`` themselves.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


class Finding(NamedTuple):
    """One problem, whichever check found it — catalog lint, rule checks, the rule compiler, the condition
    type checker, the case lifecycle check, duplicate entities, the validity judge, the console: *what* it
    is about (``subject``), the field ``path`` inside it, a ``code``, a Chinese ``message`` and a ``severity``.

    ``subject`` is the entity (a model object) while a check runs; an ``Origin`` (file, or the console's
    (section, key)) once placed in a catalog; a :class:`Problem` when a rules file already placed it at a
    line (the validity judge's rules layer); ``None`` for the document itself (the console's form checks)
    or while the caller has still to say.

    Positions are resolved once, by the loader, into a :class:`Problem` at ``file:line:col``. Frozen and
    positional (a named tuple), so checks stay one-line ``yield Finding(rule.origin, ("when",), code, msg)``.
    """

    subject: object
    path: tuple[str | int, ...]
    code: str
    message: str
    severity: Severity = "error"

    def about(self, subject: object, *prefix: str | int) -> "Finding":
        """The same finding placed on ``subject``, its path under ``prefix`` (a condition inside a rule)."""
        return self._replace(subject=subject, path=(*prefix, *self.path))


@dataclass(frozen=True, order=True)
class Problem:
    """A :class:`Finding` placed in a file: where it is, which field, what is wrong, in Chinese.

    ``str()`` renders ``config/items/x.yaml:12:5: materials[2].basis: 引用文件已废止 [repealed-basis]``;
    a zero ``col`` (a spreadsheet row, a CSV line) or ``line`` (the file or sheet as a whole) and an empty
    ``field_path`` are left out rather than printed as ``:0`` or an empty field.

    Spreadsheet imports use the same shape: ``file`` is the sheet (or the exchange table's CSV file),
    ``line`` the row as the spreadsheet numbers it, ``field_path`` the column header.
    """

    file: str
    line: int
    col: int
    field_path: str
    code: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        level = "" if self.severity == "error" else "警告: "
        where = self.file + (f":{self.line}" if self.line else "") + (f":{self.col}" if self.line and self.col else "")
        field = f" {self.field_path}:" if self.field_path else ""
        return f"{where}:{field} {level}{self.message} [{self.code}]"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file, "line": self.line, "col": self.col, "field_path": self.field_path,
            "code": self.code, "message": self.message, "severity": self.severity,
        }


class OnewindowError(Exception):
    """Root of every error onewindow raises on purpose; ``exit_code`` is what the CLI exits with."""

    exit_code = 2


class UsageError(OnewindowError):
    """The command cannot work with what it was given (no such directory, file, item or revision)."""

    exit_code = 2


class CheckFailed(OnewindowError):
    """A check ran to the end and failed; what failed has already been printed, the message sums it up."""

    exit_code = 1


class ConfigError(OnewindowError):
    """The configuration (catalog or rules) has problems; every one of them is in ``problems``."""

    exit_code = 1

    def __init__(self, problems: tuple[Problem, ...] | list[Problem], summary: str = "配置有误") -> None:
        self.problems = tuple(problems)
        errors = sum(1 for p in self.problems if p.severity == "error")
        super().__init__(f"{summary}：{errors} 个错误\n" + "\n".join(str(p) for p in self.problems))


class RulesCompileError(ConfigError):
    """Rules that load but cannot be compiled into an engine (contradiction, size limit...)."""


class ConditionError(OnewindowError):
    """A condition is ill-typed or names an unknown fact."""

    def __init__(self, message: str, *, path: str = "", expression: object = None) -> None:
        self.path = path
        self.expression = expression
        super().__init__(f"{path}: {message}" if path else message)


class CalendarRangeError(OnewindowError):
    """A working-day computation reached a year the calendar has not loaded."""

    def __init__(self, day: date, loaded_years: tuple[int, ...]) -> None:
        self.day = day
        self.loaded_years = loaded_years
        years = "、".join(str(y) for y in loaded_years) or "无"
        super().__init__(f"日期 {day.isoformat()} 超出已加载的工作日历年份（已加载：{years}），不作推测")


@dataclass(frozen=True)
class FieldError:
    """One problem of an application, addressed by JSON path (``$.materials.id_card.copies``)."""

    path: str
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "code": self.code, "message": self.message}


class ApplicationError(OnewindowError):
    """The application is malformed or refers to things the catalog does not have."""

    exit_code = 1

    def __init__(self, errors: list[FieldError] | tuple[FieldError, ...]) -> None:
        self.errors = tuple(errors)
        super().__init__("申请有误：" + "；".join(f"{e.path}: {e.message}" for e in self.errors))


class EngineError(OnewindowError):
    """A rules engine failed while deciding; the original exception is the ``__cause__``."""

    def __init__(self, engine: str, message: str, *, rule_id: str | None = None) -> None:
        self.engine = engine
        self.rule_id = rule_id
        super().__init__(f"[{engine}] {message}" + (f"（规则 {rule_id}）" if rule_id else ""))


__all__ = [
    "ApplicationError", "CalendarRangeError", "CheckFailed", "ConditionError", "ConfigError", "EngineError",
    "FieldError", "Finding", "OnewindowError", "Problem", "RulesCompileError", "Severity", "UsageError",
]
