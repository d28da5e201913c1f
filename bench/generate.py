"""A deterministic generator of policy graphs shaped like ours, at any size (about 1,000 triples per document).

Run by hand:

    python3 bench/generate.py --triples 100000 --output /tmp/gen-100k.ttl
    python3 bench/generate.py --triples 10000 --violations 3 --output /tmp/bad.ttl

Every document is modelled as ``data/jiangsu-2023-104.ttl`` models 苏政发〔2023〕104号, with our
ontology's terms: a ``fikg:PolicyDocument`` in parts of ``fikg:Section`` provisions made of
``fikg:Sentence`` resources with their text; its own future industries, each with a small SKOS
technology taxonomy (``skos:broader``/``narrower``, ``fikg:belongsToIndustry``); key measures that name
an industry or a technology, with ordered responsible parties (``fikg:Responsibility`` nodes, position 1
the lead) drawn from agencies shared by all documents; actions; quantitative targets and milestones.
Provenance as in the real graph: ``fikg:sourceSentence``/``fikg:sourceProvision`` on every entity, and
every stated relation repeated as an ``owl:Axiom`` with ``fikg:statedIn``/``fikg:statedInProvision``.

The output is N-Triples (which is also Turtle, so the build reads it from ``data/*.ttl``). The same
arguments always give the same bytes. ``violations`` plants that many SHACL violations on purpose
(a responsibility whose lead flag is text, a target whose year is text, a measure without a label,
in turn);
:func:`planted_violations` lists their focus nodes.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

ID = "https://w3id.org/fikg/id/"
FIKG = "https://w3id.org/fikg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
ELI = "http://data.europa.eu/eli/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"

TRIPLES_PER_DOCUMENT = 1180  # measured (tests/bench/test_generate.py checks it)
SECTIONS, SENTENCES, INDUSTRIES, CONCEPTS_PER_INDUSTRY = 4, 5, 3, 4
MEASURES, ACTIONS_PER_SECTION, TARGETS = 3, 2, 2
TECHNOLOGY_SCHEME = ID + "concept-scheme/technologies"
SCALES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}

_CONCEPT_KINDS = (("technology", "Technology", "technology", "技术"), ("material", "Material", "material", "材料"),
                  ("product", "Product", "product", "产品"), ("technology", "Technology", "process", "工艺"))
_VIOLATIONS = ("lead-flag-as-text", "target-year-as-text", "measure-without-label")


def documents_for(triples: int) -> int:
    """How many documents give about ``triples`` triples."""
    return max(1, round(triples / TRIPLES_PER_DOCUMENT))


def agencies_for(documents: int) -> int:
    """Agencies are shared: a pool that grows slowly with the number of documents."""
    return 20 + documents // 10


class _Writer:
    """Collects N-Triples lines; ``axiom`` also writes the relation's owl:Axiom provenance node."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._axioms = 0

    def iri(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> <{o}> .")

    def text(self, s: str, p: str, value: str, lang: str | None = None) -> None:
        suffix = f"@{lang}" if lang else ""
        self.lines.append(f'<{s}> <{p}> "{value}"{suffix} .')

    def typed(self, s: str, p: str, value: object, datatype: str) -> None:
        lexical = str(value).lower() if isinstance(value, bool) else str(value)
        self.lines.append(f'<{s}> <{p}> "{lexical}"^^<{XSD}{datatype}> .')

    def entity(self, iri: str, cls: str, en: str, zh: str) -> None:
        self.iri(iri, RDF_TYPE, OWL + "NamedIndividual")
        self.iri(iri, RDF_TYPE, cls if cls.startswith("http") else FIKG + cls)
        self.text(iri, LABEL, en, "en")
        self.text(iri, LABEL, zh, "zh")

    def cite(self, iri: str, sentence: str, provision: str) -> None:
        self.iri(iri, FIKG + "sourceSentence", sentence)
        self.iri(iri, FIKG + "sourceProvision", provision)

    def axiom(self, s: str, p: str, o: str, sentence: str, provision: str) -> None:
        """The relation, and its owl:Axiom annotated with the sentence and provision stating it."""
        self.iri(s, p, o)
        self._axioms += 1
        node = f"_:ax{self._axioms}"
        self.lines.append(f"{node} <{RDF_TYPE}> <{OWL}Axiom> .")
        self.lines.append(f"{node} <{OWL}annotatedSource> <{s}> .")
        self.lines.append(f"{node} <{OWL}annotatedProperty> <{p}> .")
        self.lines.append(f"{node} <{OWL}annotatedTarget> <{o}> .")
        self.lines.append(f"{node} <{FIKG}statedIn> <{sentence}> .")
        self.lines.append(f"{node} <{FIKG}statedInProvision> <{provision}> .")

    def take(self) -> list[str]:
        lines, self.lines = self.lines, []
        return lines


def agency_iri(number: int) -> str:
    return f"{ID}agency/gen-agency-{number:04d}"


def document_iri(number: int) -> str:
    return f"{ID}document/gen-{number:05d}"


def concept_iri(slug: str, industry: int, concept: int) -> str:
    """The ``concept``-th concept (from 1) of the taxonomy of industry ``industry`` (from 1) of a document."""
    return f"{ID}{_CONCEPT_KINDS[concept - 1][0]}/{slug}-i{industry}-c{concept}"


def _shared(w: _Writer, agencies: int) -> None:
    """The header, the technology concept scheme and the agencies every document draws from."""
    header = "https://w3id.org/fikg/data/generated"
    w.iri(header, RDF_TYPE, OWL + "Ontology")
    w.iri(header, OWL + "imports", "https://w3id.org/fikg/ontology")
    w.entity(TECHNOLOGY_SCHEME, SKOS + "ConceptScheme", "technology taxonomy", "技术分类")
    w.iri(TECHNOLOGY_SCHEME, DCTERMS + "source", document_iri(0))
    first = f"{ID}sentence/gen-00000-1-s1", f"{ID}provision/gen-00000-1"
    for a in range(agencies):
        agency = agency_iri(a)
        w.entity(agency, "ProvincialDepartment", f"Provincial Department {a}", f"省第{a}厅")
        w.cite(agency, *first)


def _document(w: _Writer, d: int, agencies: int, rng: random.Random) -> None:
    slug = f"gen-{d:05d}"
    doc = document_iri(d)
    section = [f"{ID}provision/{slug}-{s + 1}" for s in range(SECTIONS)]
    sentence = [[f"{ID}sentence/{slug}-{s + 1}-s{k + 1}" for k in range(SENTENCES)] for s in range(SECTIONS)]
    year = 2020 + d % 6
    w.entity(doc, "PolicyDocument", f"Guiding opinions on future industries No. {d}", f"关于未来产业的指导意见第{d}号")
    w.text(doc, DCTERMS + "title", f"Guiding opinions on future industries No. {d}", "en")
    w.text(doc, DCTERMS + "title", f"关于未来产业的指导意见第{d}号", "zh")
    w.text(doc, ELI + "id_local", f"苏政发〔{year}〕{d}号")
    w.typed(doc, DCTERMS + "issued", f"{year}-{1 + d % 12:02d}-{1 + d % 28:02d}", "date")
    w.typed(doc, FIKG + "issueYear", year, "integer")
    w.cite(doc, sentence[0][0], section[0])
    for s in range(SECTIONS):
        w.entity(section[s], "Section", f"Section {s + 1} of document {d}", f"第{d}号文件第{s + 1}节")
        w.typed(section[s], FIKG + "position", s + 1, "integer")
        w.text(section[s], FIKG + "sectionNumber", f"{s + 1}")
        w.text(section[s], FIKG + "title", f"Measures, part {s + 1}", "en")
        w.text(section[s], FIKG + "title", f"举措之{s + 1}", "zh")
        w.text(section[s], FIKG + "text", f"第{s + 1}节全文。", "zh")
        w.cite(section[s], sentence[s][0], section[s])
        w.axiom(doc, ELI + "has_part", section[s], sentence[s][0], section[s])
        w.axiom(section[s], ELI + "is_part_of", doc, sentence[s][0], section[s])
        for k in range(SENTENCES):
            iri = sentence[s][k]
            w.entity(iri, "Sentence", f"Section {s + 1} of document {d}, sentence {k + 1}",
                     f"第{d}号文件第{s + 1}节第{k + 1}句")
            w.iri(iri, DCTERMS + "isPartOf", section[s])
            w.typed(iri, FIKG + "position", k + 1, "integer")
            w.typed(iri, FIKG + "documentPosition", s * SENTENCES + k + 1, "integer")
            w.text(iri, FIKG + "text", f"第{d}号文件第{s + 1}节第{k + 1}句：加快培育未来产业{rng.randrange(1000)}。",
                   "zh")
    industries, concepts = _industries(w, d, slug, sentence[1], section[1])
    _measures(w, d, slug, section, sentence, industries, concepts, agencies, rng)
    _targets(w, d, slug, section[0], sentence[0], industries, rng)


def _industries(w: _Writer, d: int, slug: str, sentences: list[str],
                provision: str) -> tuple[list[str], list[list[str]]]:
    """The document's own industries, each with a root concept and narrower ones."""
    industries, concepts = [], []
    for i in range(INDUSTRIES):
        industry = f"{ID}industry/{slug}-i{i + 1}"
        industries.append(industry)
        kind = "GrowthFutureIndustry" if i < INDUSTRIES - 1 else "FrontierFutureIndustry"
        w.entity(industry, kind, f"future industry {i + 1} of document {d}", f"第{d}号文件未来产业{i + 1}")
        w.typed(industry, FIKG + "listPosition", i + 1, "integer")
        w.typed(industry, FIKG + "sectionPosition", i + 1, "integer")
        stated = sentences[i % len(sentences)]
        w.cite(industry, stated, provision)
        members = []
        for c, (_, cls, en, zh) in enumerate(_CONCEPT_KINDS[:CONCEPTS_PER_INDUSTRY]):
            concept = concept_iri(slug, i + 1, c + 1)
            members.append(concept)
            w.entity(concept, cls, f"{en} {c + 1} of industry {i + 1} of document {d}",
                     f"第{d}号文件产业{i + 1}的{zh}{c + 1}")
            w.iri(concept, SKOS + "inScheme", TECHNOLOGY_SCHEME)
            w.cite(concept, stated, provision)
            w.axiom(concept, FIKG + "belongsToIndustry", industry, stated, provision)
            if c > 0:
                w.axiom(concept, SKOS + "broader", members[0], stated, provision)
                w.axiom(members[0], SKOS + "narrower", concept, stated, provision)
        concepts.append(members)
    return industries, concepts


def _measures(w: _Writer, d: int, slug: str, section: list[str], sentence: list[list[str]],
              industries: list[str], concepts: list[list[str]], agencies: int, rng: random.Random) -> None:
    """Key measures with actions, ordered responsible parties and what they name."""
    for m in range(MEASURES):
        s = m + 1  # measure m is described by section m + 2
        measure = f"{ID}measure/{slug}-m{m + 1}"
        heading, clause = sentence[s][0], sentence[s][-1]
        w.entity(measure, "KeyMeasure", f"Measure {m + 1} of document {d}", f"第{d}号文件举措{m + 1}")
        w.typed(measure, FIKG + "position", m + 1, "integer")
        w.typed(measure, FIKG + "responsibleListOpen", m % 2 == 0, "boolean")
        w.cite(measure, heading, section[s])
        w.iri(measure, FIKG + "sourceSentence", clause)
        w.axiom(measure, FIKG + "provision", section[s], heading, section[s])
        w.axiom(section[s], FIKG + "describesMeasure", measure, heading, section[s])
        if m == 0:
            w.axiom(measure, FIKG + "namesIndustry", industries[m], heading, section[s])
        else:
            w.axiom(measure, FIKG + "namesTechnology", concepts[m][1], heading, section[s])
        for a in range(ACTIONS_PER_SECTION):
            action = f"{ID}action/{slug}-{s + 1}-a{a + 1:02d}"
            said = sentence[s][1 + a]
            w.entity(action, "Action", f"action {a + 1} of measure {m + 1} of document {d}",
                     f"第{d}号文件举措{m + 1}行动{a + 1}")
            w.typed(action, FIKG + "position", a + 1, "integer")
            w.cite(action, said, section[s])
            w.axiom(section[s], FIKG + "hasAction", action, said, section[s])
            w.axiom(measure, FIKG + "hasAction", action, said, section[s])
            w.axiom(action, FIKG + "mentions", concepts[(m + a) % len(concepts)][a], said, section[s])
        parties = rng.sample(range(agencies), 2 + rng.randrange(3))
        for position, number in enumerate(parties, start=1):
            responsibility = f"{ID}responsibility/{slug}-m{m + 1}-{position}"
            agency = agency_iri(number)
            w.entity(responsibility, "Responsibility",
                     f"Measure {m + 1} of document {d}: responsible party {position}, Provincial Department {number}",
                     f"第{d}号文件举措{m + 1}责任单位{position}：省第{number}厅")
            w.typed(responsibility, FIKG + "position", position, "integer")
            w.typed(responsibility, FIKG + "isLead", position == 1, "boolean")
            w.cite(responsibility, clause, section[s])
            w.axiom(measure, FIKG + "hasResponsibility", responsibility, clause, section[s])
            w.axiom(responsibility, FIKG + "measure", measure, clause, section[s])
            w.axiom(responsibility, FIKG + "agent", agency, clause, section[s])


def _targets(w: _Writer, d: int, slug: str, provision: str, sentences: list[str], industries: list[str],
             rng: random.Random) -> None:
    """Quantitative targets of the first measure, and a milestone of the first section."""
    first_measure = f"{ID}measure/{slug}-m1"
    for t in range(TARGETS):
        target = f"{ID}target/{slug}-t{t + 1}"
        quantity, year = 5 * (1 + rng.randrange(40)), 2025 + 5 * rng.randrange(3)
        stated = sentences[1 + t]
        w.entity(target, "QuantitativeTarget", f"by {year}, {quantity} platforms (document {d}, target {t + 1})",
                 f"第{d}号文件目标{t + 1}：到{year}年建设{quantity}个平台")  # unique, as UniqueChineseLabel wants
        w.typed(target, FIKG + "targetYear", year, "integer")
        w.typed(target, FIKG + "quantity", quantity, "integer")
        w.text(target, FIKG + "unit", "个")
        w.text(target, FIKG + "exactWording", f"建设{quantity}个平台")
        w.cite(target, stated, provision)
        w.axiom(target, FIKG + "comparator", FIKG + ("atLeast" if t % 2 else "exactly"), stated, provision)
        w.axiom(first_measure, FIKG + "hasTarget", target, stated, provision)
    milestone = f"{ID}milestone/{slug}-2030-01"
    w.entity(milestone, "Milestone", f"future industry 1 of document {d} grows strong", f"第{d}号文件未来产业1做大做强")
    w.typed(milestone, FIKG + "targetYear", 2030, "integer")
    w.cite(milestone, sentences[-1], provision)
    w.axiom(provision, FIKG + "hasTarget", milestone, sentences[-1], provision)
    w.axiom(milestone, FIKG + "mentions", industries[0], sentences[-1], provision)


def planted_violations(violations: int) -> list[tuple[str, str]]:
    """(kind, focus node) of each planted violation: document ``k`` gets the ``k``-th."""
    planted = []
    for k in range(violations):
        kind = _VIOLATIONS[k % len(_VIOLATIONS)]
        slug = f"gen-{k:05d}"
        focus = {"lead-flag-as-text": f"{ID}responsibility/{slug}-m1-1",
                 "target-year-as-text": f"{ID}target/{slug}-t1",
                 "measure-without-label": f"{ID}measure/{slug}-m2"}[kind]
        planted.append((kind, focus))
    return planted


def _plant(lines: list[str], kind: str, focus: str) -> list[str]:
    if kind == "lead-flag-as-text":
        return [f'<{focus}> <{FIKG}isLead> "yes" .' if line.startswith(f"<{focus}> <{FIKG}isLead> ") else line
                for line in lines]
    if kind == "target-year-as-text":
        return [f'<{focus}> <{FIKG}targetYear> "twenty thirty" .' if line.startswith(f"<{focus}> <{FIKG}targetYear> ")
                else line for line in lines]
    return [line for line in lines if not line.startswith(f"<{focus}> <{LABEL}> ")]


def generate(triples: int, *, seed: int = 104, violations: int = 0) -> Iterator[str]:
    """N-Triples lines of a graph of about ``triples`` triples (blocks of lines, one per document)."""
    documents = documents_for(triples)
    agencies = agencies_for(documents)
    rng = random.Random(seed)
    writer = _Writer()
    _shared(writer, agencies)
    yield "\n".join(writer.take()) + "\n"
    planted = dict((int(focus.rsplit("gen-", 1)[1][:5]), (kind, focus))
                   for kind, focus in planted_violations(violations))
    for d in range(documents):
        _document(writer, d, agencies, rng)
        lines = writer.take()
        if d in planted:
            lines = _plant(lines, *planted[d])
        yield "\n".join(lines) + "\n"


def write_graph(path: Path, triples: int, *, seed: int = 104, violations: int = 0) -> int:
    """Write the graph to ``path``; returns the number of triples written."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for block in generate(triples, seed=seed, violations=violations):
            out.write(block)
            count += block.count("\n")
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=104)
    parser.add_argument("--violations", type=int, default=0)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)
    count = write_graph(args.output, args.triples, seed=args.seed, violations=args.violations)
    print(f"{count} triples ({documents_for(args.triples)} documents) → {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
