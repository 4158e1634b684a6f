"""Rendering a guide with Jinja2 templates shipped as package data (``templates/*.j2``); no Flask involved."""
from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..catalog import Catalog
from .context import Guide, build_guide, pick_version

TEMPLATES = Path(__file__).parent / "templates"
GUIDE_FORMATS = ("md", "html")


class UnknownItemError(LookupError):
    """No item with this code in the catalog."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"目录中没有事项 {code}")


@cache
def environment() -> Environment:
    """One environment: HTML templates autoescaped, markdown ones not (they are never embedded in HTML)."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html.j2"]),
                       undefined=StrictUndefined, trim_blocks=False, keep_trailing_newline=True)


def stylesheet() -> str:
    return (TEMPLATES / "guide.css").read_text(encoding="utf-8")


def guide_for(catalog: Catalog, code: str, on: date | None = None) -> Guide:
    item = pick_version(catalog, code, on)
    if item is None:
        raise UnknownItemError(code)
    return build_guide(catalog, item, on)


def render_guide_body(guide: Guide, *, prereview_href: str = "#") -> Markup:
    """The guide as an HTML fragment (``<article>``), for a standalone page or the public site."""
    return Markup(environment().get_template("guide_body.html.j2").render(guide=guide, prereview_href=prereview_href))


def render_guide(catalog: Catalog, code: str, fmt: str = "md", on: date | None = None) -> str:
    guide = guide_for(catalog, code, on)
    if fmt == "md":
        return environment().get_template("guide.md.j2").render(guide=guide)
    return environment().get_template("guide.html.j2").render(
        guide=guide, body=render_guide_body(guide), stylesheet=Markup(stylesheet()))


__all__ = ["GUIDE_FORMATS", "TEMPLATES", "UnknownItemError", "environment", "guide_for", "render_guide",
           "render_guide_body", "stylesheet"]
