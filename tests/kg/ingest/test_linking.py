"""The draft's own entities and its match proposals: ingest never writes onto another document's entities.

The case of issue 23: a national text lists 先进半导体 and 超导材料 under its direction 未来材料; the project
already holds Jiangsu's 超导材料, which belongs to Jiangsu's industry. The draft must mint its own 超导材料,
relate it to its own direction, and only propose a match with Jiangsu's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib

from kg.ingest import ingest
from kg.settings import load_settings

DATA = Path(__file__).parents[2] / "data"
ID = "https://w3id.org/fikg/id/"
FIKG = rdflib.Namespace("https://w3id.org/fikg/ontology#")
ELI = rdflib.Namespace("http://data.europa.eu/eli/ontology#")
HELD = {ID + "industry/frontier-new-materials", ID + "material/superconducting-materials",
        ID + "agency/provincial-department-of-science-and-technology", ID + "document/jiangsu-2023-104"}
TEXT = """工业和信息化部关于推进未来材料发展的实施意见
（工信部科〔2025〕7号）
各省工业和信息化主管部门：
为贯彻落实《省政府关于加快培育发展未来产业的指导意见》，提出如下意见。
一、重点任务
（一）前瞻部署新赛道。
面向未来材料、未来能源两大方向，加强前沿技术探索。
专栏1　重点方向
未来材料：发展先进半导体、超导材料等关键战略材料。
未来能源：发展氢能、先进储能等技术。
（二）加强协同。
支持省科技厅牵头组建创新联合体。（省科技厅负责）
工业和信息化部
2025年2月1日
"""


@pytest.fixture
def review(project: Path, tmp_path: Path):
    shutil.copy(DATA / "ingest" / "jiangsu-materials.ttl", project / "data" / "jiangsu.ttl")
    source = tmp_path / "national.txt"
    source.write_text(TEXT, encoding="utf-8")
    settings = load_settings(environ={}, project_dir=project, store_path=":memory:")
    return ingest(source, "miit-2025-7", settings, output=tmp_path / "draft.ttl", validate=False)


def test_nothing_is_written_onto_another_documents_entities(review):
    graph = rdflib.Graph().parse(review.output, format="turtle")
    assert {str(s) for s in graph.subjects()} & HELD == set()


def test_an_own_entity_in_the_documents_namespace_related_to_its_own_direction(review):
    graph = rdflib.Graph().parse(review.output, format="turtle")
    own = next(e for e in review.entities if e.label == "超导材料")
    direction = next(e for e in review.entities if e.label == "未来材料")
    assert own.iri.startswith(ID + "material/miit-2025-7-") and direction.iri.startswith(ID + "industry/miit-2025-7-")
    assert set(graph.objects(rdflib.URIRef(own.iri), FIKG.belongsToIndustry)) == {rdflib.URIRef(direction.iri)}


def test_a_namesake_is_a_proposal_the_review_lists(review):
    own = next(e for e in review.entities if e.label == "超导材料")
    assert own.matches == [(ID + "material/superconducting-materials", "exactMatch")]
    graph = rdflib.Graph().parse(review.output, format="turtle")
    assert (rdflib.URIRef(own.iri), rdflib.SKOS.exactMatch,
            rdflib.URIRef(ID + "material/superconducting-materials")) in graph
    assert all(e.matches == [] for e in review.entities if e.label == "先进半导体")  # no namesake: no proposal


def test_a_body_named_relative_to_its_issuer_is_not_proposed(review):
    agency = next(e for e in review.entities if e.label == "省科技厅")
    assert agency.matches == [] and any("relative to its issuer" in doubt for doubt in agency.doubts)


def test_a_reference_to_a_document_the_project_holds_links_to_it(review):
    graph = rdflib.Graph().parse(review.output, format="turtle")
    document = rdflib.URIRef(ID + "document/miit-2025-7")
    assert (document, ELI.implements, rdflib.URIRef(ID + "document/jiangsu-2023-104")) in graph
