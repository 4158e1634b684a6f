"""The national law the runtime applies, as data: statutory holidays (《全国年节及纪念日放假办法》), extension caps
(行政许可法 第四十二条), the counting rules a decision's clock quotes (roll-over, the supplement notice's deadline,
procedures not counted), the statutory limit a promise may not exceed and the document levels that may ground a
fee (第五十八条) — the lint quotes both — read from ``law.yaml`` beside this module.

From the holiday law a year without an official State Council schedule is derived as a *provisional* year:
the statutory holidays (lunar dates and the Qingming solar term from ``lunar_python``), plus the weekday
compensation of 第六条 when a holiday falls on a weekend. Make-up working days (调休上班) are never guessed:
a provisional year has none. :func:`check_schedule` checks an official schedule against the same law.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from ..catalog import CalendarYear, DayOff
from ..catalog.base import Identifier, Model, Text
from ..catalog.legal import LEVEL_NAMES, DocumentLevel

LAW_FILE = Path(__file__).with_name("law.yaml")


class MonthDay(Model):
    month: int = Field(ge=1, le=12, title="月")
    day: int = Field(ge=1, le=31, title="日")


class Festival(Model):
    """One holiday of 第二条: a solar date, a lunar date or a solar term, and how many days it lasts."""

    name: Text = Field(title="节日")
    solar: MonthDay | None = Field(default=None, title="公历日期")
    lunar: MonthDay | None = Field(default=None, title="农历日期")
    solar_term: Text | None = Field(default=None, title="节气", description="如 清明")
    offset: int = Field(default=0, ge=-1, le=0, title="起始偏移（日）", description="-1：自前一日起，如春节自除夕起")
    days: int = Field(ge=1, le=7, title="放假天数")
    description: Text | None = Field(default=None, title="说明")

    @model_validator(mode="after")
    def _one_anchor(self) -> "Festival":
        if sum(x is not None for x in (self.solar, self.lunar, self.solar_term)) != 1:
            raise ValueError("solar、lunar、solar_term 必须且只能写一项")
        return self

    def first_day(self, year: int) -> date:
        from lunar_python import Lunar, Solar

        if self.solar is not None:
            anchor = date(year, self.solar.month, self.solar.day)
        elif self.lunar is not None:
            solar = Lunar.fromYmd(year, self.lunar.month, self.lunar.day).getSolar()
            anchor = date(solar.getYear(), solar.getMonth(), solar.getDay())
        else:
            term = Solar.fromYmd(year, 6, 1).getLunar().getJieQiTable()[self.solar_term]
            anchor = date(term.getYear(), term.getMonth(), term.getDay())
        return anchor + timedelta(days=self.offset)

    def dates(self, year: int) -> tuple[date, ...]:
        first = self.first_day(year)
        return tuple(first + timedelta(days=i) for i in range(self.days))


class Compensation(Model):
    article: Text = Field(title="条款")
    description: Text = Field(title="说明")


class HolidayMeasures(Model):
    title: Text = Field(title="文件名称")
    document: Identifier = Field(title="文件标识")
    article: Text = Field(title="条款")
    in_force_from: date = Field(title="施行日期")
    festivals: tuple[Festival, ...] = Field(min_length=1, title="全体公民放假的节日")
    weekend_compensation: Compensation | None = Field(default=None, title="适逢周末补假")


class Quoted(Model):
    """A law's title and article, quoted as written: 「行政许可法第四十二条」."""

    title: Text = Field(title="文件名称")
    article: Text = Field(title="条款")

    def __str__(self) -> str:
        return f"{self.title}{self.article}"


class ExtensionCap(Quoted):
    """How far a time limit may be extended under one regime, and who approves (行政许可法 第四十二条)."""

    days: int = Field(ge=0, le=60, title="可延长（日）")
    approver: Text = Field(title="批准人")
    document: Identifier = Field(title="依据文件")
    title: Text = Field(title="文件名称", description="决定的时限说明与 lint 报告照印，如 行政许可法")
    case_classes: tuple[Text, ...] = Field(default=(), title="适用的默认办件类型",
                                           description="默认办件类型归入本办理制度的事项（与规则库 case_class 一致），"
                                                       "lint 据此核对事项的可延长天数；联合审批（pipelines）按 joint")


class CountingRule(Quoted):
    """A rule of counting and the article it rests on, quoted where a due date is explained."""

    description: Text = Field(title="说明")


class Counting(Model):
    """The rules of counting a decision's clock quotes, each with its article (never a Python string)."""

    last_day_off: CountingRule = Field(title="期满日为休假日顺延", description="自然日期限的最后一日是法定休假日的，以休假日结束的次日为最后一日")
    supplement_notice: CountingRule = Field(
        title="补正告知期限", description="材料不齐的决定写明一次性告知的期限，引用本条及其说明（说明原文照印）")
    excluded_procedures: CountingRule = Field(
        title="不计入时限的程序", description="事项的 pauses（听证、检验、检测、鉴定、专家评审等）所需时间不计入时限，决定的说明引用本条")


class FeeLaw(Quoted):
    """Who may establish a fee (行政许可法 第五十八条): documents of ``levels`` ground a fee by themselves; a fee
    resting on any other document must cite it as a charging document (``role: charging``)."""

    title: Text = Field(title="文件名称", description="lint 报告照印，如 行政许可法")
    description: Text = Field(title="条文摘录", description="供核对，不印")
    levels: tuple[DocumentLevel, ...] = Field(min_length=1, title="可设定收费的效力层级",
                                              description="法律文件 level 的取值；其他层级的收费依据须标明 role: charging")

    def level_names(self) -> str:
        """The levels as the lint prints them, e.g. 法律或行政法规."""
        return "或".join(LEVEL_NAMES[level] for level in self.levels)


class TimeLaw(Model):
    holidays: HolidayMeasures = Field(title="法定节假日")
    extensions: dict[str, ExtensionCap] = Field(title="延长期限（按办理制度）")
    counting: Counting = Field(title="期间计算")
    statutory_limit: CountingRule = Field(
        title="承诺时限不得超过法定时限", description="联办线的总承诺时限超过法定时限时，lint 引用本条（title + article）")
    fees: FeeLaw = Field(title="收费依据的层级")


def load_law(path: Path = LAW_FILE) -> TimeLaw:
    """Read and validate the law file (the caller keeps the result: no module-level cache). Read with the
    catalog's own YAML reader (its fast path), since the lint reads it on every run. A file that does not
    parse or validate raises :class:`~onewindow.runtime.errors.ConfigError`, every problem with its line and field."""
    from ..errors import ConfigError, Problem
    from ..loading.messages import field_path, relevant_errors, translate, yaml_loc
    from ..loading.yaml_source import locate, parse, position_tree

    text, shown = path.read_text(encoding="utf-8"), str(path)
    data, problem = parse(text, shown)
    if problem is not None:
        raise ConfigError([problem], f"法律规则文件 {shown} 有误")
    try:
        return TimeLaw.model_validate(data)
    except ValidationError as exc:
        tree = position_tree(text)
        problems = []
        for error in relevant_errors(exc.errors(include_url=False)):
            loc = yaml_loc(tuple(error["loc"]))
            line, col = locate(tree, loc)
            problems.append(Problem(shown, line, col, field_path(loc), error["type"].replace("_", "-"), translate(error)))
        raise ConfigError(problems, f"法律规则文件 {shown} 有误") from None


PROVISIONAL_SOURCE = "按《全国年节及纪念日放假办法》推算（暂定，调休以国务院办公厅通知为准）"


def statutory_holidays(law: TimeLaw, year: int) -> dict[date, str]:
    """Every statutory holiday date of ``year`` and its festival name."""
    return {day: festival.name for festival in law.holidays.festivals for day in festival.dates(year) if day.year == year}


def provisional_year(law: TimeLaw, year: int) -> CalendarYear:
    """``year`` derived from the law: statutory holidays, 第六条 compensation days, no make-up working days."""
    off = statutory_holidays(law, year)
    days = dict(off)
    if law.holidays.weekend_compensation is not None:
        for festival in law.holidays.festivals:
            block = [d for d in festival.dates(year) if d.year == year]
            owed = sum(1 for d in block if d.weekday() >= 5)
            day = max(block, default=None)
            while owed and day is not None:
                day += timedelta(days=1)
                if day.year != year:
                    break
                if day.weekday() < 5 and day not in days:
                    days[day] = festival.name
                    owed -= 1
    return CalendarYear(year=year, holidays=tuple(DayOff(date=d, name=days[d]) for d in sorted(days)),
                        makeup_workdays=(), source=PROVISIONAL_SOURCE)


def check_schedule(law: TimeLaw, entry: CalendarYear) -> Iterator[tuple[str, str]]:
    """Problems of an official schedule against the law, as (field, Chinese message) pairs.

    Every statutory holiday is a day off; every make-up working day is a Saturday or Sunday; no day is
    declared twice.
    """
    off = {h.date for h in entry.holidays}
    seen: set[date] = set()
    for i, holiday in enumerate(entry.holidays):
        if holiday.date in seen:
            yield f"holidays[{i}].date", f"{holiday.date.isoformat()} 重复声明"
        seen.add(holiday.date)
    if entry.year >= law.holidays.in_force_from.year:
        for day, name in sorted(statutory_holidays(law, entry.year).items()):
            if day not in off:
                yield "holidays", (f"{day.isoformat()}（{name}）是《{law.holidays.title}》{law.holidays.article}规定的放假日，"
                                   "但不在放假安排之内")
    seen = set()
    for i, makeup in enumerate(entry.makeup_workdays):
        if makeup.date.weekday() < 5:
            yield f"makeup_workdays[{i}].date", f"调休上班日 {makeup.date.isoformat()} 不是周六或周日"
        if makeup.date in seen:
            yield f"makeup_workdays[{i}].date", f"{makeup.date.isoformat()} 重复声明"
        seen.add(makeup.date)


__all__ = ["Counting", "CountingRule", "ExtensionCap", "FeeLaw", "Festival", "HolidayMeasures", "LAW_FILE", "PROVISIONAL_SOURCE", "Quoted", "TimeLaw", "check_schedule",
           "load_law", "provisional_year", "statutory_holidays"]
