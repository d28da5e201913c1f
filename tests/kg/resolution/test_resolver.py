"""kg/resolution/resolver.py: every phrasing of tests/data/phrasings.tsv resolves as the gold set says; misses,
wrong kinds, vague names and IRIs answer as issue 16 asks."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kg.embedded import EmbeddedStore
from kg.errors import UnknownEntityError
from kg.resolution import resolve
from kg.vocab import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[3]
ID = DEFAULT_BASE + "id/"
with (ROOT / "tests" / "data" / "phrasings.tsv").open(encoding="utf-8", newline="") as _f:
    PHRASINGS = list(csv.DictReader(_f, delimiter="\t", quoting=csv.QUOTE_NONE))


def expand(curies: str) -> set[str]:
    return {ID + c.removeprefix("id:") for c in curies.split()}


@pytest.mark.parametrize("row", PHRASINGS, ids=[f"{r['parameter']}={r['phrasing']}" for r in PHRASINGS])
def test_gold_phrasing_resolves_to_its_concepts_by_its_tier(real_store: EmbeddedStore, row: dict[str, str]) -> None:
    if row["match"] == "none":
        with pytest.raises(UnknownEntityError):
            resolve(real_store, row["phrasing"], row["parameter"])
        return
    resolution = resolve(real_store, row["phrasing"], row["parameter"])
    assert set(resolution.iris) == expand(row["expected"])
    if row["match"] == "kind":
        assert resolution.wrong_kind and {m.kind for m in resolution.matches} == {"industry"}
    else:
        assert not resolution.wrong_kind and resolution.tier == row["match"]
    assert all(m.matched_label for m in resolution.matches)


def test_a_name_of_two_concepts_answers_both_with_the_names_that_matched(real_store: EmbeddedStore) -> None:
    resolution = resolve(real_store, "碳化硅", "technology")
    assert [(m.kind, m.tier, m.matched_label) for m in resolution.matches] == [
        ("material", "alt", "碳化硅"), ("technology", "alt", "碳化硅")]
    assert [m.rank for m in resolution.matches] == [3, 3]


def test_an_industry_given_as_a_technology_is_understood_and_marked(real_store: EmbeddedStore) -> None:
    resolution = resolve(real_store, "氢能", "technology")
    assert resolution.wrong_kind and resolution.iris == [ID + "industry/hydrogen-energy"]
    assert not resolve(real_store, "氢能", "industry").wrong_kind
    by_iri = resolve(real_store, "id:industry/hydrogen-energy", "technology")
    assert by_iri.wrong_kind and by_iri.tier == "iri"


def test_a_weak_match_of_the_kind_gives_way_to_an_exact_name_of_another(real_store: EmbeddedStore) -> None:
    resolution = resolve(real_store, "量子科技", "technology")  # words of technologies, the label of an industry
    assert resolution.wrong_kind and resolution.iris == [ID + "industry/quantum-science-and-technology"]


def test_a_miss_suggests_real_near_matches_with_the_value_that_selects_them(real_store: EmbeddedStore) -> None:
    with pytest.raises(UnknownEntityError) as caught:
        resolve(real_store, "海水淡化", "technology")
    [suggestion] = caught.value.suggestions
    assert (suggestion.label, suggestion.value, suggestion.kind) == ("海水制氢", "海水制氢", "technology")
    assert resolve(real_store, suggestion.value, "technology").iris == [suggestion.iri]
    with pytest.raises(UnknownEntityError) as caught:
        resolve(real_store, "quantum computer", "technology")
    kinds = [s.kind for s in caught.value.suggestions]
    assert 0 < len(kinds) <= 5 and kinds[-1] == "industry" and "industry" not in kinds[:-1]  # same kind first


def test_nothing_near_gives_no_suggestions_rather_than_unrelated_ones(real_store: EmbeddedStore) -> None:
    with pytest.raises(UnknownEntityError) as caught:
        resolve(real_store, "区块链", "technology")
    assert caught.value.suggestions == [] and "no entity named '区块链'" in str(caught.value)


def test_a_name_too_vague_to_choose_is_refused_with_suggestions(real_store: EmbeddedStore) -> None:
    with pytest.raises(UnknownEntityError, match="matches 13 entities") as caught:
        resolve(real_store, "技术", "technology")
    assert len(caught.value.suggestions) == 5


def test_iris_and_curies(real_store: EmbeddedStore) -> None:
    full = ID + "technology/hydrogen-production-from-seawater"
    assert resolve(real_store, full, "technology").iris == [full]
    assert resolve(real_store, "id:technology/hydrogen-production-from-seawater", "technology").iris == [full]
    with pytest.raises(UnknownEntityError, match="nothing in the graph has the IRI"):
        resolve(real_store, "id:technology/no-such-thing", "technology")
    with pytest.raises(UnknownEntityError, match="of the kind 'agency', not 'technology'"):
        resolve(real_store, "id:agency/provincial-department-of-finance", "technology")
    sentence = real_store.select("SELECT ?s WHERE { ?s a <https://w3id.org/fikg/ontology#Sentence> } LIMIT 1")[0]["s"]
    assert resolve(real_store, sentence.value).iris == [sentence.value]  # any entity: not indexed, but in the graph


def test_a_section_number_names_its_measure(real_store: EmbeddedStore) -> None:
    resolution = resolve(real_store, "三（三）", "measure")
    assert resolution.tier == "section" and resolution.matches[0].matched_label == "三(三)"
