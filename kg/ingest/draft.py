"""Write the draft graph of an ingested document in the ontology's terms, with provenance per statement.

Like the curated graph: the document, its provisions (``id/provision/{doc}-3-3``) and sentences
(``id/sentence/{doc}-3-3-s7``, with ``fikg:text``); every entity carries ``fikg:sourceSentence`` and
``fikg:sourceProvision``; every relation between two resources is also an ``owl:Axiom`` with
``fikg:statedIn`` (sentence) and ``fikg:statedInProvision``. The output is deterministic: the same
input gives byte-identical Turtle.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Set

import rdflib
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kg.ingest.linking import Entity
from kg.ingest.mentions import mentioned
from kg.ingest.model import Extraction, Metadata
from kg.ingest.provisions import Document
from kg.rdf.vocab import ONTOLOGY_NS

FIKG = Namespace(ONTOLOGY_NS)
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
CONCEPTS = {"Technology", "Material", "Product", "TechnologyField"}
PROVISION_CLASS = {"Preamble": FIKG.Preamble, "Part": FIKG.Part, "Section": FIKG.Section, "Item": FIKG.Item,
                   "Closing": FIKG.Closing, "Annex": FIKG.Annex}


class Draft:
    """Accumulates triples and the sentences that state each relation, then serialises."""

    def __init__(self, document: Document, slug: str, base_iri: str, taken: Set[str] = frozenset()) -> None:
        self.document, self.slug = document, slug
        self.taken = taken  # zh names the project already holds: a draft label must not repeat one
        self.used: dict[URIRef, set[str]] = defaultdict(set)
        self.short = document.number or slug
        self.base = base_iri.rstrip("/") + "/"
        self.graph = rdflib.Graph()
        self.cited: dict[tuple, set[str]] = defaultdict(set)
        self.doc = self.iri("document", slug)

    def iri(self, segment: str, slug: str) -> URIRef:
        return URIRef(f"{self.base}id/{segment}/{slug}")

    def sentence(self, key: str) -> URIRef:
        return self.iri("sentence", f"{self.slug}-{key}")

    def provision(self, key: str) -> URIRef:
        return self.iri("provision", f"{self.slug}-{key}")

    def own(self, zh: str, cls: URIRef, where: str | None = None) -> str:
        """``zh``, or ``zh（示政发〔2024〕7号）`` when the project holds that name, or ``zh（where）`` when the
        draft already gave it to another resource of ``cls``: two resources of one class never share a label."""
        if zh in self.taken:
            zh = f"{zh}（{self.short}）"
        if zh in self.used[cls]:
            zh = f"{zh}（{where or len(self.used[cls])}）"
        self.used[cls].add(zh)
        return zh

    def individual(self, iri: URIRef, cls: URIRef, zh: str, en: str) -> None:
        self.graph.add((iri, RDF.type, cls))
        self.graph.add((iri, RDF.type, OWL.NamedIndividual))
        self.graph.add((iri, RDFS.label, Literal(zh, lang="zh")))
        self.graph.add((iri, RDFS.label, Literal(en, lang="en")))

    def relate(self, s: URIRef, p: URIRef, o: URIRef, sentence: str) -> None:
        """A relation the text states: the triple, and its citation."""
        self.graph.add((s, p, o))
        self.cited[(s, p, o)].add(sentence)

    def cite(self, iri: URIRef, sentence: str) -> None:
        self.graph.add((iri, FIKG.sourceSentence, self.sentence(sentence)))
        self.graph.add((iri, FIKG.sourceProvision, self.provision(self.document.sentences[sentence].provision)))

    def serialize(self) -> str:
        g = self.graph
        for prefix, ns in (("fikg", FIKG), ("eli", ELI), ("org", ORG), ("skos", SKOS), ("dcterms", DCTERMS),
                           ("owl", OWL), ("xsd", XSD), ("id", Namespace(self.base + "id/"))):
            g.bind(prefix, ns, override=True)
        nm = g.namespace_manager
        axioms = []
        for (s, p, o), sentences in self.cited.items():
            provisions = sorted({nm.normalizeUri(self.provision(self.document.sentences[k].provision))
                                 for k in sentences})
            axioms.append((str(s), str(p), str(o), "\n".join([
                "[] a owl:Axiom ;",
                f"    owl:annotatedSource {nm.normalizeUri(s)} ;",
                f"    owl:annotatedProperty {nm.normalizeUri(p)} ;",
                f"    owl:annotatedTarget {nm.normalizeUri(o)} ;",
                "    fikg:statedIn " + ", ".join(nm.normalizeUri(self.sentence(k)) for k in sorted(sentences)) + " ;",
                "    fikg:statedInProvision " + ", ".join(provisions) + " .",
            ])))
        body = g.serialize(format="turtle")
        tail = ["", "# ---- citations: one owl:Axiom per relation, with the sentence(s) that state it ----", ""]
        tail.extend(text + "\n" for *_key, text in sorted(axioms))
        return body + "\n".join(tail)


def build_draft(document: Document, extraction: Extraction, entities: list[Entity], slug: str,
                base_iri: str, taken: Set[str] = frozenset(), documents: Mapping[str, str] | None = None) -> Draft:
    """The draft graph of one document; ``taken``: zh names the project holds (labels of the draft's resources
    that repeat one get the document's number, so they stay unique when built together); ``documents``: the
    project's documents by number and title, which a reference links to."""
    draft = Draft(document, slug, base_iri, taken)
    _document(draft)
    _provisions(draft)
    by_label = _entities(draft, entities, extraction.about_industry)
    _metadata(draft, extraction.metadata, by_label, documents or {})
    _measures(draft, extraction, by_label)
    _targets(draft, extraction, by_label)
    _actions(draft, extraction, entities)
    return draft


def _document(d: Draft) -> None:
    doc = d.document
    d.individual(d.doc, FIKG.PolicyDocument, d.own(doc.title or d.slug, FIKG.PolicyDocument),
                 f"Policy document {d.slug} (draft)")
    if doc.number:
        d.graph.add((d.doc, ELI.id_local, Literal(doc.number)))
    if year := re.search(r"(\d{4})年", doc.date or "") or re.search(r"〔(\d{4})〕", doc.number or ""):
        d.graph.add((d.doc, FIKG.issueYear, Literal(int(year.group(1)))))
    header = URIRef(f"{d.base}data/{d.slug}")
    d.graph.add((header, RDF.type, OWL.Ontology))
    d.graph.add((header, OWL.imports, URIRef(ONTOLOGY_NS.rstrip("#"))))
    d.graph.add((header, DCTERMS.source, d.doc))
    d.graph.add((header, RDFS.comment, Literal(
        f"Draft generated by `kg ingest --id {d.slug}` for review; published only by `kg build`.", lang="en")))


def _metadata(d: Draft, meta: Metadata, by_label: dict[tuple[str, str], URIRef], documents: Mapping[str, str]) -> None:
    """Type, date, issuers, addressees, and references to other documents (``eli:cites`` / ``based_on`` /
    ``implements``) to a document the project holds, or to one minted in this document's namespace."""
    head = next(iter(d.document.sentences), None)
    if meta.type and head:
        d.relate(d.doc, ELI.type_document, d.iri("document-type", meta.type), head)
    if meta.date:
        d.graph.add((d.doc, DCTERMS.issued, Literal(meta.date, datatype=XSD.date)))
    for name, sentence in meta.issuers:
        d.relate(d.doc, ELI.passed_by, by_label[("agent", name)], sentence)
    for name, sentence in meta.addressees:
        d.relate(d.doc, FIKG.addressee, by_label[("agent", name)], sentence)
    for n, ref in enumerate(meta.references, start=1):
        target = documents.get(ref.number or "") or documents.get(ref.title or "")
        if target is None:
            iri = d.iri("document", f"{d.slug}-ref-{n}")
            name = ref.title or ref.number or ""
            d.individual(iri, ELI.LegalResource, d.own(name, ELI.LegalResource),
                         f"Document cited by {d.short} (English to be written)")
            if ref.title:
                d.graph.add((iri, DCTERMS.title, Literal(ref.title, lang="zh")))
            if ref.number:
                d.graph.add((iri, ELI.id_local, Literal(ref.number)))
            d.cite(iri, ref.sentence)
        else:
            iri = URIRef(target)
        d.relate(d.doc, ELI[ref.relation], iri, ref.sentence)


def _provisions(d: Draft) -> None:
    doc = d.document
    for key, prov in doc.provisions.items():
        iri = d.provision(key)
        zh = f"{prov.number} {prov.title}" if prov.number and prov.title else prov.number or key
        zh = d.own(zh, FIKG.Provision, key)
        d.individual(iri, PROVISION_CLASS[prov.kind], zh, f"{prov.kind} {key}")
        d.graph.add((iri, FIKG.text, Literal(prov.full_text(doc.provisions), lang="zh")))
        d.graph.add((iri, FIKG.position, Literal(prov.position)))
        if prov.number:
            d.graph.add((iri, FIKG.sectionNumber, Literal(prov.number)))
        if prov.title:
            d.graph.add((iri, FIKG.title, Literal(prov.title, lang="zh")))
        parent = d.provision(prov.parent) if prov.parent else d.doc
        if prov.sentences:
            first = prov.sentences[0].key
            d.cite(iri, first)
            d.relate(iri, ELI.is_part_of, parent, first)
            d.relate(parent, ELI.has_part, iri, first)
        for sentence in prov.sentences:
            s = d.sentence(sentence.key)
            d.individual(s, FIKG.Sentence, d.own(f"{zh}第{sentence.position}句", FIKG.Sentence, sentence.key),
                         f"{prov.kind} {key}, sentence "
                         f"{sentence.position}")
            d.graph.add((s, FIKG.text, Literal(sentence.text, lang="zh")))
            d.graph.add((s, FIKG.position, Literal(sentence.position)))
            d.graph.add((s, FIKG.documentPosition, Literal(sentence.document_position)))
            d.graph.add((s, DCTERMS.isPartOf, iri))


def _entities(d: Draft, entities: list[Entity], about: dict[str, str]) -> dict[tuple[str, str], URIRef]:
    by_label: dict[tuple[str, str], URIRef] = {}
    for entity in entities:
        by_label[(entity.kind, entity.label)] = URIRef(entity.iri)
        by_label.setdefault(("any", entity.label), URIRef(entity.iri))
    for entity in entities:
        iri = URIRef(entity.iri)
        if entity.status == "new":
            zh = d.own(entity.label, FIKG[entity.cls])
            d.individual(iri, FIKG[entity.cls], zh, entity.english)
            written = any(entity.label in d.document.sentences[m.sentence].text for m in entity.mentions)
            if zh != entity.label and written:  # the project holds the name: the label gets the number, the
                d.graph.add((iri, SKOS.altLabel, Literal(entity.label, lang="zh")))  # text's name stays
            if entity.cls in CONCEPTS:
                d.graph.add((iri, SKOS.inScheme, d.iri("concept-scheme", "technologies")))
        for other, relation in entity.matches:  # a proposal, stated from the draft's own entity
            d.graph.add((iri, SKOS[relation], URIRef(other)))
        for mention in entity.mentions:
            d.cite(iri, mention.sentence)
            if mention.wording and entity.status == "new":
                d.graph.add((iri, FIKG.exactWording, Literal(mention.wording, lang="zh")))
            if mention.industry and (industry := by_label.get(("industry", mention.industry))):
                d.relate(iri, FIKG.belongsToIndustry, industry, mention.sentence)
            if mention.broader and (broader := by_label.get(("technology", mention.broader))):
                d.relate(iri, SKOS.broader, broader, mention.sentence)
                d.relate(broader, SKOS.narrower, iri, mention.sentence)
            if mention.kind == "industry" and mention.position and entity.status == "new":
                d.graph.set((iri, FIKG.listPosition, Literal(mention.position)))
    items: dict[str, list[int]] = defaultdict(list)
    for key, label in about.items():
        if key not in d.document.provisions:
            continue  # a 专栏 line about a direction: a sentence, not a provision
        if industry := by_label.get(("industry", label)):
            d.relate(d.provision(key), FIKG.aboutIndustry, industry, d.document.provisions[key].sentences[0].key)
            items[label].append(d.document.provisions[key].position)
    for entity in entities:  # a new growth industry's item number (二(一)3 → 3), when one item is about it
        if entity.status == "new" and entity.cls == "GrowthFutureIndustry" and len(items[entity.label]) == 1:
            d.graph.add((URIRef(entity.iri), FIKG.sectionPosition, Literal(items[entity.label][0])))
    return by_label


def _measures(d: Draft, extraction: Extraction, by_label: dict[tuple[str, str], URIRef]) -> None:
    for measure in extraction.measures:
        prov = d.document.provisions[measure.provision]
        iri = d.iri("measure", f"{d.slug}-{measure.provision}")
        head = prov.sentences[0].key
        d.individual(iri, FIKG[measure.cls], d.own(measure.title, FIKG.Measure, prov.number),
                     f"Measure {measure.provision} of {d.slug} (draft)")
        d.graph.add((iri, FIKG.position, Literal(prov.position)))
        d.cite(iri, head)
        d.relate(iri, FIKG.provision, d.provision(measure.provision), head)
        d.relate(d.provision(measure.provision), FIKG.describesMeasure, iri, head)
        if measure.sentence is None:  # the text assigns it to nobody: say so, the shapes ask
            d.graph.add((iri, FIKG.responsibilityUnstated, Literal(True)))
            continue
        d.graph.add((iri, FIKG.responsibleListOpen, Literal(measure.open_list)))
        d.cite(iri, measure.sentence)
        for position, party in enumerate(measure.parties, start=1):
            r = d.iri("responsibility", f"{d.slug}-{measure.provision}-{position}")
            zh = d.own(f"{prov.number}责任单位{position}：{party}", FIKG.Responsibility)
            d.individual(r, FIKG.Responsibility, zh, f"Measure {measure.provision}: responsible party {position}")
            d.graph.add((r, FIKG.position, Literal(position)))
            d.graph.add((r, FIKG.isLead, Literal(position <= measure.leads)))
            d.cite(r, measure.sentence)
            d.relate(r, FIKG.agent, by_label[("agent", party)], measure.sentence)
            d.relate(r, FIKG.measure, iri, measure.sentence)
            d.relate(iri, FIKG.hasResponsibility, r, measure.sentence)


def _targets(d: Draft, extraction: Extraction, by_label: dict[tuple[str, str], URIRef]) -> None:
    measures = {m.provision for m in extraction.measures}
    counter: dict[str, int] = defaultdict(int)
    for target in extraction.targets:
        counter[target.provision] += 1
        iri = d.iri("target", f"{d.slug}-{target.provision}-t{counter[target.provision]}")
        when = f"by {target.year}" if target.year else "every year" if target.period == "annual" else "undated"
        d.individual(iri, FIKG.QuantitativeTarget, d.own(target.wording, FIKG.Target, target.provision),
                     f"{when}: {'about ' if target.comparator is None else ''}{target.quantity} "
                     f"{'or more ' if target.comparator == 'atLeast' else ''}(draft)")
        d.graph.add((iri, FIKG.exactWording, Literal(target.wording, lang="zh")))
        if target.year is not None:
            d.graph.add((iri, FIKG.targetYear, Literal(target.year)))
        if target.period is not None:
            d.graph.add((iri, FIKG.period, Literal(target.period)))
        d.graph.add((iri, FIKG.quantity, Literal(target.quantity)))
        d.graph.add((iri, FIKG.unit, Literal(target.unit)))
        d.cite(iri, target.sentence)
        if target.comparator:
            d.relate(iri, FIKG.comparator, FIKG[target.comparator], target.sentence)
        for label in target.counted:
            if counted := by_label.get(("any", label)):
                d.relate(iri, FIKG.counts, counted, target.sentence)
        container = (d.iri("measure", f"{d.slug}-{target.provision}") if target.provision in measures
                     else d.provision(target.provision))
        d.relate(container, FIKG.hasTarget, iri, target.sentence)


def _actions(d: Draft, extraction: Extraction, entities: list[Entity]) -> None:
    """Actions and milestones with the entities they name; what each measure names; whether it is general."""
    measures = {m.provision for m in extraction.measures}
    named: dict[str, dict[tuple[str, str], Entity]] = defaultdict(dict)
    for action in extraction.actions:
        prov = d.document.provisions[action.provision]
        iri = d.iri("action", f"{d.slug}-{action.provision}-a{action.position:02d}")
        d.individual(iri, FIKG.Action, d.own(action.wording, FIKG.Action, prov.number or action.provision),
                     f"Action {action.position} of {prov.number or action.provision} (English to be written)")
        d.graph.add((iri, FIKG.position, Literal(action.position)))
        d.cite(iri, action.sentence)
        container = (d.iri("measure", f"{d.slug}-{action.provision}") if action.provision in measures
                     else d.provision(action.provision))
        d.relate(container, FIKG.hasAction, iri, action.sentence)
        for entity in mentioned(action.wording, action.sentence, entities):
            _mention(d, iri, entity, action.sentence)
            if action.provision in measures:
                named[action.provision][(entity.iri, action.sentence)] = entity
    counter: dict[str, int] = defaultdict(int)
    for milestone in extraction.milestones:
        counter[milestone.provision] += 1
        iri = d.iri("milestone", f"{d.slug}-{milestone.provision}-m{counter[milestone.provision]:02d}")
        d.individual(iri, FIKG.Milestone, d.own(milestone.wording, FIKG.Target, str(milestone.year)),
                     f"By {milestone.year}: goal {counter[milestone.provision]} (English to be written)")
        d.graph.add((iri, FIKG.targetYear, Literal(milestone.year)))
        d.cite(iri, milestone.sentence)
        d.relate(d.provision(milestone.provision), FIKG.hasTarget, iri, milestone.sentence)
        for entity in mentioned(milestone.wording, milestone.sentence, entities):
            _mention(d, iri, entity, milestone.sentence)
    for provision in sorted(measures):
        measure = d.iri("measure", f"{d.slug}-{provision}")
        pairs = [(entity, sentence) for (_iri, sentence), entity in sorted(named[provision].items())]
        for entity, sentence in pairs:
            if entity.kind == "industry":
                d.relate(measure, FIKG.namesIndustry, URIRef(entity.iri), sentence)
            elif entity.kind == "technology":
                d.relate(measure, FIKG.namesTechnology, URIRef(entity.iri), sentence)
        general = not any(e.kind == "industry" or (e.kind == "technology" and e.in_industry) for e, _s in pairs)
        d.graph.add((measure, FIKG.appliesToAllFutureIndustries, Literal(general)))


def _mention(d: Draft, iri: URIRef, entity: Entity, sentence: str) -> None:
    d.relate(iri, FIKG.mentions, URIRef(entity.iri), sentence)
    d.cite(URIRef(entity.iri), sentence)
