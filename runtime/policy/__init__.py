"""The policy library: intake and routing rules resting on national law, naming no county entity.

Shipped as package data (``*.yaml`` beside this module) and loaded as the first rule layer of every
centre (see :mod:`onewindow.runtime.rules.loader`). The rules cite national law by key
(``law: administrative_licensing_law``) and the county's own systems by policy name
(``policy: tolerance_acceptance``); a centre grounds both in its catalog (``centre.laws``,
``centre.policies``). What differs by county — items, windows, documents, which items are delegated to
townships, the green-channel registry — is read from the catalog as facts, never named here.
"""
from __future__ import annotations

from pathlib import Path

LIBRARY_DIR = Path(__file__).resolve().parent
"""The directory of the library's rule files."""

__all__ = ["LIBRARY_DIR"]
