"""Payload screening: nesting measured on structure, entity rules from the DTD, linear time, both stores.

The review's inputs (security-2026-12, D8 and D13) are refused at once; generated documents show
that the Turtle and JSON scanners read strings, IRIs, comments and escapes as the parsers do; a
growth test shows that screening time grows linearly from 1 KB to 10 MB.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import statistics
import time
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import LoadError
from kg.rdf.payload import (
    MAX_NESTING,
    XML_CHUNK,
    _json_depth,
    _triple_term_depth,
    parse_quads,
    parse_triples,
    screen_payload,
)
from kg.store.remote import RemoteStore

RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"'


def nested_rdfxml(levels: int) -> str:
    """The review's D13 document: every level carries ex:t="/>", which fooled the old tag regex."""
    return (f'<?xml version="1.0"?><rdf:RDF {RDF}><rdf:Description rdf:about="urn:a">'
            + '<ex:p rdf:parseType="Resource" ex:t="/>">' * levels + "</ex:p>" * levels
            + "</rdf:Description></rdf:RDF>")


def refusal(data: str | bytes, format_name: str) -> tuple[str, float]:
    started = time.perf_counter()
    with pytest.raises(LoadError) as refused:
        screen_payload(data, format_name)
    return str(refused.value), time.perf_counter() - started


# The review's inputs.
@pytest.mark.parametrize(("data", "reason"), [
    ("<!DOCTYPE x " + "[a]" * 27, "not well-formed"),  # D8: 5.7 s before, each [a] doubling it
    ("<!DOCTYPE x " + "[a]" * 40, "not well-formed"),  # ≈ 13 h before
    ("<!--" * 40_000, "not well-formed"),  # quadratic before: 24 s
    (nested_rdfxml(60_000), "levels"),  # D13: accepted after 49.8 s of parsing before
    (nested_rdfxml(MAX_NESTING + 1), "levels"),
], ids=["doctype-27", "doctype-40", "comments-40000", "nested-60000", "nested-201"])
def test_the_reviews_rdfxml_inputs_are_refused_at_once(data: str, reason: str) -> None:
    message, seconds = refusal(data, "rdfxml")
    assert reason in message and seconds < 0.5  # milliseconds in practice


def test_nesting_up_to_the_limit_parses() -> None:
    levels = MAX_NESTING - 3  # rdf:RDF and rdf:Description are levels too
    assert len(parse_triples(nested_rdfxml(levels), "application/rdf+xml")) == levels


@pytest.mark.parametrize(("entities", "reason"), [
    ('<!ENTITY x SYSTEM "file:///etc/passwd">', "external"),
    ('<!ENTITY x PUBLIC "-//x//y" "http://127.0.0.1:9/">', "external"),
    ('<!ENTITY % p "x">', "parameter"),
    ('<!ENTITY a "x"> <!ENTITY b "&a;&a;">', "nested entities"),
    ('<!ENTITY a "x"> <!ENTITY b "&#38;a;">', "nested entities"),  # a reference spelled as a character reference
    ('<!ATTLIST ex:p ex:q CDATA "x">', "attribute-list"),
    ('<!NOTATION n SYSTEM "x"> <!ENTITY u SYSTEM "x" NDATA n>', "unparsed"),
    ('<!ENTITY big "' + "x" * 100_000 + '">', "expand"),
], ids=["system", "public", "parameter", "nested", "nested-by-character-reference", "attlist", "unparsed", "expansion"])
def test_entity_rules(entities: str, reason: str) -> None:
    document = (f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [ {entities} ]><rdf:RDF {RDF}>'
                '<rdf:Description rdf:about="urn:a"><ex:p>' + "&big;" * 101 + "</ex:p></rdf:Description></rdf:RDF>")
    if "big" not in entities:
        document = document.replace("&big;" * 101, "v")
    message, _ = refusal(document, "rdfxml")
    assert reason in message


def test_protege_namespace_entities_and_markup_in_attributes_still_parse() -> None:
    document = (f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [ <!ENTITY ex "http://example.org/"> ]><rdf:RDF {RDF}>'
                '<!-- a comment with <ex:p> inside --><?pi <ex:p>?>'
                '<rdf:Description rdf:about="&ex;a" ex:t="/>"><ex:q><![CDATA[<ex:p><ex:p>]]></ex:q>'
                "</rdf:Description></rdf:RDF>")
    triples = {(t.predicate.value, t.object.value) for t in parse_triples(document, "application/rdf+xml")}
    assert triples == {("http://example.org/t", "/>"), ("http://example.org/q", "<ex:p><ex:p>")}


# Turtle and its family: nested triple terms crash the parser (a SIGSEGV past about 20,000 levels).
def nested_triple_terms(levels: int, graph: str = "") -> str:
    return ("<http://a> <http://p> " + "<<( <http://a> <http://p> " * levels + "1" + " )>>" * levels
            + f" {graph}.")


@pytest.mark.parametrize(("format_name", "graph"), [("turtle", ""), ("ntriples", ""), ("nquads", "<http://g> ")],
                         ids=["turtle", "ntriples", "nquads"])
def test_nested_triple_terms_are_refused(format_name: str, graph: str) -> None:
    message, seconds = refusal(nested_triple_terms(20_000, graph), format_name)
    assert "levels" in message and seconds < 0.5
    screen_payload(nested_triple_terms(MAX_NESTING, graph), format_name)


def test_trig_graph_blocks_do_not_hide_triple_terms() -> None:
    refusal("<http://g> { " + nested_triple_terms(MAX_NESTING + 1) + " }", "trig")


@pytest.mark.parametrize("hiding_place", [
    "@prefix ex: <http://ex/> . ex:a\\# ex:p ",  # an escaped # in a local name is not a comment
    "<http://ex/a#b> <http://p> ",  # nor is a # in an IRI
    '<http://ex/a> <http://p> "x#" , ',  # nor in a string
    "<http://ex/a> <http://p> '''it''''s''' , ",  # a long string that ends at the first '''
])
def test_what_is_not_a_comment_or_string_hides_nothing(hiding_place: str) -> None:
    levels = MAX_NESTING + 1
    message, _ = refusal(hiding_place + "<<( <http://a> <http://p> " * levels + "1" + " )>>" * levels + " .",
                         "turtle")
    assert "levels" in message or "not closed" in message


def test_an_unclosed_string_is_refused() -> None:
    assert "not closed" in refusal('<http://a> <http://p> "abc\n' + "<<" * (MAX_NESTING + 1), "turtle")[0]


# Generated documents: the scanners read them as the parsers do.
_LITERAL_TEXT = st.text(st.sampled_from(list("ab <>{}[]#'\"\\\n")), max_size=12)


@st.composite
def turtle_with_triple_terms(draw: st.DrawFn) -> tuple[str, int]:
    """A Turtle document of nested triple terms with tricky literals and comments, and its true depth."""
    depth = draw(st.integers(0, 8))
    parts, deepest = ["@prefix ex: <http://ex/a/> .\n"], 0
    for _ in range(draw(st.integers(1, 4))):
        levels = draw(st.integers(0, depth))
        deepest = max(deepest, levels)
        short = json.dumps(draw(_LITERAL_TEXT))
        long = '"""' + draw(_LITERAL_TEXT).replace("\\", "\\\\").replace('"', '\\"') + '"""'  # not in triple terms:
        comment = "# " + draw(_LITERAL_TEXT).replace("\n", " ").replace("\r", " ") + "\n"  # the engine refuses them
        subject = draw(st.sampled_from(["<http://ex/s#x>", "ex:s\\#x", "_:b", "ex:s"]))
        parts.append(f"{subject} ex:p " + "<<( ex:s ex:p " * levels + short + " )>>" * levels
                     + f" ; ex:q {long} . {comment}")
    return "".join(parts), deepest


@settings(max_examples=150, deadline=None)
@given(turtle_with_triple_terms())
def test_turtle_depth_is_the_parsers(document: tuple[str, int]) -> None:
    text, deepest = document
    parse_quads(text, "text/turtle")  # valid: the generator writes what the parser reads
    padded = text + "# " + "<<" * MAX_NESTING + "\n"  # past the count, so the scanner runs
    assert _triple_term_depth(padded.encode(), "test") == deepest


_JSON = st.recursive(
    st.text(st.sampled_from(list('ab[]{}"\\')), max_size=8) | st.integers(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=20)


def json_depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(json_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(json_depth, value.values()), default=0)
    return 0


@settings(max_examples=150, deadline=None)
@given(_JSON)
def test_json_depth_is_the_documents(value: object) -> None:
    padded = json.dumps([value, "[" * MAX_NESTING])  # past the count, so the scanner runs
    assert _json_depth(padded.encode()) == 1 + json_depth(value)


# Linear time: the screen of each shape, from 1 KB to 10 MB.
SHAPES: dict[str, tuple[str, Callable[[int], bytes]]] = {
    "rdfxml elements": ("rdfxml", lambda n: f"<rdf:RDF {RDF}>".encode() + (
        b'<rdf:Description rdf:about="urn:x" ex:t="/>"><ex:p><![CDATA[<a>]]></ex:p><!-- <b> --></rdf:Description>'
        * (n // 100)) + b"</rdf:RDF>"),
    "rdfxml unclosed comment": ("rdfxml", lambda n: b"<r><!-- " + b"a <b> " * (n // 6)),
    "rdfxml entity references": ("rdfxml", lambda n: b'<!DOCTYPE r [<!ENTITY e "x">]><r>' + b"&e;" * (n // 3)
                                 + b"</r>"),
    "jsonld strings": ("jsonld", lambda n: b"[" * 100 + b'"\\"[", ' * (n // 6) + b"1" + b"]" * 100),
    "jsonld unclosed string": ("jsonld", lambda n: b'["' + b'\\"[' * (n // 3)),
    "turtle triple terms": ("turtle", lambda n: b"<http://a> <http://p> <<( <http://a> <http://p> 1 )>> .\n"
                            * (n // 56)),
    "turtle unclosed strings": ("turtle", lambda n: b'"\n' * (n // 2) + b"<<" * (MAX_NESTING + 1)),
    "turtle comments and strings": ("turtle", lambda n: b'# <<\n<http://a#x> <http://p> "<<#" .\n' * (n // 36)),
}
SIZES = [1_000, 10_000, 100_000, 1_000_000, 10_000_000]


def screening_seconds(format_name: str, data: bytes, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        with contextlib.suppress(LoadError):
            screen_payload(data, format_name)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@pytest.mark.parametrize("shape", list(SHAPES))
def test_screening_time_grows_linearly(shape: str) -> None:
    """Ten times the bytes takes about ten times as long (at most 30): a quadratic scan would take 100."""
    format_name, make = SHAPES[shape]
    seconds = {size: screening_seconds(format_name, make(size), 5 if size < SIZES[-1] else 3) for size in SIZES}
    for small, large in itertools.pairwise(SIZES):
        if seconds[small] > 0.01:  # below, the fixed costs of a call and the machine's noise dominate
            assert seconds[large] / seconds[small] < 30, (shape, seconds)
    assert seconds[SIZES[-1]] / max(seconds[SIZES[-2]], 0.01) < 30, (shape, seconds)


# Both stores parse payloads through the screen.
def test_the_remote_store_screens_before_it_sends_anything() -> None:
    store = RemoteStore("http://127.0.0.1:9/query", update_url="http://127.0.0.1:9/update")  # nothing listens
    try:
        with pytest.raises(LoadError, match="levels"):
            store.load_data(nested_triple_terms(20_000), "text/turtle", graph="http://g")
        with pytest.raises(LoadError, match="levels"):
            store.replace_graph("http://g", nested_rdfxml(60_000), "application/rdf+xml")
    finally:
        store.close()


def test_the_screened_parse_gives_the_engines_quads() -> None:
    text = '<http://a> <http://b> "c" <http://g> .\n'
    assert parse_quads(text, "application/n-quads") == list(ox.parse(text, format=ox.RdfFormat.N_QUADS))
    with pytest.raises(LoadError, match="request body:1"):
        parse_quads("<http://a> <http://b> .", "text/turtle")


def test_one_token_longer_than_a_chunk_is_refused_but_long_text_is_not() -> None:
    """Expat re-reads a token cut by the end of its input: a comment longer than a chunk would cost
    time quadratic in its length, so it is refused; text is read in pieces, so a long literal is fine."""
    comment = b"<r><!-- " + b"a" * (3 * XML_CHUNK) + b" --></r>"
    assert "longer than" in refusal(comment, "rdfxml")[0]
    literal = (f'<rdf:RDF {RDF}><rdf:Description rdf:about="urn:a"><ex:p>'.encode() + b"a <b>" * XML_CHUNK
               + b"</ex:p></rdf:Description></rdf:RDF>").replace(b"<b>", b"&lt;b&gt;")
    [triple] = parse_triples(literal, "application/rdf+xml")
    assert len(triple.object.value) == 5 * XML_CHUNK
