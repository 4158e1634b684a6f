"""Hostile and clumsy files (issue 12): every one is a problem at its file, never a crash, a hang or a traceback."""
from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from onewindow.runtime.commands.output import echo_problems
from onewindow.runtime.errors import Problem
from onewindow.runtime.loading import LoadCache, check_catalog
from onewindow.runtime.loading.loader import MAX_PROBLEMS_PER_FILE
from onewindow.runtime.loading.yaml_source import MAX_BYTES, MAX_DEPTH, parse



def _only(report, file: str) -> Problem:  # type: ignore[no-untyped-def]
    [problem] = [p for p in report.problems if p.file == file]
    return problem


@pytest.mark.parametrize("text", [
    "when: " + "[" * 50_000 + "]" * 50_000,                      # segfaulted the C composer
    "when: " + "{a: " * 10_000 + "1" + "}" * 10_000,             # RecursionError in the constructor
    "".join(" " * i + f"k{i}:\n" for i in range(1_500)) + " " * 1_500 + "x: 1\n",
    "- " * 5_000 + "x\n",
], ids=["flow-50000", "flow-map-10000", "block-1500", "compact-5000"])
def test_deep_nesting_is_a_problem_not_a_crash(county: Path, text: str) -> None:
    (county / "deep.yaml").write_text(text, encoding="utf-8")
    problem = _only(check_catalog(county, cache_dir=None), "deep.yaml")
    assert problem.code == "yaml-depth" and f"超过 {MAX_DEPTH} 层" in problem.message
    assert problem.line >= 1 and problem.col >= 1


def test_console_box_nesting_is_refused_by_parse() -> None:
    data, problem = parse("[" * 1_000 + "]" * 1_000, "when")
    assert data is None and problem is not None and problem.code == "yaml-depth"
    assert parse("[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1), "when")[1] is None


def test_oversized_file_refused_before_parsing(county: Path) -> None:
    # 200,000 invalid entries, 4 MB: refused at once with a clear message
    (county / "huge.yaml").write_text("departments:\n" + "  - {id: X}\n" * 200_000, encoding="utf-8")
    assert (county / "huge.yaml").stat().st_size > MAX_BYTES
    problem = _only(check_catalog(county, cache_dir=None), "huge.yaml")
    assert problem.code == "file-too-large" and "MB" in problem.message


def test_many_invalid_entries_listed_up_to_the_cap(county: Path) -> None:
    (county / "many.yaml").write_text("departments:\n" + "  - {id: X}\n" * 20_000, encoding="utf-8")
    problems = [p for p in check_catalog(county, cache_dir=None).problems if p.file == "many.yaml"]
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
    [summary] = [p for p in problems if p.code == "too-many-problems"]
    assert problems[0].line == 2 and "另有" in summary.message and "未列出" in summary.message


@pytest.mark.parametrize(("make", "code", "words"), [
    (lambda root: os.symlink("loop.yaml", root / "loop.yaml"), "unreadable", "符号链接循环"),
    (lambda root: os.symlink("gone.yaml", root / "broken.yaml"), "unreadable", "失效的符号链接"),
    (lambda root: os.symlink("/dev/zero", root / "zero.yaml"), "symlink", "目录树之外"),
    (lambda root: os.symlink(root.parent / "outside.yaml", root / "leak.yaml"), "symlink", "目录树之外"),
    (lambda root: os.mkfifo(root / "fifo.yaml"), "not-a-file", "不是普通文件"),
], ids=["self-symlink", "broken-symlink", "dev-zero", "leaves-tree", "fifo"])
def test_special_files_are_problems_at_the_file(county: Path, make, code: str, words: str) -> None:  # type: ignore[no-untyped-def]
    (county.parent / "outside.yaml").write_text("departments: [{id: leaked, name: 外泄}]\n", encoding="utf-8")
    make(county)
    # in a child process with a timeout: a FIFO must not hang, /dev/zero must not fill memory
    script = ("import sys, json; from onewindow.runtime.loading import check_catalog; "
              "r = check_catalog('.', cache_dir=None); print(json.dumps([p.as_dict() for p in r.problems]))")
    out = subprocess.run([sys.executable, "-c", script], cwd=county, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    [problem] = json.loads(out.stdout)
    assert problem["code"] == code and words in problem["message"], problem
    assert problem["file"].endswith(".yaml")


def test_symlink_inside_the_tree_is_read(county: Path) -> None:
    (county / "extra").mkdir()
    (county / "extra" / "real.yaml").write_text("departments: [{id: linked, name: 链接}]\n", encoding="utf-8")
    os.symlink("extra/real.yaml", county / "alias.yaml")
    report = check_catalog(county, cache_dir=None)
    assert [p.code for p in report.problems] == ["duplicate-id"]  # read twice: same department in two files


def test_symlinked_directory_not_followed(county: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "d.yaml").write_text("departments: [{id: far, name: 远}]\n", encoding="utf-8")
    os.symlink(tmp_path / "elsewhere", county / "linked")
    report = check_catalog(county, cache_dir=None)
    assert [(p.file, p.code) for p in report.problems] == [("linked", "symlink")]


@pytest.mark.parametrize("name", [b"bad-\xff\xfe.yaml", b"two\nlines.yaml"], ids=["non-utf8", "newline"])
def test_unprintable_file_names_refused(county: Path, name: bytes) -> None:
    with open(os.path.join(os.fsencode(county), name), "wb") as handle:
        handle.write(b"departments: []\n")
    report = check_catalog(county, cache_dir=None)
    [problem] = report.problems
    assert problem.code == "file-name" and "\n" not in problem.file
    problem.file.encode("utf-8")  # printable: no surrogate escapes left
    assert "\n" not in str(problem)


def test_github_annotations_escape_properties() -> None:
    problem = Problem("a\nb,c:d.yaml", 1, 2, "x", "code", "第一行\n::error::伪造")
    result = CliRunner().invoke(_github, [], obj=problem)
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("::error file=a%0Ab%2Cc%3Ad.yaml,line=1,col=2,title=code::")
    assert "\n::error::" not in result.output


def _command():  # type: ignore[no-untyped-def]
    import click

    @click.command()
    @click.pass_obj
    def github(problem: Problem) -> None:
        echo_problems([problem], "github")

    return github


_github = _command()


# --- the disk cache runs no code --------------------------------------------------------------------------------

class _Boom:
    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, ("touch PWNED",))


def test_planted_pickle_never_runs(county: Path, tmp_path: Path) -> None:
    disk = tmp_path / "cache"
    disk.mkdir(mode=0o700)
    check_catalog(county, cache_dir=disk)
    for path in disk.glob("catalog-*.json"):
        path.write_bytes(pickle.dumps(_Boom()))
        (path.with_suffix(".pickle")).write_bytes(pickle.dumps(_Boom()))
    report = check_catalog(county, cache_dir=disk)
    assert report.parsed == report.files and report.catalog is not None
    assert not (county / "PWNED").exists()


def test_cache_with_a_forged_class_or_checksum_ignored(county: Path, tmp_path: Path) -> None:
    import hashlib

    disk = tmp_path / "cache"
    expected = list(check_catalog(county, cache_dir=disk).catalog.items())  # type: ignore[union-attr]
    [path] = disk.glob("catalog-*.models.json")
    header, _, payload = path.read_bytes().partition(b"\n")
    forged = payload.replace(b"onewindow.runtime.catalog.organisation:Department", b"os:system")
    assert forged != payload
    path.write_bytes(header + b"\n" + forged)  # checksum no longer matches
    report = check_catalog(county, cache_dir=disk)
    assert report.parsed == 0 and report.problems == []  # the summary still holds: the models are not needed
    assert list(report.catalog.items()) == expected  # type: ignore[union-attr]  # built anew, forged file ignored
    parts = header.split(b" ")
    path.write_bytes(b" ".join([*parts[:-1], hashlib.sha256(forged).hexdigest().encode()]) + b"\n" + forged)
    for summary in disk.glob("catalog-*.summary.json"):
        summary.unlink()
    report = check_catalog(county, cache_dir=disk)  # checksum right, class unknown: still ignored
    assert report.parsed == report.files and list(report.catalog.items()) == expected  # type: ignore[union-attr]


def test_cache_in_a_shared_directory_ignored(county: Path, tmp_path: Path) -> None:
    disk = tmp_path / "shared"
    check_catalog(county, cache_dir=disk)
    assert check_catalog(county, cache_dir=disk).parsed == 0
    disk.chmod(0o777)
    assert check_catalog(county, cache_dir=disk).parsed > 0  # anyone could have written it
    disk.chmod(0o700)
    assert (disk.stat().st_mode & 0o777) == 0o700


def test_disk_cache_gives_the_same_catalog_and_lint(county: Path, tmp_path: Path) -> None:
    item = county / "items" / "SC-001.yaml"
    item.write_text(item.read_text(encoding="utf-8").replace("第二十九条", "第九十条"), encoding="utf-8")
    disk = tmp_path / "cache"
    cold = check_catalog(county, cache_dir=disk)
    warm = check_catalog(county, cache=LoadCache(disk))
    assert warm.parsed == 0 and warm.problems == cold.problems and warm.problems and {p.severity for p in warm.problems} == {"warning"}
    assert warm.catalog is not None and cold.catalog is not None
    assert list(warm.catalog.items()) == list(cold.catalog.items())
    assert warm.catalog.revision == cold.catalog.revision
