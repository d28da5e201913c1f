"""Typed errors of the knowledge graph core.

    KgError
    ├── LoadError            a source could not be read or parsed (file, line, column)
    ├── QuerySyntaxError     a SPARQL query or update did not parse (line, column)
    │   └── QueryTooComplexError  it parses but is over a structural limit (depth, UNION branches, …)
    ├── QueryParameterError  a named-query parameter is missing or malformed
    ├── QueryEvaluationError the engine refused to evaluate a query that parses (an unknown function, …)
    ├── UnknownQueryError    no named query has that name
    ├── UnknownEntityError   a parameter names no entity (with suggestions)
    ├── UnknownChangeError   a change id the journal does not hold (GET /changes?after=…)
    ├── UnknownVersionError  a version (change id, release name or date) the journal cannot show
    ├── ShapesError          SHACL shapes could not be read or run
    ├── ValidationError      a write or build does not conform (carries the report)
    ├── ObservationError     rows of observations to load are refused (each with its row and reason)
    ├── ReasonerError        the OWL reasoner failed or is unavailable
    ├── QueryTimeoutError    a query ran past its time limit and was stopped
    │   └── WriteTimeoutError    a write ran past update_timeout and was stopped; nothing was applied
    ├── QueryResourceError   a query needed more memory, or its result more bytes, than the settings allow
    ├── ForbiddenOperationError  an operation the settings forbid (SERVICE, LOAD, …)
    ├── UpdateError          a SPARQL Update parsed but could not be applied (CREATE of an existing graph, …)
    ├── IngestError          a document to ingest cannot be read, or its --id is not a slug
    └── StoreError           the store could not be opened, read or written
        ├── RemoteUnavailableError  the remote SPARQL engine cannot be reached (HTTP 503)
        └── UnsupportedStoreOperationError  the store's backend cannot offer the operation (a remote engine
                                 has no pyoxigraph in this process)

Engine exceptions are translated once, where they are raised (``raise … from exc``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXCERPT_CHARS = 200  # what an error message may quote of an input
_POSITIONS = (
    re.compile(r"line\s*(\d+)\D+?column\s*(\d+)", re.IGNORECASE),  # "line 3 column 11"
    re.compile(r"\bat\s+(\d+):(\d+)"),  # "error at 1:25"
)


def find_position(message: str) -> tuple[int | None, int | None]:
    """Line and column named in an engine message, if any (both 1-based as the engine gives them)."""
    for pattern in _POSITIONS:
        match = pattern.search(message)
        if match is not None:
            return int(match.group(1)), int(match.group(2))
    return None, None


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """At most ``limit`` characters of ``text``, then "…": what a message may quote of an input."""
    return text if len(text) <= limit else text[:limit] + "…"


def shorten(message: str, limit: int = EXCERPT_CHARS) -> str:
    """A message fit to send back: each run without a space cut to an excerpt, the whole to three.

    Parsers quote the token they stopped at, which can be a whole uploaded or fetched document.
    """
    return excerpt(" ".join(excerpt(word, limit) for word in message.split(" ")), 3 * limit)


class KgError(Exception):
    """Root of every error the core raises on purpose."""


class LoadError(KgError):
    """A source file or payload could not be parsed."""

    def __init__(self, source: Path | str, message: str) -> None:
        self.source = str(source)
        self.message = message.strip()
        self.line, self.column = find_position(self.message)
        super().__init__(self.describe())

    def describe(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.message}"


class QuerySyntaxError(KgError):
    """A SPARQL query or update does not parse."""

    def __init__(self, message: str) -> None:
        self.message = message.strip()
        self.line, self.column = find_position(self.message)
        super().__init__(self.message)


class QueryTooComplexError(QuerySyntaxError):
    """A query or update over one of the structural limits of kg.sparql.limits; names the limit's setting."""

    def __init__(self, what: str, setting: str, maximum: int) -> None:
        self.setting = setting
        self.maximum = maximum
        super().__init__(f"the text is too complex: {what}; at most {maximum} are accepted (setting {setting})")


class QueryParameterError(KgError):
    """A parameter of a named query is missing, unknown or of the wrong type."""


class QueryEvaluationError(KgError):
    """The engine parsed a query but refused to evaluate it (e.g. an extension function it does not know)."""


class UnknownQueryError(KgError):
    """No named query of that name exists."""


@dataclass(frozen=True)
class EntitySuggestion:
    """A real near match for a name that matched nothing: its label, IRI, kind and the parameter value
    that selects it."""

    label: str
    iri: str
    value: str
    kind: str = ""


class UnknownEntityError(KgError):
    """A parameter value names no entity; ``suggestions`` holds the closest entities, ``reason`` why
    nothing was chosen when something was found (a kind the parameter does not take, too many matches)."""

    def __init__(self, value: str, suggestions: list[EntitySuggestion] | None = None,
                 reason: str | None = None) -> None:
        self.value = value
        self.suggestions = suggestions or []
        self.reason = reason
        self.parameter: str | None = None  # the named-query parameter given the value, once known
        hint = f" (did you mean: {', '.join(s.label for s in self.suggestions)})" if self.suggestions else ""
        super().__init__(f"{reason or f'no entity named {value!r}'}{hint}")


class UnknownChangeError(KgError):
    """A change id (``H id`` of a journal transaction) that the journal does not hold."""

    def __init__(self, id: str) -> None:
        self.id = id
        super().__init__(f"the journal holds no change {id!r} (ids are the `H id` of the feed's transactions)")


class UnknownVersionError(KgError):
    """A version asked for (``?version=`` a change id or release name, ``?asOf=`` a date) that the journal
    cannot show: unknown, or a date before the first publication."""

    def __init__(self, message: str, asked: str = "") -> None:
        self.asked = asked
        super().__init__(message)


class ShapesError(KgError):
    """SHACL shapes could not be read or run."""


class ValidationError(KgError):
    """Data does not conform to the shapes; ``report`` is the ValidationReport."""

    def __init__(self, report: Any, message: str = "the data does not conform to the SHACL shapes") -> None:
        self.report = report
        super().__init__(message)


@dataclass(frozen=True)
class RowProblem:
    """Why one row (1 = the first row after the header; None for a JSON-LD node) of a load is refused."""

    row: int | None
    reason: str
    line: int | None = None  # the line of the file the row starts on
    column: str | None = None  # the column at fault
    node: str | None = None  # the node of a JSON-LD payload


class ObservationError(KgError):
    """Observations to load are refused, all of them (the load is all or nothing); ``problems`` says why."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        first = problems[0]
        where = f"row {first.row}" if first.row is not None else (first.node or "the payload")
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"nothing was loaded: {where}: {first.reason}{more}")


class ReasonerError(KgError):
    """The OWL reasoner failed or is not available."""


class QueryTimeoutError(KgError):
    """A query exceeded its time limit and was stopped."""


class WriteTimeoutError(QueryTimeoutError):
    """A write (SPARQL Update, Graph Store PUT/POST/DELETE) ran past ``update_timeout``: it was stopped
    and nothing of it was applied."""


class QueryResourceError(KgError):
    """A query needed more than a resource limit allows (memory, result size); the message names the setting."""


class ForbiddenOperationError(KgError):
    """An operation that the settings do not allow (e.g. SERVICE or LOAD of a remote IRI)."""


class UpdateError(KgError):
    """A SPARQL Update that parses but cannot be applied as written (nothing of it is applied)."""


class IngestError(KgError):
    """A document given to ``kg ingest`` cannot be read (missing, empty, not UTF-8) or its id is not a slug."""


class StoreError(KgError):
    """The store could not be opened, read or written."""


class RemoteUnavailableError(StoreError):
    """The remote SPARQL engine is down, unreachable or overloaded (the API answers 503)."""


class UnsupportedStoreOperationError(StoreError):
    """The store's backend cannot offer the operation: a remote engine has no pyoxigraph in this process,
    and cannot remove a blank-node quad (its blank nodes cannot be named across requests)."""
