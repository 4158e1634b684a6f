"""Warm the console's caches in the background when it starts, so nobody waits for them.

A 10k-item catalog takes tens of seconds to validate once (models are then cached per row version):
without this, the first save and the first API decision after a restart would pay it. ``serve`` starts
:func:`warm_in_background`; requests arriving meanwhile still work — they validate what is not cached
yet themselves.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from flask import Flask

from onewindow.runtime.errors import OnewindowError

from .runtimes import RuntimeUnavailable, served
from .working_catalog import catalog_rows, working_catalog

log = logging.getLogger(__name__)


def warm(app: Flask) -> None:
    """Validate every working and published document, lint the working copy, build the served runtime."""
    with app.app_context():
        working_catalog(catalog_rows()).lint()
        try:
            served(published=True)
        except (RuntimeUnavailable, OnewindowError) as exc:  # reported to whoever asks for a decision
            log.info("served runtime not built: %s", exc)


def warm_in_background(app: Flask, then: Callable[[], None] | None = None) -> threading.Thread:
    """:func:`warm` in a daemon thread; ``then`` runs after it, whatever happened."""
    def run() -> None:
        try:
            warm(app)
        finally:
            if then is not None:
                then()

    thread = threading.Thread(target=run, name="onewindow-warm-caches", daemon=True)
    thread.start()
    return thread


__all__ = ["warm", "warm_in_background"]
