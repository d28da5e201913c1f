"""Namespaces and IRI minting. No I/O."""

from __future__ import annotations

ONTOLOGY_NS = "https://w3id.org/fikg/ontology#"
DEFAULT_BASE = "https://w3id.org/fikg/"

PREFIXES: dict[str, str] = {
    "fikg": ONTOLOGY_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "sh": "http://www.w3.org/ns/shacl#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",  # the Service Description (kg.resources)
    "void": "http://rdfs.org/ns/void#",
    "formats": "http://www.w3.org/ns/formats/",
}

# Names of the graphs the code itself writes (graph_iri(base, name) is the graph's IRI); a source's graph
# is named after its file (kg.build.pipeline.discover_sources).
ONTOLOGY_GRAPH = "ontology"  # ontology/kg.ttl; its modules are "ontology/{stem}"
INFERRED_GRAPH = "inferred"  # what the build derives: OWL 2 RL entailments and the coverage rules
AUDIT_GRAPH = "audit"  # the record of accepted writes (kg.writes.audit), kept out of the union default graph
OBSERVATIONS_GRAPH = "observations"  # observations of the targets' indicators, loaded by kg.monitoring.observations

RDF_TYPE = PREFIXES["rdf"] + "type"
RDFS_LABEL = PREFIXES["rdfs"] + "label"


def graph_iri(base: str, name: str) -> str:
    """The IRI of the named graph holding one source, e.g. ``…/graph/jiangsu-2023-104``."""
    return f"{base.rstrip('/')}/graph/{name}"


def split_entity_iri(iri: str, base: str) -> tuple[str, str] | None:
    """``(kind, slug)`` of an IRI under ``{base}id/``, else None."""
    prefix = entity_prefix(base)
    if not iri.startswith(prefix):
        return None
    kind, _, slug = iri[len(prefix):].partition("/")
    return (kind, slug) if kind and slug and "/" not in slug else None


def entity_prefix(base: str) -> str:
    """Where the IRIs of entities start: ``{base}id/``."""
    return base.rstrip("/") + "/id/"


def entity_iri(base: str, kind: str, slug: str) -> str:
    """The IRI of an entity: ``{base}id/{kind}/{slug}`` (the one place the scheme is spelt)."""
    return f"{entity_prefix(base)}{kind}/{slug}"


def sparql_prefixes() -> str:
    """PREFIX declarations for every namespace in PREFIXES, one per line."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
