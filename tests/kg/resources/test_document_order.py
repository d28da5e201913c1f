"""Places in the document over the real graph: measures by section, parties by their numeric position."""

from __future__ import annotations

from kg.resources.document_order import places
from kg.store.embedded import EmbeddedStore

ID = "https://w3id.org/fikg/id/"


def test_measures_are_placed_by_their_section_and_carry_its_number(real_store: EmbeddedStore) -> None:
    measures = [ID + "measure/strengthen-application-scenario-pull", ID + "measure/increase-key-factor-support"]
    placed = places(real_store, measures)
    assert [placed[m].section for m in measures] == ["三(三)", "三(四)"]
    assert placed[measures[0]].key < placed[measures[1]].key


def test_responsible_parties_are_ordered_by_number_not_by_text(real_store: EmbeddedStore) -> None:
    parties = [ID + f"responsibility/strengthen-application-scenario-pull-{n}" for n in (1, 2, 9, 10, 11)]
    placed = places(real_store, parties)
    assert sorted(parties, key=lambda p: placed[p].key) == parties


def test_resources_the_document_does_not_place_are_left_out(real_store: EmbeddedStore) -> None:
    assert places(real_store, ["https://example.org/nowhere", "not an iri"]) == {}
