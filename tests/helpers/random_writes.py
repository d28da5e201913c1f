"""Random writes for the derivation tests: inserts, deletes, moves between industries, ontology edits.

Each write is a list of quads to add and to remove (blank-node free), drawn by a seeded RNG from what the
store holds, so a failing sequence is replayed from its seed. :func:`full_derivation` is the reference:
the derived graph :func:`kg.derivation.whole.derive` makes from a copy of the store's asserted graphs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from kg.derivation import DerivedChange, derived_change
from kg.derivation.whole import derive
from kg.rdf.model import BlankNode, Literal, NamedNode, Quad, Triple
from kg.rdf.vocab import graph_iri
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore

FIKG = "https://w3id.org/fikg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
ID = "https://w3id.org/fikg/id/"
RULE_PREDICATES = [NamedNode(FIKG + p) for p in ("belongsToIndustry", "namesTechnology", "namesIndustry",
                                                  "hasResponsibility", "agent", "provision", "sourceProvision")] + [
    NamedNode(SKOS + "broader"), NamedNode(SKOS + "narrower"),
    NamedNode("http://data.europa.eu/eli/ontology#is_part_of")]  # the documents general coverage stays within


@dataclass
class Write:
    kind: str
    added: list[Quad]
    removed: list[Quad]


def derived_triples(store: EmbeddedStore, settings: Settings) -> set[Triple]:
    graph = NamedNode(graph_iri(settings.base_iri, "inferred"))
    return {q.triple for q in store.quads_in(graph)}


def full_derivation(store: EmbeddedStore, settings: Settings) -> set[Triple]:
    """What ``kg build`` would derive from the store's asserted graphs."""
    graph = NamedNode(graph_iri(settings.base_iri, "inferred"))
    copy = EmbeddedStore(None)
    copy.add_quads(q for q in store.quads() if q.graph_name != graph)
    derive(copy, settings, lambda *_: None)
    return derived_triples(copy, settings)


def apply(store: EmbeddedStore, write: Write, settings: Settings) -> DerivedChange:
    """Commit the write and its derived change together, as the gate does."""
    derived = derived_change(store, write.added, write.removed, settings)
    held = derived_triples(store, settings)
    gained, lost = {q.triple for q in derived.added}, {q.triple for q in derived.removed}
    assert not gained & held and lost <= held, "the derived change is not exact: it repeats or invents triples"
    store.commit_delta([*write.added, *derived.added], [*write.removed, *derived.removed])
    return derived


class WriteMaker:
    """Draws writes from the store's current content."""

    def __init__(self, store: EmbeddedStore, settings: Settings, data_graph: str, ontology_graph: str,
                 rng: random.Random) -> None:
        self.store = store
        self.data = NamedNode(data_graph)
        self.ontology = NamedNode(ontology_graph)
        self.rng = rng
        self.serial = 0
        self.inferred = NamedNode(graph_iri(settings.base_iri, "inferred"))
        self.forgotten: list[Quad] = []  # deleted quads, some put back later

    def make(self) -> Write:
        kinds = ["new technology", "delete", "move", "link", "assert derived", "restore", "ontology", "flag"]
        kind = self.rng.choices(kinds, weights=[4, 4, 4, 4, 1, 2, 1, 1])[0]
        write = getattr(self, "_" + kind.replace(" ", "_"))()
        return write or self._new_technology()

    def _subjects(self, predicate: NamedNode, obj: NamedNode | None = None) -> list:
        quads = self.store.oxigraph().quads_for_pattern(None, predicate, obj, self.data)
        return sorted({q.subject for q in quads}, key=str)

    def _quads(self, predicate: NamedNode | None, graph: NamedNode | None = None) -> list[Quad]:
        """The quads of ``predicate`` (None: any) without blank nodes: the writes are blank-node free."""
        quads = self.store.oxigraph().quads_for_pattern(None, predicate, None, graph or self.data)
        return sorted((q for q in quads if not any(isinstance(t, BlankNode) for t in (q.subject, q.object))), key=str)

    def _new_technology(self) -> Write:
        self.serial += 1
        tech = NamedNode(f"{ID}technology/random-{self.serial}-{self.rng.randrange(10**6)}")
        industries = self._subjects(RDF_TYPE, NamedNode(FIKG + "FutureIndustry")) or \
            sorted({q.object for q in self._quads(NamedNode(FIKG + "belongsToIndustry"))}, key=str)
        added = [Quad(tech, RDF_TYPE, NamedNode(FIKG + "Technology"), self.data),
                 Quad(tech, NamedNode(RDFS + "label"), Literal(f"random {self.serial}", language="en"), self.data),
                 Quad(tech, NamedNode(FIKG + "belongsToIndustry"), self.rng.choice(industries), self.data)]
        concepts = self._subjects(NamedNode(SKOS + "broader"))
        if concepts and self.rng.random() < 0.5:
            added.append(Quad(tech, NamedNode(SKOS + "broader"), self.rng.choice(concepts), self.data))
        return Write("new technology", added, [])

    def _delete(self) -> Write | None:
        predicate = self.rng.choice([*RULE_PREDICATES, RDF_TYPE, None])
        quads = self._quads(predicate)
        if not quads:
            return None
        chosen = self.rng.sample(quads, min(len(quads), self.rng.choice([1, 1, 2, 3])))
        self.forgotten.extend(chosen)
        return Write("delete", [], chosen)

    def _move(self) -> Write | None:
        links = self._quads(NamedNode(FIKG + "belongsToIndustry"))
        if not links:
            return None
        link = self.rng.choice(links)
        others = sorted({q.object for q in links} - {link.object}, key=str)
        if not others:
            return None
        moved = Quad(link.subject, link.predicate, self.rng.choice(others), self.data)
        return Write("move", [moved], [link])

    def _link(self) -> Write | None:
        predicate = self.rng.choice(RULE_PREDICATES)
        pattern = self._quads(predicate)
        if not pattern:
            return None
        subject = self.rng.choice(pattern).subject
        obj = self.rng.choice(pattern).object
        return Write("link", [Quad(subject, predicate, obj, self.data)], [])

    def _assert_derived(self) -> Write | None:
        derived = sorted(self.store.quads_in(self.inferred), key=str)
        if not derived:
            return None
        chosen = self.rng.choice(derived)
        return Write("assert derived", [Quad(chosen.subject, chosen.predicate, chosen.object, self.data)], [])

    def _restore(self) -> Write | None:
        if not self.forgotten:
            return None
        quad = self.forgotten.pop(self.rng.randrange(len(self.forgotten)))
        return Write("restore", [quad], [])

    def _flag(self) -> Write | None:
        """A measure made to apply to all future industries, or no longer (the general coverage rule)."""
        flag = NamedNode(FIKG + "appliesToAllFutureIndustries")
        measures = self._subjects(NamedNode(FIKG + "hasResponsibility"))
        if not measures:
            return None
        measure = self.rng.choice(measures)
        held = [q for q in self._quads(flag) if q.subject == measure]
        value = not (held and held[0].object.value == "true")
        return Write("flag", [Quad(measure, flag, Literal(value), self.data)], held)

    def _ontology(self) -> Write | None:
        """A subclass or subproperty axiom added, or one of ours removed."""
        ours = [q for q in self._quads(None, self.ontology) if q.predicate.value in (RDFS + "subClassOf",
                                                                                   RDFS + "subPropertyOf")
                and q.subject.value.startswith(FIKG + "Random")]
        if ours and self.rng.random() < 0.5:
            return Write("ontology", [], [self.rng.choice(ours)])
        self.serial += 1
        if self.rng.random() < 0.5:
            parent = self.rng.choice([NamedNode(FIKG + "Technology"), NamedNode(SKOS + "Concept")])
            child = NamedNode(f"{FIKG}RandomClass{self.serial}")
            tech = self.rng.choice(self._subjects(NamedNode(FIKG + "belongsToIndustry")) or [child])
            return Write("ontology", [Quad(child, NamedNode(RDFS + "subClassOf"), parent, self.ontology),
                                      Quad(tech, RDF_TYPE, child, self.data)], [])
        parent = self.rng.choice([NamedNode(FIKG + "belongsToIndustry"), NamedNode(SKOS + "broader")])
        child = NamedNode(f"{FIKG}randomProperty{self.serial}")
        pattern = self._quads(parent)
        added = [Quad(child, NamedNode(RDFS + "subPropertyOf"), parent, self.ontology)]
        if pattern:
            added.append(Quad(self.rng.choice(pattern).subject, child, self.rng.choice(pattern).object, self.data))
        return Write("ontology", added, [])
