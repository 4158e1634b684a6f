"""What a service guide would publish must not contradict itself (the public reads it as a promise).

- 「零跑动」 (``max_visits: 0``) needs a fully online channel: with only downloadable forms
  (``online_depth: download``) or no online channel the applicant must come at least once.
- A fee exemption requiring a pledge, or the commitment regime's materials, must be materials the guide lists
  (checked by the item model itself).
"""
from __future__ import annotations

from collections.abc import Iterator

from ..catalog import Catalog, Item
from ..catalog.names import DEPTH_NAMES
from .finding import Finding


def check_item(catalog: Catalog, item: Item, env_base: object = None) -> Iterator[Finding]:
    if item.max_visits == 0 and (item.online_depth != "fully_online" or "online" not in item.channels):
        depth = DEPTH_NAMES[item.online_depth] if item.online_depth else "未公布"
        channel = "有网上办理渠道" if "online" in item.channels else "无网上办理渠道"
        yield Finding(item, ("max_visits",), "zero-visits-not-online",
                      f"到场次数为 0（零跑动），但网办深度为「{depth}」、{channel}：没有全程网办渠道，申请人至少要跑一次")


__all__ = ["check_item"]
