"""Screening uploaded RDF before it reaches the parser: bounded nesting and entity expansion.

The parsers run in the server process and recurse on nesting: a JSON-LD document of a few thousand
nested objects, or RDF/XML of tens of thousands of nested elements, overflows the stack and kills
the server. :func:`screen_payload` refuses JSON-LD and RDF/XML nested deeper than
:data:`MAX_NESTING` (Turtle and N-Triples parsers do not recurse). SPARQL text is bounded the same
way in :mod:`kg.screening`.

RDF/XML entities. The parser expands internal DTD entities, nested ones included, so a few hundred bytes
declaring entities of entities ("billion laughs") would expand to gigabytes in memory. Entities
themselves are legitimate (Protégé writes ``<!ENTITY owl "http://www.w3.org/2002/07/owl#">`` for
namespaces), so they are kept, with three rules:

- no external or parameter entities (``SYSTEM``, ``PUBLIC``, ``<!ENTITY % …>``): nothing is ever
  read from a file or fetched from an address a client chose;
- no entity whose value refers to another entity (the nesting that makes expansion exponential);
- the text all references expand to stays under :data:`MAX_EXPANDED_CHARS`.

A payload that breaks a rule is refused with :class:`LoadError` before any parsing.
"""

from __future__ import annotations

import re

from kg.errors import LoadError

MAX_EXPANDED_CHARS = 10_000_000
MAX_NESTING = 200
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")
_XML_SKIPPED = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.DOTALL)
_XML_TAG = re.compile(r"<(/?)[^<>]*?(/?)>")
_DECLARATION = re.compile(r"<!ENTITY\b")
_ENTITY = re.compile(r"""<!ENTITY\s+(?P<parameter>%\s+)?(?P<name>[^\s%"'<>]+)\s+"""
                     r"""(?:(?P<external>SYSTEM|PUBLIC)\b|"(?P<double>[^"]*)"|'(?P<single>[^']*)')""")
_REFERENCE = re.compile(r"&([A-Za-z_:][\w.:-]*);")
_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})


def screen_payload(data: bytes | str, format_name: str, source: str = "request body") -> None:
    """LoadError for a payload the parser cannot take safely (by the format's name in kg.formats)."""
    if format_name == "jsonld":
        _check_depth(_json_depth(_text(data)), source)
    elif format_name == "rdfxml":
        text = _text(data)
        deepest, unclosed = _xml_depth(text)
        _check_depth(deepest, source)
        if unclosed:
            raise LoadError(source, f"the XML document ends with {unclosed} element(s) not closed")
        screen_rdfxml(text, source)


def _text(data: bytes | str) -> str:
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data


def _check_depth(depth: int, source: str) -> None:
    if depth > MAX_NESTING:
        raise LoadError(source, f"nested {depth} levels deep: at most {MAX_NESTING} levels are accepted")


def _json_depth(text: str) -> int:
    depth = deepest = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _xml_depth(text: str) -> tuple[int, int]:
    """The deepest element nesting, and how many elements are still open at the end."""
    depth = deepest = 0
    for closing, empty in _XML_TAG.findall(_XML_SKIPPED.sub("", text)):
        if closing:
            depth -= 1
        elif not empty:
            depth += 1
            deepest = max(deepest, depth)
    return deepest, max(depth, 0)


def screen_rdfxml(data: bytes | str, source: str = "request body") -> None:
    """Refuse RDF/XML whose entities are external, nested, or would expand past the limit."""
    text = _text(data)
    if _DECLARATION.search(text) is None:
        return
    declarations = list(_ENTITY.finditer(text))
    if len(declarations) != len(_DECLARATION.findall(text)):
        raise LoadError(source, "an <!ENTITY> declaration could not be read: only internal entities with a "
                                "quoted value are accepted")
    values: dict[str, str] = {}
    for declaration in declarations:
        name = declaration.group("name")
        if declaration.group("parameter") or declaration.group("external"):
            raise LoadError(source, f"entity {name!r} is external or a parameter entity: not accepted")
        value = declaration.group("double") if declaration.group("double") is not None else declaration.group(
            "single")
        if any(ref not in _PREDEFINED for ref in _REFERENCE.findall(value)):
            raise LoadError(source, f"entity {name!r} refers to other entities: nested entities are not accepted")
        values[name] = value
    expanded = sum(len(values[ref]) for ref in _REFERENCE.findall(text) if ref in values)
    if expanded > MAX_EXPANDED_CHARS:
        raise LoadError(source, f"entity references would expand to {expanded} characters "
                                f"(at most {MAX_EXPANDED_CHARS} are accepted)")
