"""``kg fmt``: write Turtle sources in one stable, sorted form so an edit gives a small diff.

The form is rdflib's Turtle serialiser with the project's prefixes: subjects sorted, one block per
subject, predicates and objects sorted. It keeps the triples exactly (checked before writing) but
not comments: keep explanations in ``rdfs:comment`` or ``skos:note`` instead.
"""

from __future__ import annotations

from pathlib import Path

import rdflib
from rdflib.compare import isomorphic

from kg.errors import LoadError
from kg.vocab import PREFIXES


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
    text = graph.serialize(format="turtle")
    check = rdflib.Graph().parse(data=text, format="turtle")
    if not isomorphic(graph, check):  # never write a file that lost or changed a triple
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
