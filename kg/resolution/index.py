"""The label index: every entity's names, read once per store and data version, with their text forms.

Read through :meth:`Store.select` (SPARQL), so it works over the embedded and the remote stores alike:
the ``rdfs:label`` and ``skos:prefLabel`` (a *label*), ``skos:altLabel``, ``skos:hiddenLabel`` and a
document's number ``eli:id_local`` (an *alt* name) of every entity under ``{base}id/``, its kind from the
IRI (``…/id/{kind}/{slug}``) and, for a measure, the section number of its provision. Sentences, provisions,
responsibilities and coverage nodes are left out: they are not what a parameter names. Each name keeps its normal form,
words, jieba segments and bigrams, computed here so that resolving a value costs no more than
comparing sets. :func:`label_index` caches one index per store and data version (a write through
the gate makes a new one; a remote engine's is refreshed in the background, as others may write it);
:func:`label_index_async` builds it in a thread, off the event loop.

Building the index reads and segments every name (seconds at a million triples), so it is built ahead
of the first query that needs it: :func:`warm_label_index` starts it in a background thread (the app
does when it starts, the write gate after each commit). After a write the index is not served stale — a
name the write added must resolve at once — but it need not be built again either: the previous
version's index is brought up to date with the commits since (:func:`kg.store.versions.quads_changed_since`),
re-reading the names of the entities whose labels they changed. A commit that changes a measure's
section (its provision or section number), or changes no longer kept, rebuild it whole.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import anyio

from kg.rdf.model import Literal, NamedNode, Quad
from kg.rdf.vocab import ONTOLOGY_NS, PREFIXES, entity_prefix
from kg.resolution.normalise import bigrams, english_words, has_han, normal_form, segments
from kg.sparql.binding import join_values
from kg.store.base import Store
from kg.store.versions import data_version, quads_changed_since

_BATCH = 200  # entities per VALUES block
UNNAMED_KINDS = frozenset({"sentence", "provision", "responsibility", "coverage"})
_LABEL_PROPERTIES = {
    PREFIXES["rdfs"] + "label": "label", PREFIXES["skos"] + "prefLabel": "label",
    PREFIXES["skos"] + "altLabel": "alt", PREFIXES["skos"] + "hiddenLabel": "alt",
    PREFIXES["eli"] + "id_local": "alt",  # a document's number (文号), as people cite it: 苏政发〔2023〕104号
}
_PROPERTY_TERMS = " ".join(f"<{p}>" for p in _LABEL_PROPERTIES)
_NAMES = f"""
SELECT ?entity ?property ?name ?prefix WHERE {{
  VALUES ?property {{ {_PROPERTY_TERMS} }}
  ?entity ?property ?name .
  FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), ?prefix))
}}"""
_SECTION_PREDICATES = frozenset({f"{ONTOLOGY_NS}provision", f"{ONTOLOGY_NS}describesMeasure",
                                 f"{ONTOLOGY_NS}sectionNumber"})
_NAMES_OF = f"""
SELECT ?entity ?property ?name WHERE {{
  VALUES ?property {{ {_PROPERTY_TERMS} }}
  ?entity ?property ?name .
}}"""
_SECTIONS = f"""
SELECT DISTINCT ?measure ?section ?prefix WHERE {{
  {{ ?measure <{ONTOLOGY_NS}provision> ?provision }} UNION {{ ?provision <{ONTOLOGY_NS}describesMeasure> ?measure }}
  ?provision <{ONTOLOGY_NS}sectionNumber> ?section .
  FILTER(STRSTARTS(STR(?measure), ?prefix))
}}"""


Postings = dict[str, "array[int]"]  # a key's numbers (of names, of sentences), ascending


def postings() -> defaultdict[str, array[int]]:
    """Empty postings, filled in ascending order of number (each key once per number): arrays of 4-byte
    numbers, where a number in a set costs ~50 bytes and a million-triple graph's names hold a million
    bigrams (issue 20 item 3: the label index's postings 81 -> 6 MiB at 1M). Never sets first: the
    memory of freed sets stays with the process."""
    return defaultdict(lambda: array("I"))


def holding_all(postings: Postings, keys: Iterable[str]) -> set[int]:
    """The numbers found under every one of ``keys`` (none for no keys), read from the rarest key up."""
    found: set[int] | None = None
    for key in sorted(keys, key=lambda k: len(postings.get(k, ()))):
        found = set(postings.get(key, ())) if found is None else found.intersection(postings.get(key, ()))
        if not found:
            return set()
    return found or set()


@dataclass(frozen=True, slots=True)
class Name:
    """One name of an entity, with the forms it is compared in."""

    text: str
    source: str  # "label" (rdfs:label, skos:prefLabel) or "alt" (skos:altLabel, skos:hiddenLabel)
    lang: str
    form: str
    words: frozenset[str]
    tokens: frozenset[str]
    grams: frozenset[str]

    @classmethod
    def of(cls, text: str, source: str, lang: str = "") -> Name:
        # a name without Chinese needs no jieba: a value with Chinese in it never matches its words anyway
        tokens = segments(text, search=True) if has_han(text) else frozenset()
        return cls(text, source, lang, normal_form(text), english_words(text), tokens, bigrams(text))


@dataclass(slots=True)
class Entry:
    """An entity as the index knows it: IRI, kind, names and (for a measure) its section number."""

    iri: str
    kind: str
    names: list[Name] = field(default_factory=list)
    section: str | None = None

    def label(self, lang: str = "zh") -> str:
        """The entity's rdfs:label in ``lang``, else in another language, else its first name."""
        labels = [n for n in self.names if n.source == "label"]
        for name in sorted(labels, key=lambda n: n.lang != lang):
            return name.text
        return self.names[0].text if self.names else self.iri

    def curie(self, base: str) -> str:
        return "id:" + self.iri.removeprefix(entity_prefix(base))


class LabelIndex:
    """The entities of one data version by IRI and by kind, with lookups of their names: exact texts,
    normal forms, and postings of words, segments and bigrams (so a lookup reads only the names that
    share something with the value, not every name of the graph)."""

    def __init__(self, base: str, entries: dict[str, Entry]) -> None:
        self.base = base
        self.entries = entries
        self.by_kind: dict[str, list[Entry]] = defaultdict(list)
        self.exact: dict[tuple[str, str], set[str]] = defaultdict(set)  # (source, text) → IRIs
        self.names: list[tuple[Entry, Name]] = []  # a name's number: its place here (an entry's names in order)
        self.by_form: dict[str, list[int]] = defaultdict(list)
        by_word, by_token, by_gram = postings(), postings(), postings()
        for entry in entries.values():
            self.by_kind[entry.kind].append(entry)
            for name in entry.names:
                number = len(self.names)
                self.names.append((entry, name))
                self.exact[(name.source, name.text)].add(entry.iri)
                self.by_form[name.form].append(number)
                for word in name.words:
                    by_word[word].append(number)
                for token in name.tokens:
                    by_token[token].append(number)
                for gram in name.grams:
                    by_gram[gram].append(number)
        self.by_word: Postings = dict(by_word)
        self.by_token: Postings = dict(by_token)
        self.by_gram: Postings = dict(by_gram)

    def holding_all(self, postings: Postings, keys: frozenset[str]) -> set[int]:
        """The numbers of the names that hold every one of ``keys`` (none for no keys)."""
        return holding_all(postings, keys)

    def sharing_any(self, postings: Postings, keys: frozenset[str]) -> set[int]:
        """The numbers of the names that hold at least one of ``keys``."""
        return set().union(*(postings.get(key, ()) for key in keys)) if keys else set()

    def kinds(self) -> list[str]:
        return sorted(self.by_kind)

    def candidates(self, kinds: frozenset[str] | None) -> list[Entry]:
        """The entries of these kinds (every entry for None)."""
        if kinds is None:
            return list(self.entries.values())
        return [entry for kind in sorted(kinds) for entry in self.by_kind.get(kind, ())]


def build_index(store: Store, base: str) -> LabelIndex:
    """Read every entity's names and sections from the store (two SELECTs) and compute their forms."""
    prefix = entity_prefix(base)
    entries: dict[str, Entry] = {}
    for row in store.select(_NAMES, prefix=Literal(prefix)):
        iri = row["entity"].value
        kind, _, slug = iri[len(prefix):].partition("/")
        if not kind or not slug or kind in UNNAMED_KINDS:
            continue
        name = row["name"]
        entry = entries.setdefault(iri, Entry(iri, kind))
        entry.names.append(Name.of(name.value, _LABEL_PROPERTIES[row["property"].value],
                                   getattr(name, "language", None) or ""))
    for row in store.select(_SECTIONS, prefix=Literal(prefix)):
        entry = entries.get(row["measure"].value)
        if entry is not None:
            entry.section = row["section"].value
    for entry in entries.values():
        _order(entry)
    return LabelIndex(base, entries)


def updated_index(store: Store, index: LabelIndex, changes: list[tuple[tuple[Quad, ...], tuple[Quad, ...]]]
                  ) -> LabelIndex | None:
    """``index`` brought up to date with ``changes`` (commits since its version), the names of the entities
    whose labels they touch read again from ``store``; None when a change touches a measure's section."""
    prefix = entity_prefix(index.base)
    touched: set[str] = set()
    for added, removed in changes:
        for quad in (*added, *removed):
            predicate, subject = quad.predicate.value, quad.subject
            if predicate in _SECTION_PREDICATES:
                return None
            if predicate in _LABEL_PROPERTIES and isinstance(subject, NamedNode) and subject.value.startswith(prefix):
                touched.add(subject.value)
    if not touched:
        return index
    entries = dict(index.entries)
    fresh: dict[str, Entry] = {}
    for iri in touched:
        kind, _, slug = iri[len(prefix):].partition("/")
        entries.pop(iri, None)
        if kind and slug and kind not in UNNAMED_KINDS:
            old = index.entries.get(iri)
            fresh[iri] = Entry(iri, kind, section=old.section if old else None)
    ordered = sorted(fresh)
    rows = [row for start in range(0, len(ordered), _BATCH) for row in store.select(
        join_values(_NAMES_OF, ["entity"], [[NamedNode(iri)] for iri in ordered[start:start + _BATCH]]))]
    for row in rows:
        name = row["name"]
        fresh[row["entity"].value].names.append(
            Name.of(name.value, _LABEL_PROPERTIES[row["property"].value], getattr(name, "language", None) or ""))
    for entry in fresh.values():
        if entry.names:
            _order(entry)
            entries[entry.iri] = entry
    return LabelIndex(index.base, entries)


def _order(entry: Entry) -> None:
    entry.names.sort(key=lambda n: (n.source != "label", n.lang != "zh", n.text))


REFRESH_SECONDS = 60.0  # how old an index of a store that others can write (a remote engine) may be
_CACHE: weakref.WeakKeyDictionary[Store, tuple[tuple[int, str], LabelIndex, float]] = weakref.WeakKeyDictionary()
_LOCKS: weakref.WeakKeyDictionary[Store, threading.Lock] = weakref.WeakKeyDictionary()
_REFRESHING: weakref.WeakSet[Store] = weakref.WeakSet()
_GUARD = threading.Lock()
log = logging.getLogger("kg.resolution")


def label_index(store: Store, base: str) -> LabelIndex:
    """The store's index for its current data version, built once (concurrent callers wait for one build).

    An embedded store changes only through this process (its writes bump the data version; a build
    publishes a new store). A remote engine can be written by others (``kg build`` from another
    machine): its index is rebuilt in the background once it is :data:`REFRESH_SECONDS` old, and the
    previous one answers meanwhile.
    """
    key = (data_version(store), base)
    cached = _CACHE.get(store)
    if cached is not None and cached[0] == key:
        if not store.in_process and time.monotonic() - cached[2] > REFRESH_SECONDS:
            _refresh_in_background(store, base, key)
        return cached[1]
    with _GUARD:
        lock = _LOCKS.setdefault(store, threading.Lock())
    with lock:
        cached = _CACHE.get(store)
        if cached is not None and cached[0] == key:
            return cached[1]
        index = None
        if cached is not None and cached[0][1] == base:
            changes = quads_changed_since(store, cached[0][0])
            index = updated_index(store, cached[1], changes) if changes is not None else None
        if index is None:
            index = build_index(store, base)
        _CACHE[store] = (key, index, time.monotonic() if cached is None or index is not cached[1] else cached[2])
        return index


def warm_label_index(store: Store, base: str, *, if_built: bool = False) -> threading.Thread | None:
    """Build (or bring up to date) the store's index in a background thread, so the first query that needs
    it does not wait for it; a query that comes meanwhile waits for that one build, never starts another.
    With ``if_built`` (after a write) only an index that exists is brought up to date: a store nobody has
    resolved a name in is not indexed for nothing (None then)."""
    if if_built and store not in _CACHE:
        return None

    def warm() -> None:
        try:
            label_index(store, base)
        except Exception as exc:  # an engine that is down: the first query builds it, or reports why
            log.warning("label index not warmed: %s", exc)

    thread = threading.Thread(target=warm, name="label-index-warm", daemon=True)
    thread.start()
    return thread


def _refresh_in_background(store: Store, base: str, key: tuple[int, str]) -> None:
    with _GUARD:
        if store in _REFRESHING:
            return
        _REFRESHING.add(store)

    def refresh() -> None:
        try:
            index = build_index(store, base)
        except Exception as exc:  # an engine that is down: keep the index, try again after REFRESH_SECONDS
            log.warning("label index not refreshed: %s", exc)
            cached = _CACHE.get(store)
            if cached is not None:
                _CACHE[store] = (cached[0], cached[1], time.monotonic())
        else:
            if data_version(store) == key[0]:  # a write of ours meanwhile has made its own index
                _CACHE[store] = (key, index, time.monotonic())
        finally:
            with _GUARD:
                _REFRESHING.discard(store)

    threading.Thread(target=refresh, name="label-index-refresh", daemon=True).start()


async def label_index_async(store: Store, base: str) -> LabelIndex:
    """:func:`label_index` for an event loop: a build runs in a worker thread."""
    return await anyio.to_thread.run_sync(label_index, store, base)
