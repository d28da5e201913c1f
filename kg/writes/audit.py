"""The audit of writes: who changed what and when, read from the journal, kept out of the queried data.

Every write the gate accepts (SPARQL Update, Graph Store PUT/POST/DELETE) is one transaction of the
journal (:mod:`kg.journal`), with its time, its client (the name of its write token) and its exact
change. The audit is that record seen in PROV-O; it is not in the store, so the union default graph
holds knowledge only, and no write can alter it. :func:`audit_records` lists the writes (filtered by
client, time and graph) and :func:`audit_store` holds their PROV-O description in an in-memory store
for read-only SPARQL, in the graph ``{base}graph/audit`` as before, built from the journal and brought
up to date as it grows::

    <{base}audit/write/{uuid}> a prov:Activity, audit:Write ;
        audit:operation "update" ; prov:startedAtTime …, prov:endedAtTime … ;
        prov:wasAssociatedWith <{base}audit/client/{name}> ;
        audit:triplesAdded 2 ; audit:triplesRemoved 0 ; prov:generated <…/{uuid}/1> .
    <…/{uuid}/1> a prov:Entity, audit:GraphChange ; prov:wasGeneratedBy <…/{uuid}> ;
        audit:graph <the graph> ; audit:triplesAdded 2 ; audit:triplesRemoved 0 ;
        audit:addedTriples "<s> <p> <o> .\\n…" ; audit:removedTriples "" .

The ``{uuid}`` is the journal transaction's (``H id <uuid:…>``). The graph IRI ``{base}graph/audit``
stays reserved: :func:`check_protected` refuses (403) writes that name it, as it refuses writes to the
build's ``inferred`` graph, which is derived from the sources and would be silently rewritten — except the
removals the derivation makes too (``CLEAR ALL`` takes the derivations with the data:
:mod:`kg.writes.derived_follow`).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pyoxigraph as ox

from kg.errors import ForbiddenOperationError
from kg.journal import Entry, Journal, Transaction
from kg.rdf.formats import ntriples
from kg.rdf.model import DefaultGraph, Literal, NamedNode, Quad
from kg.rdf.vocab import AUDIT_GRAPH, INFERRED_GRAPH, graph_iri
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore
from kg.store.versions import committed

PROV = "http://www.w3.org/ns/prov#"
AUDIT = "https://w3id.org/fikg/audit#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD = "http://www.w3.org/2001/XMLSchema#"
DEFAULT_GRAPH = NamedNode(AUDIT + "DefaultGraph")  # stands for the store's own default graph
ANONYMOUS = "anonymous"  # the client name of writes made without a token (the CLI, tests)
PROTECTED_GRAPH_NAMES = (AUDIT_GRAPH, INFERRED_GRAPH)


@dataclass(frozen=True)
class WriteRecord:
    """One accepted write, as the audit keeps it: a journal transaction of the API."""

    id: str  # the journal transaction's id, "uuid:…"
    operation: str  # "update", "put", "post" or "delete"
    client: str
    started: datetime
    ended: datetime
    added: Sequence[Quad]
    removed: Sequence[Quad]
    graphs: tuple[str | None, ...] = ()  # graphs the write names even if nothing in them changed

    @classmethod
    def of(cls, transaction: Transaction) -> WriteRecord:
        return cls(transaction.id, transaction.operation, transaction.client, transaction.time, transaction.time,
                   transaction.added, transaction.removed, transaction.graphs)

    def changes(self) -> list[tuple[str | None, int, int]]:
        """Per graph changed or named (None: the default graph): (graph, triples added, triples removed)."""
        return [(graph, sum(1 for q in self.added if _graph_key(q) == graph),
                 sum(1 for q in self.removed if _graph_key(q) == graph)) for graph in _graphs(self)]


def audit_graph(settings: Settings) -> str:
    """The IRI of the audit graph."""
    return graph_iri(settings.base_iri, AUDIT_GRAPH)


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


def record_triples(record: WriteRecord, settings: Settings) -> list[ox.Triple]:
    """The PROV-O description of one write."""
    base = settings.base_iri.rstrip("/")
    activity = NamedNode(f"{base}/audit/write/{record.id.removeprefix('uuid:')}")
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
            ox.Triple(change, NamedNode(AUDIT + "addedTriples"), Literal(ntriples(sorted(added, key=str)))),
            ox.Triple(change, NamedNode(AUDIT + "removedTriples"), Literal(ntriples(sorted(removed, key=str)))),
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


def _instant(moment: datetime) -> Literal:
    return Literal(moment.isoformat(timespec="microseconds"), datatype=NamedNode(XSD + "dateTime"))


def _integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))


# Reading the audit from the journal
@dataclass(frozen=True)
class AuditFilter:
    """Which writes to list: by client name, time (inclusive bounds) and graph changed or named."""

    client: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    graph: str | None = None

    def keeps(self, entry: Entry) -> bool:
        return ((self.client is None or entry.client == self.client)
                and (self.since is None or entry.time >= self.since)
                and (self.until is None or entry.time <= self.until))


_LOCK = threading.Lock()
_RECORDS_LOCK = threading.Lock()
_RECORDS: weakref.WeakKeyDictionary[Journal, dict[str, WriteRecord]] = weakref.WeakKeyDictionary()
_STORES: weakref.WeakKeyDictionary[Journal, tuple[int, EmbeddedStore]] = weakref.WeakKeyDictionary()


def audit_records(journal: Journal, selection: AuditFilter = AuditFilter()) -> list[WriteRecord]:
    """The accepted writes in journal order (builds and squashes are not writes), as selected."""
    found = []
    for entry in journal.entries():
        if entry.is_api_change and selection.keeps(entry):
            record = _record(journal, entry)
            if selection.graph is None or selection.graph in {g for g, _, _ in record.changes()}:
                found.append(record)
    return found


def audit_store(journal: Journal, settings: Settings) -> EmbeddedStore:
    """An in-memory store of every write's PROV-O description (in the audit graph), up to date with the
    journal: records are added as the journal grows, each addition a new data version of the store."""
    with _LOCK:
        known, store = _STORES.get(journal, (0, None))
        entries = journal.entries()
        if store is None or len(entries) != known:
            store = store if store is not None else EmbeddedStore(None)
            graph = NamedNode(audit_graph(settings))
            added = [Quad(t.subject, t.predicate, t.object, graph)
                     for entry in entries[known:] if entry.is_api_change
                     for t in record_triples(_record(journal, entry), settings)]
            store.add_quads(added)
            committed(store, added, [])  # query workers reload their copy (kg.writes.versions)
            _STORES[journal] = (len(entries), store)
        return store


def records_json(records: Iterable[WriteRecord]) -> list[dict[str, object]]:
    """The records as plain JSON: one object per write, with its changes per graph."""
    return [{"id": r.id, "time": _iso(r.ended), "client": r.client, "operation": r.operation,
             "added": len(r.added), "removed": len(r.removed),
             "graphs": [{"graph": g, "added": a, "removed": d} for g, a, d in r.changes()]} for r in records]


def records_jsonld(records: Iterable[WriteRecord], settings: Settings) -> dict[str, object]:
    """The records in JSON-LD, in PROV-O terms (the same description :func:`audit_store` holds)."""
    base = settings.base_iri.rstrip("/")
    context = {"prov": PROV, "audit": AUDIT, "xsd": XSD, "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
               "startedAtTime": {"@id": "prov:startedAtTime", "@type": "xsd:dateTime"},
               "endedAtTime": {"@id": "prov:endedAtTime", "@type": "xsd:dateTime"},
               "wasAssociatedWith": {"@id": "prov:wasAssociatedWith", "@type": "@id"},
               "generated": {"@id": "prov:generated"}, "graph": {"@id": "audit:graph", "@type": "@id"},
               "operation": "audit:operation", "triplesAdded": "audit:triplesAdded",
               "triplesRemoved": "audit:triplesRemoved", "label": "rdfs:label"}
    nodes = []
    for r in records:
        activity = f"{base}/audit/write/{r.id.removeprefix('uuid:')}"
        nodes.append({
            "@id": activity, "@type": ["prov:Activity", "audit:Write"], "operation": r.operation,
            "startedAtTime": _iso(r.started), "endedAtTime": _iso(r.ended),
            "wasAssociatedWith": {"@id": f"{base}/audit/client/{r.client}", "@type": "prov:Agent", "label": r.client},
            "triplesAdded": len(r.added), "triplesRemoved": len(r.removed),
            "generated": [{"@id": f"{activity}/{n}", "@type": ["prov:Entity", "audit:GraphChange"],
                           "graph": _graph_term(g).value, "triplesAdded": a, "triplesRemoved": d}
                          for n, (g, a, d) in enumerate(r.changes(), start=1)]})
    return {"@context": context, "@graph": nodes}


def _record(journal: Journal, entry: Entry) -> WriteRecord:
    """The write's record, read from the journal once (records never change)."""
    with _RECORDS_LOCK:
        cache = _RECORDS.setdefault(journal, {})
    found = cache.get(entry.id)
    if found is None:
        found = cache[entry.id] = WriteRecord.of(journal.read(entry))
    return found


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")
