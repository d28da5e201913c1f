"""SPARQL text handling: one lexer and one parser for every SPARQL text a client sends.

They read SPARQL 1.1 exactly as the engine (pyoxigraph 0.5) does — keywords in any case and without a
word boundary (``SERVICE:x`` is SERVICE then ``:x``), ``<`` an IRI only where a term can stand,
``\\u`` escapes only inside IRIs and strings — so what the parse finds is what the engine will run.
RDF-star / RDF 1.2 terms and functions, VERSION, LATERAL and ADJUST (engine extensions) are refused.
Reading is linear in the text and never recurses deeper than ``KG_MAX_QUERY_DEPTH``.

Modules, bottom up: ``chars`` (character classes, name terminals) and ``lexer`` (the other terminals,
``tokens``/``tokenize``), ``tree`` and ``operations`` (the syntax tree), ``limits`` (structural limits,
the engine's crash points), ``terms``, ``expressions``, ``triples``, ``patterns``, ``queries``,
``update`` (the reader, one grammar area each), ``parser`` (``parse_query``, ``parse_update``),
``screening`` (``screen_query``, ``screen_update``, ``with_using``, ``valid_iri``).

Public API::

    parse_query(text, base_iri=None, limits=None) -> tree.Query      # .prologue, .body, .form
    parse_update(text, base_iri=None, limits=None) -> operations.Update  # .prologue, .operations
    screen_query(text, settings, base_iri=None) -> Screening   # .form, .services, .loads, .depth
    screen_update(text, settings, base_iri=None) -> Screening  # .is_update
    with_using(text, graphs, named_graphs, base_iri=None, settings=None) -> str
    valid_iri(text) -> bool                                    # the engine's own IRI parser
    Limits(...) / Limits.from_settings(settings)               # QueryTooComplexError past one

The tree (``kg.sparql.tree``): terms ``Iri``, ``BlankNode`` (``anonymous`` for ``[]`` and collections),
``Literal``, ``Variable``; paths ``PathSequence``, ``PathAlternative``, ``PathInverse``, ``PathRepeat``,
``PathNegated``; ``TriplePattern``, ``QuadPattern``; expressions ``Operation``, ``Chain``,
``FunctionCall``, ``Aggregate``, ``Exists``; groups ``GroupPattern`` (``elements``, ``variables`` in
scope) and ``SubSelect``; elements ``TriplesBlock``, ``UnionPattern``, ``OptionalPattern``,
``MinusPattern``, ``GraphPattern``, ``ServicePattern``, ``FilterPattern``, ``BindPattern``,
``ValuesPattern``; queries ``SelectQuery``, ``ConstructQuery``, ``AskQuery``, ``DescribeQuery`` with
``Modifiers`` and ``Dataset``; ``Prologue``. Groups, sub-selects, SERVICE, VALUES, templates, DATA
blocks and operations carry ``start``/``end`` offsets into the text.

An update, operation by operation (``kg.sparql.operations``), for code that computes its effect::

    update = parse_update(text, base_iri=base)
    for op in update.operations:
        op.kind          # "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                         # "INSERT DATA", "DELETE DATA", "DELETE WHERE", "MODIFY"
        op.prologue      # BASE and PREFIX in effect; op.prologue.declarations() is them as text
        text[op.start:op.end]                     # the operation as written
        # graphs: Load.source / .destination, Clear/Drop.target (GraphTarget), Create.graph,
        #         Transfer.source / .destination (None: the default graph), Modify.with_graph, Modify.using
        op.data.quads    # InsertData, DeleteData: QuadPattern(subject, predicate, object, graph or None)
        op.pattern.quads # DeleteWhere: the quads, both template and pattern
        op.delete, op.insert   # Modify: QuadBlock or None; quads with Variable and BlankNode terms;
                               # graph None means the default graph, or WITH's graph when there is one
        text[op.where.start:op.where.end]         # Modify: the WHERE group, to run as
        # op.prologue.declarations() + "SELECT * " + FROM / FROM NAMED of op.using + " WHERE " + that text,
        # with WITH's graph as the default graph when there is no USING (the engine's rule)
        op.where_offset  # Modify: where the WHERE keyword starts (with_using inserts USING there)
"""
