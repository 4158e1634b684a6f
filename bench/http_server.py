"""HTTP benchmark of the production server (``onewindow serve --production``, gunicorn gthread).

POST /api/v1/decisions and GET /api/v1/items with 1 and 2 worker processes, 8 concurrent keep-alive clients
(each its own process, so the load generator is not throttled by one GIL), on SQLite and — when a server URL
is given (``--postgres URL``, ``ONEWINDOW_BENCH_DATABASE_URL`` or ``ONEWINDOW_TEST_DATABASE_URL``) — on
PostgreSQL. Every figure is printed beside its baseline from the same run: the in-process
``Runtime.decide`` of the same application and catalog. Goals (issue 11): zero errors; decision p50 over
HTTP ≤ 2× the in-process decision; throughput grows from 1 to 2 workers.

    python -m bench.http_server [--seconds 4] [--clients 8] [--postgres URL]
"""
from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONFIG, RULES = ROOT / "config", ROOT / "rules"
APPLICATION = ROOT / "examples" / "applications" / "real_estate_first_registration.yaml"
ONEWINDOW = str(Path(sys.executable).with_name("onewindow"))


def _application() -> dict[str, Any]:
    from ruamel.yaml import YAML

    return json.loads(json.dumps(YAML(typ="safe").load(APPLICATION.read_text(encoding="utf-8")), default=str))


def in_process_p50(application: dict[str, Any], rounds: int = 400) -> float:
    """Seconds per ``Runtime.decide`` at p50 (the server's engine choice: auto)."""
    from onewindow.runtime import Runtime

    runtime = Runtime(CONFIG, RULES)
    for _ in range(50):
        runtime.decide(application)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        runtime.decide(application)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _client(port: int, method: str, path: str, body: bytes | None, seconds: float, start_at: float, out: Any) -> None:
    """One keep-alive client: as many requests as fit in ``seconds``; latencies and errors to ``out``."""
    headers = {"Content-Type": "application/json"} if body else {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, errors = [], 0
    while time.time() < start_at:
        time.sleep(0.001)
    stop = time.perf_counter() + seconds
    while time.perf_counter() < stop:
        begin = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            answer.read()
            if answer.status != 200:
                errors += 1
            latencies.append(time.perf_counter() - begin)
        except (OSError, http.client.HTTPException):
            errors += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    out.put((latencies, errors))


def load(port: int, method: str, path: str, body: bytes | None, clients: int, seconds: float) -> dict[str, float]:
    queue: Any = multiprocessing.get_context("fork").Queue()
    start_at = time.time() + 0.5
    workers = [multiprocessing.get_context("fork").Process(target=_client, args=(port, method, path, body, seconds, start_at, queue))
               for _ in range(clients)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=seconds + 120) for _ in workers]
    for worker in workers:
        worker.join()
    latencies = sorted(t for part, _ in results for t in part)
    errors = sum(e for _, e in results)
    if not latencies:
        return {"rps": 0.0, "p50": float("nan"), "p99": float("nan"), "errors": errors}
    return {"rps": len(latencies) / seconds, "p50": latencies[len(latencies) // 2],
            "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], "errors": errors}


def _wait_ready(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited: {log.read_text()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/readyz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("server not ready in 180 s")


def prepare_database(url: str, folder: Path) -> None:
    environment = {**os.environ, "DATABASE_URL": url}
    subprocess.run([ONEWINDOW, "db", "import", str(CONFIG), "--rules", str(RULES)], env=environment, check=True,
                   cwd=folder, stdout=subprocess.DEVNULL)


def postgres_database(server: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "ow_bench_" + secrets.token_hex(4)
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(server: str, url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)"))
    engine.dispose()


def run_backend(name: str, url: str, folder: Path, args: argparse.Namespace, body: bytes) -> list[dict[str, Any]]:
    prepare_database(url, folder)
    rows = []
    for workers in (1, 2):
        port = _free_port()
        log = folder / f"{name}-{workers}.log"
        environment = {**os.environ, "DATABASE_URL": url, "ONEWINDOW_SECRET_KEY": secrets.token_hex(32),
                       "ONEWINDOW_LOG_LEVEL": "WARNING"}
        with open(log, "wb") as output:
            server = subprocess.Popen([ONEWINDOW, "serve", "--production", "--workers", str(workers), "--threads", "4",
                                       "--port", str(port), "--config", str(CONFIG), "--rules", str(RULES)],
                                      env=environment, stdout=output, stderr=subprocess.STDOUT, cwd=folder)
        try:
            _wait_ready(port, server, log)
            for method, path, payload in (("POST", "/api/v1/decisions", body), ("GET", "/api/v1/items", None)):
                load(port, method, path, payload, args.clients, 1.0)  # warm every worker's caches
                figures = load(port, method, path, payload, args.clients, args.seconds)
                # one client alone: the latency of a request without queueing behind seven others
                figures["p50_alone"] = load(port, method, path, payload, 1, min(args.seconds, 2.0))["p50"]
                rows.append({"backend": name, "workers": workers, "endpoint": f"{method} {path}", **figures})
                print(f"{name:10} {workers} worker(s) {method:4} {path:18} {figures['rps']:8.0f} req/s  "
                      f"p50 {figures['p50'] * 1000:7.2f} ms  p99 {figures['p99'] * 1000:7.2f} ms  errors {figures['errors']}  "
                      f"(one client alone: p50 {figures['p50_alone'] * 1000:.2f} ms)",
                      flush=True)
        finally:
            server.terminate()
            server.wait(timeout=60)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--postgres", default=os.environ.get("ONEWINDOW_BENCH_DATABASE_URL") or os.environ.get("ONEWINDOW_TEST_DATABASE_URL"))
    args = parser.parse_args(argv)
    application = _application()
    body = json.dumps(application).encode()
    baseline = in_process_p50(application)
    print(f"baseline: in-process Runtime.decide p50 {baseline * 1000:.3f} ms (same application, same catalog)")
    print(f"load: {args.clients} concurrent keep-alive clients (one process each), {args.seconds:g} s per figure")
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="onewindow-bench-http-") as tmp:
        folder = Path(tmp)
        rows += run_backend("sqlite", f"sqlite:///{folder / 'bench.sqlite'}", folder, args, body)
        if args.postgres:
            url = postgres_database(args.postgres)
            try:
                rows += run_backend("postgresql", url, folder, args, body)
            finally:
                drop_postgres_database(args.postgres, url)
        else:
            print("postgresql: skipped (no --postgres URL; `. .ci/postgres` starts a server)")
    print("\nratios (same run):")
    for row in rows:
        if row["endpoint"].startswith("POST"):
            ratio = row["p50_alone"] / baseline
            print(f"  {row['backend']:10} {row['workers']}w decision p50 over HTTP (one client) / in-process p50 = {ratio:5.2f}×"
                  f" (goal ≤ 2×) {'met' if ratio <= 2 else 'MISSED'};  under {args.clients} clients {row['p50'] / baseline:.1f}×")
    for backend in sorted({r["backend"] for r in rows}):
        for endpoint in sorted({r["endpoint"] for r in rows}):
            one, two = (next(r for r in rows if (r["backend"], r["workers"], r["endpoint"]) == (backend, w, endpoint)) for w in (1, 2))
            scale = two["rps"] / one["rps"] if one["rps"] else float("nan")
            print(f"  {backend:10} {endpoint:22} throughput 2 workers / 1 worker = {scale:4.2f}× (goal > 1) {'met' if scale > 1 else 'MISSED'}")
    errors = sum(r["errors"] for r in rows)
    print(f"  cores: {os.cpu_count()} (load clients, servers and anything else on the machine share them)")
    print(f"  errors: {errors} (goal 0) {'met' if errors == 0 else 'MISSED'}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
