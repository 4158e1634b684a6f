"""Applying the mistakes of ``mutations.yaml`` to a copy of ``fixture/``: text replacements and YAML path edits.

A path edit rewrites one scalar in place (found through the round-trip loader's positions), so no other
line of the file moves and the expected line numbers of the table stay true when mistakes are combined.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

HERE = Path(__file__).parent
FIXTURE = HERE / "fixture"
TABLE = HERE / "mutations.yaml"


@dataclass(frozen=True)
class Expected:
    file: str
    line: int
    code: str
    message: str
    severity: str = "error"


@dataclass(frozen=True)
class Mutation:
    id: str
    file: str
    spec: dict[str, Any]
    expect: Expected
    also: tuple[tuple[str, str], ...]


def load_table() -> list[Mutation]:
    rows = YAML(typ="safe").load(TABLE.read_text(encoding="utf-8"))
    mutations = []
    for row in rows:
        also = tuple(tuple(entry.rsplit(":", 1)) for entry in row.get("also", ()))
        kinds = [k for k in ("replace", "set", "create") if k in row]
        assert len(kinds) == 1, f"{row['id']}: exactly one of replace / set / create"
        mutations.append(Mutation(row["id"], row["file"], row, Expected(**row["expect"]), also))  # type: ignore[arg-type]
    return mutations


def copy_fixture(target: Path) -> Path:
    shutil.copytree(FIXTURE, target)
    return target


def _render(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, date)):
        return value.isoformat() if isinstance(value, date) else str(value)
    text = str(value)
    plain_ok = YAML(typ="safe").load(f"v: {text}\n") == {"v": text}
    return text if plain_ok else json.dumps(text, ensure_ascii=False)


def _scalar_span(line: str, col: int, flow: bool) -> int:
    """End column (exclusive) of the scalar token starting at ``col``."""
    if line[col] in "\"'":
        quote = line[col]
        end = line.index(quote, col + 1)
        return end + 1
    end = len(line)
    stops = (",", "}", "]") if flow else ()
    for i in range(col, len(line)):
        if line[i] in stops or (line[i] == "#" and line[i - 1] == " "):
            end = i
            break
    while end > col and line[end - 1] == " ":
        end -= 1
    return end


def set_scalar(text: str, path: str, value: Any) -> str:
    """Replace the existing scalar at dotted ``path`` by ``value``, touching nothing else."""
    tree = YAML(typ="rt").load(text)
    parts: list[str | int] = [int(p) if p.isdigit() else p for p in path.split(".")]
    node = tree
    for part in parts[:-1]:
        node = node[part]
    last = parts[-1]
    if isinstance(last, int):
        line_no, col = node.lc.item(last)
    else:
        assert last in node, f"{path}: no such key (a path edit only rewrites an existing scalar)"
        line_no, col = node.lc.value(last)
    assert not isinstance(node[last], (dict, list)), f"{path}: not a scalar"
    lines = text.split("\n")
    line = lines[line_no]
    end = _scalar_span(line, col, bool(node.fa.flow_style()))
    lines[line_no] = line[:col] + _render(value) + line[end:]
    return "\n".join(lines)


def apply(root: Path, mutation: Mutation) -> None:
    path = root / mutation.file
    spec = mutation.spec
    if "create" in spec:
        assert not path.exists(), f"{mutation.id}: {mutation.file} already exists"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(spec["create"], encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8")
    if "replace" in spec:
        old, new = spec["replace"]
        assert text.count(old) == 1, f"{mutation.id}: {old!r} occurs {text.count(old)} times in {mutation.file}"
        text = text.replace(old, new)
    else:
        text = set_scalar(text, spec["set"]["path"], spec["set"]["value"])
    path.write_text(text, encoding="utf-8")


__all__ = ["Expected", "FIXTURE", "Mutation", "apply", "copy_fixture", "load_table", "set_scalar"]
