"""The agency-covers-technology rules (queries/rules/*.rq), run over ontology + data with pyoxigraph."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ID = "https://w3id.org/fikg/id/"
FIKG = "https://w3id.org/fikg/ontology#"


def _construct(store, name: str) -> set[tuple[str, str, str]]:
    query = (ROOT / "queries" / "rules" / f"covers-{name}.rq").read_text(encoding="utf-8")
    return {(t.subject.value, t.predicate.value, t.object.value) for t in store.query(query)}


@pytest.fixture(scope="module")
def explicit(store):
    return _construct(store, "explicit")


@pytest.fixture(scope="module")
def general(store):
    return _construct(store, "general")


def _iri(sparql, zh: str, cls: str) -> str:
    rows = sparql(f'SELECT ?x WHERE {{ ?x rdfs:label "{zh}"@zh ; a/rdfs:subClassOf* {cls} }}')
    assert len(rows) == 1, (zh, rows)
    return rows[0]["x"]


def _nodes(triples, agent: str, technology: str) -> dict[str, set[str]]:
    """Coverage nodes for (agent, technology): node -> its viaMeasure values."""
    nodes = {s for s, p, o in triples if p == FIKG + "agent" and o == agent}
    nodes &= {s for s, p, o in triples if p == FIKG + "technology" and o == technology}
    return {n: {o for s, p, o in triples if s == n and p == FIKG + "viaMeasure"} for n in nodes}


def test_rules_are_reproducible(store, explicit, general):
    assert _construct(store, "explicit") == explicit
    assert _construct(store, "general") == general
    assert all(s.startswith(ID + "coverage/") for s, p, o in explicit | general if p == FIKG + "agent")


def test_explicit_through_the_industry_named(sparql, explicit):
    sasac = _iri(sparql, "省国资委", "org:Organization")
    seawater = _iri(sparql, "海水制氢", "skos:Concept")
    assert (sasac, FIKG + "coversTechnologyExplicitly", seawater) in explicit
    vias = set().union(*_nodes(explicit, sasac, seawater).values())
    # 三(二) names 氢能 (加快培育氢能、细胞和基因技术等产业链); 三(三) names 氢能 (围绕氢能、新型储能、量子科技…)
    assert vias == {ID + "measure/strengthen-enterprises-chains-clusters",
                    ID + "measure/strengthen-application-scenario-pull"}


def test_explicit_through_the_technology_named(sparql, explicit):
    # 三(六) names the fields 智能 and 生物 (加强对智能、生物等重点领域…); they belong to no industry
    samr = _iri(sparql, "省市场监管局", "org:Organization")
    intelligence = _iri(sparql, "智能", "skos:Concept")
    assert (samr, FIKG + "coversTechnologyExplicitly", intelligence) in explicit


def test_silicon_carbide_is_covered_only_generally(sparql, explicit, general):
    sic = _iri(sparql, "碳化硅单晶衬底及外延材料", "skos:Concept")
    assert not any(o == sic for s, p, o in explicit if p == FIKG + "coversTechnologyExplicitly")
    ipo = _iri(sparql, "省知识产权局", "org:Organization")
    assert (ipo, FIKG + "coversTechnologyGenerally", sic) in general
    vias = set().union(*_nodes(general, ipo, sic).values())
    assert vias == {ID + "measure/highlight-industrial-innovation-sources",
                    ID + "measure/innovate-future-industry-governance"}


def test_general_coverage_never_comes_from_a_measure_naming_industries(general):
    vias = {o for s, p, o in general if p == FIKG + "viaMeasure"}
    assert ID + "measure/strengthen-enterprises-chains-clusters" not in vias
    assert ID + "measure/strengthen-application-scenario-pull" not in vias
    assert len(vias) == 7


def test_collective_parties_keep_their_own_coverage(sparql, general):
    members = _iri(sparql, "省推进战略性新兴产业发展工作领导小组成员单位", "fikg:CollectiveParty")
    assert any(s == members for s, p, o in general if p == FIKG + "coversTechnologyGenerally")
