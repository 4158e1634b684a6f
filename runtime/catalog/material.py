"""Materials (申报材料): what an applicant hands in, and where each kind of paper comes from.

``materials`` at the top of a catalog file is a shared library (居民身份证, 营业执照 …) with the source
of each paper; an item's ``materials`` list says how *that item* needs it (form, copies, necessity,
condition). An item material whose id is in the library may omit name and source.
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from ..conditions.syntax import Condition
from .base import CONDITION_HELP, Code, Identifier, Model, Text
from .legal import LegalBasis

MaterialForm = Literal["original", "copy", "electronic", "original_or_copy"]
Necessity = Literal["required", "conditional", "tolerable", "optional"]

FORM_NAMES = {"original": "原件", "copy": "复印件", "electronic": "电子件", "original_or_copy": "原件或复印件"}
NECESSITY_NAMES = {"required": "必要", "conditional": "情形必要", "tolerable": "容缺", "optional": "非必要"}


class MaterialSource(Model):
    """Where the paper comes from: the applicant, or issued by a department (often as another item's result)."""

    kind: Literal["applicant", "department", "intermediary"] = Field(default="applicant", title="来源")
    department: Identifier | None = Field(default=None, title="出具部门", description="部门出具时必填：出具部门的部门标识")
    item: Code | None = Field(default=None, title="出具事项", description="本材料是该事项的办理结果时，填写该事项编码")

    @model_validator(mode="after")
    def _department_given(self) -> "MaterialSource":
        if self.kind == "department" and self.department is None:
            raise ValueError("来源为部门出具时必须写明 department")
        return self


class LibraryMaterial(Model):
    """An entry of the shared material library, reusable across items."""

    id: Identifier = Field(title="材料标识")
    name: Text = Field(title="材料名称")
    source: MaterialSource = Field(default_factory=MaterialSource, title="来源")
    blank_form: Text | None = Field(default=None, title="空白表格", description="空白表格的文件名，如 申请书.docx")
    sample: Text | None = Field(default=None, title="示例样表", description="填写示例的文件名，如 申请书填写示例.pdf")


class ItemMaterial(Model):
    """One material as a given item requires it."""

    id: Identifier = Field(title="材料标识", description="英文小写标识；材料库中已有的材料只写标识即可")
    name: Text | None = Field(default=None, title="材料名称", description="材料库中已有时可不填，取材料库的名称")
    form: MaterialForm = Field(default="original", title="形式")
    originals: int = Field(default=0, ge=0, le=20, title="原件份数")
    copies: int = Field(default=0, ge=0, le=20, title="复印件份数")
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
    def _necessity_fields(self) -> "ItemMaterial":
        found = []  # every problem of this material at once
        if self.necessity == "conditional" and self.when is None:
            found.append("情形必要材料必须写明 when（适用情形）")
        if self.necessity != "conditional" and self.when is not None:
            found.append("只有 conditional 材料才能写 when")
        if self.necessity == "tolerable" and self.tolerance_days is None:
            found.append("容缺材料必须写明 tolerance_days（补交期限）")
        if self.necessity == "tolerable" and self.key:
            found.append("关键材料不能设为容缺")
        if self.form == "copy" and self.copies == 0:
            found.append("复印件形式的材料 copies 至少为 1")
        if self.form == "original" and self.originals == 0 and self.copies == 0:
            found.append("原件形式的材料 originals 至少为 1")
        if found:
            raise ValueError("；".join(found))
        return self


__all__ = ["FORM_NAMES", "ItemMaterial", "LibraryMaterial", "MaterialForm", "MaterialSource", "NECESSITY_NAMES", "Necessity"]
