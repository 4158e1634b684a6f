"""Service guides (办事指南): the eight disclosures of an item, rendered as markdown or HTML."""
from .context import DISCLOSURES as DISCLOSURES, Guide as Guide, build_guide as build_guide
from .render import GUIDE_FORMATS as GUIDE_FORMATS, UnknownItemError as UnknownItemError
from .render import render_guide as render_guide, render_guide_body as render_guide_body

from .render import stylesheet as stylesheet

__all__ = [
    "DISCLOSURES", "GUIDE_FORMATS", "Guide", "UnknownItemError", "build_guide", "render_guide",
    "render_guide_body", "stylesheet",
]
