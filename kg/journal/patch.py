"""RDF Patch (the rdf-delta text format): one journal transaction written and read back.

A transaction is written as::

    H id <uuid:0686c69d-…> .
    H prev <uuid:3ee0eca0-…> .                      (absent on the first transaction)
    H time "2026-12-08T01:40:00.123456+00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
    H client "ministry" .
    H operation "update" .                         (update, put, post, delete, build, squash)
    H graph <https://w3id.org/fikg/graph/notes> .  (one per graph the operation names; optional)
    TX .
    D <s> <p> <o> <g> .                            (removed quads first, in N-Quads term syntax)
    A <s> <p> "o"@zh .                             (then added ones; no graph term: the default graph)
    TC .

Every term is written in N-Quads syntax with absolute IRIs (no ``PA`` prefixes), so each row reads
alone. A blank node is written with its label in the store (``_:b0``): the embedded store keeps the
labels it is given (:mod:`kg.store.delta`), and the build gives the sources' blank nodes labels
derived from what they say (:mod:`kg.journal.labels`), so the same blank node has the same label
everywhere in the journal and a consumer can apply ``D`` rows that name it. Headers other than
these are kept as read (``Transaction.extra``), in order; a header may repeat (``graph``, ``folded``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import pyoxigraph as ox

from kg.errors import LoadError
from kg.rdf.model import Literal, NamedNode, Quad

XSD_DATETIME = NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
MEDIA_TYPE = "application/rdf-patch"
ID_PREFIX = "uuid:"


@dataclass(frozen=True)
class Transaction:
    """One journal entry: who changed what, and the exact quads removed and added."""

    id: str  # "uuid:…"
    prev: str | None
    time: datetime
    client: str
    operation: str
    added: Sequence[Quad] = ()
    removed: Sequence[Quad] = ()
    graphs: tuple[str, ...] = ()  # graphs the operation names (even where nothing changed)
    extra: tuple[tuple[str, str], ...] = field(default=())  # other headers: (name, value as written)

    def header(self, name: str) -> list[str]:
        """The values of an extra header, in order (IRIs without brackets, literals as their text)."""
        return [_header_value(value) for key, value in self.extra if key == name]


def write_transaction(transaction: Transaction) -> str:
    """The transaction as RDF Patch text (ends with ``TC .`` and a newline)."""
    lines = [f"H id <{transaction.id}> ."]
    if transaction.prev:
        lines.append(f"H prev <{transaction.prev}> .")
    lines.append(f"H time {Literal(transaction.time.isoformat(timespec='microseconds'), datatype=XSD_DATETIME)} .")
    lines.append(f"H client {Literal(transaction.client)} .")
    lines.append(f"H operation {Literal(transaction.operation)} .")
    lines += [f"H graph {NamedNode(graph)} ." for graph in transaction.graphs]
    lines += [f"H {name} {value} ." for name, value in transaction.extra]
    lines.append("TX .")
    text = "\n".join(lines) + "\n"
    return text + _rows("D", transaction.removed) + _rows("A", transaction.added) + "TC .\n"


def read_transactions(text: str, *, quads: bool = True) -> Iterator[Transaction]:
    """The transactions of RDF Patch text, in order. LoadError on a malformed or unfinished one.

    With ``quads=False`` the rows are counted, not parsed: ``added`` and ``removed`` hold ``None`` per row
    (what an index needs, at a fraction of the cost)."""
    headers: list[tuple[str, str]] = []
    rows: list[str] = []
    kinds: list[str] = []
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        code, _, rest = line.partition(" ")
        if code == "H" and not inside:
            name, _, value = rest.partition(" ")
            headers.append((name, value.removesuffix(" .").strip()))
        elif code == "TX" and not inside:
            inside = True
        elif code in ("A", "D") and inside:
            kinds.append(code)
            rows.append(rest)
        elif code == "TC" and inside:
            yield _transaction(headers, kinds, rows if quads else None, number)
            headers, rows, kinds, inside = [], [], [], False
        else:
            raise LoadError("journal", f"line {number}: unexpected {code!r} in RDF Patch")
    if inside or headers:
        raise LoadError("journal", "the RDF Patch text ends inside a transaction")


def _rows(code: str, quads: Sequence[Quad]) -> str:
    if not quads:
        return ""
    text = ox.serialize(list(quads), format=ox.RdfFormat.N_QUADS).decode("utf-8")
    return "".join(f"{code} {line}\n" for line in text.splitlines())  # N-Quads escapes line breaks in literals


def _transaction(headers: list[tuple[str, str]], kinds: list[str], rows: list[str] | None,
                 number: int) -> Transaction:
    known: dict[str, str] = {}
    graphs: list[str] = []
    extra: list[tuple[str, str]] = []
    for name, value in headers:
        if name == "graph":
            graphs.append(_header_value(value))
        elif name in ("id", "prev", "time", "client", "operation") and name not in known:
            known[name] = value
        else:
            extra.append((name, value))
    if "id" not in known:
        raise LoadError("journal", f"line {number}: a transaction without `H id`")
    quads = _parse_quads(rows, number) if rows is not None else [None] * len(kinds)
    added = [q for kind, q in zip(kinds, quads, strict=True) if kind == "A"]
    removed = [q for kind, q in zip(kinds, quads, strict=True) if kind == "D"]
    return Transaction(
        id=_header_value(known["id"]), prev=_header_value(known["prev"]) if "prev" in known else None,
        time=datetime.fromisoformat(_header_value(known.get("time", '"1970-01-01T00:00:00+00:00"'))),
        client=_header_value(known.get("client", '""')), operation=_header_value(known.get("operation", '""')),
        added=added, removed=removed, graphs=tuple(graphs), extra=tuple(extra))


def _parse_quads(rows: Iterable[str], number: int) -> list[Quad]:
    text = "\n".join(row.rstrip() for row in rows)
    if not text:
        return []
    try:
        return list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))  # keeps blank-node labels
    except SyntaxError as exc:
        raise LoadError("journal", f"transaction ending at line {number}: {exc}") from exc


def _header_value(value: str) -> str:
    """An IRI's text without brackets; a literal's lexical form (N-Triples escapes undone)."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return value[1:-1]
    if value.startswith('"'):
        parsed = next(iter(ox.parse(f"<urn:x> <urn:x> {value} .".encode(), format=ox.RdfFormat.N_TRIPLES)))
        return parsed.object.value
    return value
