"""Printing problems in the three formats reviewers and CI need: text, json, GitHub annotations."""
from __future__ import annotations

import json
from collections.abc import Sequence

import click

from ..errors import Problem

FORMATS = ("text", "json", "github")


def _escape(value: str) -> str:
    """Escape a workflow command's message (GitHub's toolkit: ``%``, CR, LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: object) -> str:
    """Escape a property value (file, title): also ``:`` and ``,``, which end a property."""
    return _escape(str(value)).replace(":", "%3A").replace(",", "%2C")


def echo_problems(problems: Sequence[Problem], fmt: str, *, summary: str = "") -> None:
    if fmt == "json":
        click.echo(json.dumps({"problems": [p.as_dict() for p in problems], "summary": summary}, ensure_ascii=False, indent=2))
        return
    for problem in problems:
        if fmt == "github":
            level = "error" if problem.severity == "error" else "warning"
            click.echo(f"::{level} file={_escape_property(problem.file)},line={problem.line},col={problem.col},"
                       f"title={_escape_property(problem.code)}::{_escape(problem.field_path + ': ' + problem.message)}")
        else:
            click.echo(str(problem))
    if summary and fmt == "text":
        click.echo(summary, err=True)


__all__ = ["FORMATS", "echo_problems"]
