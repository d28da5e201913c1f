"""Rows of terms serialised as the engine serialises SELECT results (CSV, SPARQL JSON, TSV)."""

from __future__ import annotations

import json

from kg.query.solutions import serialize_solutions
from kg.rdf.model import BlankNode, Literal, NamedNode

XSD = "http://www.w3.org/2001/XMLSchema#"
ROWS = [{"s": NamedNode("http://ex/a"), "label": Literal("甲", language="zh"),
         "n": Literal("1.5", datatype=NamedNode(XSD + "decimal"))},
        {"s": BlankNode("b1"), "label": Literal('say "hi", then go')}]


def test_csv_has_every_column_and_quotes_what_needs_it() -> None:
    text = serialize_solutions(["s", "label", "n"], ROWS, "text/csv").decode("utf-8").splitlines()
    assert text[0] == "s,label,n" and text[1] == "http://ex/a,甲,1.5"
    assert text[2].endswith(',"say ""hi"", then go",')


def test_sparql_json_keeps_languages_datatypes_and_unbound_columns() -> None:
    document = json.loads(serialize_solutions(["s", "label", "n", "missing"], ROWS,
                                              "application/sparql-results+json"))
    assert document["head"]["vars"] == ["s", "label", "n", "missing"]
    first, second = document["results"]["bindings"]
    assert first["label"] == {"type": "literal", "value": "甲", "xml:lang": "zh"}
    assert first["n"] == {"type": "literal", "value": "1.5", "datatype": XSD + "decimal"}
    assert second["s"]["type"] == "bnode" and "n" not in second
