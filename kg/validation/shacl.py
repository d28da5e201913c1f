"""SHACL validation. Non-conformance is a result (a ValidationReport), not an error.

Two engines give the same report: pyshacl (the reference, rdflib graphs) and pyshacl-turbo (Rust, the
same results on our shapes, ``tests/kg/validation/test_shacl_engines.py``), chosen by the setting
``shacl_engine`` (``KG_SHACL_ENGINE``): "auto" (turbo when installed), "turbo" or "pyshacl". A store is
handed to turbo as N-Quads text straight from pyoxigraph, without an rdflib graph.

Two entry points: :func:`validate_store` checks every focus node of a store (``kg validate``,
``kg build``); :func:`validate_affected` checks only the focus nodes a write can affect, on a small
subgraph that :mod:`kg.validation.impact` extracts, and finds exactly the results the full validation finds for
those nodes (``tests/kg/validation/test_shacl.py`` checks this on random writes).

Inference is off by default: the ontology is part of the data (the store holds it), so ``sh:class``
and ``sh:targetClass`` see the ``rdfs:subClassOf`` hierarchy, but RDFS domain/range entailment
would turn every value of ``fikg:belongsToIndustry`` into a ``fikg:FutureIndustry`` and make the
class-of-value shapes impossible to violate. Pass ``inference="rdfs"`` to :func:`validate_graph`
to get pyshacl's RDFS mode anyway.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

import rdflib
from rdflib.plugins.sparql import prepareQuery

from kg.errors import ShapesError
from kg.log_noise import quiet_literal_warnings
from kg.rdf.convert import rdflib_term
from kg.rdf.model import Term, Triple
from kg.store.base import Store
from kg.validation.report import (
    ValidationReport,
    _empty_report,
    focused_report,
    read_results,
    tag_message_languages,
)
from kg.validation.sparql_plan import merge_results, run_sparql, sparql_plan

quiet_literal_warnings()  # no traceback per ill-typed literal a writer sends (review M4)

ENGINES = ("auto", "turbo", "pyshacl")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class _QueryCachingGraph(rdflib.Graph):
    """An rdflib graph that parses each SPARQL text once.

    pyshacl hands every SPARQL-based constraint to ``Graph.query`` as text once per focus node, and
    parsing costs about 0.1 s, so a constraint over 1000 nodes spent minutes in the parser.
    """

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str) and not kwargs.get("initNs"):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.lru_cache(maxsize=256)
def _prepared(text: str):
    return prepareQuery(text)


def load_shapes(shapes_dir: Path) -> rdflib.Graph:
    """Every ``*.ttl`` under ``shapes_dir`` in one graph (empty when there are none)."""
    paths = sorted(shapes_dir.glob("*.ttl")) if shapes_dir.is_dir() else []
    return _load_shapes(tuple((p, p.stat().st_mtime_ns) for p in paths))


@functools.lru_cache(maxsize=8)
def _load_shapes(files: tuple[tuple[Path, int], ...]) -> rdflib.Graph:
    shapes = rdflib.Graph()
    for path, _ in files:
        try:
            shapes.parse(path, format="turtle")
        except Exception as exc:  # rdflib raises many unrelated types for bad input
            raise ShapesError(f"{path}: {exc}") from exc
    return shapes


def to_rdflib(triples: Iterable[Triple], graph: rdflib.Graph | None = None) -> rdflib.Graph:
    """pyoxigraph triples as an rdflib graph (blank nodes keep their identifiers)."""
    target = graph if graph is not None else _QueryCachingGraph()
    convert = rdflib_term
    for triple in triples:
        target.add((convert(triple.subject), convert(triple.predicate), convert(triple.object)))
    return target


def store_graph(store: Store) -> rdflib.Graph:
    """The union of the store's named graphs as an rdflib graph."""
    return to_rdflib(quad.triple for quad in store.quads())


def shacl_engine(engine: str = "auto") -> str:
    """The engine to run, "turbo" or "pyshacl", for the setting ``shacl_engine`` (the caller passes it).

    "auto" is turbo when pyshacl-turbo is installed, else pyshacl.
    """
    if engine not in ENGINES:
        raise ShapesError(f"unknown SHACL engine {engine!r} (expected one of {', '.join(ENGINES)})")
    if engine == "pyshacl":
        return engine
    if _turbo_installed():
        return "turbo"
    if engine == "turbo":
        raise ShapesError("SHACL engine 'turbo' asked for, but pyshacl-turbo is not installed")
    return "pyshacl"


@functools.lru_cache(maxsize=1)
def _turbo_installed() -> bool:
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        return False
    return True


def validate_graph(data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph | None = None, *,
                   focus_nodes: Iterable[rdflib.term.Node] | None = None,
                   inference: str = "none", engine: str = "auto") -> ValidationReport:
    """Validate ``data`` (``ontology`` mixed in) and read the report.

    ``focus_nodes`` limits validation to those nodes (None: every target); an empty collection
    validates nothing and conforms. ``engine``: the setting ``shacl_engine``; RDFS inference runs on pyshacl.
    """
    focus = None if focus_nodes is None else sorted(set(focus_nodes), key=str)
    if len(shapes) == 0 or focus == []:
        return ValidationReport(True, [], _empty_report())
    chosen = "pyshacl" if inference != "none" else shacl_engine(engine)
    if chosen == "turbo":
        graph = data if ontology is None else _copy(data, ontology)
        return _validate_turbo(graph, shapes, focus)
    from pyshacl import validate  # heavy import, only when there are shapes

    graph = data if isinstance(data, _QueryCachingGraph) and ontology is None else _copy(data, ontology)
    named = [str(f) for f in focus or [] if isinstance(f, rdflib.URIRef)]  # pyshacl wants str
    try:
        conforms, report_graph, _ = validate(
            graph, shacl_graph=shapes, inference=inference, inplace=True, advanced=True,
            allow_warnings=True, focus_nodes=named if focus is not None and len(named) == len(focus) else None,
        )
    except Exception as exc:
        raise ShapesError(f"SHACL validation could not run: {exc}") from exc
    return _report(bool(conforms), report_graph, shapes, focus)


def _validate_turbo(data, shapes: rdflib.Graph, focus: list[rdflib.term.Node] | None, *,
                    core: rdflib.Graph | None = None, extra=None) -> ValidationReport:
    """pyshacl-turbo on an rdflib graph or an N-Quads ``Input``, with the shapes compiled once.

    With ``core`` (the shapes less the SPARQL constraints ``extra`` evaluates), ``extra()`` returns the
    results of those constraints as report triples (:func:`run_sparql`), merged into turbo's report.
    """
    named = [f for f in focus or [] if isinstance(f, rdflib.URIRef)]
    try:
        conforms, report_graph, _ = _turbo_program(core if core is not None else shapes).validate(
            data, allow_warnings=True,
            focus_nodes=named if focus is not None and len(named) == len(focus) else None,
        )
    except Exception as exc:
        raise ShapesError(f"SHACL validation could not run: {exc}") from exc
    if extra is not None:
        conforms = merge_results(report_graph, extra()) and conforms
    return _report(bool(conforms), report_graph, shapes, focus)


def _report(conforms: bool, report_graph: rdflib.Graph, shapes: rdflib.Graph,
            focus: list[rdflib.term.Node] | None) -> ValidationReport:
    tag_message_languages(report_graph, shapes)
    results = read_results(report_graph)
    if focus is not None and any(not isinstance(f, rdflib.URIRef) for f in focus):
        wanted = {str(f) for f in focus}  # the engines take IRIs only: all were validated, keep ours
        results = [r for r in results if r.focus in wanted]
        conforms, report_graph = focused_report(report_graph, wanted)  # the graph the API serves, too
    return ValidationReport(conforms, results, report_graph)


_PROGRAMS: dict[int, tuple[rdflib.Graph, int, object]] = {}


def _turbo_program(shapes: rdflib.Graph):
    """The shapes compiled by pyshacl-turbo, cached per shapes graph (and its size)."""
    entry = _PROGRAMS.get(id(shapes))
    if entry is None or entry[0] is not shapes or entry[1] != len(shapes):
        import pyshacl_turbo

        if len(_PROGRAMS) >= 8:
            _PROGRAMS.clear()
        try:
            entry = (shapes, len(shapes), pyshacl_turbo.compile_shapes(shapes, advanced=True))
        except Exception as exc:
            raise ShapesError(f"SHACL shapes could not be compiled: {exc}") from exc
        _PROGRAMS[id(shapes)] = entry
    return entry[2]


def store_nquads(store: Store) -> str:
    """The store's quads as N-Quads text (pyoxigraph's own dump for an embedded store)."""
    return store.export("application/n-quads").decode("utf-8")


def validate_store(store: Store, shapes_dir: Path, *, engine: str = "auto") -> ValidationReport:
    """Validate every focus node of the store against the shapes in ``shapes_dir``."""
    shapes = load_shapes(shapes_dir)
    if len(shapes) == 0:
        return ValidationReport(True, [], _empty_report())
    return _validate_whole_store(store, shapes, engine)


def _validate_whole_store(store: Store, shapes: rdflib.Graph, engine: str) -> ValidationReport:
    if shacl_engine(engine) == "turbo":
        from pyshacl_turbo import Input

        # "nquads" reads a simple literal as rdflib does (not as xsd:string), as pyshacl compares them
        data = Input(store_nquads(store), "nquads", None, {}, preserve_ids=True)
        if not store.in_process:
            return _validate_turbo(data, shapes, None)
        plan = sparql_plan(shapes)
        return _validate_turbo(data, shapes, None, core=plan.core,
                               extra=lambda: run_sparql(store.oxigraph(), plan))
    return validate_graph(store_graph(store), shapes, engine="pyshacl")


def validate_affected(store: Store, changed: Iterable[Term], shapes: rdflib.Graph | Path,
                      ontology: rdflib.Graph | None = None, *, engine: str = "auto") -> ValidationReport:
    """Validate only what a write can affect: the nodes it touched and those whose checks read them.

    ``changed`` holds the subjects and objects of the quads the write added and removed
    (:func:`kg.validation.impact.touched_terms`; plain terms count as subjects); ``store`` is the store after
    the write. The report has exactly the results a full validation has for the affected focus nodes.
    ``engine``: the setting ``shacl_engine``.
    A write that changes the class hierarchy (``rdfs:subClassOf``) validates the whole store.
    """
    from kg.validation.impact import Touched, affected_nodes, extract_subgraph

    shapes_graph = load_shapes(shapes) if isinstance(shapes, Path) else shapes
    if len(shapes_graph) == 0:
        return ValidationReport(True, [], _empty_report())
    if isinstance(changed, Touched) and changed.hierarchy:
        if ontology is None:
            return _validate_whole_store(store, shapes_graph, engine)
        return validate_graph(store_graph(store), shapes_graph, ontology, engine=engine)
    focus = affected_nodes(store, changed)
    if not focus:
        return ValidationReport(True, [], _empty_report())
    from kg.validation.read_set import predicates_read_beyond_focus

    subgraph = to_rdflib(extract_subgraph(store, focus, predicates_read_beyond_focus(shapes_graph)))
    return validate_graph(subgraph, shapes_graph, ontology, focus_nodes=[rdflib_term(f) for f in focus],
                          engine=engine)


def _copy(data: rdflib.Graph, ontology: rdflib.Graph | None) -> rdflib.Graph:
    graph = _QueryCachingGraph()
    for source in (data, ontology) if ontology is not None else (data,):
        for triple in source:
            graph.add(triple)
    return graph


