"""Catalog loading: cold, warm (memory and disk cache) and one-file-changed, against the parsers' own floors.

Prints, in one run, for generated catalogs (``bench/generate.py``) of N = 1k and 10k items:
  floor      json.loads of the same data (converted to JSON beforehand), and the C YAML parser alone
             (``onewindow.runtime.loading.yaml_source.parse`` over the same texts, nothing else);
  cold       ``check_catalog`` with empty caches: read + hash + C parse + strict pydantic + merge + lint;
  growth     cold 10k / cold 1k (10.0 = linear);
  warm mem   a second ``check_catalog`` in the same process (memory cache: every file unchanged);
  warm disk  ``check_catalog`` in a new process with the disk cache filled (time inside the process,
             and the process's import time separately);
  1 changed  one item file edited, then ``check_catalog`` again in the warm process.
Goals (issue #2): warm 10k ≤ 1 s, one changed file ≤ 100 ms, cold ≤ 2× the C YAML parser's own time.

Usage: python -m bench.catalog_load [--sizes 1000 10000] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value))


def _timed(func, *args, **kwargs) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


def _floors(root: Path) -> tuple[float, float, int]:
    """(json.loads seconds, C YAML parse seconds, bytes) over every file of ``root``."""
    from onewindow.runtime.loading.loader import catalog_files
    from onewindow.runtime.loading.yaml_source import parse

    texts = [p.read_text(encoding="utf-8") for p in catalog_files(root)]
    parsed = [parse(t, "x")[0] for t in texts]
    blobs = [json.dumps(d, default=_json_default, ensure_ascii=False) for d in parsed]
    json_s, _ = _timed(lambda: [json.loads(b) for b in blobs])
    yaml_s, _ = _timed(lambda: [parse(t, "x") for t in texts])
    return json_s, yaml_s, sum(len(t.encode()) for t in texts)


_CHILD = """
import sys, time, json
t0 = time.perf_counter()
from onewindow.runtime.loading import check_catalog
t1 = time.perf_counter()
report = check_catalog(sys.argv[1], cache_dir=sys.argv[2])
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "parsed": report.parsed, "errors": len(report.errors)}))
"""


def _disk_warm(root: Path, cache_dir: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(root), str(cache_dir)], check=True,
                         capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out)


def run(sizes: list[int], keep: Path | None) -> dict[int, dict[str, float]]:
    from onewindow.runtime.loading import cache, check_catalog

    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="onewindow-bench-") as tmp:
        base = keep or Path(tmp)
        for n in sizes:
            root = generate(n, base / f"catalog-{n}")
            disk = base / f"cache-{n}"
            row: dict[str, float] = {"items": n}
            row["json"], row["yaml"], row["bytes"] = _floors(root)
            cache.clear_memory()
            row["cold"], report = _timed(check_catalog, root, cache_dir=None)
            assert not report.errors, report.errors[:3]
            row["warm_mem"], report = _timed(check_catalog, root, cache_dir=None)
            assert report.parsed == 0
            changed = root / "items" / "generated" / f"GEN-{n // 2:05d}.yaml"
            changed.write_text(changed.read_text(encoding="utf-8").replace("complaint_phone: \"12345\"", "complaint_phone: \"12346\""), encoding="utf-8")
            row["one_changed"], report = _timed(check_catalog, root, cache_dir=None)
            assert report.parsed == 1 and not report.errors
            check_catalog(root, cache_dir=disk)  # fills the disk cache (from the memory cache: no re-parse)
            child = _disk_warm(root, disk)
            assert child["parsed"] == 0 and child["errors"] == 0
            row["warm_disk"], row["import"] = child["load"], child["import"]
            results[n] = row
            cache.clear_memory()
    return results


def report(results: dict[int, dict[str, float]]) -> str:
    lines = [f"{'items':>6} {'MB':>6} {'json':>7} {'C yaml':>7} {'cold':>7} {'cold/yaml':>9} {'cold/json':>9} "
             f"{'warm mem':>8} {'warm disk':>9} {'1 changed':>9}"]
    for n, r in results.items():
        lines.append(f"{n:>6} {r['bytes'] / 1e6:>6.1f} {r['json']:>6.3f}s {r['yaml']:>6.2f}s {r['cold']:>6.2f}s "
                     f"{r['cold'] / r['yaml']:>8.2f}x {r['cold'] / r['json']:>8.0f}x {r['warm_mem']:>7.3f}s "
                     f"{r['warm_disk']:>8.3f}s {r['one_changed'] * 1000:>7.0f}ms")
    sizes = sorted(results)
    if len(sizes) >= 2:
        small, large = results[sizes[0]], results[sizes[-1]]
        lines.append(f"growth {sizes[0]}→{sizes[-1]} ({sizes[-1] / sizes[0]:.0f}× items): cold ×{large['cold'] / small['cold']:.1f}, "
                     f"C yaml ×{large['yaml'] / small['yaml']:.1f}, warm mem ×{large['warm_mem'] / small['warm_mem']:.1f}")
    big = results[sizes[-1]]
    lines.append(f"disk-warm child process: import {big['import']:.2f}s + load {big['warm_disk']:.2f}s")
    goals = [
        ("warm (memory) ≤ 1 s", big["warm_mem"] <= 1.0, f"{big['warm_mem']:.3f}s"),
        ("warm (disk, new process) ≤ 1 s", big["warm_disk"] <= 1.0, f"{big['warm_disk']:.3f}s"),
        ("one changed file ≤ 100 ms", big["one_changed"] <= 0.1, f"{big['one_changed'] * 1000:.0f}ms"),
        ("cold ≤ 2× C YAML parse", big["cold"] <= 2 * big["yaml"], f"{big['cold'] / big['yaml']:.2f}x"),
    ]
    for name, ok, figure in goals:
        lines.append(f"goal {name:<32} {'met' if ok else 'MISSED'} ({figure}, N={sizes[-1]})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--keep", type=Path, default=None, help="generate into this directory and keep it")
    args = parser.parse_args(argv)
    os.environ.setdefault("ONEWINDOW_CACHE_DIR", "off")
    print("== catalog loading (bench/catalog_load.py)")
    print(report(run(args.sizes, args.keep)))


if __name__ == "__main__":
    main()
