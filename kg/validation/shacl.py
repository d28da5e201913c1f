"""SHACL validation. Non-conformance is a result (a ValidationReport), not an error.

Two engines give the same report: pyshacl (the reference, rdflib graphs) and pyshacl-turbo (Rust, the
same results on our shapes, ``tests/kg/validation/test_shacl_engines.py``), chosen by the setting
``shacl_engine`` (``KG_SHACL_ENGINE``): "auto" (turbo when installed), "turbo" or "pyshacl". A store is
handed to turbo as N-Quads text straight from pyoxigraph, without an rdflib graph.

Two entry points: :func:`validate_store` checks every focus node of a store (``kg validate``,
``kg build``); :func:`validate_affected` checks only the focus nodes a write can affect, on a small
subgraph that :mod:`kg.impact` extracts, and finds exactly the results the full validation finds for
those nodes (``tests/kg/validation/test_shacl.py`` checks this on random writes).

Inference is off by default: the ontology is part of the data (the store holds it), so ``sh:class``
and ``sh:targetClass`` see the ``rdfs:subClassOf`` hierarchy, but RDFS domain/range entailment
would turn every value of ``fikg:belongsToIndustry`` into a ``fikg:FutureIndustry`` and make the
class-of-value shapes impossible to violate. Pass ``inference="rdfs"`` to :func:`validate_graph`
to get pyshacl's RDFS mode anyway.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery

from kg.errors import ShapesError
from kg.log_noise import quiet_literal_warnings
from kg.rdf.model import BlankNode, Literal, NamedNode, Term, Triple
from kg.store.base import Store

quiet_literal_warnings()  # no traceback per ill-typed literal a writer sends (review M4)

SEVERITIES = ("Violation", "Warning", "Info")
ENGINES = ("auto", "turbo", "pyshacl")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
REPORT_FORMATS = {"turtle": "text/turtle", "json-ld": "application/ld+json"}


@dataclass(frozen=True)
class ValidationResult:
    """One sh:ValidationResult: which node, which path and value, which shape, how bad, and why."""

    focus: str
    path: str | None
    value: str | None
    shape: str | None
    severity: str  # "Violation", "Warning" or "Info"
    messages: dict[str, str] = field(default_factory=dict)  # language tag ("" for none) -> text
    component: str | None = None  # the sh:sourceConstraintComponent
    constraint: str | None = None  # the sh:sourceConstraint (a SPARQL-based constraint), if any

    def message(self, lang: str = "en") -> str:
        """The message in ``lang``, else the untagged one, else English, else any."""
        for key in (lang, "", "en"):
            if self.messages.get(key):
                return self.messages[key]
        return next(iter(self.messages.values()), "")

    @property
    def source(self) -> str | None:
        """The shape or SPARQL constraint that reported this result (the constraint when there is one)."""
        return self.constraint or self.shape

    @property
    def key(self) -> tuple:
        """What identifies the result independently of how the report graph was built."""
        return (self.severity, self.focus, self.path or "", self.shape or "", self.value or "",
                self.component or "", tuple(sorted(self.messages.items())))


@dataclass
class ValidationReport:
    """The outcome: ``conforms`` plus results; ``graph`` is the spec's sh:ValidationReport."""

    conforms: bool
    results: list[ValidationResult]
    graph: rdflib.Graph

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Warning"]

    def about(self, focus_nodes: Iterable[str]) -> list[ValidationResult]:
        """The results whose focus node is one of ``focus_nodes``."""
        wanted = set(focus_nodes)
        return [r for r in self.results if r.focus in wanted]

    def serialize(self, syntax: str = "turtle") -> str:
        """The sh:ValidationReport graph as ``turtle`` or ``json-ld``."""
        if syntax not in REPORT_FORMATS:
            raise ValueError(f"unknown report format {syntax!r}: use {', '.join(REPORT_FORMATS)}")
        self.graph.bind("sh", SH)
        return self.graph.serialize(format=syntax)


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


def rdflib_term(term: Term) -> rdflib.term.Node:
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:  # a simple literal, as rdflib's parsers make it
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise ShapesError(f"cannot validate RDF-star triple terms: {term}")


def store_graph(store: Store) -> rdflib.Graph:
    """The union of the store's named graphs as an rdflib graph."""
    return to_rdflib(quad.triple for quad in store.quads())


def shacl_engine(engine: str | None = None) -> str:
    """The engine to run, "turbo" or "pyshacl": ``engine``, else the setting ``shacl_engine``.

    "auto" is turbo when pyshacl-turbo is installed, else pyshacl.
    """
    if engine is None:
        from kg.settings import load_settings

        engine = load_settings().shacl_engine
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
                   inference: str = "none", engine: str | None = None) -> ValidationReport:
    """Validate ``data`` (``ontology`` mixed in) and read the report.

    ``focus_nodes`` limits validation to those nodes (None: every target); an empty collection
    validates nothing and conforms. ``engine`` overrides the setting; RDFS inference runs on pyshacl.
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
    results of those constraints as report triples (:func:`_run_sparql`), merged into turbo's report.
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
        conforms = _merge(report_graph, extra()) and conforms
    return _report(bool(conforms), report_graph, shapes, focus)


def _report(conforms: bool, report_graph: rdflib.Graph, shapes: rdflib.Graph,
            focus: list[rdflib.term.Node] | None) -> ValidationReport:
    tag_message_languages(report_graph, shapes)
    results = read_results(report_graph)
    if focus is not None and any(not isinstance(f, rdflib.URIRef) for f in focus):
        wanted = {str(f) for f in focus}  # the engines take IRIs only: all were validated, keep ours
        results = [r for r in results if r.focus in wanted]
        conforms = not any(r.severity == "Violation" for r in results)
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
    import pyoxigraph as ox

    engine = getattr(store, "engine", None)
    if isinstance(engine, ox.Store):
        return engine.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return (ox.serialize(store.quads(), format=ox.RdfFormat.N_QUADS) or b"").decode("utf-8")


def validate_store(store: Store, shapes_dir: Path, *, engine: str | None = None) -> ValidationReport:
    """Validate every focus node of the store against the shapes in ``shapes_dir``."""
    shapes = load_shapes(shapes_dir)
    if len(shapes) == 0:
        return ValidationReport(True, [], _empty_report())
    return _validate_whole_store(store, shapes, engine)


def _validate_whole_store(store: Store, shapes: rdflib.Graph, engine: str | None) -> ValidationReport:
    if shacl_engine(engine) == "turbo":
        from pyshacl_turbo import Input

        # "nquads" reads a simple literal as rdflib does (not as xsd:string), as pyshacl compares them
        data = Input(store_nquads(store), "nquads", None, {}, preserve_ids=True)
        engine_store = getattr(store, "engine", None)
        if not isinstance(engine_store, _ox_store()):
            return _validate_turbo(data, shapes, None)
        plan = _sparql_plan(shapes)
        return _validate_turbo(data, shapes, None, core=plan.core,
                               extra=lambda: _run_sparql(engine_store, plan))
    return validate_graph(store_graph(store), shapes, engine="pyshacl")


def _ox_store():
    import pyoxigraph as ox

    return ox.Store


@dataclass(frozen=True)
class _SparqlCheck:
    """One SPARQL-based constraint of a node shape, rewritten to run once for all its focus nodes."""

    shape: rdflib.term.Node
    constraint: rdflib.term.Node
    queries: tuple[str, ...]  # one per target declaration; each binds ?this to every focus node
    per_node: tuple[str, ...] | None  # the query's tokens when it runs once per focus node instead
    focus_queries: tuple[str, ...]  # the focus nodes, one query per target declaration
    prefixes: str
    severity: rdflib.term.Node
    shape_messages: tuple[rdflib.Literal, ...]
    messages: tuple[rdflib.Literal, ...]


@dataclass(frozen=True)
class _SparqlPlan:
    core: rdflib.Graph  # the shapes without the constraints in ``checks``
    checks: tuple[_SparqlCheck, ...]


_PLANS: dict[int, tuple[rdflib.Graph, int, _SparqlPlan]] = {}


def _sparql_plan(shapes: rdflib.Graph) -> _SparqlPlan:
    """Which SPARQL constraints run set-at-a-time on pyoxigraph (cached per shapes graph).

    pyshacl (and turbo) run a SPARQL constraint once per focus node with ``$this`` pre-bound. The same
    results come from one query whose every group pattern also joins the target pattern (``?this a/
    rdfs:subClassOf* C``): a group that binds ``?this`` is only restricted, one that does not (filters,
    BIND) gets the focus nodes it would have been evaluated with. Constraints whose query has
    subqueries, VALUES, aggregates, LIMIT or other pre-bound variables, or whose shape is used by another
    shape or has other targets, stay with turbo.
    """
    entry = _PLANS.get(id(shapes))
    if entry is not None and entry[0] is shapes and entry[1] == len(shapes):
        return entry[2]
    checks, removed = [], []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql), key=str):
        check = _sparql_check(shapes, shape, constraint)
        if check is not None:
            checks.append(check)
            removed.append((shape, SH.sparql, constraint))
    core = rdflib.Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    dropped = set(removed)
    for triple in shapes:
        if triple not in dropped:
            core.add(triple)
    plan = _SparqlPlan(core, tuple(checks))
    if len(_PLANS) >= 8:
        _PLANS.clear()
    _PLANS[id(shapes)] = (shapes, len(shapes), plan)
    return plan


_TOKEN = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n]*'
                    r'|[{}]|[?$][A-Za-z_][A-Za-z0-9_]*|[A-Za-z_]+|\*|.', re.DOTALL)
_REFUSED = {"VALUES", "GRAPH", "SERVICE", "MINUS", "LIMIT", "OFFSET", "GROUP", "HAVING", "ORDER", "COUNT",
            "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "FROM", "NAMED"}


def _sparql_check(shapes: rdflib.Graph, shape, constraint) -> _SparqlCheck | None:
    rdf_type = rdflib.RDF.type
    if (not isinstance(shape, rdflib.URIRef) or shapes.value(shape, SH.path) is not None
            or any(shapes.subjects(None, shape)) or shapes.value(shape, SH.target) is not None
            or (shape, rdf_type, rdflib.RDFS.Class) in shapes or (shape, rdf_type, rdflib.OWL.Class) in shapes
            or _true(shapes.value(shape, SH.deactivated)) or _true(shapes.value(constraint, SH.deactivated))):
        return None
    selects = list(shapes.objects(constraint, SH.select))
    if len(selects) != 1 or not isinstance(selects[0], rdflib.Literal):
        return None
    targets = []
    for cls in shapes.objects(shape, SH.targetClass):
        targets.append(f"?this <{rdflib.RDF.type}>/<{rdflib.RDFS.subClassOf}>* {cls.n3()} .")
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        targets.append(f"?this {predicate.n3()} [] .")
    for predicate in shapes.objects(shape, SH.targetObjectsOf):
        targets.append(f"[] {predicate.n3()} ?this .")
    for node in shapes.objects(shape, SH.targetNode):
        targets.append(f"VALUES ?this {{ {node.n3()} }}")
    if not targets or any(not isinstance(t, rdflib.URIRef) for p in (SH.targetClass, SH.targetSubjectsOf,
                                                                      SH.targetObjectsOf, SH.targetNode)
                          for t in shapes.objects(shape, p)):
        return None
    tokens = _TOKEN.findall(str(selects[0]))
    words = [t.upper() for t in tokens if t[:1].isalpha()]
    variables = {t[1:] for t in tokens if t[:1] in "?$"}
    if (words.count("SELECT") != 1 or _REFUSED & set(words) or "{" not in tokens
            or variables & {"currentShape", "shapesGraph", "PATH", "failure"}):
        return None
    head = tokens[:tokens.index("{")]
    if "*" in head or not {"?this", "$this"} & set(head):  # the focus node of each row must be projected
        return None
    prefixes = _declared_prefixes(shapes, constraint)
    if prefixes is None:
        return None
    queries = [prefixes + _with_target(tokens, target) for target in targets]
    focus_queries = tuple(f"SELECT DISTINCT ?this WHERE {{ {target} }}" for target in targets)
    per_node = tuple(tokens) if _correlated_filter_in_exists(tokens) else None
    severity = shapes.value(shape, SH.severity) or SH.Violation
    literal = rdflib.Literal
    return _SparqlCheck(shape, constraint, tuple(queries), per_node, focus_queries, prefixes, severity,
                        tuple(m for m in shapes.objects(shape, SH.message) if isinstance(m, literal)),
                        tuple(m for m in shapes.objects(constraint, SH.message) if isinstance(m, literal)))


def _with_target(tokens: list[str], target: str) -> str:
    """The query with ``target`` joined into every group, except inside EXISTS (``?this`` is bound there)."""
    out, stack, previous = [], [], ""
    for token in tokens:
        if token.startswith("#"):
            continue
        out.append(token)
        if token == "{":
            inside = (stack[-1] if stack else False) or previous.upper() == "EXISTS"
            stack.append(inside)
            if not inside:
                out.append(f" {target} ")
        elif token == "}" and stack:
            stack.pop()
        if not token.isspace():
            previous = token
    return "".join(out)


def _correlated_filter_in_exists(tokens: list[str]) -> bool:
    """Whether an EXISTS body has a FILTER and shares a variable other than ``?this`` with the outside.

    pyoxigraph cannot use such a filter to narrow the body, and evaluates it in full for every outer
    row (minutes at 1M triples); run once per focus node instead, the body then starts from a constant.
    """
    bodies: list[tuple[set[str], bool]] = []
    outside: set[str] = set()
    depth, start, previous = 0, None, ""
    current: set[str] = set()
    has_filter = False
    for token in tokens:
        if token.isspace() or token.startswith("#"):
            continue
        if token == "{":
            depth += 1
            if start is None and previous.upper() == "EXISTS":
                start, current, has_filter = depth, set(), False
        elif token == "}":
            if start == depth:
                bodies.append((current, has_filter))
                start = None
            depth -= 1
        elif token[:1] in "?$":
            (current if start is not None else outside).add(token[1:])
        elif start is not None and token.upper() == "FILTER":
            has_filter = True
        previous = token
    return any(filtered and (variables & outside) - {"this"} for variables, filtered in bodies)


def _per_node_query(check: _SparqlCheck, focus) -> tuple[str, dict]:
    """The constraint's query for one focus node: ``$this`` written as the constant (pyshacl's pre-binding)."""
    tokens = check.per_node or ()
    if isinstance(focus, rdflib.BNode):  # a blank node in query text is a variable: bind it instead
        text = "".join(t for t in tokens if not t.startswith("#"))
        return check.prefixes + text, {"this": focus}
    out, head = [], True
    for token in tokens:
        if token.startswith("#"):
            continue
        if token == "{":
            head = False
        if token in ("?this", "$this"):
            out.append(f"({focus.n3()} AS ?this)" if head else focus.n3())
        else:
            out.append(token)
    return check.prefixes + _sequence_paths_as_patterns(out), {}


_NAME = r'(?:<[^<>"{}|^`\\\s]*>|[A-Za-z][\w.-]*:[\w-]+|[A-Za-z]+:|:[\w-]+)'
_TERM = rf'(?:[?$]\w+|{_NAME}|\d+|\(<[^<>\s]*> AS \?this\))'
_SEQUENCE = re.compile(rf'([{{.]\s*)({_TERM})\s+({_NAME})/({_NAME})\s+({_TERM})(?=\s*[.}}])')


def _sequence_paths_as_patterns(tokens: list[str]) -> str:
    """``X p/q Y`` as ``X p ?v . ?v q Y`` (SPARQL's own translation of a sequence path, with a fresh
    variable) where the triple stands alone; pyoxigraph evaluates the path in an EXISTS in full."""
    counter = iter(range(1_000_000))
    segments, plain = [], []
    for token in tokens:
        if token[:1] in "\"'":
            segments.append(_SEQUENCE.sub(lambda m: _split(m, next(counter)), "".join(plain)))
            segments.append(token)
            plain = []
        else:
            plain.append(token)
    segments.append(_SEQUENCE.sub(lambda m: _split(m, next(counter)), "".join(plain)))
    return "".join(segments)


def _split(match: re.Match, number: int) -> str:
    before, subject, first, second, obj = match.groups()
    return f"{before}{subject} {first} ?kg_sequence_{number} . ?kg_sequence_{number} {second} {obj}"


def _true(value) -> bool:
    return isinstance(value, rdflib.Literal) and value.toPython() is True


def _declared_prefixes(shapes: rdflib.Graph, constraint) -> str | None:
    """PREFIX lines for the constraint's ``sh:prefixes`` (their ``sh:declare``s), as pyshacl applies them."""
    declared: dict[str, str] = {}
    for holder in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is None or namespace is None or declared.get(str(prefix), str(namespace)) != str(namespace):
                return None
            declared[str(prefix)] = str(namespace)
    return "".join(f"PREFIX {p}: <{n}>\n" for p, n in declared.items())


def _run_sparql(store, plan: _SparqlPlan) -> list[tuple]:
    """The report triples of every set-at-a-time SPARQL constraint, built as pyshacl builds them."""
    triples: list[tuple] = []
    for check in plan.checks:
        seen: set = set()
        for query, substitutions in _check_queries(store, check):
            try:
                solutions = store.query(query, use_default_graph_as_union=True,
                                        substitutions={_variable(k): _ox_term(v) for k, v in substitutions.items()})
            except Exception as exc:  # a syntax error in a shape, or an engine error
                raise ShapesError(f"SPARQL constraint {check.constraint} could not run: {exc}") from exc
            names = [v.value for v in solutions.variables]
            for solution in solutions:
                bound = {name: rdflib_term(solution[name]) for name in names if solution[name] is not None}
                focus = bound.pop("this")
                path, value = bound.pop("path", None), bound.pop("value", None)
                key = (focus, path, value, tuple(sorted(bound.items())))
                if key in seen:
                    continue
                seen.add(key)
                triples.extend(_sparql_result(check, focus, path, value if value is not None else focus, bound))
    return triples


def _check_queries(store, check: _SparqlCheck):
    """(query, substitutions) to run: one per target, or one per focus node for a ``per_node`` check."""
    if check.per_node is None:
        yield from ((query, {}) for query in check.queries)
        return
    focus_nodes: dict = {}
    for query in check.focus_queries:
        for solution in store.query(check.prefixes + query, use_default_graph_as_union=True):
            focus_nodes.setdefault(rdflib_term(solution["this"]), None)
    for focus in focus_nodes:
        yield _per_node_query(check, focus)


def _variable(name: str):
    import pyoxigraph as ox

    return ox.Variable(name)


def _ox_term(term):
    import pyoxigraph as ox

    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    return ox.NamedNode(str(term))


def _sparql_result(check: _SparqlCheck, focus, path, value, bound: dict) -> list[tuple]:
    node = rdflib.BNode()
    triples = [(node, rdflib.RDF.type, SH.ValidationResult),
               (node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent),
               (node, SH.sourceShape, check.shape), (node, SH.resultSeverity, check.severity),
               (node, SH.focusNode, focus), (node, SH.value, value), (node, SH.sourceConstraint, check.constraint)]
    if path is not None:
        triples.append((node, SH.resultPath, path))
    names = {**bound, "this": focus, **({"path": path} if path is not None else {}), "value": value}
    for message in (*[m for m in check.messages if m not in check.shape_messages], *check.shape_messages):
        text = str(message.value if message.value is not None else message)
        for name, term in names.items():
            text = re.sub(f"{{[?$]{name}}}", str(term), text)  # as pyshacl: re.sub, str of the term
        triples.append((node, SH.resultMessage, rdflib.Literal(text)))
    return triples


def _merge(report: rdflib.Graph, triples: list[tuple]) -> bool:
    """Add SPARQL results to turbo's report; False when one of them is a violation."""
    root = next(report.subjects(rdflib.RDF.type, SH.ValidationReport))
    conforms = True
    for subject, predicate, obj in triples:
        report.add((subject, predicate, obj))
        if predicate == rdflib.RDF.type:
            report.add((root, SH.result, subject))
        elif predicate == SH.resultSeverity and obj == SH.Violation:
            conforms = False
    if not conforms:
        report.set((root, SH.conforms, rdflib.Literal(False)))
    return conforms


def validate_affected(store: Store, changed: Iterable[Term], shapes: rdflib.Graph | Path,
                      ontology: rdflib.Graph | None = None) -> ValidationReport:
    """Validate only what a write can affect: the nodes it touched and those whose checks read them.

    ``changed`` holds the subjects and objects of the quads the write added and removed
    (:func:`kg.impact.touched_terms`; plain terms count as subjects); ``store`` is the store after
    the write. The report has exactly the results a full validation has for the affected focus nodes.
    A write that changes the class hierarchy (``rdfs:subClassOf``) validates the whole store.
    """
    from kg.validation.impact import Touched, affected_nodes, extract_subgraph

    shapes_graph = load_shapes(shapes) if isinstance(shapes, Path) else shapes
    if len(shapes_graph) == 0:
        return ValidationReport(True, [], _empty_report())
    if isinstance(changed, Touched) and changed.hierarchy:
        if ontology is None:
            return _validate_whole_store(store, shapes_graph, None)
        return validate_graph(store_graph(store), shapes_graph, ontology)
    focus = affected_nodes(store, changed)
    if not focus:
        return ValidationReport(True, [], _empty_report())
    subgraph = to_rdflib(extract_subgraph(store, focus))
    return validate_graph(subgraph, shapes_graph, ontology, focus_nodes=[rdflib_term(f) for f in focus])


def tag_message_languages(report: rdflib.Graph, shapes: rdflib.Graph) -> None:
    """Give SPARQL-based constraints' messages back their language tags.

    pyshacl fills ``{?var}`` into a message with ``re.sub``, which returns a plain string, so
    ``"…"@zh`` arrives untagged. Each untagged message is matched against its constraint's templates.
    """
    for node, constraint in list(report.subject_objects(SH.sourceConstraint)):
        templates = [(_template_pattern(m), m.language) for m in shapes.objects(constraint, SH.message)
                     if isinstance(m, rdflib.Literal) and m.language]
        for message in list(report.objects(node, SH.resultMessage)):
            if not isinstance(message, rdflib.Literal) or message.language:
                continue
            lang = next((lang for pattern, lang in templates if pattern.fullmatch(str(message))), None)
            if lang is not None:
                report.remove((node, SH.resultMessage, message))
                report.add((node, SH.resultMessage, rdflib.Literal(str(message), lang=lang)))


@functools.lru_cache(maxsize=512)
def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[?$]\w+\}", template)
    return re.compile(".*?".join(re.escape(part) for part in parts), re.DOTALL)


def read_results(report: rdflib.Graph) -> list[ValidationResult]:
    """The sh:ValidationResult nodes of a report graph, sorted for stable output."""
    results = []
    for node in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        messages = {(m.language or ""): str(m) for m in report.objects(node, SH.resultMessage)}
        severity = report.value(node, SH.resultSeverity)
        results.append(ValidationResult(
            focus=str(report.value(node, SH.focusNode)),
            path=path_text(report, report.value(node, SH.resultPath)),
            value=_text(report.value(node, SH.value)),
            shape=_text(report.value(node, SH.sourceShape)),
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            messages=messages,
            component=_text(report.value(node, SH.sourceConstraintComponent)),
            constraint=_named(report.value(node, SH.sourceConstraint)),
        ))
    return sorted(results, key=lambda r: r.key)


def path_text(graph: rdflib.Graph, path: rdflib.term.Node | None) -> str | None:
    """A SHACL path as text: an IRI, or ``^<iri>`` for an inverse path (other paths in SPARQL-like form)."""
    if path is None or isinstance(path, rdflib.URIRef):
        return _text(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{path_text(graph, inverse)}"
    items = list(rdflib.collection.Collection(graph, path)) if graph.value(path, rdflib.RDF.first) else []
    if items:
        return "/".join(path_text(graph, item) or "" for item in items)
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({path_text(graph, inner)}){suffix}"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(path_text(graph, item) or "" for item in rdflib.collection.Collection(graph, alternatives))
    return str(path)


def _copy(data: rdflib.Graph, ontology: rdflib.Graph | None) -> rdflib.Graph:
    graph = _QueryCachingGraph()
    for source in (data, ontology) if ontology is not None else (data,):
        for triple in source:
            graph.add(triple)
    return graph


def _named(term: rdflib.term.Node | None) -> str | None:
    return str(term) if isinstance(term, rdflib.URIRef) else None


def _text(term: rdflib.term.Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, rdflib.Literal) and term.language:
        return f"{term}@{term.language}"
    return str(term)


def _empty_report() -> rdflib.Graph:
    graph = rdflib.Graph()
    node = rdflib.BNode()
    graph.add((node, rdflib.RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, rdflib.Literal(True)))
    return graph
