"""Check the gold sets that tests and benchmarks use against the built graph; fail on any mismatch.

    python tools/check_gold.py                          # both files; exit 1 with one line per mismatch
    python tools/check_gold.py --explain technology SiC # what each match tier finds for a phrasing

``tests/data/phrasings.tsv`` (tab-separated, a header row, no quoting) has the columns ``phrasing`` (as
a researcher types it), ``parameter`` (technology, industry, measure or agency), ``expected`` (every
entity it must resolve to, space-separated; several when the name is ambiguous, none for ``none``),
``industries`` (for a technology: the industries of the expected entities; for an industry given as a
technology: that industry), ``match`` (the tier of issue 16's match order that finds it, :data:`TIERS`,
or ``kind`` for a name of another kind, or ``none`` for a 404) and ``note``. ``bench/search_queries.tsv``
has ``query``, ``relevant`` (the entities and sentences a search must find, at most 10), ``kind``
(``name`` or ``sentence``) and ``note``. IRIs are written ``id:kind/slug`` (``id:`` is
``https://w3id.org/fikg/id/``).

This module is the reference the gold sets are checked with, not the resolver: each tier is computed
here in the plainest way (exact strings, a normal form, jieba tokens, character bigrams) over the graph
built from ``ontology/`` and ``data/``, and a row passes when its tier is the first tier that finds
anything of the parameter's kind and finds exactly the expected entities.
"""

from __future__ import annotations

import csv
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import jieba
from gold_text import bigram_similarity, english_words, normalise, tokens
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

ROOT = Path(__file__).resolve().parents[1]
PHRASINGS = ROOT / "tests" / "data" / "phrasings.tsv"
SEARCH_QUERIES = ROOT / "bench" / "search_queries.tsv"
ID = "https://w3id.org/fikg/id/"
FIKG = "https://w3id.org/fikg/ontology#"
# match order of issue 16 (a measure's section number counts with its labels); "kind": an entity of another
# kind (an industry given as a technology) matches where nothing of the parameter's kind does
TIERS = ("iri", "label", "alt", "section", "normalised", "segment", "similar")
KINDS = {
    "technology": ("Technology", "Material", "Product", "TechnologyField"),
    "industry": ("FutureIndustry",),
    "measure": ("Measure",),
    "agency": ("Agency", "CollectiveParty"),
}
OTHER_KIND = {"technology": "industry"}  # a name of this kind is understood where the parameter's kind fails
SIMILAR = 0.5  # least bigram similarity of the "similar" tier (Dice); below it a phrasing resolves to nothing

jieba.setLogLevel(logging.WARNING)


def expand(curie: str) -> str:
    return ID + curie.removeprefix("id:") if curie.startswith("id:") else curie


@dataclass(frozen=True)
class Entity:
    iri: str
    labels: tuple[str, ...]  # rdfs:label, zh and en
    others: tuple[str, ...]  # skos:altLabel and skos:hiddenLabel
    section: str | None  # a measure's section number, 三(三)


class World:
    """The built graph, read once: entities by parameter kind, their names, industries and sentences."""

    def __init__(self) -> None:
        g = Graph()
        for path in [ROOT / "ontology" / "kg.ttl", *sorted((ROOT / "ontology" / "modules").glob("*.ttl")),
                     *sorted((ROOT / "data").glob("*.ttl"))]:
            g.parse(path, format="turtle")
        self.graph = g
        fikg = lambda name: URIRef(FIKG + name)  # noqa: E731
        self.kinds: dict[str, list[Entity]] = {}
        for param, classes in KINDS.items():
            members = {s for c in classes for sub in g.transitive_subjects(RDFS.subClassOf, fikg(c))
                       for s in g.subjects(RDF.type, sub) if str(s).startswith(ID)}
            self.kinds[param] = [self._entity(g, s) for s in sorted(members)]
        self.typed = {str(s) for s in g.subjects(RDF.type, None)}
        self.sentences = {str(s): str(g.value(s, fikg("text"))) for s in g.subjects(RDF.type, fikg("Sentence"))}
        self.named = [self._entity(g, s) for s in sorted(set(g.subjects(RDFS.label, None)))
                      if str(s).startswith(ID) and str(s) not in self.sentences]
        clause_classes = {sub for c in ("Action", "Milestone", "Target")
                          for sub in g.transitive_subjects(RDFS.subClassOf, fikg(c))}
        self.clauses = {str(s) for c in clause_classes for s in g.subjects(RDF.type, c)}

    @staticmethod
    def _entity(g: Graph, s: URIRef) -> Entity:
        fikg = URIRef(FIKG + "provision"), URIRef(FIKG + "sectionNumber")
        provision = g.value(s, fikg[0])
        section = g.value(provision, fikg[1]) if provision is not None else None
        others = [*g.objects(s, SKOS.altLabel), *g.objects(s, SKOS.hiddenLabel)]
        return Entity(str(s), tuple(sorted(map(str, g.objects(s, RDFS.label)))), tuple(sorted(map(str, others))),
                      None if section is None else str(section))

    def industries(self, iri: str) -> set[str]:
        """The future industries of a concept, directly or through a broader concept (industry-of-technology)."""
        belongs = URIRef(FIKG + "belongsToIndustry")
        found = set()
        for concept in self.graph.transitive_objects(URIRef(iri), SKOS.broader):
            found |= {str(i) for i in self.graph.objects(concept, belongs)}
        return found

    def tier(self, tier: str, phrasing: str, kind: str) -> set[str]:
        """The entities of ``kind`` that ``tier`` finds for ``phrasing``."""
        entities = self.kinds[kind]
        if tier == "iri":
            return {e.iri for e in entities if e.iri == expand(phrasing)}
        if tier == "label":
            return {e.iri for e in entities if phrasing in e.labels}
        if tier == "alt":
            return {e.iri for e in entities if phrasing in e.others}
        if tier == "section":
            return {e.iri for e in entities if e.section and normalise(e.section) == normalise(phrasing)}
        names = lambda e: (*e.labels, *e.others)  # noqa: E731
        if tier == "normalised":
            return {e.iri for e in entities if normalise(phrasing) in {normalise(n) for n in names(e)}}
        if tier == "segment":
            return {e.iri for e in entities if any(_segment_of(phrasing, n) for n in names(e))}
        best = {e.iri: max(bigram_similarity(phrasing, n) for n in names(e)) for e in entities}
        top = max(best.values(), default=0.0)
        return {iri for iri, score in best.items() if score == top} if top >= SIMILAR else set()

    def resolve(self, phrasing: str, kind: str) -> tuple[str, set[str]]:
        """The first tier that finds anything, and what it finds; ("kind", …) for another kind's name."""
        for tier in TIERS:
            found = self.tier(tier, phrasing, kind)
            if found:
                if kind in OTHER_KIND and tier in ("segment", "similar"):
                    other = self.resolve(phrasing, OTHER_KIND[kind])
                    if other[0] in ("label", "alt", "normalised"):
                        return "kind", other[1]
                return tier, found
        if kind in OTHER_KIND:
            other = self.resolve(phrasing, OTHER_KIND[kind])
            if other[0] != "none":
                return "kind", other[1]
        return "none", set()


def _segment_of(phrasing: str, name: str) -> bool:
    """Every word of the phrasing is a word of the name: jieba tokens for Chinese, words for English."""
    if english_words(phrasing) and not any("\u4e00" <= c <= "\u9fff" for c in phrasing):
        return english_words(phrasing) <= english_words(name)
    wanted = tokens(phrasing)
    return bool(wanted) and wanted <= tokens(name, search=True)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def check_phrasings(world: World, rows: list[dict[str, str]]) -> list[str]:
    problems = []
    for n, row in enumerate(rows, start=2):
        where = f"{PHRASINGS.name}:{n} {row['phrasing']!r} ({row['parameter']})"
        want = {expand(x) for x in row["expected"].split()}
        tier, found = world.resolve(row["phrasing"], row["parameter"])
        if (tier, found) != (row["match"], want):
            problems.append(f"{where}: the graph gives {tier} {sorted(found)}, the row {row['match']} {sorted(want)}")
        industries = {expand(x) for x in row["industries"].split()}
        if row["parameter"] == "technology":
            derived = set(found) if tier == "kind" else {i for iri in found for i in world.industries(iri)}
            if derived != industries:
                problems.append(f"{where}: industries {sorted(derived)} in the graph, {sorted(industries)} in the row")
        elif industries:
            problems.append(f"{where}: industries are for technologies only")
    return problems


def check_search_queries(world: World, rows: list[dict[str, str]]) -> list[str]:
    """Every judged IRI exists, at most 10 per query (so recall@10 can reach 1). A ``name`` query is
    judged with entities a name of which holds it. A ``sentence`` query is a term inside sentences that
    no entity's name holds, except the clauses taken from those sentences (actions, milestones and
    targets are labelled with their clause); it is judged with every sentence and clause holding it."""
    problems = []
    names = {e.iri: (*e.labels, *e.others) for e in world.named}
    for n, row in enumerate(rows, start=2):
        where = f"{SEARCH_QUERIES.name}:{n} {row['query']!r}"
        relevant = [expand(x) for x in row["relevant"].split()]
        if not relevant or len(relevant) > 10 or len(set(relevant)) != len(relevant):
            problems.append(f"{where}: 1 to 10 distinct relevant IRIs, not {len(relevant)}")
        problems += [f"{where}: {iri} is not in the graph" for iri in relevant if iri not in world.typed]
        query = normalise(row["query"])
        if row["kind"] == "sentence":
            holders = {iri for iri, text in world.sentences.items() if query in normalise(text)}
            named_by = {iri for iri, ns in names.items() if any(query in normalise(x) for x in ns)}
            if not holders or named_by - world.clauses:
                problems.append(f"{where}: not a term inside sentences only: {sorted(named_by - world.clauses)[:3]}")
            if holders | named_by != set(relevant):
                problems.append(f"{where}: the sentences and clauses holding it are {sorted(holders | named_by)}")
        elif row["kind"] == "name":
            for iri in relevant:
                if iri not in names or not any(_found_by(row["query"], x) for x in names[iri]):
                    problems.append(f"{where}: no name of {iri} holds the query")
        else:
            problems.append(f"{where}: kind is 'name' or 'sentence', not {row['kind']!r}")
    return problems


def _found_by(query: str, name: str) -> bool:
    """The query's words are in the name (a search hit): a substring of its normal form, or its English
    words, or its Chinese tokens."""
    return normalise(query) in normalise(name) or _segment_of(query, name)


def explain(world: World, kind: str, phrasing: str) -> None:
    for tier in TIERS:
        print(f"{tier:10} {sorted(x.removeprefix(ID) for x in world.tier(tier, phrasing, kind))}")
    tier, found = world.resolve(phrasing, kind)
    print(f"resolves: {tier} {sorted(x.removeprefix(ID) for x in found)}")
    if kind == "technology":
        print(f"industries: {sorted(i.removeprefix(ID) for x in found for i in world.industries(x))}")


def main(argv: list[str]) -> int:
    world = World()
    if argv[:1] == ["--explain"]:
        explain(world, argv[1], argv[2])
        return 0
    phrasings, queries = read_tsv(PHRASINGS), read_tsv(SEARCH_QUERIES)
    problems = check_phrasings(world, phrasings) + check_search_queries(world, queries)
    for problem in problems:
        print(problem)
    print(f"{len(phrasings)} phrasings, {len(queries)} search queries: "
          f"{'all agree with the graph' if not problems else f'{len(problems)} mismatch(es)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
