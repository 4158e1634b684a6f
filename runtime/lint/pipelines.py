"""Joint-approval pipelines and prerequisite chains.

行政许可法 第二十六条: a pipeline coordinates *its* departments, so each stage's items must belong to them;
the stages must fit the overall promise, itself within the statutory limit (the article quoted is the law
file's ``statutory_limit``, ``runtime/calendar/law.yaml``); and items whose results feed each other's materials
must not form a cycle (an applicant could never start).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..calendar.law import TimeLaw, load_law
from ..catalog import Catalog, Item
from .finding import Finding


def check_pipelines(catalog: Catalog, law: TimeLaw | None = None) -> Iterator[Finding]:
    """Each pipeline's departments, window, stages and promise; ``law`` is the time law quoted when a promise
    exceeds the statute (read from ``law.yaml`` then, when not given)."""
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
            law = law if law is not None else load_law()
            yield Finding(pipeline, ("promised_days",), "promise-exceeds-statute",
                          f"总承诺时限 {pipeline.promised_days} 日超过法定时限 {pipeline.statutory_days} 日（{law.statutory_limit}）")
        if total > pipeline.promised_days:
            yield Finding(pipeline, ("promised_days",), "stages-exceed-promise",
                          f"各阶段合计 {total} 个工作日，超过总承诺时限 {pipeline.promised_days} 日")


def _needs(catalog: Catalog, item: Item) -> frozenset[str]:
    """Codes of the items whose results ``item`` takes as materials (its own code when it names itself)."""
    needs = set()
    for material in item.materials:
        source = material.source or (catalog.materials[material.id].source if material.id in catalog.materials else None)
        if source is not None and source.item:
            needs.add(source.item)
    return frozenset(needs)


@dataclass
class Prerequisites:
    """The prerequisite graph of the last catalog, remembered to update it for the next one.

    A code's edges read its item versions and the library materials only; while a new catalog shares the
    library's mapping and a code's tuple of versions (the loader updating a catalog in place after an item
    file changed), that code is not walked again, and an unchanged graph keeps its cycles — so one changed
    file of 10 000 costs one item's materials.
    """

    materials: object = None
    codes: dict[str, tuple[tuple[Item, ...], frozenset[str]]] = field(default_factory=dict)
    graph: dict[str, frozenset[str]] = field(default_factory=dict)
    cycles: list[list[str]] | None = None
    """The cycles of ``graph``, None until found."""


def _prerequisite_graph(catalog: Catalog, memo: Prerequisites) -> dict[str, frozenset[str]]:
    """item code → codes of items whose results it needs as materials; codes needing none are left out."""
    if memo.materials is not catalog.materials or len(memo.codes) != len(catalog.item_versions):
        memo.materials, memo.codes, memo.graph, memo.cycles = catalog.materials, {}, {}, None
    codes, graph = memo.codes, memo.graph
    for code, versions in catalog.item_versions.items():
        hit = codes.get(code)
        if hit is not None and hit[0] is versions:
            continue
        needs = frozenset().union(*(_needs(catalog, item) for item in versions))
        if hit is None or hit[1] != needs:
            memo.cycles = None
            if needs:
                graph[code] = needs
            else:
                graph.pop(code, None)
        codes[code] = (versions, needs)
    if len(codes) != len(catalog.item_versions):  # a code of the last catalog is gone: walk them all again
        memo.codes, memo.graph = {}, {}
        return _prerequisite_graph(catalog, memo)
    return graph


def _cycles(catalog: Catalog, memo: Prerequisites | None) -> Iterator[Finding]:
    memo = memo if memo is not None else Prerequisites()
    graph = _prerequisite_graph(catalog, memo)
    if memo.cycles is None:
        memo.cycles = list(_find_cycles(graph))
    for cycle in memo.cycles:
        item = catalog.item(cycle[0])
        yield Finding(item, ("materials",), "prerequisite-cycle", "事项互为前置，形成循环：" + " → ".join(cycle))


def _find_cycles(graph: dict[str, frozenset[str]]) -> Iterator[list[str]]:
    """Each cycle once. Only codes with prerequisites are in ``graph``: a code needing nothing closes no
    cycle, so leaving it out finds the same cycles in the same order."""
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
                if key not in reported:
                    reported.add(key)
                    yield cycle


def check(catalog: Catalog, memo: Prerequisites | None = None) -> Iterator[Finding]:
    yield from check_pipelines(catalog)
    yield from _cycles(catalog, memo)


__all__ = ["Prerequisites", "check", "check_pipelines"]
