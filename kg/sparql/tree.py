"""The syntax tree of a SPARQL 1.1 query or update, as :mod:`kg.sparql.parser` builds it.

Terms are resolved (prefixed names and relative IRIs become absolute IRIs, escapes are processed);
blank-node property lists and collections are expanded into triples with fresh blank nodes, as the
engine does. Chains are kept flat (a UNION of n branches is one node with n groups, ``1+2+3`` one
:class:`Chain`), so walking the tree never recurses deeper than the text nests. Group graph
patterns, sub-selects, SERVICE, VALUES, templates, DATA blocks and update operations keep their
source offsets (``start``: first character, ``end``: one past the last), so callers can cut and
splice the text (:func:`kg.sparql.screening.with_using`) or rerun a part of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal as TypingLiteral

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


# Terms
@dataclass(frozen=True, slots=True)
class Iri:
    value: str


@dataclass(frozen=True, slots=True)
class BlankNode:
    """``_:label`` as written, or a fresh node (``anonymous``) for ``[]``, ``[ … ]`` and collections."""

    label: str
    anonymous: bool = False


@dataclass(frozen=True, slots=True)
class Literal:
    value: str
    datatype: str = XSD + "string"
    language: str | None = None  # lower-cased, as the engine stores it; datatype is rdf:langString then


@dataclass(frozen=True, slots=True)
class Variable:
    name: str


Term = Iri | BlankNode | Literal
TermPattern = Term | Variable


# Property paths (SPARQL 1.1 §9); a plain predicate is an Iri
@dataclass(frozen=True, slots=True)
class PathInverse:
    path: Path


@dataclass(frozen=True, slots=True)
class PathSequence:
    steps: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class PathAlternative:
    options: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class PathRepeat:
    path: Path
    modifier: TypingLiteral["?", "*", "+"]


@dataclass(frozen=True, slots=True)
class PathNegated:
    """``!(a|^b)``: the IRIs excluded forwards and backwards."""

    forward: tuple[Iri, ...]
    inverse: tuple[Iri, ...]


Path = Iri | PathInverse | PathSequence | PathAlternative | PathRepeat | PathNegated


@dataclass(frozen=True, slots=True)
class TriplePattern:
    subject: TermPattern
    predicate: Variable | Path  # a Variable only when written as one (no path)
    object: TermPattern


@dataclass(frozen=True, slots=True)
class QuadPattern:
    """A triple of a template or DATA block; ``graph`` None is the default graph (or WITH's graph)."""

    subject: TermPattern
    predicate: Variable | Iri
    object: TermPattern
    graph: Iri | Variable | None = None


# Expressions
@dataclass(frozen=True, slots=True)
class Operation:
    """``||`` and ``&&`` (n operands), ``= != < > <= >=``, ``IN`` / ``NOT IN`` (left, then the list), and
    the unary ``!``, ``u+``, ``u-``."""

    operator: str
    operands: tuple[Expression, ...]


@dataclass(frozen=True, slots=True)
class Chain:
    """``a + b - c`` or ``a * b / c``: operands with the operators between them."""

    operands: tuple[Expression, ...]
    operators: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FunctionCall:
    """A built-in (``function`` its upper-case name, e.g. ``REGEX``) or an extension function (an Iri)."""

    function: str | Iri
    arguments: tuple[Expression, ...]


@dataclass(frozen=True, slots=True)
class Aggregate:
    """COUNT, SUM, MIN, MAX, AVG, SAMPLE or GROUP_CONCAT; ``argument`` None for ``COUNT(*)``."""

    function: str
    argument: Expression | None
    distinct: bool = False
    separator: str | None = None


@dataclass(frozen=True, slots=True)
class Exists:
    pattern: Group
    negated: bool = False


Expression = Iri | Literal | Variable | Operation | Chain | FunctionCall | Aggregate | Exists


# Graph patterns
@dataclass(frozen=True, slots=True)
class TriplesBlock:
    triples: tuple[TriplePattern, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GroupPattern:
    """``{ … }``: its elements in order; ``variables`` are those in scope (SPARQL 1.1 §18.2.1)."""

    elements: tuple[Element, ...]
    start: int
    end: int
    variables: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class SubSelect:
    """``{ SELECT … }``: a group holding a sub-query."""

    query: SelectQuery
    start: int
    end: int
    variables: frozenset[str] = field(default=frozenset(), compare=False, repr=False)


Group = GroupPattern | SubSelect


@dataclass(frozen=True, slots=True)
class UnionPattern:
    """``{…} UNION {…} …``; a single branch is a nested group."""

    branches: tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class OptionalPattern:
    group: Group


@dataclass(frozen=True, slots=True)
class MinusPattern:
    group: Group


@dataclass(frozen=True, slots=True)
class GraphPattern:
    name: Iri | Variable
    group: Group


@dataclass(frozen=True, slots=True)
class ServicePattern:
    """``SERVICE [SILENT] endpoint { … }``, from the keyword to the closing brace."""

    endpoint: Iri | Variable
    silent: bool
    group: Group
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class FilterPattern:
    expression: Expression


@dataclass(frozen=True, slots=True)
class BindPattern:
    expression: Expression
    variable: Variable


@dataclass(frozen=True, slots=True)
class ValuesPattern:
    """``VALUES``: its variables and number of rows (the data stays in the text), from the keyword to the
    closing brace."""

    variables: tuple[Variable, ...]
    rows: int
    start: int
    end: int


Element = (TriplesBlock | UnionPattern | OptionalPattern | MinusPattern | GraphPattern | ServicePattern
           | FilterPattern | BindPattern | ValuesPattern)


# Queries
@dataclass(frozen=True, slots=True)
class Prologue:
    """BASE and PREFIX declarations in effect (``base`` also counts the base the caller gave)."""

    base: str | None
    prefixes: tuple[tuple[str, str], ...]
    start: int
    end: int

    def declarations(self) -> str:
        """The prologue as SPARQL text (to put before a part of the text cut out of its context)."""
        lines = [f"BASE <{self.base}>"] if self.base else []
        return "\n".join([*lines, *(f"PREFIX {name}: <{iri}>" for name, iri in self.prefixes)]) + "\n"


@dataclass(frozen=True, slots=True)
class Dataset:
    default: tuple[Iri, ...] = ()
    named: tuple[Iri, ...] = ()


@dataclass(frozen=True, slots=True)
class Projection:
    """One member of a SELECT clause: ``?v`` or ``(expression AS ?v)``."""

    variable: Variable
    expression: Expression | None = None


@dataclass(frozen=True, slots=True)
class OrderCondition:
    expression: Expression
    descending: bool = False


@dataclass(frozen=True, slots=True)
class Modifiers:
    """GROUP BY (expression, AS variable or None), HAVING, ORDER BY, LIMIT, OFFSET and the trailing VALUES."""

    group_by: tuple[tuple[Expression, Variable | None], ...] = ()
    having: tuple[Expression, ...] = ()
    order_by: tuple[OrderCondition, ...] = ()
    limit: int | None = None
    offset: int | None = None
    values: ValuesPattern | None = None


@dataclass(frozen=True, slots=True)
class SelectQuery:
    """A SELECT query or sub-select; ``projection`` None for ``SELECT *``."""

    projection: tuple[Projection, ...] | None
    where: Group
    modifiers: Modifiers
    dataset: Dataset = Dataset()
    distinct: bool = False
    reduced: bool = False
    start: int = 0
    end: int = 0

    @property
    def projected(self) -> frozenset[str]:
        """The names of the variables it returns."""
        if self.projection is None:
            return self.where.variables | _values_names(self.modifiers)
        return frozenset(p.variable.name for p in self.projection)


@dataclass(frozen=True, slots=True)
class ConstructQuery:
    """CONSTRUCT; ``template_start``/``end`` span the template's braces (None for ``CONSTRUCT WHERE``, whose
    pattern is the template); ``keyword_end`` is where the CONSTRUCT keyword ends."""

    template: tuple[TriplePattern, ...]
    where: Group
    modifiers: Modifiers
    dataset: Dataset = Dataset()
    template_start: int | None = None
    template_end: int | None = None
    keyword_end: int = 0


@dataclass(frozen=True, slots=True)
class AskQuery:
    where: Group
    modifiers: Modifiers
    dataset: Dataset = Dataset()


@dataclass(frozen=True, slots=True)
class DescribeQuery:
    """DESCRIBE; ``resources`` None for ``DESCRIBE *``, ``where`` None without a WHERE clause."""

    resources: tuple[Iri | Variable, ...] | None
    where: Group | None
    modifiers: Modifiers
    dataset: Dataset = Dataset()


QueryBody = SelectQuery | ConstructQuery | AskQuery | DescribeQuery
QueryForm = TypingLiteral["select", "construct", "ask", "describe"]
_FORMS: dict[type, QueryForm] = {SelectQuery: "select", ConstructQuery: "construct", AskQuery: "ask",
                                 DescribeQuery: "describe"}


@dataclass(frozen=True, slots=True)
class Query:
    prologue: Prologue
    body: QueryBody

    @property
    def form(self) -> QueryForm:
        return _FORMS[type(self.body)]


def _values_names(modifiers: Modifiers) -> frozenset[str]:
    values = modifiers.values
    return frozenset(v.name for v in values.variables) if values is not None else frozenset()
