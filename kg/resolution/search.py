"""Full-text search over the graph: entity names and every sentence of the document, for Chinese and English.

One :class:`SearchIndex` per label index (so per store and data version, cached as the label index is):
the names come from :class:`~kg.resolution.index.LabelIndex` (labels, altLabels, hiddenLabels with
their normal forms, words, jieba segments and bigrams); the sentences (``fikg:Sentence`` and their
``fikg:text``) and the entities that cite each one (``fikg:sourceSentence``) are read here, in SPARQL
through the store interface, and indexed the same way: jieba segments, character bigrams (so a term
in the middle of a sentence, 海水制氢 or 固态储氢, is found whatever jieba cut) and English words. A
hit's tier orders the answer (:data:`SEARCH_TIERS`): an exact label, then a label containing the
query, then an altLabel (equal or containing), then a sentence; within a tier the closer match first.
:meth:`SearchIndex.suggest` (autocomplete) reads sorted name forms and name segments by prefix, so
its cost does not grow with the graph. :func:`search_index_async` builds off the event loop.
"""

from __future__ import annotations

import heapq
import threading
import weakref
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

import anyio

from kg.rdf.model import Literal
from kg.rdf.vocab import ONTOLOGY_NS, PREFIXES, entity_prefix
from kg.resolution.index import Entry, LabelIndex, Name, Postings, holding_all, label_index, postings
from kg.resolution.normalise import bigrams, english_words, has_han, normal_form, segments
from kg.resolution.resolver import accepted_kinds
from kg.store.base import Store

SEARCH_TIERS = ("exact", "label", "alt", "sentence")
MAX_LIMIT = 100
MAX_SUGGESTIONS = 10
_SENTENCES = f"""
SELECT ?sentence ?text ?position ?label ?prefix WHERE {{
  ?sentence a <{ONTOLOGY_NS}Sentence> ; <{ONTOLOGY_NS}text> ?text .
  OPTIONAL {{ ?sentence <{ONTOLOGY_NS}documentPosition> ?position }}
  OPTIONAL {{ ?sentence <{PREFIXES["rdfs"]}label> ?label }}
  FILTER(isIRI(?sentence) && STRSTARTS(STR(?sentence), ?prefix))
}}"""
_CITED = f"""
SELECT DISTINCT ?entity ?sentence ?prefix WHERE {{
  ?entity <{ONTOLOGY_NS}sourceSentence> ?sentence .
  FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), ?prefix))
}}"""


@dataclass
class Sentence:
    """A sentence of the document: its text (and forms), labels, place, and the entities it states facts about."""

    iri: str
    text: str
    form: str
    words: frozenset[str]
    tokens: frozenset[str]
    position: int
    labels: dict[str, str]
    entities: list[str]


@dataclass(frozen=True)
class Hit:
    """One search result: an entity (or a sentence), how it matched (``tier``), the text that matched."""

    iri: str
    kind: str
    tier: str
    matched: str
    score: float
    labels: dict[str, str]
    sentence: str | None = None  # for a sentence hit: the sentence's IRI (also ``iri``)
    entities: tuple[str, ...] = ()  # for a sentence hit: the entities it states facts about

    @property
    def rank(self) -> int:
        return SEARCH_TIERS.index(self.tier) + 1


@dataclass(frozen=True)
class Query:
    """A query's forms, computed once."""

    text: str
    form: str
    words: frozenset[str]
    tokens: frozenset[str]
    grams: frozenset[str]
    han: bool

    @classmethod
    def of(cls, text: str) -> Query:
        han = has_han(text)
        return cls(text, normal_form(text), english_words(text), segments(text) if han else frozenset(),
                   bigrams(text), han)


class SearchIndex:
    """Names (from the label index) and sentences, with postings of their segments, bigrams and words."""

    def __init__(self, labels: LabelIndex, sentences: list[Sentence]) -> None:
        self.labels = labels
        self.sentences = sentences
        self.by_iri = {s.iri: s for s in sentences}
        by_gram, by_word, by_token = postings(), postings(), postings()
        for number, sentence in enumerate(sentences):
            for gram in bigrams(sentence.text):
                by_gram[gram].append(number)
            for word in sentence.words:
                by_word[word].append(number)
            for token in sentence.tokens:
                by_token[token].append(number)
        self.by_gram: Postings = dict(by_gram)
        self.by_word: Postings = dict(by_word)
        self.by_token: Postings = dict(by_token)
        # autocomplete: every name form and every name segment/word, sorted, for prefix reads by bisection
        self.forms = sorted((name.form, number) for number, (_, name) in enumerate(labels.names) if name.form)
        keys = {(key, number) for number, (_, name) in enumerate(labels.names)
                for key in name.tokens | name.words}
        self.keys = sorted(keys)

    # --- search -----------------------------------------------------------------------------------

    def search(self, text: str, kind: str | None = None, limit: int = 10) -> list[Hit]:
        """The best ``limit`` hits for ``text``, of ``kind`` (a parameter kind, an IRI kind or ``sentence``).

        Every candidate is ranked by a cheap key first (tier, closeness, IRI); only the best ``limit``
        become :class:`Hit`: a one-character query can match most names of a big graph."""
        query = Query.of(text.strip())
        limit = max(0, min(limit, MAX_LIMIT))
        if not query.form or not limit:
            return []
        wanted = None if kind is None else accepted_kinds(kind)
        keys: list[tuple[int, float, str, int]] = []  # (tier, -closeness, IRI, name number or -1 - sentence number)
        if wanted is None or wanted - {"sentence"}:
            keys.extend(self._name_keys(query, wanted))
        if wanted is None or "sentence" in wanted:
            keys.extend(self._sentence_keys(query))
        return [self._hit(key) for key in heapq.nsmallest(limit, keys)]

    def _name_keys(self, query: Query, wanted: frozenset[str] | None) -> Iterable[tuple[int, float, str, int]]:
        index = self.labels
        numbers = index.holding_all(index.by_gram, query.grams) if query.han else set()  # Latin: by words
        if query.words:
            numbers |= index.holding_all(index.by_word, query.words)
        if query.tokens:
            numbers |= index.holding_all(index.by_token, query.tokens)
        numbers |= set(index.by_form.get(query.form, ()))
        best: dict[str, tuple[int, float, str, int]] = {}
        for number in numbers:
            entry, name = index.names[number]
            if wanted is not None and entry.kind not in wanted:
                continue
            matched = _name_match(query, name)
            if matched is not None:
                key = (SEARCH_TIERS.index(matched[0]), -matched[1], entry.iri, number)
                if entry.iri not in best or key < best[entry.iri]:
                    best[entry.iri] = key
        return best.values()

    def _sentence_keys(self, query: Query) -> Iterable[tuple[int, float, str, int]]:
        if query.han:
            numbers = holding_all(self.by_gram, query.grams) if len(query.form) > 1 else set()
        else:
            numbers = holding_all(self.by_word, query.words)
        tier = SEARCH_TIERS.index("sentence")
        for number in numbers:
            sentence = self.sentences[number]
            if query.han and query.form in sentence.form:  # a phrase, not bigrams scattered over the sentence
                whole_words = bool(query.tokens) and query.tokens <= sentence.tokens
                score = (2.0 if whole_words else 1.0) - sentence.position / 1e6
            elif query.words and not query.han and query.words <= sentence.words:
                score = 0.5 - sentence.position / 1e6
            else:
                continue
            yield (tier, -score, sentence.iri, -1 - number)

    def _hit(self, key: tuple[int, float, str, int]) -> Hit:
        tier, score, _, number = SEARCH_TIERS[key[0]], -key[1], key[2], key[3]
        if number < 0:
            sentence = self.sentences[-1 - number]
            return Hit(sentence.iri, "sentence", tier, sentence.text, score, sentence.labels,
                       sentence=sentence.iri, entities=tuple(sentence.entities))
        entry, name = self.labels.names[number]
        return Hit(entry.iri, entry.kind, tier, name.text, score, _labels(entry))

    # --- autocomplete -----------------------------------------------------------------------------

    def suggest(self, text: str, kind: str | None = None, limit: int = MAX_SUGGESTIONS) -> list[Hit]:
        """Up to ``limit`` (≤ 10) entities one of whose names starts with ``text``, or has a segment or
        word that does: the name's own prefix first, then shorter names."""
        form = normal_form(text.strip())
        limit = max(0, min(limit, MAX_SUGGESTIONS))
        if not form or not limit:
            return []
        wanted = None if kind is None else accepted_kinds(kind)
        index = self.labels
        scored: dict[str, tuple[tuple[int, int, str], Hit]] = {}
        for rank, numbers in ((0, _prefixed(self.forms, form)), (1, _prefixed(self.keys, form))):
            for number in numbers:
                entry, name = index.names[number]
                if entry.iri in scored or (wanted is not None and entry.kind not in wanted):
                    continue
                tier = "exact" if name.form == form and name.source == "label" else (
                    "label" if name.source == "label" else "alt")
                key = (rank if name.form != form else -1, len(name.form), entry.iri)
                scored[entry.iri] = (key, Hit(entry.iri, entry.kind, tier, name.text, 1.0, _labels(entry)))
                if len(scored) >= limit * 8:  # enough to pick the closest from
                    break
            if len(scored) >= limit:
                break
        return [hit for _, hit in sorted(scored.values(), key=lambda pair: pair[0])][:limit]


def _name_match(query: Query, name: Name) -> tuple[str, float] | None:
    """How ``name`` matches the query: (tier, closeness), or None."""
    closeness = len(query.form) / max(len(name.form), 1)
    if name.form == query.form:
        return ("exact", 1.0) if name.source == "label" else ("alt", 2.0)
    if query.han and query.form in name.form:  # Latin only by whole words: "sic" is not in "basic research"
        contained = closeness
    elif (query.words and not query.han and query.words <= name.words) or (
            query.tokens and query.tokens <= name.tokens):
        contained = closeness / 2
    elif query.han and query.grams <= name.grams:
        contained = closeness / 4
    else:
        return None
    return ("label", contained) if name.source == "label" else ("alt", contained)


def _prefixed(pairs: list[tuple[str, int]], prefix: str) -> Iterable[int]:
    """The numbers of the (text, number) pairs whose text starts with ``prefix``, in order."""
    at = bisect_left(pairs, (prefix, -1))
    while at < len(pairs) and pairs[at][0].startswith(prefix):
        yield pairs[at][1]
        at += 1


def _labels(entry: Entry) -> dict[str, str]:
    labels = {}
    for name in entry.names:
        if name.source == "label" and name.lang in ("zh", "en") and name.lang not in labels:
            labels[name.lang] = name.text
    return labels


def build_search_index(store: Store, labels: LabelIndex) -> SearchIndex:
    """Read the sentences and the entities citing them (two SELECTs) and index them beside the names."""
    prefix = Literal(entity_prefix(labels.base))
    by_iri: dict[str, Sentence] = {}
    for row in store.select(_SENTENCES, prefix=prefix):
        iri = row["sentence"].value
        sentence = by_iri.get(iri)
        if sentence is None:
            text = row["text"].value
            position = row.get("position")
            sentence = by_iri[iri] = Sentence(
                iri, text, normal_form(text), english_words(text),
                segments(text) if has_han(text) else frozenset(),
                int(position.value) if position is not None and position.value.isdigit() else 0, {}, [])
        label = row.get("label")
        if label is not None:
            sentence.labels.setdefault(getattr(label, "language", None) or "zh", label.value)
    for row in store.select(_CITED, prefix=prefix):
        sentence = by_iri.get(row["sentence"].value)
        entity = row["entity"].value
        if sentence is not None and entity in labels.entries:  # named entities, not n-ary nodes
            sentence.entities.append(entity)
    for sentence in by_iri.values():
        sentence.entities.sort()
    return SearchIndex(labels, sorted(by_iri.values(), key=lambda s: (s.position, s.iri)))


_CACHE: weakref.WeakKeyDictionary[LabelIndex, SearchIndex] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def search_index(store: Store, base: str) -> SearchIndex:
    """The store's search index for its current data version: built once per label index (which is
    itself built once per data version), concurrent callers waiting for one build."""
    labels = label_index(store, base)
    found = _CACHE.get(labels)
    if found is not None:
        return found
    with _LOCK:
        found = _CACHE.get(labels)
        if found is None:
            found = _CACHE[labels] = build_search_index(store, labels)
        return found


async def search_index_async(store: Store, base: str) -> SearchIndex:
    """:func:`search_index` for an event loop: a build runs in a worker thread."""
    return await anyio.to_thread.run_sync(search_index, store, base)
