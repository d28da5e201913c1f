"""Future Industries Knowledge Graph: the core services, in subpackages by layer (docs/architecture.md).

Bottom up: ``errors`` and ``settings``; ``rdf`` (terms, vocabulary, syntaxes); ``sparql`` (SPARQL text);
``store`` (the Store interface and its backends); ``validation`` and ``reasoning`` (the engines);
``query``, ``writes``, ``build``, ``resources`` and ``ingest`` (the services the API and the CLI call).
The names below are re-exported lazily (PEP 562): ``import kg`` imports nothing else, and a process that
needs one service (a query worker, the validation child) does not pay for the others. The build itself
is ``kg.build.pipeline.build``: ``kg.build`` is its package.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "BuildSummary": "kg.build.pipeline",
    "discover_sources": "kg.build.pipeline",
    "KgError": "kg.errors",
    "LoadError": "kg.errors",
    "QueryParameterError": "kg.errors",
    "QuerySyntaxError": "kg.errors",
    "ShapesError": "kg.errors",
    "StoreError": "kg.errors",
    "UnknownQueryError": "kg.errors",
    "ValidationError": "kg.errors",
    "Catalog": "kg.query.named",
    "NamedQuery": "kg.query.named",
    "Settings": "kg.settings",
    "load_settings": "kg.settings",
    "GraphInfo": "kg.store.base",
    "QueryResult": "kg.store.base",
    "Store": "kg.store.base",
    "EmbeddedStore": "kg.store.embedded",
    "LiveStore": "kg.store.live",
    "open_store": "kg.store.live",
    "ValidationReport": "kg.validation.shacl",
    "validate_store": "kg.validation.shacl",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
