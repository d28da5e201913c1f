"""The W3C SPARQL 1.1 query-evaluation tests, run over HTTP against any SPARQL endpoint with a Graph Store.

A test (``mf:QueryEvaluationTest`` or ``mf:CSVResultFormatTest``) names a query, the data of the
default graph (``qt:data``) and of named graphs (``qt:graphData``, named by the file's IRI) and the
expected result. :func:`run_case` empties the endpoint (``DROP ALL``), loads the data through the Graph
Store Protocol (``PUT ?default`` / ``PUT ?graph=``, as N-Triples whose relative IRIs were resolved against
the file's official W3C IRI, as the expected results have them), sends the query (``GET``, with a ``BASE``
of the query file's official IRI put before it) and compares the answer:

- SELECT: the solutions as a multiset (order is not compared), blank nodes as "some blank node" (the
  labels are not matched up: a weaker check than isomorphism, the same for every endpoint), numbers
  by value within their datatype (``"1.0"^^xsd:decimal`` is ``"1"^^xsd:decimal``), language tags in
  any case (BCP 47); results given in RDF (``rs:ResultSet``) read as such;
- ASK: the boolean; CONSTRUCT: isomorphic graphs;
- CSV: the columns, and the rows as a multiset of cells by column (blank nodes as ``_:``); TSV: parsed
  and compared as SELECT results.

The same harness runs against the app (``KG_UNION_DEFAULT_GRAPH=false``) and against ``oxigraph serve``,
so the two can be compared (``tests/api/test_w3c_query_evaluation.py``).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.query import Result

SUITE = Path(__file__).resolve().parents[2].parent / "shared" / "w3c-rdf-tests" / "sparql11"
SUITES = ("aggregates", "bind", "bindings", "cast", "construct", "exists", "functions", "grouping", "negation",
          "project-expression", "property-path", "subquery", "json-res", "csv-tsv-res")
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
KINDS = (MF.QueryEvaluationTest, MF.CSVResultFormatTest)
OFFICIAL = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
RS = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = frozenset(XSD + name for name in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                                            "nonNegativeInteger", "positiveInteger", "negativeInteger",
                                            "nonPositiveInteger", "unsignedInt", "unsignedLong"))
ACCEPT = {".srx": "application/sparql-results+json", ".srj": "application/sparql-results+json",
          ".csv": "text/csv", ".tsv": "text/tab-separated-values",
          ".ttl": "application/n-triples", ".rdf": "application/n-triples", ".nt": "application/n-triples"}


@dataclass(frozen=True)
class Case:
    """One query-evaluation test."""

    suite: str
    name: str
    query: Path
    data: tuple[Path, ...]
    graph_data: tuple[Path, ...]
    result: Path

    @property
    def id(self) -> str:
        return f"{self.suite}/{self.name}"


@dataclass
class Endpoint:
    """An endpoint as the harness uses it: ``update(text)``, ``put(graph or None, bytes, media type)``,
    ``query(text, accept) -> (status, content type, body)``."""

    update: Callable[[str], None]
    put: Callable[[str | None, bytes, str], None]
    query: Callable[[str, str], tuple[int, str, bytes]]


def cases() -> Iterator[Case]:
    for suite in SUITES:
        manifest = SUITE / suite / "manifest.ttl"
        graph = rdflib.Graph().parse(manifest, format="turtle", publicID=manifest.as_uri())
        root = graph.value(predicate=rdflib.RDF.type, object=MF.Manifest, any=True)
        for entry in Collection(graph, graph.value(root, MF.entries)):
            if graph.value(entry, rdflib.RDF.type) not in KINDS:
                continue
            action = graph.value(entry, MF.action)
            yield Case(suite, str(entry).rsplit("#", 1)[-1], _path(graph.value(action, QT.query)),
                       tuple(_path(d) for d in graph.objects(action, QT.data)),
                       tuple(_path(d) for d in graph.objects(action, QT.graphData)),
                       _path(graph.value(entry, MF.result)))


def run_case(endpoint: Endpoint, case: Case) -> str | None:
    """None when the endpoint answers as expected, else why not."""
    try:
        endpoint.update("DROP ALL")
        for path in case.data:
            endpoint.put(None, _absolute(path), "application/n-triples")
        for path in case.graph_data:
            endpoint.put(official(path), _absolute(path), "application/n-triples")
    except Exception as exc:  # the endpoint refused the data: the test fails with the reason
        return f"loading the data failed: {exc}"
    accept = ACCEPT[case.result.suffix]
    if case.result.suffix == ".ttl" and b"ResultSet" in case.result.read_bytes():  # SELECT/ASK results in RDF
        accept = ACCEPT[".srj"]
    text = f"BASE <{official(case.query)}>\n" + case.query.read_text(encoding="utf-8")
    status, kind, body = endpoint.query(text, accept)
    if status != 200:
        return f"HTTP {status}: {body[:300].decode('utf-8', 'replace')}"
    try:
        return _compare(case.result, kind, body)
    except Exception as exc:  # an answer that cannot be read is a failure with its reason
        return f"unreadable answer ({kind}): {type(exc).__name__}: {exc}"


def _compare(expected: Path, kind: str, body: bytes) -> str | None:
    if expected.suffix == ".csv":
        return None if _csv(expected.read_bytes()) == _csv(body) else "the CSV rows differ"
    if expected.suffix in (".ttl", ".rdf", ".nt"):
        wanted = rdflib.Graph().parse(data=_absolute(expected), format="nt")
        result_set = _result_set(wanted)
        if isinstance(result_set, bool):
            got_json = json.loads(body)
            return None if got_json.get("boolean") == result_set else "the boolean differs"
        if result_set is not None:
            got_rows = Result.parse(source=io.BytesIO(body), format="json")
            return None if _solutions(result_set) == _solutions(got_rows) else (
                f"the solutions differ ({len(got_rows.bindings)} rows, {len(result_set)} expected)")
        got = rdflib.Graph().parse(data=body, format="nt")
        return None if isomorphic(wanted, got) else f"the graphs differ ({len(got)} triples, {len(wanted)} expected)"
    wanted = Result.parse(source=io.BytesIO(expected.read_bytes()), format=_results_format(expected.suffix))
    got = Result.parse(source=io.BytesIO(body), format="tsv" if expected.suffix == ".tsv" else "json")
    if wanted.type == "ASK":
        return None if got.type == "ASK" and bool(got.askAnswer) == bool(wanted.askAnswer) else "the boolean differs"
    if _solutions(wanted) == _solutions(got):
        return None
    return f"the solutions differ ({len(got.bindings)} rows, {len(wanted.bindings)} expected)"


def _results_format(suffix: str) -> str:
    return {".srx": "xml", ".srj": "json", ".tsv": "tsv"}[suffix]


def _solutions(result: Result | list[dict]) -> Counter:
    rows = result.bindings if isinstance(result, Result) else result
    return Counter(tuple(sorted((str(var), _key(value)) for var, value in row.items() if value is not None))
                   for row in rows)


def _key(term: rdflib.term.Node) -> str:
    """A term as compared: blank nodes alike, numbers by value within their datatype, language tags in any case."""
    if isinstance(term, rdflib.BNode):
        return "_:"
    if isinstance(term, rdflib.Literal):
        if term.datatype is not None and str(term.datatype) in NUMERIC:
            try:
                return f"{Decimal(str(term)).normalize()}^^{term.datatype}"
            except ArithmeticError:
                return term.n3()
        if term.language:
            return rdflib.Literal(str(term), lang=term.language.lower()).n3()
    return term.n3()


def _csv(data: bytes) -> tuple[frozenset[str], Counter]:
    """The columns, and the rows as a multiset (cells by column name: ``SELECT *`` has no set order)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    header, body = (rows[0] if rows else []), rows[1:]
    return frozenset(header), Counter(tuple(sorted((name, "_:" if cell.startswith("_:") else cell)
                                                   for name, cell in zip(header, row, strict=False))) for row in body)


def _result_set(graph: rdflib.Graph) -> bool | list[dict] | None:
    """A result set in the DAWG vocabulary (``rs:ResultSet``): its boolean or its solutions; None if it is none."""
    result = graph.value(predicate=rdflib.RDF.type, object=RS.ResultSet, any=True)
    if result is None:
        return None
    boolean = graph.value(result, RS.boolean)
    if boolean is not None:
        return bool(boolean.toPython())
    return [{str(graph.value(b, RS.variable)): graph.value(b, RS.value) for b in graph.objects(s, RS.binding)}
            for s in graph.objects(result, RS.solution)]


def official(path: Path) -> str:
    """The IRI the W3C gives a test file (the base its data and queries are read against)."""
    return f"{OFFICIAL}{path.relative_to(SUITE).as_posix()}"


def _absolute(path: Path) -> bytes:
    """A data file as N-Triples, its relative IRIs resolved against its official IRI."""
    fmt = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML}[path.suffix]
    triples = [q.triple for q in ox.parse(path.read_bytes(), format=fmt, base_iri=official(path))]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""


def _path(term: rdflib.term.Node | None) -> Path:
    assert term is not None
    return Path(str(term).removeprefix("file://"))


def summary(outcomes: dict[str, str | None]) -> dict[str, object]:
    """Passed and failed counts, and each failure's cause."""
    failures = {name: cause for name, cause in outcomes.items() if cause is not None}
    return {"tests": len(outcomes), "passed": len(outcomes) - len(failures), "failed": len(failures),
            "failures": dict(sorted(failures.items()))}


def dump(path: Path, report: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
