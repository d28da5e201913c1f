r"""The syntax tree of a SPARQL Update: its operations, each with its span in the text and its prologue.

Quad templates and DATA blocks (:class:`QuadBlock`) hold their quads as :class:`~kg.sparql.tree.QuadPattern`\s
(``graph`` None: the default graph, or WITH's graph in a template) and the span of their braces.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal as TypingLiteral

from kg.sparql.tree import Group, Iri, Prologue, QuadPattern


@dataclass(frozen=True, slots=True)
class QuadBlock:
    """The ``{ … }`` of a template or DATA block, with its quads."""

    quads: tuple[QuadPattern, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class GraphTarget:
    """What CLEAR / DROP act on: one graph, or DEFAULT, NAMED or ALL."""

    kind: TypingLiteral["graph", "default", "named", "all"]
    iri: Iri | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateOperation:
    """Fields every operation has (keywords): where it is in the text and the prologue in effect there."""

    start: int
    end: int
    prologue: Prologue

    @property
    def kind(self) -> str:
        return _KINDS[type(self)]


@dataclass(frozen=True, slots=True)
class Load(UpdateOperation):
    silent: bool
    source: Iri
    destination: Iri | None  # None: the default graph


@dataclass(frozen=True, slots=True)
class Clear(UpdateOperation):
    silent: bool
    target: GraphTarget


@dataclass(frozen=True, slots=True)
class Drop(UpdateOperation):
    silent: bool
    target: GraphTarget


@dataclass(frozen=True, slots=True)
class Create(UpdateOperation):
    silent: bool
    graph: Iri


@dataclass(frozen=True, slots=True)
class Transfer(UpdateOperation):
    """ADD, MOVE or COPY (``operation``) from one graph to another; None is the default graph."""

    operation: TypingLiteral["ADD", "MOVE", "COPY"]
    silent: bool
    source: Iri | None
    destination: Iri | None

    @property
    def kind(self) -> str:
        return self.operation


@dataclass(frozen=True, slots=True)
class InsertData(UpdateOperation):
    data: QuadBlock


@dataclass(frozen=True, slots=True)
class DeleteData(UpdateOperation):
    data: QuadBlock


@dataclass(frozen=True, slots=True)
class DeleteWhere(UpdateOperation):
    """``DELETE WHERE { quads }``: the block is both the template and the pattern."""

    pattern: QuadBlock


@dataclass(frozen=True, slots=True)
class Modify(UpdateOperation):
    """``[WITH g] [DELETE {…}] [INSERT {…}] USING* WHERE {…}``; ``where_offset`` is where WHERE begins."""

    with_graph: Iri | None
    delete: QuadBlock | None
    insert: QuadBlock | None
    using: tuple[tuple[Iri, bool], ...]  # (graph, named)
    where: Group
    where_offset: int


@dataclass(frozen=True, slots=True)
class Update:
    prologue: Prologue
    operations: tuple[UpdateOperation, ...]


_KINDS: dict[type, str] = {Load: "LOAD", Clear: "CLEAR", Drop: "DROP", Create: "CREATE", InsertData: "INSERT DATA",
                           DeleteData: "DELETE DATA", DeleteWhere: "DELETE WHERE", Modify: "MODIFY"}
