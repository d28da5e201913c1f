"""Kind names and the list of all entities of a kind, over the real graph."""

from __future__ import annotations

from kg.resources.kinds import kind_name, list_kind
from kg.resources.views import summarise
from kg.store.embedded import EmbeddedStore
from tests.helpers.built_graph import real_settings


def test_every_kind_of_the_graph_has_a_name_in_both_languages(real_store: EmbeddedStore) -> None:
    kinds = [kind for kind, _ in summarise(real_store, real_settings().base_iri).kinds]
    unnamed = [kind for kind in kinds if kind_name(kind).zh == kind]
    assert unnamed == []


def test_measures_are_listed_by_section_with_the_count(real_store: EmbeddedStore) -> None:
    listing = list_kind(real_store, real_settings().base_iri, "measure")
    sections = [place.section for _, place in listing.entities]
    assert sections == ["三(一)", "三(二)", "三(三)", "三(四)", "三(五)", "三(六)", "四(一)", "四(二)", "四(三)"]
    assert listing.total == 9 and listing.name.zh == "措施"


def test_a_kind_without_entities_lists_nothing(real_store: EmbeddedStore) -> None:
    assert list_kind(real_store, real_settings().base_iri, "no-such-kind").total == 0
