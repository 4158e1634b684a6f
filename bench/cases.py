"""The case ledger at county and province scale: case list page, supervision view and monthly report server
times over N generated cases, and case creation throughput through the real API.

Ratios against baselines measured in the same run (never absolute assertions): creation against a bare
decision (``POST /api/v1/decisions``, the same application), page times against the console home page.
Goals of issue #16 printed as met / MISSED: list ≤ 200 ms, monthly report ≤ 2 s. A closed month's report is
measured twice: its first read (computes the figures live and freezes them) and the reads after (frozen figures,
scoring live); the current month is always live.

    python -m bench.cases [--cases 1000000] [--database postgresql+psycopg://…]   # default: SQLite, 100,000

The N cases are generated straight into the table (the derived columns filled as replay would, one shared
basis), because creating a million through the API would measure the decision engine a million times; the
creation figure is measured separately through the API. Without ``--database`` (or ``DATABASE_URL``) the
run uses a temporary SQLite file; ``. .ci/postgres`` gives a throwaway PostgreSQL server.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TOKEN = {"Authorization": "Bearer bench"}


def _app(url: str, instance: Path) -> Any:
    from onewindow.admin import create_app

    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "ONEWINDOW_ENV": "testing", "SECRET_KEY": "b",
                       "INSTANCE_PATH": str(instance), "ONEWINDOW_RULES_DIR": str(ROOT / "rules"),
                       "ONEWINDOW_CASE_API_TOKENS": {"bench": "bench"}, "ONEWINDOW_NOW": "2026-06-15T10:00:00+08:00",
                       "ONEWINDOW_PASSWORD_HASH": "pbkdf2:sha256:1000", "WTF_CSRF_ENABLED": False})


def _application() -> dict[str, Any]:
    from onewindow.runtime.loading.yaml_source import parse

    path = ROOT / "examples" / "applications" / "real_estate_first_registration.yaml"
    data, _ = parse(path.read_text(encoding="utf-8"), str(path))
    data = json.loads(json.dumps(data, default=str))
    data["received_at"] = "2026-06-15T10:00:00+08:00"
    return data


def _timed(call: Any, runs: int) -> float:
    """Median seconds of ``runs`` calls (after one warm-up call)."""
    call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _generate(app: Any, count: int, seed: int = 16) -> None:
    """``count`` cases over 2025-07 … 2026-06 in the derived-column shape replay writes."""
    from onewindow.admin.cases.ledger import centre_zone
    from onewindow.admin.cases.tables import Case
    from onewindow.admin.store.db import db

    rng = random.Random(seed)
    with app.app_context():
        zone = centre_zone()  # the published centre's timezone
        catalog_items = list(db.session.execute(db.text(
            "SELECT code, document FROM catalog_records WHERE section = 'items'")).all())
        items = []
        for code, document in catalog_items:
            doc = document if isinstance(document, dict) else json.loads(document)
            items.append((code, doc.get("name", code), doc.get("department")))
        windows = [f"window_{i}" for i in range(12)]
        clerks = [f"clerk_{i}" for i in range(40)]
        basis = {"item_name": "generated", "regime": "time_limited", "case_class": "promised", "received_at":
                 "2026-01-05T10:00:00+08:00", "catalog_revision": "bench", "rules_revision": "bench",
                 "calendar_revision": "bench"}
        first = date(2025, 7, 1)
        stamp = datetime(2026, 6, 15, 10, tzinfo=zone)
        rows = []
        table = Case.__table__
        for index in range(count):
            code, name, department = rng.choice(items)
            received = first + timedelta(days=rng.randrange(0, 350))
            promised = rng.choice((0, 1, 3, 5, 10, 15, 20))
            due = received + timedelta(days=promised + promised // 5 * 2)
            fate = rng.random()
            decided = None
            if fate < 0.9 and received < date(2026, 6, 10):
                decided = received + timedelta(days=max(0, int(rng.gauss(promised, 2))))
            state = "delivered" if decided else ("not_accepted" if fate > 0.98 else "in_process")
            timeliness = None if decided is None else ("early" if decided < due else "on_time" if decided == due else "overdue")
            rows.append({
                "number": f"610999{received:%Y%m%d}{index:06d}"[-20:], "query_code": "BENCH" + str(index % 1000).zfill(3),
                "parent_id": None, "stage": None, "item": code, "item_name": name, "pipeline": None,
                "department": department, "window": rng.choice(windows), "channel": "online" if rng.random() < 0.3 else "window",
                "applicant_name": f"申请人{index}", "applicant_kind": "person", "applicant_phone": None,
                "regime": "time_limited", "case_class": "promised", "created_by": rng.choice(clerks),
                "received_at": datetime.combine(received, datetime.min.time(), zone).replace(hour=10),
                "basis": basis, "decision": None, "application": None, "state": state,
                "closed": state in ("delivered", "not_accepted"), "paused": False, "received_on": received,
                "accepted_on": None if state == "not_accepted" else received, "starts_on": received,
                "deemed_accepted": False, "promised_days": promised, "promised_due": due,
                "statutory_due": due + timedelta(days=14), "yellow_from": due - timedelta(days=2),
                "decided_on": decided, "result": "approved" if decided else None, "timeliness": timeliness,
                "working_days_used": None if decided is None else max(0, (decided - received).days * 5 // 7),
                "delivered_on": decided, "closed_on": decided if decided else (received if state == "not_accepted" else None),
                "fees_total": Decimal(rng.choice(("0.00", "0.00", "80.00", "100.00"))),
                "alert_colour": "none" if decided else "green", "provisional": False, "events_count": 3,
                "updated_at": stamp,
            })
            if len(rows) == 10_000:
                db.session.execute(table.insert(), rows)
                db.session.commit()
                rows = []
        if rows:
            db.session.execute(table.insert(), rows)
            db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(db.text("ANALYZE cases"))
            db.session.commit()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--create", type=int, default=60, help="cases created through the API for the throughput")
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args(argv)
    from onewindow.admin.auth.users import User
    from onewindow.admin.store.db import db
    from onewindow.admin.sync import import_catalog

    with tempfile.TemporaryDirectory(prefix="onewindow-bench-cases-") as tmp:
        url = args.database or f"sqlite:///{Path(tmp) / 'cases.sqlite'}"
        backend = url.split(":", 1)[0].split("+", 1)[0]
        app = _app(url, Path(tmp))
        with app.app_context():
            if db.session.scalar(db.text("SELECT count(*) FROM catalog_records")) == 0:
                import_catalog(ROOT / "config", user="bench")
            if db.session.scalar(db.select(User.id).where(User.username == "bench")) is None:
                user = User(username="bench", display_name="bench", role="efficiency_office", active=True)
                user.set_password("bench")
                db.session.add(user)
                db.session.commit()
        client = app.test_client()
        application = _application()
        decide = _timed(lambda: client.post("/api/v1/decisions", json=application), 20)

        def create() -> None:
            answer = client.post("/api/v1/cases", json={"application": application}, headers=TOKEN)
            assert answer.status_code == 201, answer.get_json()

        create_time = _timed(create, args.create)
        started = time.perf_counter()
        _generate(app, args.cases)
        generated = time.perf_counter() - started
        office = app.test_client()
        office.post("/auth/login", data={"username": "bench", "password": "bench"})
        assert office.get("/admin/cases/").status_code == 200
        started = time.perf_counter()
        assert office.get("/admin/case_reports/?month=2026-03").status_code == 200
        first_report = time.perf_counter() - started
        pages = {
            "home (baseline)": "/admin/",
            "case list": "/admin/cases/",
            "case list, red in one department": "/admin/cases/?colour=red&department=market_regulation",
            "supervision view": "/admin/supervision/",
            "monthly report (page)": "/admin/case_reports/?month=2026-03",
            "monthly report (xlsx)": "/admin/case_reports/download?month=2026-03&format=xlsx",
            "monthly report, current month (live)": "/admin/case_reports/?month=2026-06",
        }
        times = {name: _timed(lambda path=path: office.get(path), 5) for name, path in pages.items()}
    print(f"backend: {backend}; {args.cases:,} generated cases (+{args.create + 1} through the API) in {generated:.0f} s")
    print(f"decision (baseline)        {decide * 1000:8.1f} ms")
    print(f"case creation (API)        {create_time * 1000:8.1f} ms  ×{create_time / decide:.2f} of a decision; "
          f"{1 / create_time:.0f} cases/s in one process")
    base = times["home (baseline)"]
    print(f"{'monthly report, first read (freezes)':34s} {first_report * 1000:8.1f} ms  ×{first_report / base:.1f} of the home page")
    for name, seconds in times.items():
        print(f"{name:34s} {seconds * 1000:8.1f} ms  ×{seconds / base:.1f} of the home page")
    for name, goal in (("case list", 0.2), ("monthly report (page)", 2.0)):
        verdict = "met" if times[name] <= goal else "MISSED"
        print(f"goal {name} ≤ {goal * 1000:.0f} ms: {verdict} ({times[name] * 1000:.0f} ms, {args.cases:,} cases, {backend})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
