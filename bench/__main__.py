"""``python -m bench``: run every benchmark module of this folder, one after the other, in one process each.

A benchmark is any ``bench/*.py`` with a ``main(argv)`` function, except the helpers listed in ``HELPERS``.
Arguments after ``--only NAME ...`` pick some of them (``python -m bench --only catalog_load``).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
HELPERS = {"__main__", "__init__", "generate"}


def benchmarks() -> list[str]:
    found = []
    for path in sorted(HERE.glob("*.py")):
        if path.stem in HELPERS or path.stem.startswith("_"):
            continue
        if "\ndef main(" in path.read_text(encoding="utf-8"):
            found.append(path.stem)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", default=None, help="benchmark module names to run")
    args = parser.parse_args(argv)
    names = args.only or benchmarks()
    failed = []
    for name in names:
        print(f"\n### bench.{name}", flush=True)
        # a fresh interpreter per benchmark: no cache or import warmed by another one
        code = subprocess.call([sys.executable, "-m", f"bench.{name}"], cwd=HERE.parent)
        if code:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
