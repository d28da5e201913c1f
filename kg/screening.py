"""Screening SPARQL text before it reaches the engine: what kind of operation it is, and whether
it uses something the settings forbid (``SERVICE`` federation, ``LOAD <url>``).

The check works on SPARQL tokens, not on raw text: comments, string literals, IRIs, variables,
prefixed names and language tags are recognised first, so ``"SERVICE"`` in a string, ``# LOAD``
in a comment, ``?service`` or ``ex:load`` never count, while the keyword itself is found in any
letter case, anywhere (also inside subqueries and update ``WHERE`` clauses).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal as TypingLiteral

from kg.errors import ForbiddenOperationError, QueryParameterError, QuerySyntaxError
from kg.settings import Settings

QueryForm = TypingLiteral["select", "ask", "construct", "describe"]

_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                 |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<variable>[?$]\w+)
    | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<pname>[\w.\-]*:(?:[\w.:%\-]|\\.)*)
    | (?P<word>[A-Za-z_]\w*)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
MAX_NESTING = 128
_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_OPERATIONS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


@dataclass(frozen=True)
class Screening:
    """What the text is: its first operation keyword and every keyword it uses (upper case)."""

    first: str | None
    keywords: frozenset[str]
    depth: int = 0  # the deepest nesting of groups, brackets and parentheses

    @property
    def is_update(self) -> bool:
        return self.first in _UPDATE_OPERATIONS

    @property
    def form(self) -> QueryForm | None:
        """The query form (None for an update or text that is not SPARQL)."""
        return self.first.lower() if self.first in _QUERY_FORMS else None  # type: ignore[return-value]


def keywords(text: str) -> list[str]:
    """The bare words of SPARQL text (keywords and function names), upper-cased, in order."""
    return [m.group("word").upper() for m in _TOKEN.finditer(text) if m.lastgroup == "word"]


@lru_cache(maxsize=1024)
def screen(text: str) -> Screening:
    """Classify SPARQL text by its first operation keyword (cached: clients repeat their queries)."""
    words, depth, deepest = [], 0, 0
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "word":
            words.append(match.group("word").upper())
        elif match.lastgroup == "other":
            token = match.group()
            depth += 1 if token in "{([" else -1 if token in "})]" else 0
            deepest = max(deepest, depth)
    first = next((w for w in words if w in _QUERY_FORMS or w in _UPDATE_OPERATIONS), None)
    return Screening(first, frozenset(words), deepest)


def check_nesting(screening: Screening) -> None:
    """QuerySyntaxError for text nested deeper than :data:`MAX_NESTING` groups, brackets or parentheses.

    The engine's parser recurses on nesting: a few thousand ``{`` overflow its stack and kill the
    process (the server itself for updates, which are parsed in it). No real query comes close.
    """
    if screening.depth > MAX_NESTING:
        raise QuerySyntaxError(f"the text is nested {screening.depth} levels deep: at most {MAX_NESTING} "
                               "are accepted")


def screen_query(text: str, settings: Settings) -> Screening:
    """Refuse updates sent as queries and SERVICE unless allowed; the screening otherwise."""
    screening = screen(text)
    check_nesting(screening)
    if screening.is_update:
        raise QuerySyntaxError("this is a SPARQL Update: send it to the update endpoint (/update), not /sparql")
    _refuse_service(screening, settings)
    return screening


def screen_update(text: str, settings: Settings) -> Screening:
    """Refuse queries sent as updates, LOAD and SERVICE unless allowed; the screening otherwise."""
    screening = screen(text)
    check_nesting(screening)
    if screening.form is not None:
        raise QuerySyntaxError("this is a SPARQL query: send it to the query endpoint (/sparql), not /update")
    if "LOAD" in screening.keywords and not settings.allow_load:
        raise ForbiddenOperationError("LOAD is disabled on this server (setting allow_load)")
    _refuse_service(screening, settings)
    return screening


def _refuse_service(screening: Screening, settings: Settings) -> None:
    if "SERVICE" in screening.keywords and not settings.allow_service:
        raise ForbiddenOperationError("SERVICE (federated query) is disabled on this server (setting allow_service)")


_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.\-]*:[^<>"{}|^`\\\x00-\x20]*')


def valid_iri(text: str) -> bool:
    """Whether ``text`` can stand as an absolute IRI between angle brackets."""
    return _IRI.fullmatch(text) is not None


def with_using(text: str, graphs: list[str], named_graphs: list[str]) -> str:
    """The update with the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` as USING clauses.

    They set the dataset of every ``DELETE/INSERT … WHERE`` operation; an update that names its
    own dataset (USING, WITH) or uses the ``DELETE WHERE`` shorthand cannot take them (400).
    """
    if not graphs and not named_graphs:
        return text
    for iri in [*graphs, *named_graphs]:
        if not valid_iri(iri):
            raise QueryParameterError(f"not an absolute IRI: {iri!r}")
    clause = "".join(f"USING <{g}> " for g in graphs) + "".join(f"USING NAMED <{g}> " for g in named_graphs)
    pieces, depth, previous, start = [], 0, "", 0
    for match in _TOKEN.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind == "comment":
            continue
        word = token.upper() if kind == "word" else ""
        if depth == 0 and word in {"USING", "WITH"}:
            raise QueryParameterError(f"the update has its own {word} clause: it cannot also take using-graph-uri "
                                      "or using-named-graph-uri parameters")
        if depth == 0 and word == "WHERE":
            if previous == "DELETE":
                raise QueryParameterError("using-graph-uri cannot apply to the DELETE WHERE shorthand: "
                                          "write DELETE { … } WHERE { … }")
            pieces.append(text[start:match.start()] + clause)
            start = match.start()
        depth += {"{": 1, "}": -1}.get(token, 0) if kind == "other" else 0
        previous = word or token
    return "".join(pieces) + text[start:]
