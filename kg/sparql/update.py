"""SPARQL 1.1 Update: every operation (LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY, INSERT DATA,
DELETE DATA, DELETE WHERE, and DELETE/INSERT with WITH, USING and WHERE), quad templates and DATA
blocks, as the engine reads them: one prologue at the start (the engine takes none after ``;``),
operations separated by ``;`` with an optional final ``;``."""

from __future__ import annotations

from kg.errors import QuerySyntaxError
from kg.sparql.operations import (
    Clear,
    Create,
    DeleteData,
    DeleteWhere,
    Drop,
    GraphTarget,
    InsertData,
    Load,
    Modify,
    QuadBlock,
    Transfer,
    Update,
    UpdateOperation,
)
from kg.sparql.queries import QueryReader
from kg.sparql.terms import FAILED, Mismatch
from kg.sparql.tree import BlankNode, Iri, Literal, Prologue, QuadPattern, TriplePattern, Variable


class UpdateReader(QueryReader):
    def update(self) -> Update:
        prologue = self.prologue()
        operations: list[UpdateOperation] = []
        found = self.attempt(self._operation, prologue)
        if found is FAILED:
            self.eat(";")
        while found is not FAILED:
            operations.append(found)
            self.check("max_update_operations", len(operations))
            self.used_blanks, self.current_blanks = set(), set()
            if not self.eat(";"):
                break
            found = self.attempt(self._operation, prologue)  # none: the ";" was the optional final one
        self.space()
        if self.pos < self.end:
            raise self.fail("end of the update")
        _check_shared_blank_nodes(operations)
        return Update(prologue, tuple(operations))

    def _operation(self, prologue: Prologue) -> UpdateOperation:
        start = self.space()
        for keyword, rule in (("LOAD", self._load), ("CLEAR", self._clear_or_drop), ("DROP", self._clear_or_drop),
                              ("ADD", self._transfer), ("MOVE", self._transfer), ("COPY", self._transfer),
                              ("CREATE", self._create), ("INSERT", self._insert_data),
                              ("DELETE", self._delete_data_or_where)):
            if self.at_keyword(keyword):
                found = self.attempt(rule, keyword, start, prologue)
                if found is not FAILED:
                    return found
                self.pos = start
        return self._modify(start, prologue)

    def _silent(self) -> bool:
        return self.eat_keyword("SILENT")

    def _load(self, keyword: str, start: int, prologue: Prologue) -> Load:
        self.pos += len(keyword)
        silent = self._silent()
        source = self.iri()
        destination = self.attempt(self._into)
        return Load(silent, source, None if destination is FAILED else destination, start=start, end=self.pos,
                    prologue=prologue)

    def _into(self) -> Iri:
        self.expect_keyword("INTO")
        return self._graph_ref()

    def _graph_ref(self) -> Iri:
        self.expect_keyword("GRAPH")
        return self.iri()

    def _clear_or_drop(self, keyword: str, start: int, prologue: Prologue) -> Clear | Drop:
        self.pos += len(keyword)
        silent = self._silent()
        graph = self.attempt(self._graph_ref)
        if graph is not FAILED:
            target = GraphTarget("graph", graph)
        else:
            for name in ("DEFAULT", "NAMED", "ALL"):
                if self.eat_keyword(name):
                    target = GraphTarget(name.lower())  # type: ignore[arg-type]
                    break
            else:
                raise Mismatch
        kind = Clear if keyword == "CLEAR" else Drop
        return kind(silent, target, start=start, end=self.pos, prologue=prologue)

    def _create(self, keyword: str, start: int, prologue: Prologue) -> Create:
        self.pos += len(keyword)
        silent = self._silent()
        return Create(silent, self._graph_ref(), start=start, end=self.pos, prologue=prologue)

    def _transfer(self, keyword: str, start: int, prologue: Prologue) -> Transfer:
        self.pos += len(keyword)
        silent = self._silent()
        source = self._graph_or_default()
        self.expect_keyword("TO")
        destination = self._graph_or_default()
        return Transfer(keyword, silent, source, destination, start=start, end=self.pos,  # type: ignore[arg-type]
                        prologue=prologue)

    def _graph_or_default(self) -> Iri | None:
        if self.eat_keyword("DEFAULT"):
            return None
        self.eat_keyword("GRAPH")
        return self.iri()

    def _insert_data(self, keyword: str, start: int, prologue: Prologue) -> InsertData:
        self.pos += len(keyword)
        self.expect_keyword("DATA")
        block = self.quad_block("data")
        if any(isinstance(t, Variable) for q in block.quads for t in (q.subject, q.predicate, q.object, q.graph)) \
                or _literal_subject(block):
            raise self.fail("Variables are not allowed in INSERT DATA")
        return InsertData(block, start=start, end=self.pos, prologue=prologue)

    def _delete_data_or_where(self, keyword: str, start: int, prologue: Prologue) -> DeleteData | DeleteWhere:
        self.pos += len(keyword)
        if self.eat_keyword("DATA"):
            block = self.quad_block("data")
            if any(isinstance(t, Variable | BlankNode) for q in block.quads
                   for t in (q.subject, q.predicate, q.object, q.graph)) or _literal_subject(block):
                raise self.fail("Variables and blank nodes are not allowed in DELETE DATA")
            return DeleteData(block, start=start, end=self.pos, prologue=prologue)
        self.expect_keyword("WHERE")
        block = self.quad_block("where")
        _refuse_blank_nodes(self, block)
        return DeleteWhere(block, start=start, end=self.pos, prologue=prologue)

    def _modify(self, start: int, prologue: Prologue) -> Modify:
        with_graph = None
        if self.eat_keyword("WITH"):
            with_graph = self.iri()
        delete = insert = None
        if self.eat_keyword("DELETE"):
            delete = self.quad_block("template")
            _refuse_blank_nodes(self, delete)
            self.current_blanks = set()
            saved = self.pos
            if self.eat_keyword("INSERT"):
                insert = self.attempt(self.quad_block, "template")
                if insert is FAILED:
                    self.pos, insert = saved, None
        else:
            self.expect_keyword("INSERT")
            insert = self.quad_block("template")
        self.current_blanks = set()
        using = []
        while self.at_keyword("USING"):
            saved = self.pos
            self.pos += 5
            graph = self.attempt(self.iri)
            if graph is not FAILED:
                using.append((graph, False))
                continue
            if self.eat_keyword("NAMED") and (graph := self.attempt(self.iri)) is not FAILED:
                using.append((graph, True))
                continue
            self.pos = saved
            break
        where_offset = self.space()
        self.expect_keyword("WHERE")
        where = self.group_graph_pattern()
        return Modify(with_graph, delete, insert, tuple(using), where, where_offset, start=start, end=self.pos,
                      prologue=prologue)

    def quad_block(self, mode: str) -> QuadBlock:
        """``{ quads }``: triples, and ``GRAPH g { triples }`` blocks, in any order; ``mode`` says what they are
        for (DATA, a template, or DELETE WHERE's pattern), which decides what counts against the limits."""
        self.mode = mode
        start = self.space()
        self.expect("{")
        quads: list[QuadPattern] = []
        while True:
            triples: list[TriplePattern] = []
            if self.attempt_into(triples, self.triples_template, triples) is not FAILED:
                quads += (QuadPattern(t.subject, t.predicate, t.object) for t in triples)
                continue
            found = self.attempt(self._graph_quads)
            if found is FAILED:
                break
            quads += found
        self.expect("}")
        self.mode = "where"
        return QuadBlock(tuple(quads), start, self.pos)

    def _graph_quads(self) -> list[QuadPattern]:
        self.expect_keyword("GRAPH")
        graph = self.var_or_iri()
        self.expect("{")
        triples: list[TriplePattern] = []
        self.attempt_into(triples, self.triples_template, triples)
        self.expect("}")
        self.eat(".")
        return [QuadPattern(t.subject, t.predicate, t.object, graph) for t in triples]


def _literal_subject(block: QuadBlock) -> bool:
    """The engine refuses a DATA triple whose subject is a literal (as it words it: no variables there)."""
    return any(isinstance(q.subject, Literal) for q in block.quads)


def _refuse_blank_nodes(reader: UpdateReader, block: QuadBlock) -> None:
    if any(isinstance(t, BlankNode) for q in block.quads for t in (q.subject, q.object)):
        raise reader.fail("Blank nodes are not allowed in DELETE WHERE")


def _check_shared_blank_nodes(operations: list[UpdateOperation]) -> None:
    """The engine's rule: two INSERT DATA blocks of one request may not name the same blank node."""
    blocks = [op for op in operations if isinstance(op, InsertData)]
    if len(blocks) < 2:
        return
    seen: set[str] = set()
    for block in blocks:
        labels = {t.label for q in block.data.quads for t in (q.subject, q.object)
                  if isinstance(t, BlankNode) and not t.anonymous}
        shared = seen & labels
        if shared:
            raise QuerySyntaxError(f"The blank node _:{min(shared)} cannot be shared by multiple blocks")
        seen |= labels


__all__ = ["UpdateReader"]
