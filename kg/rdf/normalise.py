"""``kg fmt``: write Turtle sources in one stable, sorted form so an edit gives a small diff.

The form is rdflib's Turtle serialiser with the project's prefixes: subjects sorted, one block per
subject, predicates and objects sorted. It keeps the triples exactly (checked before writing) but
not comments: keep explanations in ``rdfs:comment`` or ``skos:note`` instead.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import rdflib

from kg.errors import LoadError
from kg.rdf.vocab import PREFIXES


def canonical_blank_nodes(graph: rdflib.Graph) -> rdflib.Graph:
    """A copy with each blank node named by a hash of what it describes (its outgoing triples).

    OWL's RDF mapping uses tree-shaped blank nodes (axiom annotations, restrictions, lists), so a
    node's content identifies it: the names are the same on every run, in linear time, where
    general canonicalisation is exponential in the worst case. Cyclic blank nodes keep their names.
    """
    outgoing: dict[rdflib.BNode, list[tuple]] = {}
    for s, p, o in graph:
        if isinstance(s, rdflib.BNode):
            outgoing.setdefault(s, []).append((p, o))
    names: dict[rdflib.BNode, rdflib.BNode] = {}

    def name(node: rdflib.BNode, path: frozenset) -> rdflib.BNode:
        if node in names:
            return names[node]
        if node in path:  # a cycle: no content-derived name exists
            return node
        parts = sorted(f"{p.n3()} {name(o, path | {node}).n3() if isinstance(o, rdflib.BNode) else o.n3()}"
                       for p, o in outgoing.get(node, []))
        names[node] = rdflib.BNode("b" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:20])
        return names[node]

    def term(t: rdflib.term.Node) -> rdflib.term.Node:
        return name(t, frozenset()) if isinstance(t, rdflib.BNode) else t

    result = rdflib.Graph()
    for prefix, namespace in graph.namespaces():
        result.bind(prefix, namespace)
    for s, p, o in graph:
        result.add((term(s), p, term(o)))
    return result


def normalised_turtle(path: Path) -> str:
    """The stable Turtle form of one file."""
    graph = rdflib.Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad Turtle
        raise LoadError(path, str(exc)) from exc
    used = {str(ns) for _, ns in graph.namespaces()}
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for prefix, namespace in list(graph.namespaces()):
        if str(namespace) not in used and prefix not in PREFIXES:
            graph.namespace_manager.bind(prefix, namespace, override=True)
    canonical = canonical_blank_nodes(graph)
    text = canonical.serialize(format="turtle")
    check = canonical_blank_nodes(rdflib.Graph().parse(data=text, format="turtle"))
    if set(check) != set(canonical):  # never write a file that lost or changed a triple
        raise LoadError(path, "normalised Turtle would not round-trip; file left unchanged")
    return text


def format_files(paths: list[Path], *, check: bool = False) -> list[Path]:
    """Normalise each file in place (or, with ``check``, only report); returns the files that change."""
    changed = []
    for path in paths:
        text = normalised_turtle(path)
        if text != path.read_text(encoding="utf-8"):
            changed.append(path)
            if not check:
                path.write_text(text, encoding="utf-8")
    return changed
