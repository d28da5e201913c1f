"""Lexing and screening time grow linearly with the text, on the worst inputs we could build.

The review's D2 was a tokenizer quadratic on runs of digits (a 60 KB query froze the server for
13 s). Here each input is lexed (every token) and screened (parsed) at growing sizes, and the time
of each size is compared with the one before it, side by side: linear growth multiplies the time
by the size ratio, quadratic by its square. The margins are generous (3× the size ratio, the fastest
of five runs, a pair over the margin measured again twice: a shared machine's noise hits one run, a
quadratic scanner every run); no absolute time is asserted. Inputs that cost under 0.05 s a megabyte are measured up
to 10 MB; the token-dense ones up to 400 KB, and to 10 MB with KG_LONG_TESTS=1.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from itertools import pairwise

import pytest

from kg.errors import QuerySyntaxError
from kg.settings import load_settings
from kg.sparql import screening
from kg.sparql.lexer import tokens
from kg.sparql.screening import screen_query

SETTINGS = load_settings(environ={})
LONG = os.environ.get("KG_LONG_TESTS") == "1"
MB = 1_000_000
CHEAP: dict[str, Callable[[int], str]] = {  # under 0.05 s a megabyte: measured to 10 MB
    "a run of digits (the review's D2)": lambda n: "ASK {} " + "1" * n,
    "digits in a prefixed name": lambda n: "ASK { ?s ?p ex:" + "1" * n + " }",
    "a long string": lambda n: 'ASK { ?s ?p "' + "a" * n + '" }',
    "a long string of quotes": lambda n: "ASK { ?s ?p '''" + "a''" * (n // 3) + "''' }",
    "an unterminated string": lambda n: 'ASK { ?s ?p "' + "a" * n,
    "an unterminated IRI": lambda n: "ASK { ?s ?p <http://x/" + "a" * n,
    "whitespace": lambda n: "ASK {" + " " * n + "}",
}
DENSE: dict[str, Callable[[int], str]] = {  # a token every few characters
    "many comments": lambda n: "ASK {} " + "#x\n" * (n // 3),
    "escapes in a string": lambda n: 'ASK { ?s ?p "' + "\\n" * (n // 2) + '" }',
    "escapes in an IRI": lambda n: "ASK { ?s ?p <http://x/" + "\\u0041" * (n // 6) + "> }",
    "an unterminated long string": lambda n: 'ASK { ?s ?p """' + 'a"' * (n // 2),
    "digits and dots": lambda n: "ASK {} " + "1." * (n // 2),
    "less-than signs": lambda n: "ASK { FILTER(1 " + "< " * (n // 2) + ") }",
    "open brackets": lambda n: "ASK { FILTER(" + "(" * n + " }",
    "VALUES of IRIs": lambda n: "SELECT * { VALUES ?x { " + "<http://example.org/a> " * (n // 23) + "} }",
    "VALUES of numbers": lambda n: "SELECT * { VALUES ?x { " + "1 2.5 " * (n // 6) + "} }",
    "one-character tokens": lambda n: "ASK { FILTER(" + "1+" * (n // 2) + "1) }",
}


def lex_and_screen(text: str) -> None:
    with contextlib.suppress(QuerySyntaxError):
        for _ in tokens(text):
            pass
    screening._CACHE.clear()  # measure the work, not the cache of short texts
    with contextlib.suppress(QuerySyntaxError):
        screen_query(text, SETTINGS)


def fastest_time(text: str) -> float:
    """The fastest of five runs: the input's own cost, with the least of the machine's noise."""
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        lex_and_screen(text)
        runs.append(time.perf_counter() - started)
    return max(min(runs), 1e-4)  # below 0.1 ms the clock says little


def assert_linear(make: Callable[[int], str], sizes: list[int]) -> None:
    texts = {size: make(size) for size in sizes}
    times = {size: fastest_time(texts[size]) for size in sizes}
    for small, large in pairwise(sizes):
        for _ in range(2):  # over the margin: measure the pair again (noise passes, quadratic growth stays)
            if times[large] / times[small] < 3 * large / small:
                break
            times[small], times[large] = fastest_time(texts[small]), fastest_time(texts[large])
        t_small, t_large = times[small], times[large]
        assert t_large / t_small < 3 * large / small, (
            f"{small:,} → {large:,} characters: {t_small:.4f} s → {t_large:.4f} s "
            f"(linear allows {3 * large / small:.0f}×, quadratic would be {(large / small) ** 2:.0f}×)")


@pytest.mark.parametrize("name", CHEAP)
def test_cheap_inputs_grow_linearly_to_ten_megabytes(name: str) -> None:
    assert_linear(CHEAP[name], [1_000, 100_000, MB, 10 * MB])


@pytest.mark.parametrize("name", DENSE)
def test_dense_inputs_grow_linearly(name: str) -> None:
    assert_linear(DENSE[name], [1_000, 100_000, MB, 10 * MB] if LONG else [1_000, 20_000, 400_000])
