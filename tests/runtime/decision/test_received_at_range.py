"""``received_at`` far out (issue 12: ``9999-12-31T23:59:59-12:00`` overflowed into a traceback): the accepted
years are a stated limit (:data:`onewindow.runtime.limits.RECEIVED_AT_YEARS`), refused at ``$.received_at``."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from onewindow.runtime.cli import cli
from onewindow.runtime.decision.application import Application
from onewindow.runtime.errors import ApplicationError
from onewindow.runtime.limits import RECEIVED_AT_YEARS
from onewindow.runtime.runtime import application_from

from .conftest import CONFIG, RULES

BASE = {"item": "QX-SCJG-001", "applicant": {"kind": "legal_person", "name": "清溪县某某科技有限公司"},
        "received_at": "2026-03-02T10:00:00+08:00"}


@pytest.mark.parametrize("received_at", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00",
                                         f"{RECEIVED_AT_YEARS[1] + 1}-01-01T00:00:00+08:00", f"{RECEIVED_AT_YEARS[0] - 1}-12-31T23:00:00Z"])
def test_received_at_outside_the_stated_years_is_an_error_at_its_path(received_at: str) -> None:
    with pytest.raises(ApplicationError) as caught:
        application_from({**BASE, "received_at": received_at})
    [error] = caught.value.errors
    assert error.path == "$.received_at" and error.message == "收件时间应在 1990 年至 2199 年之间"


def test_received_at_at_the_edges_is_accepted() -> None:
    for at in (f"{RECEIVED_AT_YEARS[0]}-01-01T00:00:00+14:00", f"{RECEIVED_AT_YEARS[1]}-12-31T23:59:59-12:00"):
        assert isinstance(application_from({**BASE, "received_at": at}), Application)


def test_cli_decide_far_out_is_a_chinese_error_not_a_traceback(tmp_path: Path) -> None:
    application = tmp_path / "application.json"
    application.write_text(json.dumps({**BASE, "received_at": "9999-12-31T23:59:59-12:00"}), encoding="utf-8")
    result = CliRunner().invoke(cli, ["decide", str(application), "--config", str(CONFIG), "--rules", str(RULES)])
    assert result.exit_code == 1 and "$.received_at: 收件时间应在 1990 年至 2199 年之间" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    result = CliRunner().invoke(cli, ["decide", str(application), "--config", str(CONFIG), "--rules", str(RULES),
                                      "--at", "9999-12-31T23:59:59-12:00"])
    assert result.exit_code == 1 and "Traceback" not in result.output
