"""WTForms forms derived from the pydantic models: one field per model field, labelled with its ``title``.

Scalars (text, numbers, yes/no, dates, fixed choices) become ordinary inputs; nested shapes (materials,
steps, fees, legal bases, …) become a YAML text box each, so every field of the catalog is editable
and an error lands beside the field it belongs to. There are no WTForms validators restating catalog
rules: the form only collects, and the runtime's models and lint judge (style §8).
"""
from __future__ import annotations

import types
import typing
from datetime import date
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from ruamel.yaml import YAML
from wtforms import BooleanField, DateField, Form, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from onewindow.runtime.catalog.item import CASE_CLASS_NAMES, ITEM_TYPE_NAMES
from onewindow.runtime.catalog.legal import LEVEL_NAMES, STATUS_NAMES
from onewindow.runtime.catalog.material import FORM_NAMES, NECESSITY_NAMES
from onewindow.runtime.loading.yaml_source import parse

from ..sync.documents import FieldProblem, to_json

CHOICE_NAMES: dict[str, dict[str, str]] = {
    "item_type": ITEM_TYPE_NAMES, "default_case_class": CASE_CLASS_NAMES, "status": STATUS_NAMES,
    "level": LEVEL_NAMES, "form": FORM_NAMES, "necessity": NECESSITY_NAMES,
}
"""Chinese names of enumerated values, by field name (the runtime's own tables)."""

VERSION_FIELD = "version_id"


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(inner annotation, optional?) of ``X | None``."""
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def field_kind(info: FieldInfo) -> str:
    """'text', 'int', 'bool', 'date', 'choice' or 'yaml' for one model field."""
    inner, _ = _unwrap(info.annotation)
    if get_origin(inner) is Literal:
        return "choice"
    return {str: "text", int: "int", bool: "bool", date: "date"}.get(inner, "yaml")


def _wtf_field(name: str, info: FieldInfo) -> Any:
    kind = field_kind(info)
    label, help_text = info.title or name, info.description or ""
    required = info.is_required()
    if kind == "choice":
        names = CHOICE_NAMES.get(name, {})
        values = get_args(_unwrap(info.annotation)[0])
        choices = ([] if required else [("", "（未填写）")]) + [(v, f"{names[v]}（{v}）" if v in names else v) for v in values]
        return SelectField(label, choices=choices, description=help_text)
    if kind == "int":
        return IntegerField(label, validators=[Optional()], description=help_text)
    if kind == "bool":
        return BooleanField(label, description=help_text)
    if kind == "date":
        return DateField(label, validators=[Optional()], description=help_text)
    if kind == "text":
        return StringField(label, description=help_text)
    return TextAreaField(label, description=(help_text + " （YAML 格式）").strip(), render_kw={"rows": 6, "class": "yaml-field"})


def document_form(model: type[BaseModel], base: type[Form] = Form) -> type[Form]:
    """A form class for ``model``, derived from its fields; adds the hidden version used for optimistic locking."""
    fields: dict[str, Any] = {name: _wtf_field(name, info) for name, info in model.model_fields.items()}
    fields[VERSION_FIELD] = HiddenField()
    return type(f"{model.__name__}Form", (base,), fields)


_YAML = YAML(typ="safe", pure=True)
_YAML.default_flow_style = False
_YAML.allow_unicode = True
_YAML.width = 4096
_YAML.sort_base_mapping_type_on_output = False  # keep the document's key order


def yaml_text(value: Any) -> str:
    import io

    buffer = io.StringIO()
    _YAML.dump(value, buffer)
    return buffer.getvalue()


def form_data(model: type[BaseModel], document: dict[str, Any]) -> dict[str, Any]:
    """Initial form values of a stored document."""
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in document:
            continue
        value, kind = document[name], field_kind(info)
        if kind == "yaml":
            data[name] = yaml_text(value)
        elif kind == "date" and isinstance(value, str):
            data[name] = date.fromisoformat(value)
        else:
            data[name] = value
    return data


def _default_json(info: FieldInfo) -> Any:
    if info.default_factory is not None:
        return to_json(info.default_factory())  # type: ignore[call-arg]
    return to_json(info.default)


def document_from_form(form: Form, model: type[BaseModel], original: dict[str, Any]) -> tuple[dict[str, Any], list[FieldProblem]]:
    """The document the form says, keeping the original's key order and leaving unset defaults unset."""
    document: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    names = [*original, *(n for n in model.model_fields if n not in original)]
    for name in names:
        info = model.model_fields.get(name)
        if info is None or name not in form:
            if name in original:
                document[name] = original[name]
            continue
        kind, raw = field_kind(info), form[name].data
        if kind == "yaml":
            text = (raw or "").strip()
            if not text:
                continue
            parsed, problem = parse(text, name)
            if problem is not None:
                problems.append(FieldProblem((name,), problem.code, f"第 {problem.line} 行：{problem.message}"))
                continue
            value = to_json(parsed)
        elif kind == "date":
            value = raw.isoformat() if raw else None
        elif kind in ("text", "choice"):
            value = raw.strip() if isinstance(raw, str) else raw
            value = value or None
        else:
            value = raw
        if value is None or (name not in original and value == _default_json(info)):
            continue
        document[name] = value
    return document, problems


__all__ = ["CHOICE_NAMES", "VERSION_FIELD", "document_form", "document_from_form", "field_kind", "form_data", "yaml_text"]
