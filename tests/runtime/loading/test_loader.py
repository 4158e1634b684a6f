"""check_catalog / load_catalog: every problem at once, the content-hash cache, ConfigError."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from onewindow.runtime import ConfigError, load_catalog
from onewindow.runtime.loading import LoadCache, check_catalog



def test_loader_memory_cache_parses_only_changed_file(county: Path) -> None:
    memory = LoadCache()
    first = check_catalog(county, cache=memory)
    assert first.parsed == first.files > 10
    assert check_catalog(county, cache=memory).parsed == 0
    assert check_catalog(county, cache_dir=None).parsed == first.files  # no cache of the module's own
    path = county / "items" / "SW-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("12366", "12360"), encoding="utf-8")
    again = check_catalog(county, cache=memory)
    assert again.parsed == 1
    assert again.catalog.item("SW-001").contacts.complaint_phone == "12360"


def test_loader_disk_cache_serves_new_process(county: Path, tmp_path: Path) -> None:
    disk = tmp_path / "cache"
    assert check_catalog(county, cache_dir=disk).parsed > 10
    assert list(disk.glob("catalog-*.json"))
    script = ("import sys; from onewindow.runtime.loading import check_catalog; "
              "r = check_catalog(sys.argv[1], cache_dir=sys.argv[2]); print(r.parsed, len(r.problems))")
    out = subprocess.run([sys.executable, "-c", script, str(county), str(disk)], check=True,
                         capture_output=True, text=True).stdout.split()
    assert out == ["0", "0"]


def test_loader_corrupt_disk_cache_ignored(county: Path, tmp_path: Path) -> None:
    disk = tmp_path / "cache"
    check_catalog(county, cache_dir=disk)
    for path in disk.glob("catalog-*.json"):
        path.write_bytes(b"not a cache")
    report = check_catalog(county, cache_dir=disk)
    assert report.problems == [] and report.catalog is not None


def test_loader_cached_problems_reported_again(county: Path) -> None:
    path = county / "centre.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("notice_days: 5", "notice_days: 9"), encoding="utf-8")
    memory = LoadCache()
    first = [str(p) for p in check_catalog(county, cache=memory).problems]
    second = check_catalog(county, cache=memory)
    assert second.parsed == 0
    assert [str(p) for p in second.problems] == first
    assert first == ["centre.yaml:11:3: centre.notice_days: 应不大于 5 [less-than-equal]"]


def test_loader_every_file_reported_at_once(county: Path) -> None:
    (county / "a.yaml").write_text("departments:\n  - {id: a1, name: 甲, colour: red}\n", encoding="utf-8")
    (county / "b.yaml").write_text("windows: [\n", encoding="utf-8")
    (county / "c.yaml").write_bytes("departments: [{id: c1, name: 丙}]\n".encode("utf-16"))
    codes = {(p.file, p.code) for p in check_catalog(county, cache_dir=None).problems}
    assert codes == {("a.yaml", "extra-forbidden"), ("b.yaml", "yaml-syntax"), ("c.yaml", "encoding")}


def test_loader_problems_sorted_by_file_and_line(county: Path) -> None:
    (county / "z.yaml").write_text("departments:\n  - {id: z1}\n  - {id: z2}\n", encoding="utf-8")
    problems = check_catalog(county, cache_dir=None).problems
    assert [(p.file, p.line) for p in problems] == [("z.yaml", 2), ("z.yaml", 3)]


def test_loader_missing_centre(tmp_path: Path) -> None:
    (tmp_path / "departments.yaml").write_text("departments: [{id: tax, name: 税务局}]\n", encoding="utf-8")
    report = check_catalog(tmp_path, cache_dir=None)
    assert [p.code for p in report.problems] == ["missing-centre"]
    assert report.catalog is None


def test_loader_duplicate_centre(county: Path) -> None:
    shutil.copy(county / "centre.yaml", county / "centre2.yaml")
    problems = check_catalog(county, cache_dir=None).problems
    assert [(p.file, p.code) for p in problems] == [("centre2.yaml", "duplicate-section")]


def test_loader_not_a_directory(tmp_path: Path) -> None:
    report = check_catalog(tmp_path / "nowhere", cache_dir=None)
    assert [p.code for p in report.problems] == ["not-a-directory"]


def test_loader_load_catalog_raises_config_error_with_every_problem(county: Path) -> None:
    (county / "a.yaml").write_text("departments:\n  - {id: a1}\n  - {id: a2}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_catalog(county, cache_dir=None)
    assert caught.value.exit_code == 1
    assert [p.line for p in caught.value.problems] == [2, 3]
    assert "a.yaml:2:5: departments[0].name: 缺少必填字段 [missing]" in str(caught.value)


def test_loader_warnings_do_not_block(county: Path) -> None:
    path = county / "items" / "SC-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("article: 第二十九条, role: establishing}\n      - {document: licensing_law",
                                                             "article: 第九十条, role: establishing}\n      - {document: licensing_law"), encoding="utf-8")
    report = check_catalog(county, cache_dir=None)
    assert [p.severity for p in report.problems] == ["warning"]
    assert report.catalog is not None


def test_loading_never_touches_the_collector(county: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Library code has no process-wide switches (issue 17): only an application (``onewindow`` main, the
    serving process) may pause or freeze the cyclic collector."""
    import gc

    def refuse(*args: object) -> None:
        raise AssertionError("the loader switched the collector")

    for name in ("disable", "enable", "freeze", "unfreeze", "set_threshold"):
        monkeypatch.setattr(gc, name, refuse)
    report = check_catalog(county, cache=LoadCache())
    assert report.catalog is not None and report.parsed == report.files


def test_no_collector_switch_in_library_code() -> None:
    import ast

    repo = Path(__file__).parents[3]
    allowed = {repo / "runtime" / "cli.py", repo / "admin" / "cli.py", repo / "admin" / "wsgi.py"}  # applications
    offenders = []
    for folder in ("runtime", "admin"):
        for source in (repo / folder).rglob("*.py"):
            if source in allowed:
                continue
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "gc"
                        and node.attr in ("disable", "enable", "freeze", "unfreeze", "set_threshold")):
                    offenders.append(f"{source.relative_to(repo)}:{node.lineno}")
    assert offenders == []


def test_context_from_disk_reads_no_item_file(county: Path, tmp_path: Path) -> None:
    """``onewindow validate`` from a warm disk layer: the calendar warning reads the context models kept in the
    summary, so no item model is decoded — and the warning is the one a full load gives."""
    from datetime import date

    from onewindow.runtime.calendar.status import calendar_warnings

    disk = tmp_path / "cache"
    full = check_catalog(county, cache_dir=disk)
    late = date(max(full.assembled.calendar), 12, 1)  # type: ignore[union-attr]
    expected = calendar_warnings(full.assembled, late)  # type: ignore[arg-type]
    assert expected
    cache = LoadCache(disk)
    report = check_catalog(county, cache=cache)
    assert report.parsed == 0
    context = report.context
    assert context is not None and not cache.files  # no model of the disk layer decoded
    assert calendar_warnings(context, late) == expected
    assert (context.centre, dict(context.calendar)) == (full.assembled.centre, dict(full.assembled.calendar))  # type: ignore[union-attr]
    # a file failing validation: no context, as no assembled catalog
    (county / "items" / "SW-001.yaml").write_text("items: [{code: 1}]\n", encoding="utf-8")
    check_catalog(county, cache_dir=disk)
    again = check_catalog(county, cache=LoadCache(disk))
    assert again.context is None and again.assembled is None


def test_validate_cli_warm_gives_the_cold_output(county: Path, tmp_path: Path) -> None:
    env = {**os.environ, "ONEWINDOW_CACHE_DIR": str(tmp_path / "cache")}
    last = max(int(path.stem) for path in (county / "calendar").glob("*.yaml"))
    command = [str(Path(sys.executable).parent / "onewindow"), "validate", str(county), "--today", f"{last}-12-01"]
    cold = subprocess.run([*command, "--no-cache"], capture_output=True, text=True, env=env)
    first = subprocess.run(command, capture_output=True, text=True, env=env)
    warm = subprocess.run(command, capture_output=True, text=True, env=env)
    assert "calendar-next-year-provisional" in cold.stdout + cold.stderr
    assert (warm.returncode, warm.stdout, warm.stderr) == (first.returncode, first.stdout, first.stderr) \
        == (cold.returncode, cold.stdout, cold.stderr)
