"""Joint approval pipelines (联合审批 / 审批"生产线"): several departments' items as one process.

行政许可法 第二十六条: one department takes the application in and coordinates (the ``lead``); stages
run items in parallel (并联) or in order (串联).
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .base import Code, Identifier, Model, Text

StageMode = Literal["parallel", "serial"]


class Stage(Model):
    name: Text = Field(title="阶段名称")
    mode: StageMode = Field(title="并联/串联")
    items: tuple[Code, ...] = Field(min_length=1, title="事项", description="本阶段办理的事项编码")
    days: int = Field(ge=0, le=365, title="阶段时限（工作日）")
    joint_survey: bool = Field(default=False, title="联合踏勘")
    joint_review: bool = Field(default=False, title="联审会")


class Pipeline(Model):
    code: Code = Field(title="联办线编码")
    name: Text = Field(title="名称")
    lead: Identifier = Field(title="牵头部门", description="牵头部门的部门标识，须在参与部门之中")
    departments: tuple[Identifier, ...] = Field(min_length=2, title="参与部门", description="参与部门的部门标识，至少两个")
    window: Identifier = Field(title="受理窗口", description="受理窗口的窗口标识")
    stages: tuple[Stage, ...] = Field(min_length=1, title="阶段")
    promised_days: int = Field(ge=0, le=365, title="总承诺时限（工作日）")
    statutory_days: int = Field(default=45, ge=0, le=365, title="法定时限（工作日）",
                                description="行政许可法第四十二条第二款：联合办理不得超过四十五日")
    extension_days: int = Field(default=0, ge=0, le=15, title="可延长（工作日）",
                                description="第四十二条第二款：四十五日内不能办结的，经本级人民政府负责人批准可延长十五日")
    joint_survey: bool = Field(default=False, title="联合踏勘")
    joint_review: bool = Field(default=False, title="联审会")
    description: Text | None = Field(default=None, title="说明")

    @model_validator(mode="after")
    def _lead_participates(self) -> "Pipeline":
        if self.lead not in self.departments:
            raise ValueError("牵头部门必须在参与部门（departments）之中")
        codes = [c for s in self.stages for c in s.items]
        if len(codes) != len(set(codes)):
            raise ValueError("同一事项不能出现在多个阶段")
        return self

    def item_codes(self) -> tuple[str, ...]:
        return tuple(c for s in self.stages for c in s.items)


__all__ = ["Pipeline", "Stage", "StageMode"]
