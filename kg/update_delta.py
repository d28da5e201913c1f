"""The exact change a SPARQL Update would make, computed without running it and without a copy.

:func:`update_delta` splits the update into its operations, reads what each needs from the live
store and returns the quads it would add and remove:

- ``INSERT DATA`` / ``DELETE DATA``: the data, minus what is already there (or absent);
- ``DELETE WHERE`` and ``[WITH] DELETE {…} INSERT {…} [USING …] WHERE {…}``: the WHERE clause runs as
  a SELECT on the live store with the dataset the update itself would use (the store's own default
  graph, the WITH graph, or the USING clauses), and the templates are instantiated per solution as
  SPARQL 1.1 Update says (fresh blank nodes per solution in INSERT templates; a quad with an unbound
  variable or an ill-typed term is left out).

Several operations apply in sequence over an overlay (live store + pending change). What this module
cannot compute exactly — LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY, SERVICE, RDF-star, a WHERE clause
after an operation that changed something, blank nodes on a remote store — raises
:class:`Unsupported`, and the caller falls back to running the update on a staged copy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.embedded import EmbeddedStore
from kg.model import BlankNode, DefaultGraph, NamedNode, Quad
from kg.store import Store
from kg.write_limits import Deadline

_VAR_IRI = "urn:x-kg-update-variable:"
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_VARIABLE = re.compile(r"[?$]([A-Za-z0-9_\u00B7-\uFFFF]+)")
_PLAIN = re.compile(r"[^\"'<#{}?$]+")
_WORD = re.compile(r"[^\s{}();,]+")
_STRING = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'', re.S)
_BATCH = 200
_ROWS_PER_CHECK = 1000  # solutions read between two looks at the deadline


class Unsupported(Exception):  # a signal to fall back to the staged copy, not an error a client sees
    """The update holds something whose effect this module does not compute exactly."""


@dataclass
class Change:
    """The pending change of an update: quads added and removed relative to the live store."""

    added: dict[Quad, None] = field(default_factory=dict)  # ordered sets
    removed: dict[Quad, None] = field(default_factory=dict)


@dataclass(frozen=True)
class _Token:
    kind: str  # "word", "iri", "group" (a {…} block), "semicolon"
    text: str


def check(sparql: str) -> None:
    """:class:`Unsupported` when the update holds an operation this module does not compute."""
    for tokens in _operations(_tokens(sparql)):
        _parse(tokens)


def update_delta(store: Store, sparql: str, *, base_iri: str | None = None,
                 deadline: Deadline | None = None) -> tuple[list[Quad], list[Quad]]:
    """The quads ``sparql`` would add and remove on ``store``; :class:`Unsupported` when not exact.

    The update must already be known to be syntactically valid (the caller checks it). Past
    ``deadline`` no further operation starts and no further solution is read (WriteTimeoutError);
    a single query of the store is not interrupted.
    """
    change = Change()
    prologue = f"BASE <{base_iri}>\n" if base_iri else ""
    for tokens in _operations(_tokens(sparql)):
        declarations, operation = _parse(tokens)
        prologue += declarations
        if operation is not None:
            if deadline is not None:
                deadline.check("computing the change")
            _apply(store, change, prologue, operation, deadline)
    return list(change.added), list(change.removed)


@dataclass(frozen=True)
class _Operation:
    kind: str  # "insert data", "delete data" or "modify" (DELETE WHERE is a modify)
    data: str = ""  # the {…} block of INSERT DATA / DELETE DATA
    with_graph: str | None = None
    delete: str | None = None
    insert: str | None = None
    using: tuple[str, ...] = ()
    where: str = ""


def _parse(tokens: list[_Token]) -> tuple[str, _Operation | None]:
    """The prologue declarations and the operation of one ``;``-separated part of an update."""
    position, declarations = 0, ""
    while position < len(tokens) and tokens[position].kind == "word" and tokens[position].text.upper() in {
            "BASE", "PREFIX"}:
        size = 2 if tokens[position].text.upper() == "BASE" else 3
        declarations += " ".join(t.text for t in tokens[position:position + size]) + "\n"
        position += size
    rest = tokens[position:]
    if not rest:
        return declarations, None
    keywords = [t.text.upper() if t.kind == "word" else t.kind for t in rest]
    if keywords in (["INSERT", "DATA", "group"], ["DELETE", "DATA", "group"]):
        return declarations, _Operation(f"{keywords[0].lower()} data", data=rest[2].text)
    if keywords == ["DELETE", "WHERE", "group"]:
        return declarations, _Operation("modify", delete=rest[2].text, where=rest[2].text)
    position, operation = 0, {}
    if keywords[:1] == ["WITH"]:
        operation["with_graph"], position = rest[1].text, 2
    if keywords[position:position + 2] == ["DELETE", "group"]:
        operation["delete"], position = rest[position + 1].text, position + 2
    if keywords[position:position + 2] == ["INSERT", "group"]:
        operation["insert"], position = rest[position + 1].text, position + 2
    using = []
    while keywords[position:position + 1] == ["USING"]:
        named = keywords[position + 1:position + 2] == ["NAMED"]
        iri = rest[position + 2 if named else position + 1]
        using.append(("FROM NAMED " if named else "FROM ") + iri.text)
        position += 3 if named else 2
    if not ({"delete", "insert"} & operation.keys()) or keywords[position:] != ["WHERE", "group"]:
        raise Unsupported(f"operation {' '.join(keywords[:3])}")
    return declarations, _Operation("modify", using=tuple(using), where=rest[position + 1].text, **operation)


# Applying operations over the overlay

def _apply(store: Store, change: Change, prologue: str, operation: _Operation, deadline: Deadline | None) -> None:
    if operation.kind == "insert data":
        _insert(store, change, _template(prologue, operation.data, None)(None))
    elif operation.kind == "delete data":
        _delete(store, change, _template(prologue, operation.data, None)(None))
    else:
        if change.added or change.removed:
            raise Unsupported("a WHERE clause after an operation that changed the store")
        with_graph = _graph_iri(prologue, operation.with_graph) if operation.with_graph else None
        select = f"{prologue}SELECT * {' '.join(operation.using)} WHERE {operation.where}"
        solutions = _solutions(store, select, None if operation.using else with_graph, deadline)
        removals, additions = [], []
        if operation.delete is not None:
            deleting = _template(prologue, operation.delete, with_graph)
            removals = [q for s in solutions for q in deleting(s)]
        if operation.insert is not None:
            inserting = _template(prologue, operation.insert, with_graph)
            additions = [q for s in solutions for q in inserting(s)]
        _delete(store, change, removals)
        _insert(store, change, additions)


def _delete(store: Store, change: Change, quads: Iterable[Quad]) -> None:
    quads = list(dict.fromkeys(quads))
    for quad in [q for q in quads if q in change.added]:
        del change.added[quad]
    held = present(store, [q for q in quads if q not in change.removed and q not in change.added])
    change.removed.update(dict.fromkeys(q for q in quads if q in held))


def _insert(store: Store, change: Change, quads: Iterable[Quad]) -> None:
    quads = list(dict.fromkeys(quads))
    for quad in [q for q in quads if q in change.removed]:
        del change.removed[quad]
    fresh = [q for q in quads if q not in change.added]
    held = present(store, fresh)
    change.added.update(dict.fromkeys(q for q in fresh if q not in held))


# Reading the live store

def present(store: Store, quads: list[Quad]) -> set[Quad]:
    """Those of ``quads`` the live store holds."""
    if isinstance(store, EmbeddedStore):
        return {q for q in quads if q in store.engine}
    found: set[Quad] = set()
    named = [q for q in quads if not any(isinstance(t, BlankNode) for t in (q.subject, q.object))]
    for graph, group in _by_graph(named).items():  # a remote store's blank nodes never reach here: new ones
        for start in range(0, len(group), _BATCH):
            chunk = group[start:start + _BATCH]
            rows = " ".join(f"({q.subject} {q.predicate} {q.object})" for q in chunk)
            pattern = f"VALUES (?s ?p ?o) {{ {rows} }} ?s ?p ?o"
            if isinstance(graph, NamedNode):
                pattern = f"GRAPH {graph} {{ {pattern} }}"
            for row in store.select_default_graph(f"SELECT ?s ?p ?o WHERE {{ {pattern} }}"):
                found.add(Quad(row["s"], row["p"], row["o"], graph))
    return found


def _solutions(store: Store, select: str, default_graph: NamedNode | None,
               deadline: Deadline | None) -> list[dict[str, object]]:
    """The WHERE clause's solutions, with the default graph the update itself would use."""
    if isinstance(store, EmbeddedStore):
        options = {"default_graph": [default_graph]} if default_graph is not None else {}
        try:
            raw = store.engine.query(select, **options)
        except (SyntaxError, OSError, ValueError, RuntimeError) as exc:
            raise Unsupported(f"the WHERE clause as a query: {exc}") from exc
        names = [v.value for v in raw.variables]
        solutions = []
        for number, row in enumerate(raw):  # read lazily: a runaway WHERE stops at the deadline
            if deadline is not None and number % _ROWS_PER_CHECK == 0:
                deadline.check("reading the solutions of the update's WHERE clause")
            solutions.append({n: row[n] for n in names if row[n] is not None})
        return solutions
    if default_graph is not None:
        rows = store.query(select, default_graphs=[default_graph.value]).rows()
    else:
        rows = store.select_default_graph(select)
    if any(isinstance(v, BlankNode) for row in rows for v in row.values()):
        raise Unsupported("blank nodes in the solutions of a remote store")
    return rows


def _by_graph(quads: list[Quad]) -> dict[object, list[Quad]]:
    groups: dict[object, list[Quad]] = {}
    for quad in quads:
        groups.setdefault(quad.graph_name, []).append(quad)
    return groups


def _graph_iri(prologue: str, text: str) -> NamedNode:
    """The IRI a WITH clause names, resolved against the prologue."""
    quads = list(_parse_trig(prologue, f"GRAPH {text} {{ <urn:x:s> <urn:x:p> <urn:x:o> }}"))
    graph = quads[0].graph_name
    if not isinstance(graph, NamedNode):
        raise Unsupported("WITH names no IRI")
    return graph


# Templates

def _template(prologue: str, block: str, with_graph: NamedNode | None):
    """A function from a solution (None for DATA) to the quads of the ``{…}`` ``block``."""
    quads = list(_parse_trig(prologue, _as_trig(block)))

    def instantiate(solution: dict[str, object] | None) -> Iterator[Quad]:
        blanks: dict[str, BlankNode] = {}
        for quad in quads:
            terms = [_bind(t, solution, blanks) for t in (quad.subject, quad.predicate, quad.object, quad.graph_name)]
            if any(t is None for t in terms):
                continue  # an unbound variable: the quad is left out
            if isinstance(terms[3], DefaultGraph) and with_graph is not None:
                terms[3] = with_graph
            try:
                yield Quad(*terms)
            except TypeError:
                continue  # ill-typed (a literal subject, a blank predicate …): left out

    return instantiate


def _bind(term: object, solution: dict[str, object] | None, blanks: dict[str, BlankNode]) -> object:
    if isinstance(term, NamedNode) and term.value.startswith(_VAR_IRI):
        return None if solution is None else solution.get(term.value[len(_VAR_IRI):])
    if isinstance(term, BlankNode):
        return blanks.setdefault(term.value, BlankNode())
    if isinstance(term, ox.Triple):
        raise Unsupported("RDF-star triple terms")
    return term


def _parse_trig(prologue: str, body: str) -> Iterator[Quad]:
    try:
        return iter(list(ox.parse(prologue + body, format=ox.RdfFormat.TRIG)))
    except (SyntaxError, ValueError) as exc:
        raise Unsupported(f"a template that TriG does not read: {exc}") from exc


def _as_trig(block: str) -> str:
    """A SPARQL quad block ``{ triples GRAPH g { triples } … }`` as TriG; variables become IRIs."""
    tokens = list(_scan(block.strip()[1:-1], variables=True))
    out, triples = [], []
    position = 0
    while position < len(tokens):
        kind, text = tokens[position]
        if kind == "word" and text.upper() == "GRAPH":
            name, group, position = _graph_block(tokens, position + 1)
            out.extend([_wrap(triples), f"GRAPH {name} {group}"])
            triples = []
            continue
        triples.append(text)
        position += 1
    out.append(_wrap(triples))
    return "\n".join(part for part in out if part)


def _graph_block(tokens: list[tuple[str, str]], position: int) -> tuple[str, str, int]:
    """The graph name and ``{…}`` group of a GRAPH block whose name starts at ``position``."""
    found: list[str] = []
    while position < len(tokens) and len(found) < 2:
        kind, text = tokens[position]
        if kind != "space":
            found.append(text)
        position += 1
    if len(found) < 2 or not found[1].startswith("{"):
        raise Unsupported("a GRAPH block this module does not read")
    return found[0], found[1], position


def _wrap(parts: list[str]) -> str:
    text = "".join(parts).strip()
    while text.startswith("."):
        text = text[1:].strip()
    return "{ " + text + " }" if text else ""


# Lexing

def _tokens(sparql: str) -> list[_Token]:
    """The update's top-level tokens: words, IRIs, ``;`` and whole ``{…}`` groups."""
    out = []
    for kind, text in _scan(sparql, variables=False):
        if kind == "space":
            continue
        if kind == "word" and text.startswith("<<"):
            raise Unsupported("RDF-star")
        out.append(_Token(kind, text))
    words = {t.text.upper() for t in out if t.kind == "word"}
    if words & {"LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}:
        raise Unsupported("graph management operations")
    if re.search(r"\bSERVICE\b", sparql, re.I) or "<<" in sparql or _VAR_IRI in sparql:
        raise Unsupported("SERVICE, RDF-star, or this module's own variable IRIs")
    return out


def _operations(tokens: list[_Token]) -> Iterator[list[_Token]]:
    current: list[_Token] = []
    for token in tokens:
        if token.kind == "semicolon":
            yield current
            current = []
        else:
            current.append(token)
    yield current


def _scan(text: str, *, variables: bool) -> Iterator[tuple[str, str]]:
    """Top-level tokens of ``text``: ("group", "{…}") with nested text kept verbatim (variables
    rewritten to IRIs when asked), ("iri", …), ("semicolon", ";"), ("word", …) for the rest."""
    position, depth = 0, 0
    pieces: list[str] = []  # the text of the current group, rewritten
    length = len(text)
    while position < length:
        char = text[position]
        if char == "#":
            end = text.find("\n", position)
            position = length if end < 0 else end
            continue
        if char in "\"'":
            match = _STRING.match(text, position)
            if match is None:
                raise Unsupported("an unterminated string")
            piece, position = match.group(), match.end()
        elif char == "<" and (match := _IRI.match(text, position)):
            piece, position = match.group(), match.end()
            if depth == 0:
                yield "iri", piece
                continue
        elif char in "?$" and variables and (match := _VARIABLE.match(text, position)):
            piece, position = f"<{_VAR_IRI}{match.group(1)}>", match.end()
        elif char == "{":
            depth += 1
            piece, position = char, position + 1
            if depth == 1:
                pieces = []
                continue
        elif char == "}":
            depth -= 1
            position += 1
            if depth < 0:
                raise Unsupported("unbalanced braces")
            if depth == 0:
                yield "group", "{" + "".join(pieces) + "}"
                continue
            piece = char
        elif depth == 0 and char.isspace():
            position += 1
            yield "space", char
            continue
        elif depth == 0 and char == ";":
            position += 1
            yield "semicolon", ";"
            continue
        elif depth == 0:
            match = _WORD.match(text, position)
            if match is None:
                piece, position = char, position + 1
                yield "word", piece
                continue
            word, position = match.group(), match.end()
            if variables and word[0] in "?$":
                word = _VARIABLE.sub(lambda m: f"<{_VAR_IRI}{m.group(1)}>", word)
            yield "word", word
            continue
        else:  # inside a group: a run of characters that start nothing special
            match = _PLAIN.match(text, position)
            piece, position = (match.group(), match.end()) if match else (char, position + 1)
        if depth > 0:
            pieces.append(piece)
        elif piece:
            yield "word", piece
    if depth != 0:
        raise Unsupported("unbalanced braces")
