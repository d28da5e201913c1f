"""Triples: subjects with their property lists, objects, blank-node property lists and collections
(expanded into triples with fresh blank nodes, as the engine does), and property paths. WHERE clauses
take paths; templates and DATA blocks take plain predicates (``paths`` False).

Each triple read counts against the limits (:meth:`TriplesReader.add_triple`): nodes always, and
triple patterns to match in a WHERE clause (a path sequence is one pattern a step, as in the engine).
"""

from __future__ import annotations

from typing import Any

from kg.sparql import chars
from kg.sparql.expressions import ExpressionReader
from kg.sparql.limits import pattern_count
from kg.sparql.terms import FAILED
from kg.sparql.tree import (
    RDF,
    Iri,
    PathAlternative,
    PathInverse,
    PathNegated,
    PathRepeat,
    PathSequence,
    TriplePattern,
)

TYPE = Iri(RDF + "type")
FIRST, REST, NIL = Iri(RDF + "first"), Iri(RDF + "rest"), Iri(RDF + "nil")


class TriplesReader(ExpressionReader):
    # Triples (with paths where ``paths``: in WHERE clauses; templates and data take none)
    def triples_same_subject(self, out: list[TriplePattern], paths: bool) -> None:
        """One subject with its property list; the triples go to ``out``."""
        self.refuse_triple_term()
        start = self.space()
        subject = self.attempt(self.var_or_term)
        if subject is not FAILED:
            verbs = self.attempt(self.property_list, subject, out, paths)
            if verbs is not FAILED and verbs:
                return
            self.pos = start
        if not self.at("(") and not self.at("["):
            raise self.fail("triple")
        focus = self.triples_node(out, paths)
        self.property_list(focus, out, paths)

    def property_list(self, subject: Any, out: list[TriplePattern], paths: bool) -> int:
        """``verb objects (; [verb objects])*``, possibly empty; how many verbs were read."""
        if self.attempt_into(out, self._verb_objects, subject, out, paths) is FAILED:
            return 0
        count = 1
        while self.eat(";"):
            after = self.pos
            if self.attempt_into(out, self._verb_objects, subject, out, paths) is FAILED:
                self.pos = after  # "; ;" and a trailing ";" are allowed
            else:
                count += 1
        return count

    def _verb_objects(self, subject: Any, out: list[TriplePattern], paths: bool) -> None:
        verb = self._verb(paths)
        self._object(subject, verb, out, paths)
        while True:
            saved = self.pos
            if not self.eat(","):
                return
            if self.attempt_into(out, self._object, subject, verb, out, paths) is FAILED:
                self.pos = saved
                return

    def attempt_into(self, out: list[Any], rule: Any, *args: Any) -> Any:
        """:meth:`attempt`, also taking back what ``rule`` added to ``out`` when it does not match."""
        mark = len(out)
        found = self.attempt(rule, *args)
        if found is FAILED:
            del out[mark:]
        return found

    def _verb(self, paths: bool) -> Any:
        if not paths:
            verb = self.attempt(self.var_or_iri)
            if verb is not FAILED:
                return verb
            return self._a()
        path = self.attempt(self.path)
        return path if path is not FAILED else self.variable()

    def _a(self) -> Iri:
        if self.at("a"):
            self.pos += 1
            return TYPE
        raise self.fail("a")

    def _object(self, subject: Any, verb: Any, out: list[TriplePattern], paths: bool) -> None:
        obj = self.graph_node(out, paths)
        self.add_triple(out, TriplePattern(subject, verb, obj))
        if self.at("~") or self.at("{|"):
            raise self.refuse("RDF-star reifiers and annotations are not supported")

    def add_triple(self, out: list[TriplePattern], triple: TriplePattern) -> None:
        """Append a triple read, counting it against the limits (patterns to match in WHERE clauses)."""
        out.append(triple)
        self.node()
        if self.mode == "where":
            self.triple_patterns += pattern_count(triple.predicate)
            self.check("max_triple_patterns", self.triple_patterns)

    def graph_node(self, out: list[TriplePattern], paths: bool) -> Any:
        self.refuse_triple_term()
        term = self.attempt(self.var_or_term)
        return term if term is not FAILED else self.triples_node(out, paths)

    def triples_node(self, out: list[TriplePattern], paths: bool) -> Any:
        """A collection ``( … )`` or a blank-node property list ``[ … ]``: its node; its triples to ``out``."""
        self.enter()
        if self.eat("("):
            items = [self.graph_node(out, paths)]
            while (item := self.attempt_into(out, self.graph_node, out, paths)) is not FAILED:
                items.append(item)
            self.expect(")")
            head: Any = NIL
            for item in reversed(items):
                node = self.fresh_blank()
                self.add_triple(out, TriplePattern(node, FIRST, item))
                self.add_triple(out, TriplePattern(node, REST, head))
                head = node
        else:
            self.expect("[")
            head = self.fresh_blank()
            if not self.property_list(head, out, paths):
                raise self.fail("property")
            self.expect("]")
        self.leave()
        return head

    # Property paths
    def path(self) -> Any:
        options = [self._path_sequence()]
        while True:
            saved = self.pos
            if not self.eat("|"):
                break
            option = self.attempt(self._path_sequence)
            if option is FAILED:
                self.pos = saved
                break
            options.append(option)
            self.check("max_operator_chain", len(options))
        return options[0] if len(options) == 1 else PathAlternative(tuple(options))

    def _path_sequence(self) -> Any:
        steps = [self._path_step()]
        while True:
            saved = self.pos
            if not self.eat("/"):
                break
            step = self.attempt(self._path_step)
            if step is FAILED:
                self.pos = saved
                break
            steps.append(step)
            self.check("max_operator_chain", len(steps))
        return steps[0] if len(steps) == 1 else PathSequence(tuple(steps))

    def _path_step(self) -> Any:
        inverse = self.eat("^")
        primary = self._path_primary()
        start = self.space()
        modifier = self.text[start:start + 1]
        if modifier in ("*", "+") or (modifier == "?" and not _starts_name(self.text, start + 1)):
            self.pos = start + 1
            primary = PathRepeat(primary, modifier)
        return PathInverse(primary) if inverse else primary

    def _path_primary(self) -> Any:
        iri = self.attempt(self.iri)
        if iri is not FAILED:
            return iri
        if self.at("a"):
            self.pos += 1
            return TYPE
        if self.eat("!"):
            return self._negated_set()
        self.expect("(")
        self.enter()
        path = self.path()
        self.expect(")")
        self.leave()
        return path

    def _negated_set(self) -> PathNegated:
        forward, inverse = [], []
        if self.eat("("):
            while True:
                self._one_in_set(forward, inverse)
                if not self.eat("|"):
                    break
            self.expect(")")
        else:
            self._one_in_set(forward, inverse)
        return PathNegated(tuple(forward), tuple(inverse))

    def _one_in_set(self, forward: list[Iri], inverse: list[Iri]) -> None:
        target = inverse if self.eat("^") else forward
        iri = self.attempt(self.iri)
        target.append(iri if iri is not FAILED else self._a())


def _starts_name(text: str, pos: int) -> bool:
    """Whether a variable name could start at ``pos`` (then ``?`` is a variable, not a path modifier)."""
    char = text[pos:pos + 1]
    return bool(char) and (char in "0123456789_" or chars.is_name_start(char))
