"""Green channel policy (绿色通道): categories of projects, what the channel grants, the registry of projects."""
from __future__ import annotations

from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Literal

from pydantic import Field

from .base import Code, Identifier, Model, Ratio, Text
from .legal import LegalBasis

ProjectCategory = Literal["key_project", "investment_promotion", "soe_restructuring"]
CATEGORY_NAMES = {"key_project": "重点工程", "investment_promotion": "招商引资", "soe_restructuring": "国企改制"}


class Grants(Model):
    """What the channel changes for a registered project."""

    time_factor: Ratio = Field(default=Decimal("1"), title="时限系数", description="承诺时限乘以该系数，向上取整")
    agency: bool = Field(default=False, title="全程代办")
    priority: bool = Field(default=True, title="优先办理")
    tolerance_widened: bool = Field(default=False, title="放宽容缺", description="非关键的必要材料也可容缺")
    tolerance_days: int = Field(default=10, ge=1, le=60, title="放宽容缺的补交期限（工作日）",
                                description="放宽容缺时，未写补交期限的材料自受理起在此期限内补交")

    def scaled(self, days: int) -> int:
        """Working days under the channel: ``days × time_factor``, rounded up (the promise and each route stop)."""
        return int((Decimal(days) * self.time_factor).to_integral_value(rounding=ROUND_CEILING))


class ChannelCategory(Model):
    id: ProjectCategory = Field(title="类别")
    name: Text = Field(title="名称")
    grants: Grants = Field(title="享受待遇")
    basis: LegalBasis = Field(title="依据")


class Project(Model):
    id: Code = Field(title="项目编号", description="项目登记编号，受理时据此认定绿色通道项目")
    name: Text = Field(title="项目名称")
    category: ProjectCategory = Field(title="类别")
    owner: Text = Field(title="建设单位")
    registered_on: date = Field(title="登记日期")
    valid_until: date | None = Field(default=None, title="有效期至")
    agency_window: Identifier | None = Field(default=None, title="代办窗口", description="代办窗口的窗口标识；为空时用绿色通道的代办窗口")

    def registered(self, day: date) -> bool:
        return self.registered_on <= day and (self.valid_until is None or day <= self.valid_until)


class GreenChannel(Model):
    categories: tuple[ChannelCategory, ...] = Field(min_length=1, title="类别")
    projects: tuple[Project, ...] = Field(default=(), title="登记项目")
    agency_window: Identifier = Field(title="代办窗口", description="全程代办窗口的窗口标识")

    def category(self, category_id: str) -> ChannelCategory | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def project(self, project_id: str) -> Project | None:
        return next((p for p in self.projects if p.id == project_id), None)


__all__ = ["CATEGORY_NAMES", "ChannelCategory", "GreenChannel", "Grants", "Project", "ProjectCategory"]
