"""Evaluation: ingest a document from its text alone and compare with its curated graph.

Precision and recall per kind. Entities (industries, technologies, platforms, regions) match when a
Chinese name of the draft entity (label or exact wording) equals one of the curated entity's
(label, alias or exact wording). Responsible parties are compared as (measure's provision, position,
party) so the order counts; targets as (provision, year or period, quantity, comparator), and once
more with what they count.

    python -m kg.ingest.evaluation SEED.txt data/jiangsu-2023-104.ttl
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, RDFS, SKOS

from kg.ingest.draft import FIKG, build_draft
from kg.ingest.extraction import extract
from kg.ingest.linking import EntityIndex, link
from kg.ingest.provisions import split_document
from kg.rdf.vocab import DEFAULT_BASE

ENTITY_KINDS: dict[str, set[str]] = {
    "industries": {"GrowthFutureIndustry", "FrontierFutureIndustry", "FutureIndustry"},
    "technologies": {"Technology", "Material", "Product", "TechnologyField"},
    "platforms": {"ResearchInstitute", "FutureTechnologyCollege", "SciencePark", "PilotZone", "TestFacility",
                  "TechnologyInnovationCentre", "InnovationPlatform", "Laboratory", "ConceptVerificationCentre",
                  "PilotScalePlatform", "Platform"},
    "regions": {"Region", "Province", "City"},
    "actor groups": {"ActorGroup"},
}


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
    """The draft of ``text`` linked against nothing (every entity new), as an rdflib graph."""
    document = split_document(text)
    extraction = extract(document)
    entities = link(extraction, EntityIndex(), DEFAULT_BASE)
    return build_draft(document, extraction, entities, slug, DEFAULT_BASE).graph


def evaluate(text: str, curated: rdflib.Graph) -> list[Score]:
    """Scores of the draft of ``text`` against the curated graph, one per kind."""
    draft = draft_graph(text)
    scores = [_entity_score(kind, classes, draft, curated) for kind, classes in ENTITY_KINDS.items()]
    scores.insert(2, _set_score("responsible parties (in order)", _parties(draft), _parties(curated)))
    scores.insert(3, _set_score("targets", _targets(draft, False), _targets(curated, False)))
    scores.insert(4, _set_score("targets with what they count", _targets(draft, True), _targets(curated, True)))
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


def _parties(graph: rdflib.Graph) -> set[tuple[str, int, str]]:
    out = set()
    for measure, responsibility in graph.subject_objects(FIKG.hasResponsibility):
        provision = _provision_key(graph, graph.value(measure, FIKG.provision))
        agent = graph.value(responsibility, FIKG.agent)
        out.add((provision, int(graph.value(responsibility, FIKG.position)), _zh(graph, agent)))
    return out


def _targets(graph: rdflib.Graph, with_counted: bool) -> set[tuple]:
    out = set()
    for target in graph.subjects(RDF.type, FIKG.QuantitativeTarget):
        year = graph.value(target, FIKG.targetYear)
        when = int(year) if year is not None else str(graph.value(target, FIKG.period))
        row: tuple = (_provision_of(graph, target), when, int(graph.value(target, FIKG.quantity)),
                      str(graph.value(target, FIKG.comparator)).rsplit("#", 1)[-1])
        if with_counted:
            row += (tuple(sorted(_zh(graph, c) for c in graph.objects(target, FIKG.counts))),)
        out.add(row)
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
    lines += [f"| {s.kind} | {s.predicted} | {s.correct} | {s.gold} | {s.found} | {s.precision:.2f} | {s.recall:.2f} |"
              for s in scores]
    return "\n".join(lines) + "\n"


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
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    curated = rdflib.Graph().parse(argv[1], format="turtle")
    sys.stdout.write(scores_markdown(evaluate(Path(argv[0]).read_text(encoding="utf-8"), curated)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
