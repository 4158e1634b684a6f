"""The real guides in ``examples/guides/`` generate guides matching the published pages section by section.

Three are whole pages of three kinds (霸州 不动产首次登记, 白山 放射诊疗许可, 施甸 居民身份证换、补领); the fourth (砚山
公司设立登记) is partial: the stored copy of its page is cut after the legal bases.

``ORIGINALS`` holds, per guide, each section of the page as published (heading → the facts it states); the
generated markdown's section of the same heading must state each of them. Each guide's ``SOURCE.md`` names the
page (address, publisher, date seen) and what the model required that the page does not give.
``ELEMENT_FACTS`` does the same for the constructed element fixtures (``tests/fixtures/guide_elements``), which
hold every element the guide renders: situations, either-or counts, media, sources, the commitment regime.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from onewindow.runtime.guide import render_guide
from onewindow.runtime.loading import load_catalog

ROOT = Path(__file__).parents[3]
EXAMPLES = ROOT / "examples" / "guides"
ELEMENTS = ROOT / "tests" / "fixtures" / "guide_elements"

ORIGINALS: dict[tuple[str, str], dict[str, list[str]]] = {
    # 霸州市《国有建设用地使用权及房屋所有权首次登记（商品房开发）办事指南》（SOURCE.md）
    ("real_estate_first_registration", "BZ-BDC-SCDJ-SPF"): {
        "基本信息": ["# 国有建设用地使用权及房屋所有权首次登记（商品房开发） 办事指南"],
        "四、申请材料": ["| 不动产登记申请书 |", "| 申请人身份证明 |", "| 不动产权证书 |", "| 建筑工程施工许可证 |",
                   "| 建设工程竣工验收备案证明书 |", "| 测量报告 |", "| 土地注销申请 |", "| 实地查看表 |", "| 询问记录 |",
                   "| 不动产登记面积情况表 |"],
        "五、办理流程": ["受理（申请、受理，", "审查（核定，", "送达（收费、发证，"],
        "六、办理时限": ["法定时限：30个工作日", "承诺时限：25个工作日"],
        "七、收费标准": ["| 住宅类不动产登记收费标准 | 80.00元 |", "| 非住宅类不动产登记收费标准 | 550.00元 |"],
        "办理地点与方式": ["（2、4、18号窗口）：河北省廊坊市霸州市益津南路330号政务大厅二楼", "咨询电话：0316-7861579",
                    "投诉电话：0316-7868512", "举报电话：0316-12345"],
    },
    # 白山市卫生计生委公共服务事项目录清单「放射诊疗许可」（SOURCE.md）
    ("radiation_diagnosis_licence", "220600-WW-FW-XK-002"): {
        "基本信息": ["# 放射诊疗许可 办事指南", "事项编码：220600-WW-FW-XK-002", "实施主体：白山市卫生计生委",
                 "办理机构：行政审批科", "服务对象：法人"],
        "二、办理依据": ["《放射性同位素与射线装置放射防护条例》", "《放射诊疗管理规定》第四条第二款——医疗机构开展放射诊疗工作，"
                   "应当具备与其开展的放射诊疗工作相适应的条件，经所在地县级以上地方卫生行政部门的放射诊疗技术和医用辐射机构许可。"],
        "四、申请材料": ["| 放射诊疗许可申请表 | 原件或复印件（份数未公布） | 纸质、电子 | 必要 | — | 未公布 | 空白表格：附1 |",
                   "| 《医疗机构执业许可证》或《设置医疗机构批准书》 | 复印件（份数未公布） |",
                   "| 放射诊疗工作人员专业技术职务任职资格证书 | 复印件（份数未公布） |",
                   "| 放射诊疗设备清单 | 原件或复印件（份数未公布） | 纸质、电子 |",
                   "| 大型医用设备配置许可证明文件 | 复印件（份数未公布） | 未公布 | 情形必要 | 放射诊疗设备是否属于配置许可管理？为是 |",
                   "| 《放射工作卫生许可证》或《辐射安全许可证》 | 复印件（份数未公布） |",
                   "| 本年度放射诊疗设备防护性能检测报告 | 复印件（份数未公布） |",
                   "| 放射诊疗建设项目竣工验收合格证明文件 | 复印件（份数未公布） | 未公布 | 情形必要 | "
                   "是否为《放射诊疗管理规定》实施后的新建、改建、扩建项目？为是 |",
                   "放射诊疗许可申请表：备注：需同时提交电子版", "放射诊疗设备清单：备注：需同时提交电子版"],
        "五、办理流程": ["受理（提出申请，提交需要的材料，"],
        "六、办理时限": ["承诺时限：3个工作日"],
        "七、收费标准": ["未公布。"],
        "办理地点与方式": ["市卫生局窗口：市政府政务大厅2楼", "咨询电话：0439-3235006", "投诉电话：0439-3223687"],
    },
    # 施甸县人民政府网站（发布机构：施甸县甸阳镇）「居民身份证换、补领」（SOURCE.md）
    ("id_card_renewal", "SD-JMSFZ-HBL"): {
        "基本信息": ["# 居民身份证换、补领 办事指南", "实施主体：公民户口所在地公安派出所"],
        "一、事项内容": ["居民身份证换、补领。"],
        "三、申请条件": ["公民换领居民身份证，需交验原居民身份证",
                   "公民补领居民身份证，需交验居民户口簿或居住证、社会保障卡、护照、机动车驾驶证等身份证件"],
        "四、申请材料": ["### 情形1：公民换领居民身份证", "| 1 | 原居民身份证 |", "| 2 | 居民户口簿 |",
                   "### 情形2：公民补领居民身份证", "| 1 | 居民户口簿或居住证 |", "| 2 | 社会保障卡 |", "| 3 | 护照 |",
                   "| 4 | 机动车驾驶证 |", "补领时交验哪一种身份证件？"],
        "五、办理流程": ["受理（窗口办理，"],
        "六、办理时限": ["承诺时限：15个工作日"],
        "七、收费标准": ["| 换领收取工本费 | 20.00元/证 |", "| 遗失补领、损坏换领收取工本费 | 40.00元/证 |"],
        "办理地点与方式": ["公民户口所在地公安派出所：公民户口所在地公安派出所"],
    },
    # 砚山县市场监督管理局《企业登记注册实施规范（基本要素）》「公司登记注册（县级权限）」（SOURCE.md）：第四例，
    # 只有部分——保存的页面副本在「实施依据」处截断，只能核对基本信息与依据两栏
    ("enterprise_establishment", "00013112700401"): {
        "基本信息": ["# 公司设立登记注册（县级权限） 办事指南", "事项类型：行政许可", "实施主体：砚山县市场监管局",
                 "基本编码：00013112700Y", "业务办理项编码：00013112700401",
                 "所属主项：公司登记注册（县级权限）（000131127004）", "变更：公司变更登记注册（县级权限）（00013112700402）",
                 "注销：公司注销登记注册（县级权限）（00013112700403）"],
        "二、办理依据": [*(f"设定依据：《{t}》" for t in ("中华人民共和国公司法", "中华人民共和国外商投资法", "中华人民共和国外商投资法实施条例",
                                                    "中华人民共和国市场主体登记管理条例", "中华人民共和国市场主体登记管理条例实施细则")),
                   "实施依据：《中华人民共和国市场主体登记管理条例》", "实施依据：《中华人民共和国市场主体登记管理条例实施细则》",
                   "实施依据：《云南省人民政府关于调整一批行政许可事项的决定》（云政发〔2019〕10号）"],
    },
}
"""Per real guide, each section of the published page (heading → the facts it states, in the generated guide's
wording). Only what the page states: the values the model requires but the page does not give are listed in
each SOURCE.md and deliberately absent here."""

ELEMENT_FACTS: dict[tuple[str, str], dict[str, list[str]]] = {
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
        "五、办理流程": ["受理（窗口受理，当场办结） → 审查（材料审查与专家论证，6个工作日） → 决定（作出许可决定，3个工作日） → "
                   "送达（送达配置许可证，1个工作日）"],
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


def _missing(config: Path, code: str, facts: dict[str, list[str]]) -> dict[str, list[str]]:
    """Per section, the facts the generated markdown guide does not state."""
    sections = _sections(render_guide(load_catalog(config, cache_dir=None), code, "md"))
    missing = {title: [fact for fact in wanted if fact not in sections.get(title, "")] for title, wanted in facts.items()}
    return {title: lost for title, lost in missing.items() if lost}


@pytest.mark.parametrize(("example", "code"), list(ORIGINALS), ids=[e for e, _ in ORIGINALS])
def test_generated_guide_matches_the_original_section_by_section(example: str, code: str) -> None:
    assert _missing(EXAMPLES / example / "config", code, ORIGINALS[(example, code)]) == {}


@pytest.mark.parametrize("example", sorted({e for e, _ in ORIGINALS}))
def test_each_example_names_its_published_source(example: str) -> None:
    source = (EXAMPLES / example / "SOURCE.md").read_text(encoding="utf-8")
    for needed in ("网址", "发布", "2026-11-30", "http", "模型必填、页面未写", "模型写不下"):
        assert needed in source, (example, needed)


def test_every_example_directory_is_checked_against_its_page() -> None:
    assert {p.name for p in EXAMPLES.iterdir() if p.is_dir()} == {e for e, _ in ORIGINALS}


@pytest.mark.parametrize(("example", "code"), list(ORIGINALS), ids=[e for e, _ in ORIGINALS])
def test_example_guide_html_has_the_same_facts(example: str, code: str) -> None:
    catalog = load_catalog(EXAMPLES / example / "config", cache_dir=None)
    html = render_guide(catalog, code, "html")
    for facts in ORIGINALS[(example, code)].values():
        for fact in facts:
            if not any(mark in fact for mark in ("|", "（", "#", "——")):
                assert fact.split("：")[-1] in html, fact


@pytest.mark.parametrize(("fixture", "code"), list(ELEMENT_FACTS), ids=[e for e, _ in ELEMENT_FACTS])
def test_element_fixtures_render_every_element(fixture: str, code: str) -> None:
    assert _missing(ELEMENTS / fixture, code, ELEMENT_FACTS[(fixture, code)]) == {}


def _copy_with(tmp_path: Path, example: str, old: str, new: str) -> Path:
    target = tmp_path / example
    shutil.copytree(EXAMPLES / example / "config", target)
    catalog = target / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    catalog.write_text(text.replace(old, new), encoding="utf-8")
    return target


@pytest.mark.parametrize(("old", "new", "section", "lost"), [
    ("      - {id: land_deregistration, name: 土地注销申请, form: original_or_copy}\n", "", "四、申请材料", "| 土地注销申请 |"),
    ('amount: "550.00"', 'amount: "500.00"', "七、收费标准", "| 非住宅类不动产登记收费标准 | 550.00元 |"),
    ("promised_days: 25", "promised_days: 20", "六、办理时限", "承诺时限：25个工作日"),
    ("number: 2、4、18", "number: 2、4", "办理地点与方式", "（2、4、18号窗口）：河北省廊坊市霸州市益津南路330号政务大厅二楼"),
], ids=["material-dropped", "fee-changed", "time-limit-changed", "window-dropped"])
def test_the_comparison_fails_when_a_fact_of_the_page_is_lost(
        tmp_path: Path, old: str, new: str, section: str, lost: str) -> None:
    """Not vacuous: dropping a material (or changing a fee, a time limit, a window) from the transcription makes the
    section-by-section comparison report exactly that fact under its section."""
    key = ("real_estate_first_registration", "BZ-BDC-SCDJ-SPF")
    changed = _copy_with(tmp_path, key[0], old, new)
    assert _missing(changed, key[1], ORIGINALS[key]) == {section: [lost]}


def test_what_a_page_does_not_say_is_not_printed_as_none() -> None:
    """Unknown is not none: 霸州's page names no clock pauses and no office hours (the
    centre's hours are sample values that only time the intake), 砚山's readable part no
    phone and no materials, so the guides print no 「不计入时限：无」 and say 「未公布」 where a value is required."""
    estate = _sections(render_guide(load_catalog(EXAMPLES / "real_estate_first_registration" / "config", cache_dir=None),
                                    "BZ-BDC-SCDJ-SPF", "md"))
    assert "不计入时限" not in estate["六、办理时限"]
    assert "河北省廊坊市霸州市益津南路330号政务大厅二楼；办公时间：未公布\n" in estate["办理地点与方式"]
    company = _sections(render_guide(load_catalog(EXAMPLES / "enterprise_establishment" / "config", cache_dir=None),
                                     "00013112700401", "md"))
    assert company["四、申请材料"].strip() == "未公布。"
    assert "咨询电话：未公布" in company["办理地点与方式"]
    fixture = _sections(render_guide(load_catalog(ELEMENTS / "large_medical_equipment", cache_dir=None), "WJ-PX-001", "md"))
    assert "不计入时限：专家评审" in fixture["六、办理时限"]


@pytest.mark.parametrize(("old", "new", "section", "lost"), [
    ('amount: "40.00"', 'amount: "20.00"', "七、收费标准", "| 遗失补领、损坏换领收取工本费 | 40.00元/证 |"),
    ('amount: "20.00"  # 页面：20元/证\n        unit: 证\n', 'amount: "20.00"\n', "七、收费标准", "| 换领收取工本费 | 20.00元/证 |"),
    ("name: 护照\n", "name: 港澳通行证\n", "四、申请材料", "| 3 | 护照 |"),
    ("{id: reissue, name: 公民补领居民身份证,", "{id: reissue, name: 补领,", "四、申请材料", "### 情形2：公民补领居民身份证"),
    ("promised_days: 15, unit: working_days}", "promised_days: 15, unit: calendar_days}", "六、办理时限", "承诺时限：15个工作日"),
    ("promised_days: 15,", "promised_days: 10,", "六、办理时限", "承诺时限：15个工作日"),
], ids=["reissue-fee-changed", "fee-unit-dropped", "either-or-document-renamed", "variant-renamed", "promise-unit-changed",
        "promise-shortened"])
def test_the_id_card_comparison_fails_when_a_fact_of_the_page_is_lost(
        tmp_path: Path, old: str, new: str, section: str, lost: str) -> None:
    key = ("id_card_renewal", "SD-JMSFZ-HBL")
    assert _missing(_copy_with(tmp_path, key[0], old, new), key[1], ORIGINALS[key]) == {section: [lost]}


def test_the_id_card_statute_is_printed_in_its_own_unit(tmp_path: Path) -> None:
    """The page states only the promise (15 个工作日); the statute is 《居民身份证法》第十二条's 六十日, calendar days
    (SOURCE.md, 模型必填、页面未写). Regression: one unit held both, so the guide printed 「法定时限：15个工作日」,
    which neither the page nor the law says. Dropping ``statutory_unit`` prints the statute in working days again."""
    key = ("id_card_renewal", "SD-JMSFZ-HBL")
    section = _sections(render_guide(load_catalog(EXAMPLES / key[0] / "config", cache_dir=None), key[1], "md"))["六、办理时限"]
    assert "- 法定时限：60个自然日\n- 承诺时限：15个工作日\n" in section and "法定时限：15个工作日" not in section
    html = render_guide(load_catalog(EXAMPLES / key[0] / "config", cache_dir=None), key[1], "html")
    assert "<dt>法定时限</dt><dd>60个自然日</dd>" in html
    changed = _copy_with(tmp_path, key[0], "statutory_unit: calendar_days, ", "")
    assert "法定时限：60个工作日" in _sections(render_guide(load_catalog(changed, cache_dir=None), key[1], "md"))["六、办理时限"]
