"""Structural limits on queries and updates, measured on the parse (not on braces), each a setting.

pyoxigraph's parser and evaluator recurse along the algebra they build, and the algebra is deep not
only where the text nests but also where it is long: a UNION of n branches, a chain ``1+1+…``, the
elements of one group (each OPTIONAL, MINUS, BIND… wraps all before it) become n nested nodes. Past
a few thousand the process dies of a stack overflow (SIGSEGV): a query worker, or for an update the
server itself. Its optimizer is also polynomial (about n⁴) in the triple patterns joined together.

Crash points measured with ``tools/engine_limits.py`` (pyoxigraph 0.5.13, 8 MB stack, main thread
for queries as in the workers, a thread for updates as in the server; the same for both): nested
``{}`` 2,240; nested parentheses 4,736; nested OPTIONAL 2,944; nested sub-selects 2,560; nested
function calls 960; nested NOT EXISTS 864; nested path parentheses 13,824; UNION branches 6,656;
``+``, ``-`` and ``*`` chains 6,912; ``&&`` and ``||`` chains 9,472; path ``|`` 11,264; OPTIONAL, MINUS
or BIND in one group 2,688; SELECT expressions, GROUP BY expressions, ORDER BY conditions and
DESCRIBE resources 2,688; FILTERs in one group and HAVING conditions 9,472; no crash up to 100,000
for IN lists, CONCAT arguments, VALUES rows, update operations and INSERT DATA triples. Time on an
empty store: 64 triple patterns joined 0.85 s, 96 5.4 s, 128 11 s; collections nested 32 deep
0.14 s, 64 1.1 s, 128 8 s (blank-node lists 128 deep 0.4 s); 128 VALUES blocks joined 3.5 s.

The defaults (:class:`Limits`) are far below those points and far above what real queries use. The
parser checks each limit as it reads (so neither its time nor the tree it builds grows past them)
and :func:`check_algebra` measures the longest chain of nested operations on the finished tree
(1,024 keeps the engine's stack under 3.5 MB whatever the mix). A text over a limit gets a
QueryTooComplexError (HTTP 400) naming the limit and its setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.errors import QueryTooComplexError
from kg.sparql.operations import DeleteWhere, Modify, Update
from kg.sparql.tree import (
    Aggregate,
    BindPattern,
    Chain,
    DescribeQuery,
    Exists,
    FilterPattern,
    FunctionCall,
    GraphPattern,
    MinusPattern,
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
    max_query_nodes: int = 20_000  # KG_MAX_QUERY_NODES
    max_algebra_depth: int = 1024  # KG_MAX_ALGEBRA_DEPTH
    max_update_operations: int = 256  # KG_MAX_UPDATE_OPERATIONS

    @classmethod
    def from_settings(cls, settings: Any) -> Limits:
        return cls(settings.max_query_depth, settings.max_union_branches, settings.max_operator_chain,
                   settings.max_group_elements, settings.max_triple_patterns, settings.max_query_nodes,
                   settings.max_algebra_depth, settings.max_update_operations)

    def exceeded(self, limit: str, found: str | int) -> QueryTooComplexError:
        """The error for ``limit`` (a field name), saying what was found."""
        what, setting = _LIMITS[limit]
        return QueryTooComplexError(what.format(found), setting, getattr(self, limit))


_LIMITS = {
    "max_depth": ("groups, brackets, calls, paths and nested terms nested {} levels deep", "KG_MAX_QUERY_DEPTH"),
    "max_union_branches": ("{} branches in one UNION", "KG_MAX_UNION_BRANCHES"),
    "max_operator_chain": ("{} operands in one chain of operators (|| && + - * / or path / |)",
                           "KG_MAX_OPERATOR_CHAIN"),
    "max_group_elements": ("{} elements in one group (OPTIONAL, MINUS, FILTER, BIND…) or clause (SELECT "
                           "expressions, ORDER BY…)", "KG_MAX_GROUP_ELEMENTS"),
    "max_triple_patterns": ("{} triple patterns to match", "KG_MAX_TRIPLE_PATTERNS"),
    "max_query_nodes": ("{} patterns, expressions and template triples", "KG_MAX_QUERY_NODES"),
    "max_algebra_depth": ("operations nested {} deep in the engine's algebra (group elements, UNION branches "
                          "and operator chains along one path)", "KG_MAX_ALGEBRA_DEPTH"),
    "max_update_operations": ("{} operations in one update", "KG_MAX_UPDATE_OPERATIONS"),
}


def check_query(query: Query, limits: Limits) -> None:
    """QueryTooComplexError when the query's algebra is too deep (the other limits are checked while parsing)."""
    _check(_query(query.body), limits)


def check_update(update: Update, limits: Limits) -> None:
    """The same for each WHERE clause of an update."""
    for operation in update.operations:
        if isinstance(operation, Modify):
            _check(_group(operation.where), limits)
        elif isinstance(operation, DeleteWhere):
            _check(len(operation.pattern.quads), limits)


def _check(depth: int, limits: Limits) -> None:
    if depth > limits.max_algebra_depth:
        raise limits.exceeded("max_algebra_depth", depth)


# The depth of the algebra the engine builds: chains count their length, nesting adds up.
def _query(body: Any) -> int:
    modifiers = body.modifiers
    clauses = [e for e, _ in modifiers.group_by] + [c.expression for c in modifiers.order_by] + list(modifiers.having)
    if isinstance(body, SelectQuery) and body.projection:
        clauses += [p.expression for p in body.projection if p.expression is not None]
    depth = len(clauses) + _deepest(clauses) + (modifiers.values is not None)
    if isinstance(body, DescribeQuery) and body.resources:
        depth += len(body.resources)
    return depth + (_group(body.where) if body.where is not None else 0)


def _group(group: Any) -> int:
    if isinstance(group, SubSelect):
        return 1 + _query(group.query)
    return len(group.elements) + max((_element(e) for e in group.elements), default=0)


def _element(element: Any) -> int:
    if isinstance(element, TriplesBlock):
        return len(element.triples) + max((_path(t.predicate) for t in element.triples), default=0)
    if isinstance(element, UnionPattern):
        return len(element.branches) + max(_group(branch) for branch in element.branches)
    if isinstance(element, OptionalPattern | MinusPattern | GraphPattern | ServicePattern):
        return 1 + _group(element.group)
    if isinstance(element, FilterPattern | BindPattern):
        return _expression(element.expression)
    return 1  # VALUES


def _expression(expression: Any) -> int:
    if isinstance(expression, Operation) and expression.operator in ("IN", "NOT IN"):
        return 1 + _deepest(expression.operands)  # a flat list in the engine
    if isinstance(expression, Operation | Chain):
        return len(expression.operands) + _deepest(expression.operands)
    if isinstance(expression, FunctionCall):
        return 1 + _deepest(expression.arguments)
    if isinstance(expression, Aggregate):
        return 1 + (_expression(expression.argument) if expression.argument is not None else 0)
    if isinstance(expression, Exists):
        return 1 + _group(expression.pattern)
    return 1


def _deepest(expressions: Any) -> int:
    return max((_expression(e) for e in expressions), default=0)


def _path(path: Any) -> int:
    if isinstance(path, PathSequence | PathAlternative):
        parts = path.steps if isinstance(path, PathSequence) else path.options
        return len(parts) + max(_path(part) for part in parts)
    if isinstance(path, PathInverse | PathRepeat):
        return 1 + _path(path.path)
    return 1


def pattern_count(predicate: Any) -> int:
    """The triple patterns a predicate becomes in the engine (a path sequence is a chain of patterns)."""
    if isinstance(predicate, PathSequence):
        return sum(pattern_count(step) for step in predicate.steps)
    if isinstance(predicate, PathInverse):
        return pattern_count(predicate.path)
    return 1
