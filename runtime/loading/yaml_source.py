"""Parsing YAML safely and fast: yaml-rs for plain text, else libyaml's event stream in one iterative loop.

Measured (issue 13, 322 generated files): ruamel's ``YAML(typ="safe")`` with a Python constructor
costs ~3.1 ms a file; the C parser's events alone ~0.3 ms. So the C parser (``ruamel.yaml.clib``)
only produces events, and :func:`parse` builds dicts and lists from them in a flat loop — no recursion
anywhere, so nesting cannot overflow a stack (``'[' * 50000`` used to segfault the composer). The same
loop records each key's and item's line:col when asked (:func:`position_tree`), so problems are located
without a second, slow round-trip parse. ruamel's round-trip loader keeps its other job: writing files
back (``admin/sync/export_yaml.py``, ``onewindow fmt``). Plain catalog text — no anchors, tags, quoted
dates and the like — is first read by yaml-rs (:func:`_fast`, ~4× faster again), and only when it
provably reads it as the event loop would.

Guarantees (tested in ``tests/runtime/loading/test_yaml_source.py``):

* YAML 1.2 core schema, exactly as ruamel resolves it (its own resolver table and timestamp code):
  ``yes``/``on`` stay text, ``012`` is 12, ``1:30`` is text; quoted and block scalars always stay text.
* Refused, each with file:line:col: aliases (``*x``, alias bombs), merge keys (``<<``), any tag outside
  the core schema (``!!python/...``, ``!secret``), duplicate keys, complex keys, several documents in one
  file, impossible dates (``2025-02-29``), nesting deeper than :data:`MAX_DEPTH`, files larger than
  :data:`MAX_BYTES`.
* Refused before either parser reads the text (:data:`FORBIDDEN`), at the character's line:col and the field it
  sits in: C0 controls other than tab, LF and CR; DEL and the C1 controls; the Unicode line breaks NEL, LS and PS
  (libyaml, a YAML 1.1 parser, breaks lines there, yaml-rs does not — they would read different data and
  different line numbers); a byte order mark after the start; surrogates and the non-characters U+FFFE/U+FFFF.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from _ruamel_yaml import CParser
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                                SequenceEndEvent, SequenceStartEvent)
from ruamel.yaml.resolver import implicit_resolvers
from ruamel.yaml.util import create_timestamp, timestamp_regexp

from ..errors import Problem
from .messages import field_path, yaml_syntax

MAX_DEPTH = 64
"""Deepest nesting of mappings and lists a catalog or rules file may use (the deepest shipped file uses 12)."""
MAX_BYTES = 2 * 1024 * 1024
"""Largest YAML file read, in bytes (a generated item is ~4 KB, the largest shipped file ~60 KB)."""

_CORE = "tag:yaml.org,2002:"
_MISSING = object()
_TIMESTAMP = timestamp_regexp.lazy_self().match

_yaml_rs: Any
try:
    import yaml_rs as _yaml_rs
except ImportError:  # pragma: no cover - the event loop alone is correct, only slower
    _yaml_rs = None


def _int(value: str) -> int:
    """ruamel's 1.2 integer construction: ``_`` separators, 0b / 0o / 0x prefixes, leading zeros decimal."""
    text = value.replace("_", "")
    sign = -1 if text[0] == "-" else 1
    if text[0] in "+-":
        text = text[1:]
    if text.startswith("0b"):
        return sign * int(text[2:], 2)
    if text.startswith("0x"):
        return sign * int(text[2:], 16)
    if text.startswith("0o"):
        return sign * int(text[2:], 8)
    return sign * int(text)


def _float(value: str) -> float:
    text = value.replace("_", "").lower()
    sign = -1.0 if text[0] == "-" else 1.0
    if text[0] in "+-":
        text = text[1:]
    if text == ".inf":
        return sign * float("inf")
    if text == ".nan":
        return float("nan")
    return sign * float(text)


def _timestamp(value: str) -> Any:
    match = timestamp_regexp.match(value)
    if match is None:
        raise ValueError("不是日期或时间")
    return create_timestamp(**match.groupdict())


_CONSTRUCT: dict[str, Callable[[str], Any]] = {
    _CORE + "bool": lambda v: v.lower() == "true",
    _CORE + "null": lambda v: None,
    _CORE + "int": _int,
    _CORE + "float": _float,
    _CORE + "timestamp": _timestamp,
    _CORE + "str": str,
}

_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _versions, _tag, _regexp, _first in implicit_resolvers:
    if (1, 2) in _versions and _tag[len(_CORE):] in ("bool", "null", "int", "float", "timestamp", "merge"):
        for _char in _first:
            _RESOLVERS.setdefault(_char, []).append((_tag, _regexp.lazy_self()))  # the compiled pattern itself


def _shown(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


class _Refused(Exception):
    def __init__(self, mark: Any, code: str, message: str) -> None:
        super().__init__(message)
        self.line: int = mark.line + 1 if mark is not None else 1
        self.col: int = mark.column + 1 if mark is not None else 1
        self.code, self.message = code, message


def _scalar(event: Any) -> Any:
    value, tag = event.value, event.ctag
    if tag is None:
        if not event.implicit[0]:
            return value  # quoted or block scalar: always text
        candidates = _RESOLVERS.get(value[:1])
        if candidates is None:
            return value
        for resolved, regexp in candidates:
            if regexp.match(value):
                if resolved == _CORE + "merge":
                    raise _Refused(event.start_mark, "yaml-alias", "不允许使用 YAML 合并键（<<）与锚点/别名（& 与 *）")
                tag = resolved
                break
        else:
            return value
    else:
        tag = str(tag)
    construct = _CONSTRUCT.get(tag)
    if construct is None:
        raise _Refused(event.start_mark, "unknown-tag", f"不支持的 YAML 标签：{_shown(tag)}")
    try:
        return construct(value)
    except (ValueError, TypeError, OverflowError, IndexError) as exc:
        raise _Refused(event.start_mark, "yaml-value", f"YAML 值无效：无法解析的值 {value!r}（{exc}）") from None


class Positions:
    """Where each key (of a mapping) or item (of a list) starts: 1-based (line, col), and the child's own tree."""

    __slots__ = ("children",)

    def __init__(self) -> None:
        self.children: dict[Any, tuple[int, int, Positions | None]] = {}


def _build(text: str, positions: bool) -> tuple[Any, Positions | None]:
    """One pass over the events; raises :class:`_Refused` or ruamel's MarkedYAMLError."""
    parser = CParser(text)
    get = parser.get_event
    containers: list[Any] = []    # open dicts and lists, innermost last
    keys: list[Any] = []          # per open container: the pending key of a dict (or _MISSING)
    marks: list[Any] = []         # per open container: the pending key's event mark
    trees: list[Positions] = []   # per open container, when positions are recorded
    starts: list[Any] = []        # per open container: where it starts
    root: Any = None
    root_tree: Positions | None = None
    documents = 0
    anchors: dict[str, Any] = {}
    try:
        while True:
            event = get()
            if event is None:
                break
            kind = event.__class__
            tree: Positions | None = None
            start = None
            if kind is ScalarEvent:
                value = _scalar(event)
                if event.anchor is not None:
                    anchors[event.anchor] = event.start_mark
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.ctag is not None and event.tag != _CORE + ("map" if kind is MappingStartEvent else "seq"):
                    raise _Refused(event.start_mark, "unknown-tag", f"不支持的 YAML 标签：{_shown(event.tag)}")
                if event.anchor is not None:
                    anchors[event.anchor] = event.start_mark
                if len(containers) >= MAX_DEPTH:
                    raise _Refused(event.start_mark, "yaml-depth", f"YAML 嵌套过深（超过 {MAX_DEPTH} 层）")
                containers.append({} if kind is MappingStartEvent else [])
                keys.append(_MISSING)
                marks.append(event.start_mark)
                if positions:
                    trees.append(Positions())
                    starts.append(event.start_mark)
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                value = containers.pop()
                keys.pop()
                marks.pop()
                start = event.start_mark
                if positions:
                    tree = trees.pop()
                    start = starts.pop()
            elif kind is AliasEvent:
                mark = anchors.get(event.anchor, event.start_mark)
                raise _Refused(mark, "yaml-alias", "不允许使用 YAML 锚点/别名（& 与 *）")
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _Refused(event.start_mark, "yaml-syntax", "YAML 语法错误：一个文件只能有一个 YAML 文档（---）")
                continue
            else:
                continue
            if not containers:
                root, root_tree = value, tree
                continue
            parent = containers[-1]
            if parent.__class__ is list:
                if positions:
                    mark = start or event.start_mark
                    trees[-1].children[len(parent)] = (mark.line + 1, mark.column + 1, tree)
                parent.append(value)
            elif keys[-1] is _MISSING:
                if value.__class__ is dict or value.__class__ is list:
                    raise _Refused(marks[-1], "yaml-syntax", "YAML 语法错误：不支持以映射或列表作键（? 复杂键）")
                if value in parent:
                    raise _Refused(event.start_mark, "duplicate-key", f"重复的键：{value}")
                keys[-1] = value
                marks[-1] = event.start_mark
            else:
                key = keys[-1]
                parent[key] = value
                if positions:
                    mark = marks[-1]
                    trees[-1].children[key] = (mark.line + 1, mark.column + 1, tree)
                keys[-1] = _MISSING
    finally:
        parser.dispose()
    return root, root_tree


FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""Characters no catalog or rules file may hold (after a leading byte order mark is dropped)."""

_CHARACTER_NAMES = {"\x85": "Unicode 换行符 NEL", "\u2028": "Unicode 行分隔符 LS", "\u2029": "Unicode 段落分隔符 PS",
                    "\ufeff": "字节顺序标记 BOM，只可出现在文件开头"}
_LINE_BREAK = re.compile(r"\r\n?|\n")


def _character_problem(text: str, at: int, file: str) -> Problem:
    """The refusal of the :data:`FORBIDDEN` character at ``text[at]``: its line:col and the field it sits in
    (read from the text with every such character made a space, when that still parses)."""
    char = text[at]
    breaks = list(_LINE_BREAK.finditer(text, 0, at))
    line, col = len(breaks) + 1, at - (breaks[-1].end() if breaks else 0) + 1
    kind = _CHARACTER_NAMES.get(char, "控制字符")
    tree = position_tree(FORBIDDEN.sub(" ", text))
    loc = _enclosing(tree, (line, col))
    return Problem(file, line, col, field_path(loc), "yaml-character",
                   f"含不允许的字符 U+{ord(char):04X}（{kind}），请删除或改为普通字符"
                   + ("或普通换行" if char in "\x85\u2028\u2029" else ""))


def _enclosing(tree: Positions | None, position: tuple[int, int]) -> tuple[str | int, ...]:
    """The path of the deepest key or item starting at or before ``position`` (the field a character sits in)."""
    loc: list[str | int] = []
    node = tree
    while node is not None and node.children:
        before = [(start, key, child) for key, (*start, child) in node.children.items() if tuple(start) <= position]
        if not before:
            break
        _, key, node = max(before, key=lambda entry: entry[0])
        loc.append(key)
    return tuple(loc)


def _too_large(text: str) -> bool:
    return len(text) > MAX_BYTES // 4 and len(text.encode("utf-8")) > MAX_BYTES


_STRICT_CHARS = ("&", "*", "!", "\t", "\r", "<<", "?", "\n%", "\n---", "\n...")
_STRICT_START = ("%", "---", "...")
_TIGHT_COLON = re.compile(r":[^ \n]")
_FLOW_COLON = re.compile(r"[\[{][^\]}\n]*:\S")
_DATE_LIKE = re.compile(r"-\d\d?-\d")  # literal first: ~50× faster to search than the full date pattern


def _fast(text: str) -> Any:
    """yaml-rs (Rust, several times faster than the events) for plain catalog text, else ``_MISSING``.

    yaml-rs 0.1.6 accepts aliases, drops unknown tags, turns a quoted timestamp into a date, leaves an
    impossible date as text and accepts ``[09:00]`` (libyaml refuses it). Text with any such construct —
    anchors, aliases, tags, tabs, :data:`FORBIDDEN` characters (yaml-rs reads them as text), merge and complex keys, directives and document markers, quoted dates,
    ``:`` inside flow collections, date-like text — is left to the event loop (:func:`_build`), and the
    result's nesting is checked against :data:`MAX_DEPTH`. ``tests/runtime/loading/test_yaml_source.py``
    compares both paths on every shipped, example and generated file and on a corpus of YAML 1.2 scalars.
    """
    if _yaml_rs is None or text.startswith(_STRICT_START) or any(mark in text for mark in _STRICT_CHARS) \
            or FORBIDDEN.search(text):
        return _MISSING
    if _DATE_LIKE.search(text) or (_TIGHT_COLON.search(text) and _FLOW_COLON.search(text)):
        return _MISSING
    try:
        data = _yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # noqa: BLE001 - any refusal is re-read by the event loop, which says where and why
        return _MISSING
    pending = [(data, 0)] if data.__class__ in _CONTAINERS else []
    while pending:
        node, depth = pending.pop()
        if depth >= MAX_DEPTH:
            return _MISSING
        values = node.values() if node.__class__ is dict else node
        pending.extend([(value, depth + 1) for value in values if value.__class__ in _CONTAINERS])
    return data


_CONTAINERS = (dict, list)


def parse(text: str, file: str) -> tuple[Any, Problem | None]:
    """Parse one document; on failure return a Problem with the line:col where the parser stopped."""
    if _too_large(text):
        return None, Problem(file, 1, 1, "", "file-too-large", f"文件过大（超过 {MAX_BYTES // (1024 * 1024)} MB），请拆分为多个文件")
    text = text.removeprefix("\ufeff")
    data = _fast(text)
    if data is not _MISSING:
        return data, None
    forbidden = FORBIDDEN.search(text)
    if forbidden is not None:
        return None, _character_problem(text, forbidden.start(), file)
    try:
        return _build(text, False)[0], None
    except _Refused as exc:
        return None, Problem(file, exc.line, exc.col, "", exc.code, exc.message)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, Problem(file, line, col, "", "yaml-syntax", yaml_syntax(str(exc.problem or exc.context)))
    except YAMLError as exc:
        return None, Problem(file, 1, 1, "", "yaml-syntax", f"YAML 无法解析：{exc}")


def position_tree(text: str) -> Positions | None:
    """Line:col of every key and item of a file that parses (None when it does not)."""
    if _too_large(text):
        return None
    try:
        return _build(text.removeprefix("\ufeff"), True)[1]
    except (_Refused, YAMLError):
        return None


def locate(tree: Positions | None, loc: tuple[str | int, ...]) -> tuple[int, int]:
    """1-based line:col of the deepest node of ``loc`` present in ``tree``.

    A key's position is used for mapping entries (so "unknown field" points at the key itself), an
    item's position for list entries; a missing tail of ``loc`` falls back to its parent.
    """
    line, col = 1, 1
    node = tree
    for part in loc:
        if node is None:
            break
        found = node.children.get(part)
        if found is None:
            break
        line, col, node = found
    return line, col


__all__ = ["FORBIDDEN", "MAX_BYTES", "MAX_DEPTH", "Positions", "locate", "parse", "position_tree"]
