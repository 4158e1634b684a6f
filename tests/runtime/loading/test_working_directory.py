"""The disk layer is keyed relative to the catalog root: ``onewindow validate config`` at the repository's root and
``onewindow validate .`` inside ``config/`` share one cache, each printing the files as its user typed them.

Each load below runs in a new process (as the command does) with the same disk layer. A hit decodes no model and
parses no file, leaves the cache files untouched, and gives exactly the problems a cold load gives from the same
directory — which differ from the other directory's only by the ``config/`` prefix, including the file a
duplicate id was first declared in, named inside its message.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from onewindow.runtime.loading import check_catalog

FIXTURE = Path(__file__).parents[1] / "lint" / "fixture"
COMMAND = str(Path(sys.executable).parent / "onewindow")

_CHILD = """
import json, sys
from onewindow.runtime.loading import LoadCache, check_catalog
cache = LoadCache(sys.argv[2])
report = check_catalog(sys.argv[1], cache=cache)
print(json.dumps({"parsed": report.parsed, "decoded": len(cache.files), "problems": [str(p) for p in report.problems]}))
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository holding the fixture catalog in ``config/``, with a duplicate department and an item lint error."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE, root / "config")
    (root / "config" / "organisation" / "again.yaml").write_text(
        "departments:\n  - id: tax\n    name: 税务局（重复）\n", encoding="utf-8")
    item = root / "config" / "items" / "GA-001.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("windows: [police_branch_window]", "windows: [nowhere_window]", 1),
                    encoding="utf-8")
    return root


PLACES = {"root": ("", "config"), "inside": ("config", ".")}
"""Where the command runs (relative to the repository) and the catalog argument it is given."""


def _load(repo: Path, place: str, disk: Path) -> dict[str, Any]:
    folder, argument = PLACES[place]
    out = subprocess.run([sys.executable, "-c", _CHILD, argument, str(disk)], check=True, capture_output=True, text=True,
                         cwd=repo / folder).stdout
    result: dict[str, Any] = json.loads(out)
    return result


def _cold(repo: Path, place: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    folder, argument = PLACES[place]
    with monkeypatch.context() as patch:
        patch.chdir(repo / folder)
        return [str(p) for p in check_catalog(argument, cache_dir=None).problems]


def _disk_state(disk: Path) -> list[tuple[str, int, bytes]]:
    return sorted((path.name, path.stat().st_mtime_ns, path.read_bytes()) for path in disk.iterdir())


@pytest.mark.parametrize(("first", "second"), [("root", "inside"), ("inside", "root")])
def test_cache_made_in_one_directory_serves_the_other(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      first: str, second: str) -> None:
    disk = tmp_path / "cache"
    made = _load(repo, first, disk)
    assert made["parsed"] == 23 and made["problems"] == _cold(repo, first, monkeypatch)
    state = _disk_state(disk)
    hit = _load(repo, second, disk)
    assert (hit["parsed"], hit["decoded"]) == (0, 0)  # no file parsed, no model decoded
    assert hit["problems"] == _cold(repo, second, monkeypatch)
    assert _disk_state(disk) == state  # and nothing written again
    at_root, inside = (made, hit) if first == "root" else (hit, made)
    assert [p.replace("config/", "") for p in at_root["problems"]] == inside["problems"]
    assert any("首次出现在 config/organisation/again.yaml" in p for p in at_root["problems"])
    assert any(p.startswith("items/GA-001.yaml:22:15") and "unknown-window" in p for p in inside["problems"])


def test_item_edit_made_in_one_directory_updates_for_the_other(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pre-commit hook inside ``config/`` after a load at the root: only the edited file is read (the outline),
    and the summary it writes serves the root again."""
    disk = tmp_path / "cache"
    _load(repo, "root", disk)
    item = repo / "config" / "items" / "SW-001.yaml"
    text = item.read_text(encoding="utf-8")
    assert "name: " in text
    item.write_text(text.replace("name: ", "name: 新", 1), encoding="utf-8")
    inside = _load(repo, "inside", disk)
    assert (inside["parsed"], inside["decoded"]) == (1, 1)
    assert inside["problems"] == _cold(repo, "inside", monkeypatch)
    again = _load(repo, "root", disk)
    assert (again["parsed"], again["decoded"]) == (0, 0)
    assert again["problems"] == _cold(repo, "root", monkeypatch)


def test_validate_in_either_directory_prints_what_a_cold_run_prints(repo: Path, tmp_path: Path) -> None:
    env = {**os.environ, "ONEWINDOW_CACHE_DIR": str(tmp_path / "cache")}
    runs = {}
    for place in ("root", "inside", "root", "inside"):
        folder, argument = PLACES[place]
        run = subprocess.run([COMMAND, "validate", argument], capture_output=True, text=True, env=env, cwd=repo / folder)
        cold = subprocess.run([COMMAND, "validate", argument, "--no-cache"], capture_output=True, text=True, env=env, cwd=repo / folder)
        assert (run.returncode, run.stdout, run.stderr) == (cold.returncode, cold.stdout, cold.stderr)
        runs[place] = run.stdout + run.stderr
    assert "config/items/GA-001.yaml" in runs["root"] and "\nitems/GA-001.yaml" in "\n" + runs["inside"]
    summaries = list((tmp_path / "cache").glob("catalog-*.summary.json"))
    assert len(summaries) == 1  # one disk layer for the catalog, wherever it is validated from


@pytest.mark.parametrize("disk", [False, True], ids=["memory", "memory-and-disk"])
def test_one_cache_in_a_process_that_changes_directory(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       disk: bool) -> None:
    """A long-running process keeping one LoadCache: after a change of directory no problem keeps the old names."""
    from onewindow.runtime.loading import LoadCache

    cache = LoadCache(tmp_path / "cache" if disk else None)
    for place in ("root", "inside", "inside", "root"):
        folder, argument = PLACES[place]
        monkeypatch.chdir(repo / folder)
        report = check_catalog(argument, cache=cache)
        assert [str(p) for p in report.problems] == _cold(repo, place, monkeypatch)
        assert report.assembled is not None and {o.file for o in report.assembled.origins.values()} <= set(report.relative)
