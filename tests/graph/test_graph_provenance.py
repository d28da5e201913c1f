"""Labels and provenance: every entity and every relation can be traced to its sentence."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from rdflib import RDF, RDFS, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

ID = "https://w3id.org/fikg/id/"
FIKG = "https://w3id.org/fikg/ontology#"
SOURCE_SENTENCE = URIRef(FIKG + "sourceSentence")
SOURCE_PROVISION = URIRef(FIKG + "sourceProvision")
STATED_IN = URIRef(FIKG + "statedIn")
QB = Namespace("http://purl.org/linked-data/cube#")
# links that are provenance or modelling scaffolding, not statements of the text (the Data Cube structure
# of target monitoring among them: tools/fikg_monitoring.py)
NOT_STATEMENTS = {RDF.type, SOURCE_SENTENCE, SOURCE_PROVISION, DCTERMS.isPartOf, SKOS.inScheme, DCTERMS.source,
                  QB.structure, QB.component, QB.dimension, QB.measure, QB.attribute}
# kinds of resource that are the project's scaffolding, not things the text names: the concept schemes, and
# the Data Cube structure, monitoring data set and calendar periods of target monitoring
SCAFFOLDING = {"concept-scheme", "structure", "component", "dataset", "period"}
SEED = Path("/work/shared/seed/000_f231d5761afd8f34.txt")


def _entities(data):
    return {s for s in data.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(ID)}


def _kind(iri) -> str:
    return str(iri)[len(ID):].split("/", 1)[0]


def test_every_entity_has_exactly_one_zh_and_one_en_label(data):
    for e in _entities(data):
        langs = Counter(label.language for label in data.objects(e, RDFS.label))
        assert langs == Counter({"zh": 1, "en": 1}), (e, langs)


def test_every_entity_has_a_source_sentence_and_provision(data):
    exempt = {"sentence"} | SCAFFOLDING  # sentences are the sources
    for e in _entities(data):
        if _kind(e) in exempt:
            continue
        sentences = set(data.objects(e, SOURCE_SENTENCE))
        assert sentences, e
        assert set(data.objects(e, SOURCE_PROVISION)), e
        provisions = {data.value(s, DCTERMS.isPartOf) for s in sentences}
        assert provisions == set(data.objects(e, SOURCE_PROVISION)), e


def test_no_two_entities_of_a_kind_share_a_zh_label(data):
    seen: dict[tuple[str, str], URIRef] = {}
    for e in _entities(data):
        for label in data.objects(e, RDFS.label):
            if label.language == "zh":
                key = (_kind(e), str(label))
                assert key not in seen, (key, seen.get(key), e)
                seen[key] = e


def test_every_relation_between_resources_cites_a_sentence(data):
    cited = defaultdict(set)
    for ax in data.subjects(RDF.type, OWL.Axiom):
        key = (data.value(ax, OWL.annotatedSource), data.value(ax, OWL.annotatedProperty),
               data.value(ax, OWL.annotatedTarget))
        cited[key].update(data.objects(ax, STATED_IN))
    checked = 0
    for s, p, o in data:
        if p in NOT_STATEMENTS or not isinstance(o, URIRef) or not str(s).startswith(ID):
            continue
        if not (str(o).startswith(ID) or str(o).startswith(FIKG)):
            continue
        checked += 1
        sentences = cited.get((s, p, o))
        assert sentences, (s, p, o)
        for sent in sentences:
            assert (sent, RDF.type, URIRef(FIKG + "Sentence")) in data
    assert checked > 1000


def test_citations_are_of_triples_that_exist(data):
    for ax in data.subjects(RDF.type, OWL.Axiom):
        triple = (data.value(ax, OWL.annotatedSource), data.value(ax, OWL.annotatedProperty),
                  data.value(ax, OWL.annotatedTarget))
        assert triple in data, triple


def test_entity_wording_occurs_in_a_source_sentence(data):
    """The zh label, an alternative label or the exact wording occurs in a sentence the entity cites."""
    kinds = {"industry", "technology", "material", "product", "field", "platform", "scenario", "agency", "party",
             "region", "fund", "programme", "instrument", "talent", "project", "sector", "domain", "actor-group"}
    for e in _entities(data):
        if _kind(e) not in kinds:
            continue
        words = [str(x) for x in data.objects(e, RDFS.label) if x.language == "zh"]
        words += [str(x) for x in data.objects(e, SKOS.altLabel)]
        words += [str(x) for x in data.objects(e, URIRef(FIKG + "exactWording"))]
        texts = [str(data.value(s, URIRef(FIKG + "text"))) for s in data.objects(e, SOURCE_SENTENCE)]
        assert any(w in t for w in words for t in texts), (e, words)


def test_sentences_are_the_text_with_page_breaks_repaired(data):
    seed = SEED.read_text(encoding="utf-8")
    flat = "".join(seed.split())
    texts = [str(o) for s in data.subjects(RDF.type, URIRef(FIKG + "Sentence"))
             for o in data.objects(s, URIRef(FIKG + "text"))]
    assert len(texts) == 109
    for t in texts:
        assert "\n" not in t
        assert "".join(t.split()) in flat, t
    joined = "".join(texts)
    for repaired in ("培育一批具有生态主导", "促进风险投资、股权投资", "协同联动"):
        assert repaired in joined
    # every character of the body is in some sentence
    assert len("".join("".join(t.split()) for t in texts)) == len(flat)


def test_provision_numbers_and_titles(sparql):
    rows = sparql("SELECT ?num ?title WHERE { ?p fikg:sectionNumber ?num ; fikg:title ?title . "
                  "FILTER(lang(?title) = 'zh') }")
    got = {r["num"]: r["title"] for r in rows}
    assert len(got) == 4 + 13 + 10
    assert got["一"] == "总体要求" and got["四"] == "保障措施"
    assert got["三(三)"] == "强化场景应用牵引"
    assert got["二(一)3"] == "氢能"
    assert got["二(一)10"] == "虚拟现实"
    assert got["二(二)"] == "超前布局一批前沿性未来产业"


def test_provision_full_text_has_no_page_breaks(sparql):
    rows = sparql("SELECT ?text WHERE { ?p fikg:sectionNumber \"四(一)\" ; fikg:text ?text }")
    assert "协同联动，制定未来产业行动方案" in rows[0]["text"]
    rows = sparql("SELECT ?text WHERE { ?p fikg:sectionNumber \"一(二)\" ; fikg:text ?text }")
    assert "重大突破，培育一批" in rows[0]["text"]


def test_where_does_the_document_say_it(sparql):
    """The query a reader runs: which sentence says 省国资委 is responsible for 强化场景应用牵引?"""
    rows = sparql("""
        SELECT ?text WHERE {
          ?r fikg:agent ?a ; fikg:measure ?m . ?a rdfs:label "省国资委"@zh . ?m rdfs:label "强化场景应用牵引"@zh .
          ?ax owl:annotatedSource ?r ; owl:annotatedProperty fikg:agent ; owl:annotatedTarget ?a ;
              fikg:statedIn/fikg:text ?text .
        }""")
    assert len(rows) == 1 and rows[0]["text"].startswith("（省工业和信息化厅") and "省国资委" in rows[0]["text"]


def test_document_metadata(sparql):
    rows = sparql("""
        SELECT ?num ?issued ?issuer ?status WHERE {
          ?d a fikg:PolicyDocument ; eli:id_local ?num ; dcterms:issued ?issued ;
             eli:passed_by/rdfs:label ?issuer ; fikg:publicationStatus/fikg:exactWording ?status .
          FILTER(lang(?issuer) = "zh")
        }""")
    assert rows == [{"num": "苏政发〔2023〕104号", "issued": "2023-11-06", "issuer": "江苏省人民政府",
                     "status": "此件公开发布"}]
    rows = sparql("SELECT ?zh WHERE { ?d fikg:addressee/rdfs:label ?zh . FILTER(lang(?zh) = 'zh') }")
    assert {r["zh"] for r in rows} == {"各市、县（市、区）人民政府", "省各委办厅局", "省各直属单位"}
