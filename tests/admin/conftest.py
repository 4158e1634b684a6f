"""app, client, login_as(role), all from create_app over a fresh SQLite file with the fixture catalog imported."""
from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from databases import BACKEND, CREATED, SERVER, drop_created
from console_support import FIXTURE, REPO_CONFIG, RULES, imported_database, login, make_app


def pytest_report_header() -> str:
    return f"admin database: {BACKEND} (ONEWINDOW_TEST_BACKEND)"


@pytest.fixture(autouse=True)
def _drop_test_databases() -> Iterator[None]:
    """On PostgreSQL, drop the databases a test made for itself when it ends (templates made by module and
    session fixtures are set up before this fixture, so they stay until the session ends)."""
    start = len(CREATED)
    yield
    if SERVER:
        drop_created(start)


def pytest_sessionfinish() -> None:
    if SERVER and CREATED:
        drop_created()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture catalog imported and the users created once; each test gets a copy of the file."""
    return imported_database(tmp_path_factory.mktemp("template"), FIXTURE)


@pytest.fixture
def app(tmp_path: Path, template_db: Path) -> Iterator[Flask]:
    shutil.copyfile(template_db, tmp_path / "console.sqlite")
    yield make_app(tmp_path)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()




@pytest.fixture
def login_as(app: Flask) -> Callable[[str], FlaskClient]:
    return lambda role: login(app.test_client(), role)


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The console over the reference county (config/) with the shipped rules, which name its documents and
    items: the sandbox and the decisions API decide there."""
    folder = tmp_path_factory.mktemp("county")
    imported_database(folder, REPO_CONFIG)
    return make_app(folder, ONEWINDOW_RULES_DIR=str(RULES))

