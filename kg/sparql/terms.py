"""The parser's base: its state, terminals read at a position, RDF terms and the prologue.

The parser follows the engine's grammar as a PEG does: rules are tried in the engine's order at a
character position, a rule that does not match raises :class:`Mismatch` (the caller tries its next
alternative, from the same position: see :meth:`Reader.attempt`), and the error reported at the end
is the furthest position any rule reached, with what it expected there. Errors that must stop the
parse whatever the alternatives (a limit reached, an RDF-star term) are ``QuerySyntaxError``\\s
raised straight through.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import count
from typing import Any, TypeVar

import pyoxigraph as ox

from kg.errors import QuerySyntaxError
from kg.sparql import chars, lexer
from kg.sparql.limits import Limits
from kg.sparql.tree import RDF, XSD, BlankNode, Iri, Literal, Prologue, Variable

T = TypeVar("T")
FAILED: Any = object()  # what Reader.attempt returns when the rule did not match
NIL = Iri(RDF + "nil")
_IRI_CACHE_ENTRIES = 10_000
_SCHEME = chars.LETTERS + chars.DIGITS + "+-."


class Mismatch(Exception):  # a rule that does not match here: the caller tries its next alternative
    pass


class Reader:
    """Parsing state over one text: position, prologue, blank-node scopes, aggregates, depth."""

    def __init__(self, text: str, base_iri: str | None, limits: Limits,
                 prefixes: Mapping[str, str] | None = None) -> None:
        self.text = text
        self.end = len(text)
        self.pos = 0
        self.base = base_iri
        self.prefixes: dict[str, str] = dict(prefixes or {})  # declared before the text (the text's own win)
        self.limits = limits
        self.depth = 0
        self.nodes = 0  # patterns, expressions and template triples read so far (KG_MAX_QUERY_NODES)
        self.triple_patterns = 0  # triple patterns to match (KG_MAX_TRIPLE_PATTERNS)
        self.mode = "where"  # what triples are read for: "where" (patterns), "template" or "data"
        self.furthest = -1
        self.expected: set[str] = set()
        self.used_blanks: set[str] = set()  # labels of earlier basic graph patterns (not to be reused)
        self.current_blanks: set[str] = set()
        self.aggregates: list[list[Any]] = []  # one list per SELECT being read
        self._fresh = count(1)
        self._space = (-1, -1)
        self._iris: dict[str, str | None] = {}
        self.undeclared: dict[int, str] = {}  # position after the colon → a prefix used but not declared

    # Failure, backtracking, depth
    def fail(self, expected: str, pos: int | None = None) -> Mismatch:
        """Record what was expected at ``pos`` (the furthest such position makes the error message)."""
        where = self.pos if pos is None else pos
        if where > self.furthest:
            self.furthest, self.expected = where, {expected}
        elif where == self.furthest:
            self.expected.add(expected)
        return Mismatch()

    def attempt(self, rule: Callable[..., T], *args: Any) -> T:
        """``rule(*args)``, or FAILED with the position restored when it does not match."""
        saved = self.pos, self.depth, self.nodes, self.triple_patterns, self.mode
        try:
            return rule(*args)
        except Mismatch:
            self.pos, self.depth, self.nodes, self.triple_patterns, self.mode = saved
            return FAILED

    def enter(self) -> None:
        """One level deeper (a group, parenthesis, call, path or nested term): refused past the limit."""
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise self.limits.exceeded("max_depth", self.depth)

    def leave(self) -> None:
        self.depth -= 1

    def check(self, limit: str, found: int) -> None:
        """QueryTooComplexError when ``found`` is over the limit ``limit`` (a field of Limits)."""
        if found > getattr(self.limits, limit):
            raise self.limits.exceeded(limit, found)

    def node(self, count: int = 1) -> None:
        """Count nodes of the tree being built (not in DATA blocks), against KG_MAX_QUERY_NODES."""
        if self.mode != "data":
            self.nodes += count
            if self.nodes > self.limits.max_query_nodes:
                raise self.limits.exceeded("max_query_nodes", f"more than {self.limits.max_query_nodes}")

    def refuse(self, what: str) -> QuerySyntaxError:
        """An engine extension we do not accept (RDF-star, SPARQL 1.2, SEP proposals)."""
        line, column = lexer.line_column(self.text, self.pos)
        return QuerySyntaxError(f"{what} (line {line} column {column})")

    def fresh_blank(self) -> BlankNode:
        return BlankNode(f"b{next(self._fresh)}", anonymous=True)

    def fresh_variable(self) -> Variable:
        """A variable no query can name (the engine's for expressions it projects itself)."""
        return Variable(f"-{next(self._fresh)}")

    # Terminals
    def space(self) -> int:
        """Skip whitespace and comments (the grammar's ``_``); the new position."""
        if self._space[0] != self.pos:
            self._space = (self.pos, lexer.skip_space(self.text, self.pos))
        self.pos = self._space[1]
        return self.pos

    def at(self, mark: str) -> bool:
        return self.text.startswith(mark, self.space())

    def eat(self, mark: str) -> bool:
        if self.at(mark):
            self.pos += len(mark)
            return True
        self.fail(mark)
        return False

    def expect(self, mark: str) -> None:
        if not self.eat(mark):
            raise Mismatch

    def at_keyword(self, keyword: str) -> bool:
        return lexer.keyword_at(self.text, self.space(), keyword)

    def eat_keyword(self, keyword: str) -> bool:
        if self.at_keyword(keyword):
            self.pos += len(keyword)
            return True
        self.fail(keyword)
        return False

    def expect_keyword(self, keyword: str) -> None:
        if not self.eat_keyword(keyword):
            raise Mismatch

    def keyword_before_name(self, keyword: str) -> bool:
        """Read an optional ``keyword`` that precedes a term, where the engine also tries the text as a
        prefixed name (``SERVICE SILENT:x``, ``COUNT(DISTINCT:x)``): a keyword glued to ``p:`` is the
        keyword when ``p:`` is declared, else part of the name when that name's prefix is declared."""
        if not self.at_keyword(keyword):
            return False
        after = self.pos + len(keyword)
        colon = chars.scan_prefix(self.text, after)
        if self.text.startswith(":", colon) and self.text[after:colon] not in self.prefixes and (
                self.text[self.pos:colon] in self.prefixes):
            return False
        self.pos = after
        return True

    def scan(self, scanner: Callable[..., Any], *args: Any) -> Any:
        """A lexer scanner at the current position; a malformed terminal is a Mismatch there."""
        try:
            return scanner(self.text, self.pos, *args)
        except lexer.ScanError as exc:
            raise self.fail(exc.reason, exc.pos) from None

    # IRIs
    def check_iri(self, value: str, start: int) -> str:
        """``value`` resolved against the base and checked by the engine's own IRI parser."""
        resolved = self._iris.get(value, "")
        if resolved == "":
            resolved = _resolve(value, self.base)
            if len(self._iris) < _IRI_CACHE_ENTRIES:  # most texts repeat few IRIs; a huge VALUES block is no reason
                self._iris[value] = resolved         # to hold them all

        if resolved is None:
            raise self.fail("IRI parsing failed", start)
        return resolved

    def iriref(self) -> str:
        start = self.space()
        if not self.text.startswith("<", start) or self.text.startswith("<<", start):
            raise self.fail("IRI")
        end, value = self.scan(lexer.scan_iriref)
        iri = self.check_iri(value, end)
        self.pos = end
        return iri

    def iri(self) -> Iri:
        """IRIREF or a prefixed name (PNAME_LN, else PNAME_NS)."""
        start = self.space()
        if self.text.startswith("<", start):
            return Iri(self.iriref())
        colon = chars.scan_prefix(self.text, start)
        if not self.text.startswith(":", colon):
            raise self.fail("IRI")
        namespace = self.prefixes.get(self.text[start:colon])
        if namespace is None:
            self.undeclared.setdefault(colon + 1, self.text[start:colon])  # for the error: "unknown prefix 'x:'"
            raise self.fail("Prefix not found", colon + 1)
        local_end = chars.scan_local(self.text, colon + 1)
        if local_end > colon + 1:
            value = namespace + chars.unescape_local(self.text[colon + 1:local_end])
            if valid_iri(value):
                self.pos = local_end
                return Iri(value)
            self.fail("IRI parsing failed", local_end)
        self.pos = colon + 1
        return Iri(namespace)

    # Other terms
    def variable(self) -> Variable:
        start = self.space()
        if start < self.end and self.text[start] in "?$":
            end = chars.scan_varname(self.text, start + 1)
            if end > start + 1:
                self.pos = end
                return Variable(self.text[start + 1:end])
        raise self.fail("variable")

    def blank_node(self) -> BlankNode:
        """``_:label`` (not one of an earlier basic graph pattern) or ``[]``."""
        start = self.space()
        if self.text.startswith("_:", start):
            end = chars.scan_blank_label(self.text, start + 2)
            if end > start + 2:
                label = self.text[start + 2:end]
                if label in self.used_blanks:
                    raise self.fail("Already used blank node id", end)
                self.current_blanks.add(label)
                self.pos = end
                return BlankNode(label)
        elif self.text.startswith("[", start):
            end = lexer.skip_blank(self.text, start + 1)
            if self.text.startswith("]", end):
                self.pos = end + 1
                return self.fresh_blank()
        raise self.fail("blank node")

    def string(self) -> str:
        start = self.space()
        if start >= self.end or self.text[start] not in "\"'":
            raise self.fail("string")
        self.pos, value = self.scan(lexer.scan_string)
        return value

    def rdf_literal(self) -> Literal:
        """A string, with ``^^datatype`` or ``@language`` (whitespace allowed before either)."""
        value = self.string()
        after = self.pos
        if self.eat("^^"):
            datatype = self.attempt(self.iri)
            if datatype is not FAILED:
                return Literal(value, datatype.value)
            self.pos = after
        elif self.at("@"):
            start = self.pos + 1
            tag_end, direction_end = chars.scan_langtag(self.text, start)
            tag = self.text[start:tag_end].lower()
            direction = self.text[tag_end + 2:direction_end]
            if direction in ("ltr", "rtl"):
                raise self.refuse("base directions of language-tagged strings (RDF 1.2) are not supported")
            if tag_end > start and not direction and _valid_language(tag):
                self.pos = tag_end
                return Literal(value, RDF + "langString", tag)
            self.fail("language tag parsing failed", tag_end)
            self.pos = after
        return Literal(value)

    def numeric_literal(self) -> Literal:
        """An unsigned number, or a sign, whitespace and a number (the engine keeps all of it as written)."""
        start = self.space()
        cursor = start
        if self.text.startswith(("+", "-"), start):
            cursor = lexer.skip_space(self.text, start + 1)
        found = lexer.scan_number(self.text, cursor)
        if found is None:
            raise self.fail("number")
        self.pos = found[0]
        return Literal(self.text[start:self.pos], XSD + found[1])

    def boolean_literal(self) -> Literal:
        start = self.space()
        for word in ("true", "false"):
            if self.text.startswith(word, start):
                self.pos = start + len(word)
                return Literal(word, XSD + "boolean")
        raise self.fail("true or false")

    def nil(self) -> Iri:
        """``()``: whitespace but no comment between the parentheses."""
        start = self.space()
        if self.text.startswith("(", start):
            end = lexer.skip_blank(self.text, start + 1)
            if self.text.startswith(")", end):
                self.pos = end + 1
                return NIL
        raise self.fail("()")

    def refuse_triple_term(self) -> None:
        if self.at("<<"):
            raise self.refuse("RDF-star triple terms are not supported")

    def var_or_term(self) -> Any:
        """VarOrTerm: variable, IRI, literal, number, boolean, blank node or ``()``; the first character
        tells which rule of the engine's ordered list can match, so only that one is tried."""
        self.refuse_triple_term()
        start = self.space()
        char = self.text[start:start + 1]
        rule = _TERM_RULES.get(char)
        if rule is not None:
            return rule(self)
        term = self.attempt(self.iri)
        return term if term is not FAILED else self.boolean_literal()

    def var_or_iri(self) -> Variable | Iri:
        term = self.attempt(self.variable)
        return term if term is not FAILED else self.iri()

    # Prologue
    def prologue(self) -> Prologue:
        start = self.space()
        while True:
            if self.at_keyword("BASE"):
                saved = self.pos
                self.pos += 4
                base = self.attempt(self.iriref)
                if base is FAILED:
                    self.pos = saved
                    break
                self.base = base
                self._iris.clear()  # relative IRIs resolve differently from here on
            elif self.at_keyword("PREFIX"):
                if self.attempt(self._prefix_declaration) is FAILED:
                    break
            elif self.at_keyword("VERSION"):
                after = lexer.skip_space(self.text, self.pos + 7)
                if self.text[after:after + 1] in ("'", '"'):
                    raise self.refuse("VERSION declarations (SPARQL 1.2) are not supported")
                break
            else:
                break
            self.space()
        return Prologue(self.base, tuple(self.prefixes.items()), start, self.pos)

    def _prefix_declaration(self) -> None:
        self.node()
        self.pos += 6
        start = self.space()
        colon = chars.scan_prefix(self.text, start)
        if not self.text.startswith(":", colon):
            raise self.fail("prefix name")
        self.pos = colon + 1
        self.prefixes[self.text[start:colon]] = self.iriref()


_TERM_RULES: dict[str, Callable[[Reader], Any]] = {
    "?": Reader.variable, "$": Reader.variable, "<": Reader.iri, '"': Reader.rdf_literal, "'": Reader.rdf_literal,
    "_": Reader.blank_node, "[": Reader.blank_node, "(": Reader.nil,
    **dict.fromkeys("0123456789.+-", Reader.numeric_literal),
}


def _resolve(value: str, base: str | None) -> str | None:
    """The IRI the engine makes of ``<value>``: absolute as is, relative resolved against ``base``."""
    if _has_scheme(value):
        return value if valid_iri(value) else None
    if base is None:
        return None
    try:
        quad = next(iter(ox.parse(f"<{value}> <urn:x:p> <urn:x:o> .", format=ox.RdfFormat.TURTLE, base_iri=base)))
    except (SyntaxError, ValueError, StopIteration):
        return None
    return quad.subject.value


def _has_scheme(value: str) -> bool:
    """RFC 3987: ``scheme ":"`` with scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )."""
    colon = value.find(":")
    return colon > 0 and value[0] in chars.LETTERS and not value[1:colon].strip(_SCHEME)


def valid_iri(value: str) -> bool:
    """Whether ``value`` is an absolute IRI the engine accepts (decided by its own IRI parser)."""
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def _valid_language(tag: str) -> bool:
    try:
        ox.Literal("", language=tag)
    except ValueError:
        return False
    return True
