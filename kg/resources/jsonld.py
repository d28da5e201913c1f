"""JSON-LD for other systems: a stable versioned ``@context``, framed documents per entity and per kind,
and bulk dumps of the whole dataset with their size and SHA-256.

A document is made in three steps: collect the triples it is about (:func:`entity_triples`), frame
them with pyld around the entity (incoming relations through ``@reverse``), compact with the context.
Expanding the served document gives exactly the collected triples again; the context is never
fetched from the network (:func:`document_loader` serves ours and refuses everything else).
"""

from __future__ import annotations

import copy
import hashlib
import threading
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from pyld import jsonld

from kg.errors import KgError, UnknownEntityError
from kg.query.named import asserted_graphs
from kg.rdf.formats import ntriples
from kg.rdf.vocab import DEFAULT_BASE, ONTOLOGY_NS, PREFIXES, entity_prefix, split_entity_iri
from kg.store import versions
from kg.store.base import Store

CONTEXT_VERSION = "1.0.0"
RDF_TYPE = PREFIXES["rdf"] + "type"
LABEL = PREFIXES["rdfs"] + "label"
# n-ary nodes that belong to the entity pointing at them: described in full inside its document.
PART_CLASSES = ("Responsibility", "QuantitativeTarget", "Milestone")
# Per kind, the relations pointing AT the entity that its document includes (framed with @reverse).
INCOMING: dict[str, tuple[str, ...]] = {
    "industry": ("belongsToIndustry", "namesIndustry"),
    "technology": ("namesTechnology",), "material": ("namesTechnology",), "product": ("namesTechnology",),
    "field": ("namesTechnology",),
    "agency": ("agent",), "party": ("agent",),
    "platform": ("counts",), "scenario": ("counts",), "talent": ("counts",), "project": ("counts",),
}
# Links followed from an incoming subject to its parts (a measure's responsibilities and targets).
NESTED = ("hasResponsibility", "hasTarget")


def _iri(term: str) -> dict[str, str]:
    return {"@id": term, "@type": "@id"}


def _language_map(term: str) -> dict[str, str]:
    return {"@id": term, "@container": "@language"}


def build_context(base_iri: str = DEFAULT_BASE) -> dict[str, Any]:
    """The ``@context``: short readable keys for the ontology's terms (``@vocab``) and the reused ones."""
    fikg = ONTOLOGY_NS
    terms: dict[str, Any] = {"@version": 1.1, "@vocab": fikg}
    terms.update({prefix: iri for prefix, iri in PREFIXES.items() if prefix not in {"sh"}})
    terms["id"] = entity_prefix(base_iri)
    terms.update({
        "label": _language_map(LABEL), "altLabel": _language_map(PREFIXES["skos"] + "altLabel"),
        "definition": _language_map(PREFIXES["skos"] + "definition"),
        "title": _language_map(fikg + "title"), "text": _language_map(fikg + "text"),
        "exactWording": _language_map(fikg + "exactWording"),
        "broader": _iri(PREFIXES["skos"] + "broader"), "narrower": _iri(PREFIXES["skos"] + "narrower"),
        "related": _iri(PREFIXES["skos"] + "related"), "inScheme": _iri(PREFIXES["skos"] + "inScheme"),
        "isPartOf": _iri(PREFIXES["dcterms"] + "isPartOf"), "source": _iri(PREFIXES["dcterms"] + "source"),
        "partOf": _iri(PREFIXES["eli"] + "is_part_of"), "hasPart": _iri(PREFIXES["eli"] + "has_part"),
        "derivedFrom": _iri(PREFIXES["prov"] + "wasDerivedFrom"),
        "industry": _iri(fikg + "belongsToIndustry"),
        "responsibilities": _iri(fikg + "hasResponsibility"), "targets": _iri(fikg + "hasTarget"),
        "actions": _iri(fikg + "hasAction"), "sourceSentences": _iri(fikg + "sourceSentence"),
        "sourceProvisions": _iri(fikg + "sourceProvision"),
        "technologies": {"@reverse": fikg + "belongsToIndustry", "@container": "@set"},
        "namedByMeasures": {"@reverse": fikg + "namesIndustry", "@container": "@set"},
        "namedTechnologyBy": {"@reverse": fikg + "namesTechnology", "@container": "@set"},
        "responsibleFor": {"@reverse": fikg + "agent", "@container": "@set"},
        "countedBy": {"@reverse": fikg + "counts", "@container": "@set"},
    })
    for name in ("agent", "measure", "provision", "mentions", "counts", "comparator", "namesIndustry",
                 "namesTechnology", "describesMeasure", "statedIn", "statedInProvision", "technology",
                 "viaMeasure", "viaIndustry", "addressee", "publicationStatus", "establishedBy", "membersOf",
                 "hasMember", "aboutIndustry", "coversTechnology", "coversTechnologyExplicitly",
                 "coversTechnologyGenerally"):
        terms[name] = _iri(fikg + name)
    return terms


def context_url(base_iri: str = DEFAULT_BASE, version: str | None = CONTEXT_VERSION) -> str:
    """Where the context is published: ``{base}context/{version}.jsonld``, or ``{base}context.jsonld``."""
    base = base_iri.rstrip("/")
    return f"{base}/context/{version}.jsonld" if version else f"{base}/context.jsonld"


def document_loader(base_iri: str = DEFAULT_BASE):
    """A pyld document loader that serves our context for its URLs and refuses every other URL."""
    ours = {context_url(base_iri), context_url(base_iri, None)}
    context = {"@context": build_context(base_iri)}

    def load(url: str, options: dict | None = None) -> dict:
        if url not in ours:
            raise jsonld.JsonLdError(f"refusing to fetch {url}: only the FIKG context is served locally",
                                     "jsonld.LoadDocumentError", code="loading document failed")
        return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(context)}

    return load


# Collecting the triples of a document.
def entity_kind(iri: str, base_iri: str = DEFAULT_BASE) -> str | None:
    """``industry`` for ``{base}id/industry/…``; None for IRIs outside ``{base}id/``."""
    parts = split_entity_iri(iri, base_iri)
    return parts[0] if parts else None


def _triples(store: Store, sparql: str, graphs: list[str] | None, **bindings: ox.NamedNode) -> set[ox.Triple]:
    return set(store.query(sparql, bindings, default_graphs=graphs).triples())


_OUTGOING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(!isBlank(?o)) }"
_SUMMARY = f"CONSTRUCT {{ ?s <{LABEL}> ?l . ?s a ?t }} WHERE {{ {{ ?s <{LABEL}> ?l }} UNION {{ ?s a ?t }} }}"
_INCOMING = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def entity_triples(store: Store, iri: str, base_iri: str = DEFAULT_BASE) -> set[ox.Triple]:
    """The asserted triples the document of one entity is framed from.

    Its outgoing triples; the full description of its parts (responsibilities, targets, milestones);
    for its kind, the relations pointing at it (INCOMING) with their subjects' parts; and the labels
    and types of every other resource these mention. Blank nodes (axiom annotations) are left out.
    """
    try:
        root = ox.NamedNode(iri)
    except ValueError:  # a path segment that cannot be part of an IRI names no entity
        raise UnknownEntityError(iri) from None
    graphs: list[str] | None = asserted_graphs(store, base_iri)
    triples = _triples(store, _OUTGOING, graphs, s=root)
    if not triples:  # made by the build (coverage nodes): described from every graph
        graphs = None
        triples = _triples(store, _OUTGOING, graphs, s=root)
    if not triples:
        raise UnknownEntityError(iri)
    described = {iri}
    for prop in INCOMING.get(entity_kind(iri, base_iri) or "", ()):
        for triple in _triples(store, _INCOMING, graphs, p=ox.NamedNode(ONTOLOGY_NS + prop), o=root):
            triples.add(triple)
            subject = triple.subject
            for nested in NESTED:
                triples |= _triples(store, _OUTGOING, graphs, s=subject, p=ox.NamedNode(ONTOLOGY_NS + nested))
    parts = {node for node in _linked(triples) if _is_part(store, ox.NamedNode(node), graphs)}
    for part in sorted(parts - described):
        triples |= _triples(store, _OUTGOING, graphs, s=ox.NamedNode(part))
        described.add(part)
    mentioned = {t.subject.value for t in triples} | _linked(triples)
    for other in sorted(mentioned - described):
        triples |= _triples(store, _SUMMARY, graphs, s=ox.NamedNode(other))
    return triples


def _linked(triples: set[ox.Triple]) -> set[str]:
    """IRIs the triples point at (classes, the objects of rdf:type, left out)."""
    return {t.object.value for t in triples if isinstance(t.object, ox.NamedNode) and t.predicate.value != RDF_TYPE}


_IS_PART = "ASK { ?s a ?c . VALUES ?c { " + " ".join(f"<{ONTOLOGY_NS}{c}>" for c in PART_CLASSES) + " } }"


def _is_part(store: Store, node: ox.NamedNode, graphs: list[str] | None) -> bool:
    return store.query(_IS_PART, {"s": node}, default_graphs=graphs).boolean


def kind_triples(store: Store, kind: str, base_iri: str = DEFAULT_BASE) -> set[ox.Triple]:
    """Types and labels of every entity of one kind (``{base}id/{kind}/…``), for the list document."""
    prefix = f"{entity_prefix(base_iri)}{kind}/"
    sparql = (f"SELECT ?prefix ?s ?p ?o WHERE {{ ?s ?p ?o . VALUES ?p {{ <{LABEL}> <{RDF_TYPE}> }} "
              f"FILTER(STRSTARTS(STR(?s), ?prefix)) }}")
    rows = store.query(sparql, {"prefix": ox.Literal(prefix)}, default_graphs=asserted_graphs(store, base_iri))
    return {ox.Triple(row["s"], row["p"], row["o"]) for row in rows.rows()}


# Framing and compaction.
def to_ntriples(triples: set[ox.Triple]) -> str:
    return ntriples(sorted(triples, key=str))


def frame_entity(triples: set[ox.Triple], iri: str, base_iri: str = DEFAULT_BASE) -> dict[str, Any]:
    """The framed, compacted document of one entity; lists of numbered nodes sorted by position."""
    kind = entity_kind(iri, base_iri) or ""
    reverse = {ONTOLOGY_NS + prop: {} for prop in INCOMING.get(kind, ())}
    frame: dict[str, Any] = {"@context": context_url(base_iri), "@id": iri}
    if reverse:
        frame["@reverse"] = reverse
    return _finish(_frame(triples, frame, base_iri), base_iri)


def frame_kind(triples: set[ox.Triple], base_iri: str = DEFAULT_BASE) -> dict[str, Any]:
    """The list document of a kind: every entity at top level, with its types and labels."""
    framed = _frame(triples, {"@context": context_url(base_iri)}, base_iri, omit_graph=False)
    framed.setdefault("@graph", [])
    framed["@graph"].sort(key=lambda node: node.get("@id", ""))
    return _finish(framed, base_iri)


def _frame(triples: set[ox.Triple], frame: dict[str, Any], base_iri: str, *, omit_graph: bool = True) -> dict:
    try:
        expanded = jsonld.from_rdf(to_ntriples(triples), {"format": "application/n-quads", "useNativeTypes": True})
        return jsonld.frame(expanded, frame, {"documentLoader": document_loader(base_iri), "omitGraph": omit_graph,
                                              "embed": "@once"})
    except jsonld.JsonLdError as exc:
        raise KgError(f"cannot frame the JSON-LD document: {exc}") from exc


def _finish(document: dict[str, Any], base_iri: str) -> dict[str, Any]:
    """The context by its URL first, then the rest; numbered nodes in order."""
    _sort_by_position(document)
    return {"@context": context_url(base_iri), **{k: v for k, v in document.items() if k != "@context"}}


def _sort_by_position(node: Any) -> None:
    if isinstance(node, dict):
        for value in node.values():
            _sort_by_position(value)
    elif isinstance(node, list):
        for value in node:
            _sort_by_position(value)
        if node and all(isinstance(v, dict) and isinstance(v.get("position"), int) for v in node):
            node.sort(key=lambda v: v["position"])


def served_context_url(server_url: str) -> str:
    """The context's URL on a server at ``server_url`` (where a consumer that only has this server finds it);
    the w3id form (:func:`context_url`) is its published alias."""
    return f"{server_url.rstrip('/')}/context/{CONTEXT_VERSION}.jsonld"


def expand_to_triples(document: dict[str, Any], base_iri: str = DEFAULT_BASE) -> set[ox.Triple]:
    """The triples a served document stands for (pyld, our context loaded locally, by whatever server URL
    the document names it)."""
    context = document.get("@context")
    if isinstance(context, str) and context.endswith(f"/context/{CONTEXT_VERSION}.jsonld"):
        document = {**document, "@context": context_url(base_iri)}
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads", "documentLoader": document_loader(base_iri)})
    return {q.triple for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)}


# Bulk dumps.
@dataclass(frozen=True)
class Dump:
    """One serialisation of the whole dataset, with what a downloader needs to check it."""

    name: str
    media_type: str
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    def summary(self) -> dict[str, Any]:
        return {"name": self.name, "mediaType": self.media_type, "size": self.size, "sha256": self.sha256}


DUMP_FORMATS = {"dataset.nq": "application/n-quads", "dataset.ttl": "text/turtle",
                "dataset.jsonld": "application/ld+json"}


def make_dump(store: Store, name: str) -> Dump:
    """The dataset as one file: N-Quads and JSON-LD keep the named graphs, Turtle holds their union."""
    if name not in DUMP_FORMATS:
        raise UnknownEntityError(f"dumps/{name}")
    media_type = DUMP_FORMATS[name]
    return Dump(name, media_type, store.export(media_type))


class DumpCache:
    """Dumps made once per store and data version (a write through the gate or a new build remakes them)."""

    def __init__(self) -> None:
        self._key: tuple[int, int] | None = None
        self._dumps: dict[str, Dump] = {}
        self._lock = threading.Lock()

    def get(self, store: Store, name: str) -> Dump:
        key = (id(store), versions.data_version(store))
        with self._lock:
            if key != self._key:
                self._key, self._dumps = key, {}
            if name not in self._dumps:
                self._dumps[name] = make_dump(store, name)
            return self._dumps[name]

    def all(self, store: Store) -> list[Dump]:
        return [self.get(store, name) for name in DUMP_FORMATS]
