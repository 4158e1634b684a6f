"""No two concurrent cases get one number: several processes create cases at once on one PostgreSQL database.

Each process is a full app (its own connection pool) posting to ``/api/v1/cases``; they start together on
a signal file. The numbers must be distinct and, for the day, exactly 1…N with no gap (a rolled-back
creation gives its number back, nothing here rolls back).
"""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from console_support import REPO_CONFIG, RULES
from databases import fresh_database, requires_postgres

pytestmark = requires_postgres()
PROCESSES, EACH = 4, 12

WORKER = """
import json, os, sys, time
from pathlib import Path
from onewindow.admin import create_app
app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"], "ONEWINDOW_ENV": "testing",
                  "SECRET_KEY": "x", "INSTANCE_PATH": sys.argv[1], "ONEWINDOW_RULES_DIR": sys.argv[2],
                  "ONEWINDOW_CASE_API_TOKENS": {"t": "worker"}})
client = app.test_client()
application = json.loads(sys.argv[3])
client.post("/api/v1/cases", json={}, headers={"Authorization": "Bearer t"})  # warm the runtime before the start
go = Path(sys.argv[4])
while not go.exists():
    time.sleep(0.01)
numbers = []
for _ in range(int(sys.argv[5])):
    answer = client.post("/api/v1/cases", json={"application": application}, headers={"Authorization": "Bearer t"})
    assert answer.status_code == 201, answer.get_json()
    numbers.append(answer.get_json()["number"])
print(json.dumps(numbers))
"""


def test_concurrent_processes_never_share_a_number(tmp_path: Path) -> None:
    from onewindow.admin import create_app
    from onewindow.admin.store.db import db
    from onewindow.admin.sync import import_catalog

    from test_cases import application

    url = fresh_database("ow_cases_" + secrets.token_hex(6))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "ONEWINDOW_ENV": "testing", "SECRET_KEY": "x",
                      "INSTANCE_PATH": str(tmp_path)})
    with app.app_context():
        import_catalog(REPO_CONFIG, user="test")
        db.engine.dispose()
    go = tmp_path / "go"
    env = {**os.environ, "DATABASE_URL": url}
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, str(tmp_path / f"w{i}"), str(RULES),
                                 json.dumps(application()), str(go), str(EACH)], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for i in range(PROCESSES)]
    time.sleep(8)  # every worker has built its app and runtime
    go.touch()
    numbers: list[str] = []
    for worker in workers:
        out, err = worker.communicate(timeout=600)
        assert worker.returncode == 0, err[-2000:]
        numbers += json.loads(out.strip().splitlines()[-1])
    assert len(numbers) == len(set(numbers)) == PROCESSES * EACH
    assert sorted(int(n[-6:]) for n in numbers) == list(range(1, PROCESSES * EACH + 1))
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT last FROM case_sequences")).scalar_one() == PROCESSES * EACH
    engine.dispose()
