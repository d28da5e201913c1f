"""Group mentions into the draft's own entities, and propose matches with entities the project holds.

Ingest never writes onto another document's entities: every entity of the draft is minted in the new
document's namespace (``id/{kind}/{document}-{slug}``). A mention whose text equals an existing entity's
``rdfs:label`` (in Chinese), and whose kind fits that entity's class, gives a ``skos:exactMatch``
*proposal*; equal to its ``skos:altLabel`` or ``fikg:exactWording``, a ``skos:closeMatch`` proposal. The
draft states the proposal from its own entity; the review lists every one for the reviewer to confirm
or delete. A body named relative to its issuer (省科技厅, 市工信局, 各市人民政府) is a different body in
another province or city, so its namesakes are noted, not proposed. Several candidates, or a new name
that resembles an existing one, make the entity *uncertain*, with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from kg.ingest.model import Extraction, Mention
from kg.ingest.naming import english_label, slugify
from kg.rdf.vocab import ONTOLOGY_NS, entity_prefix
from kg.store.base import Store

# Which classes (local names, with their superclasses) a kind of mention may link to.
ACCEPTS: dict[str, set[str]] = {
    "agent": {"Agency", "CollectiveParty", "Organization", "Government", "ProvincialDepartment", "PartyOrgan",
              "CentralBodyBranch", "CoordinationBody"},
    "industry": {"Industry", "FutureIndustry", "GrowthFutureIndustry", "FrontierFutureIndustry"},
    "technology": {"Technology", "Material", "Product", "TechnologyField", "Concept"},
    "platform": {"Platform"}, "region": {"Region", "Province", "City"},
    "programme": {"Programme", "Fund", "TalentProgramme", "ScienceProgramme"},
    "scenario": {"ApplicationScenario"}, "domain": {"ApplicationDomain"}, "sector": {"Sector"},
    "talent": {"TalentCategory"}, "project": {"ProjectCategory"}, "challenge": {"Challenge"},
    "actor": {"ActorGroup"},
}
# The IRI path segment ({base}id/{segment}/{slug}) of each class, as the curated graph uses them.
SEGMENT: dict[str, str] = {
    "Government": "agency", "ProvincialDepartment": "agency", "PartyOrgan": "agency", "CentralBodyBranch": "agency",
    "CoordinationBody": "agency", "Agency": "agency", "CollectiveParty": "party", "Province": "region",
    "City": "region", "Region": "region", "GrowthFutureIndustry": "industry", "FrontierFutureIndustry": "industry",
    "FutureIndustry": "industry", "Technology": "technology", "Material": "material", "Product": "product",
    "TechnologyField": "field", "ApplicationScenario": "scenario", "ApplicationDomain": "domain", "Sector": "sector",
    "TalentCategory": "talent", "ProjectCategory": "project", "Fund": "fund", "Programme": "programme",
    "TalentProgramme": "programme", "ScienceProgramme": "programme", "Challenge": "challenge",
    "ActorGroup": "actor-group",
}

# Classes whose members are named institutions or programmes: a proper-name head makes the whole a title.
PROPER = {"Laboratory", "TechnologyInnovationCentre", "ResearchInstitute", "FutureTechnologyCollege", "Fund",
          "TalentProgramme", "ScienceProgramme", "Programme", "InnovationPlatform", "PilotZone", "SciencePark"}

_NAMES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX fikg: <https://w3id.org/fikg/ontology#>
SELECT ?e ?text ?how ?type WHERE {
  { ?e rdfs:label ?text BIND("label" AS ?how) } UNION { ?e skos:altLabel ?text BIND("alias" AS ?how) }
  UNION { ?e fikg:exactWording ?text BIND("wording" AS ?how) }
  FILTER(LANGMATCHES(LANG(?text), "zh"))
  ?e a ?class . ?class rdfs:subClassOf* ?type .
}
"""
_ENGLISH = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?zh ?en WHERE {
  { ?e rdfs:label ?zh } UNION { ?e skos:altLabel ?zh }
  ?e rdfs:label ?en .
  FILTER(LANGMATCHES(LANG(?zh), "zh") && LANGMATCHES(LANG(?en), "en"))
}
"""
_MEMBERS = "SELECT DISTINCT ?e WHERE { ?e <https://w3id.org/fikg/ontology#belongsToIndustry> ?industry }"
_DOCUMENTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?d ?name WHERE {
  ?d a <https://w3id.org/fikg/ontology#PolicyDocument> .
  { ?d eli:id_local ?name } UNION { ?d rdfs:label ?name } UNION { ?d dcterms:title ?name }
}
"""
RELATIVE = ("省", "市", "县", "区", "各", "本", "我", "有关", "相关")  # a body named relative to its issuer


@dataclass
class Entity:
    """One entity of the draft, minted in its document's namespace, with the matches it proposes."""

    iri: str
    label: str
    kind: str
    cls: str
    mentions: list[Mention]
    status: str  # "new": every entity of a draft is its own (matches are proposals)
    english: str = ""
    doubts: list[str] = field(default_factory=list)
    english_draft: bool = False  # the English label is a word-by-word or pinyin draft
    in_industry: bool = False  # a concept that belongs to a future industry (here or in the project)
    matches: list[tuple[str, str]] = field(default_factory=list)  # (existing IRI, "exactMatch" | "closeMatch")

    @property
    def uncertain(self) -> bool:
        return bool(self.doubts)


@dataclass
class EntityIndex:
    """Existing entities by zh name: name → [(iri, how it matched, class local names)]."""

    names: dict[str, list[tuple[str, str, frozenset[str]]]] = field(default_factory=dict)
    iris: set[str] = field(default_factory=set)
    english: dict[str, str] = field(default_factory=dict)  # zh name → English label (one name, one label)
    members: set[str] = field(default_factory=set)  # concepts that belong to an industry
    documents: dict[str, str] = field(default_factory=dict)  # document number or title → document IRI

    @classmethod
    def from_store(cls, store: Store | None) -> EntityIndex:
        index = cls()
        if store is None:
            return index
        types: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for row in store.select(_NAMES):
            key = (row["text"].value, row["e"].value, row["how"].value)
            types[key].add(_local(row["type"].value))
        for (text, iri, how), local in sorted(types.items()):
            index.names.setdefault(text, []).append((iri, how, frozenset(local)))
            index.iris.add(iri)
        english: dict[str, set[str]] = defaultdict(set)
        for row in store.select(_ENGLISH):
            english[row["zh"].value].add(row["en"].value)
        index.english = {zh: next(iter(en)) for zh, en in sorted(english.items()) if len(en) == 1}
        index.members = {row["e"].value for row in store.select(_MEMBERS)}
        for row in store.select(_DOCUMENTS):
            index.documents.setdefault(row["name"].value, row["d"].value)
        return index

    def candidates(self, name: str, kind: str) -> list[tuple[str, str]]:
        """(iri, how) of existing entities of a fitting class named ``name``; labels before aliases."""
        found = {(iri, how) for iri, how, local in self.names.get(name, []) if local & ACCEPTS.get(kind, set())}
        best: dict[str, str] = {}
        for iri, how in sorted(found):
            if iri not in best or how == "label":
                best[iri] = how
        return sorted(best.items())

    def resembling(self, name: str, kind: str) -> list[str]:
        """Existing names of the same kind that contain ``name`` or are contained in it."""
        out = []
        for text, entries in self.names.items():
            overlaps = text != name and len(text) >= 2 and (text in name or name in text)
            if overlaps and any(local & ACCEPTS.get(kind, set()) for _iri, _how, local in entries):
                out.append(text)
        return sorted(out)[:3]


def link(extraction: Extraction, index: EntityIndex, base_iri: str, document: str = "") -> list[Entity]:
    """Group mentions into the document's own entities (by kind and label), mint their IRIs in the
    document's namespace (``document`` is its slug), and propose matches with existing entities."""
    groups: dict[tuple[str, str], list[Mention]] = {}
    for mention in extraction.mentions:
        groups.setdefault((mention.kind, mention.label), []).append(mention)
    entities: list[Entity] = []
    taken = set(index.iris)
    for (kind, label), mentions in groups.items():
        cls = mentions[0].cls
        doubts = sorted({m.doubt for m in mentions if m.doubt})
        found = index.candidates(label, kind)
        english, draft = english_label(label, index.english, proper=cls in PROPER)
        if any(how == "label" for _iri, how in found) and label in index.english:
            english, draft = index.english[label], False  # a namesake by label: the project's English fits
        slug = slugify(english)
        iri = _mint(base_iri, SEGMENT.get(cls, kind), f"{document}-{slug}" if document else slug, taken)
        entity = Entity(iri, label, kind, cls, mentions, "new", english, doubts, english_draft=draft,
                        in_industry=any(m.industry for m in mentions))
        if found and kind == "agent" and label.startswith(RELATIVE):
            entity.doubts.append(f"another document names a body {label!r} ({', '.join(i for i, _ in found)}): "
                                 "a name relative to its issuer, so the same body only within one province or "
                                 "city; no match is proposed")
        elif found:
            entity.matches = [(other, "exactMatch" if how == "label" else "closeMatch") for other, how in found]
            if len(found) > 1:
                entity.doubts.append(f"{len(found)} existing entities bear this name: check which match holds")
        elif similar := index.resembling(label, kind):
            entity.doubts.append(f"resembles existing {'、'.join(similar)}: same entity, or a narrower one?")
        entities.append(entity)
    return entities


def _mint(base_iri: str, segment: str, slug: str, taken: set[str]) -> str:
    prefix = f"{entity_prefix(base_iri)}{segment}/"
    iri, n = prefix + slug, 1
    while iri in taken:
        n += 1
        iri = f"{prefix}{slug}-{n}"
    taken.add(iri)
    return iri


def _local(iri: str) -> str:
    if iri.startswith(ONTOLOGY_NS):
        return iri[len(ONTOLOGY_NS):]
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
