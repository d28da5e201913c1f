"""Safe publication to a remote engine: push the changes to staging graphs, then apply them in one update.

A build is made and validated locally (in memory). For each of its named graphs, the live graph is
read back from the engine and compared with the build:

- triples without blank nodes: the ones to add and the ones to remove, exactly;
- the blank-node part (OWL restrictions, RDF lists), compared up to blank-node renaming: unchanged,
  or replaced as a whole (engines cannot address a blank node across requests).

What changed is pushed to staging graphs ``urn:fikg:staging:{run}:{n}:add`` / ``…:del`` in chunks of
about ``remote_chunk_triples`` triples (never splitting a blank-node structure), with progress; on an
Oxigraph server with its bulk loader, since staging graphs need no transaction. Only when everything has
arrived does one SPARQL Update, which the engine applies atomically, apply the changes to the live
graphs (``DELETE … WHERE`` the removals, ``ADD`` the additions, drop the removal staging graphs, drop
live graphs the build no longer has). A failure or a kill before that update leaves the live graphs
exactly as they were; the staging graphs it leaves behind are removed by the next publication. The
addition staging graphs are dropped right after the swap (they only repeat live triples meanwhile).
On an engine that does not apply an update as one transaction (Virtuoso: the profile says so at start)
readers can see the swap half done, and a swap that fails half-way is completed by the next
publication, which compares the live graphs with the build again.

The atomic step costs what changed, not the size of the graph: a rebuild that changes a few triples
of a 1M-triple graph swaps in milliseconds. (It used to ``MOVE`` every whole staging graph: one
transaction as big as the data, about 85 % of a 1M publication.) Staging graphs are named graphs, so
union-default-graph queries see them while they exist, except in the ``list`` union mode (docs/deploy.md).
One publication at a time per remote dataset: a second one clears the first one's staging graphs, and
the first one's swap then fails whole (its guard graph is gone).
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.rdf.model import BlankNode, Triple
from kg.rdf.vocab import graph_iri
from kg.store.base import Store, named
from kg.store.remote import STAGING_PREFIX, RemoteStore

Progress = Callable[[str, int, int], None]  # (step description, done, total)
_GUARD = "<urn:fikg:guard> <urn:fikg:guard> <urn:fikg:guard> .\n"


@dataclass
class GraphChange:
    """What one live graph needs to become the build's graph."""

    live: str
    added: list[Triple] = field(default_factory=list)  # blank-node structures included when they changed
    removed: list[Triple] = field(default_factory=list)  # triples without blank nodes
    replace_blank: bool = False  # remove every live triple with a blank node first

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.replace_blank)


def publish_to_remote(local: Store, remote: RemoteStore, *, base_iri: str, chunk_triples: int = 50_000,
                      progress: Progress | None = None) -> dict[str, int]:
    """Make the remote's project graphs equal to ``local``'s named graphs; returns graph → triples."""
    report = progress or (lambda *_: None)
    for leftover in remote.staging_graphs():
        remote.drop_graph(leftover)
    graphs = local.graphs()
    changes = []
    for index, info in enumerate(graphs):
        report(f"comparing {short_name(info.iri)}", index, len(graphs))
        changes.append(compare(remote.graph_triples(info.iri), list(local.quads(info.iri)), info.iri))
    root = f"{STAGING_PREFIX}{uuid.uuid4().hex[:12]}:"
    total, done = sum(len(c.added) + len(c.removed) for c in changes), 0
    remote.update(f"CREATE GRAPH {named(root + 'guard')}")  # created, so that DROP GRAPH without SILENT works
    remote.add_triples(root + "guard", list(ox.parse(_GUARD, format=ox.RdfFormat.N_TRIPLES)), atomic=False)
    staged: list[tuple[GraphChange, str, str]] = []
    for index, change in enumerate(changes):
        additions, removals = f"{root}{index}:add", f"{root}{index}:del"
        for graph, triples in ((additions, change.added), (removals, change.removed)):
            for chunk in blank_closed_chunks(triples, chunk_triples):
                remote.add_triples(graph, chunk, atomic=False)
                done += len(chunk)
                report(f"pushing {short_name(change.live)}", done, total)
        if not change.empty:
            staged.append((change, additions, removals))
    report("swapping in the changes", done, total)
    drops = obsolete_graphs(remote, base_iri, {g.iri for g in graphs})
    remote.update(swap_update(root + "guard", staged, drops))
    report("removing the staging graphs", done, total)
    for graph in [additions for change, additions, _ in staged if change.added]:
        remote.drop_graph(graph)
    report("published", total, total)
    return {g.iri: g.triples for g in graphs}


def compare(live: Iterable[Triple], build: Iterable[ox.Quad | Triple], graph: str) -> GraphChange:
    """The change that turns ``live`` into ``build`` (ground triples exactly, blank-node part as a whole)."""
    live_ground, live_blank = split(live)
    build_ground, build_blank = split(q.triple if isinstance(q, ox.Quad) else q for q in build)
    change = GraphChange(graph, added=[t for t in build_ground if t not in live_ground],
                         removed=[t for t in live_ground if t not in build_ground])
    if not live_blank or not build_blank or blank_signature(live_blank) != blank_signature(build_blank):
        change.replace_blank = bool(live_blank)  # (signatures only when both sides have blank nodes)
        change.added += build_blank
    return change


def split(triples: Iterable[Triple]) -> tuple[dict[Triple, None], list[Triple]]:
    """Triples without blank nodes (as an ordered set), and the ones with blank nodes."""
    ground: dict[Triple, None] = {}
    blank: list[Triple] = []
    for triple in triples:
        if blank_nodes(triple):
            blank.append(triple)
        else:
            ground[triple] = None
    return ground, blank


def blank_signature(triples: list[Triple]) -> Counter[str]:
    """The blank-node structures, each in a form that does not depend on the blank nodes' labels.

    A structure with one blank node is written with that node renamed; a bigger one is canonicalised
    (RDF canonicalisation over that structure alone). Equal signatures mean isomorphic structures.
    """
    signature: Counter[str] = Counter()
    for component in blank_closed_chunks(triples, 1):
        nodes = {node for triple in component for node in blank_nodes(triple)}
        if len(nodes) == 1:
            label = f"_:{next(iter(nodes))}"
            signature["\n".join(sorted(str(t).replace(label, "_:b") for t in component))] += 1
        else:
            dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in component)
            dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
            signature["\n".join(sorted(str(q) for q in dataset))] += 1
    return signature


def obsolete_graphs(remote: RemoteStore, base_iri: str, keep: set[str]) -> list[str]:
    """Live graphs of this project (under ``{base}/graph/``) that the new build does not have."""
    namespace = graph_iri(base_iri, "")
    return [g.iri for g in remote.graphs() if g.iri.startswith(namespace) and g.iri not in keep]


def swap_update(guard: str, staged: list[tuple[GraphChange, str, str]], drops: list[str]) -> str:
    """One SPARQL Update that applies every staged change and drops ``drops``.

    It starts by dropping the run's guard graph: without ``SILENT`` that fails if another publication
    cleared this run's staging graphs, and then the engine applies nothing at all (it is the first
    operation, so this holds on an engine that does not apply an update as one transaction, Virtuoso;
    Virtuoso's ``MOVE`` of a missing graph succeeds, so a ``MOVE`` could not be the guard). The
    removal staging graphs are dropped with ``SILENT``: Virtuoso refuses ``DROP GRAPH`` for a graph
    that was filled but never ``CREATE``d.
    """
    operations = [f"DROP GRAPH {named(guard)}"]
    for change, additions, removals in staged:
        live = named(change.live)
        if change.removed:
            operations.append(f"DELETE {{ GRAPH {live} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {named(removals)} "
                              "{ ?s ?p ?o } }")
            operations.append(f"DROP SILENT GRAPH {named(removals)}")
        if change.replace_blank:
            operations.append(f"DELETE {{ GRAPH {live} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {live} {{ ?s ?p ?o "
                              "FILTER(isBlank(?s) || isBlank(?o)) } }")
        if change.added:
            operations.append(f"ADD {named(additions)} TO {live}")
    operations += [f"DROP SILENT GRAPH {named(graph)}" for graph in drops]
    return " ;\n".join(operations)


def short_name(graph: str) -> str:
    return graph.rsplit("/graph/", 1)[-1]


__all__ = ["GraphChange", "compare", "publish_to_remote", "swap_update"]


def blank_closed_chunks(triples: Iterable[Triple], size: int) -> Iterator[list[Triple]]:
    """Chunks of about ``size`` triples that never split triples sharing a blank node.

    Engines give blank nodes fresh identities per request, so an OWL restriction or an RDF list
    split across two requests would fall apart; keeping each blank-node component whole avoids it.
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    plain: list[Triple] = []
    linked: list[tuple[str, Triple]] = []
    for triple in triples:
        blanks = blank_nodes(triple)
        if not blanks:
            plain.append(triple)
            continue
        first = root(blanks[0])
        for other in blanks[1:]:
            parent[root(other)] = first
        linked.append((blanks[0], triple))
    components: dict[str, list[Triple]] = {}
    for node, triple in linked:
        components.setdefault(root(node), []).append(triple)
    for start in range(0, len(plain), size):
        yield plain[start:start + size]
    chunk: list[Triple] = []
    for group in components.values():
        if chunk and len(chunk) + len(group) > size:
            yield chunk
            chunk = []
        chunk.extend(group)  # a component bigger than ``size`` travels whole
    if chunk:
        yield chunk


def blank_nodes(triple: Triple) -> list[str]:
    """Identifiers of the blank nodes in a triple (quoted triples included)."""
    found = []
    for term in (triple.subject, triple.object):
        if isinstance(term, BlankNode):
            found.append(term.value)
        elif isinstance(term, Triple):
            found.extend(blank_nodes(term))
    return found
