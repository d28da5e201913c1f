"""The SPARQL 1.1 terminals, scanned in linear time exactly as the engine (pyoxigraph 0.5) reads them.

pyoxigraph's parser is scannerless (a PEG over characters), so which terminal a piece of text is
depends on where it stands: ``<`` opens an IRI where a term is expected and is the less-than
operator where an operator is; a keyword matches its letters case-insensitively without a word
boundary (``SERVICE:x`` is ``SERVICE`` then ``:x``). So this module offers one scanner per terminal,
each called by the parser at the position where the grammar expects it (``scan_iriref(text, pos)``
…), and :func:`tokenize` for a context-free reading of a whole text (terms where the engine would
read terms), used for inspection and tests.

Every scanner is a hand-written loop over ``str`` methods (no regular expression: Python's ``re``
backtracks), touches each character a bounded number of times, and never scans past the first
character its terminal cannot contain. Escapes are processed as the engine does without its
``standard-unicode-escaping`` feature: ``\\uXXXX`` and ``\\UXXXXXXXX`` only inside IRIs and strings
(``LIM\\u0049T`` is no keyword; ``<http://x/\\u0041#>`` is the IRI ``http://x/A#``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from kg.errors import QuerySyntaxError
from kg.sparql.chars import (
    DIGITS,
    LETTERS,
    SPACE,
    is_hex,
    scan_blank_label,
    scan_langtag,
    scan_local,
    scan_prefix,
    scan_varname,
    span,
    unescape_local,
    word_end,
)

_STRING_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
# Characters no IRI may hold (oxiri refuses them anywhere): an IRI reference ends there, invalid.
_NOT_IN_IRI = frozenset('<"{}|^`') | frozenset(chr(c) for c in [*range(0x21), *range(0x7F, 0xA0)])
_ONE_DIGIT = tuple(DIGITS)  # 1-character strings only ("" is in every str)
_NUMBER_GOES_ON = (".", "e", "E")
_IRI_ASCII = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '<>"{}|^`\\')  # read in runs


def skip_space(text: str, pos: int) -> int:
    """The position after the whitespace and comments at ``pos`` (the grammar's ``_``)."""
    end = len(text)
    while pos < end:
        char = text[pos]
        if char in SPACE:
            pos += 1
            if pos < end and text[pos] in SPACE:
                pos = span(text, pos, SPACE)
        elif char == "#":
            newline = text.find("\n", pos)
            line_end = end if newline < 0 else newline
            carriage = text.find("\r", pos, line_end)
            pos = line_end if carriage < 0 else carriage
        else:
            return pos
    return pos


def skip_blank(text: str, pos: int) -> int:
    """The position after plain whitespace (no comments), as inside ``()`` and ``[]``."""
    return span(text, pos, SPACE)


def _code_point(text: str, pos: int, count: int) -> str | None:
    """The character of the ``count`` hex digits at ``pos`` (None for a surrogate or beyond U+10FFFF)."""
    code = int(text[pos:pos + count], 16)
    return None if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else chr(code)


class ScanError(ValueError):
    """A terminal that starts well but is malformed; ``pos`` is where, ``reason`` what the engine says."""

    def __init__(self, pos: int, reason: str) -> None:
        super().__init__(reason)
        self.pos = pos
        self.reason = reason


def scan_iriref(text: str, pos: int) -> tuple[int, str]:
    """``<…>`` at ``pos`` (after the ``<``): its end and its unescaped value; ScanError if malformed.

    The engine reads everything up to the next ``>`` and then parses it as an IRI; a character no IRI
    may hold makes that fail, so the scan stops there. The value is not yet checked as an IRI (the
    parser resolves it against the base first).
    """
    close = text.find(">", pos + 1, pos + 258)  # most IRIs: short, plain ASCII, read at once
    if close > 0 and not (value := text[pos + 1:close]).strip(_IRI_ASCII):
        return close + 1, value
    start, end, pieces = pos + 1, len(text), []
    cursor = start
    while cursor < end:
        cursor = span(text, cursor, _IRI_ASCII)
        char = text[cursor:cursor + 1]
        if char == ">":
            pieces.append(text[start:cursor])
            return cursor + 1, "".join(pieces)
        if char == "\\":
            kind = text[cursor + 1:cursor + 2]
            size = 4 if kind == "u" else 8 if kind == "U" else 0
            if not size:
                raise ScanError(cursor, "IRIs are only allowed to contain escape sequences \\uXXXX and \\UXXXXXXXX")
            if not is_hex(text, cursor + 2, size) or (decoded := _code_point(text, cursor + 2, size)) is None:
                raise ScanError(cursor, "\\u escape sequence should be followed by hexadecimal digits")
            pieces += [text[start:cursor], decoded]
            cursor = start = cursor + 2 + size
        elif char and char not in _NOT_IN_IRI:
            cursor += 1  # a character outside ASCII
        else:
            raise ScanError(cursor, "IRI parsing failed")
    raise ScanError(end, "IRI parsing failed")


def scan_number(text: str, pos: int) -> tuple[int, str] | None:
    """An unsigned DOUBLE, DECIMAL or INTEGER at ``pos`` (tried in that order): end and kind."""
    digits = pos
    if text[pos:pos + 1] in _ONE_DIGIT:
        digits = pos + 1
        if text[digits:digits + 1] in _ONE_DIGIT:
            digits = span(text, digits, DIGITS)
        if text[digits:digits + 1] not in _NUMBER_GOES_ON:
            return digits, "integer"
    fraction = digits
    if text[digits:digits + 1] == ".":
        fraction = span(text, digits + 1, DIGITS)
    mantissa = fraction if (digits > pos or fraction > digits + 1) else pos
    if mantissa > pos and text[mantissa:mantissa + 1] in ("e", "E"):
        exponent = mantissa + 1 + (text[mantissa + 1:mantissa + 2] in ("+", "-"))
        after = span(text, exponent, DIGITS)
        if after > exponent:
            return after, "double"
    if fraction > digits + 1:
        return fraction, "decimal"
    if digits > pos:
        return digits, "integer"
    return None


def scan_string(text: str, pos: int) -> tuple[int, str]:
    """A string literal at ``pos`` (its opening quote): its end and unescaped value; ScanError if malformed.

    A long string (three quotes) that does not close is read as the engine reads it then: an empty
    short string followed by a quote.
    """
    if text.startswith(text[pos] * 3, pos):
        try:
            return _scan_string(text, pos, long=True)
        except ScanError:
            pass
    return _scan_string(text, pos, long=False)


def _scan_string(text: str, pos: int, *, long: bool) -> tuple[int, str]:
    quote = text[pos]
    start = cursor = pos + (3 if long else 1)
    closing = quote * 3 if long else quote
    pieces: list[str] = []
    close = -1
    while True:
        if close < cursor:  # found again only when an escape took the one found before
            close = text.find(closing, cursor)
            if close < 0:
                raise ScanError(len(text), "unterminated string")
        slash = text.find("\\", cursor, close)
        stop = close if slash < 0 else slash
        if not long:
            for breaker in "\n\r":
                found = text.find(breaker, cursor, stop)
                if found >= 0:
                    raise ScanError(found, "line break in a string (use \\n)")
        if slash < 0:
            pieces.append(text[start:close])
            return close + len(closing), "".join(pieces)
        kind = text[slash + 1:slash + 2]
        if kind in _STRING_ESCAPES:
            decoded, cursor = _STRING_ESCAPES[kind], slash + 2
        elif kind in ("u", "U"):
            size = 4 if kind == "u" else 8
            if not is_hex(text, slash + 2, size) or (decoded := _code_point(text, slash + 2, size)) is None:
                raise ScanError(slash, "\\u escape sequence should be followed by hexadecimal digits")
            cursor = slash + 2 + size
        else:
            raise ScanError(slash, "The character that can be escaped in strings are tbnrf\"'\\")
        pieces += [text[start:slash], decoded]
        start = cursor


def keyword_at(text: str, pos: int, keyword: str) -> bool:
    """Whether ``keyword`` (upper case) is at ``pos``, in any ASCII letter case, whatever follows it."""
    piece = text[pos:pos + len(keyword)]
    return piece.isascii() and piece.upper() == keyword


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` (lines end at ``\\n``, as in the engine's messages)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


class Token(NamedTuple):
    """One terminal: its kind, the text as written, its value (unescaped, or the name) and where it is."""

    kind: str  # iri, pname, blank, variable, langtag, integer, decimal, double, string, word, punct
    raw: str
    value: str
    offset: int
    line: int
    column: int


_PUNCTUATION = ("^^", "<=", ">=", "!=", "&&", "||", "<<", ">>", "{", "}", "(", ")", "[", "]", ";", ",", ".", "+",
                "-", "*", "/", "|", "^", "!", "=", "<", ">", "?", "@", "~")


def tokenize(text: str) -> list[Token]:
    """The terminals of ``text`` read as the engine reads terms (keywords and names as ``word``).

    QuerySyntaxError at the first character that starts no terminal, or a malformed one.
    """
    return list(tokens(text))


def tokens(text: str) -> Iterator[Token]:
    """:func:`tokenize`, one token at a time (a long text's tokens need not all be held at once)."""
    count, rfind, length = text.count, text.rfind, len(text)
    pos, line, line_start, counted = skip_space(text, 0), 1, 0, 0
    while pos < length:
        if counted < pos and (newlines := count("\n", counted, pos)):
            line += newlines
            line_start = rfind("\n", counted, pos) + 1
        counted = pos
        char = text[pos]
        try:
            if char in _SINGLE:
                end, kind, value = pos + 1, "punct", char
            elif char in DIGITS:
                end, kind = scan_number(text, pos)  # type: ignore[misc]
                value = text[pos:end]
            else:
                kind, end, value = _terminal(text, pos)
        except ScanError as exc:
            line_number, column = line_column(text, exc.pos)
            raise QuerySyntaxError(f"{exc.reason} at line {line_number} column {column}") from exc
        yield Token(kind, text[pos:end], value, pos, line, pos - line_start + 1)
        pos = end
        if pos < length and text[pos] in SPACE_OR_COMMENT:
            pos = skip_space(text, pos)


_SINGLE = "{}()[];,*/~"  # punctuation no longer terminal starts with
SPACE_OR_COMMENT = SPACE + "#"


def _terminal(text: str, pos: int) -> tuple[str, int, str]:
    char = text[pos]
    if char == "<" and text[pos + 1:pos + 2] not in _NOT_IN_IRI and not text.startswith("<=", pos):
        try:
            end, value = scan_iriref(text, pos)
            return "iri", end, value
        except ScanError:
            pass  # less-than, as the engine reads it where an operator stands
    if char in "\"'":
        end, value = scan_string(text, pos)
        return "string", end, value
    if char in "?$" and (end := scan_varname(text, pos + 1)) > pos + 1:
        return "variable", end, text[pos + 1:end]
    if char == "_" and text.startswith("_:", pos):
        end = scan_blank_label(text, pos + 2)
        if end == pos + 2:
            raise ScanError(pos, "blank node label expected after _:")
        return "blank", end, text[pos + 2:end]
    if char == "@" and (end := scan_langtag(text, pos + 1)[1]) > pos + 1:
        return "langtag", end, text[pos + 1:end]
    if char in DIGITS or (char == "." and text[pos + 1:pos + 2].isdigit()):
        end, kind = scan_number(text, pos) or (pos + 1, "integer")
        return kind, end, text[pos:end]
    colon = scan_prefix(text, pos)
    if text.startswith(":", colon):
        end = scan_local(text, colon + 1)
        return "pname", end, text[pos:colon] + ":" + unescape_local(text[colon + 1:end])
    if char in LETTERS or char == "_":
        end = word_end(text, pos)
        return "word", end, text[pos:end]
    for mark in _PUNCTUATION:
        if text.startswith(mark, pos):
            return "punct", pos + len(mark), mark
    raise ScanError(pos, f"unexpected character {char!r}")
