"""The national laws the policy library ships (``runtime/policy/laws.yaml``) and a county's own documents.

- A county catalog without 《中华人民共和国行政许可法》 (施甸's transcription, ``examples/guides/id_card_renewal``)
  decides with the library alone on both engines, citing the shipped document exactly like a catalog one
  (title, 文号, article; in legal bases, trace and the printed notice), under a catalog revision of its own.
- A county's own document for the law always wins: by the key as its id, by its title under another id, or
  by ``centre.laws``; two of them, or a ``centre.laws`` entry naming a missing document, are errors.
- Checking the rules (the judge behind the console's save and ``db import``) no longer reports
  ``unknown-law`` for library rules, but still does for a county rule citing a law nobody ships.

Regression: every library rule was refused with ``unknown-law`` unless the catalog listed the law itself.
"""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from onewindow.runtime import Runtime, load_catalog
from onewindow.runtime.catalog import Catalog, Origin
from onewindow.runtime.cli import cli
from onewindow.runtime.decision.render import render_text
from onewindow.runtime.engines import durable
from onewindow.runtime.policy import LIBRARY_LAWS
from onewindow.runtime.review import find_impact
from onewindow.runtime.rules import LIBRARY, LawsFile, Layer, check_layers
from onewindow.runtime.validity import Judge

ROOT = Path(__file__).resolve().parents[3]
GUIDE = ROOT / "examples" / "guides" / "id_card_renewal"
CONFIG = GUIDE / "config"
ENGINES = ("durable", "compiled") if durable.available() else ("compiled",)
LAW = "administrative_licensing_law"
SHIPPED = LawsFile.model_validate(YAML(typ="safe").load(LIBRARY_LAWS.read_text(encoding="utf-8"))).legal_documents[0]


def _application() -> dict:
    return YAML(typ="safe").load((GUIDE / "application.yaml").read_text(encoding="utf-8"))


def _county(tmp_path: Path, own: str = "", centre: str = "") -> Path:
    """施甸's catalog, with ``own`` legal documents added (a file of its own) and ``centre`` lines in its centre."""
    folder = tmp_path / "config"
    shutil.copytree(CONFIG, folder)
    if own:
        (folder / "own_laws.yaml").write_text("legal_documents:\n" + textwrap.indent(textwrap.dedent(own), "  "), encoding="utf-8")
    if centre:
        path = folder / "catalog.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("centre:\n", "centre:\n" + textwrap.indent(textwrap.dedent(centre), "  "), 1), encoding="utf-8")
    return folder


def _cited(decision) -> set[tuple[str, str, str | None]]:
    """(document, title, number) of every citation of the law in the decision's bases and trace."""
    citations = [*decision.legal_bases, *(t.basis for t in decision.trace if t.basis is not None)]
    return {(c.document, c.title, c.number) for c in citations if "行政许可法" in c.title}


def test_the_example_catalog_lacks_the_law() -> None:
    catalog = load_catalog(CONFIG)
    assert LAW not in catalog.legal_documents
    assert not any("行政许可法" in d.title for d in catalog.legal_documents.values())


@pytest.mark.parametrize("engine", ENGINES)
def test_a_catalog_without_the_law_decides_with_the_library_alone(engine: str) -> None:
    loaded = load_catalog(CONFIG)
    runtime = Runtime(CONFIG, None, engine=engine, catalog=loaded)
    decision = runtime.decide(_application())
    assert decision.outcome == "accept" and [layer.name for layer in decision.revision.layers] == ["library"]
    assert _cited(decision) == {(LAW, SHIPPED.title, SHIPPED.number)}
    assert any(t.rule.startswith("intake/") and t.basis is not None and t.basis.document == LAW for t in decision.trace)
    assert f"《{SHIPPED.title}》（{SHIPPED.number}）第三十二条" in render_text(decision)
    document = runtime.catalog.legal_documents[LAW]
    assert document == SHIPPED
    where = runtime.catalog.locate(document)
    assert where is not None and Path(where.file).resolve() == LIBRARY_LAWS and where.loc == ("legal_documents", 0)
    assert decision.revision.catalog == runtime.catalog.revision != loaded.revision


def test_both_engines_decide_the_same() -> None:
    if len(ENGINES) < 2:
        pytest.skip("durable-rules 不可用")
    compiled = Runtime(CONFIG, None, engine="compiled")
    other = Runtime(CONFIG, None, engine="durable", catalog=compiled.catalog)
    assert other.catalog is compiled.catalog
    first, second = compiled.decide(_application()), other.decide(_application())
    assert first.model_dump(exclude={"engine"}) == second.model_dump(exclude={"engine"})


def test_decide_command_cites_the_shipped_law() -> None:
    result = CliRunner().invoke(cli, ["decide", str(GUIDE / "application.yaml"), "--config", str(CONFIG), "--engine", "compiled"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("【受理】") and f"《{SHIPPED.title}》（{SHIPPED.number}）" in result.output


def test_the_catalog_with_shipped_laws_is_a_catalog_of_its_own() -> None:
    """Equality and hashing follow the revision: the catalog plus the shipped law (whose decisions cite it) never
    equals the catalog alone; the same addition gives the same revision; adding nothing changes nothing."""
    loaded = load_catalog(CONFIG)
    runtime = Runtime(CONFIG, None, engine="compiled", catalog=loaded)
    merged = runtime.catalog
    assert merged != loaded and merged.revision != loaded.revision and LAW not in loaded.legal_documents
    assert [d.id for d, _ in runtime.rules.laws] == [LAW]
    assert loaded.with_documents(()) is loaded and merged.with_documents(runtime.rules.laws) is merged
    assert Runtime(CONFIG, None, engine="compiled").catalog == merged  # a new load, the same revision
    again = Runtime(CONFIG, None, engine="compiled", catalog=merged)  # handed on, as `onewindow test` does
    assert again.catalog is merged and again.rules.laws == ()
    origin = Origin(str(LIBRARY_LAWS), ("legal_documents", 0))
    edited = loaded.with_documents([(SHIPPED.model_copy(update={"number": "另一文号"}), origin)])
    assert isinstance(edited, Catalog) and edited != merged and edited.revision not in (merged.revision, loaded.revision)


OWN = """\
- id: {id}
  title: {title}
  number: 本县汇编本
  issuer: 全国人民代表大会常务委员会
  level: law
  effective: 2004-07-01
"""


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("document, title", [(LAW, "中华人民共和国行政许可法"), ("xzxkf", "《中华人民共和国行政许可法》")],
                         ids=["same-key", "same-title"])
def test_the_countys_own_document_for_the_law_is_cited_instead(tmp_path: Path, engine: str, document: str, title: str) -> None:
    folder = _county(tmp_path, OWN.format(id=document, title=title))
    runtime = Runtime(folder, None, engine=engine)
    assert runtime.rules.laws == () and runtime.catalog.revision == load_catalog(folder).revision
    decision = runtime.decide(_application())
    assert _cited(decision) == {(document, title, "本县汇编本")}
    assert f"《{title}》（本县汇编本）第三十二条" in render_text(decision)
    where = runtime.catalog.locate(runtime.catalog.legal_documents[document])
    assert where is not None and Path(where.file).name == "own_laws.yaml"


def test_centre_laws_names_the_countys_document_under_another_title(tmp_path: Path) -> None:
    own = OWN.format(id="xzxkf", title="行政许可法（2019年修正）")
    unmapped = Runtime(_county(tmp_path / "a", own), None, engine="compiled")  # not recognisable as the same law
    assert _cited(unmapped.decide(_application())) == {(LAW, SHIPPED.title, SHIPPED.number)}
    mapped = Runtime(_county(tmp_path / "b", own, f"laws: [{{law: {LAW}, document: xzxkf}}]\n"), None, engine="compiled")
    assert _cited(mapped.decide(_application())) == {("xzxkf", "行政许可法（2019年修正）", "本县汇编本")}
    assert mapped.rules.laws == ()


def test_centre_laws_naming_a_missing_document_is_reported(tmp_path: Path) -> None:
    catalog = load_catalog(_county(tmp_path, centre=f"laws: [{{law: {LAW}, document: xzxkf}}]\n"))
    compiled, problems = check_layers([LIBRARY], catalog)
    assert compiled is None and problems and {p.code for p in problems} == {"unknown-law"}
    assert all(Path(p.file).resolve().parent == LIBRARY_LAWS.parent and p.line > 0 for p in problems)
    assert "centre.laws" in problems[0].message and "xzxkf" in problems[0].message


def test_two_county_documents_of_the_law_are_ambiguous(tmp_path: Path) -> None:
    own = OWN.format(id="xzxkf", title="中华人民共和国行政许可法") + OWN.format(id="xzxkf_2019", title="中华人民共和国行政许可法")
    compiled, problems = check_layers([LIBRARY], load_catalog(_county(tmp_path, own)))
    assert compiled is None and {p.code for p in problems} == {"ambiguous-law"}
    assert "xzxkf、xzxkf_2019" in problems[0].message and "centre.laws" in problems[0].message


def test_the_judge_reports_unknown_law_only_for_a_county_rule(tmp_path: Path) -> None:
    county = tmp_path / "county"
    county.mkdir()
    (county / "rules.yaml").write_text(textwrap.dedent("""\
        rules:
          - id: county/archives_note
            title: 档案查询说明
            then: {note: 说明}
            basis: {law: archives_law, article: 第十条}
        """), encoding="utf-8")
    catalog = load_catalog(CONFIG)
    verdict = Judge(county).judge(catalog)
    unknown = [f for f in verdict.findings if f.code == "unknown-law"]
    assert len(unknown) == 1 and Path(unknown[0].subject.file).name == "rules.yaml" and unknown[0].subject.line == 5
    assert "archives_law" in unknown[0].message and "政策库也没有随附" in unknown[0].message
    (county / "rules.yaml").write_text((county / "rules.yaml").read_text(encoding="utf-8").replace("law: archives_law", f"law: {LAW}"),
                                       encoding="utf-8")
    verdict = Judge(county).judge(catalog)
    assert verdict.ok, verdict.errors
    assert verdict.rules is not None and [d.id for d, _ in verdict.rules.laws] == [LAW]


def test_decide_command_refuses_a_county_rule_citing_an_unknown_law(tmp_path: Path) -> None:
    county = tmp_path / "county"
    county.mkdir()
    (county / "rules.yaml").write_text("rules:\n  - id: county/note\n    title: 说明\n    then: {note: 说明}\n"
                                       "    basis: {law: archives_law}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["decide", str(GUIDE / "application.yaml"), "--config", str(CONFIG), "--rules", str(county),
                                      "--engine", "compiled"])
    assert result.exit_code == 2, result.output
    assert result.output.count("[unknown-law]") == 1 and "rules.yaml:5" in result.output and "archives_law" in result.output


def test_the_laws_file_is_part_of_the_library_revision(tmp_path: Path) -> None:
    """A change to the shipped law changes the library layer's revision (decisions name it), and the laws file is
    not read as rules."""
    copy = tmp_path / "library"
    shutil.copytree(LIBRARY_LAWS.parent, copy, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    catalog = load_catalog(CONFIG)
    before, problems = check_layers([Layer("library", copy, copy / LIBRARY_LAWS.name)], catalog)
    assert before is not None and not [p for p in problems if p.severity == "error"]
    laws = copy / LIBRARY_LAWS.name
    laws.write_text(laws.read_text(encoding="utf-8").replace(SHIPPED.number or "", "另一文号"), encoding="utf-8")
    after, _ = check_layers([Layer("library", copy, laws)], catalog)
    assert after is not None and after.layers[0].revision != before.layers[0].revision
    assert after.layers[0].rules == before.layers[0].rules and after.laws[0][0].number == "另一文号"


def test_impact_of_the_countys_own_copy_lists_the_library_rules(tmp_path: Path) -> None:
    folder = _county(tmp_path, OWN.format(id="xzxkf", title="中华人民共和国行政许可法"))
    impact = find_impact(load_catalog(folder), "xzxkf")
    rules = {d.key for d in impact.dependents if d.kind == "rule"}
    assert "intake/accept/complete" in rules and LAW not in {d.key for d in impact.dependents}
