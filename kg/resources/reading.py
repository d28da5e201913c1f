"""The reading view: the whole document, sentence by sentence under its section headings, in document order,
each sentence with the entities it states facts about.

A sentence is about an entity when the graph says so with provenance: an annotated axiom stated in the
sentence (``owl:annotatedSource``/``owl:annotatedTarget`` with ``fikg:statedIn``) has the entity at one
end, or the entity cites the sentence (``fikg:sourceSentence``). The bookkeeping nodes (sentences,
provisions, coverage, responsibility and action nodes, concept schemes) are left out: their content is
on the pages of the entities listed. Within a sentence, entities come in the order the text names them.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.rdf.vocab import split_entity_iri
from kg.resources.views import PREFIXES, Resource, resources
from kg.store.base import Store

NOT_LISTED = {"sentence", "provision", "document", "coverage", "responsibility", "action", "concept-scheme",
              "period", "dataset", "structure", "component", "observation"}


@dataclass(frozen=True)
class ReadSentence:
    """One sentence: its page, its text and the entities it states facts about (in the order it names them)."""

    iri: str
    text: str
    entities: list[Resource]


@dataclass(frozen=True)
class ReadSection:
    """A provision with its heading (section number and title), depth (1 = part) and sentences in order."""

    provision: Resource
    number: str
    depth: int
    sentences: list[ReadSentence]


def read_document(store: Store, base: str) -> list[ReadSection]:
    """Every provision that holds sentences, in document order, each with its sentences and their entities."""
    rows = store.select(PREFIXES + """SELECT ?s ?text ?at ?provision ?number ?parent WHERE {
        ?s a fikg:Sentence ; fikg:text ?text ; fikg:documentPosition ?at ; dcterms:isPartOf ?provision .
        OPTIONAL { ?provision fikg:sectionNumber ?number }
        OPTIONAL { ?provision eli:is_part_of ?parent } } ORDER BY ?at""")
    about = _entities_by_sentence(store, base)
    parent_of = {r["provision"].value: r["parent"].value for r in rows if "parent" in r}
    number_of = {r["provision"].value: r["number"].value for r in rows if "number" in r}
    named = [e for iris in about.values() for e in iris]
    known = {r.iri: r for r in resources(store, [*parent_of, *named], base)}
    sections: dict[str, list[ReadSentence]] = {}
    seen: set[str] = set()
    for row in rows:
        sentence, text = row["s"].value, row["text"].value
        if sentence in seen:
            continue
        seen.add(sentence)
        listed = _in_text_order([known[e] for e in about.get(sentence, []) if e in known], text)
        sections.setdefault(row["provision"].value, []).append(ReadSentence(sentence, text, listed))
    return [ReadSection(known[p], number_of.get(p, ""), _depth(p, parent_of), items)
            for p, items in sections.items()]


def _entities_by_sentence(store: Store, base: str) -> dict[str, list[str]]:
    rows = store.select(PREFIXES + """SELECT DISTINCT ?s ?e WHERE {
        { ?ax fikg:statedIn ?s ; owl:annotatedSource ?e } UNION { ?ax fikg:statedIn ?s ; owl:annotatedTarget ?e }
        UNION { ?e fikg:sourceSentence ?s }
        FILTER(isIRI(?e)) }""")
    about: dict[str, list[str]] = {}
    for row in rows:
        entity = row["e"].value
        parts = split_entity_iri(entity, base)
        if parts is None or parts[0] in NOT_LISTED:
            continue
        about.setdefault(row["s"].value, []).append(entity)
    return about


def _in_text_order(entities: list[Resource], text: str) -> list[Resource]:
    """Entities by where the text first names them (by their Chinese label), the unnamed ones last."""
    def where(resource: Resource) -> tuple[int, str]:
        label = resource.labels.zh or ""
        found = text.find(label) if label else -1
        return (found if found >= 0 else len(text), resource.kind + resource.slug)
    return sorted(dict.fromkeys(entities), key=where)


def _depth(provision: str, parent_of: dict[str, str]) -> int:
    depth = 1
    while (provision := parent_of.get(provision, "")) in parent_of:
        depth += 1
    return depth
