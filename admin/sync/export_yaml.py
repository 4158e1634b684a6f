"""``onewindow db export DIR``: published documents written back onto the existing YAML files.

Each file is loaded with ruamel.yaml's round-trip loader and changed in place, value by value: an
entity whose document equals what the file says is not touched (comments, key order, quoting and flow
style survive), an edited field rewrites only its own scalar, and a file with no change is not written
at all — so the diff of an export is exactly the console's edits. New entities go to ``items/<code>.yaml``
(items) or to the file holding their section; deleted ones are removed from their file. Every write is
atomic (temp file in the same folder, then ``os.replace``).
"""
from __future__ import annotations

import io
import os
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.util import load_yaml_guess_indent

from ..store.records import RECORD_CLASSES, CatalogRecord, SourceFile
from ..store.db import db
from .documents import entry_ids, from_json, to_json
from .import_yaml import file_digest


def _merge_by_id(node: CommentedSeq, new: list[Any]) -> bool:
    """Entries with ids (materials, fees …) removed or added in place, the others merged where they stand.

    Deleting the second of five materials then removes its lines only, instead of rewriting entries
    two to five one position up. Returns False (nothing touched) when ids are missing or reordered.
    """
    old_ids, new_ids = entry_ids(list(node)), entry_ids(new)
    if old_ids is None or new_ids is None:
        return False
    if [i for i in old_ids if i in new_ids] != [i for i in new_ids if i in old_ids]:
        return False
    for index in reversed(range(len(node))):
        if old_ids[index] not in new_ids:
            del node[index]
    for index, value in enumerate(new):
        if index < len(node) and node[index].get("id") == value["id"]:
            node[index] = merge(node[index], value)
        else:
            node.insert(index, from_json(value))
    return True


def merge(node: Any, new: Any) -> Any:
    """``node`` (round-trip YAML) changed as little as possible to say ``new`` (JSON data)."""
    if to_json(node) == new:
        return node
    if isinstance(node, CommentedMap) and isinstance(new, dict):
        for key in [k for k in node if k not in new]:
            del node[key]
        for key, value in new.items():
            node[key] = merge(node[key], value) if key in node else from_json(value)
        return node
    if isinstance(node, CommentedSeq) and isinstance(new, list):
        if _merge_by_id(node, new):
            return node
        for i, value in enumerate(new[:len(node)]):
            node[i] = merge(node[i], value)
        del node[len(new):]
        node.extend(from_json(v) for v in new[len(node):])
        return node
    return from_json(new)


LINE_BREAKS = frozenset("\x85\u2028\u2029")
"""Characters YAML 1.1 readers take as line breaks: inside plain or single-quoted text they would fold."""


class QuotingEmitter(RoundTripEmitter):
    """ruamel's emitter, quoting the plain scalars its own reader would misread.

    In a flow list (``[09:00, https://…]``) a ``:`` not followed by a space, or a leading ``?``, is read as
    a mapping (``found unexpected ':'``, ``{x: null}``); a NEL or line separator folds into a space. Such
    values are quoted; everything else is written exactly as before, so unchanged files stay unchanged.
    """

    def analyze_scalar(self, scalar: Any) -> Any:
        analysis = super().analyze_scalar(scalar)
        if ":" in scalar or scalar.startswith("?"):
            analysis.allow_flow_plain = False
        if LINE_BREAKS.intersection(scalar):
            analysis.allow_flow_plain = analysis.allow_block_plain = analysis.allow_single_quoted = False
        return analysis


def _yaml(sequence: int = 4, offset: int = 2) -> YAML:
    """A round-trip dumper indenting like the file (ruamel guesses the sequence indent and dash offset)."""
    yaml = YAML()
    yaml.Emitter = QuotingEmitter
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=sequence - offset if sequence > offset else sequence, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader sees the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _reconcile(data: CommentedMap, records: dict[tuple[str, str], CatalogRecord], documents: dict[int, dict[str, Any]]) -> bool:
    """Apply the records that came from this file onto its data; entities without a record are removed.

    Returns True when anything changed.
    """
    before = to_json(data)
    for section in list(data):
        cls = RECORD_CLASSES.get(str(section))
        if cls is None:
            continue
        if cls.singleton:
            record = records.get((section, cls.key_of({})))
            if record is None:
                del data[section]
            else:
                data[section] = merge(data[section], documents[record.id])
            continue
        entries = data[section]
        for i in reversed(range(len(entries))):
            record = records.get((section, cls.key_of(to_json(entries[i]))))
            if record is None:
                del entries[i]
            else:
                entries[i] = merge(entries[i], documents[record.id])
    return to_json(data) != before


def _target(record: CatalogRecord, by_section: dict[str, str]) -> str:
    if record.section == "items":
        return f"items/{record.code}.yaml"
    return by_section.get(record.section, f"{record.section}.yaml")


def _untouched(path: Path, source: SourceFile | None, records: dict[tuple[str, str], CatalogRecord]) -> bool:
    """True when the file is byte-for-byte as imported and none of its entities changed since (no parse needed)."""
    return (source is not None and len(records) == source.entities
            and all(r.version_id == r.source_version for r in records.values())
            and file_digest(path) == source.digest)


def export_catalog(root: str | Path, *, drafts: bool = False) -> list[str]:
    """Write the published catalog (the working copy with ``drafts``) onto ``root``; returns the files written."""
    root = Path(root)
    records = [r for r in db.session.scalars(db.select(CatalogRecord).order_by(CatalogRecord.id))
               if (r.document if drafts else r.served_document()) is not None]
    documents = {r.id: (r.document if drafts else r.served_document()) for r in records}
    by_source: dict[str, dict[tuple[str, str], CatalogRecord]] = defaultdict(dict)
    by_section: dict[str, str] = {}
    homeless: list[CatalogRecord] = []
    for record in records:
        if record.file and record.source_key:
            by_source[record.file][(record.section, record.source_key)] = record
            by_section.setdefault(record.section, record.file)
        else:
            homeless.append(record)
    sources = {f.path: f for f in db.session.scalars(db.select(SourceFile))}
    files = set(by_source) | set(sources)
    additions: dict[str, list[CatalogRecord]] = defaultdict(list)
    for record in homeless:
        additions[_target(record, by_section)].append(record)
    written = []
    for relative in sorted(files | set(additions)):
        path = root / relative
        if relative not in additions and _untouched(path, sources.get(relative), by_source.get(relative, {})):
            continue
        original = path.read_text(encoding="utf-8") if path.exists() else ""
        if original.strip():
            _, indent, block_seq_indent = load_yaml_guess_indent(original)
            yaml = _yaml(indent or 4, block_seq_indent if block_seq_indent is not None else 2)
            data = yaml.load(original)  # again, keeping quotes: the guessing loader drops them
        else:
            data, yaml = CommentedMap(), _yaml()
        changed = _reconcile(data, by_source.get(relative, {}), documents)
        for record in additions.get(relative, []):
            document = from_json(documents[record.id])
            if type(record).singleton:
                data[record.section] = document
            else:
                data.setdefault(record.section, CommentedSeq()).append(document)
            changed = True
        if changed:
            text = _dump(yaml, data) if len(data) else ""
            write_atomic(path, text)
            written.append(relative)
    return written


__all__ = ["QuotingEmitter", "export_catalog", "merge", "write_atomic"]
