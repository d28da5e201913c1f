"""The view of one entity for people: facts grouped by property with the sentences that state them (and by
document, when several documents state them), the agencies that cover a technology (and where the document
says so), and the neighbourhood graph.

Facts are listed in the document's order (:mod:`kg.resources.document_order`): a measure's responsible
parties as the clause lists them, the lead marked; measures by section (三(一) … 四(三)). Each group
shows every supporting sentence once, however many of its facts the sentence states. Bookkeeping
(ordinals, the lead flag shown as a mark) stays out of the lists; booleans are shown as words.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kg.rdf.model import Literal, NamedNode
from kg.rdf.vocab import ONTOLOGY_NS, entity_iri
from kg.rdf.vocab import PREFIXES as NS
from kg.resources.document_order import UNPLACED, Place, places
from kg.resources.views import PREFIXES, Labels, Resource, resources, values_block
from kg.store.base import Store

# Shown elsewhere on the page (types, labels, sources) or only bookkeeping.
SKIPPED = {NS["rdf"] + "type", NS["rdfs"] + "label", NS["prov"] + "wasDerivedFrom",
           ONTOLOGY_NS + "sourceSentence", ONTOLOGY_NS + "sourceProvision",
           NS["owl"] + "annotatedSource", NS["owl"] + "annotatedTarget",
           # internal ordinals (the lists are in this order) and the lead flag (shown as a mark)
           ONTOLOGY_NS + "position", ONTOLOGY_NS + "documentPosition", ONTOLOGY_NS + "listPosition",
           ONTOLOGY_NS + "sectionPosition", ONTOLOGY_NS + "isLead"}
HAS_RESPONSIBILITY = ONTOLOGY_NS + "hasResponsibility"
BOOLEAN = NS["xsd"] + "boolean"
# On a sentence or provision page, the entities it names are worth listing.
SHOWN_INCOMING = {ONTOLOGY_NS + "sourceSentence", ONTOLOGY_NS + "sourceProvision"}
# Derived links that would drown the page; the coverage table shows them with their route.
DERIVED = {ONTOLOGY_NS + "coversTechnology", ONTOLOGY_NS + "coversTechnologyGenerally",
           ONTOLOGY_NS + "agent", ONTOLOGY_NS + "technology",
           ONTOLOGY_NS + "viaMeasure", ONTOLOGY_NS + "viaIndustry"}


@dataclass(frozen=True)
class Citation:
    """A sentence of the document: its text and the section it belongs to."""

    iri: str
    text: str
    section: str
    order: int = 0
    document: str = ""  # the document the sentence is part of


@dataclass(frozen=True)
class Fact:
    """One value of a property: a resource or a literal, with the sentences that state it (if cited).

    ``place`` is where the resource stands in the document (its section number is shown beside it);
    ``lead`` marks the lead party of a measure; ``boolean`` is set for an ``xsd:boolean`` literal.
    """

    resource: Resource | None
    literal: str | None
    literal_lang: str | None
    citations: list[Citation] = field(default_factory=list)
    place: Place | None = None
    lead: bool = False
    boolean: bool | None = None


@dataclass(frozen=True)
class FactGroup:
    """All values of one property, outgoing (this → value) or incoming (value → this)."""

    property: Resource
    incoming: bool
    facts: list[Fact]
    document: Resource | None = None  # the document stating these facts, when the page spans several

    @property
    def sentences(self) -> list[Citation]:
        """Every sentence the group's facts cite, once each, in document order."""
        unique = {c.iri: c for fact in self.facts for c in fact.citations}
        return sorted(unique.values(), key=lambda c: (c.order, c.iri))

    def note(self, citation: Citation) -> int:
        """The number (1, 2, …) of a cited sentence in :attr:`sentences`."""
        return [c.iri for c in self.sentences].index(citation.iri) + 1


@dataclass(frozen=True)
class Coverage:
    """An agent covers this technology through a measure, explicitly or generally, with the evidence."""

    agent: Resource
    is_agency: bool
    explicit: bool
    measure: Resource
    industry: Resource | None
    evidence: list[Citation]
    position: int = UNPLACED
    lead: bool = False
    section: str = ""


@dataclass(frozen=True)
class EntityView:
    resource: Resource
    types: list[Resource]
    groups: list[FactGroup]
    sources: list[Citation]
    coverage: list[Coverage]


def citations(store: Store, sentences: list[str]) -> dict[str, Citation]:
    """Text and section number of each sentence IRI."""
    if not sentences:
        return {}
    rows = store.select(PREFIXES + f"""SELECT ?s ?text ?section ?order ?document WHERE {{
        {values_block("s", sentences)}
        ?s fikg:text ?text . OPTIONAL {{ ?s dcterms:isPartOf/fikg:sectionNumber ?section }}
        OPTIONAL {{ ?s fikg:documentPosition ?order }}
        OPTIONAL {{ ?s dcterms:isPartOf/eli:is_part_of* ?document . ?document a fikg:PolicyDocument }} }}""")
    return {r["s"].value: Citation(r["s"].value, r["text"].value, r["section"].value if "section" in r else "",
                                   int(r["order"].value) if "order" in r else 0,
                                   r["document"].value if "document" in r else "")
            for r in rows}


def describe_entity(store: Store, base: str, kind: str, slug: str) -> EntityView | None:
    """Everything the entity page shows; None if the graph says nothing about it."""
    iri = entity_iri(base, kind, slug)
    try:
        node = NamedNode(iri)
    except ValueError:  # a slug with characters no IRI may hold: nothing to describe
        return None
    out_rows = store.select("SELECT ?e ?p ?o WHERE { ?e ?p ?o }", e=node)
    in_rows = store.select("SELECT ?e ?s ?p WHERE { ?s ?p ?e FILTER(isIRI(?s)) }", e=node)
    if not out_rows and not in_rows:
        return None
    stated = store.select(PREFIXES + """SELECT ?e ?s ?p ?o ?sentence WHERE {
        { ?ax owl:annotatedSource ?e } UNION { ?ax owl:annotatedTarget ?e }
        ?ax owl:annotatedSource ?s ; owl:annotatedProperty ?p ; owl:annotatedTarget ?o ; fikg:statedIn ?sentence }""",
                          e=node)
    sentence_of: dict[tuple[str, str, str], list[str]] = {}
    for r in stated:
        sentence_of.setdefault((r["s"].value, r["p"].value, r["o"].value), []).append(r["sentence"].value)
    sources = [r["o"].value for r in out_rows if r["p"].value == ONTOLOGY_NS + "sourceSentence"]
    cited = citations(store, sources + [s for ss in sentence_of.values() for s in ss])
    edges = [(r["p"].value, r["o"], False) for r in out_rows] + [(r["p"].value, r["s"], True) for r in in_rows]
    edges = [(p, t, inc) for p, t, inc in edges
             if (p not in SKIPPED or (inc and p in SHOWN_INCOMING)) and p not in DERIVED]
    linked = [t.value for _, t, _ in edges if isinstance(t, NamedNode)] + [p for p, _, _ in edges]
    types = [r["o"].value for r in out_rows if r["p"].value == NS["rdf"] + "type"]
    known = {r.iri: r for r in resources(store, [iri, *linked, *types], base)}
    grouped: dict[tuple[str, bool], list[Fact]] = {}
    for prop, term, incoming in edges:
        if isinstance(term, NamedNode):
            triple = (term.value, prop, iri) if incoming else (iri, prop, term.value)
            fact = Fact(known[term.value], None, None,
                        [cited[s] for s in sentence_of.get(triple, []) if s in cited])
        elif isinstance(term, Literal):
            boolean = is_true(term) if term.datatype.value == BOOLEAN else None
            fact = Fact(None, term.value, term.language, boolean=boolean)
        else:
            continue
        grouped.setdefault((prop, incoming), []).append(fact)
    if (HAS_RESPONSIBILITY, False) in grouped:
        grouped[(HAS_RESPONSIBILITY, False)] = responsible_parties(store, iri, base)
    placed = places(store, [f.resource.iri for facts in grouped.values() for f in facts if f.resource])
    groups = [FactGroup(RESPONSIBLE_PARTIES if (p, inc) == (HAS_RESPONSIBILITY, False) else known[p], inc,
                        in_document_order(facts, placed))
              for (p, inc), facts in sorted(grouped.items(), key=lambda item: (item[0][1], item[0][0]))]
    responsible = responsible_for(store, iri, base)
    if responsible:
        groups.append(responsible)
    groups = by_document(store, base, groups)
    type_list = [known[t] for t in dict.fromkeys(types) if t != NS["owl"] + "NamedIndividual"]
    return EntityView(known[iri], type_list, groups, [cited[s] for s in sources if s in cited],
                      coverage_of(store, iri, base))


def by_document(store: Store, base: str, groups: list[FactGroup]) -> list[FactGroup]:
    """The groups split by the document whose sentences state their facts, when the facts come from several
    documents (an agency two documents name, a document others cite): each document's groups together, in
    the order of the documents' IRIs, then the facts no sentence states. From one document: as they are."""
    def document_of(fact: Fact) -> str:
        return next((c.document for c in fact.citations if c.document), "")

    documents = sorted({document_of(f) for g in groups for f in g.facts} - {""})
    if len(documents) < 2:
        return groups
    known = {r.iri: r for r in resources(store, documents, base)}
    split = []
    for document in [*documents, ""]:
        for group in groups:
            facts = [f for f in group.facts if document_of(f) == document]
            if facts:
                split.append(replace(group, facts=facts, document=known.get(document)))
    return split


def is_true(term: Literal) -> bool:
    """Whether a boolean answer is true: ``true``, or ``1`` as Virtuoso writes the value of ``EXISTS``."""
    return term.value in ("true", "1")


def in_document_order(facts: list[Fact], placed: dict[str, Place]) -> list[Fact]:
    """The facts with their places, in document order; unplaced resources by label, then literals."""
    with_places = [replace(f, place=placed.get(f.resource.iri)) if f.resource and f.place is None else f
                   for f in facts]
    return sorted(with_places, key=_fact_order)


def responsible_parties(store: Store, measure: str, base: str) -> list[Fact]:
    """A measure's responsible parties as facts about the agents, in the clause's order, the lead marked."""
    rows = store.select(PREFIXES + """SELECT ?measure ?r ?agent ?lead ?sentence WHERE {
        ?measure fikg:hasResponsibility ?r . ?r fikg:agent ?agent .
        OPTIONAL { ?r fikg:isLead ?lead } OPTIONAL { ?r fikg:sourceSentence ?sentence } }""",
                        measure=NamedNode(measure))
    placed = places(store, [r["r"].value for r in rows])
    cited = citations(store, [r["sentence"].value for r in rows if "sentence" in r])
    known = {r.iri: r for r in resources(store, [r["agent"].value for r in rows], base)}
    facts = [Fact(known[r["agent"].value], None, None,
                  [cited[r["sentence"].value]] if "sentence" in r and r["sentence"].value in cited else [],
                  place=placed.get(r["r"].value, Place()), lead="lead" in r and is_true(r["lead"]))
             for r in rows]
    return sorted(facts, key=_fact_order)


RESPONSIBLE_PARTIES = Resource(HAS_RESPONSIBILITY, "", "hasResponsibility", Labels(
    "责任单位（按原文顺序，牵头单位在前）", "responsible parties (in the text's order, the lead first)"))
RESPONSIBLE_FOR = Labels("负责的措施（按职责分工）", "responsible for measures (by division of duties)")


def responsible_for(store: Store, agent: str, base: str) -> FactGroup | None:
    """The measures an agent is a responsible party of, each with its responsibility clause."""
    rows = store.select(PREFIXES + """SELECT ?agent ?measure ?sentence WHERE {
        ?measure fikg:hasResponsibility ?r . ?r fikg:agent ?agent ; fikg:sourceSentence ?sentence }""",
                        agent=NamedNode(agent))
    if not rows:
        return None
    cited = citations(store, [r["sentence"].value for r in rows])
    known = {r.iri: r for r in resources(store, [r["measure"].value for r in rows], base)}
    facts = [Fact(known[r["measure"].value], None, None, [cited[r["sentence"].value]])
             for r in rows if r["sentence"].value in cited]
    prop = Resource(HAS_RESPONSIBILITY, "", "hasResponsibility", RESPONSIBLE_FOR)
    return FactGroup(prop, True, in_document_order(facts, places(store, [f.resource.iri for f in facts])))


def _fact_order(fact: Fact) -> tuple:
    if fact.resource is not None:
        place = fact.place or Place()
        return (0, *place.key, fact.resource.labels.get("en", fact.resource.slug).lower())
    return (1, fact.literal_lang or "", fact.literal or "")


def coverage_of(store: Store, technology: str, base: str) -> list[Coverage]:
    """Who covers a technology, through which measure, and the sentences that say so.

    Evidence: the sentence where the measure names the technology (or a broader concept, or its
    industry) for explicit coverage, the sentence that puts the technology in that industry, and
    the responsibility clause that lists the agent.
    """
    rows = store.select(PREFIXES + """SELECT ?t ?agent ?kind ?measure ?industry ?agency WHERE {
        ?c fikg:technology ?t ; fikg:agent ?agent ; fikg:viaMeasure ?measure ; a ?kind .
        FILTER(?kind IN (fikg:ExplicitCoverage, fikg:GeneralCoverage))
        OPTIONAL { ?c fikg:viaIndustry ?industry }
        BIND(EXISTS { ?agent a org:Organization } AS ?agency) }""", t=NamedNode(technology))
    if not rows:
        return []
    named = store.select(PREFIXES + """SELECT ?t ?measure ?sentence WHERE {
        ?ax owl:annotatedSource ?measure ; owl:annotatedProperty ?p ; owl:annotatedTarget ?named ;
            fikg:statedIn ?sentence .
        FILTER(?p IN (fikg:namesTechnology, fikg:namesIndustry))
        { ?t skos:broader* ?named } UNION { ?t fikg:belongsToIndustry ?named } }""", t=NamedNode(technology))
    naming: dict[str, list[str]] = {}
    for r in named:
        naming.setdefault(r["measure"].value, []).append(r["sentence"].value)
    belongs = store.select(PREFIXES + """SELECT ?t ?industry ?sentence WHERE {
        ?ax owl:annotatedSource ?t ; owl:annotatedProperty fikg:belongsToIndustry ; owl:annotatedTarget ?industry ;
            fikg:statedIn ?sentence }""", t=NamedNode(technology))
    membership: dict[str, list[str]] = {}
    for r in belongs:
        membership.setdefault(r["industry"].value, []).append(r["sentence"].value)
    clauses = store.select(PREFIXES + """SELECT ?measure ?agent ?sentence ?position ?lead WHERE {
        ?measure fikg:hasResponsibility ?r . ?r fikg:agent ?agent ; fikg:sourceSentence ?sentence .
        OPTIONAL { ?r fikg:position ?position } OPTIONAL { ?r fikg:isLead ?lead } }""")
    clause = {(r["measure"].value, r["agent"].value): r["sentence"].value for r in clauses}
    party = {(r["measure"].value, r["agent"].value): (int(r["position"].value) if "position" in r else UNPLACED,
                                                      "lead" in r and is_true(r["lead"])) for r in clauses}
    sentences = [s for ss in [*naming.values(), *membership.values()] for s in ss] + list(clause.values())
    cited = citations(store, sentences)
    iris = [v.value for r in rows for k, v in r.items() if k in ("agent", "measure", "industry")]
    known = {r.iri: r for r in resources(store, iris, base)}
    def in_text(sentence: str) -> tuple[int, str]:
        return (cited[sentence].order if sentence in cited else 0, sentence)

    result = []
    for r in rows:
        measure, agent = r["measure"].value, r["agent"].value
        explicit = r["kind"].value == ONTOLOGY_NS + "ExplicitCoverage"
        evidence = sorted(set(naming.get(measure, [])), key=in_text) if explicit else []
        if explicit and "industry" in r:
            evidence += sorted(set(membership.get(r["industry"].value, [])) - set(evidence), key=in_text)
        evidence += [clause[(measure, agent)]] if (measure, agent) in clause else []
        position, lead = party.get((measure, agent), (UNPLACED, False))
        result.append(Coverage(known[agent], is_true(r["agency"]), explicit, known[measure],
                               known.get(r["industry"].value) if "industry" in r else None,
                               [cited[s] for s in evidence if s in cited], position, lead))
    placed = places(store, [c.measure.iri for c in result])
    result = [replace(c, section=placed[c.measure.iri].section) if c.measure.iri in placed else c for c in result]
    result.sort(key=lambda c: (not c.explicit, placed.get(c.measure.iri, Place()).key, c.measure.iri,
                               c.position, not c.is_agency, c.agent.labels.get("en")))
    return result

