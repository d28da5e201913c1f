"""LOAD: the document is fetched and parsed in a process of its own, never in the API process.

``LOAD <iri> [INTO GRAPH g]`` reaches only this module when the setting ``allow_load`` is on (the
screen refuses it otherwise). :func:`fetch_document` starts a Python process running this module's
:func:`main` — the one process of the write path that may open a connection; the query workers and
the API process never do — and waits for it no longer than the write's deadline, then
kills it. That process asks for the document as the engine does (``Accept: application/n-triples,
text/turtle, application/rdf+xml``, no redirects), reads at most ``max_body_bytes`` of it, picks the
format from its Content-Type, parses it with the screened parse of :mod:`kg.payload_screening`
(bounded nesting and entity expansion; RDF-star refused) with the IRI as base, and writes the triples
back as N-Triples. The caller inserts them into the target graph as ``INSERT DATA`` would, the
document's blank nodes made new ones (as the engine renames them).
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UpdateError
from kg.rdf.formats import ntriples
from kg.rdf.model import BlankNode, DefaultGraph, NamedNode, Quad, Term, Triple
from kg.write_limits import Deadline

ACCEPT = "application/n-triples, text/turtle, application/rdf+xml"
_MEMORY_BYTES = 2 << 30  # the fetching process's address space, beyond the body cap it enforces itself
_ROOT = str(Path(__file__).resolve().parents[2])  # the directory holding this kg package
_RUN = f"import sys; sys.path.insert(0, {_ROOT!r}); from kg.writes.document_load import main; sys.exit(main(sys.argv))"


class LoadFailedError(Exception):
    """The document could not be fetched or parsed (LOAD SILENT ignores it; LOAD makes it an UpdateError)."""


def fetch_document(source: str, max_bytes: int, deadline: Deadline) -> list[Triple]:
    """The triples of the document at ``source``, fetched and parsed in a separate process by ``deadline``."""
    deadline.check("fetching the document of LOAD")
    command = [sys.executable, "-c", _RUN, source, str(max_bytes)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=deadline.remaining(), check=False)
    except subprocess.TimeoutExpired:  # run() has killed it
        raise deadline.error("fetching the document of LOAD") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["the fetching process failed"]
        raise LoadFailedError(lines[-1][:500])
    try:
        return [quad.triple for quad in ox.parse(done.stdout, format=ox.RdfFormat.N_TRIPLES)]
    except (SyntaxError, ValueError) as exc:
        raise LoadFailedError(f"unreadable answer of the fetching process: {exc}") from exc


def as_inserted(triples: list[Triple], graph: NamedNode | None) -> list[Quad]:
    """The triples in ``graph`` (None: the default graph), their blank nodes new ones."""
    blanks: dict[str, BlankNode] = {}

    def fresh(term: Term) -> Term:
        return blanks.setdefault(term.value, BlankNode()) if isinstance(term, BlankNode) else term

    target = DefaultGraph() if graph is None else graph
    return [Quad(fresh(t.subject), t.predicate, fresh(t.object), target) for t in triples]


def load_error(source: str, exc: LoadFailedError) -> UpdateError:
    return UpdateError(f"the update cannot be applied: LOAD <{source}> failed: {exc}")


def _fetch(source: str, max_bytes: int) -> tuple[bytes, str]:
    """The body (at most ``max_bytes``) and media type of the document."""
    import httpx  # here: the API process never needs it for LOAD

    body = bytearray()
    with httpx.Client(follow_redirects=False, timeout=30.0) as client, \
            client.stream("GET", source, headers={"Accept": ACCEPT}) as response:
        if response.status_code != 200:
            raise LoadFailedError(f"the server answered HTTP {response.status_code}")
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > max_bytes:
                raise LoadFailedError(f"the document is larger than max_body_bytes = {max_bytes} bytes")
        media_type = response.headers.get("content-type", "").split(";")[0].strip()
    return bytes(body), media_type


def main(argv: list[str]) -> int:
    """Fetch ``argv[1]`` (at most ``argv[2]`` bytes), parse it screened, write its triples as N-Triples."""
    import httpx

    from kg.errors import KgError
    from kg.rdf.payload import parse_quads

    resource.setrlimit(resource.RLIMIT_AS, (_MEMORY_BYTES, _MEMORY_BYTES))
    source, max_bytes = argv[1], int(argv[2])
    try:
        body, media_type = _fetch(source, max_bytes)
        quads = parse_quads(body, media_type, base_iri=source, source=source)
        if any(not isinstance(q.graph_name, DefaultGraph) for q in quads):
            raise LoadFailedError("the document holds named graphs; LOAD reads triples only")
        if any(isinstance(q.subject, Triple) or isinstance(q.object, Triple) for q in quads):
            raise LoadFailedError("RDF-star triple terms are not supported")
    except (LoadFailedError, KgError, httpx.HTTPError, OSError, ValueError) as exc:
        print(str(exc) or type(exc).__name__, file=sys.stderr)
        return 1
    sys.stdout.buffer.write(ntriples(q.triple for q in quads).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
