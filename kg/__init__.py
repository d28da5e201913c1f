"""Future Industries Knowledge Graph: the core services (store, build, validation, queries)."""

from kg.build.pipeline import BuildSummary, build, discover_sources
from kg.errors import (
    KgError,
    LoadError,
    QueryParameterError,
    QuerySyntaxError,
    ShapesError,
    StoreError,
    UnknownQueryError,
    ValidationError,
)
from kg.query.named import Catalog, NamedQuery
from kg.settings import Settings, load_settings
from kg.store.base import GraphInfo, QueryResult, Store
from kg.store.embedded import EmbeddedStore
from kg.store.live import LiveStore, open_store
from kg.validation.shacl import ValidationReport, validate_store

__all__ = [
    "BuildSummary",
    "Catalog",
    "EmbeddedStore",
    "GraphInfo",
    "KgError",
    "LiveStore",
    "LoadError",
    "NamedQuery",
    "QueryParameterError",
    "QueryResult",
    "QuerySyntaxError",
    "Settings",
    "ShapesError",
    "Store",
    "StoreError",
    "UnknownQueryError",
    "ValidationError",
    "ValidationReport",
    "build",
    "discover_sources",
    "load_settings",
    "open_store",
    "validate_store",
]
