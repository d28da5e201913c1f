"""The real graph of 苏政发〔2023〕104号, built once per test session into memory, with OWL 2 RL reasoning and
the rules, as `kg build` does it. The SHACL gate is left to the build and shape tests: here it would
only repeat their work (and takes minutes with the full shapes). Shared by tests/kg and tests/api;
read-only for the tests that use it.
"""

from __future__ import annotations

from functools import lru_cache

from kg.build.pipeline import build
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore


def real_settings() -> Settings:
    return load_settings(environ={}, store_path=":memory:", validate=False)


@lru_cache(maxsize=1)
def built_store() -> EmbeddedStore:
    """The project's ontology and data, built as `kg build` does, in memory."""
    store = EmbeddedStore(None)
    build(real_settings(), store=store)
    return store
