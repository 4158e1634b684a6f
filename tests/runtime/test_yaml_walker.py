"""One walker for the repository's YAML: a ``.yml`` rule is read by decide as by impact and fmt."""
from __future__ import annotations

import shutil
from pathlib import Path

from onewindow.runtime import Runtime
from onewindow.runtime.loading import catalog_files
from onewindow.runtime.review.formatting import yaml_files
from onewindow.runtime.review.rules_scan import scan_rules

ROOT = Path(__file__).resolve().parents[2]

WEEKEND_RULE = """\
rules:
  - id: intake/scratch/yml-note
    title: 所有申请都附一条提示（测试 .yml 规则是否被读取）
    priority: 1
    then: {note: 本条来自 .yml 文件}
    basis: {document: administrative_licensing_law, article: 第三十二条}
"""


def test_yml_files_are_read_by_every_reader(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules, ignore=shutil.ignore_patterns("scenarios"))
    (rules / "intake" / "weekend.yml").write_text(WEEKEND_RULE, encoding="utf-8")
    listed = {p.name for p in catalog_files(rules)}
    assert "weekend.yml" in listed
    assert any(p.name == "weekend.yml" for p in yaml_files([rules]))
    assert "intake/scratch/yml-note" in {entry.id for entry in scan_rules(rules)}
    runtime = Runtime(ROOT / "config", rules, engine="compiled")
    assert "intake/scratch/yml-note" in {compiled.rule.id for compiled in runtime.rules.rules}
