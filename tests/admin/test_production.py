"""Serving for real: secret key refusal, health and readiness, the request log, no stray instance folder,
guarded migrations, the packaging of every module, and the revision that names a database catalog."""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask

from onewindow.admin import create_app
from onewindow.admin.cli import serve_command
from onewindow.admin.observe import JsonFormatter
from onewindow.admin.settings import SettingsError, require_secret_key
from onewindow.admin.store.db import db
from onewindow.admin.store.runtimes import catalog_for, runtime_for, served
from onewindow.admin.store.working_catalog import build_catalog, catalog_rows

from console_support import make_app
from test_decisions import APPLICATION

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("key", [None, "", "short"])
def test_production_refuses_a_missing_or_short_secret_key_in_chinese(key: str | None, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ONEWINDOW_SECRET_KEY", raising=False)
    if key is not None:
        monkeypatch.setenv("ONEWINDOW_SECRET_KEY", key)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance")})
    with pytest.raises(SettingsError, match="生产模式必须设置 ONEWINDOW_SECRET_KEY"):
        require_secret_key(app.config)
    result = CliRunner().invoke(serve_command, ["--production", "--config", str(tmp_path / "none"), "--port", "1"])
    assert result.exit_code == 2 and "无法启动：生产模式必须设置 ONEWINDOW_SECRET_KEY" in result.output
    assert "Traceback" not in result.output


def test_a_long_secret_key_or_development_serves(tmp_path: Path) -> None:
    require_secret_key({"SECRET_KEY": "k" * 32})
    require_secret_key({"ONEWINDOW_ENV": "development", "SECRET_KEY": None})


def test_no_instance_folder_when_database_url_is_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.sqlite'}")
    create_app()
    assert not (tmp_path / "instance").exists()
    monkeypatch.delenv("DATABASE_URL")
    create_app()
    assert (tmp_path / "instance" / "onewindow.sqlite").exists()  # the default database lives there


def test_migrate_off_leaves_the_schema_to_db_upgrade(tmp_path: Path) -> None:
    app = make_app(tmp_path, ONEWINDOW_MIGRATE="off")
    with app.app_context():
        assert db.inspect(db.engine).get_table_names() == []
    with make_app(tmp_path).app_context():  # the default: migrated on start
        assert "catalog_records" in db.inspect(db.engine).get_table_names()


def test_healthz_and_readyz_when_ready(county: Flask) -> None:
    client = county.test_client()
    assert client.get("/healthz").get_json() == {"status": "ok"}
    answer = client.get("/readyz")
    assert answer.status_code == 200
    assert answer.get_json() == {"status": "ready", "checks": {"database": "ok", "catalog": "ok", "rules": "ok", "validity": "ok"}}


def test_readyz_is_503_naming_what_is_missing(tmp_path: Path) -> None:
    answer = make_app(tmp_path).test_client().get("/readyz")
    assert answer.status_code == 503
    body = answer.get_json()
    assert body["status"] == "not_ready" and body["checks"]["database"] == "ok"
    assert "尚无已发布的目录" in body["checks"]["catalog"]


def test_readyz_reports_rules_that_do_not_compile(tmp_path: Path, county: Flask) -> None:
    broken = tmp_path / "rules"
    broken.mkdir()
    (broken / "bad.yaml").write_text("rules:\n  - id: x\n    when: {fact: nope, gte: 0}\n", encoding="utf-8")
    county.config["ONEWINDOW_RULES_DIR"] = str(broken)
    try:
        answer = county.test_client().get("/readyz")
    finally:
        county.config["ONEWINDOW_RULES_DIR"] = str(ROOT / "rules")
    assert answer.status_code == 503
    assert answer.get_json()["checks"]["catalog"] == "ok" and answer.get_json()["checks"]["rules"] == "规则无法编译"


def test_readyz_fails_when_the_judge_refuses_the_served_catalog(tmp_path: Path) -> None:
    """A published catalog the rules still compile for, but the validity judge refuses (a department gone
    from under its items, written behind the console's back): not ready, the finding named in Chinese."""
    from onewindow.admin.store.records import CatalogRecord

    app = make_app(tmp_path, ONEWINDOW_RULES_DIR=str(ROOT / "rules"))
    with app.app_context():
        from onewindow.admin.sync import import_catalog

        import_catalog(ROOT / "config", user="test")
        client = app.test_client()
        assert client.get("/readyz").status_code == 200
        item = db.session.scalar(db.select(CatalogRecord).where(CatalogRecord.section == "items").order_by(CatalogRecord.key))
        item.published_document = {**item.published_document, "department": "no_such_department"}
        item.document = item.published_document
        db.session.commit()
        answer = client.get("/readyz")
    assert answer.status_code == 503
    checks = answer.get_json()["checks"]
    assert checks["catalog"] == "ok" and checks["rules"] == "ok"
    assert checks["validity"].startswith("目录与规则未通过有效性评判") and "no_such_department" in checks["validity"]


def test_the_readiness_verdict_outlives_the_answer_memo(county: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The judge runs once per served build: 300 distinct item queries (past the 256 answers a build
    remembers) do not make the next probe judge again."""
    from onewindow.runtime.validity import Judge

    runs: list[object] = []
    judge = Judge.judge

    def counted(self: Judge, *args: object, **kwargs: object) -> object:
        runs.append(args)
        return judge(self, *args, **kwargs)

    monkeypatch.setattr(Judge, "judge", counted)
    client = county.test_client()
    assert client.get("/readyz").status_code == 200
    before = len(runs)
    assert before <= 1
    for limit in range(1, 301):
        assert client.get(f"/api/v1/items?limit={limit}").status_code == 200
    with county.app_context():
        assert len(served(published=True).answers) < 300  # the memo was cleared on the way
    assert client.get("/readyz").status_code == 200
    assert len(runs) == before


def test_every_request_is_logged_with_its_id_user_and_duration(county: Flask, caplog: pytest.LogCaptureFixture) -> None:
    client = county.test_client()
    with caplog.at_level(logging.INFO, logger="onewindow.request"):
        answer = client.post("/api/v1/decisions", json=APPLICATION, headers={"X-Request-Id": "proxy-42"})
        other = client.get("/healthz", headers={"X-Request-Id": "bad id with spaces"})
    assert answer.headers["X-Request-Id"] == "proxy-42"
    assert re.fullmatch(r"[0-9a-f]{32}", other.headers["X-Request-Id"])  # an unsafe id is replaced
    records = [r for r in caplog.records if r.name == "onewindow.request"]
    assert [(r.method, r.path, r.status, r.user) for r in records] == [  # type: ignore[attr-defined]
        ("POST", "/api/v1/decisions", 200, "-"), ("GET", "/healthz", 200, "-")]
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["request_id"] == "proxy-42" and line["duration_ms"] >= 0 and line["message"] == "POST /api/v1/decisions 200"


def test_every_source_folder_is_a_package_so_the_wheel_has_it() -> None:
    """find_packages skips a folder without __init__.py: the wheel then lacked runtime/decision (CI's wheel
    smoke test installs it for real; this catches the cause in a second)."""
    for top in ("runtime", "admin"):
        for folder in (ROOT / top).rglob("*"):
            if folder.is_dir() and any(folder.glob("*.py")) and "__pycache__" not in folder.parts:
                assert (folder / "__init__.py").exists(), f"{folder} has modules but no __init__.py"


def test_database_catalogs_name_their_source_and_row_versions(county: Flask) -> None:
    with county.app_context():
        working, published = build_catalog(catalog_rows()), catalog_for(published=True)
        assert working is not None and published is not None
        assert re.fullmatch(r"working-copy:[0-9a-f]{16}", working.revision)
        assert re.fullmatch(r"published:[0-9a-f]{16}", published.revision)
        assert working != published  # Catalog equality is keyed on the revision
        decision = runtime_for(published=True).decide(APPLICATION)
        assert decision.revision.catalog == published.revision
        assert build_catalog(catalog_rows()).revision == working.revision  # same rows, same revision


def test_a_save_gives_the_working_copy_a_new_revision(tmp_path: Path, county: Flask) -> None:
    from onewindow.admin.store.records import CatalogRecord

    with county.app_context():
        before_working, before_published = build_catalog(catalog_rows()).revision, catalog_for(published=True).revision
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="items").limit(1))
        record.document = {**record.document, "name": record.document["name"] + "（改）"}
        record.state = "draft"
        db.session.commit()
        try:
            after = build_catalog(catalog_rows()).revision
            assert after != before_working and after.startswith("working-copy:")
            # the published catalog names row versions too: the saved row's version moved, so its revision
            # moves although its content did not — conservative, never two contents under one revision
            assert catalog_for(published=True).revision not in (before_published, after)
        finally:
            record.document = {**record.document, "name": record.document["name"].removesuffix("（改）")}
            db.session.commit()


def test_every_onewindow_variable_of_the_environment_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONEWINDOW_FOUR_EYES", "off")
    monkeypatch.setenv("ONEWINDOW_CASE_API_TOKENS", '{"t0ken": "一网通办平台"}')
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    assert app.config["ONEWINDOW_FOUR_EYES"] == "off"
    assert app.config["ONEWINDOW_CASE_API_TOKENS"] == {"t0ken": "一网通办平台"}
    monkeypatch.setenv("ONEWINDOW_CASE_API_TOKENS", "t0ken")
    with pytest.raises(SettingsError, match="环境变量 ONEWINDOW_CASE_API_TOKENS 应为 JSON 对象"):
        create_app({"INSTANCE_PATH": str(tmp_path)})


def test_behind_a_proxy_the_forwarded_client_and_https_are_trusted(tmp_path: Path) -> None:
    from onewindow.admin.wsgi import behind_proxy

    app = make_app(tmp_path, ONEWINDOW_PROXY_HOPS="1", ONEWINDOW_SECURE_COOKIES="on")
    behind_proxy(app)
    seen = {}

    @app.get("/probe")
    def probe() -> str:
        from flask import request

        seen.update(remote=request.remote_addr, scheme=request.scheme)
        return "ok"

    app.test_client().get("/probe", headers={"X-Forwarded-For": "10.1.2.3", "X-Forwarded-Proto": "https"})
    assert seen == {"remote": "10.1.2.3", "scheme": "https"}
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]


def test_the_served_engine_is_a_setting(tmp_path: Path, county: Flask) -> None:
    county.config["ONEWINDOW_ENGINE"] = "compiled"
    try:
        with county.app_context():
            assert runtime_for(published=True).decide(APPLICATION).engine == "compiled"
    finally:
        county.config.pop("ONEWINDOW_ENGINE")


def test_a_write_through_another_connection_is_seen_by_the_next_lookup(app: Flask, tmp_path: Path) -> None:
    """The cache of one app (one process) notices a commit made by another app on the same database — on SQLite
    through the file's commit counter, which another process's commit moves the same way."""
    from onewindow.admin.store.records import CatalogRecord

    other = make_app(tmp_path)  # its own engine and connections, like a second server process
    with app.app_context():
        before = build_catalog(catalog_rows()).revision
        sandbox = served(published=False)
        assert served(published=False) is sandbox
    with other.app_context():
        record = db.session.scalar(db.select(CatalogRecord).filter_by(section="items").limit(1))
        record.document = {**record.document, "name": record.document["name"] + "（他处修改）"}
        record.state = "draft"
        db.session.commit()
    with app.app_context():
        after = served(published=False)
        assert after is not sandbox and after.catalog.revision != before
        assert any(item.name.endswith("（他处修改）") for versions in after.catalog.item_versions.values() for item in versions)
