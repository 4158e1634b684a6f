"""Materials (申报材料): what an applicant hands in, and where each kind of paper comes from.

``materials`` at the top of a catalog file is a shared library (居民身份证, 营业执照 …) with the source
of each paper; an item's ``materials`` list says how *that item* needs it (form, copies, necessity,
condition). An item material whose id is in the library may omit name and source.

Unknown is not none: a count of 0 on an original/copy material means the guide states no number (the
guide prints 「份数未公布」 and the window checks presence only); an empty ``media`` means the medium
was not published. One material may repeat inside an item only for disjoint ``variants`` (办理情形).
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from ..conditions.syntax import Condition
from .base import CONDITION_HELP, Code, Identifier, Model, Text
from .legal import LegalBasis

MaterialForm = Literal["original", "copy", "electronic", "original_or_copy"]
Necessity = Literal["required", "conditional", "tolerable", "optional"]
MaterialMedium = Literal["paper", "electronic"]
SourceKind = Literal["applicant", "department", "intermediary", "handling_office", "other"]
UploadFormat = Annotated[str, Field(pattern=r"^[a-z0-9]{2,8}$", description="文件扩展名，小写，如 pdf、jpg、ofd")]

FORM_NAMES = {"original": "原件", "copy": "复印件", "electronic": "电子件", "original_or_copy": "原件或复印件"}
NECESSITY_NAMES = {"required": "必要", "conditional": "情形必要", "tolerable": "容缺", "optional": "非必要"}
MEDIUM_NAMES = {"paper": "纸质", "electronic": "电子"}
SOURCE_KIND_NAMES = {"applicant": "申请人自备", "department": "政府部门核发", "intermediary": "中介机构出具",
                     "handling_office": "办理过程中由承办机构形成", "other": "其他"}


class MaterialSource(Model):
    """Where the paper comes from: the applicant, or issued by a department (often as another item's result)."""

    kind: SourceKind = Field(default="applicant", title="来源渠道",
                             description="handling_office：办理过程中由承办机构自行形成（如 实地查看表、询问记录），受理时不向申请人收取")
    department: Identifier | None = Field(default=None, title="出具部门", description="部门出具时必填：出具部门的部门标识")
    issuer: Text | None = Field(default=None, title="出具单位",
                                description="目录外的出具单位，如 申请单位财务处、省级卫生健康委；不是本目录中的部门时填写")
    item: Code | None = Field(default=None, title="出具事项", description="本材料是该事项的办理结果时，填写该事项编码")
    note: Text | None = Field(default=None, title="来源渠道说明", description="办事指南「来源渠道说明」栏的原文，如 无")

    @model_validator(mode="after")
    def _department_given(self) -> "MaterialSource":
        if self.kind == "department" and self.department is None and self.issuer is None:
            raise ValueError("来源为部门出具时必须写明 department（目录中的部门）或 issuer（出具单位）")
        return self


class LibraryMaterial(Model):
    """An entry of the shared material library, reusable across items."""

    id: Identifier = Field(title="材料标识")
    name: Text = Field(title="材料名称")
    source: MaterialSource | None = Field(default=None, title="来源", description="不写为未公布（指南打印「未公布」）")
    blank_form: Text | None = Field(default=None, title="空白表格", description="空白表格的文件名，如 申请书.docx")
    sample: Text | None = Field(default=None, title="示例样表", description="填写示例的文件名，如 申请书填写示例.pdf")


class Quantity(Model):
    """One acceptable way to hand a material in: 原件1份 / 复印件2份 (0 = none of that kind)."""

    originals: int = Field(default=0, ge=0, le=20, title="原件份数")
    copies: int = Field(default=0, ge=0, le=20, title="复印件份数")

    @model_validator(mode="after")
    def _some(self) -> "Quantity":
        if self.originals == 0 and self.copies == 0:
            raise ValueError("可选份数至少写明原件或复印件一份")
        return self


class ItemMaterial(Model):
    """One material as a given item requires it."""

    id: Identifier = Field(title="材料标识", description="英文小写标识；材料库中已有的材料只写标识即可")
    name: Text | None = Field(default=None, title="材料名称", description="材料库中已有时可不填，取材料库的名称")
    form: MaterialForm = Field(default="original", title="形式")
    originals: int = Field(default=0, ge=0, le=20, title="原件份数", description="0 且无复印件：指南未写份数（打印「份数未公布」，窗口只核对有无）")
    copies: int = Field(default=0, ge=0, le=20, title="复印件份数")
    alternatives: tuple[Quantity, ...] = Field(default=(), title="或可提交",
                                               description="其他同样可以的份数，任选其一，如 原件1份或复印件2份：originals: 1 加 alternatives: [{copies: 2}]")
    media: tuple[MaterialMedium, ...] = Field(default=(), title="材料介质",
                                             description="纸质、电子（电子证照与纸质同等效力时写 electronic）；不写为未公布")
    upload_formats: tuple[UploadFormat, ...] = Field(default=(), title="电子材料格式", description="网上申请可上传的格式，如 pdf、jpg")
    specification: Text | None = Field(default=None, title="纸质材料规格", description="如 A4")
    instructions: Text | None = Field(default=None, title="填报须知")
    remark: Text | None = Field(default=None, title="备注")
    variants: tuple[Identifier, ...] = Field(default=(), title="适用办理情形",
                                             description="本材料适用的办理情形标识（见事项的 variants）；同一材料可在不相交的情形下重复出现，份数不同")
    shared: bool = Field(default=False, title="数据共享免提交",
                         description="窗口通过数据共享获取，申请人无需提交（受理时不要求）")
    shared_source: Text | None = Field(default=None, title="共享来源", description="如 全国一体化政务服务平台电子证照库")
    necessity: Necessity = Field(default="required", title="必要性",
                                description="情形必要须写适用情形；容缺须写补交期限，关键材料不得容缺")
    when: Condition | None = Field(default=None, title="适用情形",
                                   description="仅情形必要材料填写。" + CONDITION_HELP)
    tolerance_days: int | None = Field(default=None, ge=1, le=60, title="容缺补交期限（工作日）", description="仅容缺材料填写")
    key: bool = Field(default=False, title="关键材料", description="关键材料不得容缺")
    source: MaterialSource | None = Field(default=None, title="来源", description="不填则取材料库中的来源")
    blank_form: Text | None = Field(default=None, title="空白表格", description="空白表格的文件名，如 申请书.docx")
    sample: Text | None = Field(default=None, title="示例样表", description="填写示例的文件名，如 申请书填写示例.pdf")
    standard: Text | None = Field(default=None, title="受理标准", description="窗口收件时核对的要求，如 须加盖单位公章")
    basis: LegalBasis | None = Field(default=None, title="依据")

    @model_validator(mode="after")
    def _necessity_fields(self) -> "ItemMaterial":  # noqa: C901 - one list of independent checks
        found = []  # every problem of this material at once
        if self.necessity == "conditional" and self.when is None and not self.variants:
            found.append("情形必要材料必须写明 when（适用情形）或 variants（适用办理情形）")
        if self.necessity != "conditional" and self.when is not None:
            found.append("只有 conditional 材料才能写 when")
        if self.necessity == "tolerable" and self.tolerance_days is None:
            found.append("容缺材料必须写明 tolerance_days（补交期限）")
        if self.necessity == "tolerable" and self.key:
            found.append("关键材料不能设为容缺")
        if self.form == "copy" and self.originals:
            found.append("复印件形式的材料不能写 originals（原件另列或用 alternatives）")
        if self.shared_source and not self.shared:
            found.append("写了 shared_source（共享来源）的材料应设 shared: true")
        if self.form == "electronic" and "paper" in self.media:
            found.append("电子件形式的材料 media 不能含 paper")
        if found:
            raise ValueError("；".join(found))
        return self


    def stated_count(self) -> bool:
        """False when the guide gives no number of copies (unknown is not none)."""
        return bool(self.originals or self.copies or self.alternatives)

    def quantities(self) -> tuple[Quantity, ...]:
        """Every acceptable way to hand it in: the main count, then the alternatives."""
        main = (Quantity(originals=self.originals, copies=self.copies),) if self.originals or self.copies else ()
        return main + self.alternatives

    def quantity_text(self) -> str:
        """The stated counts in words — "原件1份、复印件2份", "原件1份或复印件2份" — or "" when none is stated."""
        def one(q: Quantity) -> str:
            return "、".join(p for p in (f"原件{q.originals}份" if q.originals else "", f"复印件{q.copies}份" if q.copies else "") if p)
        return "或".join(one(q) for q in self.quantities())

    def asked_at_intake(self, source: MaterialSource | None) -> bool:
        """Produced by the office during handling or obtained by data sharing: never asked of the applicant.
        ``source`` is the effective source (this material's, else the library's: ``Catalog.material_source``)."""
        return not self.shared and (source is None or source.kind != "handling_office")

    def accepts_electronic(self) -> bool:
        """An electronic submission (电子证照) has equal force: the form is electronic or the medium lists it."""
        return self.form == "electronic" or "electronic" in self.media


__all__ = [
    "FORM_NAMES", "ItemMaterial", "LibraryMaterial", "MEDIUM_NAMES", "MaterialForm", "MaterialMedium", "MaterialSource",
    "NECESSITY_NAMES", "Necessity", "Quantity", "SOURCE_KIND_NAMES", "SourceKind",
]
