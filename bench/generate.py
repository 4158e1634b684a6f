"""Generate a catalog of N items, one file per item, for the loading benchmarks.

The base is the small valid catalog of ``tests/runtime/lint/fixture`` (centre, departments, windows, legal
documents, situations, materials, pipelines, green channel, calendars 2025–2026); N realistic items of about
3 KB each are added under ``items/generated/``, every one cross-referencing the base so the whole lint runs.
The result validates with zero problems (checked by ``tests/runtime/test_bench_generate.py``).

Usage: python -m bench.generate N TARGET_DIR
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "tests" / "runtime" / "lint" / "fixture"

DEPARTMENTS = [
    ("market", "market_window", "市场监管", "company_law", "第二十九条"),
    ("housing", "construction_window", "住房建设", "construction_law", "第七条"),
    ("natural_resources", "construction_window", "自然资源", "planning_regulation_2024", "第三十六条"),
    ("tax", "tax_window", "税务", "licensing_law", "第四十二条"),
    ("civil_affairs", "general_window", "民政", "licensing_law", "第三十二条"),
]
ITEM_TYPES = ["licensing", "non_licensing", "public_service", "convenience"]
SUBJECTS = ["建设工程", "食品经营", "道路运输", "排水接管", "临时占道", "户外广告", "二次供水", "民办学校", "养老机构", "医疗机构"]
ACTIONS = ["许可", "变更登记", "延续", "注销", "备案", "核准", "审批"]

ITEM = """\
items:
  - code: {code}
    catalog_code: "330100-{code}"
    name: {subject}{action}（{n}）
    item_type: {item_type}
    department: {department}
    content: 对{subject}{action}申请进行审查，符合法定条件、标准的，依法作出准予{action}的书面决定；不符合的，作出不予{action}的书面决定并说明理由，告知申请人享有依法申请行政复议或者提起行政诉讼的权利。
    legal_bases:
      - {{document: {document}, article: {article}, role: establishing}}
      - {{document: licensing_law, article: 第三十二条, role: implementing}}
      - {{document: licensing_law, article: 第四十二条, role: implementing}}
    conditions:
      - 申请人依法设立，具有相应的民事行为能力
      - 申请事项符合国土空间规划和相关技术标准、规范
      - 已按规定取得前置审批文件，相关材料真实、合法、有效
      - 近三年内无因同类事项被依法撤销许可的不良记录
    situations: [construction_kind, investment_amount, floor_area, has_agent]
    materials:
      - {{id: application_form, originals: 1, standard: 申请书须由申请人签字或者加盖公章，内容填写完整、准确，不得涂改}}
      - {{id: id_card, form: copy, copies: 1, standard: 复印件须与原件核对一致，并由申请人签字确认}}
      - {{id: business_licence, form: copy, copies: 1, standard: 营业执照在有效期内，经营范围与申请事项相符}}
      - {{id: land_certificate, form: copy, copies: 1, key: true, standard: 证载用地性质、位置、面积与申请一致}}
      - id: power_of_attorney
        form: original
        originals: 1
        necessity: conditional
        when: {{fact: facts.has_agent, eq: true}}
        standard: 委托书载明委托事项、权限和期限，由委托人签字或者盖章
      - id: design_documents
        name: 设计文件及审查合格书
        form: copy
        copies: 2
        necessity: conditional
        when: {{fact: facts.construction_kind, eq: new_build}}
        standard: 设计单位资质与项目规模相符，审查机构出具的合格书在有效期内
      - id: fund_proof_{n}
        name: 资金落实证明
        form: original
        originals: 1
        necessity: conditional
        when:
          all:
            - {{fact: facts.investment_amount, gte: {threshold}}}
            - not: {{fact: project.registered, eq: true}}
        standard: 银行出具的到位资金证明或者建设单位的资金安排承诺书
      - id: site_photos
        name: 现场照片
        form: electronic
        necessity: tolerable
        tolerance_days: 5
        standard: 能够反映现场四至及周边环境的彩色照片，不少于四张
    steps:
      - {{step: intake, days: 0, title: 窗口受理，一次性告知}}
      - {{step: review, days: {review}, title: 业务科室审查}}
      - {{step: site_survey, days: 1, title: 现场踏勘}}
      - {{step: decision, days: 1, title: 分管领导审批}}
      - {{step: delivery, days: 0, title: 窗口送达或者邮寄}}
    time_limits:
      - {{statutory_days: 20, promised_days: {promised}}}
    fees:
      - id: service_fee
        name: 工本费
        kind: per_unit
        unit: 平方米
        unit_price: "{price}"
        quantity: facts.floor_area
        minimum: "50"
        maximum: "5000"
        basis: {{document: price_notice, role: charging}}
        exemptions:
          - id: small_project
            name: 小型项目减半收取
            when: {{fact: facts.investment_amount, lt: 50}}
            pay_ratio: "0.5"
            basis: {{document: price_notice, role: charging}}
    result: {{name: {subject}{action}决定书, kind: licence, delivery: [window, express]}}
    audience: [legal_person, person]
    channels: [window, online]
    online_prereview: true
    online_depth: online_application
    max_visits: 1
    default_case_class: promised
    windows: [{window}]
    contacts: {{consult_phone: 0571-88880{phone:02d}, complaint_phone: "12345"}}
"""


def item_text(n: int, rng: random.Random) -> str:
    department, window, _label, document, article = DEPARTMENTS[n % len(DEPARTMENTS)]
    review = rng.randint(1, 5)
    return ITEM.format(
        code=f"GEN-{n:05d}", n=n, subject=SUBJECTS[n % len(SUBJECTS)], action=ACTIONS[n % len(ACTIONS)],
        item_type=ITEM_TYPES[n % len(ITEM_TYPES)], department=department, window=window, document=document,
        article=article, threshold=rng.choice([100, 500, 1000]), review=review, promised=review + 2 + rng.randint(0, 5),
        price=rng.choice(["0.50", "1.00", "1.50", "2.25"]), phone=n % 100,
    )


def generate(count: int, target: Path, *, seed: int = 2026) -> Path:
    """Write the base catalog plus ``count`` generated items into ``target`` (replaced if it exists)."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(BASE, target)
    out = target / "items" / "generated"
    out.mkdir(parents=True)
    rng = random.Random(seed)
    for n in range(count):
        (out / f"GEN-{n:05d}.yaml").write_text(item_text(n, rng), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    generate(args.count, args.target)
    print(f"{args.count} items → {args.target}", file=sys.stderr)


if __name__ == "__main__":
    main()
