"""Service guides: every disclosure of the item appears, the eight in their fixed order."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from onewindow.runtime.cli import cli
from onewindow.runtime.guide import DISCLOSURES, UnknownItemError, render_guide

COUNTY = Path(__file__).parent / "fixtures" / "county"
HEADINGS_MD = ["一、事项内容", "二、办理依据", "三、申请条件", "四、申请材料", "五、办理流程", "六、办理时限", "七、收费标准", "八、办理结果"]


def _in_order(text: str, parts: list[str]) -> bool:
    positions = [text.find(p) for p in parts]
    return all(p >= 0 for p in positions) and positions == sorted(positions)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_guide_shows_every_disclosure_in_order(county, fmt: str) -> None:
    text = render_guide(county, "SCJG-001", fmt)
    assert _in_order(text, HEADINGS_MD)
    assert "在本县从事食品销售和餐饮服务的经营者申请食品经营许可证。" in text          # content
    assert "《中华人民共和国食品安全法》第三十五条" in text                          # basis
    assert "具有与经营的食品品种、数量相适应的经营场所" in text                      # conditions
    assert "告知承诺制" in text
    for name in ("食品经营许可申请书", "居民身份证", "营业执照", "授权委托书", "经营场所平面图"):
        assert name in text                                                          # materials
    assert "申请类型为「变更」" in text and "是否委托他人办理为是" in text              # when, in words
    assert "县民政局出具" in text                                                    # source
    assert "5个工作日内补交" in text                                                 # tolerance
    steps = {"md": "受理（当场办结） → 审查（3个工作日） → 决定（1个工作日） → 送达（1个工作日）",
             "html": '<span class="step-name">审查</span><span class="step-days">3个工作日</span>'}
    assert steps[fmt] in text                                                        # steps with days
    assert "20个工作日" in text and "5个工作日" in text                               # statutory, promised
    assert "不收费" not in text and "未公布" in text                                  # fees: the fixture says nothing
    assert "食品经营许可证" in text and "五年" in text                                # result
    assert "市场监管窗口" in text and "测试县人民路1号" in text                        # where
    assert "最多跑1次" in text                                                       # trips


def test_guide_fee_table_has_amount_basis_and_fee_window(county) -> None:
    text = render_guide(county, "ZJ-001", "md")
    assert "| 规划许可证工本费 | 100.00元 | 《关于规划许可收费标准的通知》 | — | 统一收费窗口（D01号） |" in text
    assert "| 2 | 建设工程设计方案 | 原件2份 | 未公布 | 必要 | — | 未公布 | — |" in text


def test_guide_html_has_eight_anchored_sections(county) -> None:
    text = render_guide(county, "MZ-001", "html")
    assert [f'<section id="{anchor}">' in text for anchor, _ in DISCLOSURES] == [True] * 8
    assert "<script" not in text


def test_guide_unknown_item(county) -> None:
    with pytest.raises(UnknownItemError):
        render_guide(county, "NOPE-1")


def test_guide_command_writes_markdown() -> None:
    result = CliRunner().invoke(cli, ["guide", "SCJG-002", "--config", str(COUNTY)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# 个体工商户名称变更登记 办事指南")
    assert "零跑动" in result.output


def test_guide_prints_unpublished_rather_than_inventing(edited) -> None:
    """No silent defaults: unstated fees, delivery, sources and complaint channel read 「未公布」; an explicit
    charges: false and conditions: [] read 不收费 / 无特别条件 (issue 15)."""
    from onewindow.runtime.loading import load_catalog

    text = render_guide(load_catalog(edited("items/SCJG-001.yaml", 'complaint_phone: "12345"', 'consult_url: "https://zwfw.example.gov.cn/zx"'),
                                     cache_dir=None), "SCJG-001", "md")
    assert "## 七、收费标准\n\n未公布。" in text
    assert "送达方式：未公布" in text
    assert "投诉电话：未公布" in text and "网上咨询：https://zwfw.example.gov.cn/zx" in text
    assert "| 1 | 食品经营许可申请书 | 原件1份 | 未公布 | 必要 | — | 未公布 | — |" in text


def test_guide_states_no_fee_only_when_the_catalog_says_so(edited) -> None:
    from onewindow.runtime.loading import load_catalog

    head = edited("items/SCJG-001.yaml", "    commitment: true\n", "    commitment: true\n    charges: false\n")
    assert "## 七、收费标准\n\n不收费。" in render_guide(load_catalog(head, cache_dir=None), "SCJG-001", "md")


def test_lint_zero_visits_needs_a_fully_online_channel(edited) -> None:
    from onewindow.runtime.loading import check_catalog

    head = edited("items/SCJG-001.yaml", "max_visits: 1", "max_visits: 0")  # online_depth: online_application
    problems = [p for p in check_catalog(head, cache_dir=None).problems if p.code == "zero-visits-not-online"]
    assert len(problems) == 1
    assert "网办深度为「可网上申请」" in problems[0].message and problems[0].field_path == "items[0].max_visits"
