"""The policy library: intake and routing rules resting on national law, naming no county entity.

Shipped as package data (``*.yaml`` beside this module) and loaded as the first rule layer of every
centre (see :mod:`onewindow.runtime.rules.loader`). The rules cite national law by key
(``law: administrative_licensing_law``) and the county's own systems by policy name
(``policy: tolerance_acceptance``); a centre grounds both in its catalog (``centre.laws``,
``centre.policies``). The national laws the rules cite ship beside them as data (``laws.yaml``, a catalog's
``legal_documents`` list): a catalog lacking one is grounded in the shipped document, while a county's own
document for the same law always wins (see :mod:`onewindow.runtime.rules.loader`). What differs by county —
items, windows, documents, which items are delegated to townships, the green-channel registry — is read from
the catalog as facts, never named here.
"""
from __future__ import annotations

from pathlib import Path

LIBRARY_DIR = Path(__file__).resolve().parent
"""The directory of the library's rule files."""

LIBRARY_LAWS = LIBRARY_DIR / "laws.yaml"
"""The national laws the library's rules cite by key (``basis.law``), as legal documents: not a rule file."""

__all__ = ["LIBRARY_DIR", "LIBRARY_LAWS"]
