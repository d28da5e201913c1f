"""The lexer: SPARQL 1.1 terminals as pyoxigraph reads them, with kind, raw text, value and position."""

from __future__ import annotations

import pytest

from kg.errors import QuerySyntaxError
from kg.sparql import lexer
from kg.sparql.lexer import ScanError, Token, tokenize, tokens


def test_tokens_carry_kind_raw_text_value_offset_line_and_column() -> None:
    text = 'PREFIX ex: <http://e/>\nSELECT ?x WHERE {\n  ?x ex:p "a\\tb"@en , 1.5e3 . # done\n}'
    found = tokenize(text)
    assert [t.kind for t in found] == ["word", "pname", "iri", "word", "variable", "word", "punct", "variable", "pname",
                                       "string", "langtag", "punct", "double", "punct", "punct"]
    assert found[2] == Token("iri", "<http://e/>", "http://e/", 11, 1, 12)
    assert found[9] == Token("string", '"a\\tb"', "a\tb", 51, 3, 11)
    assert found[-1].line == 4 and found[-1].column == 1


def test_unicode_escapes_are_processed_in_iris_and_strings_only() -> None:
    iri, string, emoji = tokenize('<http://x/\\u0041#> "a\\u0022" \'\\U0001F600\'')
    assert (iri.kind, iri.value) == ("iri", "http://x/A#")  # the '#' is part of the IRI, not a comment
    assert (string.value, emoji.value) == ('a"', "😀")
    with pytest.raises(QuerySyntaxError, match="unexpected character"):
        tokenize("LIM\\u0049T 1")  # no keyword: the engine reads escapes nowhere else either
    for bad in ('"\\uD800"', '"\\u00G1"', '"\\q"', "<http://x/\\uD800>", "<http://x/\\t>"):
        with pytest.raises(QuerySyntaxError):
            tokenize(bad)


def test_less_than_is_an_iri_only_when_an_iri_can_follow() -> None:
    assert [t.kind for t in tokenize("?a<?b&&?c>?d")] == ["variable", "iri", "variable"]  # in term position
    assert [t.value for t in tokenize("?a < ?b")] == ["a", "<", "b"]
    assert [t.value for t in tokenize("<<( <http://a> )>>")][:3] == ["<<", "(", "http://a"]
    assert [t.kind for t in tokenize("<http://x/ a>")][:2] == ["punct", "pname"]


def test_comments_run_to_the_end_of_the_line_and_strings_keep_theirs() -> None:
    assert [t.value for t in tokenize("a # b\r c # d\n e '# f'")] == ["a", "c", "e", "# f"]
    assert [t.kind for t in tokenize('"""a\n"b""c"""')] == ["string"]
    assert tokenize('"""abc"')[0].value == ""  # an unclosed long string is an empty one, then a quote (as the engine)


@pytest.mark.parametrize(("text", "kinds"), [
    ("ex:a.b.c", ["pname", "punct", "word"]),  # one dot-group at the end of a local name, as the engine
    ("ex:a..b", ["pname"]), ("_:a.b.c", ["blank"]), ("1.e5 .5 1. 1.5e", ["double", "decimal", "integer", "punct",
                                                                       "decimal", "word"]),
    ("?x·y $1 ?", ["variable", "variable", "punct"]), ("@en-GB--ltr", ["langtag"]), (":", ["pname"]),
    ("SERVICE:x", ["pname"]),  # read as a term; the parser reads the keyword where the grammar has it
    ("é:ü", ["pname"]), ("\ufffd:x", ["pname"]),
])
def test_names_numbers_and_tags_end_where_the_engine_ends_them(text: str, kinds: list[str]) -> None:
    assert [t.kind for t in tokenize(text)] == kinds


def test_scanners_stop_at_the_first_character_their_terminal_cannot_hold() -> None:
    text = "<http://x/ " + "a" * 10_000 + ">"
    with pytest.raises(ScanError) as caught:
        lexer.scan_iriref(text, 0)
    assert caught.value.pos == 10  # the space, not the far '>'
    assert lexer.scan_number("1" * 5000 + "x", 0) == (5000, "integer")
    assert lexer.keyword_at("sErViCe:x", 0, "SERVICE") and not lexer.keyword_at("SERVİCE", 0, "SERVICE")
    assert lexer.skip_space("  # c\n\t x", 0) == 8


def test_tokens_are_read_lazily() -> None:
    stream = tokens("ASK {} " + "x" * 100 + " \\")
    assert next(stream).value == "ASK"  # the bad character at the end is not read yet
    with pytest.raises(QuerySyntaxError):
        list(stream)
