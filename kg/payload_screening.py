"""Screening RDF/XML payloads before they reach the parser: entity expansion is bounded.

The RDF/XML parser expands internal DTD entities, nested ones included, so a few hundred bytes
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
_DECLARATION = re.compile(r"<!ENTITY\b")
_ENTITY = re.compile(r"""<!ENTITY\s+(?P<parameter>%\s+)?(?P<name>[^\s%"'<>]+)\s+"""
                     r"""(?:(?P<external>SYSTEM|PUBLIC)\b|"(?P<double>[^"]*)"|'(?P<single>[^']*)')""")
_REFERENCE = re.compile(r"&([A-Za-z_:][\w.:-]*);")
_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})


def screen_rdfxml(data: bytes | str, source: str = "request body") -> None:
    """Refuse RDF/XML whose entities are external, nested, or would expand past the limit."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
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
