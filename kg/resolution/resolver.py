"""Resolve what a person typed for an entity parameter to the concept(s) it names, or say why not.

The match order (issue 16), first tier that finds anything wins: an IRI or CURIE (``id:technology/…``)
→ an exact ``rdfs:label``/``skos:prefLabel`` → an exact ``skos:altLabel``/``skos:hiddenLabel`` → a
measure's section number (三(三)) → the normal form (:mod:`kg.resolution.normalise`) → every word
of the value a word of a name (jieba segments for Chinese, words for English) → the best
character-bigram similarity (at least :data:`SIMILAR`). Every concept found by the winning tier is
returned, ranked, with the tier and the name that matched; never one picked silently, and never more
than :data:`MAX_MATCHES` (a value that vague is refused with suggestions). A name of a kind the
parameter understands (:data:`UNDERSTOOD`: an industry given as a technology) is resolved and marked
``wrong_kind`` when nothing of the parameter's own kind matches as well. Nothing found:
:class:`~kg.errors.UnknownEntityError` with up to five real near matches, same kind first, each with
the value that selects it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kg.errors import EntitySuggestion, UnknownEntityError
from kg.rdf.model import NamedNode
from kg.rdf.vocab import DEFAULT_BASE, PREFIXES, entity_prefix, split_entity_iri
from kg.resolution.index import Entry, LabelIndex, Name, label_index
from kg.resolution.normalise import bigrams, english_words, has_han, normal_form, segments, similarity
from kg.sparql.binding import join_values
from kg.store.base import Store

TIERS = ("iri", "label", "alt", "section", "normalised", "segment", "similar")
PARAMETER_KINDS: dict[str, frozenset[str]] = {  # a parameter's kind → the IRI kinds (…/id/{kind}/…) it takes
    "technology": frozenset({"technology", "material", "product", "field"}),
    "industry": frozenset({"industry"}),
    "measure": frozenset({"measure"}),
    "agency": frozenset({"agency", "party"}),
    "document": frozenset({"document"}),  # by IRI, title or number (文号)
}
UNDERSTOOD: dict[str, frozenset[str]] = {"technology": frozenset({"industry"})}  # names of another kind answered
STRONG_TIERS = ("label", "alt", "normalised")  # another kind's name beats a weak match of the parameter's kind
SIMILAR = 0.5  # least bigram similarity (Dice) of the last tier
SUGGESTED = 0.25  # least similarity of a suggestion
MAX_MATCHES = 10
MAX_SUGGESTIONS = 5
_IRI_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")  # fullmatch only; no nested quantifier
_EXISTS = "ASK { { ?iri ?p ?o } UNION { ?s ?p ?iri } }"
_DOCUMENT_ENTITIES = """SELECT DISTINCT ?entity WHERE {
  VALUES ?link { <https://w3id.org/fikg/ontology#sourceProvision> <https://w3id.org/fikg/ontology#provision> }
  ?entity ?link ?provision .
  ?provision <http://data.europa.eu/eli/ontology#is_part_of>* ?document .
}"""


@dataclass(frozen=True)
class Match:
    """One concept a value resolved to: how (``tier``), through which name, how closely (``score``)."""

    iri: str
    kind: str
    tier: str
    matched_label: str
    score: float = 1.0
    label_zh: str | None = None
    label_en: str | None = None

    @property
    def rank(self) -> int:
        """The tier's place in the match order (1: IRI … 7: similar)."""
        return TIERS.index(self.tier) + 1


@dataclass(frozen=True)
class Resolution:
    """What a value names: the matches of the best tier, and whether they are of another kind."""

    value: str
    parameter_kind: str | None
    matches: tuple[Match, ...]
    wrong_kind: bool = False

    @property
    def iris(self) -> list[str]:
        return [m.iri for m in self.matches]

    @property
    def tier(self) -> str:
        return self.matches[0].tier


def accepted_kinds(kind: str | None) -> frozenset[str] | None:
    """The IRI kinds a parameter of ``kind`` takes (None: any kind; an unlisted kind takes itself)."""
    return None if kind is None else PARAMETER_KINDS.get(kind, frozenset({kind}))


def resolve(store: Store, value: str, kind: str | None = None, *, base: str = DEFAULT_BASE,
            within: frozenset[str] | None = None) -> Resolution:
    """Resolve ``value`` for a parameter of ``kind`` (see the module docstring) over the store's label index.

    ``within``: the entities of the documents a query is asked about (:func:`document_entities`). A name is
    first resolved among them (氢能 is 苏政发〔2023〕104号's industry there, whatever another document calls
    氢能), and over every entity when nothing there matches (an answer, or suggestions, for it)."""
    index = label_index(store, base)
    exists = lambda iri: store.ask(_EXISTS, iri=NamedNode(iri))  # noqa: E731
    if within is not None and expand_iri(value.strip(), index.base) is None:  # an IRI names one entity anyway
        scoped = LabelIndex(index.base, {iri: entry for iri, entry in index.entries.items() if iri in within})
        try:
            return resolve_in(scoped, value, kind, exists=exists)
        except UnknownEntityError:
            pass
    return resolve_in(index, value, kind, exists=exists)


def document_entities(store: Store, documents: list[str]) -> frozenset[str]:
    """The entities the ``documents`` cite as theirs: those with a source provision (a measure: its provision)
    that is part of one of them."""
    rows = store.select(join_values(_DOCUMENT_ENTITIES, ["document"], [[NamedNode(d)] for d in documents]))
    return frozenset(row["entity"].value for row in rows if isinstance(row["entity"], NamedNode))


def resolve_in(index: LabelIndex, value: str, kind: str | None = None, *,
               exists: Callable[[str], bool] = lambda iri: False) -> Resolution:
    """:func:`resolve` over a given index; ``exists`` says whether an IRI the index lacks is in the graph."""
    text = value.strip()
    wanted = accepted_kinds(kind)
    understood = UNDERSTOOD.get(kind or "", frozenset())
    iri = expand_iri(text, index.base)
    if iri is not None:
        return _by_iri(index, value, iri, kind, wanted, understood, exists)
    tier, found = first_tier(index, text, wanted)
    if understood and (not found or tier in ("segment", "similar")):
        _, other = first_tier(index, text, understood, TIERS if not found else STRONG_TIERS)
        if other:
            return _answer(index, value, kind, other, wrong_kind=True)
    if understood and found:  # another kind's exact label beats this kind's alias (氢能: an industry's label
        _, other = first_tier(index, text, understood, TIERS[1:TIERS.index(tier)])  # and another text's alias)
        if other:
            return _answer(index, value, kind, other, wrong_kind=True)
    if found:
        return _answer(index, value, kind, found)
    raise UnknownEntityError(value, suggest(index, text, wanted, understood))


def expand_iri(text: str, base: str) -> str | None:
    """The IRI a value spells: an absolute IRI, or a CURIE with ``id:`` or a project prefix; else None."""
    if not _IRI_LIKE.fullmatch(text):
        return None
    prefix, _, rest = text.partition(":")
    if prefix == "id":
        iri = entity_prefix(base) + rest
    elif prefix in PREFIXES:
        iri = PREFIXES[prefix] + rest
    elif rest.startswith("//") or prefix.lower() in {"urn", "http", "https"}:
        iri = text
    else:
        return None
    try:
        NamedNode(iri)
    except ValueError:
        return None
    return iri


def first_tier(index: LabelIndex, text: str, kinds: frozenset[str] | None,
               tiers: tuple[str, ...] = TIERS) -> tuple[str, list[Match]]:
    """The first of ``tiers`` (names only, not ``iri``) that finds entities of ``kinds``, and its matches."""
    for tier in tiers:
        found = _tier(index, tier, text, kinds)
        if found:
            return tier, found
    return "", []


def _tier(index: LabelIndex, tier: str, text: str, kinds: frozenset[str] | None) -> list[Match]:
    if tier in ("label", "alt"):
        iris = index.exact.get((tier, text), set())
        return [_match(index.entries[iri], tier, text) for iri in sorted(iris) if _of(index.entries[iri], kinds)]
    if tier == "section":  # measures only: the others have no section number
        form = normal_form(text)
        return [_match(e, tier, e.section) for e in index.candidates(kinds & {"measure"} if kinds else kinds)
                if e.section and normal_form(e.section) == form]
    if tier == "normalised":
        form = normal_form(text)
        return _first_names(index, index.by_form.get(form, []) if form else [], tier, kinds)
    if tier == "segment":
        words = english_words(text)
        if words and not has_han(text):
            return _first_names(index, index.holding_all(index.by_word, words), tier, kinds)
        return _first_names(index, index.holding_all(index.by_token, segments(text)), tier, kinds)
    if tier == "similar":
        grams = bigrams(text)
        best: dict[str, tuple[float, int]] = {}
        for number in sorted(index.sharing_any(index.by_gram, grams)):
            entry, name = index.names[number]
            if _of(entry, kinds):
                score = similarity(grams, name.grams)
                if score > best.get(entry.iri, (0.0, 0))[0]:
                    best[entry.iri] = (score, number)
        top = max((score for score, _ in best.values()), default=0.0)
        if top < SIMILAR:
            return []
        return [_match(index.names[number][0], tier, index.names[number][1].text, score)
                for score, number in best.values() if score == top]
    return []


def _of(entry: Entry, kinds: frozenset[str] | None) -> bool:
    return kinds is None or entry.kind in kinds


def _first_names(index: LabelIndex, numbers: Iterable[int], tier: str, kinds: frozenset[str] | None) -> list[Match]:
    """Each entity among the names ``numbers`` once, with its first such name (labels before alt names)."""
    first: dict[str, int] = {}
    for number in sorted(numbers):
        entry = index.names[number][0]
        if _of(entry, kinds):
            first.setdefault(entry.iri, number)
    return [_match(index.names[n][0], tier, index.names[n][1].text) for n in first.values()]


def _match(entry: Entry, tier: str, matched: str | None, score: float = 1.0) -> Match:
    zh = next((n.text for n in entry.names if n.source == "label" and n.lang == "zh"), None)
    en = next((n.text for n in entry.names if n.source == "label" and n.lang == "en"), None)
    return Match(entry.iri, entry.kind, tier, matched or "", score, zh, en)


def _answer(index: LabelIndex, value: str, kind: str | None, matches: list[Match], *,
            wrong_kind: bool = False) -> Resolution:
    ranked = sorted(matches, key=lambda m: (-m.score, m.kind, m.label_zh or m.label_en or m.iri))
    if len(ranked) > MAX_MATCHES:
        suggestions = [_suggestion(index, index.entries[m.iri]) for m in ranked[:MAX_SUGGESTIONS]]
        raise UnknownEntityError(value, suggestions, reason=f"{value!r} matches {len(ranked)} entities "
                                 f"({ranked[0].tier} match); name one of them")
    return Resolution(value, kind, tuple(ranked), wrong_kind)


def _by_iri(index: LabelIndex, value: str, iri: str, kind: str | None, wanted: frozenset[str] | None,
            understood: frozenset[str], exists: Callable[[str], bool]) -> Resolution:
    entry = index.entries.get(iri)
    if entry is None:
        if not exists(iri):
            raise UnknownEntityError(value, reason=f"nothing in the graph has the IRI {iri}")
        found_kind = (split_entity_iri(iri, index.base) or ("", ""))[0]
        if wanted is not None and found_kind not in wanted | understood:
            raise UnknownEntityError(value, reason=f"{value} is not of the kind {kind!r}")
        return Resolution(value, kind, (Match(iri, found_kind, "iri", value),),
                          wanted is not None and found_kind not in wanted)
    if wanted is None or entry.kind in wanted | understood:
        return Resolution(value, kind, (_match(entry, "iri", value),), wanted is not None and entry.kind not in wanted)
    suggestions = suggest(index, entry.label(), wanted, understood)
    raise UnknownEntityError(value, suggestions, reason=f"{value} is of the kind {entry.kind!r}, not {kind!r}")


def suggest(index: LabelIndex, text: str, wanted: frozenset[str] | None,
            understood: frozenset[str] = frozenset()) -> list[EntitySuggestion]:
    """Up to five entities whose names are near ``text`` (bigrams, or shared words), same kind first."""
    kinds = None if wanted is None else wanted | understood
    grams, words = bigrams(text), english_words(text)
    best: dict[str, float] = {}
    for number in index.sharing_any(index.by_gram, grams) | index.sharing_any(index.by_word, words):
        entry, name = index.names[number]
        if _of(entry, kinds):
            best[entry.iri] = max(best.get(entry.iri, 0.0), _nearness(grams, words, name))
    scored = []
    for iri, score in best.items():
        entry = index.entries[iri]
        if score >= SUGGESTED:
            scored.append((not _of(entry, wanted), -score, entry.label(), entry))
    scored.sort(key=lambda item: item[:3])
    return [_suggestion(index, entry) for *_, entry in scored[:MAX_SUGGESTIONS]]


def _nearness(grams: frozenset[str], words: frozenset[str], name: Name) -> float:
    shared_words = len(words & name.words) / len(words) if words and name.words else 0.0
    return max(similarity(grams, name.grams), 0.6 * shared_words)


def _suggestion(index: LabelIndex, entry: Entry) -> EntitySuggestion:
    """The entity as a suggestion; its value is its label where no other entity has that name, else its CURIE."""
    label = entry.label()
    alone = index.exact.get(("label", label), set()) | index.exact.get(("alt", label), set()) == {entry.iri}
    return EntitySuggestion(label, entry.iri, label if alone else entry.curie(index.base), entry.kind)
