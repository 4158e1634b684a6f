"""API tokens in chromium: the reform office issues one (shown once), an embedding system calls with it over
HTTP, the office revokes it and the next call is refused; other roles cannot open the page."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

from flask import Flask

from test_browser import base_url, browser, log_in, page, shot  # noqa: F401  (fixtures)

from playwright.sync_api import Page, expect  # noqa: E402


def _call(url: str, secret: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_reform_office_issues_and_revokes_a_token(page: Page, base_url: str, app: Flask) -> None:  # noqa: F811
    log_in(page, base_url, "reform_office", "tokens")
    page.goto(f"{base_url}/admin/api_tokens/")
    expect(page.locator("h1")).to_have_text("API 令牌（对接系统）")
    page.fill("#token-name", "省一网通办平台")
    page.locator('input[name="scopes"][value="cases:write"]').uncheck()
    page.locator("#issue-token button[type=submit]").click()
    page.wait_for_load_state()
    secret = page.locator("#issued-secret").input_value()
    assert secret.startswith("ow_")
    row = page.locator("#token-list tr", has_text="省一网通办平台")
    expect(row).to_contain_text("从未使用")
    expect(row).to_contain_text("cases:read")
    shot(page, "tokens-01-issued")
    status, body = _call(f"{base_url}/api/v1/cases/NOPE", secret)
    assert status == 404 and body["errors"][0]["code"] == "unknown-case"  # accepted, then no such case
    page.goto(f"{base_url}/admin/api_tokens/")
    expect(page.locator("#issued-secret")).to_have_count(0)  # shown once only
    assert secret not in page.content()
    row = page.locator("#token-list tr", has_text="省一网通办平台")
    expect(row).not_to_contain_text("从未使用")
    page.once("dialog", lambda dialog: dialog.accept())
    row.locator("button", has_text="撤销").click()
    page.wait_for_load_state()
    expect(page.locator(".alert-success").first).to_contain_text("已撤销令牌")
    expect(page.locator("#token-list tr", has_text="省一网通办平台")).to_contain_text("已撤销")
    shot(page, "tokens-02-revoked")
    status, body = _call(f"{base_url}/api/v1/cases/NOPE", secret)
    assert status == 401 and body["errors"][0]["code"] == "token-revoked"


def test_other_roles_cannot_open_the_token_page(page: Page, base_url: str) -> None:  # noqa: F811
    log_in(page, base_url, "reviewer", "tokens-reviewer")
    answer = page.goto(f"{base_url}/admin/api_tokens/")
    assert answer is not None and answer.status == 403
