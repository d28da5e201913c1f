"""Group graph patterns: blocks of triples (kg.sparql.triples), OPTIONAL, MINUS, UNION, GRAPH,
SERVICE, FILTER, BIND and VALUES, and sub-selects.

A group's elements are read in the engine's order: a block of triples first when the text reads as
one, else the keyword forms. That order decides what ``SERVICE:x { … }`` is: the triple subject
``SERVICE:x`` when that prefix is declared and a triple follows, else the SERVICE form with the IRI
``:x`` — as the engine reads it. Variables in scope are tracked as the engine does, for its checks
(BIND may not rebind a variable in scope).
"""

from __future__ import annotations

from typing import Any

from kg.sparql import chars, lexer
from kg.sparql.terms import FAILED
from kg.sparql.tree import (
    BindPattern,
    FilterPattern,
    Group,
    GroupPattern,
    MinusPattern,
    OptionalPattern,
    ServicePattern,
    SubSelect,
    TriplePattern,
    TriplesBlock,
    UnionPattern,
    ValuesPattern,
    Variable,
)
from kg.sparql.tree import GraphPattern as GraphGraphPattern
from kg.sparql.triples import TriplesReader


class PatternReader(TriplesReader):
    def sub_select(self) -> Any:  # defined by kg.sparql.queries
        raise NotImplementedError

    # Group graph patterns
    def group_graph_pattern(self) -> Group:
        start = self.space()
        self.expect("{")
        self.enter()
        self.used_blanks |= self.current_blanks
        self.current_blanks = set()
        group = self.attempt(self._group_body, start)
        if group is FAILED:
            self.used_blanks |= self.current_blanks
            self.current_blanks = set()
            query = self.sub_select()
            self._close_group()
            group = SubSelect(query, start, self.pos, query.projected)
        self.leave()
        return group

    def _close_group(self) -> None:
        self.used_blanks |= self.current_blanks
        self.current_blanks = set()
        self.expect("}")

    def _group_body(self, start: int) -> GroupPattern:
        elements: list[Any] = []
        scope: set[str] = set()
        self._triples_block(elements, scope)
        while True:
            saved = self.pos
            element = self.attempt(self._element, scope)
            if element is FAILED:
                self.pos = saved
                break
            elements.append(element)
            self.node()
            self.check("max_group_elements", len(elements))
            self.eat(".")
            self._triples_block(elements, scope)
            self.check("max_group_elements", len(elements))
        self._close_group()
        return GroupPattern(tuple(elements), start, self.pos, frozenset(scope))

    def _triples_block(self, elements: list[Any], scope: set[str]) -> None:
        """TriplesBlock: triples separated by ``.``, with an optional final ``.``."""
        start, triples = self.space(), []
        if self.attempt_into(triples, self.triples_same_subject, triples, True) is FAILED:
            return
        while True:
            saved = self.pos
            if not self.eat("."):
                break
            if self.attempt_into(triples, self.triples_same_subject, triples, True) is FAILED:
                self.pos = saved
                self.eat(".")
                break
        elements.append(TriplesBlock(tuple(triples), start, self.pos))
        scope.update(_triple_variables(triples))

    def _element(self, scope: set[str]) -> Any:
        """GraphPatternNotTriples, in the engine's order."""
        start = self.space()
        if self.text.startswith("{", start):
            branches = [self.group_graph_pattern()]
            while True:
                saved = self.pos
                if not self.eat_keyword("UNION"):
                    break
                branch = self.attempt(self.group_graph_pattern)
                if branch is FAILED:
                    self.pos = saved
                    break
                branches.append(branch)
                self.check("max_union_branches", len(branches))
            scope.update(*(b.variables for b in branches))
            return UnionPattern(tuple(branches))
        if self.eat_keyword("OPTIONAL"):
            group = self.group_graph_pattern()
            scope.update(group.variables)
            return OptionalPattern(group)
        if self.at_keyword("LATERAL") and self.text.startswith("{", lexer.skip_space(self.text, self.pos + 7)):
            raise self.refuse("LATERAL (SEP-0006) is not supported")
        if self.eat_keyword("MINUS"):
            return MinusPattern(self.group_graph_pattern())
        if self.eat_keyword("GRAPH"):
            name = self.var_or_iri()
            group = self.group_graph_pattern()
            scope.update(group.variables, [name.name] if isinstance(name, Variable) else [])
            return GraphGraphPattern(name, group)
        if self.at_keyword("SERVICE"):
            return self._service(start, scope)
        if self.eat_keyword("FILTER"):
            return FilterPattern(self.constraint())
        if self.eat_keyword("BIND"):
            self.expect("(")
            self.enter()
            expression = self.expression()
            self.expect_keyword("AS")
            variable = self.variable()
            self.expect(")")
            self.leave()
            if variable.name in scope:
                raise self.fail("BIND is overriding an existing variable")
            scope.add(variable.name)
            return BindPattern(expression, variable)
        if self.eat_keyword("VALUES"):
            values = self.data_block(start)
            scope.update(v.name for v in values.variables)
            return values
        raise self.fail("graph pattern")

    def _service(self, start: int, scope: set[str]) -> ServicePattern:
        self.pos += 7
        saved = self.pos
        if self.keyword_before_name("SILENT"):
            found = self.attempt(self._service_rest, start, True)
            if found is not FAILED:
                scope.update(found.group.variables)
                return found
            self.pos = saved
        found = self._service_rest(start, False)
        scope.update(found.group.variables)
        return found

    def _service_rest(self, start: int, silent: bool) -> ServicePattern:
        endpoint = self.var_or_iri()
        group = self.group_graph_pattern()
        return ServicePattern(endpoint, silent, group, start, self.pos)

    def data_block(self, start: int) -> ValuesPattern:
        """VALUES' data: ``?x { v … }`` or ``( ?x … ) { ( v … ) … }``; ``start`` is where VALUES began.

        The rows are checked but not kept (a VALUES block may be most of a large query's text).
        """
        self.node()
        rows, mismatch = 0, None
        if self.eat("("):
            variables = []
            while (variable := self.attempt(self.variable)) is not FAILED:
                variables.append(variable)
            self.expect(")")
            self.expect("{")
            while self.eat("("):
                if self._data_values(")") != len(variables) and mismatch is None:
                    mismatch = self.pos
                self.expect(")")
                rows += 1
            self.expect("}")
            if len({v.name for v in variables}) < len(variables):
                raise self.fail("Repeated variables are not allowed in VALUES clauses.")
            if mismatch is not None:
                raise self.fail("The VALUES clause rows should have exactly the same number of values as there are "
                                "variables. To set a value to undefined use UNDEF.", mismatch)
        else:
            variables = [self.variable()]
            self.expect("{")
            rows = self._data_values("}")
            self.expect("}")
        return ValuesPattern(tuple(variables), rows, start, self.pos)

    def _data_values(self, closing: str) -> int:
        """Read DataBlockValues up to ``closing``; how many. A value that does not read fails the block
        (nothing but ``closing`` could stand there instead). Values are checked, not built."""
        count, text = 0, self.text
        while True:
            start = self.space()
            char = text[start:start + 1]
            if char == closing:
                return count
            if char in _DIGIT or (char == "." and text[start + 1:start + 2] in _DIGIT):
                end, kind = lexer.scan_number(text, start)  # type: ignore[misc]  # a digit, or "." and one: a number
                if kind == "integer" and text[end:end + 1] in _SPACE:
                    count += self._integers(start)
                else:
                    self.pos = end
                    count += 1
                continue
            if char == "<":
                self.refuse_triple_term()
                end, value = self.scan(lexer.scan_iriref)
                self.check_iri(value, end)
                self.pos = end
            elif char in ("'", '"'):
                self.rdf_literal()
            elif char and char in ".+-":
                self.numeric_literal()
            elif self.attempt(self.iri) is FAILED and self.attempt(self.boolean_literal) is FAILED:
                self.expect_keyword("UNDEF")
            count += 1

    def _integers(self, start: int) -> int:
        """Integers separated by whitespace from ``start``, read a megabyte at a time; how many (at least one)."""
        text = self.text
        run = min(chars.span(text, start, chars.DIGITS + chars.SPACE), start + 1_000_000)
        piece = text[start:run]
        if text[run:run + 1] not in ("", " ", "\t", "\r", "\n", "}", ")", "#"):
            last_space = max(piece.rfind(" "), piece.rfind("\t"), piece.rfind("\r"), piece.rfind("\n"))
            piece = piece[:last_space + 1]
        if not piece:  # one number that goes on (a decimal, a double…): read as a term
            self.numeric_literal()
            return 1
        self.pos = start + len(piece)
        return len(piece.split())


_DIGIT = tuple(chars.DIGITS)
_SPACE = tuple(chars.SPACE)


def _triple_variables(triples: list[TriplePattern]) -> set[str]:
    names = set()
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, Variable):
                names.add(term.name)
    return names

