"""``kg ingest``: text → provisions → extraction → linking → draft Turtle → SHACL → review.

Reads the project's sources (ontology and ``data/``) to link mentions to what is already held;
writes only the draft file. The published store is untouched until a person runs ``kg build``.
"""

from __future__ import annotations

import re
from pathlib import Path

import rdflib

from kg.build.pipeline import discover_sources
from kg.errors import IngestError, KgError
from kg.ingest.draft import build_draft
from kg.ingest.extraction import extract
from kg.ingest.linking import EntityIndex, link
from kg.ingest.provisions import split_document
from kg.ingest.review import Review
from kg.rdf.convert import rdflib_triple
from kg.rdf.vocab import ONTOLOGY_GRAPH, graph_iri
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore
from kg.validation.shacl import ValidationReport, load_shapes, validate_graph

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def read_text(path: Path) -> str:
    """The document's text, or IngestError saying why it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise IngestError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise IngestError(f"{path}: cannot be read ({exc.strerror})") from exc
    if not text.strip():
        raise IngestError(f"{path}: the file is empty")
    return text


def project_store(settings: Settings, exclude: Path | None) -> EmbeddedStore:
    """An in-memory store with the project's ontology and data (less ``exclude``, the draft's own file)."""
    store = EmbeddedStore(None)
    for source in discover_sources(settings.project_dir, settings.base_iri):
        if exclude is None or source.path.resolve() != exclude.resolve():
            store.load(source.path, graph=source.graph)
    return store


def ingest(source: Path, slug: str, settings: Settings, *, output: Path | None = None,
           validate: bool = True, write: bool = True) -> Review:
    """Ingest ``source`` as document ``slug``; write the draft (default ``data/{slug}.ttl``) and review it.

    A document in which nothing is found gets a review that says so, and no draft is written.
    """
    if not SLUG.match(slug):
        raise IngestError(f"--id {slug!r}: use lower-case ASCII letters, digits and hyphens (e.g. jiangsu-2024-12)")
    text = read_text(source)
    output = output or settings.project_dir / "data" / f"{slug}.ttl"
    document = split_document(text)
    extraction = extract(document)
    store = project_store(settings, output)
    try:
        index = EntityIndex.from_store(store)
        entities = link(extraction, index, settings.base_iri, slug)
        review = Review(slug, source, None, document, extraction, entities, None)
        if not entities and not extraction.measures and not extraction.targets:
            review.notes.append("nothing to draft: no provisions, parties, targets or named entities were found")
            return review
        draft = build_draft(document, extraction, entities, slug, settings.base_iri, frozenset(index.names),
                            index.documents)
        turtle = draft.serialize()
        review.triples = len(draft.graph) + 6 * len(draft.cited)
        if validate:
            review.report = validate_draft(store, turtle, settings)
        if write:
            write_atomically(output, turtle)
            review.output = output
        return review
    finally:
        store.close()


def validate_draft(store: EmbeddedStore, turtle: str, settings: Settings) -> ValidationReport:
    """SHACL over the draft with the ontology.

    The draft refers to the project's entities only through its match proposals (skos:exactMatch /
    closeMatch) and references to documents, which no shape reads. Not the whole project graph: pyshacl's
    SPARQL constraints take minutes on it, and the draft is what the reviewer is asked to judge.
    ``kg validate`` / ``kg build`` check everything together.
    """
    data = rdflib.Graph()
    data.parse(data=turtle, format="turtle")
    ontology = graph_iri(settings.base_iri, ONTOLOGY_GRAPH)
    for quad in store.quads():
        if getattr(quad.graph_name, "value", "").startswith(ontology):
            data.add(rdflib_triple(quad.triple))
    return validate_graph(data, load_shapes(settings.project_dir / "shapes"), engine=settings.shacl_engine)


def write_atomically(path: Path, text: str) -> None:
    """Write via a temporary file and a rename, so a crash never leaves half a draft."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        raise KgError(f"cannot write the draft to {path}: {exc.strerror}") from exc
