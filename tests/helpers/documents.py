"""Several documents built together: the seed (苏政发〔2023〕104号) with the invented second document of
``tests/data/documents/`` and, once the ingest corpus is there, its gold graphs (``tests/data/corpus/*.gold.ttl``).
Built once per session into memory, as `kg build` does it (with ``extra_data``); read-only for the tests.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from kg.build.pipeline import build
from kg.settings import Settings, load_settings
from kg.store.embedded import EmbeddedStore

DATA = Path(__file__).resolve().parents[1] / "data"
DOCUMENTS = DATA / "documents"
CORPUS = DATA / "corpus"
SEED = "https://w3id.org/fikg/id/document/jiangsu-2023-104"
NATIONAL = "https://w3id.org/fikg/id/document/test-national-2025-1"


def corpus_gold_graphs() -> list[Path]:
    """The ingest corpus's gold graphs, when they are there."""
    return sorted(CORPUS.glob("*.gold.ttl")) if CORPUS.is_dir() else []


def multi_settings(*, validate: bool = False) -> Settings:
    extra = [DOCUMENTS, *corpus_gold_graphs()]
    return load_settings(environ={}, store_path=":memory:", validate=validate,
                         extra_data=os.pathsep.join(str(path) for path in extra))


@lru_cache(maxsize=1)
def multi_document_store() -> EmbeddedStore:
    """The seed and the other documents, built together in memory (without the SHACL gate: see built_graph)."""
    store = EmbeddedStore(None)
    build(multi_settings(), store=store)
    return store
