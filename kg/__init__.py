"""Future Industries Knowledge Graph: the core services (store, build, validation, queries)."""

from kg.build import BuildSummary, build, discover_sources
from kg.connection import LiveStore, open_store
from kg.embedded import EmbeddedStore
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
from kg.queries import Catalog, NamedQuery
from kg.settings import Settings, load_settings
from kg.store import GraphInfo, QueryResult, Store
from kg.validation import ValidationReport, validate_store

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
