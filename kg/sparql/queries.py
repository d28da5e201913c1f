"""The query forms (SELECT, CONSTRUCT, ASK, DESCRIBE), sub-selects, dataset clauses and solution
modifiers, with the checks the engine makes while building a query's algebra (a grouped query
projects only what it groups or aggregates, ``SELECT *`` cannot be grouped, no variable is
projected twice or rebound by a projection)."""

from __future__ import annotations

from typing import Any

from kg.sparql import chars
from kg.sparql.expressions import is_bound_in
from kg.sparql.patterns import PatternReader
from kg.sparql.terms import FAILED
from kg.sparql.tree import (
    AskQuery,
    ConstructQuery,
    Dataset,
    DescribeQuery,
    GroupPattern,
    Iri,
    Modifiers,
    OrderCondition,
    Projection,
    Query,
    QueryBody,
    SelectQuery,
    TriplePattern,
    TriplesBlock,
    Variable,
)

_USIZE = 2**64 - 1


class QueryReader(PatternReader):
    def query(self) -> Query:
        prologue = self.prologue()
        body: QueryBody | None = None
        for keyword, rule in (("SELECT", self._select), ("CONSTRUCT", self._construct),
                              ("DESCRIBE", self._describe), ("ASK", self._ask)):
            if self.at_keyword(keyword):
                body = rule()
                break
        if body is None:
            raise self.fail("SELECT, CONSTRUCT, DESCRIBE or ASK")
        self.space()
        if self.pos < self.end:
            raise self.fail("end of the query")
        return Query(prologue, body)

    # SELECT
    def _select(self, *, sub: bool = False) -> SelectQuery:
        start = self.space()
        projection, distinct, reduced = self._select_clause()
        dataset = Dataset() if sub else self.dataset_clauses()
        self.eat_keyword("WHERE")
        where = self.group_graph_pattern()
        modifiers = self.modifiers()
        projection = self._build_select(projection, where.variables, modifiers)
        return SelectQuery(projection, where, modifiers, dataset, distinct, reduced, start, self.pos)

    def sub_select(self) -> SelectQuery:
        if not self.at_keyword("SELECT"):
            raise self.fail("SELECT")
        return self._select(sub=True)

    def _select_clause(self) -> tuple[tuple[Projection, ...] | None, bool, bool]:
        self.expect_keyword("SELECT")
        self.aggregates.append([])
        distinct = self.eat_keyword("DISTINCT")
        reduced = not distinct and self.eat_keyword("REDUCED")
        if self.eat("*"):
            return None, distinct, reduced
        members = [self._projection()]
        while (member := self.attempt(self._projection)) is not FAILED:
            members.append(member)
            self.check("max_group_elements", len(members))
        return tuple(members), distinct, reduced

    def _projection(self) -> Projection:
        if not self.at("("):
            return Projection(self.variable())
        self.expect("(")
        self.enter()
        expression = self.expression()
        self.expect_keyword("AS")
        variable = self.variable()
        self.expect(")")
        self.leave()
        return Projection(variable, expression)

    def _build_select(self, projection: tuple[Projection, ...] | None, scope: frozenset[str],
                      modifiers: Modifiers) -> tuple[Projection, ...] | None:
        """The engine's checks when it turns a SELECT (or another form, as ``SELECT *``) into algebra."""
        aggregates = self.aggregates.pop() if self.aggregates else []
        grouped = bool(modifiers.group_by) or bool(aggregates)
        if grouped:  # only grouping variables (and aggregates, which are always bound) are visible
            visible = {v.name for e, v in modifiers.group_by if v is not None}
            visible |= {e.name for e, v in modifiers.group_by if v is None and isinstance(e, Variable)}
        else:
            visible = set(scope)
        if modifiers.values is not None:
            visible |= {v.name for v in modifiers.values.variables}
        if projection is None:
            if grouped:
                raise self.fail("SELECT * is not authorized with GROUP BY")
            return None
        seen: set[str] = set()
        for member in projection:
            name = member.variable.name
            if member.expression is None and grouped and name not in visible:
                raise self.fail("The SELECT contains a variable that is unbound")
            if member.expression is not None:
                if name in visible:
                    raise self.fail("The SELECT overrides an existing variable using an expression")
                if grouped and not is_bound_in(member.expression, visible):
                    raise self.fail("The SELECT contains an expression with a variable that is unbound")
            if name in seen:
                raise self.fail("Duplicated variable name in SELECT")
            seen.add(name)
        return projection

    # CONSTRUCT, DESCRIBE, ASK
    def _construct(self) -> ConstructQuery:
        self.expect_keyword("CONSTRUCT")
        after = self.pos
        found = self.attempt(self._construct_with_template, after)
        if found is not FAILED:
            return found
        self.pos, self.mode = after, "where"  # CONSTRUCT WHERE { template }: the template is the pattern
        dataset = self.dataset_clauses()
        self.expect_keyword("WHERE")
        start = self.space()
        self.expect("{")
        triples: list[TriplePattern] = []
        first = self.space()
        self.attempt_into(triples, self.triples_template, triples)
        block = TriplesBlock(tuple(triples), first, self.pos)
        self.expect("}")
        where = GroupPattern((block,) if triples else (), start, self.pos, frozenset(_names(triples)))
        modifiers = self.modifiers()
        self._build_select(None, where.variables, modifiers)
        return ConstructQuery(tuple(triples), where, modifiers, dataset, keyword_end=after)

    def _construct_with_template(self, keyword_end: int) -> ConstructQuery:
        start = self.space()
        self.expect("{")
        triples: list[TriplePattern] = []
        self.mode = "template"
        if self.attempt_into(triples, self.triples_same_subject, triples, False) is not FAILED:
            while True:
                saved = self.pos
                if not self.eat("."):
                    break
                if self.attempt_into(triples, self.triples_same_subject, triples, False) is FAILED:
                    self.pos = saved
                    break
        self.eat(".")
        self.expect("}")
        self.mode = "where"
        end = self.pos
        self.current_blanks = set()
        dataset = self.dataset_clauses()
        where = self._where()
        modifiers = self.modifiers()
        self._build_select(None, where.variables, modifiers)
        return ConstructQuery(tuple(triples), where, modifiers, dataset, start, end, keyword_end)

    def triples_template(self, out: list[TriplePattern]) -> None:
        """TriplesTemplate: triples (no paths) separated by ``.``, with an optional final ``.``."""
        self.triples_same_subject(out, False)
        while True:
            saved = self.pos
            if not self.eat("."):
                return
            if self.attempt_into(out, self.triples_same_subject, out, False) is FAILED:
                self.pos = saved
                self.eat(".")
                return

    def _describe(self) -> DescribeQuery:
        self.expect_keyword("DESCRIBE")
        resources: list[Iri | Variable] | None = None
        if not self.eat("*"):
            resources = [self.var_or_iri()]
            while (resource := self.attempt(self.var_or_iri)) is not FAILED:
                resources.append(resource)
                self.node()
                self.check("max_group_elements", len(resources))
        dataset = self.dataset_clauses()
        where = self.attempt(self._where)
        modifiers = self.modifiers()
        scope = frozenset() if where is FAILED else where.variables
        if resources is not None:  # an IRI is projected as an expression, bound to a fresh variable
            self._build_select(tuple(Projection(r) if isinstance(r, Variable) else Projection(
                self.fresh_variable(), r) for r in resources), scope, modifiers)
        else:
            self._build_select(None, scope, modifiers)
        return DescribeQuery(None if resources is None else tuple(resources), None if where is FAILED else where,
                             modifiers, dataset)

    def _where(self) -> Any:
        self.eat_keyword("WHERE")
        return self.group_graph_pattern()

    def _ask(self) -> AskQuery:
        self.expect_keyword("ASK")
        dataset = self.dataset_clauses()
        where = self._where()
        modifiers = self.modifiers()
        self._build_select(None, where.variables, modifiers)
        return AskQuery(where, modifiers, dataset)

    # Clauses
    def dataset_clauses(self) -> Dataset:
        default: list[Iri] = []
        named: list[Iri] = []
        while self.at_keyword("FROM"):
            saved = self.pos
            self.pos += 4
            iri = self.attempt(self.iri)
            if iri is not FAILED:
                default.append(iri)
                continue
            if self.eat_keyword("NAMED") and (iri := self.attempt(self.iri)) is not FAILED:
                named.append(iri)
                continue
            self.pos = saved
            break
        return Dataset(tuple(default), tuple(named))

    def modifiers(self) -> Modifiers:
        """GROUP BY, HAVING, ORDER BY, LIMIT / OFFSET and VALUES, each optional, in that order."""
        group_by = self.attempt(self._group_by)
        having = self.attempt(self._repeated, "HAVING", self.constraint)
        order_by = self.attempt(self._order_by)
        limits = self.attempt(self._limit_offset)
        values = None
        start = self.space()
        if self.at_keyword("VALUES"):
            self.pos += 6
            values = self.attempt(self.data_block, start)
            if values is FAILED:
                self.pos, values = start, None
        limit, offset = (None, None) if limits is FAILED else limits
        return Modifiers(() if group_by is FAILED else group_by, () if having is FAILED else having,
                         () if order_by is FAILED else order_by, limit, offset, values)

    def _group_by(self) -> tuple[tuple[Any, Variable | None], ...]:
        self.expect_keyword("GROUP")
        self.expect_keyword("BY")
        return self._repeated(None, self._group_condition)

    def _group_condition(self) -> tuple[Any, Variable | None]:
        for rule in (self.builtin_call, self.function_call):
            found = self.attempt(rule)
            if found is not FAILED:
                return found, None
        if self.eat("("):
            self.enter()
            expression = self.expression()
            variable = None
            if self.eat_keyword("AS"):
                variable = self.variable()
            self.expect(")")
            self.leave()
            if isinstance(expression, Variable):  # the engine groups by it, and drops an AS
                return expression, None
            return expression, variable
        return self.variable(), None

    def _order_by(self) -> tuple[OrderCondition, ...]:
        self.expect_keyword("ORDER")
        self.expect_keyword("BY")
        return self._repeated(None, self._order_condition)

    def _order_condition(self) -> OrderCondition:
        for keyword in ("ASC", "DESC"):
            saved = self.pos
            if self.eat_keyword(keyword):
                found = self.attempt(self.bracketted)
                if found is not FAILED:
                    return OrderCondition(found, keyword == "DESC")
                self.pos = saved
        found = self.attempt(self.constraint)
        return OrderCondition(found if found is not FAILED else self.variable())

    def _repeated(self, keyword: str | None, rule: Any) -> tuple[Any, ...]:
        """``keyword`` (if any) then one or more of ``rule``."""
        if keyword is not None:
            self.expect_keyword(keyword)
        items = [rule()]
        while (item := self.attempt(rule)) is not FAILED:
            items.append(item)
            self.check("max_group_elements", len(items))
        return tuple(items)

    def _limit_offset(self) -> tuple[int | None, int | None]:
        if self.at_keyword("LIMIT"):
            limit = self._count("LIMIT")
            offset = self.attempt(self._count, "OFFSET")
            return limit, None if offset is FAILED else offset
        offset = self._count("OFFSET")
        limit = self.attempt(self._count, "LIMIT")
        return None if limit is FAILED else limit, offset

    def _count(self, keyword: str) -> int:
        self.expect_keyword(keyword)
        start = self.space()
        end = chars.span(self.text, start, chars.DIGITS)
        if end == start:
            raise self.fail("integer")
        digits = self.text[start:end].lstrip("0") or "0"
        if len(digits) > 20 or int(digits) > _USIZE:
            raise self.fail(f"The query {keyword.lower()} should be a non negative integer", end)
        self.pos = end
        return int(digits)


def _names(triples: list[TriplePattern]) -> set[str]:
    return {t.name for triple in triples for t in (triple.subject, triple.predicate, triple.object)
            if isinstance(t, Variable)}

