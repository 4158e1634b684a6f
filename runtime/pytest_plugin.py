"""A pytest plugin that collects scenario files (OpenFisca style), so a county's own repository of YAML
runs its scenarios with plain ``pytest`` — no Python test module needed.

Installed with onewindow (entry point ``pytest11``). It collects ``*.yaml`` / ``*.yml`` files under the
scenario directories and makes one test per scenario and engine (``intake/supplement/missing-copy[compiled]``);
a failure is reported at the scenario's own ``file:line`` with every mismatch. Settings, in ``pytest.ini``,
``pyproject.toml`` (``[tool.pytest.ini_options]``) or ``setup.cfg``, all paths relative to the rootdir::

    onewindow_config = config              # the catalog directory
    onewindow_rules = rules                # rule layers, in order (one per line): library, province, county
    onewindow_scenarios = rules/scenarios  # where scenario files live (one per line)
    onewindow_engines = durable compiled   # engines to run (durable is skipped where it cannot import)

The runtimes are built once per session and engine and owned by the pytest ``Config`` (its stash), never
by this module.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .testing import Scenario, run_scenario

if TYPE_CHECKING:
    from .runtime import EngineName

_RUNTIMES = pytest.StashKey[dict[str, Any]]()
_ENGINES = ("durable", "compiled")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("onewindow_config", "onewindow：事项目录所在目录", default="config")
    parser.addini("onewindow_rules", "onewindow：规则层目录（按顺序，每行一个）", type="linelist", default=["rules"])
    parser.addini("onewindow_scenarios", "onewindow：场景文件所在目录（每行一个）", type="linelist",
                  default=["rules/scenarios"])
    parser.addini("onewindow_engines", "onewindow：运行的引擎", type="args", default=list(_ENGINES))


def _engine(name: str) -> "EngineName":
    return "durable" if name == "durable" else "compiled"


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_RUNTIMES] = {}


def _under(path: Path, roots: list[Path]) -> bool:
    resolved = path.resolve()
    return any(resolved == root or root in resolved.parents for root in roots)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in (".yaml", ".yml"):
        return None
    config = parent.config
    roots = [(config.rootpath / entry).resolve() for entry in config.getini("onewindow_scenarios")]
    if not _under(file_path, roots):
        return None
    return ScenarioFile.from_parent(parent, path=file_path)


class ScenarioFile(pytest.File):
    """One scenario file: a YAML list, each entry an application and the decision expected of it."""

    def collect(self) -> Iterator[pytest.Item]:
        from .loading.yaml_source import locate, parse, position_tree

        text = self.path.read_text(encoding="utf-8")
        data, problem = parse(text, str(self.path))
        if problem is not None:
            yield BrokenScenario.from_parent(self, name="<yaml>", message=str(problem), line=problem.line)
            return
        if not isinstance(data, list):
            yield BrokenScenario.from_parent(self, name="<file>", message=f"{self.path}:1:1: 场景文件顶层必须是列表",
                                             line=1)
            return
        tree = position_tree(text)
        engines = [e for e in self.config.getini("onewindow_engines") if e in _ENGINES] or list(_ENGINES)
        for index, raw in enumerate(data):
            line, _ = locate(tree, (index,))
            try:
                scenario = Scenario.model_validate(raw)
            except ValueError as exc:
                yield BrokenScenario.from_parent(self, name=f"[{index}]", line=line,
                                                 message=f"{self.path}:{line}: 场景无效：{exc}")
                continue
            for engine in engines:
                if engine in scenario.engines:
                    yield ScenarioItem.from_parent(self, name=f"{scenario.id}[{engine}]", scenario=scenario,
                                                   engine=engine, line=line)


class ScenarioItem(pytest.Item):
    """One scenario on one engine."""

    def __init__(self, *, scenario: Scenario, engine: str, line: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario
        self.engine = engine
        self.line = line

    def runtest(self) -> None:
        found = run_scenario(_runtime(self.config, self.engine), self.scenario)
        if found:
            raise ScenarioMismatch(found)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioMismatch):
            head = f"{self.path}:{self.line}: {self.scenario.id}（{self.scenario.title}）[{self.engine}]"
            return "\n".join([head, *(f"    {line}" for line in excinfo.value.mismatches)])
        if isinstance(excinfo.value, _RuntimeUnavailable):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.line - 1, f"scenario {self.scenario.id} [{self.engine}]"


class BrokenScenario(pytest.Item):
    """A scenario file entry that cannot be read: a failing test at its line, never a collection crash."""

    def __init__(self, *, message: str, line: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.message = message
        self.line = line

    def runtest(self) -> None:
        raise ScenarioMismatch([self.message])

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        return self.message

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.line - 1, self.name


class ScenarioMismatch(AssertionError):
    def __init__(self, mismatches: list[str]) -> None:
        super().__init__("\n".join(mismatches))
        self.mismatches = mismatches


class _RuntimeUnavailable(Exception):
    pass


def _runtime(config: pytest.Config, engine: str) -> Any:
    """The session's runtime for ``engine``, built on first use and kept in the config's stash."""
    runtimes = config.stash[_RUNTIMES]
    if engine not in runtimes:
        from .engines import durable
        from .errors import ConfigError
        from .runtime import Runtime

        if engine == "durable" and not durable.available():
            pytest.skip("durable-rules 在此环境不可用")
        root = config.rootpath
        layers = [root / entry for entry in config.getini("onewindow_rules")]
        rules: Any = layers[0] if len(layers) == 1 else layers
        try:
            runtimes[engine] = Runtime(root / config.getini("onewindow_config"), rules, engine=_engine(engine))
        except ConfigError as exc:
            runtimes[engine] = _RuntimeUnavailable(str(exc))
    runtime = runtimes[engine]
    if isinstance(runtime, _RuntimeUnavailable):
        raise runtime
    return runtime


__all__ = ["BrokenScenario", "ScenarioFile", "ScenarioItem", "ScenarioMismatch"]
