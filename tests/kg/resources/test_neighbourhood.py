"""kg.neighbourhood: industry ↔ technologies ↔ measures ↔ agencies, bookkeeping nodes left out."""

from __future__ import annotations

from pathlib import Path

from kg.resources.neighbourhood import RESPONSIBLE, neighbourhood
from kg.store.embedded import EmbeddedStore

DATA = Path(__file__).parents[2] / "data"
BASE = "https://w3id.org/fikg/"
ID = BASE + "id/"


def store() -> EmbeddedStore:
    s = EmbeddedStore(None)
    s.load(DATA / "pages.ttl", graph="https://w3id.org/fikg/graph/pages")
    return s


def test_industry_reaches_agencies_through_measures() -> None:
    graph = neighbourhood(store(), ID + "industry/hydrogen-energy", BASE)
    assert graph.hops == {ID + "industry/hydrogen-energy": 0, ID + "technology/seawater-hydrogen": 1,
                          ID + "measure/scenario-pull": 1, ID + "agency/science-department": 2}
    assert any(e.property == RESPONSIBLE and e.target == ID + "agency/science-department" for e in graph.edges)
    assert graph.properties[RESPONSIBLE].en == "responsible party"


def test_technology_reaches_the_measures_that_cover_it_and_their_agencies() -> None:
    graph = neighbourhood(store(), ID + "technology/seawater-hydrogen", BASE)
    assert graph.hops[ID + "measure/scenario-pull"] == 1
    assert graph.hops[ID + "agency/science-department"] == 2
    assert not any("/sentence/" in n or "/coverage/" in n or "/provision/" in n for n in graph.hops)


def test_agency_reaches_its_measures_and_what_they_name() -> None:
    graph = neighbourhood(store(), ID + "agency/science-department", BASE)
    assert graph.hops[ID + "measure/scenario-pull"] == 1
    assert graph.hops[ID + "industry/hydrogen-energy"] == 2
    assert ID + "responsibility/scenario-pull-1" not in graph.hops
