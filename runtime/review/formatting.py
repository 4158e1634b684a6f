"""Canonical formatting of catalog YAML (``onewindow fmt``): one layout, comments and quotes kept.

Reviewers should see what changed, not who used which indentation; so every file is written the same
way by a ruamel.yaml round trip (comments, key order, quoting and flow style of short mappings survive):
two-space mappings, sequences indented under their key (``  - ``) except a top-level list (a scenario file),
which starts at column 0, no line folding of Chinese text,
LF line ends, no trailing spaces, one final newline.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..loading import YAML_SUFFIXES, catalog_files


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.allow_duplicate_keys = False
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # [{rule: a}] stays as written, not [rule: a]
    yaml.representer.add_representer(type(None), _null)  # an explicit null stays ``null``, not an empty value
    return yaml


def _null(representer: Any, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


_INLINE_COMMENT = re.compile(r"^(.*\S)(\s+)(#.*)$")


def _keep_comment_column(line: str) -> str:
    """A dedented line's inline comment back at the column it was written at (ruamel keeps comment columns
    absolute, so moving the content left would move the comment too)."""
    found = _INLINE_COMMENT.match(line)
    if found is None or found.group(1).count('"') % 2 or found.group(1).count("'") % 2:
        return line
    return f"{found.group(1)}{found.group(2)}  {found.group(3)}"


def format_text(text: str) -> str:
    """The canonical form of one YAML document (raises ``YAMLError`` when it does not parse)."""
    yaml = _yaml()
    data = yaml.load(text.replace("\r\n", "\n"))
    if data is None:
        return text.strip() + "\n" if text.strip() else ""
    out = io.StringIO()
    yaml.dump(data, out)
    lines = [line.rstrip() for line in out.getvalue().split("\n")]
    if isinstance(data, list) and all(not line or line.startswith(("  ", "#")) for line in lines):
        lines = [line if line.lstrip().startswith("#") else _keep_comment_column(line[2:]) if line.startswith("  ") else line
                 for line in lines]  # a top-level list starts at column 0 ("- id: …"), like its items' keys
    return "\n".join(lines).rstrip("\n") + "\n"


@dataclass(frozen=True)
class FormatResult:
    path: Path
    changed: bool
    error: str = ""


def yaml_files(paths: Iterable[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += catalog_files(path)
        elif path.suffix in YAML_SUFFIXES:
            found.append(path)
    return found


def format_files(paths: Iterable[Path], *, check: bool) -> list[FormatResult]:
    """Format (or, with ``check``, only compare) every YAML file; files that do not parse are reported."""
    results = []
    for path in yaml_files(paths):
        text = path.read_text(encoding="utf-8")
        try:
            canonical = format_text(text)
        except YAMLError as exc:
            results.append(FormatResult(path, False, str(exc).splitlines()[0] if str(exc) else "YAML 无法解析"))
            continue
        changed = canonical != text
        if changed and not check:
            path.write_text(canonical, encoding="utf-8", newline="\n")
        results.append(FormatResult(path, changed))
    return results


__all__ = ["FormatResult", "format_files", "format_text", "yaml_files"]
