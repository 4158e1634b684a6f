"""``Runtime``: what embedders use — a catalog and its rules, compiled once, deciding applications.

Thread-safe without a lock of its own: the catalog and compiled rules are immutable, a decision's state
lives in the call, the compiled engine is a stateless function and the durable engine serialises its own
runs (its C session state is shared). Load once, decide many times, from any number of threads.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from .calendar import WorkingCalendar, load_law
from .catalog import Catalog, Item
from .decision.application import Application
from .decision.assemble import Decider
from .decision.decision import Decision
from .engines.base import Engine
from .engines.compiled import CompiledEngine
from .errors import ApplicationError, CalendarRangeError, FieldError, OnewindowError
from .loading import load_catalog
from .loading.messages import translate
from .rules import CompiledRules, Layer, centre_layers, load_layers

log = logging.getLogger("onewindow.runtime")

EngineName = Literal["auto", "durable", "compiled"]


def make_engine(name: EngineName = "auto") -> Engine:
    """``durable`` (must be importable), ``compiled`` (pure Python), or ``auto``: durable when it imports."""
    if name == "compiled":
        return CompiledEngine()
    from .engines import durable

    if durable.available():
        return durable.DurableEngine()
    if name == "durable":
        raise OnewindowError("durable-rules 无法导入（需要 Python < 3.13 且已安装 durable-rules）")
    log.warning("durable-rules 不可用，改用纯 Python 编译引擎 compiled（决定结果相同）")
    return CompiledEngine()


def application_from(data: Application | Mapping[str, Any]) -> Application:
    """Validate raw input into an :class:`Application`, turning pydantic errors into JSON-path errors."""
    if isinstance(data, Application):
        return data
    try:
        return Application.model_validate(data)
    except ValidationError as exc:
        errors = []
        for error in exc.errors(include_url=False):
            path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"])
            errors.append(FieldError(path, error["type"].replace("_", "-"), translate(error)))
        raise ApplicationError(errors) from None


class Runtime:
    """A centre's catalog and rules, ready to decide.

    Args:
        config_dir: the catalog directory (``config/``).
        rules_dir: the rule layers loaded after the policy library, in order (a directory or a list of
            them, e.g. province then county); ``None``: the centre's ``rules:`` list.
        engine: ``auto`` | ``durable`` | ``compiled``.
        now: the clock (an aware ``datetime``); "today" is its date in the centre's time zone. It fixes how far
            provisional calendar years are derived (``centre.calendar_years_ahead`` past today's year).
    """

    def __init__(self, config_dir: str | os.PathLike[str] = "config",
                 rules_dir: str | os.PathLike[str] | Sequence[str | os.PathLike[str]] | None = None,
                 *, engine: EngineName = "auto", catalog: Catalog | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        self.config_dir = Path(config_dir)
        loaded = catalog if catalog is not None else load_catalog(self.config_dir)
        self.layers: list[Layer] = centre_layers(loaded, self.config_dir, rules_dir)
        self.rules_dir = self.layers[-1].root
        """The last (most local) layer."""
        self.rules: CompiledRules = load_layers(self.layers, loaded)
        self.catalog: Catalog = loaded.with_documents(self.rules.laws)
        """The centre's catalog, plus the national laws the policy library ships that it lacks and the rules rest
        on (then with a revision of its own): what decisions and guides cite."""
        self.now: Callable[[], datetime] = now or (lambda: datetime.now(timezone.utc))
        self.calendar_horizon = self.today().year + self.catalog.centre.calendar_years_ahead
        """The last year a received date may fall in; due dates may run two years past it."""
        self.calendar = WorkingCalendar(self.catalog.calendar, law=load_law(), provisional_through=self.calendar_horizon + 2)
        self.engine: Engine = make_engine(engine)
        self.engine.prepare(self.rules.rulesets())
        self._decider = Decider(self.catalog, self.rules, self.engine, self.calendar)

    def today(self) -> date:
        """Today in the centre's time zone, by the injected clock."""
        return self.now().astimezone(self.catalog.centre.zone).date()

    @property
    def engine_name(self) -> str:
        return self.engine.name

    def decide(self, application: Application | Mapping[str, Any]) -> Decision:
        """Decide one application (a model or its JSON/YAML mapping).

        Raises:
            ApplicationError: the application is malformed (JSON paths of every bad field).
        """
        parsed = application_from(application)
        received = parsed.received_at.astimezone(self.catalog.centre.zone).date()
        if received.year > self.calendar_horizon:
            raise ApplicationError([FieldError("$.received_at", "calendar-horizon",
                                               f"收件日期 {received.isoformat()} 超出工作日历可推算范围：最远推算到 "
                                               f"{self.calendar_horizon} 年（当前年份后 {self.catalog.centre.calendar_years_ahead} 年）")])
        try:
            return self._decider.decide(parsed)
        except CalendarRangeError as exc:
            raise ApplicationError([FieldError("$.received_at", "calendar-range", str(exc))]) from exc

    def items(self, on: date | None = None) -> Iterator[Item]:
        return self.catalog.items(on)

    def item(self, code: str, on: date | None = None) -> Item | None:
        return self.catalog.item(code, on)

    def guide(self, code: str, fmt: str = "md") -> str:
        """The service guide (办事指南) of an item, rendered as Markdown or HTML."""
        from .guide import render_guide

        return render_guide(self.catalog, code, fmt=fmt)


__all__ = ["EngineName", "Runtime", "application_from", "make_engine"]
