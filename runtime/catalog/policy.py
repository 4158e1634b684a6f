"""What a centre declares so the shipped policy library applies to it (centre config, ``centre.yaml``).

The library's rules (``onewindow.runtime.policy``) name no county entity. They cite national law by a
well-known key (``law: administrative_licensing_law``), which ``laws`` maps onto this catalog's own
document ids, and they cite the county's own systems (容缺受理, 绿色通道, 全程代办…) by a policy name,
which ``policies`` grounds in a document and article of this county. A policy a centre does not declare
is not practised there: the library rules resting on it do not apply (listed by ``onewindow test``).
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Identifier, Model, Text

PolicyName = Literal["tolerance_acceptance", "township_delegation", "special_case", "green_channel", "full_agency",
                     "unified_fee_window"]
POLICY_NAMES: dict[str, str] = {
    "tolerance_acceptance": "容缺受理", "township_delegation": "乡镇便民服务中心受理下放事项",
    "special_case": "特事特办（特办件）", "green_channel": "重点项目绿色通道", "full_agency": "全程代办",
    "unified_fee_window": "统一收费窗口",
}


class LawReference(Model):
    """Which document of this catalog is a national law the library cites by key."""

    law: Identifier = Field(title="法律通用标识", description="政策库引用的标识，如 administrative_licensing_law")
    document: Identifier = Field(title="本目录文件标识", description="本目录「法律文件」中该法律的文件标识")


class PolicyDeclaration(Model):
    """A system this centre practises, and the county (or province) document that establishes it."""

    policy: PolicyName = Field(title="制度")
    document: Identifier = Field(title="依据文件", description="确立该制度的文件的文件标识")
    article: Text | None = Field(default=None, title="条款", description="如 第十二条")


__all__ = ["LawReference", "POLICY_NAMES", "PolicyDeclaration", "PolicyName"]
