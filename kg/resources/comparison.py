"""Two (or more) documents compared: the industries, technologies, targets and agencies each has, which of
them the documents share and which are one document's own (issue 23, item 2).

A document's entities of an aspect are those it cites as its own (a source provision part of it); its agencies
also those responsible for its measures and those that issue it (``eli:passed_by``). Entities of different
documents are the same thing when they are one entity (a shared agency) or are aligned by ``skos:exactMatch``,
in either direction and through other entities (a municipal 氢能 matched to the province's, the province's to
the ministry's): each group of aligned entities is one row. A row is *shared* when every document compared
has an entity of its group, else it names the documents that have one. Returns plain frozen dataclasses
(:class:`Comparison`) for the page and the JSON answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.errors import QueryParameterError
from kg.rdf.model import NamedNode
from kg.rdf.vocab import sparql_prefixes
from kg.resolution import resolve
from kg.resources.views import Labels, labels_of
from kg.sparql.binding import join_values
from kg.store.base import Store

ASPECTS = ("industries", "technologies", "targets", "agencies")
MAX_DOCUMENTS = 4
_MEMBERS = sparql_prefixes() + """
SELECT DISTINCT ?document ?aspect ?entity WHERE {
  VALUES (?class ?aspect) {
    (fikg:FutureIndustry "industries") (skos:Concept "technologies") (fikg:Target "targets")
    (org:Organization "agencies") (fikg:CollectiveParty "agencies")
  }
  { ?entity fikg:sourceProvision/eli:is_part_of* ?document . }
  UNION { ?measure fikg:provision/eli:is_part_of* ?document ; fikg:hasResponsibility/fikg:agent ?entity . }
  UNION { ?document eli:passed_by ?entity . }
  ?entity a/rdfs:subClassOf* ?class .
}"""
_ALIGNED = sparql_prefixes() + "SELECT DISTINCT ?a ?b WHERE { ?a skos:exactMatch ?b FILTER(isIRI(?a) && isIRI(?b)) }"


@dataclass(frozen=True)
class Member:
    """An entity of one document in a row of the comparison."""

    iri: str
    document: str
    labels: Labels


@dataclass(frozen=True)
class Row:
    """One entity, or one group of aligned entities, and the documents that have it."""

    members: tuple[Member, ...]

    @property
    def documents(self) -> frozenset[str]:
        return frozenset(m.document for m in self.members)

    def of(self, document: str) -> list[Member]:
        return [m for m in self.members if m.document == document]


@dataclass(frozen=True)
class Aspect:
    name: str
    shared: tuple[Row, ...]  # every compared document has it
    own: tuple[Row, ...]  # some documents only (with two: one document's own)


@dataclass(frozen=True)
class Comparison:
    documents: tuple[str, ...]
    labels: dict[str, Labels]
    numbers: dict[str, str]
    aspects: tuple[Aspect, ...]

    def as_json(self) -> dict[str, object]:
        def member(m: Member) -> dict[str, object]:
            return {"iri": m.iri, "document": m.document, "label_zh": m.labels.zh, "label_en": m.labels.en}

        def row(r: Row) -> dict[str, object]:
            return {"documents": [d for d in self.documents if d in r.documents],
                    "members": [member(m) for m in r.members]}

        return {"documents": [{"iri": d, "number": self.numbers.get(d), "label_zh": self.labels[d].zh,
                               "label_en": self.labels[d].en} for d in self.documents],
                "aspects": {a.name: {"shared": [row(r) for r in a.shared], "own": [row(r) for r in a.own]}
                            for a in self.aspects}}


def resolve_documents(store: Store, names: list[str], base: str) -> tuple[str, ...]:
    """The documents named (number, title, CURIE or IRI), each to exactly one document, in the order given."""
    names = [n.strip() for n in names if n.strip()]
    if not 2 <= len(names) <= MAX_DOCUMENTS:
        raise QueryParameterError(f"compare two to {MAX_DOCUMENTS} documents (documents=A,B), not {len(names)}")
    documents: list[str] = []
    for name in names:
        resolution = resolve(store, name, "document", base=base)
        if len(resolution.iris) != 1 or resolution.wrong_kind:
            raise QueryParameterError(f"{name!r} names {len(resolution.iris)} documents: name one by its number")
        documents.append(resolution.iris[0])
    if len(set(documents)) != len(documents):
        raise QueryParameterError("the documents to compare must differ")
    return tuple(documents)


def compare_documents(store: Store, documents: tuple[str, ...]) -> Comparison:
    """What ``documents`` have of each aspect, shared and not (see the module docstring)."""
    rows = store.select(join_values(_MEMBERS, ["document"], [[NamedNode(d)] for d in documents]))
    members = {(r["aspect"].value, r["entity"].value, r["document"].value) for r in rows}
    entities = {entity for _, entity, _ in members}
    group = _alignment(store, entities)
    labels = labels_of(store, entities | set(documents))
    aspects = []
    for aspect in ASPECTS:
        grouped: dict[str, list[Member]] = {}
        for name, entity, document in sorted(members):
            if name == aspect:
                member = Member(entity, document, labels.get(entity, Labels()))
                grouped.setdefault(group.get(entity, entity), []).append(member)
        found = [Row(tuple(sorted(ms, key=lambda m: (documents.index(m.document), m.iri)))) for ms in grouped.values()]
        found.sort(key=lambda r: (-len(r.documents), r.members[0].labels.zh or r.members[0].labels.en or ""))
        aspects.append(Aspect(aspect, tuple(r for r in found if len(r.documents) == len(documents)),
                              tuple(r for r in found if len(r.documents) < len(documents))))
    numbers = {r["document"].value: r["number"].value for r in store.select(join_values(
        sparql_prefixes() + "SELECT ?document ?number WHERE { ?document eli:id_local ?number }",
        ["document"], [[NamedNode(d)] for d in documents]))}
    return Comparison(documents, {d: labels.get(d, Labels()) for d in documents}, numbers, tuple(aspects))


def _alignment(store: Store, entities: set[str]) -> dict[str, str]:
    """Each entity's group: the least IRI among those it is aligned with by skos:exactMatch (either way, through
    any entity), found by union-find over every exactMatch link."""
    parent: dict[str, str] = {}

    def find(iri: str) -> str:
        while parent.get(iri, iri) != iri:
            parent[iri] = parent.get(parent[iri], parent[iri])
            iri = parent[iri]
        return iri

    for row in store.select(_ALIGNED):
        a, b = find(row["a"].value), find(row["b"].value)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {entity: find(entity) for entity in entities}
