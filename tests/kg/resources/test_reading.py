"""The reading view over the real graph: every sentence once, in document order, under its section, with
the entities it states facts about in the order the text names them."""

from __future__ import annotations

from kg.resources.reading import read_document
from kg.store.embedded import EmbeddedStore
from tests.helpers.built_graph import real_settings

ID = "https://w3id.org/fikg/id/"


def test_every_sentence_appears_once_in_document_order(real_store: EmbeddedStore) -> None:
    sections = read_document(real_store, real_settings().base_iri)
    sentences = [s.iri for section in sections for s in section.sentences]
    total = real_store.select("PREFIX fikg: <https://w3id.org/fikg/ontology#> "
                              "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a fikg:Sentence }")[0]["n"].value
    assert len(sentences) == len(set(sentences)) == int(total)
    numbers = [section.number for section in sections if section.number]
    assert numbers.index("三(三)") < numbers.index("三(四)") < numbers.index("四(一)") < numbers.index("四(三)")
    assert numbers.index("二(一)9") < numbers.index("二(一)10")  # numeric, not 1, 10, 2


def test_sections_know_their_depth(real_store: EmbeddedStore) -> None:
    depth = {s.number: s.depth for s in read_document(real_store, real_settings().base_iri) if s.number}
    assert (depth["三"], depth["三(三)"], depth["二(一)1"]) == (1, 2, 3)


def test_a_sentence_links_the_entities_it_states_facts_about_in_text_order(real_store: EmbeddedStore) -> None:
    sections = read_document(real_store, real_settings().base_iri)
    sentence = next(s for section in sections if section.number == "三(三)" for s in section.sentences
                    if s.text.startswith("围绕氢能、新型储能、量子科技"))
    iris = [e.iri for e in sentence.entities]
    hydrogen, storage, quantum = (ID + "industry/hydrogen-energy", ID + "industry/new-type-energy-storage",
                                  ID + "industry/quantum-science-and-technology")
    assert iris.index(hydrogen) < iris.index(storage) < iris.index(quantum)
    assert ID + "measure/strengthen-application-scenario-pull" in iris
    assert not any(e.kind in ("sentence", "coverage", "responsibility", "action") for e in sentence.entities)
