"""OWL 2 DL profile check: the OWL API's verdict plus the datatype-map rule HermiT enforces.

Reported per problem with the term involved, so an editor can act on it: undeclared entities,
illegal punning, properties used without a type, and data values whose datatype is outside the
OWL 2 datatype map (``xsd:gYear``, ``xsd:date`` … on a data property).
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, XSD

from kg.reasoning.owlapi import run_tool

# The OWL 2 datatype map (OWL 2 Structural Specification, section 4).
DATATYPE_MAP = {
    RDF.PlainLiteral, RDF.XMLLiteral, RDF.langString, rdflib.RDFS.Literal, OWL.real, OWL.rational,
    XSD.decimal, XSD.integer, XSD.nonNegativeInteger, XSD.nonPositiveInteger, XSD.positiveInteger,
    XSD.negativeInteger, XSD.long, XSD.int, XSD.short, XSD.byte, XSD.unsignedLong, XSD.unsignedInt,
    XSD.unsignedShort, XSD.unsignedByte, XSD.double, XSD.float, XSD.string, XSD.normalizedString,
    XSD.token, XSD.language, XSD.Name, XSD.NCName, XSD.NMTOKEN, XSD.boolean, XSD.hexBinary,
    XSD.base64Binary, XSD.anyURI, XSD.dateTime, XSD.dateTimeStamp,
}
_IRI = re.compile(r"<([^>]+)>")


@dataclass(frozen=True)
class ProfileViolation:
    """One reason the ontology is not in OWL 2 DL."""

    kind: str
    term: str
    detail: str


def check_datatypes(graph: rdflib.Graph) -> list[ProfileViolation]:
    """Values of data properties whose datatype is outside the OWL 2 datatype map."""
    data_properties = set(graph.subjects(RDF.type, OWL.DatatypeProperty))
    problems = set()
    for prop in data_properties:
        for _, value in graph.subject_objects(prop):
            if isinstance(value, rdflib.Literal) and value.datatype and value.datatype not in DATATYPE_MAP:
                problems.add(ProfileViolation("DatatypeOutsideMap", str(prop),
                                              f"{value.datatype} is not in the OWL 2 datatype map "
                                              f"(value {value!s}); use xsd:integer or xsd:dateTime"))
    return sorted(problems, key=lambda p: (p.term, p.detail))


def check_with_owlapi(owl_file: Path, catalog: Path | None = None) -> list[ProfileViolation]:
    """The OWL API's OWL2DLProfile violations for an RDF/XML or Turtle file (imports via ``catalog``)."""
    done = run_tool("profile", str(owl_file), catalog=catalog)
    violations = set()
    for line in done.stdout.splitlines():
        kind, _, rest = line.partition("\t")
        axiom, _, message = rest.partition("\t")
        iris = _IRI.findall(message) or _IRI.findall(axiom)
        violations.add(ProfileViolation(kind, iris[0] if iris else "", message.split(" [")[0]))
    return sorted(violations, key=lambda v: (v.kind, v.term, v.detail))


def check_source_files(paths: list[Path]) -> list[ProfileViolation]:
    """Check each file as Protégé opens it: on its own, imports resolved by the catalog beside it."""
    violations: set[ProfileViolation] = set()
    merged = rdflib.Graph()
    for path in paths:
        catalog = next((c for c in (path.parent / "catalog-v001.xml", path.parent.parent / "catalog-v001.xml")
                        if c.is_file()), None)
        violations.update(check_with_owlapi(path, catalog))
        merged.parse(path, format="turtle")
    violations.update(check_datatypes(merged))
    return sorted(violations, key=lambda v: (v.kind, v.term, v.detail))


def check_profile(graph: rdflib.Graph) -> list[ProfileViolation]:
    """Every OWL 2 DL profile violation of ``graph`` (ontology plus data)."""
    with tempfile.TemporaryDirectory() as tmp:
        owl_file = Path(tmp) / "kg.owl"
        graph.serialize(owl_file, format="xml")
        return check_with_owlapi(owl_file) + check_datatypes(graph)
