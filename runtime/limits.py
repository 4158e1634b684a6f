"""Input limits, in one place: what the runtime, the API and the console refuse, and why.

Every limit here is a technical bound against hostile or clumsy input (a crash, a hang, a memory blow-up),
not policy: catalog policy lives in the catalog. Each refusal is a Chinese message with a JSON path (API)
or file:line (YAML). ``docs/security.md`` lists them for operators.
"""
from __future__ import annotations

from .loading.yaml_source import MAX_BYTES as YAML_MAX_BYTES, MAX_DEPTH as YAML_MAX_DEPTH

# YAML_MAX_DEPTH, YAML_MAX_BYTES: nesting and size of one catalog YAML file (or console YAML box), checked by the
# loader's event parser before any structure is built (defined beside it, in runtime/loading/yaml_source.py).

RECEIVED_AT_YEARS: tuple[int, int] = (1990, 2199)
"""``received_at`` (收件时间) must fall in these years (inclusive): far outside them datetime arithmetic
overflows, and no working-day calendar covers them anyway."""

JSON_MAX_DEPTH = 32
"""Nesting of a JSON request body (objects and arrays); an application needs 4."""

REQUEST_MAX_BYTES = 1024 * 1024
"""Largest request body the console and the API read (Flask's ``MAX_CONTENT_LENGTH``); larger is 413."""

QUERY_MAX_INTEGER = 10**9
"""Largest integer accepted in a query string (``offset``, ``page``)."""

LOGIN_MAX_FAILURES = 5
"""Failed logins per account, and per client address (×4), within ``LOGIN_WINDOW_SECONDS`` before refusal."""

LOGIN_ADDRESS_FACTOR = 4
"""An address may fail this many times more often than one account (several clerks behind one NAT)."""

LOGIN_WINDOW_SECONDS = 15 * 60
"""Failures older than this no longer count; a locked account or address opens again after it."""

__all__ = ["JSON_MAX_DEPTH", "LOGIN_ADDRESS_FACTOR", "LOGIN_MAX_FAILURES", "LOGIN_WINDOW_SECONDS", "QUERY_MAX_INTEGER",
           "RECEIVED_AT_YEARS", "REQUEST_MAX_BYTES", "YAML_MAX_BYTES", "YAML_MAX_DEPTH"]
