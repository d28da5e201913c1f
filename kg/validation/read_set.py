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


def predicates_read_beyond_focus(shapes: rdflib.Graph) -> frozenset[str]:
    """The predicates a check may read of a node other than its focus node (a superset): of its values
    (``sh:class``: types; the paths of shapes nested in a property shape), along a path beyond its first step
    (``skos:broader*``, sequences), and in a SPARQL constraint from a variable that the focus node's triples
    lead to (``$this fikg:sourceSentence ?value . ?value dcterms:isPartOf ?provision``). A node that shares a
    Chinese label with the focus node is read as kg.validation.impact reads it (its labels and types); any
    other pattern from elsewhere counts too. A triple of another predicate is read only from its own subject
    (and as an incoming triple of its object): it does not affect the nodes that point at its subject."""
    return _analysis(shapes, len(shapes))[2]


def wildcard_patterns(shapes: rdflib.Graph) -> frozenset[tuple[str, str, str]]:
    """The triple patterns of the SPARQL constraints whose predicate is a variable, as (subject, predicate,
    object) with variables written ``?name`` and anything else as ``<term>``."""
    return _analysis(shapes, len(shapes))[1]


@lru_cache(maxsize=8)
def _analysis(shapes: rdflib.Graph, size: int) -> tuple[frozenset[str], frozenset[tuple[str, str, str]],
                                                         frozenset[str]]:
    read = set(ALWAYS_READ)
    read.update(str(o) for o in shapes.objects() if isinstance(o, rdflib.URIRef))
    wildcards: set[tuple[str, str, str]] = set()
    beyond = set(ALWAYS_READ) | _paths_beyond_focus(shapes)
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
        beyond |= _sparql_beyond_focus(patterns)
    return frozenset(read), frozenset(wildcards), frozenset(beyond)


_NESTING = (SH.node, SH.property, SH["or"], SH["and"], SH.xone, SH["not"], SH.qualifiedValueShape)
_LABEL, _TYPE = rdflib.RDFS.label, rdflib.RDF.type


def _paths_beyond_focus(shapes: rdflib.Graph) -> set[str]:
    """IRIs of every path but a single predicate or its inverse, and of every path of a shape nested in a
    property shape (it reads the values' triples)."""
    found: set[str] = set()
    for path in shapes.objects(None, SH.path):
        inverse = shapes.value(path, SH.inversePath) if isinstance(path, rdflib.BNode) else None
        if isinstance(path, rdflib.BNode) and not isinstance(inverse, rdflib.URIRef):
            found |= _iris_under(shapes, path)
    nested: set = set()
    frontier = [o for s in shapes.subjects(SH.path, None) for p in _NESTING for o in shapes.objects(s, p)]
    while frontier:
        node = frontier.pop()
        if node in nested:
            continue
        nested.add(node)
        frontier.extend(shapes.items(node) if (node, rdflib.RDF.first, None) in shapes else [])
        frontier.extend(o for p in _NESTING for o in shapes.objects(node, p))
    for node in nested:
        for path in shapes.objects(node, SH.path):
            found |= {str(path)} if isinstance(path, rdflib.URIRef) else _iris_under(shapes, path)
    return found


def _iris_under(shapes: rdflib.Graph, node) -> set[str]:
    seen, frontier, found = set(), [node], set()
    while frontier:
        current = frontier.pop()
        if current in seen:
            continue
        seen.add(current)
        for _, obj in shapes.predicate_objects(current):
            if isinstance(obj, rdflib.URIRef):
                found.add(str(obj))
            elif isinstance(obj, rdflib.BNode):
                frontier.append(obj)
    return found


def _sparql_beyond_focus(patterns: list) -> set[str]:
    """Predicates of triple patterns whose subject is not ``$this`` (IRIs inside a path from ``$this`` too), but
    for the label sharers' labels and types (a subject the focus node's triples do not lead to, joined on a label)."""
    this = rdflib.Variable("this")
    reached = {this}
    for _ in patterns:  # forward links from $this, to a fixed point
        reached |= {o for s, p, o in patterns if s in reached and isinstance(o, rdflib.Variable)
                    and not (isinstance(p, RdflibPath) and _iris_of(p) == {str(_LABEL)})}  # not to sharers
    found: set[str] = set()
    for subject, predicate, _ in patterns:
        if isinstance(predicate, RdflibPath):
            found |= _path_beyond_first_step(predicate) if subject == this else _iris_of(predicate)
            if subject == this:
                continue
        if subject == this or isinstance(predicate, rdflib.Variable):
            continue  # the focus node's own triples; triples of any predicate (wildcard_patterns)
        if subject not in reached and predicate in (_LABEL, _TYPE):
            continue  # a label sharer (kg.validation.impact follows them through their Chinese labels)
        if isinstance(predicate, rdflib.URIRef):
            found.add(str(predicate))
    return found


def _iris_of(path) -> set[str]:
    iris: set[str] = set()
    _walk(path, iris, [])
    return iris


def _path_beyond_first_step(path) -> set[str]:
    """What a path from ``$this`` reads beyond the focus node: nothing for ``^p``; for a sequence whose first
    step is one predicate, the rest (``rdfs:label/^rdfs:label``, the label sharers, read nothing more);
    otherwise every IRI in it (``skos:broader*``)."""
    from rdflib.paths import InvPath, SequencePath

    if isinstance(path, InvPath) and isinstance(path.arg, rdflib.URIRef):
        return set()
    if isinstance(path, SequencePath) and isinstance(path.args[0], rdflib.URIRef):
        rest = set().union(*(_iris_of(step) if isinstance(step, RdflibPath) else {str(step)}
                             for step in path.args[1:]))
        return set() if {str(path.args[0]), *rest} == {str(_LABEL)} else rest
    return _iris_of(path)


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
