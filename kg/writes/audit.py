"""The audit of writes: every write the gate accepts is recorded in PROV-O, in the same commit.

Each accepted write (SPARQL Update, Graph Store PUT/POST/DELETE) becomes one ``prov:Activity`` in
the audit graph (``{base}graph/audit``): when it ran, which client (the name of its write token) did
it, and per graph it changed one ``prov:Entity`` with the counts and the N-Triples of the triples
added and removed::

    <{base}audit/write/{uuid}> a prov:Activity, audit:Write ;
        audit:operation "update" ; prov:startedAtTime …, prov:endedAtTime … ;
        prov:wasAssociatedWith <{base}audit/client/{name}> ;
        audit:triplesAdded 2 ; audit:triplesRemoved 0 ; prov:generated <…/{uuid}/1> .
    <…/{uuid}/1> a prov:Entity, audit:GraphChange ; prov:wasGeneratedBy <…/{uuid}> ;
        audit:graph <the graph> ; audit:triplesAdded 2 ; audit:triplesRemoved 0 ;
        audit:addedTriples "<s> <p> <o> .\\n…" ; audit:removedTriples "" .

The record is inserted by the same SPARQL Update that commits the write, so a write and its record
are committed together or not at all. The audit graph is readable over SPARQL like any graph, and
never writable through the public endpoints: :func:`check_protected` refuses (403) any write whose
change touches it. The build's ``inferred`` graph is protected the same way: it is derived from
the sources by ``kg build``, and a hand edit there would be silently lost at the next build.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from kg.errors import ForbiddenOperationError
from kg.rdf.model import DefaultGraph, Literal, NamedNode, Quad
from kg.rdf.vocab import AUDIT_GRAPH, INFERRED_GRAPH, graph_iri
from kg.settings import Settings

PROV = "http://www.w3.org/ns/prov#"
AUDIT = "https://w3id.org/fikg/audit#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD = "http://www.w3.org/2001/XMLSchema#"
DEFAULT_GRAPH = NamedNode(AUDIT + "DefaultGraph")  # stands for the store's own default graph
ANONYMOUS = "anonymous"  # the client name of writes made without a token (the CLI, tests)
AUDIT_GRAPH_NAME = AUDIT_GRAPH
PROTECTED_GRAPH_NAMES = (AUDIT_GRAPH_NAME, INFERRED_GRAPH)


@dataclass(frozen=True)
class WriteRecord:
    """One accepted write, as the audit keeps it."""

    operation: str  # "update", "put", "post" or "delete"
    client: str
    started: datetime
    ended: datetime
    added: list[Quad]
    removed: list[Quad]
    graphs: tuple[str | None, ...] = ()  # graphs the write names even if nothing in them changed


def audit_graph(settings: Settings) -> str:
    """The IRI of the audit graph."""
    return graph_iri(settings.base_iri, AUDIT_GRAPH_NAME)


def protected_graphs(settings: Settings) -> frozenset[str]:
    """Graphs no public write may change: the audit graph and the build's inferred graph."""
    return frozenset(graph_iri(settings.base_iri, name) for name in PROTECTED_GRAPH_NAMES)


def check_protected(quads: Iterable[Quad], settings: Settings, graphs: Iterable[str | None] = ()) -> None:
    """ForbiddenOperationError when a write would change (or names) a protected graph."""
    protected = protected_graphs(settings)
    touched = {q.graph_name.value for q in quads if isinstance(q.graph_name, NamedNode)}
    touched.update(g for g in graphs if g)
    hit = sorted(touched & protected)
    if hit:
        raise ForbiddenOperationError(
            f"the graph {hit[0]} is maintained by the server (audit or build output) and cannot be written")


def now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)


def record_quads(record: WriteRecord, settings: Settings) -> list[Quad]:
    """The record's triples in the audit graph, to commit together with the write (one ``INSERT DATA``)."""
    graph = NamedNode(audit_graph(settings))
    return [Quad(t.subject, t.predicate, t.object, graph) for t in record_triples(record, settings)]


def record_triples(record: WriteRecord, settings: Settings) -> list[ox.Triple]:
    """The PROV-O description of one write."""
    base = settings.base_iri.rstrip("/")
    activity = NamedNode(f"{base}/audit/write/{uuid.uuid4()}")
    agent = NamedNode(f"{base}/audit/client/{record.client}")
    triples = [
        ox.Triple(activity, RDF_TYPE, NamedNode(PROV + "Activity")),
        ox.Triple(activity, RDF_TYPE, NamedNode(AUDIT + "Write")),
        ox.Triple(activity, NamedNode(AUDIT + "operation"), Literal(record.operation)),
        ox.Triple(activity, NamedNode(PROV + "startedAtTime"), _instant(record.started)),
        ox.Triple(activity, NamedNode(PROV + "endedAtTime"), _instant(record.ended)),
        ox.Triple(activity, NamedNode(PROV + "wasAssociatedWith"), agent),
        ox.Triple(activity, NamedNode(AUDIT + "triplesAdded"), _integer(len(record.added))),
        ox.Triple(activity, NamedNode(AUDIT + "triplesRemoved"), _integer(len(record.removed))),
        ox.Triple(agent, RDF_TYPE, NamedNode(PROV + "Agent")),
        ox.Triple(agent, RDFS_LABEL, Literal(record.client)),
    ]
    for number, graph in enumerate(_graphs(record), start=1):
        change = NamedNode(f"{activity.value}/{number}")
        added = [q.triple for q in record.added if _graph_key(q) == graph]
        removed = [q.triple for q in record.removed if _graph_key(q) == graph]
        triples += [
            ox.Triple(activity, NamedNode(PROV + "generated"), change),
            ox.Triple(change, RDF_TYPE, NamedNode(PROV + "Entity")),
            ox.Triple(change, RDF_TYPE, NamedNode(AUDIT + "GraphChange")),
            ox.Triple(change, NamedNode(PROV + "wasGeneratedBy"), activity),
            ox.Triple(change, NamedNode(AUDIT + "graph"), _graph_term(graph)),
            ox.Triple(change, NamedNode(AUDIT + "triplesAdded"), _integer(len(added))),
            ox.Triple(change, NamedNode(AUDIT + "triplesRemoved"), _integer(len(removed))),
            ox.Triple(change, NamedNode(AUDIT + "addedTriples"), Literal(_ntriples(added))),
            ox.Triple(change, NamedNode(AUDIT + "removedTriples"), Literal(_ntriples(removed))),
        ]
    return triples


def _graphs(record: WriteRecord) -> list[str | None]:
    """Every graph the write changed or named, in a stable order (the default graph first)."""
    keys = {_graph_key(q) for q in [*record.added, *record.removed]} | set(record.graphs)
    return sorted(keys, key=lambda g: "" if g is None else g)


def _graph_key(quad: Quad) -> str | None:
    """The graph's IRI, ``_:label`` for a graph named by a blank node, None for the default graph."""
    if isinstance(quad.graph_name, DefaultGraph):
        return None
    return str(quad.graph_name) if isinstance(quad.graph_name, ox.BlankNode) else quad.graph_name.value


def _graph_term(key: str | None) -> ox.NamedNode | ox.BlankNode:
    if key is None:
        return DEFAULT_GRAPH
    return ox.BlankNode(key[2:]) if key.startswith("_:") else NamedNode(key)


def _ntriples(triples: list[ox.Triple]) -> str:
    return ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES).decode("utf-8") if triples else ""


def _instant(moment: datetime) -> Literal:
    return Literal(moment.isoformat(timespec="microseconds"), datatype=NamedNode(XSD + "dateTime"))


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))
