"""The three real guides in ``examples/guides/`` generate guides matching the originals section by section.

``ORIGINALS`` holds, per guide, each section of the original as published (heading → the facts it states);
the generated markdown's section of the same heading must state each of them.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from onewindow.runtime.guide import render_guide
from onewindow.runtime.loading import load_catalog

EXAMPLES = Path(__file__).parents[3] / "examples" / "guides"

ORIGINALS: dict[tuple[str, str], dict[str, list[str]]] = {
    ("large_medical_equipment", "WJ-PX-001"): {
        "基本信息": ["事项类型：行政许可", "实施主体：省卫生健康委员会", "实施主体性质：法定机关", "权力来源：法定本级行使",
                 "行使层级：省级", "办理机构：规划发展与信息化处", "服务对象：法人", "办件类型：承诺件"],
        "一、事项内容": ["向省卫生健康委申请配置许可证"],
        "二、办理依据": ["《医疗器械监督管理条例》（国务院令第739号）第三十五条", "国卫规划发〔2018〕12号", "国发〔2021〕7号"],
        "三、申请条件": ["符合本省大型医用设备配置规划", "具备相应资质、能力的专业技术人员", "设置相应的诊疗科目",
                   "医疗质量安全保障制度健全",
                   "不再提交配置可行性论证报告、专业技术人员资质证明，当场作出决定", "作出许可决定后3个月内现场核查承诺内容",
                   "不选择告知承诺制的，提交「不选择告知承诺制的书面说明」"],
        "四、申请材料": ["情形1：新增配置", "情形2：更新配置", "情形3：社会办医疗机构新增配置（告知承诺制）", "情形4：配置许可证变更",
                   "原件1份或复印件2份", "数据共享免提交（全国一体化政务服务平台电子证照库）", "申请单位财务处出具",
                   "办理过程中由承办机构形成，无需申请人提交", "空白表格：乙类大型医用设备配置申请表.docx",
                   "示例样表：乙类大型医用设备配置申请表（示例）.pdf", "填报须知：按表格逐项填写", "纸质、电子", "申请人自备；无"],
        "五、办理流程": ["受理（当场办结） → 审查（6个工作日） → 决定（3个工作日） → 送达（1个工作日）"],
        "六、办理时限": ["法定时限：20个工作日", "承诺时限：10个工作日", "专家评审"],
        "七、收费标准": ["不收费。"],
        "八、办理结果": ["乙类大型医用设备配置许可证（有效期：长期）", "结果样本：乙类大型医用设备配置许可证（样本）.pdf", "电子证照"],
        "办理地点与方式": ["省卫生健康委窗口（3-12号窗口）：省政务服务中心三楼；办公时间：08:30—12:00，14:00—17:30",
                    "到场次数：最多跑1次（新增配置需现场核查）", "咨询电话：0571-87000312", "投诉电话：12345"],
        "常见问题": ["社会办医疗机构可以不实行告知承诺制吗？"],
    },
    ("real_estate_first_registration", "BDC-SC-001"): {
        "基本信息": ["事项类型：其他行政权力", "实施主体：县不动产登记中心", "通办范围：全县通办", "联办机构：县税务局", "中介服务：房屋测绘"],
        "二、办理依据": ["《不动产登记暂行条例》（国务院令第656号）第十四条"],
        "三、申请条件": ["建设用地使用权已登记", "房屋已竣工验收并备案"],
        "四、申请材料": ["营业执照 | 原件1份或复印件1份 | 纸质、电子", "数据共享免提交（规划许可电子证照）", "具有测绘资质的机构出具",
                   "不动产实地查看记录", "示例样表：不动产登记申请书（填写示例）.pdf",
                   "不动产权属证书或者土地权属来源材料", "房屋已竣工的材料", "相关税费缴纳凭证",
                   "确认建筑区划内属于业主共有的道路、绿地、其他公共场所、公用设施和物业服务用房等材料"],
        "五、办理流程": ["受理（当场办结） → 审查（未公布） → 现场踏勘（未公布） → 决定（未公布） → 送达（未公布）"],
        "六、办理时限": ["法定时限：30个工作日", "承诺时限：5个工作日"],
        "七、收费标准": ["| 住宅类不动产登记费 | 80.00元 |", "| 车位、车库、储藏间不动产登记费 | 80.00元 |", "| 非住宅类不动产登记费 | 550.00元 |", "小微企业（含个体工商户）免征（申请人是否为小微企业（含个体工商户）？为是，须提交小微企业免收登记费承诺书）",
                   "| 不动产权属证书工本费（每增加一本） | 每本 10.00元 |", "受理窗口（含第一本不动产权证书工本费）"],
        "八、办理结果": ["不动产权证书；送达方式：窗口领取、电子证照"],
        "办理地点与方式": ["不动产登记综合窗口（B01号窗口）：县不动产登记分中心一楼；办公时间：08:30—12:00，14:00—17:30",
                    "网办深度：未公布", "投诉地址：县政务服务中心投诉受理窗口"],
    },
    ("enterprise_establishment", "SCJG-QYSL-001"): {
        "基本信息": ["事项类型：行政许可", "基本编码：000121001000", "实施编码：11330200MB0000000X4000121001000",
                 "业务办理项编码：11330200MB0000000X400012100100001", "权力来源：法定本级行使", "行使层级：市级、县级",
                 "实施主体性质：法定机关", "委托部门：省市场监督管理局", "通办范围：全市通办", "数量限制：无",
                 "变更：SCJG-QYBG-001（SCJG-QYBG-001）", "注销：SCJG-QYZX-001（SCJG-QYZX-001）", "服务对象：自然人、法人", "办件类型：即办件"],
        "三、申请条件": ["无特别条件。"],
        "四、申请材料": ["企业设立登记申请书 | 电子件 | 电子", "电子材料格式：pdf、ofd", "数据共享免提交（公安人口信息共享）"],
        "七、收费标准": ["不收费。"],
        "八、办理结果": ["营业执照（有效期：长期）；送达方式：电子证照、邮寄送达；结果样本：营业执照（样本）.pdf"],
        "办理地点与方式": ["网办深度：全程网办", "到场次数：零跑动（全程网办）", "网上办理地址：https://www.zjzwfw.gov.cn/",
                    "移动端办理地址：https://www.zjzwfw.gov.cn/", "网上支付：否", "预约办理：是", "电子邮箱：scjg@example.gov.cn"],
        "常见问题": ["企业设立登记收费吗？", "可以全程网上办理吗？"],
    },
}


def _sections(text: str) -> dict[str, str]:
    """The guide split at its ``## `` headings; the lines before the first one are 基本信息."""
    head, *rest = text.split("\n## ")
    sections = {"基本信息": head}
    for part in rest:
        title, _, body = part.partition("\n")
        sections[title.strip()] = body
    return sections


@pytest.mark.parametrize(("example", "code"), list(ORIGINALS), ids=[e for e, _ in ORIGINALS])
def test_generated_guide_matches_the_original_section_by_section(example: str, code: str) -> None:
    catalog = load_catalog(EXAMPLES / example / "config", cache_dir=None)
    sections = _sections(render_guide(catalog, code, "md"))
    missing = {title: [fact for fact in facts if fact not in sections.get(title, "")]
               for title, facts in ORIGINALS[(example, code)].items()}
    assert {t: f for t, f in missing.items() if f} == {}
    assert (EXAMPLES / example / "SOURCE.md").is_file()


@pytest.mark.parametrize(("example", "code"), list(ORIGINALS), ids=[e for e, _ in ORIGINALS])
def test_example_guide_html_has_the_same_facts(example: str, code: str) -> None:
    catalog = load_catalog(EXAMPLES / example / "config", cache_dir=None)
    html = render_guide(catalog, code, "html")
    for facts in ORIGINALS[(example, code)].values():
        for fact in facts:
            if "|" not in fact and "（" not in fact:
                assert fact.split("：")[-1] in html, fact
