"""The coverage rules (``queries/rules/covers-*.rq``) evaluated for the technologies a write can change.

Every triple the two rules produce comes from solutions that share one value of ``?technology``: the
direct ``?agent fikg:coversTechnology… ?technology`` names it, and a coverage node's IRI is built from
the technology's slug (one node per measure, agent and technology). So the rules' output is
partitioned by technology, and the output for a set of technologies T is the rules run with
``VALUES ?technology { T }`` — exactly what a full run gives for them. This module knows, for these
rules, three things, each a SPARQL query below:

- :data:`AFFECTED` and :data:`MEASURE_TECHNOLOGIES`: the technologies whose solutions can use a
  changed triple (a technology's own type, industry or source provision; the technologies below a changed
  ``skos:broader`` link; those a measure names, directly, through the taxonomy or through an industry,
  or all of them for a measure that applies to all future industries, when the measure, its provision,
  its responsibility or its agent changed; the technologies and measures below a provision or document
  whose ``eli:is_part_of`` link or type changed: general coverage holds within one document). It is asked
  of the store before the write: a solution that changed uses a changed triple, and the one nearest to its
  technology is reached from it through unchanged triples only.
- :data:`CONTEXT` and :data:`MEASURE`: what the solutions through given nodes read (taxonomy upwards,
  the measures naming them, their responsibilities and agents, the documents of both, types and the
  class hierarchy), so the
  rules can be run on a scratch store holding the state after the write.
- :func:`owners`: the technology of a triple the rules may produce.

The rules are trusted not to read their own output (nothing they produce is a responsibility, a
measure's link or a concept): they run on the live union, which holds the derived graph.
:data:`RULES` names the rule files covered; another rule in ``queries/rules/`` makes the caller fall
back to a full derivation.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kg.derivation.change import values
from kg.rdf.model import BlankNode, NamedNode, Term, Triple
from kg.store.base import Store

RULES_DIR = "queries/rules"
RULES = ("covers-explicit", "covers-general")
FIKG = "https://w3id.org/fikg/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
ELI = "http://data.europa.eu/eli/ontology#"
PREFIXES = (f"PREFIX fikg: <{FIKG}> PREFIX skos: <{SKOS}> PREFIX rdf: <{RDF}> PREFIX rdfs: <{RDFS}> "
            f"PREFIX eli: <{ELI}>\n")
BODY_PREDICATES = frozenset(NamedNode(iri) for iri in (
    RDF + "type", RDFS + "subClassOf", SKOS + "broader", FIKG + "belongsToIndustry", FIKG + "namesTechnology",
    FIKG + "namesIndustry", FIKG + "hasResponsibility", FIKG + "agent", FIKG + "appliesToAllFutureIndustries",
    FIKG + "provision", FIKG + "sourceProvision", ELI + "is_part_of"))

# The technologies of a measure's solutions: named, below a named concept, of a named industry, or of
# any industry when it applies to all future industries (?measure given as VALUES).
MEASURE_TECHNOLOGIES = (
    "SELECT DISTINCT ?technology WHERE { VALUES ?measure { ROWS } ?measure fikg:namesTechnology ?named . "
    "?technology skos:broader* ?named }",
    "SELECT DISTINCT ?technology WHERE { VALUES ?measure { ROWS } ?measure fikg:namesIndustry ?industry . "
    "?technology fikg:belongsToIndustry ?industry }",
    "SELECT DISTINCT ?technology WHERE { VALUES ?measure { ROWS } ?measure fikg:appliesToAllFutureIndustries true . "
    "?technology fikg:belongsToIndustry ?industry }",
)
# Per predicate of a changed triple: which end to start from, and the queries giving the technologies (or the
# measures) it can change. The general rule holds within a document (a measure's provision and a technology's
# source provision are part of it): a change of those links, of a provision's place or of a document's type
# changes the technologies and measures below it.
_ITSELF = "SELECT ?technology WHERE { VALUES ?technology { ROWS } }"
_BELOW = ("SELECT DISTINCT ?technology WHERE { VALUES ?s { ROWS } "
          "?technology fikg:sourceProvision/eli:is_part_of* ?s }",
          "SELECT DISTINCT ?measure WHERE { VALUES ?s { ROWS } ?measure fikg:provision/eli:is_part_of* ?s }")
AFFECTED: dict[str, tuple[str, tuple[str, ...]]] = {
    RDF + "type": ("s", (_ITSELF, *_BELOW)),
    FIKG + "belongsToIndustry": ("s", (_ITSELF,)),
    SKOS + "broader": ("s", ("SELECT DISTINCT ?technology WHERE { VALUES ?s { ROWS } ?technology skos:broader* ?s }",)),
    FIKG + "namesTechnology": ("o", ("SELECT DISTINCT ?technology WHERE { VALUES ?o { ROWS } "
                                     "?technology skos:broader* ?o }",)),
    FIKG + "namesIndustry": ("o", ("SELECT DISTINCT ?technology WHERE { VALUES ?o { ROWS } "
                                   "?technology fikg:belongsToIndustry ?o }",)),
    FIKG + "hasResponsibility": ("s", ("SELECT ?measure WHERE { VALUES ?measure { ROWS } }",)),
    FIKG + "appliesToAllFutureIndustries": ("s", ("SELECT DISTINCT ?technology WHERE { VALUES ?measure { ROWS } "
                                                  "?technology fikg:belongsToIndustry ?industry }",)),
    FIKG + "agent": ("s", ("SELECT DISTINCT ?measure WHERE { VALUES ?s { ROWS } "
                           "?measure fikg:hasResponsibility ?s }",)),
    FIKG + "sourceProvision": ("s", (_ITSELF,)),
    FIKG + "provision": ("s", ("SELECT ?measure WHERE { VALUES ?measure { ROWS } }",)),
    ELI + "is_part_of": ("s", _BELOW),
}

# What the solutions through the nodes ?n read, whatever their role (technology, concept on the way up,
# industry, measure, responsibility): one query per role, each starting from the VALUES of ?n.
_MEASURE_READS = ("?measure fikg:hasResponsibility ?responsibility . ?responsibility fikg:agent ?agent . "
                  "?measure fikg:namesTechnology ?named . ?measure fikg:namesIndustry ?named_industry . "
                  "?measure fikg:appliesToAllFutureIndustries ?all")
# The documents of nodes (their source provisions or, for a measure, its provision, up the eli:is_part_of chain).
_DOCUMENTS = (
    "CONSTRUCT { ?n ?link ?p } WHERE { VALUES ?n { ROWS } VALUES ?link { fikg:sourceProvision fikg:provision } "
    "?n ?link ?p }",
    "CONSTRUCT { ?up eli:is_part_of ?upper . ?upper a ?type } WHERE { VALUES ?n { ROWS } "
    "?n (fikg:sourceProvision|fikg:provision)?/eli:is_part_of* ?up . ?up eli:is_part_of ?upper . "
    "OPTIONAL { ?upper a ?type } }",
)
CONTEXT = (
    *_DOCUMENTS,
    "CONSTRUCT { ?n a ?type } WHERE { VALUES ?n { ROWS } ?n a ?type }",
    "CONSTRUCT { ?n fikg:belongsToIndustry ?i } WHERE { VALUES ?n { ROWS } ?n fikg:belongsToIndustry ?i }",
    "CONSTRUCT { ?up skos:broader ?upper } WHERE { VALUES ?n { ROWS } ?n skos:broader* ?up . ?up skos:broader ?upper }",
    "SELECT DISTINCT ?measure WHERE { VALUES ?n { ROWS } ?n skos:broader* ?c . ?measure fikg:namesTechnology ?c }",
    "SELECT DISTINCT ?measure WHERE { VALUES ?n { ROWS } ?n fikg:belongsToIndustry ?i . "
    "?measure fikg:namesIndustry ?i }",
    "SELECT DISTINCT ?measure WHERE { VALUES ?n { ROWS } ?measure fikg:namesIndustry ?n }",
    "SELECT DISTINCT ?measure WHERE { VALUES ?n { ROWS } ?measure fikg:hasResponsibility ?n }",
)
# Everything a measure's solutions read of it (the measures found above, and the nodes themselves).
MEASURE = (
    "CONSTRUCT { ?measure fikg:hasResponsibility ?r . ?r fikg:agent ?agent } WHERE { VALUES ?measure { ROWS } "
    "?measure fikg:hasResponsibility ?r . OPTIONAL { ?r fikg:agent ?agent } }",
    "CONSTRUCT { ?measure ?p ?o } WHERE { VALUES ?measure { ROWS } VALUES ?p { fikg:namesTechnology "
    "fikg:namesIndustry fikg:appliesToAllFutureIndustries } ?measure ?p ?o }",
    "CONSTRUCT { ?n fikg:agent ?agent } WHERE { VALUES ?n { ROWS } ?n fikg:agent ?agent }",
    *(query.replace("?n", "?measure") for query in _DOCUMENTS),
)
EVERYWHERE = """CONSTRUCT { ?c rdfs:subClassOf ?d . ?measure fikg:appliesToAllFutureIndustries true ;
  fikg:hasResponsibility ?responsibility . ?responsibility fikg:agent ?agent . ?measure fikg:provision ?p .
  ?up eli:is_part_of ?upper . ?upper a ?type } WHERE {
  { ?c rdfs:subClassOf ?d } UNION { ?measure fikg:appliesToAllFutureIndustries true ;
    fikg:hasResponsibility ?responsibility . ?responsibility fikg:agent ?agent }
  UNION { ?measure fikg:appliesToAllFutureIndustries true ; fikg:provision ?p }
  UNION { ?measure fikg:appliesToAllFutureIndustries true ; fikg:provision/eli:is_part_of* ?up .
          ?up eli:is_part_of ?upper . OPTIONAL { ?upper a ?type } } }"""
COVERS = frozenset(NamedNode(FIKG + name) for name in ("coversTechnologyExplicitly", "coversTechnologyGenerally"))
OWNERS = "SELECT DISTINCT ?technology WHERE { VALUES ?s { ROWS } ?s fikg:technology ?technology }"


def covered(project_dir: Path) -> bool:
    """Whether every rule in ``queries/rules/`` is one this module evaluates incrementally."""
    return {path.stem for path in (project_dir / RULES_DIR).glob("*.rq")} <= set(RULES)


def rule_texts(project_dir: Path) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted((project_dir / RULES_DIR).glob("*.rq"))]


def reads_blank_nodes(changed: Iterable[Triple]) -> bool:
    """Whether a changed triple the rules read holds a blank node (it cannot be given to the queries). The
    type of a blank node is not read: only an IRI is a technology the rules mint coverage nodes for (the
    owl:Axiom annotations of the data are typed blank nodes)."""
    return any(t.predicate in BODY_PREDICATES and t.predicate.value != RDF + "type"
               and (isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode)) for t in changed)


def affected_technologies(store: Store, changed: Iterable[Triple]) -> set[NamedNode]:
    """The technologies whose solutions can use one of the ``changed`` triples (asked before the write)."""
    ends: dict[str, set[Term]] = {}
    for triple in changed:
        if triple.predicate.value in AFFECTED:
            end, _ = AFFECTED[triple.predicate.value]
            ends.setdefault(triple.predicate.value, set()).add(triple.subject if end == "s" else triple.object)
    found: set[Term] = set()
    measures: set[Term] = set()
    for predicate, nodes in ends.items():
        for block in values(n for n in nodes if isinstance(n, NamedNode)):
            for query in AFFECTED[predicate][1]:
                for row in store.select(PREFIXES + query.replace("ROWS", block)):
                    (measures if "measure" in row else found).add(row.get("measure") or row["technology"])
    for block in values(measures):
        for query in MEASURE_TECHNOLOGIES:
            found.update(r["technology"] for r in store.select(PREFIXES + query.replace("ROWS", block)))
    return {t for t in found if isinstance(t, NamedNode)}


def context(store: Store, nodes: Iterable[Term]) -> set[Triple]:
    """What the rules' solutions through ``nodes`` read, and what every solution reads."""
    triples = set(store.construct(PREFIXES + EVERYWHERE))
    named = {n for n in nodes if isinstance(n, NamedNode)}
    measures: set[Term] = set(named)
    for block in values(named):
        for query in CONTEXT:
            text = PREFIXES + query.replace("ROWS", block)
            if query.startswith("CONSTRUCT"):
                triples.update(store.construct(text))
            else:
                measures.update(r["measure"] for r in store.select(text))
    for block in values(measures):
        for query in MEASURE:
            triples.update(store.construct(PREFIXES + query.replace("ROWS", block)))
    return triples


def owners(store: Store, triples: Iterable[Triple]) -> set[NamedNode]:
    """The technologies whose solutions may produce ``triples`` (the object of a direct coverage triple;
    a coverage node's technology)."""
    triples = list(triples)
    found = {t.object for t in triples if t.predicate in COVERS and isinstance(t.object, NamedNode)}
    for block in values(t.subject for t in triples if isinstance(t.subject, NamedNode)):
        found.update(r["technology"] for r in store.select(PREFIXES + OWNERS.replace("ROWS", block))
                     if isinstance(r["technology"], NamedNode))
    return found


def evaluate(store: Store, rules: list[str], technologies: set[NamedNode]) -> set[Triple]:
    """The rules' output for ``technologies`` on ``store``."""
    produced: set[Triple] = set()
    for block in values(technologies):
        for rule in rules:
            where = rule.index("WHERE {") + len("WHERE {")
            produced.update(store.construct(f"{rule[:where]} VALUES ?technology {{ {block} }} {rule[where:]}"))
    return produced
