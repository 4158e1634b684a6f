"""The centre, its departments, windows and township centres (政务服务中心 · 进驻部门 · 窗口 · 乡镇便民服务中心)."""
from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, model_validator

from .base import ClockTime, Code, Identifier, Model, Phone, Text
from .policy import LawReference, PolicyDeclaration

WindowKind = Literal["department", "general", "fee", "branch", "township", "agency"]
Location = Literal["main_hall", "branch", "township"]
DepartmentKind = Literal["department", "trading_centre", "utility"]


class Session(Model):
    """One opening period of a working day (朝九晚五 with a lunch break is two sessions)."""

    start: ClockTime = Field(title="开始")
    end: ClockTime = Field(title="结束")

    @model_validator(mode="after")
    def _ordered(self) -> "Session":
        if self.end <= self.start:
            raise ValueError("结束时间必须晚于开始时间")
        return self


class ScoreBand(Model):
    """One grade of the scoring (优秀 / 良好 / 合格 …): a score at or above ``min_score`` earns it."""

    name: Text = Field(title="等次")
    min_score: int = Field(ge=0, le=100, title="最低分")


class GradePoints(Model):
    """What each of the five evaluation levels (好差评, 国办发〔2019〕51号) counts, out of 100."""

    very_satisfied: int = Field(default=100, ge=0, le=100, title="非常满意")
    satisfied: int = Field(default=80, ge=0, le=100, title="满意")
    fairly_satisfied: int = Field(default=60, ge=0, le=100, title="基本满意")
    dissatisfied: int = Field(default=20, ge=0, le=100, title="不满意")
    very_dissatisfied: int = Field(default=0, ge=0, le=100, title="非常不满意")

    def for_grade(self, grade: int) -> int:
        """The points of an evaluation level, 5 (非常满意) down to 1 (非常不满意)."""
        order = (self.very_dissatisfied, self.dissatisfied, self.fairly_satisfied, self.satisfied,
                 self.very_satisfied)
        return order[grade - 1]


class Scoring(Model):
    """绩效考核 of windows and staff per month, out of 100: the on-time rate and the evaluations (好差评) weighed,
    minus a deduction per upheld complaint (投诉属实). A part with nothing to measure in the month (no case
    decided, no evaluation) scores its full weight: nothing went wrong that the month can show."""

    basis: Text | None = Field(default=None, title="考核依据", description="本中心绩效考核办法的文件名称与条款，印在月报上")
    on_time_weight: int = Field(default=40, ge=0, le=100, title="按时办结权重（分）",
                                description="按时办结率（提前与按时办结件 / 办结件）乘以此分值")
    evaluation_weight: int = Field(default=40, ge=0, le=100, title="好差评权重（分）",
                                   description="当月评价的平均得分（按“评价得分”折算）占百分之几，乘以此分值")
    complaint_weight: int = Field(default=20, ge=0, le=100, title="投诉权重（分）",
                                  description="每件属实投诉扣 complaint_deduction 分，扣完为止")
    complaint_deduction: int = Field(default=5, ge=0, le=100, title="每件属实投诉扣分")
    grade_points: GradePoints = Field(
        default_factory=GradePoints, title="评价得分",
        description="五级评价（国办发〔2019〕51号）各折算多少分（满分 100）")
    bands: tuple[ScoreBand, ...] = Field(
        default=(ScoreBand(name="优秀", min_score=90), ScoreBand(name="良好", min_score=80),
                 ScoreBand(name="合格", min_score=60), ScoreBand(name="不合格", min_score=0)),
        min_length=1, title="考核等次", description="从高到低排列；最后一个等次的最低分应为 0")

    @model_validator(mode="after")
    def _consistent(self) -> "Scoring":
        if self.on_time_weight + self.evaluation_weight + self.complaint_weight != 100:
            raise ValueError("on_time_weight、evaluation_weight、complaint_weight 之和应为 100")
        scores = [b.min_score for b in self.bands]
        if scores != sorted(scores, reverse=True) or len(set(scores)) != len(scores) or scores[-1] != 0:
            raise ValueError("考核等次应按最低分从高到低排列、互不相同，最后一个等次的最低分为 0")
        return self


class CaseSettings(Model):
    """The centre's own numbers for the case ledger (办件): e-supervision thresholds and follow-up periods."""

    yellow_days: int = Field(default=2, ge=0, le=30, title="黄牌预警（工作日）",
                             description="距承诺办结日期不足此工作日数时黄牌预警")
    step_yellow_days: int = Field(default=1, ge=0, le=30, title="环节黄牌预警（工作日）")
    commitment_check_days: int = Field(default=20, ge=1, le=250, title="告知承诺核查期限（工作日）",
                                       description="告知承诺制事项受理后完成事后核查的期限")
    complaint_days: int = Field(default=5, ge=1, le=60, title="投诉办理期限（工作日）")
    rectify_days: int = Field(default=15, ge=1, le=60, title="差评整改期限（工作日）",
                              description="国办发〔2019〕51号：差评整改反馈期限")
    scoring: Scoring = Field(default_factory=Scoring, title="窗口与工作人员绩效考核")


class Centre(Model):
    """The one-stop hall itself."""

    name: Text = Field(title="中心名称")
    address: Text = Field(title="地址")
    timezone: Literal["Asia/Shanghai"] = Field(default="Asia/Shanghai", title="时区",
                                               description="收件时间、起算时间、工作日与“今天”都按此时区（北京时间）")
    hours: tuple[Session, ...] = Field(min_length=1, title="办公时间",
                                     description="每个时段一项，按先后排列；有午休则分上午、下午两段")
    hours_published: bool | None = Field(default=None, title="办公时间已公布",
                                  description="不写或 true：已公布；false：办事指南没有公布办公时间，上面的时段只供判定收件时刻（示例值），"
                                              "指南印「未公布」、国家交换表的办理时间留空")
    phone: Phone | None = Field(default=None, title="咨询电话")
    complaint_phone: Phone | None = Field(default=None, title="投诉电话")
    notice_days: int = Field(default=5, ge=0, le=5, title="补正告知期限（日）",
                             description="行政许可法第三十二条：当场或五日内一次告知")
    region_code: str | None = Field(default=None, pattern=r"^[0-9]{6}$", title="行政区划代码",
                                    description="六位行政区划代码，办件编号的前缀（区划代码 + 日期 + 顺序号）")
    cases: CaseSettings = Field(default_factory=CaseSettings, title="办件与电子监察")
    laws: tuple[LawReference, ...] = Field(default=(), title="国家法律对应",
                                           description="政策库按通用标识引用的国家法律在本目录中的文件标识；未写的先按同名文件标识、"
                                                       "再按法律名称查找本目录的文件，都没有时用政策库随附的该法律文件")
    policies: tuple[PolicyDeclaration, ...] = Field(default=(), title="实行的制度",
                                                    description="本中心实行的受理制度及其依据；未写的制度，政策库中以之为依据的规则不适用")
    rules: tuple[Text, ...] = Field(default=(), title="规则层",
                                    description="政策库之后依次加载的规则目录（相对于目录根），如 省级层、县级层；命令行 --rules 优先")
    calendar_years_ahead: int = Field(default=3, ge=0, le=5, title="暂定日历推算年数",
                                      description="尚未公布放假安排的年份按法定节假日暂定推算，最多推算到当前年份后几年；"
                                                  "更远的收件日期明确报错")

    @model_validator(mode="after")
    def _sessions_ordered(self) -> "Centre":
        for before, after in zip(self.hours, self.hours[1:]):
            if after.start < before.end:
                raise ValueError("办公时段必须按时间先后排列且不重叠")
        return self

    @property
    def published_hours(self) -> tuple[Session, ...]:
        """The hours a guide or exchange table may publish: none when ``hours_published`` is false (the sessions
        then only serve to judge a receipt's moment)."""
        return self.hours if self.hours_published is not False else ()

    def policy(self, name: str) -> PolicyDeclaration | None:
        return next((p for p in self.policies if p.policy == name), None)
    @property
    def zone(self) -> ZoneInfo:
        """The centre's time zone (the one clock of receipt, start and "today")."""
        return ZoneInfo(self.timezone)


class Department(Model):
    """A department stationed in the centre (进驻部门 / 窗口单位)."""

    id: Identifier = Field(title="部门标识", description="英文小写标识，如 market_regulation；事项、窗口以此引用本部门")
    name: Text = Field(title="部门名称")
    short_name: Text | None = Field(default=None, title="简称")
    kind: DepartmentKind = Field(default="department", title="类别")
    superior_authority: Text | None = Field(default=None, title="上级审批机关",
                                            description="报批件的报送机关")
    phone: Phone | None = Field(default=None, title="电话")


class Window(Model):
    """A counter in the hall, a branch or a township centre, with delegated authority (授权到位)."""

    id: Identifier = Field(title="窗口标识")
    name: Text = Field(title="窗口名称")
    number: str | None = Field(default=None, max_length=16, title="窗口号", description="窗口牌上的编号，如 A12")
    kind: WindowKind = Field(title="窗口类型")
    departments: tuple[Identifier, ...] = Field(default=(), title="服务部门",
                                                description="本窗口代为受理其事项的部门标识；部门窗口至少一个")
    location: Location = Field(default="main_hall", title="位置")
    site: Text | None = Field(default=None, title="分中心/便民中心名称", description="窗口位于分中心或乡镇时填写")
    address: Text | None = Field(default=None, title="地址")
    hours: tuple[Session, ...] = Field(default=(), title="办公时间", description="本窗口自己的办公时间；不写时取中心的办公时间")
    phone: Phone | None = Field(default=None, title="窗口电话")

    @model_validator(mode="after")
    def _kind_fits_location(self) -> "Window":
        if self.kind == "department" and not self.departments:
            raise ValueError("部门窗口必须至少服务一个部门（departments）")
        if self.kind in ("branch", "township") and self.location == "main_hall":
            raise ValueError(f"{self.kind} 窗口不能位于主大厅（location 应为 branch 或 township）")
        return self


class TownshipCentre(Model):
    """A township convenience centre taking in the items the county delegated to it."""

    id: Identifier = Field(title="便民服务中心标识")
    name: Text = Field(title="名称")
    township: Text = Field(title="乡镇")
    window: Identifier = Field(title="受理窗口", description="受理窗口的窗口标识")
    delegated_items: tuple[Code, ...] = Field(default=(), title="下放事项", description="县里下放到本中心受理的事项编码")


__all__ = ["CaseSettings", "Centre", "Department", "DepartmentKind", "Location", "Session", "TownshipCentre", "Window", "WindowKind"]
