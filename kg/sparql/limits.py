"""Structural limits on queries and updates, measured on the parse (not on braces), each a setting.

pyoxigraph's parser and evaluator recurse along the algebra they build, and the algebra is deep not
only where the text nests but also where it is long: a UNION of n branches, a chain ``1+1+…``, the
elements of one group (each OPTIONAL, MINUS, BIND… wraps all before it) become n nested nodes. Past
a few thousand the process dies of a stack overflow (SIGSEGV): a query worker, or for an update the
server itself. Its optimizer is also polynomial (about n⁴) in the triple patterns joined together.

Crash points measured with ``tools/engine_limits.py`` (pyoxigraph 0.5.13, 8 MB stack, main thread
for queries as in the workers, a thread for updates as in the server): nested ``{}`` 2,240;
nested parentheses 4,736; nested OPTIONAL 2,944; nested sub-selects 2,560; nested function calls 960;
nested NOT EXISTS 864; nested path parentheses 13,824; UNION branches 6,656; ``+``, ``-`` and ``*``
chains 6,912; ``&&`` and ``||`` chains 9,472; path ``|`` 11,264; OPTIONAL, MINUS or BIND in one group
2,688; SELECT expressions, GROUP BY expressions, ORDER BY conditions and DESCRIBE resources 2,688;
FILTERs in one group and HAVING conditions 9,472; no crash up to 100,000 for IN lists, CONCAT
arguments, VALUES rows, update operations and INSERT DATA triples. Time, on an empty store: 64
triple patterns joined 0.85 s, 96 5.4 s, 128 11 s; nested collections 32 deep 0.14 s, 64 1.1 s,
128 8 s (nested blank-node lists 128 deep 0.4 s); 128 VALUES blocks joined 3.5 s.

The defaults (:class:`Limits`) are far below those points and far above what real queries use
(depth 40 keeps 64 nested collections out; 1,024 for the longest chain of nested operations keeps
the engine's stack use under 3.5 MB). A text over a limit gets a QueryTooComplexError (HTTP 400)
naming the limit and its setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.errors import QueryTooComplexError
from kg.sparql.operations import DeleteWhere, Modify, Update
from kg.sparql.tree import (
    Aggregate,
    AskQuery,
    BindPattern,
    Chain,
    ConstructQuery,
    DescribeQuery,
    Exists,
    FilterPattern,
    FunctionCall,
    GraphPattern,
    GroupPattern,
    MinusPattern,
    Modifiers,
    Operation,
    OptionalPattern,
    PathAlternative,
    PathInverse,
    PathRepeat,
    PathSequence,
    Query,
    SelectQuery,
    ServicePattern,
    SubSelect,
    TriplesBlock,
    UnionPattern,
)


@dataclass(frozen=True)
class Limits:
    """The limits, with their defaults; :meth:`from_settings` takes them from kg.settings."""

    max_depth: int = 40  # KG_MAX_QUERY_DEPTH
    max_union_branches: int = 256  # KG_MAX_UNION_BRANCHES
    max_operator_chain: int = 256  # KG_MAX_OPERATOR_CHAIN
    max_group_elements: int = 256  # KG_MAX_GROUP_ELEMENTS
    max_triple_patterns: int = 128  # KG_MAX_TRIPLE_PATTERNS
    max_algebra_depth: int = 1024  # KG_MAX_ALGEBRA_DEPTH
    max_update_operations: int = 256  # KG_MAX_UPDATE_OPERATIONS

    @classmethod
    def from_settings(cls, settings: Any) -> Limits:
        return cls(settings.max_query_depth, settings.max_union_branches, settings.max_operator_chain,
                   settings.max_group_elements, settings.max_triple_patterns, settings.max_algebra_depth,
                   settings.max_update_operations)


def check_query(query: Query, limits: Limits) -> None:
    """QueryTooComplexError when the query is over a limit (the depth was checked while parsing)."""
    _Measure(limits).body(query.body)


def check_update(update: Update, limits: Limits) -> None:
    """QueryTooComplexError when the update is over a limit."""
    if len(update.operations) > limits.max_update_operations:
        raise QueryTooComplexError(f"{len(update.operations)} operations in one update",
                                   "KG_MAX_UPDATE_OPERATIONS", limits.max_update_operations)
    for operation in update.operations:
        measure = _Measure(limits)
        if isinstance(operation, Modify):
            measure.algebra(measure.group(operation.where))
        elif isinstance(operation, DeleteWhere):
            measure.triples(len(operation.pattern.quads))


class _Measure:
    """One walk over a tree: counts what adds up, checks what is per node, returns algebra depths."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.triple_patterns = 0

    def body(self, body: Any) -> None:
        self.algebra(self.query(body))

    def algebra(self, depth: int) -> None:
        if depth > self.limits.max_algebra_depth:
            raise QueryTooComplexError(f"operations nested {depth} deep in the engine's algebra (group elements, "
                                       "UNION branches and operator chains along one path)", "KG_MAX_ALGEBRA_DEPTH",
                                       self.limits.max_algebra_depth)

    def triples(self, count: int) -> None:
        self.triple_patterns += count
        if self.triple_patterns > self.limits.max_triple_patterns:
            raise QueryTooComplexError(f"more than {self.limits.max_triple_patterns} triple patterns",
                                       "KG_MAX_TRIPLE_PATTERNS", self.limits.max_triple_patterns)

    def query(self, body: Any) -> int:
        where = body.where
        depth = self.group(where) if where is not None else 0
        clauses = self.modifiers(body.modifiers)
        if isinstance(body, SelectQuery) and body.projection:
            expressions = [p.expression for p in body.projection if p.expression is not None]
            clauses += self.elements(len(expressions), "SELECT expressions") + self.deepest(expressions)
        if isinstance(body, DescribeQuery) and body.resources:
            clauses += self.elements(len(body.resources), "DESCRIBE resources")
        if isinstance(body, ConstructQuery | AskQuery | DescribeQuery | SelectQuery):
            return depth + clauses
        raise TypeError(body)

    def modifiers(self, modifiers: Modifiers) -> int:
        group = [expression for expression, _ in modifiers.group_by]
        order = [condition.expression for condition in modifiers.order_by]
        depth = self.elements(len(group), "GROUP BY conditions") + self.deepest(group)
        depth += self.elements(len(order), "ORDER BY conditions") + self.deepest(order)
        depth += self.elements(len(modifiers.having), "HAVING conditions") + self.deepest(modifiers.having)
        return depth + (modifiers.values is not None)

    def elements(self, count: int, what: str) -> int:
        if count > self.limits.max_group_elements:
            raise QueryTooComplexError(f"{count} {what}", "KG_MAX_GROUP_ELEMENTS", self.limits.max_group_elements)
        return count

    def deepest(self, nodes: Any) -> int:
        return max((self.expression(node) for node in nodes), default=0)

    def group(self, group: Any) -> int:
        if isinstance(group, SubSelect):
            return 1 + self.query(group.query)
        self.elements(len(group.elements), "elements in one group (OPTIONAL, MINUS, FILTER, BIND, VALUES, "
                      "GRAPH, SERVICE, sub-groups, blocks of triples)")
        return len(group.elements) + max((self.element(e) for e in group.elements), default=0)

    def element(self, element: Any) -> int:
        if isinstance(element, TriplesBlock):
            self.triples(sum(_pattern_count(t.predicate) for t in element.triples))
            return len(element.triples) + max((self.path(t.predicate) for t in element.triples), default=0)
        if isinstance(element, UnionPattern):
            if len(element.branches) > self.limits.max_union_branches:
                raise QueryTooComplexError(f"{len(element.branches)} branches in one UNION",
                                           "KG_MAX_UNION_BRANCHES", self.limits.max_union_branches)
            return len(element.branches) + max(self.group(branch) for branch in element.branches)
        if isinstance(element, OptionalPattern | MinusPattern | GraphPattern | ServicePattern):
            return 1 + self.group(element.group)
        if isinstance(element, FilterPattern | BindPattern):
            return self.expression(element.expression)
        return 1  # VALUES

    def expression(self, expression: Any) -> int:
        if isinstance(expression, Operation | Chain):
            if len(expression.operands) > self.limits.max_operator_chain and not (
                    isinstance(expression, Operation) and expression.operator in ("IN", "NOT IN")):
                raise QueryTooComplexError(f"{len(expression.operands)} operands in one chain of operators",
                                           "KG_MAX_OPERATOR_CHAIN", self.limits.max_operator_chain)
            return len(expression.operands) + self.deepest(expression.operands)
        if isinstance(expression, FunctionCall):
            return 1 + self.deepest(expression.arguments)
        if isinstance(expression, Aggregate):
            return 1 + (self.expression(expression.argument) if expression.argument is not None else 0)
        if isinstance(expression, Exists):
            return 1 + self.group(expression.pattern)
        return 1

    def path(self, path: Any) -> int:
        if isinstance(path, PathSequence | PathAlternative):
            parts = path.steps if isinstance(path, PathSequence) else path.options
            if len(parts) > self.limits.max_operator_chain:
                raise QueryTooComplexError(f"{len(parts)} steps in one property path", "KG_MAX_OPERATOR_CHAIN",
                                           self.limits.max_operator_chain)
            return len(parts) + max(self.path(part) for part in parts)
        if isinstance(path, PathInverse | PathRepeat):
            return 1 + self.path(path.path)
        return 1


def _pattern_count(path: Any) -> int:
    """The triple patterns a predicate becomes in the engine (a sequence is a chain of patterns)."""
    if isinstance(path, PathSequence):
        return sum(_pattern_count(step) for step in path.steps)
    if isinstance(path, PathInverse):
        return _pattern_count(path.path)
    return 1


__all__ = ["GroupPattern", "Limits", "check_query", "check_update"]
