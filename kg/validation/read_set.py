"""Which predicates the shapes can read: a write of a triple whose predicate they never name changes no verdict
but the few that read triples of any predicate.

:func:`predicates_read` is every IRI the shapes graph names as an object (``sh:path`` and the paths inside it,
``sh:targetSubjectsOf``, ``sh:class``, the lists of ``sh:in`` …) and every IRI of its SPARQL constraints
(their parsed algebra: triple patterns, property paths, constants), with ``rdf:type`` and ``rdfs:subClassOf``
(``sh:class`` and the targets read them). It is a superset of what a check reads by naming it: a class or a
constant among them only makes the set larger, the safe side.

Some SPARQL constraints read triples whose predicate is a variable; :func:`wildcard_patterns` lists them, and
``tests/kg/validation/test_read_set.py`` pins them to the three that :func:`kg.validation.impact.write_touches`
knows: the orphan check (``?referrer ?property $this``: any incoming triple), the asserted-axiom check
(``?source ?property ?target``: the triple an ``owl:Axiom`` annotates) and the Data Cube checks of an
observation (``$this ?dimension ?value``: its values of the structure's components). A shape that adds another
must teach ``write_touches`` what it reads, or the write gate would miss what it sees.
"""

from __future__ import annotations

from functools import lru_cache

import rdflib
from rdflib.namespace import SH
from rdflib.paths import Path as RdflibPath
from rdflib.plugins.sparql import prepareQuery

from kg.errors import ShapesError

ALWAYS_READ = frozenset({str(rdflib.RDF.type), str(rdflib.RDFS.subClassOf)})


def predicates_read(shapes: rdflib.Graph) -> frozenset[str]:
    """Every IRI a check may read as a predicate (a superset; see the module docstring)."""
    return _analysis(shapes, len(shapes))[0]


def wildcard_patterns(shapes: rdflib.Graph) -> frozenset[tuple[str, str, str]]:
    """The triple patterns of the SPARQL constraints whose predicate is a variable, as (subject, predicate,
    object) with variables written ``?name`` and anything else as ``<term>``."""
    return _analysis(shapes, len(shapes))[1]


@lru_cache(maxsize=8)
def _analysis(shapes: rdflib.Graph, size: int) -> tuple[frozenset[str], frozenset[tuple[str, str, str]]]:
    read = set(ALWAYS_READ)
    read.update(str(o) for o in shapes.objects() if isinstance(o, rdflib.URIRef))
    wildcards: set[tuple[str, str, str]] = set()
    for constraint in set(shapes.subjects(SH.select, None)) | set(shapes.subjects(SH.ask, None)):
        text = shapes.value(constraint, SH.select) or shapes.value(constraint, SH.ask)
        try:
            algebra = prepareQuery(str(text), initNs=_declared(shapes, constraint)).algebra
        except Exception as exc:  # rdflib raises many types for a bad query
            raise ShapesError(f"SPARQL constraint {constraint} could not be parsed: {exc}") from exc
        patterns: list = []
        _walk(algebra, read, patterns)
        wildcards.update(tuple(_shown(t) for t in triple) for triple in patterns
                         if isinstance(triple[1], rdflib.Variable))
    return frozenset(read), frozenset(wildcards)


def _declared(shapes: rdflib.Graph, constraint) -> dict[str, str]:
    """The prefixes a constraint declares (``sh:prefixes`` / ``sh:declare``), as pyshacl applies them."""
    found: dict[str, str] = {}
    for holder in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                found[str(prefix)] = str(namespace)
    return found


def _walk(node, read: set[str], patterns: list) -> None:
    """Collect every IRI under ``node`` (an algebra tree, a path) into ``read`` and its triple patterns."""
    if isinstance(node, rdflib.URIRef):
        read.add(str(node))
    elif isinstance(node, RdflibPath):
        for value in vars(node).values():
            _walk(value, read, patterns)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "triples" and isinstance(value, list):
                patterns.extend(t for t in value if isinstance(t, tuple | list) and len(t) == 3)
            _walk(value, read, patterns)
    elif isinstance(node, list | tuple | set | frozenset):
        for value in node:
            _walk(value, read, patterns)


def _shown(term) -> str:
    return f"?{term}" if isinstance(term, rdflib.Variable) else f"<{term}>"
