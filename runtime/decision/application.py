"""The application (申请): what a window clerk takes in — the input contract of every decision."""
from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from ..catalog.base import Code, Identifier
from ..catalog.green_channel import ProjectCategory
from ..catalog.item import Audience
from ..catalog.material import MaterialForm
from ..facts import ApplicationChannel
from ..limits import RECEIVED_AT_YEARS

MaterialFinding = Literal["expired", "defective", "wrong_form", "unsigned", "illegible"]
FINDING_NAMES = {"expired": "已过期", "defective": "内容有误", "wrong_form": "形式不符", "unsigned": "未签字盖章",
                 "illegible": "无法辨认"}


class _Input(BaseModel):
    """Inputs come from JSON and YAML alike: unknown keys refused, values validated, nothing mutated."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SubmittedMaterial(_Input):
    form: MaterialForm | None = Field(default=None, title="提交形式")
    originals: int = Field(default=0, ge=0, le=50, title="原件份数")
    copies: int = Field(default=0, ge=0, le=50, title="复印件份数")
    findings: tuple[MaterialFinding, ...] = Field(default=(), title="审查发现")


class Applicant(_Input):
    kind: Audience = Field(title="申请人类型")
    name: str = Field(min_length=1, max_length=200, title="申请人")
    township: str | None = Field(default=None, max_length=50, title="所在乡镇")


class ProjectRef(_Input):
    id: str | None = Field(default=None, max_length=64, title="项目编号")
    category: ProjectCategory | None = Field(default=None, title="项目类别")


class PipelineRequest(_Input):
    code: Code = Field(title="联办线")
    items: tuple[Code, ...] = Field(default=(), title="申请的事项", description="为空表示全部事项")


class Application(_Input):
    item: Code | None = Field(default=None, title="事项编码")
    pipeline: PipelineRequest | None = Field(default=None, title="联合审批")
    applicant: Applicant = Field(title="申请人")
    materials: dict[Identifier, SubmittedMaterial] = Field(default_factory=dict, title="已交材料")
    facts: dict[Identifier, bool | int | str | date] = Field(default_factory=dict, title="情形答案")
    project: ProjectRef | None = Field(default=None, title="项目")
    channel: ApplicationChannel = Field(default="window", title="申请渠道")
    received_at: AwareDatetime = Field(title="收件时间")
    tolerance_pledge: bool = Field(default=False, title="签署容缺承诺")

    @field_validator("received_at")
    @classmethod
    def _received_in_range(cls, value: datetime) -> datetime:
        first, last = RECEIVED_AT_YEARS
        if not first <= value.year <= last:
            raise ValueError(f"收件时间应在 {first} 年至 {last} 年之间")
        return value

    @model_validator(mode="after")
    def _item_or_pipeline(self) -> "Application":
        if (self.item is None) == (self.pipeline is None):
            raise ValueError("item 与 pipeline 必须且只能填写一个")
        return self


__all__ = ["Applicant", "Application", "FINDING_NAMES", "MaterialFinding", "PipelineRequest", "ProjectRef", "SubmittedMaterial"]
