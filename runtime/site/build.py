"""The static public site (``onewindow site OUT/``): browse, search, one guide per item, pre-review, stats.

Everything is files — HTML, CSS, a JSON index and small scripts — so the site can be served by any web
server or opened from a USB stick at a township centre, and it is rebuilt from the catalog on every merge.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..catalog import Catalog
from ..catalog.item import ITEM_TYPE_NAMES
from ..guide.context import build_guide
from ..guide.render import TEMPLATES as GUIDE_TEMPLATES, render_guide_body
from ..review.charts import stats_charts
from ..review.stats import compute_stats
from .export import export_catalog

HERE = Path(__file__).parent


@cache
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader([HERE / "templates", GUIDE_TEMPLATES]),
                       autoescape=select_autoescape(["html.j2"]), undefined=StrictUndefined)


@dataclass(frozen=True)
class Group:
    anchor: str
    title: str
    items: list[dict[str, Any]]


def _groups(records: list[dict[str, Any]], keys: Any, titles: dict[str, str], prefix: str) -> list[Group]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        for key in keys(record):
            grouped.setdefault(key, []).append(record)
    order = [k for k in titles if k in grouped] + sorted(k for k in grouped if k not in titles)
    return [Group(f"{prefix}-{i}", titles.get(k, k), grouped[k]) for i, k in enumerate(order)]


def build_site(catalog: Catalog, out: Path, on: date | None = None) -> list[Path]:
    """Write the site into ``out`` (created; existing files overwritten) and return the pages written."""
    day = on or date.today()
    out.mkdir(parents=True, exist_ok=True)
    for folder in ("static", "items", "data", "charts"):
        (out / folder).mkdir(exist_ok=True)
    for asset in (HERE / "static").iterdir():
        shutil.copyfile(asset, out / "static" / asset.name)
    shutil.copyfile(GUIDE_TEMPLATES / "guide.css", out / "static" / "guide.css")
    data = export_catalog(catalog, day)
    (out / "data" / "catalog.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    stats = compute_stats(catalog, day)
    charts = stats_charts(stats, catalog)
    for name, svg in charts.items():
        (out / "charts" / name).write_text(svg, encoding="utf-8")

    records = data["items"]
    departments = {d.id: d.name for d in catalog.departments.values()}
    events = sorted({e for r in records for e in r["life_events"]})
    browse = [
        ("按部门浏览", "departments.html", _groups(records, lambda r: [r["department"]], departments, "dept")),
        ("按事项类型浏览", "types.html", _groups(records, lambda r: [r["item_type"]], ITEM_TYPE_NAMES, "type")),
        ("按主题浏览", "events.html", _groups(records, lambda r: r["life_events"], {e: e for e in events}, "event")),
    ]
    common = {"centre": catalog.centre, "revision": catalog.revision, "on": day.isoformat(), "root": ""}
    env = _environment()
    pages: dict[str, str] = {
        "index.html": env.get_template("index.html.j2").render(**common, stats=stats, browse=browse),
        "prereview.html": env.get_template("prereview.html.j2").render(**common),
        "stats.html": env.get_template("stats.html.j2").render(**common, stats=stats, charts=list(charts)),
    }
    for title, href, groups in browse:
        pages[href] = env.get_template("browse.html.j2").render(**common, title=title, groups=groups)
    item_page = env.get_template("item.html.j2")
    for record in records:
        item = catalog.item(record["code"], day)
        if item is None:  # the records are the items in force on ``day``: never, but said to the type checker
            continue
        guide = build_guide(catalog, item, day)
        body = render_guide_body(guide, prereview_href=f"../prereview.html?item={guide.code}")
        pages[record["url"]] = item_page.render(**{**common, "root": "../"}, guide=guide, body=body)
    written = []
    for relative, html in pages.items():
        path = out / relative
        path.write_text(html, encoding="utf-8")
        written.append(path)
    return written


__all__ = ["build_site"]
