"""Evaluation: ingest a document from its text alone and compare with its curated (or gold) graph.

Precision and recall per kind. Entities (industries and directions, technologies, platforms, regions)
match when a Chinese name of the draft entity (label, alias or exact wording) equals one of the curated
entity's. Responsible parties are compared as (measure's provision, position, party by name) so the
order counts; targets as (provision, year or period, quantity), then with the comparator, then with
what they count; issuers (``eli:passed_by``) by name; measures by their provision; references
(``eli:cites`` / ``based_on`` / ``implements``) as (relation, sentence that states it). A kind the
curated graph does not annotate (no item, and none predicted) reads "—".

    python -m kg.ingest.evaluation TEXT.txt CURATED.ttl     # e.g. the seed and data/jiangsu-2023-104.ttl
    python -m kg.ingest.evaluation --corpus                 # every text of tests/data/corpus/ with its gold
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.ingest.draft import ELI, FIKG, build_draft
from kg.ingest.extraction import extract
from kg.ingest.linking import EntityIndex, link
from kg.ingest.provisions import split_document
from kg.rdf.vocab import DEFAULT_BASE

ENTITY_KINDS: dict[str, set[str]] = {
    "industries and directions": {"GrowthFutureIndustry", "FrontierFutureIndustry", "FutureIndustry"},
    "technologies": {"Technology", "Material", "Product", "TechnologyField"},
    "platforms": {"ResearchInstitute", "FutureTechnologyCollege", "SciencePark", "PilotZone", "TestFacility",
                  "TechnologyInnovationCentre", "InnovationPlatform", "Laboratory", "ConceptVerificationCentre",
                  "PilotScalePlatform", "Platform"},
    "regions": {"Region", "Province", "City"},
    "actor groups": {"ActorGroup"},
}


REFERENCES = {ELI.cites, ELI.based_on, ELI.implements}
CORPUS_KINDS = ("industries and directions", "technologies", "targets (year, quantity)", "targets", "issuers",
                "responsible parties (in order)", "measures", "references")  # what the gold graphs annotate
CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "corpus"


@dataclass(frozen=True)
class Score:
    """Precision and recall of one kind."""

    kind: str
    predicted: int
    correct: int  # predicted items that are right
    gold: int
    found: int  # gold items that were found

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0


def draft_graph(text: str, slug: str = "evaluation") -> rdflib.Graph:
    """The draft of ``text`` linked against nothing (every entity new), as an rdflib graph with its citations."""
    document = split_document(text)
    extraction = extract(document)
    entities = link(extraction, EntityIndex(), DEFAULT_BASE)
    turtle = build_draft(document, extraction, entities, slug, DEFAULT_BASE).serialize()
    return rdflib.Graph().parse(data=turtle, format="turtle")


def evaluate(text: str, curated: rdflib.Graph) -> list[Score]:
    """Scores of the draft of ``text`` against the curated graph, one per kind."""
    draft = draft_graph(text)
    scores = [_entity_score(kind, classes, draft, curated) for kind, classes in ENTITY_KINDS.items()]
    scores.insert(2, _link_score("responsible parties (in order)", _parties(draft), _parties(curated)))
    scores.insert(3, _set_score("targets (year, quantity)", _targets(draft, 0), _targets(curated, 0)))
    scores.insert(4, _set_score("targets", _targets(draft, 1), _targets(curated, 1)))
    scores.insert(5, _set_score("targets with what they count", _targets(draft, 2), _targets(curated, 2)))
    scores.insert(6, _link_score("issuers", _issuers(draft), _issuers(curated)))
    scores.insert(7, _set_score("measures", _measures(draft), _measures(curated)))
    scores.insert(8, _set_score("references", _references(draft), _references(curated)))
    scores.append(_set_score("actions", set(_owners(draft, FIKG.Action).values()),
                             set(_owners(curated, FIKG.Action).values())))
    scores.append(_set_score("milestones", set(_owners(draft, FIKG.Milestone).values()),
                             set(_owners(curated, FIKG.Milestone).values())))
    scores.append(_link_score("mentions", _mentions(draft), _mentions(curated)))
    scores.append(_link_score("measures name industries", _named(draft, FIKG.namesIndustry),
                              _named(curated, FIKG.namesIndustry)))
    scores.append(_link_score("measures name technologies", _named(draft, FIKG.namesTechnology),
                              _named(curated, FIKG.namesTechnology)))
    return scores


def _names(graph: rdflib.Graph, entity: rdflib.term.Node) -> set[str]:
    out = {str(o) for o in graph.objects(entity, RDFS.label) if getattr(o, "language", None) == "zh"}
    out |= {str(o) for o in graph.objects(entity, SKOS.altLabel)}
    out |= {str(o) for o in graph.objects(entity, FIKG.exactWording)}
    return out


def _entities(graph: rdflib.Graph, classes: set[str]) -> dict[rdflib.term.Node, set[str]]:
    return {s: _names(graph, s) for cls in sorted(classes) for s in graph.subjects(RDF.type, FIKG[cls])}


def _entity_score(kind: str, classes: set[str], draft: rdflib.Graph, curated: rdflib.Graph) -> Score:
    predicted, gold = _entities(draft, classes), _entities(curated, classes)
    correct = sum(1 for names in predicted.values() if any(names & g for g in gold.values()))
    found = sum(1 for names in gold.values() if any(names & p for p in predicted.values()))
    return Score(kind, len(predicted), correct, len(gold), found)


def _set_score(kind: str, predicted: set, gold: set) -> Score:
    return Score(kind, len(predicted), len(predicted & gold), len(gold), len(gold & predicted))


def _provision_key(graph: rdflib.Graph, iri: rdflib.term.Node) -> str:
    """"…/provision/jiangsu-2023-104-3-3" → "3-3": the provision IRI less the document's slug."""
    document = graph.value(predicate=RDF.type, object=FIKG.PolicyDocument)
    slug = str(document).rsplit("/", 1)[-1] if document is not None else ""
    tail = str(iri).rsplit("/", 1)[-1]
    return tail[len(slug) + 1:] if slug and tail.startswith(slug + "-") else tail


def _provision_of(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    provisions = sorted(_provision_key(graph, p) for p in graph.objects(node, FIKG.sourceProvision))
    return provisions[0] if provisions else "?"


def _zh(graph: rdflib.Graph, node: rdflib.term.Node) -> str:
    return next((str(o) for o in graph.objects(node, RDFS.label) if getattr(o, "language", None) == "zh"), "")


def _parties(graph: rdflib.Graph) -> list[tuple[tuple, frozenset[str]]]:
    out = []
    for measure, responsibility in graph.subject_objects(FIKG.hasResponsibility):
        provision = _provision_key(graph, graph.value(measure, FIKG.provision))
        agent = graph.value(responsibility, FIKG.agent)
        out.append(((provision, int(graph.value(responsibility, FIKG.position))), frozenset(_names(graph, agent))))
    return out


def _targets(graph: rdflib.Graph, detail: int) -> set[tuple]:
    """(provision, year or period, quantity, unit); with the comparator (``detail`` 1), and what is counted (2)."""
    out = set()
    for target in graph.subjects(RDF.type, FIKG.QuantitativeTarget):
        year = graph.value(target, FIKG.targetYear)
        when = int(year) if year is not None else str(graph.value(target, FIKG.period))
        row: tuple = (_provision_of(graph, target), when, int(graph.value(target, FIKG.quantity)),
                      str(graph.value(target, FIKG.unit)))
        if detail >= 1:
            row += (str(graph.value(target, FIKG.comparator)).rsplit("#", 1)[-1],)
        if detail >= 2:
            row += (tuple(sorted(_zh(graph, c) for c in graph.objects(target, FIKG.counts))),)
        out.add(row)
    return out


def _document(graph: rdflib.Graph) -> rdflib.term.Node | None:
    return graph.value(predicate=RDF.type, object=FIKG.PolicyDocument)


def _issuers(graph: rdflib.Graph) -> list[tuple[tuple, frozenset[str]]]:
    return [((), frozenset(_names(graph, agent))) for agent in graph.objects(_document(graph), ELI.passed_by)]


def _measures(graph: rdflib.Graph) -> set[str]:
    return {_provision_key(graph, provision) for provision in graph.objects(None, FIKG.provision)}


def _references(graph: rdflib.Graph) -> set[tuple[str, str]]:
    """(relation, key of the sentence that states it) of each reference to another document."""
    document, out = _document(graph), set()
    for axiom in graph.subjects(OWL.annotatedSource, document):
        relation = graph.value(axiom, OWL.annotatedProperty)
        if relation in REFERENCES:
            for sentence in graph.objects(axiom, FIKG.statedIn):
                out.add((str(relation).rsplit("#", 1)[-1], _provision_key(graph, sentence)))
    return out


def _owners(graph: rdflib.Graph, cls: rdflib.URIRef) -> dict[rdflib.term.Node, tuple]:
    """Actions or milestones by IRI → (provision, year, wording): what identifies them across graphs."""
    out = {}
    for node in graph.subjects(RDF.type, cls):
        year = graph.value(node, FIKG.targetYear)
        out[node] = (_provision_of(graph, node), int(year) if year is not None else None, _zh(graph, node))
    return out


def _mentions(graph: rdflib.Graph) -> list[tuple[tuple, frozenset[str]]]:
    """(action or milestone, names of the entity it mentions)."""
    owners = {**_owners(graph, FIKG.Action), **_owners(graph, FIKG.Milestone)}
    return [(owners[s], frozenset(_names(graph, o))) for s, o in graph.subject_objects(FIKG.mentions) if s in owners]


def _named(graph: rdflib.Graph, prop: rdflib.URIRef) -> list[tuple[tuple, frozenset[str]]]:
    """(measure's provision, names of the industry or technology it names)."""
    return [((_provision_key(graph, graph.value(s, FIKG.provision)),), frozenset(_names(graph, o)))
            for s, o in graph.subject_objects(prop)]


def _link_score(kind: str, predicted: list[tuple[tuple, frozenset[str]]],
                gold: list[tuple[tuple, frozenset[str]]]) -> Score:
    """Links match when their owners are the same and the linked entities share a Chinese name."""
    def hit(link: tuple[tuple, frozenset[str]], others: list[tuple[tuple, frozenset[str]]]) -> bool:
        return any(link[0] == other[0] and link[1] & other[1] for other in others)

    return Score(kind, len(predicted), sum(hit(p, gold) for p in predicted), len(gold),
                 sum(hit(g, predicted) for g in gold))


def scores_markdown(scores: list[Score]) -> str:
    """A Markdown table of the scores."""
    lines = ["| kind | predicted | correct | curated | found | precision | recall |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    lines += [f"| {s.kind} | {s.predicted} | {s.correct} | {s.gold} | {s.found} | {_ratio(s.precision, s)} | "
              f"{_ratio(s.recall, s)} |" for s in scores]
    return "\n".join(lines) + "\n"


def _ratio(value: float, score: Score) -> str:
    return "—" if score.gold == 0 and score.predicted == 0 else f"{value:.2f}"


def corpus_texts() -> list[tuple[Path, Path]]:
    """The made-up texts of the test corpus with their gold graphs."""
    return [(text, text.with_suffix(".gold.ttl")) for text in sorted(CORPUS.glob("*.txt"))
            if text.with_suffix(".gold.ttl").is_file()]


def english_composition(curated: rdflib.Graph) -> tuple[int, int, int]:
    """Leave-one-out check of English labels: each curated entity's zh label composed from the *other*
    entities' names. Returns (entities, composed without a draft, composed equal to the curated label
    ignoring case)."""
    from kg.ingest.linking import PROPER
    from kg.ingest.naming import english_label

    labels: dict[str, set[str]] = {}
    classes: dict[str, set[str]] = {}
    for s in graph_entities(curated):
        zh, en = _zh(curated, s), next((str(o) for o in curated.objects(s, RDFS.label) if o.language == "en"), "")
        if zh and en:
            labels.setdefault(zh, set()).add(en)
            classes.setdefault(zh, set()).update(str(t).rsplit("#", 1)[-1] for t in curated.objects(s, RDF.type))
    known = {zh: next(iter(en)) for zh, en in labels.items() if len(en) == 1}
    composed = equal = 0
    for zh, en in sorted(known.items()):
        label, draft = english_label(zh, known, proper=bool(classes[zh] & PROPER))
        composed += not draft
        equal += not draft and label.lower() == en.lower()
    return len(known), composed, equal


def graph_entities(graph: rdflib.Graph) -> list[rdflib.term.Node]:
    """Subjects typed with a class of the entity kinds (industries, technologies, platforms, regions, …)."""
    kinds = {FIKG[c] for classes in ENTITY_KINDS.values() for c in classes}
    kinds |= {FIKG[c] for c in ("Fund", "Programme", "TalentProgramme", "ScienceProgramme", "Sector",
                                "ApplicationDomain", "ApplicationScenario", "ActorGroup", "PolicyInstrument")}
    return sorted({s for k in kinds for s in graph.subjects(RDF.type, k)})


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--english":
        total, composed, equal = english_composition(rdflib.Graph().parse(argv[1], format="turtle"))
        print(f"entities {total}; English composed from other known names {composed}; "
              f"equal to the curated label {equal}")
        return 0
    if argv == ["--corpus"]:
        for text, gold in corpus_texts():
            scores = evaluate(text.read_text(encoding="utf-8"), rdflib.Graph().parse(gold, format="turtle"))
            scores = [s for s in scores if s.kind in CORPUS_KINDS]
            sys.stdout.write(f"\n{text.name}\n\n" + scores_markdown(scores))
        return 0
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    curated = rdflib.Graph().parse(argv[1], format="turtle")
    sys.stdout.write(scores_markdown(evaluate(Path(argv[0]).read_text(encoding="utf-8"), curated)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
