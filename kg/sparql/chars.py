"""Character classes of the engine's SPARQL grammar, runs of them, and the name terminals built from
them: prefixes, local names, blank-node labels, variable names, language tags (its PN_CHARS_BASE
stops at U+FFFD, unlike the W3C grammar). Each scanner returns where its terminal ends, reading
ASCII runs at C speed (``str.lstrip`` on chunks) and other characters one by one.
"""

from __future__ import annotations

SPACE = " \t\r\n"  # the engine's whitespace; comments run from '#' to the end of the line
DIGITS = "0123456789"
HEX = "0123456789abcdefABCDEF"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_NAME_ASCII = LETTERS + DIGITS + "_"
_PN_CHARS_ASCII = _NAME_ASCII + "-"
_LOCAL_ESCAPES = "_~.-!$&'()*+,;=/?#@%"


def span(text: str, pos: int, chars: str) -> int:
    """The end of the run of ``chars`` (ASCII) starting at ``pos``.

    Read in chunks that double from 64 characters, so a short run costs little and a long one is
    stripped at C speed.
    """
    end, size = len(text), 64
    while pos < end:
        chunk = text[pos:pos + size]
        rest = chunk.lstrip(chars)
        pos += len(chunk) - len(rest)
        if rest:
            return pos
        size = min(size * 2, 65536)
    return pos


def is_hex(text: str, pos: int, count: int) -> bool:
    piece = text[pos:pos + count]
    return len(piece) == count and not piece.strip(HEX)


def is_name_start(char: str) -> bool:
    """PN_CHARS_BASE."""
    if char < "\x80":
        return char in LETTERS
    code = ord(char)
    return (0xC0 <= code <= 0xD6 or 0xD8 <= code <= 0xF6 or 0xF8 <= code <= 0x2FF or 0x370 <= code <= 0x37D
            or 0x37F <= code <= 0x1FFF or 0x200C <= code <= 0x200D or 0x2070 <= code <= 0x218F
            or 0x2C00 <= code <= 0x2FEF or 0x3001 <= code <= 0xD7FF or 0xF900 <= code <= 0xFDCF
            or 0xFDF0 <= code <= 0xFFFD)


def _is_name_extra(char: str) -> bool:
    """The non-ASCII characters PN_CHARS and VARNAME add to PN_CHARS_BASE."""
    code = ord(char)
    return code == 0xB7 or 0x300 <= code <= 0x36F or 0x203F <= code <= 0x2040


def _name_run(text: str, pos: int, ascii_chars: str) -> int:
    """End of a run of ``ascii_chars`` and of the non-ASCII name characters (PN_CHARS / VARNAME)."""
    end = len(text)
    while True:
        pos = span(text, pos, ascii_chars)
        if pos < end and text[pos] >= "\x80" and (is_name_start(text[pos]) or _is_name_extra(text[pos])):
            pos += 1
        else:
            return pos


def scan_prefix(text: str, pos: int) -> int:
    """End of PN_PREFIX at ``pos`` (``pos`` itself when there is none)."""
    if pos >= len(text) or not is_name_start(text[pos]):
        return pos
    cursor = _name_run(text, pos + 1, _PN_CHARS_ASCII)
    while text.startswith(".", cursor):
        dots = span(text, cursor, ".")
        after = _name_run(text, dots, _PN_CHARS_ASCII)
        if after == dots:
            break
        cursor = after
    return cursor


def _local_part(text: str, pos: int) -> int:
    """End of a run of PN_CHARS, ':' and PLX (percent escapes, backslash escapes)."""
    end = len(text)
    while True:
        pos = _name_run(text, pos, _PN_CHARS_ASCII + ":")
        if pos < end and text[pos] == "%" and is_hex(text, pos + 1, 2):
            pos += 3
        elif pos + 1 < end and text[pos] == "\\" and text[pos + 1] in _LOCAL_ESCAPES:
            pos += 2
        else:
            return pos


def scan_local(text: str, pos: int) -> int:
    """End of PN_LOCAL at ``pos`` as the engine reads it (one trailing ``.``-group at most); ``pos`` if none."""
    if pos >= len(text):
        return pos
    char = text[pos]
    if char in _NAME_ASCII or char == ":" or (char >= "\x80" and is_name_start(char)):
        cursor = pos + 1
    elif char == "%" and is_hex(text, pos + 1, 2):
        cursor = pos + 3
    elif char == "\\" and text[pos + 1:pos + 2] and text[pos + 1] in _LOCAL_ESCAPES:
        cursor = pos + 2
    else:
        return pos
    cursor = _local_part(text, cursor)
    if text.startswith(".", cursor):
        dots = span(text, cursor, ".")
        after = _local_part(text, dots)
        if after > dots:
            cursor = after
    return cursor


def unescape_local(raw: str) -> str:
    """A PN_LOCAL's text without its backslashes (percent escapes stay, as the engine keeps them)."""
    return raw.replace("\\", "") if "\\" in raw else raw


def scan_blank_label(text: str, pos: int) -> int:
    """End of BLANK_NODE_LABEL's name at ``pos`` (after ``_:``); ``pos`` if none."""
    if pos >= len(text):
        return pos
    char = text[pos]
    if not (char in _NAME_ASCII or (char >= "\x80" and is_name_start(char))):
        return pos
    cursor = _name_run(text, pos + 1, _PN_CHARS_ASCII)
    while text.startswith(".", cursor):
        dots = span(text, cursor, ".")
        after = _name_run(text, dots, _PN_CHARS_ASCII)
        if after == dots:
            break
        cursor = after
    return cursor


def scan_varname(text: str, pos: int) -> int:
    """End of VARNAME at ``pos`` (after ``?`` or ``$``); ``pos`` if none."""
    if pos >= len(text):
        return pos
    char = text[pos]
    if not (char in _NAME_ASCII or (char >= "\x80" and is_name_start(char))):
        return pos
    return _name_run(text, pos + 1, _NAME_ASCII)


def scan_langtag(text: str, pos: int) -> tuple[int, int]:
    """``@tag`` at ``pos`` (after the ``@``): the end of the tag, and of an RDF 1.2 ``--dir`` (same if none)."""
    cursor = span(text, pos, LETTERS)
    if cursor == pos:
        return pos, pos
    while text.startswith("-", cursor):
        after = span(text, cursor + 1, LETTERS + DIGITS)
        if after == cursor + 1:
            break
        cursor = after
    direction = cursor
    if text.startswith("--", cursor):
        after = span(text, cursor + 2, LETTERS)
        if after > cursor + 2:
            direction = after
    return cursor, direction


def word_end(text: str, pos: int) -> int:
    """End of the run of ASCII letters, digits and ``_`` at ``pos`` (a built-in function's name)."""
    return span(text, pos, _NAME_ASCII)
