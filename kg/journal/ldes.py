"""The change feed as a Linked Data Event Stream (LDES 1.0, SEMIC): one member per journal change.

A page of the feed (:mod:`kg.journal.feed`) becomes a ``tree:Node`` of the stream ``…/changes/ldes``:

- each change is a member ``<…/changes/{id}>`` (the IRI that serves its RDF Patch), an ``as:Activity``
  with ``as:published`` (the stream's ``ldes:timestampPath``: journal order is time order), the client as
  ``as:actor``, the operation as ``as:summary``, and the patch linked (``as:url``, an ``as:Link`` with
  ``as:mediaType "application/rdf-patch"``);
- each IRI subject the change touches gets a part (``dct:hasPart``) ``as:Create``, ``as:Update`` or
  ``as:Delete`` with ``as:object`` the entity: **Create** when the change gives a subject its first type
  (it had no ``rdf:type`` before, has one after), **Delete** when the change removes the last triple the
  subject had, **Update** otherwise. Blank-node subjects are part of the entity that describes them and
  are not listed. "Before" counts every graph, derived ones included, and comes from the journal alone:
  the :class:`EntityLedger` of a journal adds up, per subject, the triples and types each change adds and
  removes (every change is exact), once, in journal order, and keeps the verdicts;
- the node links the next page by a ``tree:GreaterThanOrEqualToRelation`` on ``as:published`` and says
  ``ldes:immutable true`` once complete.

The blank nodes of a page (actors, patch links, the relation) have labels fixed by their place in the
page, so a page is the same bytes on every request and its ETag is strong.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections import defaultdict

import pyoxigraph as ox

from kg.journal.feed import FeedPage
from kg.journal.log import Entry, Journal
from kg.rdf.model import BlankNode, Literal, NamedNode, Triple

LDES_TYPES = ["application/ld+json", "text/turtle"]
AS = "https://www.w3.org/ns/activitystreams#"
LDES = "https://w3id.org/ldes#"
TREE = "https://w3id.org/tree#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {"as": AS, "ldes": LDES, "tree": TREE, "dct": DCT, "xsd": XSD}
KINDS = ("Create", "Update", "Delete")


class EntityLedger:
    """Per subject, how many triples and types it has after each change of one journal; the verdicts."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._triples: dict[NamedNode, int] = defaultdict(int)
        self._types: dict[NamedNode, int] = defaultdict(int)
        self._done = 0  # entries of the journal folded in so far
        self._verdicts: dict[str, list[tuple[str, NamedNode]]] = {}

    def verdicts(self, journal: Journal, entry: Entry) -> list[tuple[str, NamedNode]]:
        """(kind, entity) for each IRI subject ``entry`` touches, sorted by entity."""
        with self._lock:
            if entry.id not in self._verdicts:
                everything = journal.entries()
                for pending in everything[self._done:]:
                    self._verdicts[pending.id] = self._fold(journal, pending)
                    self._done += 1
                    if pending.id == entry.id:
                        break
            return self._verdicts[entry.id]

    def _fold(self, journal: Journal, entry: Entry) -> list[tuple[str, NamedNode]]:
        transaction = journal.read(entry)
        before = {}
        for sign, quads in ((-1, transaction.removed), (1, transaction.added)):
            for quad in quads:
                subject = quad.subject
                if not isinstance(subject, NamedNode):
                    continue
                before.setdefault(subject, (self._triples[subject], self._types[subject]))
                self._triples[subject] += sign
                if quad.predicate == RDF_TYPE:
                    self._types[subject] += sign
        verdicts = []
        for subject, (triples, types) in before.items():
            if types == 0 and self._types[subject] > 0:
                kind = "Create"
            elif triples > 0 and self._triples[subject] == 0:
                kind = "Delete"
            else:
                kind = "Update"
            verdicts.append((kind, subject))
        return sorted(verdicts, key=lambda v: v[1].value)


_LEDGERS: weakref.WeakKeyDictionary[Journal, EntityLedger] = weakref.WeakKeyDictionary()
_LEDGERS_LOCK = threading.Lock()


def ledger_of(journal: Journal) -> EntityLedger:
    """The journal's ledger, kept as long as the journal object lives."""
    with _LEDGERS_LOCK:
        found = _LEDGERS.get(journal)
        if found is None:
            found = _LEDGERS[journal] = EntityLedger()
        return found


def stream_triples(journal: Journal, page: FeedPage, base: str) -> list[Triple]:
    """The page as an LDES ``tree:Node`` of the stream, with its members."""
    stream = root = NamedNode(f"{base}/changes/ldes")
    node = NamedNode(f"{base}/changes/ldes" + (f"?after={page.after}" if page.after else ""))
    triples = [Triple(stream, _rdf("type"), NamedNode(f"{LDES}EventStream")),
               Triple(stream, NamedNode(f"{LDES}timestampPath"), NamedNode(f"{AS}published")),
               Triple(stream, NamedNode(f"{TREE}view"), root),
               Triple(node, _rdf("type"), NamedNode(f"{TREE}Node"))]
    if page.complete:
        immutable = Literal("true", datatype=NamedNode(f"{XSD}boolean"))
        triples.append(Triple(node, NamedNode(f"{LDES}immutable"), immutable))
    ledger = ledger_of(journal)
    for number, entry in enumerate(page.entries, start=1):
        member = NamedNode(f"{base}/changes/{entry.id}")
        triples.append(Triple(stream, NamedNode(f"{TREE}member"), member))
        triples += _member(member, number, entry, ledger.verdicts(journal, entry))
    if page.last is not None:
        relation = BlankNode("next")
        triples += [Triple(node, NamedNode(f"{TREE}relation"), relation),
                    Triple(relation, _rdf("type"), NamedNode(f"{TREE}GreaterThanOrEqualToRelation")),
                    Triple(relation, NamedNode(f"{TREE}path"), NamedNode(f"{AS}published")),
                    Triple(relation, NamedNode(f"{TREE}value"), _time(page.entries[-1])),
                    Triple(relation, NamedNode(f"{TREE}node"), NamedNode(f"{base}/changes/ldes?after={page.last}"))]
    return triples


def stream_document(journal: Journal, page: FeedPage, base: str, media_type: str) -> bytes:
    """The page serialised as JSON-LD or Turtle (one of :data:`LDES_TYPES`)."""
    triples = stream_triples(journal, page, base)
    if media_type == "application/ld+json":
        return json.dumps(as_json_ld(triples), ensure_ascii=False, indent=1).encode("utf-8")
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def as_json_ld(triples: list[Triple]) -> dict:
    """JSON-LD with the prefixes as its context: one node object per subject, in order of appearance."""
    nodes: dict[str, dict] = {}
    for triple in triples:
        node = nodes.setdefault(_json_id(triple.subject), {"@id": _json_id(triple.subject)})
        if triple.predicate == RDF_TYPE:
            node.setdefault("@type", []).append(_compact(triple.object.value))
        else:
            node.setdefault(_compact(triple.predicate.value), []).append(_json_value(triple.object))
    return {"@context": PREFIXES, "@graph": list(nodes.values())}


def _compact(iri: str) -> str:
    return next((f"{prefix}:{iri[len(space):]}" for prefix, space in PREFIXES.items() if iri.startswith(space)), iri)


def _json_id(term: NamedNode | BlankNode) -> str:
    return f"_:{term.value}" if isinstance(term, BlankNode) else term.value


def _json_value(term: object) -> dict:
    if isinstance(term, Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == f"{XSD}string":
            return {"@value": term.value}
        return {"@value": term.value, "@type": term.datatype.value}
    return {"@id": _json_id(term)}  # type: ignore[arg-type]


def _member(member: NamedNode, number: int, entry: Entry, verdicts: list[tuple[str, NamedNode]]) -> list[Triple]:
    actor, link = BlankNode(f"actor{number}"), BlankNode(f"patch{number}")  # the same bytes on every request
    triples = [Triple(member, _rdf("type"), NamedNode(f"{AS}Activity")),
               Triple(member, NamedNode(f"{AS}published"), _time(entry)),
               Triple(member, NamedNode(f"{DCT}identifier"), Literal(entry.id)),
               Triple(member, NamedNode(f"{AS}summary"),
                      Literal(f"{entry.operation} by {entry.client}: +{entry.added} −{entry.removed}", language="en")),
               Triple(member, NamedNode(f"{AS}actor"), actor),
               Triple(actor, NamedNode(f"{AS}name"), Literal(entry.client)),
               Triple(member, NamedNode(f"{AS}url"), link),
               Triple(link, _rdf("type"), NamedNode(f"{AS}Link")),
               Triple(link, NamedNode(f"{AS}href"), member),
               Triple(link, NamedNode(f"{AS}mediaType"), Literal("application/rdf-patch"))]
    for part_number, (kind, entity) in enumerate(verdicts, start=1):
        part = NamedNode(f"{member.value}#{part_number}")
        triples += [Triple(member, NamedNode(f"{DCT}hasPart"), part),
                    Triple(part, _rdf("type"), NamedNode(f"{AS}{kind}")),
                    Triple(part, NamedNode(f"{AS}object"), entity)]
    return triples


def _time(entry: Entry) -> Literal:
    return Literal(entry.time.isoformat(timespec="microseconds"), datatype=NamedNode(f"{XSD}dateTime"))


def _rdf(name: str) -> NamedNode:
    return NamedNode(f"http://www.w3.org/1999/02/22-rdf-syntax-ns#{name}")
