"""Joint-approval pipelines and prerequisite chains.

行政许可法 第二十六条: a pipeline coordinates *its* departments, so each stage's items must belong to them;
the stages must fit the overall promise; and items whose results feed each other's materials must not
form a cycle (an applicant could never start).
"""
from __future__ import annotations

from collections.abc import Iterator

from ..catalog import Catalog
from .finding import Finding


def _pipelines(catalog: Catalog) -> Iterator[Finding]:
    for pipeline in catalog.pipelines.values():
        if pipeline.lead not in catalog.departments:
            yield Finding(pipeline, ("lead",), "unknown-department", f"未知牵头部门 {pipeline.lead}")
        for i, dept in enumerate(pipeline.departments):
            if dept not in catalog.departments:
                yield Finding(pipeline, ("departments", i), "unknown-department", f"未知部门 {dept}")
        if pipeline.window not in catalog.windows:
            yield Finding(pipeline, ("window",), "unknown-window", f"未知窗口 {pipeline.window}")
        total = 0
        for s, stage in enumerate(pipeline.stages):
            total += stage.days
            for i, code in enumerate(stage.items):
                item = catalog.item(code)
                if item is None:
                    yield Finding(pipeline, ("stages", s, "items", i), "unknown-item", f"未知事项 {code}")
                elif item.department not in pipeline.departments:
                    yield Finding(pipeline, ("stages", s, "items", i), "stage-department",
                                  f"事项 {code} 属于 {item.department}，该部门不在本联办线的参与部门中")
        if pipeline.promised_days > pipeline.statutory_days:
            yield Finding(pipeline, ("promised_days",), "promise-exceeds-statute",
                          f"总承诺时限 {pipeline.promised_days} 日超过法定时限 {pipeline.statutory_days} 日（行政许可法第四十二条）")
        if total > pipeline.promised_days:
            yield Finding(pipeline, ("promised_days",), "stages-exceed-promise",
                          f"各阶段合计 {total} 个工作日，超过总承诺时限 {pipeline.promised_days} 日")


def _prerequisite_graph(catalog: Catalog) -> dict[str, set[str]]:
    """item code → codes of items whose results it needs as materials."""
    graph: dict[str, set[str]] = {}
    for item in catalog.items():
        needs = graph.setdefault(item.code, set())
        for material in item.materials:
            source = material.source or (catalog.materials[material.id].source if material.id in catalog.materials else None)
            if source is not None and source.item and source.item != item.code:
                needs.add(source.item)
            elif source is not None and source.item == item.code:
                needs.add(item.code)
    return graph


def _cycles(catalog: Catalog) -> Iterator[Finding]:
    graph = _prerequisite_graph(catalog)
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()

    def visit(code: str, trail: list[str]) -> Iterator[list[str]]:
        state[code] = 1
        trail.append(code)
        for nxt in sorted(graph.get(code, ())):
            if state.get(nxt) == 1:
                yield trail[trail.index(nxt):] + [nxt]
            elif nxt in graph and state.get(nxt) is None:
                yield from visit(nxt, trail)
        trail.pop()
        state[code] = 2

    for code in sorted(graph):
        if state.get(code) is None:
            for cycle in visit(code, []):
                key = frozenset(cycle)
                if key in reported:
                    continue
                reported.add(key)
                item = catalog.item(cycle[0])
                yield Finding(item, ("materials",), "prerequisite-cycle",
                              "事项互为前置，形成循环：" + " → ".join(cycle))


def check(catalog: Catalog) -> Iterator[Finding]:
    yield from _pipelines(catalog)
    yield from _cycles(catalog)


__all__ = ["check"]
