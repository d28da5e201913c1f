"""api.graph_layout: the centre in the middle, rings around it, second-hop nodes near their parents."""

from __future__ import annotations

import math

from api.graph_layout import lay_out
from kg.resources.neighbourhood import Edge, Neighbourhood
from kg.resources.views import Labels, Resource


def node(kind: str, slug: str, zh: str = "", en: str = "") -> Resource:
    return Resource(f"https://w3id.org/fikg/id/{kind}/{slug}", kind, slug, Labels(zh or None, en or None))


def test_layout_places_hops_on_rings_and_links_every_node() -> None:
    centre, measure = node("industry", "h", "氢能", "hydrogen"), node("measure", "m", en="A measure")
    tech = node("technology", "t", en="x" * 40)
    agency = node("agency", "a", "省科技厅", "Provincial Department of Science")
    graph = Neighbourhood([centre, measure, tech, agency],
                          {centre.iri: 0, measure.iri: 1, tech.iri: 1, agency.iri: 2},
                          [Edge(measure.iri, centre.iri, "p"), Edge(tech.iri, centre.iri, "q"),
                           Edge(measure.iri, agency.iri, "r")], {"p": Labels("点名", "names")})
    layout = lay_out(graph, "en", lambda r: "/entity/" + r.kind + "/" + r.slug)
    placed = {n.iri: n for n in layout.nodes}
    assert (placed[centre.iri].x, placed[centre.iri].y) == (0.0, 0.0)
    radius = {iri: math.hypot(n.x / 1.7, n.y) for iri, n in placed.items()}
    assert radius[measure.iri] == radius[tech.iri] < radius[agency.iri]
    assert placed[agency.iri].label == "Dept. of Science" and placed[agency.iri].lang == "en"
    assert placed[tech.iri].label.endswith("…") and len(placed[tech.iri].label) == 24
    assert placed[tech.iri].full_label == "x" * 40
    assert [e.label for e in layout.edges] == ["names", "q", "r"]
    assert [e.hop for e in layout.edges] == [1, 1, 2]
    zh = {n.iri: n for n in lay_out(graph, "zh", lambda r: "").nodes}
    assert (zh[centre.iri].label, zh[centre.iri].lang) == ("氢能", "zh")
    assert (zh[measure.iri].label, zh[measure.iri].lang) == ("A measure", "en")  # no zh label: en, marked en
    x, y, w, h = map(float, layout.view_box.split())
    assert all(x < n.x < x + w and y < n.y < y + h for n in layout.nodes)
