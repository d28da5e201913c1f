"""A radial layout of an entity's neighbourhood for the SVG graph view (pure function, no I/O).

The centre sits in the middle, direct neighbours on a first ring, second-hop nodes on an outer
ring, each placed near the neighbours it hangs from and in the same order, so edges rarely cross.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kg.resources.neighbourhood import Neighbourhood

KIND_GROUPS = {"industry": "industry", "industry-system": "industry", "sector": "industry", "domain": "industry",
               "technology": "technology", "material": "technology", "product": "technology",
               "field": "technology", "measure": "measure", "target": "measure", "milestone": "measure",
               "agency": "agency", "party": "agency", "organization": "agency"}


STRETCH = 1.7  # rings are ellipses, wider than high, to fill a landscape view
SHORTENINGS = (("Provincial Department of ", "Dept. of "), ("Provincial ", ""))


@dataclass(frozen=True)
class PlacedNode:
    iri: str
    kind: str
    group: str  # CSS class: industry, technology, measure, agency or other
    hop: int
    x: float
    y: float
    label: str
    full_label: str
    lang: str
    href: str | None  # None: an IRI that is not a page or an http(s) address, shown without a link


@dataclass(frozen=True)
class PlacedEdge:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    hop: int


@dataclass(frozen=True)
class Layout:
    nodes: list[PlacedNode]
    edges: list[PlacedEdge]
    view_box: str


def ring_radius(count: int, minimum: float, spacing: float) -> float:
    return max(minimum, count * spacing / (2 * math.pi))


def lay_out(graph: Neighbourhood, lang: str, href: callable) -> Layout:
    """Positions for every node; ``href(resource)`` gives the page link of a node."""
    by_iri = {n.iri: n for n in graph.nodes}
    first = [n.iri for n in graph.nodes if graph.hops.get(n.iri) == 1]
    second = [n.iri for n in graph.nodes if graph.hops.get(n.iri) == 2]
    first.sort(key=lambda i: (KIND_GROUPS.get(by_iri[i].kind, "other"), by_iri[i].kind, i))
    r1 = ring_radius(len(first), 220, 95)
    angle = {iri: 2 * math.pi * k / max(1, len(first)) - math.pi / 2 for k, iri in enumerate(first)}
    parents: dict[str, list[float]] = {}
    for edge in graph.edges:
        for a, b in ((edge.source, edge.target), (edge.target, edge.source)):
            if a in second and b in angle:
                parents.setdefault(a, []).append(angle[b])
    second.sort(key=lambda i: (_mean_angle(parents.get(i, [0.0])), i))
    r2 = max(r1 + 190, ring_radius(len(second), 0, 105))
    base_angle = _mean_angle(parents.get(second[0], [0.0])) if second else 0.0
    for k, iri in enumerate(second):
        angle[iri] = base_angle + 2 * math.pi * k / len(second)
    position = {iri: (0.0, 0.0) for iri in graph.hops if graph.hops[iri] == 0}
    for iri, a in angle.items():
        radius = r1 if graph.hops[iri] == 1 else r2
        position[iri] = (round(STRETCH * radius * math.cos(a), 1), round(radius * math.sin(a), 1))
    nodes = []
    for resource in graph.nodes:
        x, y = position[resource.iri]
        full = resource.labels.get(lang, resource.slug)
        hop = graph.hops[resource.iri]
        nodes.append(PlacedNode(resource.iri, resource.kind, KIND_GROUPS.get(resource.kind, "other"),
                                hop, x, y, full if hop == 0 else _short(full), full,
                                resource.labels.lang_of(lang), href(resource)))
    edges = []
    for edge in graph.edges:
        (x1, y1), (x2, y2) = position[edge.source], position[edge.target]
        labels = graph.properties.get(edge.property)
        label = labels.get(lang, edge.property.rsplit("#", 1)[-1]) if labels else edge.property.rsplit("#", 1)[-1]
        edges.append(PlacedEdge(x1, y1, x2, y2, label, max(graph.hops[edge.source], graph.hops[edge.target])))
    height = (r2 if second else r1) + 70
    width = STRETCH * (r2 if second else r1) + 160
    return Layout(nodes, edges, f"{-width:.0f} {-height:.0f} {2 * width:.0f} {2 * height:.0f}")


def _mean_angle(angles: list[float]) -> float:
    return math.atan2(sum(math.sin(a) for a in angles), sum(math.cos(a) for a in angles))


def _short(text: str, limit: int = 24) -> str:
    """A label short enough for a node: common prefixes dropped, then cut with an ellipsis."""
    for prefix, replacement in SHORTENINGS:
        if text.startswith(prefix):
            text = replacement + text[len(prefix):]
            break
    return text if len(text) <= limit else text[: limit - 1] + "…"
