"""SHACL-SPARQL constraints run set-at-a-time in the store: each ``sh:sparql`` constraint of a node shape
rewritten once to check all its focus nodes in one query over pyoxigraph, instead of one query per node.

:func:`sparql_plan` splits the shapes into the core that pyshacl-turbo runs and the checks this module
runs (a constraint it cannot rewrite exactly — VALUES, GRAPH, SERVICE, aggregates, … — stays in the
core); :func:`run_sparql` evaluates the checks and returns their results as report triples, which
:func:`merge_results` adds to turbo's report. The results equal pyshacl's, constraint by constraint
(``tests/kg/validation/test_shacl_engines.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import rdflib
from rdflib.namespace import SH

from kg.errors import QuerySyntaxError, ShapesError
from kg.rdf.convert import rdflib_term
from kg.sparql.lexer import tokens as sparql_tokens


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
class SparqlPlan:
    core: rdflib.Graph  # the shapes without the constraints in ``checks``
    checks: tuple[_SparqlCheck, ...]


_PLANS: dict[int, tuple[rdflib.Graph, int, SparqlPlan]] = {}


def sparql_plan(shapes: rdflib.Graph) -> SparqlPlan:
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
    plan = SparqlPlan(core, tuple(checks))
    if len(_PLANS) >= 8:
        _PLANS.clear()
    _PLANS[id(shapes)] = (shapes, len(shapes), plan)
    return plan


def _pieces(text: str) -> list[str]:
    """The query's terminals as :mod:`kg.sparql.lexer` reads them, with the whitespace runs and the comments
    (``#`` to the end of the line) between them as pieces of their own: joined, they give the text back.
    QuerySyntaxError for a text the lexer cannot read."""
    pieces, pos = [], 0
    for token in sparql_tokens(text):
        _gap(text, pos, token.offset, pieces)
        pieces.append(token.raw)
        pos = token.offset + len(token.raw)
    _gap(text, pos, len(text), pieces)
    return pieces


def _gap(text: str, start: int, end: int, pieces: list[str]) -> None:
    """The whitespace and comments of ``text[start:end]``, split into whitespace runs and comments."""
    while start < end:
        if text[start] == "#":
            newline = text.find("\n", start, end)
            stop = end if newline < 0 else newline
        else:
            comment = text.find("#", start, end)
            stop = end if comment < 0 else comment
        pieces.append(text[start:stop])
        start = stop


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
    try:
        tokens = _pieces(str(selects[0]))
    except QuerySyntaxError:  # pyshacl reports it
        return None
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
    """The query with ``target`` joined into every group, except inside EXISTS and OPTIONAL (``?this`` is bound
    there by the group around them, which has it: joined in again, pyoxigraph plans the optional part from the
    target pattern rather than from the bound nodes, 50× slower at 100k)."""
    out, stack, previous = [], [], ""
    for token in tokens:
        if token.startswith("#"):
            continue
        out.append(token)
        if token == "{":
            inside = (stack[-1] if stack else False) or previous.upper() in ("EXISTS", "OPTIONAL")
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


def _sequence_paths_as_patterns(pieces: list[str]) -> str:
    """``X p/q Y`` as ``X p ?v . ?v q Y`` (SPARQL's own translation of a sequence path, with a fresh
    variable) where the triple stands alone; pyoxigraph evaluates the path in an EXISTS in full.
    ``pieces``: the query's terminals and the whitespace between them (:func:`_pieces`, comments left out)."""
    out = list(pieces)
    at = [i for i, piece in enumerate(pieces) if not piece.isspace()]
    number, n = 0, 0
    while n + 6 < len(at):
        before, subject, first, slash, second, obj, after = (pieces[at[n + k]] for k in range(7))
        if (before in ("{", ".") and slash == "/" and after in (".", "}") and _is_name(first) and _is_name(second)
                and _is_term(subject) and _is_term(obj)):
            variable = f"?kg_sequence_{number}"
            out[at[n + 3]] = f" {variable} . {variable} "
            number, n = number + 1, n + 6  # the closing "." may open the next triple
        else:
            n += 1
    return "".join(out)


def _is_name(piece: str) -> bool:
    """An IRI or a prefixed name (a predicate of a sequence path)."""
    return (piece[0] == "<" and piece[-1] == ">") or (":" in piece and piece[0] not in "\"'?$(")


def _is_term(piece: str) -> bool:
    """A subject or object the rewrite may stand beside: a variable, a name, an integer, or the focus node
    :func:`_per_node_query` wrote into the projection."""
    return piece[0] in "?$" or _is_name(piece) or piece.isdigit() or piece.endswith(" AS ?this)")


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


def run_sparql(store, plan: SparqlPlan) -> list[tuple]:
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


def merge_results(report: rdflib.Graph, triples: list[tuple]) -> bool:
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
