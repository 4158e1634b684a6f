"""A calendar from the reference county's 2024–2026 years, the shipped lifecycle, and a case basis builder."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from onewindow.runtime.calendar import WorkingCalendar
from onewindow.runtime.cases import CaseBasis, CaseEvent, CasePolicy, CaseStep, Lifecycle, load_lifecycle
from onewindow.runtime.catalog import CalendarYear
from onewindow.runtime.loading.yaml_source import parse

CONFIG = Path(__file__).resolve().parents[3] / "config"
CST = timezone(timedelta(hours=8))


def _years() -> dict[int, CalendarYear]:
    out = {}
    for path in sorted((CONFIG / "calendar").glob("*.yaml")):
        data, problem = parse(path.read_text(encoding="utf-8"), str(path))
        assert problem is None
        entry = data["calendar"] if isinstance(data, dict) and "calendar" in data else data
        for year in entry if isinstance(entry, list) else [entry]:
            model = CalendarYear.model_validate(year, strict=False)
            out[model.year] = model
    return out


@pytest.fixture(scope="session")
def calendar() -> WorkingCalendar:
    return WorkingCalendar(_years())


@pytest.fixture(scope="session")
def lifecycle() -> Lifecycle:
    return load_lifecycle()


POLICY = CasePolicy()


def at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), CST).replace(hour=hour)


def basis(**overrides: Any) -> CaseBasis:
    data: dict[str, Any] = dict(
        item="QX-TEST-001", item_name="测试事项", regime="time_limited", case_class="promised",
        received_at=at("2026-03-02"), starts_on=date(2026, 3, 2), promised_days=5, statutory_days=20,
        steps=(CaseStep(order=1, name="受理", days=0), CaseStep(order=2, name="审查", days=3),
               CaseStep(order=3, name="决定", days=2), CaseStep(order=4, name="送达", days=0)),
        catalog_revision="c", rules_revision="r", calendar_revision="k",
    )
    data.update(overrides)
    return CaseBasis(**data)


def ev(kind: str, day: str, hour: int = 10, **fields: Any) -> CaseEvent:
    return CaseEvent(kind=kind, at=at(day, hour), **fields)
