"""Catalog loading against baselines timed in the same run: cold, warm (memory, disk, new process), one file changed.

For generated catalogs (``bench/generate.py``) of N = 1k and 10k items, one run prints:
  floors     ``json.loads`` of the same data (converted beforehand), and ``parse`` + strict pydantic
             validation of every file with nothing else (no hashing, cache, assembly or lint) — both
             timed with the garbage collector paused, as floors should be;
  legacy     ``check_catalog`` with today's former parser swapped in (ruamel ``YAML(typ="safe")`` with its
             Python constructor and the alias-refusing override), collector paused as the former
             ``check_catalog`` paused it: the baseline of issue 13's first goal;
  cold       ``check_catalog`` with an empty :class:`LoadCache`, collector on (what a library call gets),
             and the same with the collector paused by the caller (what ``onewindow validate`` does);
  warm mem   a second ``check_catalog`` with the same cache; ``1 changed`` after editing one item file (collector
             on, and paused by the caller);
  warm disk  ``check_catalog`` in a new process reading the disk layer (time inside the process), and the
             wall time of ``onewindow validate`` in a new process with that cache;
  hook       one file changed, then ``check_catalog`` in a new process with the disk layer, and the wall time of
             ``onewindow validate`` (what a pre-commit hook pays: the models of the unchanged files are decoded
             from the disk layer), beside a bare interpreter start;
  inside     ``onewindow validate .`` run inside the catalog folder, with the disk layer the runs above made from
             the repository (it is keyed relative to the catalog root: no file parsed, no model decoded, the
             cache not written again), in-process and wall.
Every figure is printed beside its baseline and the goals of issue 13 as met / MISSED. No assertions on
time: only sanity (the tree validates, the warm loads parse nothing).

Usage: python -m bench.catalog_load [--sizes 1000 10000] [--keep DIR] [--no-legacy]
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402


def _json_default(value: object) -> str:
    if isinstance(value, (date, datetime, Decimal)):
        return str(value)
    raise TypeError(type(value))


def _timed(func: Callable[..., Any], *args: Any, paused: bool = False, **kwargs: Any) -> tuple[float, Any]:
    """Seconds and result of one call; ``paused``: the cyclic collector off meanwhile (floors)."""
    enabled = gc.isenabled()
    if paused:
        gc.collect()
        gc.disable()
    try:
        start = time.perf_counter()
        result = func(*args, **kwargs)
        return time.perf_counter() - start, result
    finally:
        if paused and enabled:
            gc.enable()


def legacy_parser() -> Callable[[str, str], tuple[Any, Any]]:
    """The parser ``check_catalog`` used before issue 13: ruamel's C scanner under its Python constructor."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import SafeConstructor

    class NoAliasConstructor(SafeConstructor):
        def construct_object(self, node: Any, deep: bool = False) -> Any:
            if node in self.constructed_objects:
                raise ValueError("alias")
            return super().construct_object(node, deep)

    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = NoAliasConstructor
    yaml.allow_duplicate_keys = False

    def parse(text: str, file: str) -> tuple[Any, Any]:
        return yaml.load(text), None

    return parse


def _floors(root: Path) -> dict[str, float]:
    from onewindow.runtime.catalog import CatalogFile
    from onewindow.runtime.loading.loader import catalog_files
    from onewindow.runtime.loading.yaml_source import parse

    texts = [p.read_text(encoding="utf-8") for p in catalog_files(root)]
    parsed = [parse(t, "x")[0] for t in texts]
    blobs = [json.dumps(d, default=_json_default, ensure_ascii=False) for d in parsed]
    out = {"bytes": sum(len(t.encode()) for t in texts)}
    out["json"], _ = _timed(lambda: [json.loads(b) for b in blobs], paused=True)
    out["parse"], _ = _timed(lambda: [parse(t, "x") for t in texts], paused=True)
    out["parse_validate"], _ = _timed(lambda: [CatalogFile.model_validate(parse(t, "x")[0] or {}) for t in texts], paused=True)
    legacy = legacy_parser()
    out["legacy_parse"], _ = _timed(lambda: [legacy(t, "x") for t in texts], paused=True)
    return out


_CHILD = """
import sys, time, json
t0 = time.perf_counter()
from onewindow.runtime.loading import LoadCache, check_catalog
t1 = time.perf_counter()
cache = LoadCache(sys.argv[2])
report = check_catalog(sys.argv[1], cache=cache)
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "load": t2 - t1, "parsed": report.parsed, "decoded": len(cache.files),
                  "errors": len(report.errors)}))
"""


def _disk_warm(root: Path, cache_dir: Path, cli: bool = True, inside: bool = False) -> dict[str, float]:
    """A new process loading ``root`` with the disk layer (and ``onewindow validate``): from the repository, or
    ``inside`` the catalog folder (``validate .``)."""
    cwd, argument = (root, ".") if inside else (ROOT, str(root))
    out = subprocess.run([sys.executable, "-c", _CHILD, argument, str(cache_dir)], check=True,
                         capture_output=True, text=True, cwd=cwd).stdout
    result = json.loads(out)
    if not cli:
        return result
    command = Path(sys.executable).with_name("onewindow")
    env = dict(os.environ, ONEWINDOW_CACHE_DIR=str(cache_dir))
    start = time.perf_counter()
    subprocess.run([str(command), "validate", argument], check=True, capture_output=True, env=env, cwd=cwd)
    result["cli"] = time.perf_counter() - start
    return result


def run(sizes: list[int], keep: Path | None, legacy: bool = True) -> dict[int, dict[str, float]]:
    from onewindow.runtime.loading import LoadCache, check_catalog
    from onewindow.runtime.loading import loader

    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="onewindow-bench-") as tmp:
        base = keep or Path(tmp)
        for n in sizes:
            root = generate(n, base / f"catalog-{n}")
            disk = base / f"cache-{n}"
            row: dict[str, float] = {"items": n, **_floors(root)}
            if legacy:
                current, loader.parse = loader.parse, legacy_parser()  # type: ignore[attr-defined]
                try:
                    # paused, as the legacy check_catalog paused it itself
                    row["legacy"], report = _timed(check_catalog, root, cache=LoadCache(), paused=True)
                finally:
                    loader.parse = current  # type: ignore[attr-defined]
                assert not report.errors, report.errors[:3]
            row["cold_paused"], report = _timed(check_catalog, root, cache=LoadCache(), paused=True)
            cache = LoadCache()
            gc.collect()
            row["cold"], report = _timed(check_catalog, root, cache=cache)
            assert not report.errors, report.errors[:3]
            row["warm_mem"], report = _timed(check_catalog, root, cache=cache)
            assert report.parsed == 0
            changed = root / "items" / "generated" / f"GEN-{n // 2:05d}.yaml"
            changed.write_text(changed.read_text(encoding="utf-8").replace('complaint_phone: "12345"', 'complaint_phone: "12346"'), encoding="utf-8")
            row["one_changed"], report = _timed(check_catalog, root, cache=cache)
            assert report.parsed == 1 and not report.errors
            changed.write_text(changed.read_text(encoding="utf-8").replace('complaint_phone: "12346"', 'complaint_phone: "12348"'), encoding="utf-8")
            row["one_changed_paused"], report = _timed(check_catalog, root, cache=cache, paused=True)
            assert report.parsed == 1 and not report.errors
            changed.write_text(changed.read_text(encoding="utf-8").replace('complaint_phone: "12348"', 'complaint_phone: "12346"'), encoding="utf-8")
            check_catalog(root, cache_dir=disk)  # fills the disk layer
            child = _disk_warm(root, disk)
            assert child["parsed"] == 0 and child["errors"] == 0
            row["warm_disk"], row["import"], row["cli"] = child["load"], child["import"], child["cli"]
            changed.write_text(changed.read_text(encoding="utf-8").replace('complaint_phone: "12346"', 'complaint_phone: "12347"'), encoding="utf-8")
            hook = _disk_warm(root, disk, cli=False)
            assert hook["parsed"] == 1 and hook["errors"] == 0
            row["hook"] = hook["load"]
            changed.write_text(changed.read_text(encoding="utf-8").replace('complaint_phone: "12347"', 'complaint_phone: "12349"'), encoding="utf-8")
            row["hook_cli"] = _disk_warm(root, disk)["cli"]
            written = sorted((p.name, p.stat().st_mtime_ns) for p in disk.iterdir())
            pairs = []
            for _ in range(3):  # alternating, best of three: the two differ only in the working directory
                inside, outside = _disk_warm(root, disk, inside=True), _disk_warm(root, disk)
                assert (inside["parsed"], inside["decoded"], inside["errors"]) == (0, 0, 0), inside
                pairs.append((inside, outside))
            assert sorted((p.name, p.stat().st_mtime_ns) for p in disk.iterdir()) == written  # hits: nothing rewritten
            for key, pick in (("inside", "load"), ("inside_cli", "cli")):
                row[key] = min(inside[pick] for inside, _ in pairs)
                row[key.replace("inside", "outside")] = min(outside[pick] for _, outside in pairs)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True)
            row["python"] = time.perf_counter() - start
            results[n] = row
    return results


def report(results: dict[int, dict[str, float]]) -> str:
    lines = []
    for n, r in results.items():
        lines += [
            f"N={n}: {r['bytes'] / 1e6:.1f} MB of YAML in {n + 22} files",
            f"  floor json.loads (gc paused)                 {r['json']:8.3f}s",
            f"  legacy parse alone (gc paused)               {r['legacy_parse']:8.3f}s",
            f"  parse alone (gc paused)                      {r['parse']:8.3f}s  {r['legacy_parse'] / r['parse']:6.1f}× faster than legacy parse, "
            f"{r['parse'] / r['json']:5.1f}× json",
            f"  parse + validation alone (gc paused)         {r['parse_validate']:8.3f}s  = the floor F",
        ]
        if "legacy" in r:
            lines.append(f"  legacy cold load (old parser swapped in)     {r['legacy']:8.3f}s")
        lines += [
            f"  cold check_catalog (gc on)                   {r['cold']:8.3f}s  {r['cold'] / r['parse_validate']:5.2f}× F",
            f"  cold check_catalog (gc paused by caller)     {r['cold_paused']:8.3f}s  {r['cold_paused'] / r['parse_validate']:5.2f}× F"
            + (f", {r['legacy'] / r['cold_paused']:5.2f}× faster than legacy" if "legacy" in r else ""),
            f"  warm, same LoadCache                         {r['warm_mem']:8.3f}s  {r['warm_mem'] / r['cold']:6.3f}× cold",
            f"  one file changed, same LoadCache             {r['one_changed']:8.3f}s  {r['one_changed'] / r['cold']:6.3f}× cold",
            f"  the same, collector paused by the caller     {r['one_changed_paused']:8.3f}s  {r['one_changed_paused'] / r['cold_paused']:6.3f}× cold",
            f"  disk-warm, new process (in-process time)     {r['warm_disk']:8.3f}s  (+ import {r['import']:.2f}s)",
            f"  disk-warm `onewindow validate` (wall)        {r['cli']:8.3f}s",
            f"  one file changed, new process (disk layer)   {r['hook']:8.3f}s  {r['hook'] / r['cold']:6.3f}× cold (a pre-commit hook)",
            f"  the same, `onewindow validate` (wall)        {r['hook_cli']:8.3f}s",
            f"  disk-warm from inside the folder (in-process){r['inside']:8.3f}s  {r['inside'] / r['outside']:5.2f}× from the repository"
            f" ({r['outside']:.3f}s; best of 3, alternating)",
            f"  the same, `onewindow validate .` (wall)      {r['inside_cli']:8.3f}s  {r['inside_cli'] / r['outside_cli']:5.2f}× from the repository"
            f" ({r['outside_cli']:.3f}s)",
            f"  bare interpreter start (`python -c pass`)    {r['python']:8.3f}s",
            "",
        ]
    big = results[max(results)]
    goals = [("cold ≤ 3× (parse + validation)", big["cold_paused"] <= 3 * big["parse_validate"],
              f"{big['cold_paused'] / big['parse_validate']:.2f}×; {big['cold'] / big['parse_validate']:.2f}× with the collector on"),
             ("disk-warm, new process ≤ 1 s", big["warm_disk"] <= 1.0, f"{big['warm_disk']:.3f}s"),
             ("one changed file ≤ 100 ms", big["one_changed"] <= 0.1,
              f"{big['one_changed'] * 1000:.0f}ms; {big['one_changed_paused'] * 1000:.0f}ms with the collector paused"),
             ("warm `validate` ≤ 1 s + interpreter", big["cli"] <= 1.0 + big["python"],
              f"{big['cli']:.3f}s wall, interpreter {big['python']:.3f}s"),
             ("one changed, new process ≤ 1 s", big["hook"] <= 1.0, f"{big['hook']:.3f}s, {big['hook'] / big['cold']:.3f}× cold"),
             ("`validate .` inside ≤ 1 s + interpreter", big["inside_cli"] <= 1.0 + big["python"],
              f"{big['inside_cli']:.3f}s wall, the cache made from the repository")]
    if "legacy" in big:
        goals.insert(0, ("cold ≥ 5× faster than legacy load", big["legacy"] >= 5 * big["cold_paused"],
                         f"{big['legacy'] / big['cold_paused']:.2f}×, both with the collector paused"))
    for name, ok, figure in goals:
        lines.append(f"goal {name:<36} {'met' if ok else 'MISSED'} ({figure}, N={max(results)})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--keep", type=Path, default=None, help="generate into this directory and keep it")
    parser.add_argument("--no-legacy", dest="legacy", action="store_false", help="skip the legacy load (the slowest part)")
    args = parser.parse_args(argv)
    os.environ.setdefault("ONEWINDOW_CACHE_DIR", "off")
    print("== catalog loading (bench/catalog_load.py)", flush=True)
    print(report(run(args.sizes, args.keep, args.legacy)))


if __name__ == "__main__":
    main()
