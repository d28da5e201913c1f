"""Generate data/jiangsu-2023-104.ttl from the seed text and the tables in tools/fikg_data_*.py.

    python tools/build_graph.py            # writes data/jiangsu-2023-104.ttl
    python tools/build_graph.py --check    # fails if the committed file differs

Every relation between two resources is written twice: as the triple itself and as an
OWL 2 axiom annotation (owl:Axiom with owl:annotatedSource/Property/Target) carrying
fikg:statedIn (the sentence) and fikg:statedInProvision. Every wording the tables
claim is checked against the sentence it is cited from, so a typo fails the build.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import defaultdict
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fikg_data_actions import (
    ACTIONS,
    FRONTIER,
    GROWTH,
    MEASURES,
    MILESTONES,
    RESPONSIBLE,
    TARGETS,
)
from fikg_data_aliases import ALIASES, HIDDEN, REASONS
from fikg_data_entities import AGENCIES, ENTITIES
from fikg_monitoring import build_monitoring
from fikg_text import DOC, full_text, parse

from kg.rdf.vocab import PREFIXES as VOCAB_PREFIXES

ROOT = Path(__file__).resolve().parents[1]
# the project's prefixes (kg.vocab.PREFIXES, less the SHACL one), so the output is already in `kg fmt` form
PREFIXES = {prefix: ns for prefix, ns in VOCAB_PREFIXES.items() if prefix != "sh"} | {
    "qb": "http://purl.org/linked-data/cube#",  # the Data Cube structure (tools/fikg_monitoring.py)
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
}
OUT = ROOT / "data" / "jiangsu-2023-104.ttl"

FIKG = Namespace("https://w3id.org/fikg/ontology#")
ID = "https://w3id.org/fikg/id/"
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DATA_IRI = URIRef("https://w3id.org/fikg/data/jiangsu-2023-104")
ONTOLOGY_IRI = URIRef("https://w3id.org/fikg/ontology")
DOC_IRI = URIRef(ID + "document/" + DOC)
ISSUE_YEAR = 2023  # 2023年11月6日 (checked in build_document)
NUMBER_EN = "Su Zheng Fa [2023] No. 104"

KIND = {
    "Government": "agency", "ProvincialDepartment": "agency", "PartyOrgan": "agency",
    "CentralBodyBranch": "agency", "CoordinationBody": "agency", "Organization": "organization",
    "CollectiveParty": "party", "IndustrySystem": "industry-system",
    "Province": "region", "City": "region", "Region": "region",
    "GrowthFutureIndustry": "industry", "FrontierFutureIndustry": "industry",
    "Sector": "sector", "ApplicationDomain": "domain",
    "Technology": "technology", "Material": "material", "Product": "product", "TechnologyField": "field",
    "ResearchInstitute": "platform", "FutureTechnologyCollege": "platform", "SciencePark": "platform",
    "PilotZone": "platform", "TechnologyInnovationCentre": "platform", "TestFacility": "platform",
    "InnovationPlatform": "platform", "Laboratory": "platform", "ConceptVerificationCentre": "platform",
    "PilotScalePlatform": "platform", "ApplicationScenario": "scenario",
    "TalentCategory": "talent", "Challenge": "challenge", "ActorGroup": "actor-group",
    "ProjectCategory": "project", "PolicyInstrument": "instrument", "FinancialInstrument": "instrument",
    "TalentProgramme": "programme", "ScienceProgramme": "programme", "Fund": "fund",
    "DataCategory": "data", "CooperationMechanism": "mechanism",
}
CONCEPT_CLASSES = {"Technology", "Material", "Product", "TechnologyField"}
INSTRUMENT_CLASSES = {"PolicyInstrument", "FinancialInstrument"}
INDUSTRY_CLASSES = {"GrowthFutureIndustry", "FrontierFutureIndustry"}
TECH_SCHEME = URIRef(ID + "concept-scheme/technologies")
INSTRUMENT_SCHEME = URIRef(ID + "concept-scheme/policy-instruments")

PART_EN = {"1": "General requirements", "2": "Key directions", "3": "Key measures", "4": "Safeguard measures"}
SECTION_EN = {
    "1-1": "Guiding ideology", "1-2": "Main goals",
    "2-1": "Prioritise the development of 10 growth future industries",
    "2-2": "Lay out a group of frontier future industries in advance",
}
# relations the text states between two named entities (not through an action)
RELATIONS = [
    ("未来产业天使基金", "establishedBy", "省战略性新兴产业母基金", "3-4", "共同组建未来产业天使基金"),
    ("未来产业天使基金", "establishedBy", "相关设区市", "3-4", "共同组建未来产业天使基金"),
    ("省推进战略性新兴产业发展工作领导小组成员单位", "membersOf", "省推进战略性新兴产业发展工作领导小组", "4-1",
     "领导小组成员单位按职责分工负责"),
]


def slugify(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return s


class Builder:
    def __init__(self) -> None:
        self.provs, self.sents, self.meta = parse()
        self.g = Graph()
        self.cited: dict[tuple, set[str]] = defaultdict(set)  # (s, p, o) -> sentence keys
        self.sources: dict[URIRef, set[str]] = defaultdict(set)
        self.entities: dict[str, dict] = {}  # "kind:zh" -> record
        self.by_zh: dict[str, list[str]] = defaultdict(list)
        self.doc_order = {}
        n = 0
        for prov in self.provs.values():
            for sent in prov.sentences:
                n += 1
                self.doc_order[sent.key] = n

    # --- helpers -----------------------------------------------------------------
    def sent_iri(self, key: str) -> URIRef:
        return URIRef(f"{ID}sentence/{DOC}-{key}")

    def prov_iri(self, key: str) -> URIRef:
        return URIRef(f"{ID}provision/{DOC}-{key}")

    def find(self, prov: str, needle: str) -> str:
        for sent in self.provs[prov].sentences:
            if needle in sent.text:
                return sent.key
        raise ValueError(f"{needle!r} not found in provision {prov}")

    def add(self, s, p, o) -> None:
        self.g.add((s, p, o))

    def rel(self, s: URIRef, p: URIRef, o: URIRef, sent: str) -> None:
        """A relation stated by the text: the triple plus its citation."""
        self.g.add((s, p, o))
        self.cited[(s, p, o)].add(sent)

    def cite(self, iri: URIRef, sent: str) -> None:
        self.sources[iri].add(sent)

    def ent(self, ref: str) -> dict:
        ref = ref.lstrip("~")
        if ":" in ref and ref.split(":", 1)[0] in set(KIND.values()):
            return self.entities[ref]
        keys = self.by_zh.get(ref, [])
        if len(keys) != 1:
            raise KeyError(f"entity {ref!r}: {keys}")
        return self.entities[keys[0]]

    def check_wording(self, record: dict, text: str, where: str) -> None:
        words = [record["zh"], *record["exact"], *record["alt"]]
        if not any(w in text for w in words):
            raise ValueError(f"{record['zh']!r} not worded in {where}: {text!r}")

    def labels(self, iri: URIRef, zh: str, en: str) -> None:
        self.add(iri, RDFS.label, Literal(zh, lang="zh"))
        self.add(iri, RDFS.label, Literal(en, lang="en"))

    # --- the document and its provisions -----------------------------------------------
    def build_document(self) -> None:
        m = self.meta
        g = self.g
        assert m["number_line"] == "(苏政发〔2023〕104号)"
        assert m["date"] == "2023年11月6日"
        assert m["status"] == "（此件公开发布）"
        self.add(DOC_IRI, RDF.type, FIKG.PolicyDocument)
        self.add(DOC_IRI, RDF.type, OWL.NamedIndividual)
        self.labels(DOC_IRI, m["title"], "Guiding Opinions of the Provincial Government on Accelerating the "
                    "Cultivation and Development of Future Industries")
        g.add((DOC_IRI, DCTERMS.title, Literal(m["title"], lang="zh")))
        g.add((DOC_IRI, DCTERMS.title, Literal("Guiding Opinions of the Provincial Government on Accelerating "
                                               "the Cultivation and Development of Future Industries", lang="en")))
        g.add((DOC_IRI, ELI.id_local, Literal("苏政发〔2023〕104号")))
        g.add((DOC_IRI, DCTERMS.issued, Literal("2023-11-06", datatype=XSD.date)))
        g.add((DOC_IRI, FIKG.issueYear, Literal(ISSUE_YEAR)))
        for key in ("preamble-s1", "preamble-s2", "closing-s2"):
            self.cite(DOC_IRI, key)
        status = URIRef(ID + "publication-status/public")
        self.add(status, RDF.type, FIKG.PublicationStatus)
        self.add(status, RDF.type, OWL.NamedIndividual)
        self.labels(status, "公开发布", "published openly")
        self.add(status, FIKG.exactWording, Literal("此件公开发布", lang="zh"))
        self.cite(status, "closing-s3")
        self.rel(DOC_IRI, FIKG.publicationStatus, status, "closing-s3")

    def build_provisions(self) -> None:
        for key, prov in self.provs.items():
            iri = self.prov_iri(key)
            cls = {"Preamble": FIKG.Preamble, "Closing": FIKG.Closing, "Part": FIKG.Part,
                   "Section": FIKG.Section, "Item": FIKG.Item}[prov.kind]
            self.add(iri, RDF.type, cls)
            self.add(iri, RDF.type, OWL.NamedIndividual)
            en_num = self.en_number(key)
            if prov.kind == "Preamble":
                zh, en = "序言", "Preamble (title, number, addressees and introduction)"
            elif prov.kind == "Closing":
                zh, en = "落款", "Closing (issuer, date and publication note)"
            else:
                title_en = self.title_en(key)
                zh = f"{prov.number} {prov.title}"
                en = f"{prov.kind} {en_num}: {title_en}"
                self.add(iri, FIKG.sectionNumber, Literal(prov.number))
                self.add(iri, FIKG.title, Literal(prov.title, lang="zh"))
                self.add(iri, FIKG.title, Literal(title_en, lang="en"))
            self.labels(iri, zh, en)
            self.add(iri, FIKG.text, Literal(full_text(self.provs, key), lang="zh"))
            self.add(iri, FIKG.position, Literal(prov.position))
            first = prov.sentences[0].key
            self.cite(iri, first)
            parent = self.prov_iri(prov.parent) if prov.parent else DOC_IRI
            self.rel(iri, ELI.is_part_of, parent, first)
            self.rel(parent, ELI.has_part, iri, first)
            for sent in prov.sentences:
                s = self.sent_iri(sent.key)
                self.add(s, RDF.type, FIKG.Sentence)
                self.add(s, RDF.type, OWL.NamedIndividual)
                self.labels(s, f"{zh.split(' ')[0]}第{sent.position}句",
                            f"{en.split(':')[0]}, sentence {sent.position}")
                self.add(s, FIKG.text, Literal(sent.text, lang="zh"))
                self.add(s, FIKG.position, Literal(sent.position))
                self.add(s, FIKG.documentPosition, Literal(self.doc_order[sent.key]))
                self.add(s, DCTERMS.isPartOf, iri)

    def en_number(self, key: str) -> str:
        parts = key.split("-")
        if parts[0] in ("preamble", "closing"):
            return parts[0]
        out = parts[0]
        if len(parts) > 1:
            out += f"({parts[1]})"
        if len(parts) > 2:
            out += parts[2]
        return out

    def title_en(self, key: str) -> str:
        if key in PART_EN:
            return PART_EN[key]
        if key in SECTION_EN:
            return SECTION_EN[key]
        for prov, _cls, en, _slug in MEASURES:
            if prov == key:
                return en
        if key.startswith("2-1-"):
            return self.ent(GROWTH_BY_SECTION[int(key.split("-")[2]) - 1])["en"]
        raise KeyError(key)

    # --- entities ----------------------------------------------------------------------
    def declare(self, cls: str, zh: str, en: str, prov: str, opts: dict) -> None:
        kind = KIND[cls]
        slug = opts.get("slug") or slugify(en)
        iri = URIRef(f"{ID}{kind}/{slug}")
        key = f"{kind}:{zh}"
        if key in self.entities:
            raise ValueError(f"duplicate zh label within kind: {key}")
        if any(r["iri"] == iri for r in self.entities.values()):
            raise ValueError(f"duplicate IRI {iri}")
        rec = dict(cls=cls, zh=zh, en=en, prov=prov, iri=iri, kind=kind, exact=opts.get("exact", []),
                   alt=opts.get("alt", []), opts=opts)
        self.entities[key] = rec
        self.by_zh[zh].append(key)

    def build_entities(self) -> None:
        self.industry_of: dict[URIRef, URIRef] = {}
        for cls, zh, en, prov in AGENCIES:
            self.declare(cls, zh, en, prov, {})
        for cls, zh, en, prov, opts in ENTITIES:
            self.declare(cls, zh, en, prov, opts)
        for rec in self.entities.values():
            iri, cls = rec["iri"], rec["cls"]
            self.add(iri, RDF.type, FIKG[cls] if cls != "Organization" else ORG.Organization)
            self.add(iri, RDF.type, OWL.NamedIndividual)
            self.labels(iri, rec["zh"], rec["en"])
            for alt in rec["alt"]:
                self.add(iri, SKOS.altLabel, Literal(alt, lang="zh"))
            for w in rec["exact"]:
                self.add(iri, FIKG.exactWording, Literal(w, lang="zh"))
            # the sentence where the text first names it
            words = [*rec["exact"], rec["zh"], *rec["alt"]]
            decl = None
            for w in words:
                try:
                    decl = self.find(rec["prov"], w)
                    break
                except ValueError:
                    continue
            if decl is None:
                raise ValueError(f"{rec['zh']!r} not found in {rec['prov']}")
            rec["decl"] = decl
            self.cite(iri, decl)
            if cls in CONCEPT_CLASSES:
                self.add(iri, SKOS.inScheme, TECH_SCHEME)
            if cls in INSTRUMENT_CLASSES:
                self.add(iri, SKOS.inScheme, INSTRUMENT_SCHEME)
            opts = rec["opts"]
            if "industry" in opts:
                ind = self.ent(opts["industry"])
                self.industry_of[iri] = ind["iri"]
                self.rel(iri, FIKG.belongsToIndustry, ind["iri"], decl)
            if "broader" in opts:
                b = self.ent(opts["broader"])
                self.check_wording(b, self.sents[decl].text, decl)
                self.rel(iri, SKOS.broader, b["iri"], decl)
                self.rel(b["iri"], SKOS.narrower, iri, decl)
            for r in opts.get("related", []):
                other = self.ent(r)
                self.check_wording(other, self.sents[decl].text, decl)
                self.rel(iri, SKOS.related, other["iri"], decl)
        for scheme, zh, en in ((TECH_SCHEME, "技术分类", "technology taxonomy"),
                               (INSTRUMENT_SCHEME, "政策工具分类", "policy instrument taxonomy")):
            self.add(scheme, RDF.type, SKOS.ConceptScheme)
            self.add(scheme, RDF.type, OWL.NamedIndividual)
            self.labels(scheme, zh, en)
            self.add(scheme, DCTERMS.source, DOC_IRI)

    def build_industries(self) -> None:
        s_list = self.find("1-2", "等10个成长型未来产业")
        system = self.ent("“10+X”未来产业体系")["iri"]
        for pos, zh in enumerate(GROWTH, start=1):
            rec = self.ent(zh)
            assert rec["cls"] == "GrowthFutureIndustry"
            self.add(rec["iri"], FIKG.listPosition, Literal(pos))
            self.rel(system, FIKG.hasMember, rec["iri"], s_list)
        for pos, zh in enumerate(FRONTIER, start=1):
            rec = self.ent(zh)
            assert rec["cls"] == "FrontierFutureIndustry"
            self.add(rec["iri"], FIKG.listPosition, Literal(pos))
            self.rel(system, FIKG.hasMember, rec["iri"], s_list)
            self.cite(rec["iri"], self.find("2-2", zh))
        # the list in 一(二) must be the text's own order
        text = self.sents[s_list].text
        assert [text.index(z) for z in GROWTH] == sorted(text.index(z) for z in GROWTH)
        for pos, zh in enumerate(GROWTH_BY_SECTION, start=1):
            rec = self.ent(zh)
            key = f"2-1-{pos}"
            assert self.provs[key].title == zh, (key, zh)
            self.add(rec["iri"], FIKG.sectionPosition, Literal(pos))
            head = self.provs[key].sentences[0].key
            self.cite(rec["iri"], head)
            self.rel(self.prov_iri(key), FIKG.aboutIndustry, rec["iri"], head)
        for zh in FRONTIER:
            rec = self.ent(zh)
            self.rel(self.prov_iri("2-2"), FIKG.aboutIndustry, rec["iri"], self.find("2-2", zh))
        for s_zh, p, o_zh, prov, anchor in RELATIONS:
            s, o = self.ent(s_zh), self.ent(o_zh)
            sent = self.find(prov, anchor)
            self.check_wording(s, self.sents[sent].text, sent)
            self.check_wording(o, self.sents[sent].text, sent)
            self.rel(s["iri"], FIKG[p], o["iri"], sent)

    # --- measures, actions, responsibilities, targets -------------------------------------
    def build_measures(self) -> None:
        self.measure_of: dict[str, URIRef] = {}
        for prov, cls, en, slug in MEASURES:
            iri = URIRef(f"{ID}measure/{slug}")
            self.measure_of[prov] = iri
            p = self.provs[prov]
            self.add(iri, RDF.type, FIKG[cls])
            self.add(iri, RDF.type, OWL.NamedIndividual)
            self.labels(iri, p.title, en)
            self.add(iri, FIKG.position, Literal(p.position))
            head = p.sentences[0].key
            self.cite(iri, head)
            self.rel(iri, FIKG.provision, self.prov_iri(prov), head)
            self.rel(self.prov_iri(prov), FIKG.describesMeasure, iri, head)
            # responsible parties, parsed from the text and compared with the table
            resp_sent = p.sentences[-1]
            m = re.fullmatch(r"（(.+?)(等)?按职责分工负责）", resp_sent.text)
            assert m, resp_sent.text
            parsed = re.split(r"[、，]", m.group(1))
            assert parsed == RESPONSIBLE[prov], (prov, parsed)
            self.cite(iri, resp_sent.key)
            self.add(iri, FIKG.responsibleListOpen, Literal(bool(m.group(2))))
            for pos, zh in enumerate(RESPONSIBLE[prov], start=1):
                agent = self.ent(zh)
                r = URIRef(f"{ID}responsibility/{slug}-{pos}")
                self.add(r, RDF.type, FIKG.Responsibility)
                self.add(r, RDF.type, OWL.NamedIndividual)
                self.labels(r, f"{p.number}责任单位{pos}：{zh}",
                            f"{en}: responsible party {pos}, {agent['en']}")
                self.add(r, FIKG.position, Literal(pos))
                self.add(r, FIKG.isLead, Literal(pos == 1))
                self.cite(r, resp_sent.key)
                self.rel(r, FIKG.agent, agent["iri"], resp_sent.key)
                self.rel(r, FIKG.measure, iri, resp_sent.key)
                self.rel(iri, FIKG.hasResponsibility, r, resp_sent.key)

    def build_actions(self) -> None:
        counter: dict[str, int] = defaultdict(int)
        self.named: dict[URIRef, dict[str, set]] = defaultdict(lambda: defaultdict(set))
        seen: set[str] = set()
        for prov, zh, en, mentions in ACTIONS:
            if zh in seen:
                raise ValueError(f"duplicate action {zh!r}")
            seen.add(zh)
            counter[prov] += 1
            pos = counter[prov]
            sent = self.find(prov, zh)
            iri = URIRef(f"{ID}action/{DOC}-{prov}-a{pos:02d}")
            self.add(iri, RDF.type, FIKG.Action)
            self.add(iri, RDF.type, OWL.NamedIndividual)
            self.labels(iri, zh, en)
            self.add(iri, FIKG.position, Literal(pos))
            self.cite(iri, sent)
            container = self.measure_of.get(prov, self.prov_iri(prov))
            self.rel(container, FIKG.hasAction, iri, sent)
            for ref in mentions:
                rec = self.ent(ref)
                if not ref.startswith("~"):
                    self.check_wording(rec, zh, f"action {prov}-a{pos}")
                self.rel(iri, FIKG.mentions, rec["iri"], sent)
                self.cite(rec["iri"], sent)
                if prov in self.measure_of:
                    self.named[self.measure_of[prov]][rec["cls"]].add((rec["iri"], sent))
        for measure in self.measure_of.values():
            named = self.named[measure]
            industries = {x for c in INDUSTRY_CLASSES for x in named.get(c, set())}
            techs = {x for c in CONCEPT_CLASSES for x in named.get(c, set())}
            for ind, sent in sorted(industries):
                self.rel(measure, FIKG.namesIndustry, ind, sent)
            for tech, sent in sorted(techs):
                self.rel(measure, FIKG.namesTechnology, tech, sent)
            # general: names no future industry and no technology that belongs to one
            industry_techs = {t for t, _ in techs if t in self.industry_of}
            self.add(measure, FIKG.appliesToAllFutureIndustries, Literal(not industries and not industry_techs))

    def build_targets(self) -> None:
        self.quantitative: list[dict] = []  # what build_monitoring needs of each quantitative target
        for prov, zh, en, year, period, qty, comp, unit, counted, slug in TARGETS:
            sent = self.find(prov, zh)
            if year is not None:
                assert f"到{year}年" in self.sents[sent].text
            assert str(qty) in zh
            assert ("以上" in zh) == (comp == "atLeast"), zh
            assert unit in zh
            iri = URIRef(f"{ID}target/{slug}")
            self.add(iri, RDF.type, FIKG.QuantitativeTarget)
            self.add(iri, RDF.type, OWL.NamedIndividual)
            self.labels(iri, zh, en)
            self.add(iri, FIKG.exactWording, Literal(zh, lang="zh"))
            if year is not None:
                self.add(iri, FIKG.targetYear, Literal(year))
            if period is not None:
                self.add(iri, FIKG.period, Literal(period))
            self.add(iri, FIKG.quantity, Literal(qty))
            self.add(iri, FIKG.unit, Literal(unit))
            self.rel(iri, FIKG.comparator, FIKG[comp], sent)
            for c in counted:
                rec = self.ent(c)
                self.check_wording(rec, zh, f"target {slug}")
                self.rel(iri, FIKG.counts, rec["iri"], sent)
                self.cite(rec["iri"], sent)
            self.cite(iri, sent)
            container = self.measure_of.get(prov, self.prov_iri(prov))
            self.rel(container, FIKG.hasTarget, iri, sent)
            self.quantitative.append({"iri": iri, "slug": slug, "sent": sent, "period": period, "unit": unit,
                                      "counted": counted})
        for n, (year, zh, en, mentions) in enumerate(MILESTONES, start=1):
            sent = self.find("1-2", zh)
            assert self.sents[sent].text.startswith(f"到{year}年"), (year, zh)
            iri = URIRef(f"{ID}milestone/{year}-{n:02d}")
            self.add(iri, RDF.type, FIKG.Milestone)
            self.add(iri, RDF.type, OWL.NamedIndividual)
            self.labels(iri, zh, en)
            self.add(iri, FIKG.targetYear, Literal(year))
            self.cite(iri, sent)
            self.rel(self.prov_iri("1-2"), FIKG.hasTarget, iri, sent)
            for ref in mentions:
                rec = self.ent(ref)
                if not ref.startswith("~"):
                    self.check_wording(rec, zh, f"milestone {year}")
                self.rel(iri, FIKG.mentions, rec["iri"], sent)
                self.cite(rec["iri"], sent)

    def build_document_links(self) -> None:
        issuer = self.ent("江苏省人民政府")
        self.rel(DOC_IRI, ELI.passed_by, issuer["iri"], "closing-s1")
        self.cite(issuer["iri"], self.find("preamble", "省政府关于"))  # the title names the issuer 省政府
        for zh in ("各市、县（市、区）人民政府", "省各委办厅局", "省各直属单位"):
            self.rel(DOC_IRI, FIKG.addressee, self.ent(zh)["iri"], "preamble-s3")
            self.cite(self.ent(zh)["iri"], "preamble-s3")

    def build_editor_labels(self) -> None:
        """Names people use that the document does not write (tools/fikg_data_aliases.py): each is a
        skos:altLabel or skos:hiddenLabel, and the same literal under fikg:editorAltLabel or
        fikg:editorHiddenLabel marks it as an editor's label. A label is not a claim: nothing is cited."""
        given: dict[tuple[URIRef, str], str] = {}
        for ref, text, lang, kind, reason, why in ALIASES:
            rec = self.ent(ref)
            assert lang in ("zh", "en") and reason in REASONS and why and text == text.strip(), (ref, text)
            if text in (rec["zh"], rec["en"], *rec["alt"]) or (rec["iri"], text) in given:
                raise ValueError(f"editor's label {text!r} of {ref!r} is already a label of it")
            given[(rec["iri"], text)] = kind
            label = Literal(text, lang=lang)
            if kind == HIDDEN:
                self.add(rec["iri"], SKOS.hiddenLabel, label)
                self.add(rec["iri"], FIKG.editorHiddenLabel, label)
            else:
                self.add(rec["iri"], SKOS.altLabel, label)
                self.add(rec["iri"], FIKG.editorAltLabel, label)

    # --- output ------------------------------------------------------------------------
    def finish(self) -> None:
        for iri, sents in self.sources.items():
            for key in sents:
                self.add(iri, FIKG.sourceSentence, self.sent_iri(key))
                self.add(iri, FIKG.sourceProvision, self.prov_iri(self.sents[key].provision))
        g = self.g
        g.add((DATA_IRI, RDF.type, OWL.Ontology))
        g.add((DATA_IRI, OWL.imports, ONTOLOGY_IRI))
        g.add((DATA_IRI, OWL.versionIRI, URIRef(str(DATA_IRI) + "/1.0.0")))
        g.add((DATA_IRI, DCTERMS.title, Literal("苏政发〔2023〕104号知识图谱", lang="zh")))
        g.add((DATA_IRI, DCTERMS.title, Literal(f"Knowledge graph of {NUMBER_EN}", lang="en")))
        g.add((DATA_IRI, DCTERMS.source, DOC_IRI))
        g.add((DATA_IRI, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
        g.add((DATA_IRI, DCTERMS.creator, Literal("Future Industries Knowledge Graph project")))
        g.add((DATA_IRI, DCTERMS.created, Literal("2026-11-28", datatype=XSD.date)))
        g.add((DATA_IRI, RDFS.comment, Literal(
            "Generated by tools/build_graph.py from the text of 苏政发〔2023〕104号; edit the tables in tools/, "
            "not this file.", lang="en")))

    def serialize(self) -> str:
        """rdflib's sorted Turtle with the project's prefixes: the same form `kg fmt` writes."""
        g = self.g
        # rdflib orders blank nodes by id: an id from the annotated triple keeps the order stable
        for (s, p, o), sents in self.cited.items():
            ax = BNode("ax" + hashlib.sha1(f"{s} {p} {o}".encode()).hexdigest()[:16])
            g.add((ax, RDF.type, OWL.Axiom))
            g.add((ax, OWL.annotatedSource, s))
            g.add((ax, OWL.annotatedProperty, p))
            g.add((ax, OWL.annotatedTarget, o))
            for k in sents:
                g.add((ax, FIKG.statedIn, self.sent_iri(k)))
                g.add((ax, FIKG.statedInProvision, self.prov_iri(self.sents[k].provision)))
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns, override=True, replace=True)
        return g.serialize(format="turtle")

    def build(self) -> str:
        self.build_entities()
        self.build_document()
        self.build_provisions()
        self.build_industries()
        self.build_measures()
        self.build_actions()
        self.build_targets()
        years = [target[3] for target in TARGETS if target[3] is not None] + [m[0] for m in MILESTONES]
        last_year = max(years)  # 到2035年 in 一(二)
        build_monitoring(self, self.quantitative, (DOC, self.meta["number_line"].strip("()"), NUMBER_EN),
                         (ISSUE_YEAR, last_year))
        self.build_document_links()
        self.build_editor_labels()
        self.finish()
        return self.serialize()


GROWTH_BY_SECTION = ["第三代半导体", "未来网络", "氢能", "新型储能", "细胞和基因技术", "合成生物", "通用智能",
                     "前沿新材料", "零碳负碳（碳捕集利用及封存）", "虚拟现实"]


def _content(g: Graph) -> tuple[set, list]:
    """The graph as comparable data: IRI/literal triples, plus each blank node as the sorted list of its
    (property, value) pairs. Equal for two serialisations of the same graph in any order (e.g. after `kg fmt`)."""
    plain = {t for t in g if not isinstance(t[0], BNode) and not isinstance(t[2], BNode)}
    blanks = sorted(tuple(sorted((str(p), str(o)) for p, o in g.predicate_objects(b)))
                    for b in {s for s in g.subjects() if isinstance(s, BNode)})
    return plain, blanks


def main(argv: list[str]) -> int:
    text = Builder().build()
    # parse back, so a serialisation problem fails here and not in a consumer
    check = Graph().parse(data=text, format="turtle")
    assert len(check) > 0
    if "--check" in argv:
        committed = OUT.read_text(encoding="utf-8")
        if committed != text and _content(Graph().parse(data=committed, format="turtle")) != _content(check):
            print(f"{OUT} is out of date; run python tools/build_graph.py", file=sys.stderr)
            return 1
        return 0
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(check)} triples)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
