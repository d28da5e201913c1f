"""kg.views over a tiny graph: IRIs to kinds, labels in both languages, summary, search, targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.resources.views import (
    Labels,
    labels_of,
    milestones,
    summarise,
    targets,
    values_block,
)
from kg.store.embedded import EmbeddedStore

DATA = Path(__file__).parents[2] / "data"
BASE = "https://w3id.org/fikg/"


@pytest.fixture
def store() -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.load(DATA / "pages.ttl", graph="https://w3id.org/fikg/graph/pages")
    return store


def test_labels_fall_back_to_the_other_language_and_say_which() -> None:
    only_zh = Labels(zh="氢能")
    assert only_zh.get("en") == "氢能" and only_zh.lang_of("en") == "zh"
    assert Labels(en="hydrogen").get("zh") == "hydrogen" and Labels(en="hydrogen").lang_of("zh") == "en"
    assert Labels().get("en", "slug") == "slug"


def test_values_block_refuses_what_is_not_an_iri() -> None:
    assert values_block("e", ["http://a/1", "http://a/1"]) == "VALUES ?e { <http://a/1> }"
    with pytest.raises(ValueError):
        values_block("e", ["http://a/> } DROP ALL #"])


def test_labels_of_reads_both_languages(store: EmbeddedStore) -> None:
    labels = labels_of(store, [BASE + "id/agency/science-department", BASE + "id/nothing/here"])
    assert labels == {BASE + "id/agency/science-department":
                      Labels("省科技厅", "Provincial Department of Science and Technology")}


def test_summary_counts_entities_per_kind_and_names_the_document(store: EmbeddedStore) -> None:
    summary = summarise(store, BASE)
    kinds = dict(summary.kinds)
    assert kinds["technology"] == 1 and kinds["coverage"] == 1 and "sentence" not in kinds  # sentences are untyped
    assert summary.documents[0].identifier == "测〔2023〕1号"
    assert summary.documents[0].titles == Labels("测试文件", "Test document")
    assert summary.triples == store.count_triples()


def test_targets_are_grouped_by_measure_with_comparator_and_counted_things(store: EmbeddedStore) -> None:
    [group] = targets(store, BASE)
    assert group.owner.slug == "scenario-pull"
    [target] = group.targets
    assert (target.year, target.quantity, target.at_least, target.unit) == (2030, "50", True, "个")
    assert [c.labels.en for c in target.counts] == ["open application scenarios"]
    assert target.section == "三(三)" and "海水制氢" in target.sentence


def test_summary_follows_changes_to_the_store(store: EmbeddedStore) -> None:
    before = summarise(store, BASE)
    assert summarise(store, BASE) is before  # unchanged store: the same summary
    store.update("INSERT DATA { GRAPH <https://w3id.org/fikg/graph/pages> { <https://w3id.org/fikg/id/technology/"
                 "gallium-oxide> a <https://w3id.org/fikg/ontology#Technology> } }")
    after = summarise(store, BASE)
    assert dict(after.kinds)["technology"] == 2 and after.triples == before.triples + 1


def test_milestones_by_year(store: EmbeddedStore) -> None:
    [(year, [milestone])] = milestones(store, BASE)
    assert (year, milestone.slug, milestone.labels.zh) == (2030, "2030-07", "未来产业规模显著提升")
