"""app, client, login_as(role), all from create_app over a fresh SQLite file with the fixture catalog imported."""
from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from console_support import FIXTURE, imported_database, login, make_app


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
