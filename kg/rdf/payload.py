"""The one screened parse of an RDF payload: bounded nesting and entity expansion, in linear time.

Every payload a client sends (Graph Store PUT/POST, ``load_data`` on either store) is parsed by
:func:`parse_quads` or :func:`parse_triples`, which call :func:`screen_payload` first. The parsers
run in the server process and recurse on nesting: a JSON-LD document of a few thousand nested
objects, RDF/XML of tens of thousands of nested elements, or Turtle with twenty thousand nested
triple terms (``<<( … )>>``) overflows the stack and kills the server. The screen refuses anything
nested deeper than :data:`MAX_NESTING`, measured on the document's structure, in time linear in
its size (no backtracking regex on client bytes) and in steps short enough for the event loop's
thread to take the GIL in between:

- RDF/XML goes through expat (C), fed :data:`XML_CHUNK` bytes at a time, whose handlers count
  element depth and read the DTD, so attribute values (``ex:t="/>"``), comments, CDATA and
  processing instructions are what XML says they are. Expat re-reads a token that does not end
  within the bytes it was given, so one token (a comment, a tag, a declaration) longer than a
  chunk is refused, which keeps that re-reading linear too;
- JSON-LD: brackets outside strings, escapes respected;
- Turtle, TriG, N-Triples, N-Quads: ``<<`` and ``>>`` outside IRIs, strings and comments (the other
  brackets of these grammars are parsed without recursion).

RDF/XML entities. The parser expands internal DTD entities when it reads their declarations, so a
few hundred bytes declaring entities of entities ("billion laughs") would expand to gigabytes.
Entities themselves are legitimate (Protégé writes ``<!ENTITY owl "http://www.w3.org/2002/07/owl#">``
for namespaces), so they are kept, with these rules, checked by expat's DTD handlers before any
reference is expanded:

- no external, unparsed or parameter entities: nothing is ever read from a file or an address a
  client chose;
- no entity whose value refers to another entity (the nesting that makes expansion exponential),
  and no attribute-list declarations (their defaults would be copied into every element);
- the text all references can expand to stays under :data:`MAX_EXPANDED_CHARS`.

A payload that breaks a rule is refused with :class:`LoadError` before the RDF parser sees it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import accumulate, islice, repeat
from operator import methodcaller
from xml.parsers import expat

import pyoxigraph as ox

from kg.errors import LoadError
from kg.rdf.formats import require_rdf_format
from kg.rdf.model import Quad, Triple

MAX_EXPANDED_CHARS = 10_000_000
MAX_NESTING = 200
XML_CHUNK = 1 << 20  # what pyexpat hands expat at once anyway
_BATCH = 20_000  # tokens per C-level pass
_TURTLE_FAMILY = frozenset({"turtle", "trig", "ntriples", "nquads"})  # N-Triples and N-Quads: Turtle's lexicon
_STEP = {b"[": 1, b"{": 1, b"]": -1, b"}": -1, b"<<": 1, b">>": -1}
# Each regex below matches from left to right, every branch running to its end without backtracking;
# group 1 holds what counts (a bracket), other tokens are matched to be skipped whole.
_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*+(?:"|\\?\Z)|([\[\]{}])', re.DOTALL)  # an unclosed string: to the end
_TURTLE_TOKEN = re.compile(rb"""
    <(?!<)(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*+>   # an IRI
  | \#[^\n\r]*+                                            # a comment
  | \\.                                                    # an escaped character of a local name: ex:a\#b
  | \"\"\"(?:[^"\\]|\\.|"(?!""))*+\"\"\"                   # closed strings, long and short
  | '''(?:[^'\\]|\\.|'(?!''))*+'''
  | "(?:[^"\\\n\r]|\\.)*+"
  | '(?:[^'\\\n\r]|\\.)*+'
  | (<<|>>|\"\"\"|'''|["'])(?:(?<=\"\"\"|''')(?s:.)*+|(?<=["'])[^\n\r]*+|)   # a bracket, or an unclosed string
""", re.VERBOSE)                                                               # (its quote, then to the end)
_QUOTES = frozenset({b'"', b"'", b'"""', b"'''"})
_REFERENCE = re.compile(r"&([A-Za-z_:][\w.:-]*+);")
_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})
_GROUP = methodcaller("group", 1)


def parse_quads(data: bytes | str, media_type: str, *, base_iri: str | None = None,
                source: str = "request body") -> list[Quad]:
    """A payload's quads, screened and parsed fully, or LoadError; nothing is written anywhere."""
    fmt = require_rdf_format(media_type)
    screen_payload(data, fmt.name, source)
    try:
        return list(ox.parse(data, format=fmt.oxigraph, base_iri=base_iri))
    except (SyntaxError, ValueError) as exc:
        raise LoadError(source, str(exc)) from exc


def parse_triples(data: bytes | str, media_type: str, *, base_iri: str | None = None,
                  source: str = "request body") -> list[Triple]:
    """The triples of a payload (graph names dropped), screened and parsed as :func:`parse_quads` does.

    RDF-star triple terms are refused (LoadError): the shapes, the audit and the remote engines do not read them.
    """
    triples = [quad.triple for quad in parse_quads(data, media_type, base_iri=base_iri, source=source)]
    if any(isinstance(t.subject, Triple) or isinstance(t.object, Triple) for t in triples):
        raise LoadError(source, "RDF-star triple terms are not supported (<<( … )>> or << … >>): "
                                "state the triple itself, or describe it with a node of its own")
    return triples


def screen_payload(data: bytes | str, format_name: str, source: str = "request body") -> None:
    """LoadError for a payload the parser cannot take safely (by the format's name in kg.formats)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if format_name == "jsonld":
        _check_depth(_json_depth(raw), source)
    elif format_name == "rdfxml":
        _XmlScreen(raw, source).run()
    elif format_name in _TURTLE_FAMILY:
        _check_depth(_triple_term_depth(raw, source), source)


def _check_depth(depth: int, source: str) -> None:
    if depth > MAX_NESTING:
        raise LoadError(source, f"nested more than {MAX_NESTING} levels deep: at most {MAX_NESTING} levels "
                                "are accepted")


def _json_depth(data: bytes) -> int:
    """The deepest nesting of arrays and objects (UTF-8 never hides an ASCII byte in a longer character)."""
    if data.count(b"[") + data.count(b"{") <= MAX_NESTING:  # the depth cannot exceed the count
        return 0
    return _deepest(_JSON_TOKEN, data)


def _triple_term_depth(data: bytes, source: str) -> int:
    """The deepest nesting of ``<< … >>`` outside IRIs, strings and comments (Turtle's lexical grammar).

    A string that is never closed is refused (the parser would stop there too).
    """
    if data.count(b"<<") <= MAX_NESTING:  # the depth cannot exceed the count
        return 0

    def closed(tokens: list[bytes]) -> list[bytes]:
        if not _QUOTES.isdisjoint(tokens):
            raise LoadError(source, "a string is not closed")
        return tokens

    return _deepest(_TURTLE_TOKEN, data, closed)


def _deepest(tokens: re.Pattern[bytes], data: bytes,
             check: Callable[[list[bytes]], list[bytes]] = lambda tokens: tokens) -> int:
    """The deepest nesting the brackets (group 1 of ``tokens``) reach, a batch of tokens per C-level pass."""
    depth = deepest = 0
    for batch in _batches(tokens, data):
        levels = list(accumulate(map(_STEP.__getitem__, check(list(filter(None, batch)))), initial=depth))
        deepest, depth = max(deepest, max(levels)), levels[-1]
    return deepest


def _batches(tokens: re.Pattern, text: bytes | str) -> Iterator[list]:
    """Group 1 of every match of ``tokens`` in ``text``, :data:`_BATCH` at a time: the event loop's
    thread can take the GIL between two batches (a regex call over a whole document would keep it)."""
    matches = map(_GROUP, tokens.finditer(text))
    while batch := list(islice(matches, _BATCH)):
        yield batch


class _XmlScreen:
    """One pass of expat over an RDF/XML payload: element depth, and the rules on DTD declarations."""

    def __init__(self, data: bytes, source: str) -> None:
        self.data, self.source = data, source
        self.depth = self.chunk = self.last_event = 0
        self.entities: dict[str, str] = {}
        self.parser = parser = expat.ParserCreate()
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.EntityDeclHandler = self.entity
        parser.EndDoctypeDeclHandler = self.check_expansion
        for name in ("CharacterDataHandler", "CommentHandler", "ProcessingInstructionHandler", "XmlDeclHandler",
                     "StartCdataSectionHandler", "EndCdataSectionHandler", "StartDoctypeDeclHandler",
                     "ElementDeclHandler", "NotationDeclHandler"):
            setattr(parser, name, self.event)
        parser.UnparsedEntityDeclHandler = self.refuse("unparsed entities are not accepted")
        parser.AttlistDeclHandler = self.refuse("attribute-list declarations are not accepted")
        parser.ExternalEntityRefHandler = self.refuse("external entities are not accepted")

    def run(self) -> None:
        try:
            starts = range(0, len(self.data), XML_CHUNK)
            for self.chunk, start in enumerate(starts):
                self.parser.Parse(self.data[start:start + XML_CHUNK], False)
                if self.last_event < self.chunk < len(starts) - 1:  # a whole chunk inside one token
                    raise LoadError(self.source, f"one XML token (a comment, tag, processing instruction or "
                                                 f"declaration) is longer than {XML_CHUNK} bytes: not accepted")
            self.parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise LoadError(self.source, f"the XML document is not well-formed: {exc}") from None
        if self.depth:
            raise LoadError(self.source, f"the XML document ends with {self.depth} element(s) not closed")

    def event(self, *_: object) -> None:
        self.last_event = self.chunk

    def start(self, name: str, attributes: dict) -> None:
        self.last_event = self.chunk
        self.depth += 1
        _check_depth(self.depth, self.source)

    def end(self, name: str) -> None:
        self.last_event = self.chunk
        self.depth -= 1

    def entity(self, name: str, is_parameter: int, value: str | None, base: str | None, system_id: str | None,
               public_id: str | None, notation: str | None) -> None:
        self.last_event = self.chunk
        if is_parameter or value is None:
            raise LoadError(self.source, f"entity {name!r} is external or a parameter entity: not accepted")
        if any(reference not in _PREDEFINED for reference in _REFERENCE.findall(value)):
            raise LoadError(self.source, f"entity {name!r} refers to other entities: nested entities are not "
                                         "accepted")
        self.entities[name] = value

    def check_expansion(self) -> None:
        """At the end of the DTD, before any reference is expanded: bound what the references can make."""
        self.last_event = self.chunk
        lengths = {name: len(value) for name, value in self.entities.items()}
        rest = self.data[self.parser.CurrentByteIndex:]
        if rest.count(b"&") * max(lengths.values(), default=0) <= MAX_EXPANDED_CHARS:  # at most that many
            return
        text = rest.decode("utf-8", "replace")
        expanded = sum(sum(map(lengths.get, batch, repeat(0))) for batch in _batches(_REFERENCE, text))
        if expanded > MAX_EXPANDED_CHARS:
            raise LoadError(self.source, f"entity references would expand to {expanded} characters "
                                         f"(at most {MAX_EXPANDED_CHARS} are accepted)")

    def refuse(self, reason: str) -> Callable[..., None]:
        def handler(*_: object) -> None:
            raise LoadError(self.source, reason)

        return handler
