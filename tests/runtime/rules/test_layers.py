"""Rule layers: the policy library serves any county; province and county layers override, disable and add.

- ``examples/small_centre`` decides with the library alone; ``examples/layered_county`` with a province and
  a county layer (one library rule replaced, one province rule disabled), and the revision names each layer.
- Mistakes in a layer (reusing an id without ``override``, overriding or disabling nothing, naming what the
  county does not have) are reported at file:line, for that county.
- The library names no county entity: catalogs generated with random identifiers (bench/generate.py) all
  compile it and decide, on both engines.
"""
from __future__ import annotations

import importlib.util
import random
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from onewindow.runtime import Runtime, load_catalog
from onewindow.runtime.cli import cli
from onewindow.runtime.engines import durable
from onewindow.runtime.errors import RulesCompileError
from onewindow.runtime.policy import LIBRARY_DIR, LIBRARY_LAWS
from onewindow.runtime.rules import LIBRARY, Layer, RulesFile, check_layers, load_layers

ROOT = Path(__file__).resolve().parents[3]
SMALL = ROOT / "examples" / "small_centre"
LAYERED = ROOT / "examples" / "layered_county"
ENGINES = ("durable", "compiled") if durable.available() else ("compiled",)


def _application(code: str, **extra) -> dict:
    return {"item": code, "applicant": {"kind": "legal_person", "name": "某公司"},
            "received_at": "2026-03-02T10:00:00+08:00", **extra}


@pytest.mark.parametrize("engine", ENGINES)
def test_small_centre_decides_with_the_library_alone(engine: str) -> None:
    runtime = Runtime(SMALL, engine=engine)
    assert [layer.name for layer in runtime.layers] == ["library"]
    decision = runtime.decide(_application("NP-SCJG-001", facts={"enterprise_kind": "partnership", "entrusted_agent": False}))
    assert decision.outcome == "supplement"
    assert decision.notice.basis is not None and decision.notice.basis.article == "第三十二条"
    assert [layer.name for layer in decision.revision.layers] == ["library"]


def test_decide_command_small_centre_exits_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    application = tmp_path / "app.yaml"
    application.write_text("item: NP-SW-001\napplicant: {kind: legal_person, name: 某公司}\n"
                           "materials: {business_licence: {form: copy, copies: 1}, tax_officer_id: {form: copy, copies: 1}}\n"
                           'received_at: "2026-03-02T10:00:00+08:00"\n', encoding="utf-8")
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["decide", str(application), "--config", "examples/small_centre", "--engine", "compiled"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("【受理】新办纳税人涉税事项办理")
    assert "library " in result.output


def test_layered_county_names_every_layer_and_the_disabled_rule() -> None:
    runtime = Runtime(LAYERED / "catalog", engine="compiled")
    assert [layer.name for layer in runtime.layers] == ["library", "province", "county"]
    decision = runtime.decide(_application("DC-SW-001", materials={"business_licence": {"form": "copy", "copies": 1},
                                                                   "tax_officer_id": {"form": "copy", "copies": 1}},
                                            received_at="2026-03-02T20:00:00+08:00"))
    assert [(layer.name, layer.rules) for layer in decision.revision.layers] == [
        ("library", len(RulesFile.model_validate(_yaml_rules()).rules)), ("province", 2), ("county", 1)]
    assert [(d.rule, d.layer) for d in decision.revision.disabled] == [("province/notes/evaluation", "county")]
    after_hours = next(t for t in decision.trace if t.rule == "routing/clock/after_hours")
    assert after_hours.basis is not None and after_hours.basis.document == "dc_centre_management"
    assert not any("评价" in note for note in decision.notes)


def _yaml_rules() -> dict:
    from ruamel.yaml import YAML

    rules: list = []
    for path in sorted(set(LIBRARY_DIR.glob("*.yaml")) - {LIBRARY_LAWS}):  # the shipped laws are not rules
        rules += YAML(typ="safe").load(path.read_text(encoding="utf-8"))["rules"]
    return {"rules": rules}


def test_test_command_runs_each_layers_scenarios_against_the_county(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["test", "--config", "examples/layered_county/catalog", "--engine", "compiled"])
    assert result.exit_code == 0, result.output
    assert "province/scenarios" in result.output and "county/scenarios" in result.output
    assert "未适用：green_channel/grant（本中心未实行「重点项目绿色通道」）" in result.output


# -- mistakes in a layer ----------------------------------------------------------------------------------
def _layer(tmp_path: Path, name: str, body: str) -> Layer:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "rules.yaml").write_text(textwrap.dedent(body), encoding="utf-8")
    return Layer(name, folder)


@pytest.fixture(scope="module")
def small_catalog():
    return load_catalog(SMALL)


def _codes(problems) -> list[tuple[str, int, str]]:
    return [(Path(p.file).name, p.line, p.code) for p in problems]


def test_reusing_a_library_id_needs_override(tmp_path: Path, small_catalog) -> None:
    county = _layer(tmp_path, "county", """\
        rules:
          - id: routing/clock/after_hours
            title: 重名
            when: {fact: calendar.after_hours, eq: true}
            then: {note: 下班后}
            basis: {law: administrative_licensing_law, article: 第八十二条}
        """)
    compiled, problems = check_layers([LIBRARY, county], small_catalog)
    assert compiled is None
    assert _codes(problems) == [("rules.yaml", 2, "duplicate-id")]
    assert "override: true" in problems[0].message and "library" in problems[0].message


def test_override_and_disable_need_something_earlier(tmp_path: Path, small_catalog) -> None:
    county = _layer(tmp_path, "county", """\
        disable:
          - {rule: intake/nothing_here, reason: 测试}
        rules:
          - id: county/new
            override: true
            title: 无可覆盖
            then: {note: 说明}
            basis: {law: administrative_licensing_law}
        """)
    compiled, problems = check_layers([LIBRARY, county], small_catalog)
    assert compiled is None
    assert sorted(_codes(problems)) == [("rules.yaml", 2, "unknown-rule"), ("rules.yaml", 5, "nothing-to-override")]


def test_county_rule_naming_an_unknown_entity_is_reported_for_that_county(tmp_path: Path, small_catalog) -> None:
    county = _layer(tmp_path, "county", """\
        rules:
          - id: county/scope
            title: 别县的事项
            scope: {items: [QX-FG-003]}
            then: {note: 说明}
            basis: {document: qx_centre_management, article: 第十二条}
        """)
    with pytest.raises(RulesCompileError) as caught:
        load_layers([LIBRARY, county], small_catalog)
    found = {(Path(p.file).name, p.line, p.code): p.message for p in caught.value.problems}
    assert set(found) == {("rules.yaml", 4, "unknown-item"), ("rules.yaml", 6, "unknown-document")}
    assert all("南屏县政务服务中心的目录中" in message for message in found.values())


def test_law_named_differently_is_the_countys_own_by_title_or_mapping(tmp_path: Path) -> None:
    """The county's own copy of the law under another id wins over the shipped one: found by its title, or named
    by centre.laws (see test_shipped_laws.py for a catalog without the law)."""
    folder = tmp_path / "catalog"
    shutil.copytree(SMALL, folder)
    path = folder / "catalog.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("administrative_licensing_law", "xzxkf"), encoding="utf-8")
    catalog = load_catalog(folder)
    compiled, problems = check_layers([LIBRARY], catalog)
    assert compiled is not None and compiled.laws == () and not [p for p in problems if p.severity == "error"]
    decision = Runtime(folder, engine="compiled").decide(_application("NP-RS-001"))
    assert decision.notice.basis is not None and decision.notice.basis.document == "xzxkf"
    text = path.read_text(encoding="utf-8").replace(
        "  notice_days: 5\n", "  notice_days: 5\n  laws: [{law: administrative_licensing_law, document: xzxkf}]\n", 1)
    path.write_text(text.replace("title: 中华人民共和国行政许可法", "title: 行政许可法"), encoding="utf-8")
    decision = Runtime(folder, engine="compiled").decide(_application("NP-RS-001"))
    assert decision.notice.basis is not None and decision.notice.basis.document == "xzxkf"
    assert decision.notice.basis.title == "行政许可法"


def test_library_rules_name_no_county_entity() -> None:
    """No scope, no catalog document, material, window, department or fee in the library's rule files."""
    for rule in RulesFile.model_validate(_yaml_rules()).rules:
        assert rule.basis.document is None, rule.id
        scope, then = rule.scope, rule.then
        assert not (scope.items or scope.departments or scope.pipelines), rule.id
        assert not (then.require_material or then.waive_material or then.add_fee or then.waive_fee), rule.id
        assert then.route is None or (then.route.window is None and then.route.department is None), rule.id


# -- property: any generated catalog compiles the library and decides ------------------------------------------
def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


CODES = st.from_regex(r"[A-Z]{2,4}", fullmatch=True)
IDS = st.from_regex(r"[a-z][a-z0-9_]{2,12}", fullmatch=True).filter(lambda s: s not in ("licensing_law",))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=CODES, law=IDS, seed=st.integers(0, 10_000))
def test_generated_catalogs_with_random_identifiers_compile_the_library_and_decide(tmp_path_factory, prefix, law, seed):
    root = _generator().generate(4, tmp_path_factory.mktemp("generated") / "catalog", seed=seed)
    for path in root.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\bGEN-", f"{prefix}-", text)
        text = re.sub(r"\blicensing_law\b", law, text)
        path.write_text(text, encoding="utf-8")
    centre = root / "centre.yaml"
    centre.write_text(centre.read_text(encoding="utf-8").replace(
        "  notice_days: 5\n", f"  notice_days: 5\n  laws: [{{law: administrative_licensing_law, document: {law}}}]\n", 1),
        encoding="utf-8")
    catalog = load_catalog(root)
    rng = random.Random(seed)
    runtimes = [Runtime(root, engine=name, catalog=catalog) for name in ENGINES]  # type: ignore[arg-type]
    for code in sorted(catalog.item_versions):
        item = catalog.item(code)
        assert item is not None
        facts = {}
        for sid in item.situations:
            situation = catalog.situations[sid]
            if rng.random() < 0.2:
                continue  # unanswered: the decision must ask, not fail
            low = situation.minimum if situation.minimum is not None else 0
            high = situation.maximum if situation.maximum is not None else 20000
            facts[sid] = {"yes_no": rng.random() < 0.5, "number": rng.randint(low, high),
                          "choice": rng.choice(situation.choice_values()) if situation.kind == "choice" else None,
                          "date": None}[situation.kind]
        facts = {k: v for k, v in facts.items() if v is not None}
        materials = {m.id: {"form": m.form if m.form != "original_or_copy" else "original", "originals": m.originals,
                            "copies": m.copies} for m in item.materials if rng.random() < 0.7}
        application = {"item": code, "applicant": {"kind": rng.choice(item.audience), "name": "某申请人"},
                       "facts": facts, "materials": materials, "channel": rng.choice(["window", "online", "agency"]),
                       "tolerance_pledge": rng.random() < 0.5, "received_at": "2026-03-02T10:00:00+08:00"}
        decisions = [runtime.decide(application) for runtime in runtimes]
        assert decisions[0].outcome in ("accept", "tolerance_accept", "supplement", "return", "escalate", "prereview")
        assert all(d.model_dump(exclude={"engine"}) == decisions[0].model_dump(exclude={"engine"}) for d in decisions)


def test_impact_follows_library_rules_through_the_centre_config() -> None:
    """A library rule cites a policy by name; ``onewindow impact`` of the county document behind it finds it."""
    from onewindow.runtime.review.impact import find_impact

    catalog = load_catalog(ROOT / "config")
    rules = {d.key: d.where for d in find_impact(catalog, "qx_green_channel_2025", ROOT / "rules").dependents if d.kind == "rule"}
    assert {"green_channel/grant", "green_channel/agency", "materials/shared/agency_power_of_attorney"} <= set(rules)
    assert rules["green_channel/grant"].endswith("policy/green_channel.yaml:3")
    laws = {d.key for d in find_impact(load_catalog(SMALL), "administrative_licensing_law").dependents if d.kind == "rule"}
    assert "intake/supplement/key_material" in laws and "intake/accept/tolerance" not in laws
