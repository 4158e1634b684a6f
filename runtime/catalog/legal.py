"""Legal documents and the citations that rest on them (审批依据 · 规范性文件清理).

Every fee and every rule must cite a document; a document's status decides whether citing it is fine
(in force), suspicious (republished: check the new number) or an error (repealed / expired).
"""
from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator

from .base import Identifier, Model, Text, Url

DocumentLevel = Literal["law", "administrative_regulation", "local_regulation", "rule", "normative_document"]
DocumentStatus = Literal["in_force", "republished", "repealed", "expired"]
BasisRole = Literal["establishing", "implementing", "charging"]
"""设定依据 / 实施依据 / 收费依据."""

LEVEL_NAMES: dict[str, str] = {
    "law": "法律", "administrative_regulation": "行政法规", "local_regulation": "地方性法规",
    "rule": "规章", "normative_document": "规范性文件",
}
STATUS_NAMES: dict[str, str] = {"in_force": "有效", "republished": "重新公布", "repealed": "废止", "expired": "失效"}

_PLAIN = str.maketrans({"《": "", "》": "", " ": "", "\u3000": "", "（": "(", "）": ")", "〔": "[", "〕": "]", "［": "[", "］": "]"})


def plain_reference(text: str) -> str:
    """A title or number as people type it: no 《》, no spaces, full-width brackets as half-width (two
    spellings of one document's title or 文号 compare equal)."""
    return text.translate(_PLAIN)


class Article(Model):
    number: Text = Field(title="条款号", description="如 第三十二条")
    text: Text = Field(title="条文摘录")


class LegalDocument(Model):
    id: Identifier = Field(title="文件标识")
    title: Text = Field(title="文件名称")
    number: Text | None = Field(default=None, title="文号", description="如 国务院令第412号")
    issuer: Text = Field(title="发布机关")
    level: DocumentLevel = Field(title="效力层级")
    status: DocumentStatus = Field(default="in_force", title="状态")
    effective: date | None = Field(default=None, title="施行日期")
    ends: date | None = Field(default=None, title="废止/失效日期", description="状态为废止或失效时必填")
    replaced_by: Identifier | None = Field(default=None, title="替代文件", description="取代本文件的新文件的文件标识")
    articles: tuple[Article, ...] = Field(default=(), title="条款")
    url: Url | None = Field(default=None, title="链接")

    @model_validator(mode="after")
    def _status_dates(self) -> "LegalDocument":
        if self.status in ("repealed", "expired") and self.ends is None:
            raise ValueError(f"状态为 {self.status} 的文件必须写明 ends（废止/失效日期）")
        if self.effective and self.ends and self.ends < self.effective:
            raise ValueError("ends 早于 effective")
        return self

    def article(self, number: str) -> Article | None:
        return next((a for a in self.articles if a.number == number), None)


class LegalBasis(Model):
    """A citation: a document and, where known, the article."""

    document: Identifier = Field(title="依据文件", description="所引用法律文件的文件标识（见「法律文件」）")
    article: Text | None = Field(default=None, title="条款", description="如 第三十二条")
    role: BasisRole = Field(default="implementing", title="依据类别")


__all__ = ["Article", "BasisRole", "DocumentLevel", "DocumentStatus", "LEVEL_NAMES", "LegalBasis", "LegalDocument", "STATUS_NAMES",
           "plain_reference"]
