"""Write the gold graphs of the made-up corpus: ``python tools/corpus_gold.py`` → tests/data/corpus/*.gold.ttl.

The facts are the hand-written tables of ``tools/corpus_gold_facts.py``; this script only finds the sentence
each quotation comes from and writes the graph in the curated graph's terms (document, provisions,
sentences, entities with ``fikg:sourceSentence``/``sourceProvision``, relations with their ``owl:Axiom``).
Its skeleton (provisions and sentences) is its own small reading of the numbering (一、 （一） 1. 专栏 附件),
written apart from ``kg/ingest`` so the gold does not inherit the ingest's mistakes; the keys follow the
curated graph (``2-1``, ``2-1-s3``, ``preamble``, ``closing``, ``annex``). A label another document of the
project already uses gets the document number in brackets and the plain wording as ``skos:altLabel``.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import rdflib
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_gold_facts import CORPUS

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = ROOT / "tests" / "data" / "corpus"
BASE = "https://w3id.org/fikg/"
FIKG = Namespace(BASE + "ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
CN = "一二三四五六七八九十"
PART = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
SECTION = re.compile(r"^（([一二三四五六七八九十]+)）(.+)$")
ITEM = re.compile(r"^(\d{1,2})[.．、](.+)$")
DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
NUMBER = re.compile(r"〔\d{4}〕\d+号$")
HALF = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
SEGMENT = {"FutureIndustry": "industry", "Technology": "technology", "Material": "technology",
           "Product": "technology", "TechnologyField": "technology", "Agency": "agency", "Government": "agency",
           "ProvincialDepartment": "agency", "PartyOrgan": "agency", "CentralBodyBranch": "agency",
           "CollectiveParty": "party", "ActorGroup": "actor", "PilotZone": "platform", "TalentCategory": "talent",
           "ApplicationScenario": "scenario", "ConceptVerificationCentre": "platform"}
DOCUMENT_TYPES = {"implementation-opinions", "opinions", "guiding-opinions", "action-plan", "notice"}


def web_lines(text: str) -> list[str]:
    """A text copied from a web page: half-width punctuation made full-width, hard line breaks joined."""
    text = text.replace("[", "〔").replace("]", "〕")
    text = "".join(HALF.get(c, c) for c in text)
    out: list[str] = []
    for line in (ln.strip() for ln in text.splitlines()):
        if not line:
            continue
        structural = PART.match(line) or SECTION.match(line) or DATE.match(line) or NUMBER.search(line)
        if out and not structural and not line.startswith("（此件") and len(out) > 1 and continues(out[-1]):
            out[-1] += line
        else:
            out.append(line)
    return out


def continues(previous: str) -> bool:
    """Whether a hard-wrapped line goes on: not after a full stop, a heading, a document number, the
    signature, or a bracketed clause closed after a full stop (…。（责任单位：…）); always inside brackets."""
    if previous.count("（") > previous.count("）"):
        return True
    if previous.endswith(("。", "：")) or NUMBER.search(previous) or previous == "常州市人民政府":
        return False
    if PART.match(previous) and len(previous) <= 12:
        return False
    return not re.search(r"。（[^（）]*）$", previous)


def sentences_of(paragraph: str) -> list[str]:
    return [p for p in re.findall(r"[^。]+。?", paragraph) if p.strip()]


def skeleton(lines: list[str]) -> tuple[list[dict], list[dict]]:
    """Provisions (key, kind, number, title, parent, lines) and sentences (key, provision, text) in order."""
    provisions: list[dict] = []
    first_part = next(i for i, ln in enumerate(lines) if PART.match(ln))
    provisions.append({"key": "preamble", "kind": "Preamble", "number": None, "title": None, "parent": None,
                       "sentences": lines[:3] + [s for ln in lines[3:first_part] for s in sentences_of(ln)]})
    part = section = None
    closing_start = next(i for i, ln in enumerate(lines) if DATE.match(ln))
    while closing_start > 0 and len(lines[closing_start - 1]) <= 30 and "。" not in lines[closing_start - 1]:
        closing_start -= 1
    body_end = closing_start
    annex = None
    if "附件" in lines[closing_start + 1:]:
        annex = lines.index("附件", closing_start + 1)
    for line in lines[first_part:body_end]:
        if m := PART.match(line):
            part = {"key": str(CN.index(m.group(1)) + 1), "kind": "Part", "number": m.group(1),
                    "title": m.group(2), "parent": None, "sentences": [line]}
            provisions.append(part)
            section = None
        elif m := SECTION.match(line):
            idx = CN.index(m.group(1)) + 1
            heading, stop, rest = m.group(2).partition("。")
            section = {"key": f"{part['key']}-{idx}", "kind": "Section", "number": f"{part['number']}({m.group(1)})",
                       "title": heading, "parent": part["key"],
                       "sentences": [f"（{m.group(1)}）{heading}{stop}", *sentences_of(rest)]}
            provisions.append(section)
        elif (m := ITEM.match(line)) and section is not None:
            heading, stop, rest = m.group(2).partition("。")
            provisions.append({"key": f"{section['key']}-{m.group(1)}", "kind": "Item",
                               "number": f"{section['number']}{m.group(1)}", "title": heading,
                               "parent": section["key"], "sentences": [f"{m.group(1)}.{heading}{stop}",
                                                                      *sentences_of(rest)]})
        else:
            provisions[-1]["sentences"].extend([line] if "。" not in line else sentences_of(line))
    tail = lines[closing_start: annex if annex else len(lines)]
    provisions.append({"key": "closing", "kind": "Closing", "number": None, "title": None, "parent": None,
                       "sentences": tail})
    if annex:
        provisions.append({"key": "annex", "kind": "Annex", "number": "附件", "title": lines[annex + 1],
                           "parent": None, "sentences": lines[annex:]})
    sentences = []
    for prov in provisions:
        for pos, text in enumerate(prov["sentences"], start=1):
            sentences.append({"key": f"{prov['key']}-s{pos}", "provision": prov["key"], "position": pos,
                              "text": text})
    return provisions, sentences


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


class Gold:
    def __init__(self, facts: dict) -> None:
        self.facts, self.slug = facts, facts["slug"]
        text = (CORPUS_DIR / facts["file"]).read_text(encoding="utf-8")
        lines = web_lines(text) if facts.get("web") else [ln.strip() for ln in text.splitlines() if ln.strip()]
        self.provisions, self.sentences = skeleton(lines)
        self.by_key = {p["key"]: p for p in self.provisions}
        self.graph = rdflib.Graph()
        self.cited: dict[tuple, set[str]] = defaultdict(set)
        self.doc = self.iri("document", self.slug)
        self.labels: dict[URIRef, str] = {}

    def iri(self, segment: str, slug: str) -> URIRef:
        return URIRef(f"{BASE}id/{segment}/{slug}")

    def find(self, quote: str, *, every: bool = False) -> list[str]:
        keys = [s["key"] for s in self.sentences if quote in s["text"]]
        if not keys:
            raise SystemExit(f"{self.slug}: no sentence quotes {quote!r}")
        return keys if every else keys[:1]

    def provision_of(self, sentence: str) -> str:
        return sentence.rsplit("-s", 1)[0]

    def cite(self, iri: URIRef, sentences: list[str]) -> None:
        for key in sentences:
            self.graph.add((iri, FIKG.sourceSentence, self.iri("sentence", f"{self.slug}-{key}")))
            self.graph.add((iri, FIKG.sourceProvision,
                            self.iri("provision", f"{self.slug}-{self.provision_of(key)}")))

    def relate(self, s: URIRef, p: URIRef, o: URIRef, sentences: list[str]) -> None:
        self.graph.add((s, p, o))
        self.cited[(s, p, o)].update(sentences)

    def individual(self, iri: URIRef, cls: URIRef, zh: str, en: str) -> None:
        self.graph.add((iri, RDF.type, cls))
        self.graph.add((iri, RDF.type, OWL.NamedIndividual))
        self.labels[iri] = zh
        self.graph.add((iri, RDFS.label, Literal(en, lang="en")))

    def entity(self, cls: str, zh: str, en: str, sentences: list[str]) -> URIRef:
        iri = self.iri(SEGMENT[cls], f"{self.slug}-{slugify(en)}")
        if iri not in self.labels:
            self.individual(iri, FIKG[cls], zh, en)
        self.cite(iri, sentences)
        return iri

    def build(self) -> None:
        self.structure()
        self.metadata()
        self.industries()
        self.targets()
        self.measures()
        self.references()

    def structure(self) -> None:
        f, g = self.facts, self.graph
        self.individual(self.doc, FIKG.PolicyDocument, self.sentences[0]["text"], f["title_en"])
        g.add((self.doc, DCTERMS.title, Literal(self.sentences[0]["text"], lang="zh")))
        g.add((self.doc, DCTERMS.title, Literal(f["title_en"], lang="en")))
        g.add((self.doc, ELI.id_local, Literal(f["number"])))
        g.add((self.doc, DCTERMS.issued, Literal(f["date"], datatype=XSD.date)))
        g.add((self.doc, FIKG.issueYear, Literal(int(f["date"][:4]))))
        self.cite(self.doc, ["preamble-s1", "preamble-s2"])
        position = 0
        for prov in self.provisions:
            iri = self.iri("provision", f"{self.slug}-{prov['key']}")
            if prov["parent"] is None:
                position += 1
                pos = position
                g.add((iri, ELI.is_part_of, self.doc))
                g.add((self.doc, ELI.has_part, iri))
            else:
                parent = self.iri("provision", f"{self.slug}-{prov['parent']}")
                pos = int(prov["key"].rsplit("-", 1)[1])
                g.add((iri, ELI.is_part_of, parent))
                g.add((parent, ELI.has_part, iri))
            zh = {"Preamble": "序言", "Closing": "落款"}.get(prov["kind"]) or f"{prov['number']} {prov['title']}"
            en = {"Preamble": "Preamble", "Closing": "Closing", "Annex": "Annex"}.get(prov["kind"]) \
                or f"{prov['kind']} {prov['key'].replace('-', '.')}"
            self.individual(iri, FIKG[prov["kind"]], zh, f"{en} of {f['short_en']}")
            g.add((iri, FIKG.position, Literal(pos)))
            if prov["number"]:
                g.add((iri, FIKG.sectionNumber, Literal(prov["number"])))
            if prov["title"]:
                g.add((iri, FIKG.title, Literal(prov["title"], lang="zh")))
            g.add((iri, FIKG.text, Literal("\n".join(prov["sentences"]), lang="zh")))
            self.cite(iri, [f"{prov['key']}-s1"])
        for n, s in enumerate(self.sentences, start=1):
            iri = self.iri("sentence", f"{self.slug}-{s['key']}")
            prov = self.by_key[s["provision"]]
            name = {"Preamble": "序言", "Closing": "落款"}.get(prov["kind"]) or prov["number"]
            self.individual(iri, FIKG.Sentence, f"{name}第{s['position']}句",
                            f"{f['short_en']}, {s['provision']}, sentence {s['position']}")
            g.add((iri, DCTERMS.isPartOf, self.iri("provision", f"{self.slug}-{s['provision']}")))
            g.add((iri, FIKG.position, Literal(s["position"])))
            g.add((iri, FIKG.documentPosition, Literal(n)))
            g.add((iri, FIKG.text, Literal(s["text"], lang="zh")))

    def metadata(self) -> None:
        f = self.facts
        assert f["type"] in DOCUMENT_TYPES
        self.relate(self.doc, ELI.type_document, self.iri("document-type", f["type"]), ["preamble-s1"])
        for zh, en, cls, quote in f["issuers"]:
            where = [k for k in self.find(quote, every=True)
                     if k.startswith(("closing", "preamble-s1"))]
            agency = self.entity(cls, zh, en, where)
            self.relate(self.doc, ELI.passed_by, agency, where)
        for zh, en in f["addressees"]:
            party = self.entity("CollectiveParty", zh, en, ["preamble-s3"])
            self.relate(self.doc, FIKG.addressee, party, ["preamble-s3"])

    def industries(self) -> None:
        f = self.facts
        listing = self.find("、".join(zh for zh, _ in f["industries"][:2]))
        self.industry = {}
        self.technology_sources: list[tuple[URIRef, str]] = []
        for n, (zh, en) in enumerate(f["industries"], start=1):
            iri = self.entity("FutureIndustry", zh, en, listing + [
                k for k in self.find(zh, every=True) if self.sentence(k).startswith((zh, "（"))
                and zh in self.sentence(k)[:12]])
            self.graph.add((iri, FIKG.listPosition, Literal(n)))
            self.industry[zh] = iri
        for zh, en, cls, industry in f["technologies"]:
            where = [k for k in self.find(zh, every=True) if industry in self.heading_of(k)]
            if not where:
                raise SystemExit(f"{self.slug}: {zh} is not under {industry}")
            iri = self.entity(cls, zh, en, where[:1])
            self.technology_sources.append((iri, where[0]))
            self.graph.add((iri, SKOS.inScheme, self.iri("concept-scheme", "technologies")))
            self.relate(iri, FIKG.belongsToIndustry, self.industry[industry], where[:1])
        for key, zh in f["about"].items():
            prov = self.iri("provision", f"{self.slug}-{key}")
            self.relate(prov, FIKG.aboutIndustry, self.industry[zh], [f"{key}-s1"])
            self.cite(self.industry[zh], [f"{key}-s1"])

    def technologies_in(self, provision: str) -> list[tuple[URIRef, str]]:
        """The technologies listed in a provision's sentences (a measure names them)."""
        return [(iri, where) for iri, where in self.technology_sources if self.provision_of(where) == provision]

    def sentence(self, key: str) -> str:
        return next(s["text"] for s in self.sentences if s["key"] == key)

    def heading_of(self, key: str) -> str:
        """The sentence itself plus its provision's heading: where a technology's industry is named."""
        return self.sentence(key)[:12] + self.sentence(f"{self.provision_of(key)}-s1")

    def targets(self) -> None:
        f, g = self.facts, self.graph
        for wording, en, year, quantity, comparator, unit, counted in f["targets"]:
            where = self.find(wording)
            iri = self.iri("target", f"{self.slug}-{year}-{slugify(en.split(', ', 1)[1])[:60]}")
            self.individual(iri, FIKG.QuantitativeTarget, wording, en)
            g.add((iri, FIKG.exactWording, Literal(wording)))
            g.add((iri, FIKG.targetYear, Literal(year)))
            g.add((iri, FIKG.quantity, Literal(quantity)))
            g.add((iri, FIKG.unit, Literal(unit)))
            if comparator:
                g.add((iri, FIKG.comparator, FIKG[comparator]))
            self.cite(iri, where)
            self.relate(self.iri("provision", f"{self.slug}-{self.provision_of(where[0])}"), FIKG.hasTarget,
                        iri, where)
            if counted:
                thing = self.entity(counted[2], counted[0], counted[1], where)
                self.relate(iri, FIKG.counts, thing, where)
        for wording, en, quantity, comparator, unit in f.get("annual_targets", []):
            where = self.find(wording)
            iri = self.iri("target", f"{self.slug}-annual-{slugify(en.split(', ', 1)[1])[:60]}")
            self.individual(iri, FIKG.QuantitativeTarget, wording, en)
            g.add((iri, FIKG.exactWording, Literal(wording)))
            g.add((iri, FIKG.period, Literal("annual")))
            g.add((iri, FIKG.quantity, Literal(quantity)))
            g.add((iri, FIKG.unit, Literal(unit)))
            g.add((iri, FIKG.comparator, FIKG[comparator]))
            self.cite(iri, where)
            self.relate(self.iri("provision", f"{self.slug}-{self.provision_of(where[0])}"), FIKG.hasTarget,
                        iri, where)
        for wording, en, year in f["milestones"]:
            where = self.find(wording)
            iri = self.iri("milestone", f"{self.slug}-{year}-{slugify(en.split(', ', 1)[1])[:60]}")
            self.individual(iri, FIKG.Milestone, wording, en)
            g.add((iri, FIKG.targetYear, Literal(year)))
            self.cite(iri, where)
            self.relate(self.iri("provision", f"{self.slug}-{self.provision_of(where[0])}"), FIKG.hasTarget,
                        iri, where)

    def measures(self) -> None:
        f, g = self.facts, self.graph
        positions: dict[str, int] = defaultdict(int)
        for key, cls, en, quote, parties, open_list in f["measures"]:
            prov = self.by_key[key]
            part = prov["parent"] or key
            positions[part] += 1
            iri = self.iri("measure", f"{self.slug}-{slugify(en)}")
            self.individual(iri, FIKG[cls], prov["title"], en)
            g.add((iri, FIKG.position, Literal(positions[part])))
            self.relate(iri, FIKG.provision, self.iri("provision", f"{self.slug}-{key}"), [f"{key}-s1"])
            self.relate(self.iri("provision", f"{self.slug}-{key}"), FIKG.describesMeasure, iri, [f"{key}-s1"])
            self.cite(iri, [f"{key}-s1"])
            if key in f["names"]:
                self.relate(iri, FIKG.namesIndustry, self.industry[f["names"][key]], [f"{key}-s1"])
            for technology, where in self.technologies_in(key):
                self.relate(iri, FIKG.namesTechnology, technology, [where])
            if quote is None:
                g.add((iri, FIKG.responsibilityUnstated, Literal(True)))
                continue
            where = self.find(quote)
            self.cite(iri, where)
            g.add((iri, FIKG.responsibleListOpen, Literal(open_list)))
            for position, (wording, lead) in enumerate(parties, start=1):
                label, agent_en, agent_cls = f["agents"][wording]
                agent = self.entity(agent_cls, label, agent_en, where)
                if label != wording:
                    g.add((agent, SKOS.altLabel, Literal(wording, lang="zh")))
                r = self.iri("responsibility", f"{self.slug}-{slugify(en)}-{position}")
                self.individual(r, FIKG.Responsibility, f"{prov['number']}责任单位{position}：{wording}",
                                f"{en}: responsible party {position}, {agent_en}")
                g.add((r, FIKG.position, Literal(position)))
                g.add((r, FIKG.isLead, Literal(lead)))
                self.cite(r, where)
                self.relate(iri, FIKG.hasResponsibility, r, where)
                self.relate(r, FIKG.measure, iri, where)
                self.relate(r, FIKG.agent, agent, where)

    def references(self) -> None:
        g = self.graph
        for n, (relation, title, number, en, quote, held) in enumerate(self.facts["references"], start=1):
            where = self.find(quote)
            if held:
                target = self.iri("document", held)
            else:
                target = self.iri("document", f"{self.slug}-ref-{n}")
                self.individual(target, ELI.LegalResource, title, en)
                g.add((target, DCTERMS.title, Literal(title, lang="zh")))
                if number:
                    g.add((target, ELI.id_local, Literal(number)))
                self.cite(target, where)
            self.relate(self.doc, ELI[relation], target, where)

    def serialize(self, taken: set[str]) -> str:
        number = self.facts["number"]
        structural = {FIKG.PolicyDocument}
        for iri, zh in self.labels.items():
            kinds = set(self.graph.objects(iri, RDF.type))
            own = zh
            if zh in taken and not kinds & structural:
                own = f"{zh}（{number}）"
                if FIKG.Sentence not in kinds and not kinds & {FIKG.Preamble, FIKG.Part, FIKG.Section,
                                                              FIKG.Closing, FIKG.Annex, FIKG.Responsibility}:
                    self.graph.add((iri, SKOS.altLabel, Literal(zh, lang="zh")))
            self.graph.add((iri, RDFS.label, Literal(own, lang="zh")))
        for n, ((s, p, o), sentences) in enumerate(sorted(self.cited.items()), start=1):
            axiom = BNode(f"axiom{n}")  # stable names: the same tables give the same bytes
            self.graph.add((axiom, RDF.type, OWL.Axiom))
            self.graph.add((axiom, OWL.annotatedSource, s))
            self.graph.add((axiom, OWL.annotatedProperty, p))
            self.graph.add((axiom, OWL.annotatedTarget, o))
            for key in sorted(sentences):
                self.graph.add((axiom, FIKG.statedIn, self.iri("sentence", f"{self.slug}-{key}")))
                self.graph.add((axiom, FIKG.statedInProvision,
                                self.iri("provision", f"{self.slug}-{self.provision_of(key)}")))
        header = URIRef(f"{BASE}data/{self.slug}")
        self.graph.add((header, RDF.type, OWL.Ontology))
        self.graph.add((header, OWL.imports, URIRef(BASE + "ontology")))
        self.graph.add((header, RDFS.comment, Literal(
            "Gold graph of an INVENTED test document (not a real policy); generated by tools/corpus_gold.py "
            "from the hand-written tables in tools/corpus_gold_facts.py.", lang="en")))
        for prefix, ns in (("fikg", FIKG), ("eli", ELI), ("skos", SKOS), ("dcterms", DCTERMS), ("owl", OWL)):
            self.graph.bind(prefix, ns)
        return self.graph.serialize(format="longturtle")


FAMILIES = {  # the kinds whose namesakes in other documents are the same concept (aligned by skos:exactMatch)
    "industry": {FIKG.FutureIndustry, FIKG.GrowthFutureIndustry, FIKG.FrontierFutureIndustry},
    "technology": {FIKG.Technology, FIKG.Material, FIKG.Product, FIKG.TechnologyField},
}


def project_graph() -> rdflib.Graph:
    g = rdflib.Graph()
    for path in sorted((ROOT / "data").glob("*.ttl")):
        g.parse(path)
    return g


def namesakes(graph: rdflib.Graph, labels: dict[URIRef, str]) -> dict[tuple[str, str], set[tuple[URIRef, bool]]]:
    """(family, zh name) → (entity, named so by its label) of that family, in the project or a gold."""
    out: dict[tuple[str, str], set[tuple[URIRef, bool]]] = defaultdict(set)
    for family, classes in FAMILIES.items():
        for cls in classes:
            for entity in graph.subjects(RDF.type, cls):
                for prop in (RDFS.label, SKOS.altLabel):
                    for name in graph.objects(entity, prop):
                        if getattr(name, "language", None) == "zh":
                            out[(family, str(name))].add((entity, prop == RDFS.label))
                if entity in labels:
                    out[(family, labels[entity])].add((entity, True))
    return out


def align(golds: list[Gold], project: rdflib.Graph) -> None:
    """From each gold's industries and technologies to their namesakes in the project and the other golds:
    ``skos:exactMatch`` where both labels are the name, ``skos:closeMatch`` where the other has it as an
    alias. The alignment a reviewer confirms: same name, different documents."""
    held = namesakes(project, {})
    for gold in golds:
        others = [namesakes(other.graph, other.labels) for other in golds if other is not gold]
        for (family, name), entities in namesakes(gold.graph, gold.labels).items():
            matches = held.get((family, name), set()).union(*(o.get((family, name), set()) for o in others))
            for entity, _own in entities:
                for match, by_label in sorted(matches):
                    gold.graph.add((entity, SKOS.exactMatch if by_label else SKOS.closeMatch, match))


def render() -> dict[Path, str]:
    """The gold graphs' Turtle by path."""
    golds = [Gold(facts) for facts in CORPUS]
    for gold in golds:
        gold.build()
    project = project_graph()
    align(golds, project)
    seed = {str(o) for o in project.objects(None, RDFS.label) if getattr(o, "language", None) == "zh"}
    out = {}
    for gold in golds:
        others = {zh for other in golds if other is not gold for zh in other.labels.values()}
        out[CORPUS_DIR / f"{gold.slug}.gold.ttl"] = gold.serialize(seed | others)
    return out


def main() -> None:
    for path, turtle in render().items():
        path.write_text(turtle, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {turtle.count(chr(10))} lines")


if __name__ == "__main__":
    main()
