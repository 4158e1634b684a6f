"""WTForms forms derived from the pydantic models, nested parts as inline sub-forms.

One mechanism for every catalog entity: each model field becomes a form field by the *shape* of its
annotation (:func:`shape_of`) — text, number, yes/no, date, exact decimal, a fixed choice (Chinese names
from :mod:`onewindow.runtime.catalog.names`), several choices, a list of short texts (one per line), a
nested part (an inline sub-form: 办理结果, 联系方式, 材料来源 …) or a list of parts (inline sub-forms
staff add and remove in place: 申请材料, 办理流程, 收费, 审批依据, 分档, 减免 …). Only what has no form
shape — conditions in the condition language, county extension fields — stays a YAML box.

There are no WTForms validators restating catalog rules: the form only collects, and the runtime's
models and lint judge (style §8). Reading a form back (:func:`document_from_form`) keeps the stored
document's key order, leaves unset defaults unset and matches list entries to the stored ones (by
``id`` where the part has one), so an export changes only what the editor changed. It also records which
form field each document path came from (:class:`FormReading.places`), so a problem the runtime finds at
``materials[2].tolerance_days`` is shown beside that very input.
"""
from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Annotated, Any, Literal, get_args, get_origin

from flask_admin.form import BaseForm
from flask_admin.form.widgets import Select2Widget
from flask_admin.model.fields import InlineFieldList, InlineFormField
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML
from wtforms import (
    BooleanField, DateField, Field, Form, FormField, HiddenField, IntegerField, SelectField, SelectMultipleField,
    StringField, TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from onewindow.runtime.catalog import bare_type
from onewindow.runtime.catalog import value_names
from onewindow.runtime.errors import Finding
from onewindow.runtime.loading import parse

from ..sync.documents import to_json

VERSION_FIELD = "version_id"
REFERENCES: dict[str, str] = {
    "document": "legal_documents", "replaced_by": "legal_documents", "department": "departments", "lead": "departments",
    "window": "windows", "agency_window": "windows",
}
"""Text fields that name another catalog entity → the section whose identifiers the page suggests (a
``<datalist>``; the lint still judges the reference)."""
BLANK = ("", "（未填写）")
Loc = tuple[str | int, ...]


class ReferenceField(SelectField):
    """A field naming another catalog entity, picked by *name* (选择部门、依据文件、窗口 by what staff call them).

    The options are the entities of ``section`` in the working copy, read when the page is drawn (the view
    puts them in ``flask.g.onewindow_references``), so the same form class serves every request; a stored
    value that names nothing known stays selected, marked, for the lint to judge."""

    def __init__(self, label: str, section: str, **kwargs: Any) -> None:
        super().__init__(label, choices=[], validate_choice=False, **kwargs)
        self.section = section

    def iter_choices(self) -> Any:
        from flask import g

        known = list((g.get("onewindow_references") or {}).get(self.section, []))
        current = self.data or ""
        options = [("", "（未选择）"), *((key, f"{name}" if name else key) for key, name in known)]
        if current and current not in {key for key, _ in known}:
            options.append((current, f"{current}（目录中没有）"))
        self.choices = [SelectChoice(value, label) for value, label in options]
        return super().iter_choices()


ShapeKind = Literal["text", "int", "bool", "tristate", "date", "decimal", "choice", "choices", "lines", "part", "parts", "yaml"]


@dataclass(frozen=True)
class Shape:
    """How a model field is edited: ``kind`` and, for parts and choices, the part model or Literal type."""

    kind: ShapeKind
    inner: Any = None


_SCALAR_SHAPES: dict[Any, ShapeKind] = {str: "text", int: "int", bool: "bool", date: "date", Decimal: "decimal"}


def _is_part(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def shape_of(info: FieldInfo) -> Shape:
    """The form shape of one model field (a condition union or a free mapping has none: YAML)."""
    bare = bare_type(info.annotation)
    if get_origin(bare) is Literal:
        return Shape("choice", bare)
    if _is_part(bare):
        return Shape("part", bare)
    if get_origin(bare) is tuple:
        element = bare_type(get_args(bare)[0])
        if get_origin(element) is Literal:
            return Shape("choices", element)
        if _is_part(element):
            return Shape("parts", element)
        if element is str:
            return Shape("lines")
        return Shape("yaml")
    if bare is bool and info.default is None:  # unknown is not none: 未公布 / 是 / 否, never a silent 否
        return Shape("tristate")
    return Shape(_SCALAR_SHAPES.get(bare, "yaml"))


TRISTATE = [SelectChoice("", "未公布"), SelectChoice("true", "是"), SelectChoice("false", "否")]
"""An optional yes/no (是否收费, 支持网上支付 …): blank stays unpublished."""


def _choices(literal: Any, blank: bool) -> list[SelectChoice]:
    names = value_names(literal)
    options = [SelectChoice(v, names.get(v, v)) for v in get_args(literal)]
    return [SelectChoice(*BLANK), *options] if blank else options


def _form_field(name: str, info: FieldInfo) -> Any:
    shape = shape_of(info)
    label, help_text = info.title or name, info.description or ""
    if shape.kind == "choice":
        return SelectField(label, choices=_choices(shape.inner, blank=not info.is_required()), description=help_text,
                           validate_choice=False)  # the model judges, in Chinese, beside the field
    if shape.kind == "choices":
        return SelectMultipleField(label, choices=_choices(shape.inner, blank=False), description=help_text,
                                   widget=Select2Widget(multiple=True), validate_choice=False)
    if shape.kind == "part":
        return InlineFormField(part_form(shape.inner), label, description=help_text)
    if shape.kind == "parts":
        return InlineFieldList(InlineFormField(part_form(shape.inner)), label, min_entries=0, description=help_text)
    if shape.kind == "int":
        return IntegerField(label, validators=[Optional()], description=help_text)
    if shape.kind == "bool":
        return BooleanField(label, description=help_text)
    if shape.kind == "tristate":
        return SelectField(label, choices=TRISTATE, description=help_text, validate_choice=False)
    if shape.kind == "date":
        return DateField(label, validators=[Optional()], description=help_text)
    if shape.kind == "decimal":
        return StringField(label, description=(help_text + " 精确小数，如 80.00").strip())
    if shape.kind == "lines":
        return TextAreaField(label, description=(help_text + " 每行一项").strip(), render_kw={"rows": 3})
    if shape.kind == "text":
        if name in REFERENCES:
            return ReferenceField(label, REFERENCES[name], description=help_text)
        return StringField(label, description=help_text)
    return TextAreaField(label, description=(help_text + " （YAML 格式）").strip(), render_kw={"rows": 6, "class": "yaml-field"})


@cache
def part_form(model: type[BaseModel]) -> type[Form]:
    """The inline sub-form of a nested part: Flask-Admin's form base for its Chinese WTForms messages, and
    no CSRF field of its own (the outer form carries it)."""
    fields = {name: _form_field(name, info) for name, info in model.model_fields.items()}
    return type(f"{model.__name__}PartForm", (BaseForm,), fields)


def document_form(model: type[BaseModel], base: type[Form] = Form) -> type[Form]:
    """The form class of a catalog entity; adds the hidden version used for optimistic locking."""
    fields: dict[str, Any] = {name: _form_field(name, info) for name, info in model.model_fields.items()}
    fields[VERSION_FIELD] = HiddenField()
    return type(f"{model.__name__}Form", (base,), fields)


# -- stored document → form ------------------------------------------------------------------------
_YAML = YAML(typ="safe", pure=True)
_YAML.default_flow_style = False
_YAML.allow_unicode = True
_YAML.width = 4096
_YAML.sort_base_mapping_type_on_output = False  # type: ignore[assignment]  # keep the document's key order; ruamel declares it None


def yaml_text(value: Any) -> str:
    buffer = io.StringIO()
    _YAML.dump(value, buffer)
    return buffer.getvalue()


def _form_value(shape: Shape, value: Any) -> Any:
    if shape.kind == "parts":
        return [form_data(shape.inner, entry) for entry in value]
    if shape.kind == "part":
        return form_data(shape.inner, value)
    if shape.kind == "lines":
        return "\n".join(str(v) for v in value)
    if shape.kind == "yaml":
        return yaml_text(value)
    if shape.kind == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if shape.kind == "decimal":
        return str(value)
    if shape.kind == "tristate":
        return "" if value is None else "true" if value else "false"
    return value


def form_data(model: type[BaseModel], document: Mapping[str, Any]) -> dict[str, Any]:
    """Initial form values of a stored document (nested parts included)."""
    return {name: _form_value(shape_of(info), document[name])
            for name, info in model.model_fields.items() if name in document}


# -- form → document -------------------------------------------------------------------------------
class _Omit:
    """A blank input: the key is left out of the document (its default applies, or the model says it is missing)."""


OMIT = _Omit()


@dataclass
class FormReading:
    """What a submitted form says: the document, YAML-box problems, and the form field of each list entry."""

    document: dict[str, Any]
    problems: list[Finding] = field(default_factory=list)
    places: dict[Loc, Any] = field(default_factory=dict)
    """Document path of a list entry (``("materials", 2)``) → the inline sub-form it was read from."""


def _default_json(info: FieldInfo) -> Any:
    if info.default_factory is not None:
        return to_json(info.default_factory())  # type: ignore[call-arg]  # pydantic also allows factories taking the data; ours take none
    return to_json(info.default)


def _entry_index(entry: Field) -> int:
    """The position an inline entry had when the form was rendered (``materials-2`` → 2)."""
    return int(entry.name.rsplit("-", 1)[1])


def _stored_entry(model: type[BaseModel], entry: Any, stored: list[Any]) -> Mapping[str, Any] | None:
    """The stored list entry this inline sub-form edits: same ``id`` if the part has one, else same position."""
    if "id" in model.model_fields:
        wanted = entry.form["id"].data
        return next((s for s in stored if isinstance(s, Mapping) and s.get("id") == wanted), None)
    index = _entry_index(entry)
    return stored[index] if index < len(stored) and isinstance(stored[index], Mapping) else None


def _read_value(shape: Shape, info: FieldInfo, form_field: Any, stored: Any, loc: Loc, reading: FormReading) -> Any:
    raw = form_field.data
    if shape.kind == "parts":
        entries: list[dict[str, Any]] = []
        stored_list = stored if isinstance(stored, list) else []
        for entry in form_field.entries:
            if form_field.should_delete(entry):
                continue
            before = _stored_entry(shape.inner, entry, stored_list)
            value = _read_part(shape.inner, entry.form, before or {}, (*loc, len(entries)), reading)
            if not value and before is None:
                continue  # a row added and left blank
            reading.places[(*loc, len(entries))] = entry
            entries.append(value)
        return entries if entries or stored is not None else OMIT
    if shape.kind == "part":
        value = _read_part(shape.inner, form_field.form, stored if isinstance(stored, Mapping) else {}, loc, reading)
        return value if value or info.is_required() else OMIT
    if shape.kind == "yaml":
        text = (raw or "").strip()
        if not text:
            return OMIT
        parsed, problem = parse(text, str(loc[-1]))
        if problem is not None:
            reading.problems.append(Finding(None, loc, problem.code, f"第 {problem.line} 行：{problem.message}"))
            return OMIT
        return to_json(parsed)
    if shape.kind == "lines":
        values = [line.strip() for line in (raw or "").splitlines() if line.strip()]
        return values if values or stored is not None else OMIT
    if shape.kind == "choices":  # a multiple select sends choice order: keep the stored order of what stays ticked
        ticked = list(raw or ())
        kept = [v for v in stored if v in ticked] if isinstance(stored, list) else []
        values = kept + [v for v in ticked if v not in kept]
        return values if values or stored is not None else OMIT
    if shape.kind == "date":
        return raw.isoformat() if raw else OMIT
    if shape.kind == "tristate":
        return {"true": True, "false": False}.get(raw or "", OMIT)
    if shape.kind in ("text", "choice", "decimal"):
        text = raw.strip() if isinstance(raw, str) else raw
        if not text:
            return OMIT
        return stored if shape.kind == "decimal" and stored is not None and str(stored) == text else text
    return OMIT if raw is None else raw


def _read_part(model: type[BaseModel], form: Any, stored: Mapping[str, Any], loc: Loc, reading: FormReading) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for name in [*stored, *(n for n in model.model_fields if n not in stored)]:
        info = model.model_fields.get(name)
        if info is None or name not in form:
            if name in stored:
                document[name] = stored[name]  # not editable here (kept as stored)
            continue
        value = _read_value(shape_of(info), info, form[name], stored.get(name), (*loc, name), reading)
        if value is OMIT or (name not in stored and value == _default_json(info)):
            continue
        document[name] = value
    return document


def document_from_form(form: Form, model: type[BaseModel], original: Mapping[str, Any]) -> FormReading:
    """The document a submitted form says, read against the stored ``original``."""
    reading = FormReading({})
    reading.document = _read_part(model, form, original, (), reading)
    return reading


def chinese_path(model: type[BaseModel], loc: Loc) -> str:
    """A document path as staff read it — field titles, 「第 n 项」 — instead of ``steps[1].days``."""
    words: list[str] = []
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            words.append(f"第 {part + 1} 项")
            continue
        info = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        words.append(info.title if info is not None and info.title else str(part))
        current = shape_of(info).inner if info is not None else None
    return " · ".join(words)


_IDENTIFIER = re.compile(r"(?<![A-Za-z0-9_.])[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?![A-Za-z0-9_])")


def _part_at(model: type[BaseModel], loc: Loc) -> type[BaseModel]:
    """The deepest part model ``loc`` runs through (the entity's own model at worst)."""
    current: type[BaseModel] = model
    for part in loc:
        info = current.model_fields.get(part) if isinstance(part, str) else None
        inner = shape_of(info).inner if info is not None else None
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            current = inner
        elif isinstance(part, str):
            break
    return current


def chinese_message(model: type[BaseModel], loc: Loc, message: str) -> str:
    """A message of the models or the lint with the English field names and values it mentions (written for
    YAML authors: 「写明 tolerance_days」) replaced by their Chinese titles and names, for staff."""
    part = _part_at(model, loc)
    words: dict[str, str] = {"or": "或"}  # pydantic's list of allowed values: 'a','b' or 'c'
    for name, info in part.model_fields.items():
        shape = shape_of(info)
        if shape.kind in ("choice", "choices"):
            words.update({value: label for value, label in value_names(shape.inner).items() if value not in words})
        if info.title:
            words[name] = f"「{info.title}」"
    return _IDENTIFIER.sub(lambda m: words.get(m.group(0), m.group(0)), message)


def _anchor(field_: Any) -> str:
    """The id a link can jump to: an inline list's own block, a part's first input, else the input."""
    if isinstance(field_, FormField):
        first = next(iter(field_.form), None)
        return _anchor(first) if first is not None else field_.id
    return field_.id


def error_summary(form: Any) -> list[tuple[str, str, str | None]]:
    """Every problem shown in a submitted form as (where, message, id of the input or part to jump to)."""
    found: list[tuple[str, str, str | None]] = []

    def walk(container: Any, prefix: str) -> None:
        for field_ in container:
            if field_.name in ("csrf_token", VERSION_FIELD):
                continue
            label = f"{prefix}{field_.label.text}" if field_.label else prefix
            if isinstance(field_, InlineFieldList):
                found.extend((label, e, field_.id) for e in field_.errors if isinstance(e, str))
                for index, entry in enumerate(field_.entries):
                    found.extend((f"{label} 第 {index + 1} 项", e, entry.id) for e in entry.form.form_errors)
                    walk(entry.form, f"{label} 第 {index + 1} 项 · ")
            elif isinstance(field_, FormField):
                found.extend((label, e, _anchor(field_)) for e in field_.form.form_errors)
                walk(field_.form, f"{label} · ")
            else:
                found.extend((label, e, field_.id) for e in field_.errors if isinstance(e, str))

    found.extend(("整条", e, None) for e in getattr(form, "form_errors", ()))
    walk(form, "")
    return found


def form_sections(form: Any) -> list[tuple[str, str]]:
    """(input id, title) of the form's parts and lists of parts: the save bar's links."""
    return [(_anchor(f), f.label.text) for f in form if isinstance(f, (InlineFieldList, FormField)) or "yaml-field" in
            str((f.render_kw or {}).get("class", ""))]


def field_at(form: Form, loc: Loc, places: Mapping[Loc, Any]) -> tuple[Any, Loc]:
    """The deepest form field a document path leads to, and the rest of the path below it."""
    found: Any = None
    container: Any = form
    for depth, part in enumerate(loc):
        key = loc[:depth + 1]
        if key in places:
            found = places[key]
        elif isinstance(part, str) and container is not None and part in container:
            found = container[part]
        else:
            return found, loc[depth:]
        container = found.form if isinstance(found, FormField) else None
    return found, ()


__all__ = [
    "FormReading", "OMIT", "REFERENCES", "ReferenceField", "Shape", "VERSION_FIELD", "chinese_message", "chinese_path", "document_form", "document_from_form",
    "error_summary", "field_at", "form_data", "form_sections",
    "part_form", "shape_of", "yaml_text",
]
