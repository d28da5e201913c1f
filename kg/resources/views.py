"""What the pages for people show: dataset summary, label search, labels of many resources, targets.

Every function takes a :class:`~kg.store.base.Store` and returns plain frozen dataclasses, so the
HTML layer renders without knowing SPARQL. Labels come in both languages (:class:`Labels`); the
page picks one. Entity pages are in :mod:`kg.resources.entity_view`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.rdf.model import NamedNode
from kg.rdf.vocab import ONTOLOGY_NS, sparql_prefixes, split_entity_iri
from kg.store.base import Store

PREFIXES = sparql_prefixes()
LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Labels:
    """A resource's labels in Chinese and English (either may be missing)."""

    zh: str | None = None
    en: str | None = None

    def get(self, lang: str, fallback: str = "") -> str:
        """The label in ``lang``, else in the other language, else ``fallback``."""
        first, second = (self.zh, self.en) if lang == "zh" else (self.en, self.zh)
        return first or second or fallback

    def lang_of(self, lang: str) -> str:
        """The language the label :meth:`get` returns is actually in."""
        wanted = self.zh if lang == "zh" else self.en
        if wanted:
            return lang
        return "en" if lang == "zh" and self.en else "zh" if self.zh else lang


@dataclass(frozen=True)
class Resource:
    """An entity of the graph: IRI, kind and slug (from ``…/id/{kind}/{slug}``) and labels."""

    iri: str
    kind: str
    slug: str
    labels: Labels = field(default_factory=Labels)


def is_iri(text: str) -> bool:
    """Whether ``text`` is an absolute IRI the store accepts."""
    try:
        NamedNode(text)
    except ValueError:
        return False
    return True


def values_block(variable: str, iris: Iterable[str]) -> str:
    """``VALUES ?v { <a> <b> }``; each IRI is checked by NamedNode, so nothing can break out."""
    terms = " ".join(str(NamedNode(iri)) for iri in dict.fromkeys(iris))
    return f"VALUES ?{variable} {{ {terms} }}"


def labels_of(store: Store, iris: Iterable[str]) -> dict[str, Labels]:
    """The zh and en ``rdfs:label`` of each IRI (IRIs without labels are left out)."""
    iris = list(dict.fromkeys(iris))
    if not iris:
        return {}
    found: dict[str, dict[str, str]] = {}
    query = PREFIXES + f"""SELECT ?e ?label WHERE {{ {values_block("e", iris)}
        ?e rdfs:label ?label . FILTER(LANG(?label) IN ("zh", "en", "")) }}"""
    for row in store.select(query):
        lang = row["label"].language or "en"
        found.setdefault(row["e"].value, {}).setdefault(lang, row["label"].value)
    return {iri: Labels(v.get("zh"), v.get("en")) for iri, v in found.items()}


def resources(store: Store, iris: Iterable[str], base: str) -> list[Resource]:
    """Entity IRIs with kind, slug and labels, in the order given (non-entity IRIs are kept with kind '')."""
    iris = list(dict.fromkeys(iris))
    labels = labels_of(store, iris)
    out = []
    for iri in iris:
        kind, slug = split_entity_iri(iri, base) or ("", iri)
        out.append(Resource(iri, kind, slug, labels.get(iri, Labels())))
    return out


# --- the home page ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Document:
    iri: str
    identifier: str
    issued: str
    titles: Labels


@dataclass(frozen=True)
class Summary:
    """What the dataset holds: entities per kind, triples, and the documents they come from."""

    kinds: list[tuple[str, int]]
    triples: int
    documents: list[Document]


_SUMMARIES: dict[tuple, Summary] = {}


def summarise(store: Store, base: str) -> Summary:
    """The summary, recomputed only when a named graph changed size (counting kinds reads every type)."""
    graphs = tuple((g.iri, g.triples) for g in store.graphs())
    key = (id(store), base, graphs)
    if key not in _SUMMARIES:
        if len(_SUMMARIES) > 16:
            _SUMMARIES.clear()
        _SUMMARIES[key] = _compute_summary(store, base, sum(n for _, n in graphs))
    return _SUMMARIES[key]


def _compute_summary(store: Store, base: str, triples: int) -> Summary:
    rows = store.select("SELECT DISTINCT ?e WHERE { ?e a ?type FILTER(isIRI(?e)) }")
    counts = Counter(kind for row in rows if (kind := (split_entity_iri(row["e"].value, base) or ("",))[0]))
    docs = store.select(PREFIXES + """SELECT ?doc ?id ?issued ?title WHERE { ?doc a fikg:PolicyDocument .
        OPTIONAL { ?doc eli:id_local ?id } OPTIONAL { ?doc dcterms:issued ?issued }
        OPTIONAL { ?doc dcterms:title ?title } }""")
    by_doc: dict[str, dict] = {}
    for row in docs:
        entry = by_doc.setdefault(row["doc"].value, {"id": "", "issued": "", "titles": {}})
        entry["id"] = row["id"].value if "id" in row else entry["id"]
        entry["issued"] = row["issued"].value if "issued" in row else entry["issued"]
        if "title" in row:
            entry["titles"][row["title"].language or "en"] = row["title"].value
    documents = [Document(iri, e["id"], e["issued"], Labels(e["titles"].get("zh"), e["titles"].get("en")))
                 for iri, e in sorted(by_doc.items())]
    kinds = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return Summary(kinds, triples, documents)


# --- search ----------------------------------------------------------------------------------



# --- targets ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """A quantitative target: how many of what, by when (or every year), as the text words it."""

    resource: Resource
    year: int | None
    period: str | None
    quantity: str
    at_least: bool
    unit: str
    wording: str
    counts: list[Resource]
    sentence: str
    section: str


@dataclass(frozen=True)
class TargetGroup:
    """The targets of one measure (or, for targets no measure sets, of one provision)."""

    owner: Resource
    targets: list[Target]


def targets(store: Store, base: str) -> list[TargetGroup]:
    """Every quantitative target, grouped by the measure that sets it, in document order."""
    rows = store.select(PREFIXES + """SELECT ?t ?year ?period ?quantity ?comparator ?unit ?wording ?owner
            ?text ?section ?order WHERE {
        ?t a fikg:QuantitativeTarget ; fikg:quantity ?quantity .
        OPTIONAL { ?t fikg:targetYear ?year } OPTIONAL { ?t fikg:period ?period }
        OPTIONAL { ?t fikg:comparator ?comparator } OPTIONAL { ?t fikg:unit ?unit }
        OPTIONAL { ?t fikg:exactWording ?wording }
        OPTIONAL { ?t fikg:sourceSentence ?s . ?s fikg:text ?text .
                   OPTIONAL { ?s fikg:documentPosition ?order }
                   OPTIONAL { ?s dcterms:isPartOf/fikg:sectionNumber ?section } }
        OPTIONAL { ?measure fikg:hasTarget ?t }
        OPTIONAL { ?t fikg:sourceProvision ?provision }
        BIND(COALESCE(?measure, ?provision) AS ?owner)
    } ORDER BY ?order ?year ?t""")
    counted: dict[str, list[str]] = {}
    for row in store.select(PREFIXES + "SELECT ?t ?c WHERE { ?t a fikg:QuantitativeTarget ; fikg:counts ?c }"
                            " ORDER BY ?c"):
        counted.setdefault(row["t"].value, []).append(row["c"].value)
    all_iris = [r["t"].value for r in rows] + [r["owner"].value for r in rows if "owner" in r]
    all_iris += [c for cs in counted.values() for c in cs]
    known = {r.iri: r for r in resources(store, all_iris, base)}
    groups: dict[str, list[Target]] = {}
    seen: set[str] = set()
    for row in rows:
        iri = row["t"].value
        if iri in seen:
            continue
        seen.add(iri)
        value = _reader(row)
        target = Target(known[iri], int(value("year")) if value("year") else None, value("period"),
                        value("quantity") or "", value("comparator") == ONTOLOGY_NS + "atLeast",
                        value("unit") or "", value("wording") or "", [known[c] for c in counted.get(iri, [])],
                        value("text") or "", value("section") or "")
        groups.setdefault(value("owner") or "", []).append(target)
    return [TargetGroup(known.get(owner, Resource(owner, "", owner)), items) for owner, items in groups.items()]


def _reader(row: dict) -> callable:
    """``value(name)``: the lexical value of a column of ``row``, or None when unbound."""
    return lambda name: row[name].value if name in row else None


def milestones(store: Store, base: str) -> list[tuple[int, list[Resource]]]:
    """The qualitative milestones (fikg:Milestone) by year, in document order within a year."""
    rows = store.select(PREFIXES + """SELECT ?m ?year WHERE { ?m a fikg:Milestone ; fikg:targetYear ?year }
        ORDER BY ?year ?m""")
    known = {r.iri: r for r in resources(store, [r["m"].value for r in rows], base)}
    by_year: dict[int, list[Resource]] = {}
    for row in rows:
        by_year.setdefault(int(row["year"].value), []).append(known[row["m"].value])
    return sorted(by_year.items())
